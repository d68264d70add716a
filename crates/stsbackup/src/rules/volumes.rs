//! Volume sizes: the temporary volumes of backup and restore, and MinIO's own volume.

use super::{Context, Family, Rule};
use crate::finding::Severity;

/// The rules of this family and the check that finds them on the typed model.
pub(super) const FAMILY: Family = Family {
    rules: &[&VOLUME_SIZE],
    check: Some(check),
};

pub(crate) const VOLUME_SIZE: Rule = Rule {
    code: "SB610",
    name: "volume-size",
    severity: Severity::Error,
    summary: "A volume size is not a Kubernetes quantity (`500Gi`, `100G`).",
    explanation: r#"## What it does
Checks `backup.stackGraph.scheduled.tempData.size`, `backup.stackGraph.restore.tempData.size`
and `minio.persistence.size`: a positive Kubernetes quantity, a number with an optional suffix
(`Ki Mi Gi Ti Pi Ei`, `k M G T P E`, or an exponent). A value with a Helm template (`{{ ... }}`,
the chart's default) is rendered by the chart and not checked here.

## Why is this bad?
Kubernetes refuses the PersistentVolumeClaim (`quantities must match the regular expression`),
so the backup or restore Job never starts, or MinIO has no volume.

## Example
```yaml
minio:
  persistence:
    size: 500GB
```

## Use instead
```yaml
    size: 500Gi
```
"#,
};

/// Whether a text is a Kubernetes `resource.Quantity` greater than zero.
pub(crate) fn is_positive_quantity(text: &str) -> bool {
    let (number, suffix) = match text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '+'))
    {
        Some(at) => text.split_at(at),
        None => (text, ""),
    };
    let number = number.strip_prefix('+').unwrap_or(number);
    let digits_ok = !number.is_empty()
        && number.chars().filter(|c| *c == '.').count() <= 1
        && number.chars().any(|c| c.is_ascii_digit())
        && number.chars().all(|c| c.is_ascii_digit() || c == '.');
    let suffix_ok = matches!(
        suffix,
        "" | "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" | "m" | "k" | "M" | "G" | "T" | "P" | "E"
    ) || suffix
        .strip_prefix(['e', 'E'])
        .map(|exponent| exponent.strip_prefix(['+', '-']).unwrap_or(exponent))
        .is_some_and(|digits| !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()));
    let positive = number.chars().any(|c| c.is_ascii_digit() && c != '0');
    digits_ok && suffix_ok && positive
}

fn check(cx: &mut Context<'_>) {
    let sizes = [
        (
            "backup.stackGraph.scheduled.tempData.size",
            cx.values
                .backup
                .stack_graph
                .scheduled
                .temp_data
                .size
                .clone(),
        ),
        (
            "backup.stackGraph.restore.tempData.size",
            cx.values.backup.stack_graph.restore.temp_data.size.clone(),
        ),
        (
            "minio.persistence.size",
            cx.values.minio.persistence.size.clone(),
        ),
    ];
    for (path, size) in sizes {
        if size.contains("{{") || is_positive_quantity(size.trim()) {
            continue;
        }
        let help = match size.trim().strip_suffix('B') {
            Some(without) if is_positive_quantity(without) => format!(
                "write `{without}i` (binary) or `{without}` (decimal): Kubernetes has no `B` suffix"
            ),
            _ => "for example `500Gi`".to_owned(),
        };
        cx.report(
            &VOLUME_SIZE,
            path,
            format!("`{size}` is not a Kubernetes quantity: the PersistentVolumeClaim is refused"),
            Some(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::is_positive_quantity;

    #[test]
    fn quantities() {
        for ok in [
            "500Gi",
            "1Ti",
            "100G",
            "1.5Gi",
            "1e3",
            "128974848",
            "+1Gi",
            "0.5Ti",
        ] {
            assert!(is_positive_quantity(ok), "{ok}");
        }
        for bad in [
            "500GB", "500 Gi", "", "Gi", "0", "0Gi", "-1Gi", "1.2.3Gi", "1gi", "ten",
        ] {
            assert!(!is_positive_quantity(bad), "{bad}");
        }
    }
}
