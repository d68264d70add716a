//! ClickHouse's backup settings outside the schedules: `clickhouse.backup.config.tables`, the
//! table patterns the backup CronJobs hand to clickhouse-backup (stackstate-k8s 1.11.0 and
//! later).
//!
//! The chart writes the value into a double-quoted YAML string (`value: "{{ ...tables }}"`),
//! and the CronJob's script puts it unencoded into a URL:
//! `curl ... /backup/create?name=...&table="$BACKUP_TABLES"&callback=...`. clickhouse-backup's
//! API reads the `table` query parameter and, to choose the tables of a backup, turns the list
//! into one regular expression for ClickHouse's `match()` (`.` → `\.`, `,` → `|`, `*` → `.*`,
//! `?` → `.`, spaces and `'` deleted; `pkg/clickhouse/clickhouse.go`, `prepareAllTablesSQL`).

use super::{Context, Family, Rule};
use crate::finding::Severity;
use crate::generation::{Generation, Generations};

/// The rules of this family and the check that finds them on the typed model.
pub(super) const FAMILY: Family = Family {
    rules: &[
        &TABLES_CHARACTERS,
        &TABLES_EVERYTHING,
        &CLICKHOUSE_NOT_INSTALLED,
    ],
    check: Some(check),
};

pub(crate) const TABLES_CHARACTERS: Rule = Rule {
    code: "SB621",
    name: "clickhouse-tables-characters",
    severity: Severity::Error,
    generations: Generations::from(Generation::D1),
    summary: "`clickhouse.backup.config.tables` has a character the backup request or clickhouse-backup cannot take: the ClickHouse backups fail or back up other tables.",
    explanation: r#"## What it does
Checks `clickhouse.backup.config.tables`, a comma-separated list of `database.table` patterns
with `?` and `*` as wildcards, for characters other than letters, digits, `_`, `-`, `.`, `?`,
`*` and the separating `,`.

## Why is this bad?
The ClickHouse backup CronJobs run `curl ... /backup/create?...&table="$BACKUP_TABLES"&...`,
with the value unencoded in the URL, and clickhouse-backup turns the patterns into a regular
expression. Checked with curl 7.88 and clickhouse-backup's source:

* a space: curl refuses the URL (exit 3), so every full and incremental backup fails;
* `{a,b}` or `[...]`: curl's URL globbing sends one request per expansion, or refuses the URL;
* `&` ends the `table` parameter, `+` is read as a space, `%` starts an escape;
* `#` starts the URL's fragment: the `callback` that uploads the backup is cut off, and the
  backup is made on the ClickHouse volume and never uploaded;
* `"` or `\` break the double-quoted string the chart renders the value into;
* `(`, `)`, `|`, `^`, `$` reach ClickHouse's `match()` as regular-expression syntax.

## Example
```yaml
clickhouse:
  backup:
    config:
      tables: "otel.*, default.*"
```

## Use instead
```yaml
      tables: "otel.*,default.*"
```
"#,
};

pub(crate) const TABLES_EVERYTHING: Rule = Rule {
    code: "SB622",
    name: "clickhouse-tables-everything",
    severity: Severity::Warning,
    generations: Generations::from(Generation::D1),
    summary: "An empty `clickhouse.backup.config.tables`, or an empty pattern in it, backs up every table of every database.",
    explanation: r#"## What it does
Reports an empty `clickhouse.backup.config.tables` and an empty item in the list (`otel.*,`,
`a.*,,b.*`).

## Why is this bad?
An empty value sends no table filter, and clickhouse-backup backs up every table of every
database but `system` and `INFORMATION_SCHEMA`. An empty item does the same: clickhouse-backup
joins the patterns into one regular expression (`otel\..*|`) whose empty alternative matches
every name. The backups work, but they hold far more than the chart's `otel.*` and fill the
bucket sooner (the chart keeps `keep_remote` backups, full and incremental).

## Example
```yaml
clickhouse:
  backup:
    config:
      tables: "otel.*,"
```

## Use instead
```yaml
      tables: "otel.*"
```
"#,
};

pub(crate) const CLICKHOUSE_NOT_INSTALLED: Rule = Rule {
    code: "SB624",
    name: "clickhouse-not-installed",
    severity: Severity::Error,
    generations: Generations::range(Generation::D1, Generation::D2),
    summary: "`clickhouse.backup.enabled: true` with `clickhouse.enabled: false`: ClickHouse is not installed, and no ClickHouse backup is made.",
    explanation: r#"## What it does
Reports, on stackstate-k8s and suse-observability up to 2.6.x, backups enabled with
`clickhouse.backup.enabled: true` in a file that writes `clickhouse.enabled: false`.

`false` is also the default of stackstate-k8s and of suse-observability 2.0.x. A file that
leaves `clickhouse.enabled` out is not reported: a backup values file is usually layered over
the main one, which decides whether ClickHouse is installed. On those releases, check that it
sets `clickhouse.enabled: true`.

## Why is this bad?
Without ClickHouse there is nothing for its backup to call. stackstate-k8s 1.11.x still
renders the two ClickHouse backup CronJobs (they are gated by `backup.enabled` and
`clickhouse.backup.enabled` only): every run calls the backup service
`stackstate-clickhouse-backup:7171`, which is rendered only with ClickHouse, and fails.
suse-observability 2.6.x gates the CronJobs on `clickhouse.enabled` too: nothing fails and
nothing is backed up. Either way the switch that reads "back ClickHouse up" does nothing.

## Example
```yaml
backup:
  enabled: true
clickhouse:
  backup:
    enabled: true
```

## Use instead
```yaml
backup:
  enabled: true
clickhouse:
  enabled: true
  backup:
    enabled: true
```
"#,
};

/// Why clickhouse-backup's request cannot take a character of a table pattern, or `None` for
/// the characters of a pattern: letters, digits, `_`, `-`, `.` and the wildcards `?` and `*`.
fn refused_character(c: char) -> Option<&'static str> {
    if c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '?' | '*') {
        return None;
    }
    Some(match c {
        c if c.is_whitespace() => {
            "the backup CronJob puts the patterns unencoded into curl's URL, and curl refuses a URL with a space (exit 3): every ClickHouse backup fails"
        }
        '{' | '}' | '[' | ']' => {
            "curl reads `{}` and `[]` in the URL as globbing: it sends one backup request per expansion, or refuses the URL"
        }
        '&' => {
            "`&` ends the `table` parameter of the backup request: clickhouse-backup sees only the patterns before it"
        }
        '#' => {
            "`#` starts the URL's fragment: the `callback` that uploads the backup is cut off, so the backup is made and never uploaded"
        }
        '+' => {
            "`+` in the backup request's URL is read as a space, which clickhouse-backup deletes"
        }
        '%' => {
            "`%` in the backup request's URL starts a percent-escape: the pattern is decoded, or dropped when the escape is invalid"
        }
        '"' | '\\' => {
            "the chart renders the value into a double-quoted YAML string: the quote or backslash breaks it"
        }
        '(' | ')' | '|' | '^' | '$' => {
            "clickhouse-backup hands the patterns to ClickHouse's `match()` as a regular expression: this is regular-expression syntax there, not a character of a table name"
        }
        _ => {
            "this is not a character of a ClickHouse table pattern (letters, digits, `_`, `-`, `.`, `?` and `*`)"
        }
    })
}

/// One problem of a `tables` value: the byte range in the value, and what is wrong.
#[derive(Debug, PartialEq, Eq)]
enum TablesProblem {
    /// The whole value is empty (or only spaces are written around nothing).
    Empty,
    /// An item between commas is empty.
    EmptyItem(std::ops::Range<usize>),
    /// A character clickhouse-backup's request cannot take.
    Refused(std::ops::Range<usize>, char, &'static str),
}

/// The problems of a `tables` value, in order: at most one refused character per item.
fn tables_problems(tables: &str) -> Vec<TablesProblem> {
    if tables.is_empty() {
        return vec![TablesProblem::Empty];
    }
    let mut problems = Vec::new();
    let mut start = 0;
    for item in tables.split(',') {
        let range = start..start + item.len();
        start = range.end + 1;
        // Surrounding spaces are refused characters (curl), not an empty item.
        if item.is_empty() {
            problems.push(TablesProblem::EmptyItem(range.start..range.start));
            continue;
        }
        if let Some((offset, c, why)) = item
            .char_indices()
            .find_map(|(offset, c)| refused_character(c).map(|why| (offset, c, why)))
        {
            let at = range.start + offset;
            problems.push(TablesProblem::Refused(at..at + c.len_utf8(), c, why));
        }
    }
    problems
}

fn check(cx: &mut Context<'_>) {
    if cx.backups_enabled()
        && cx.values.clickhouse.backup.enabled == Some(true)
        // Written off: where it is left out, the main values file layered under this one
        // decides (the default is off up to 2.0.x).
        && cx.values.clickhouse.enabled == Some(false)
    {
        let mut what = Vec::new();
        if cx.generations.contains(Generation::D1) {
            what.push("stackstate-k8s 1.11.x renders the ClickHouse backup CronJobs anyway, and every run fails calling the backup service that only ClickHouse brings");
        }
        if cx.generations.contains(Generation::D2) {
            what.push("suse-observability 2.x renders no ClickHouse backup CronJob");
        }
        cx.report(
            &CLICKHOUSE_NOT_INSTALLED,
            "clickhouse.backup.enabled",
            format!("ClickHouse is not installed (`clickhouse.enabled` is off), so no ClickHouse backup is made: {}", what.join("; ")),
            Some("set `clickhouse.enabled: true` to install ClickHouse, or delete `clickhouse.backup.enabled`".into()),
        );
    }

    const PATH: &str = "clickhouse.backup.config.tables";
    let Some(tables) = cx.values.clickhouse.backup.config.tables.as_deref() else {
        return;
    };
    for problem in tables_problems(tables) {
        match problem {
            TablesProblem::Empty => cx.report(
                &TABLES_EVERYTHING,
                PATH,
                "an empty `tables` sends no table filter: clickhouse-backup backs up every table of every database but `system` and `INFORMATION_SCHEMA`",
                Some("write the patterns to back up, such as the chart's `otel.*`".into()),
            ),
            TablesProblem::EmptyItem(range) => cx.report_within(
                &TABLES_EVERYTHING,
                PATH,
                range,
                "an empty pattern between commas matches every table: clickhouse-backup joins the patterns into one regular expression, and its empty alternative matches every name",
                Some("delete the stray comma".into()),
            ),
            TablesProblem::Refused(range, c, why) => cx.report_within(
                &TABLES_CHARACTERS,
                PATH,
                range,
                format!("{:?} in `tables`: {why}", c),
                Some("write `database.table` patterns separated by commas alone, with `?` and `*` as wildcards (`otel.*,default.events`)".into()),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{TablesProblem, tables_problems};

    #[test]
    fn the_charts_default_and_plain_lists_are_fine() {
        for tables in ["otel.*", "otel.*,default.events", "db_1.t?ble", "my-db.*"] {
            assert_eq!(tables_problems(tables), [], "{tables}");
        }
    }

    #[test]
    fn empty_values_and_items_back_up_everything() {
        assert_eq!(tables_problems(""), [TablesProblem::Empty]);
        assert_eq!(tables_problems("otel.*,"), [TablesProblem::EmptyItem(7..7)]);
        assert_eq!(tables_problems(",otel.*"), [TablesProblem::EmptyItem(0..0)]);
        assert_eq!(
            tables_problems("a.*,,b.*"),
            [TablesProblem::EmptyItem(4..4)]
        );
    }

    #[test]
    fn refused_characters_point_at_themselves() {
        let problems = tables_problems("otel.*, default.*");
        assert!(matches!(problems.as_slice(), [TablesProblem::Refused(r, ' ', _)] if *r == (7..8)));
        for (tables, c) in [
            ("otel.{a,b}", '{'),
            ("a&b.*", '&'),
            ("a#b.*", '#'),
            ("a+b.*", '+'),
            ("a%20.*", '%'),
            ("a\"b.*", '"'),
            ("a(b).*", '('),
            ("a;b.*", ';'),
        ] {
            assert!(
                tables_problems(tables)
                    .iter()
                    .any(|p| matches!(p, TablesProblem::Refused(_, found, _) if *found == c)),
                "{tables}"
            );
        }
    }
}
