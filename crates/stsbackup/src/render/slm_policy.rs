//! The Elasticsearch snapshot lifecycle (SLM) policy the chart creates.

use super::{RenderError, ValidatedValues, not_enabled, templates};
use crate::model::Backup;
use serde::Serialize;

#[derive(Serialize)]
struct SlmContext<'a> {
    backup: &'a Backup,
    indices: serde_json::Value,
}

/// The JSON body the chart's `configure-backup.sh` PUTs to
/// `_slm/policy/<snapshotPolicyName>`: `schedule`, `name`, `repository`, `config` (with
/// `indices`, `ignore_unavailable` and `include_global_state` off) and `retention`
/// (`expire_after`, `min_count`, `max_count`, strings as the chart sends them). Rendered when
/// `backup.enabled` and `backup.elasticsearch.scheduled.enabled` are on.
///
/// ```
/// # use stsbackup::render::{self, ValidatedValues};
/// # let yaml = "backup:\n  enabled: true\nminio:\n  accessKey: opsbackup01\n  secretKey: Q3m9XcV7tLp2Rw8Zk4Nd\n  persistence:\n    enabled: true\n";
/// # let document = stsbackup::load_str("values.yaml", yaml);
/// # let values = ValidatedValues::validate(&document).unwrap();
/// let body: serde_json::Value = serde_json::from_str(&render::slm_policy(&values).unwrap()).unwrap();
/// assert_eq!(body["schedule"], "0 0 3 * * ?");
/// assert_eq!(body["retention"]["min_count"], "5");
/// ```
pub fn slm_policy(values: &ValidatedValues) -> Result<String, RenderError> {
    use crate::generation::Generation;
    let model = values.values();
    let scheduled = &model.backup.elasticsearch.scheduled;
    let generation = super::generation(values)?;
    if matches!(
        generation,
        Generation::E0 | Generation::E | Generation::EPrime
    ) {
        // 2.7.0 and later: `global.backup.enabled` is the switch; the policy is always
        // PUT, until 2.10.3 adds `backup.elasticsearch.enabled`.
        let later = &values.chart()?.later;
        if !later.global_backup_enabled {
            return Err(RenderError::NotApplicable {
                artifact: "SLM policy",
                reason: "`global.backup.enabled` is false, so the chart runs no backups".into(),
            });
        }
        if generation == Generation::EPrime && !later.elasticsearch_enabled {
            return Err(RenderError::NotApplicable {
                artifact: "SLM policy",
                reason: "`backup.elasticsearch.enabled` is false".into(),
            });
        }
    } else {
        if !model.backup.enabled {
            return Err(not_enabled("SLM policy"));
        }
        if !scheduled.enabled {
            return Err(RenderError::NotApplicable {
                artifact: "SLM policy",
                reason: "`backup.elasticsearch.scheduled.enabled` is false".into(),
            });
        }
    }
    let indices = match values.release()? {
        Some(release) => indices_for_release(&scheduled.indices, release)?,
        None => indices_value(&scheduled.indices),
    };
    let context = SlmContext {
        backup: &model.backup,
        indices,
    };
    templates::render("slm-policy.json.j2", context)
}

/// `indices` as the named release sends it: `stackstate` before 5.1.0 pastes the text into the
/// JSON body (a JSON array of strings is a list; anything else breaks the body), 5.1.0 and
/// later releases wrap it in quotes (a pattern is a string; a JSON array becomes
/// `"["*"]"`, which breaks the body). What would break the body is refused: Elasticsearch
/// would refuse the policy, the init Job would fail and no snapshot would be taken.
fn indices_for_release(
    indices: &str,
    release: crate::generation::ChartVersion,
) -> Result<serde_json::Value, RenderError> {
    use crate::generation::{ChartName, Version};
    let list = serde_json::from_str::<Vec<String>>(indices).ok();
    let quotes = release.is_at_least(ChartName::Stackstate, Version::new(5, 1, 0));
    let refuse = |reason: String| RenderError::InvalidInput {
        what: "`backup.elasticsearch.scheduled.indices` for this chart",
        value: indices.to_owned(),
        reason,
    };
    match (quotes, list) {
        (false, Some(list)) => Ok(serde_json::Value::from(list)),
        (false, None) => Err(refuse(format!(
            "{release} pastes it into the SLM policy's JSON body as it is, so it must be a JSON array of strings such as `[\"sts*\"]` (SB406)"
        ))),
        (true, Some(_)) => Err(refuse(format!(
            "{release} wraps it in quotes in the SLM policy's JSON body, so a JSON array becomes `\"{indices}\"`, which is not JSON; give a pattern such as `sts*` (SB406)"
        ))),
        (true, None) => Ok(serde_json::Value::from(indices)),
    }
}

/// `indices` as each chart version sends it, when no release is named: chart 4.x pastes the value into the JSON as it
/// is, so a JSON array such as `["*"]` is a list; chart 5.1 quotes it, so a pattern such as
/// `sts*` is a string. Anything that is not a JSON array of strings is sent as a string.
fn indices_value(indices: &str) -> serde_json::Value {
    match serde_json::from_str::<Vec<String>>(indices) {
        Ok(list) => serde_json::Value::from(list),
        Err(_) => serde_json::Value::from(indices),
    }
}

#[cfg(test)]
mod tests {
    use super::indices_value;
    use serde_json::json;

    #[test]
    fn indices_as_a_named_release_sends_them_or_refused() {
        use super::indices_for_release;
        use crate::generation::ChartVersion;
        let v51 = ChartVersion::parse("stackstate@5.1.4").unwrap();
        let v50 = ChartVersion::parse("stackstate@5.0.8").unwrap();
        assert_eq!(indices_for_release("sts*", v51).unwrap(), json!("sts*"));
        let error = indices_for_release(r#"["*"]"#, v51)
            .unwrap_err()
            .to_string();
        assert!(error.contains("wraps it in quotes"), "{error}");
        assert_eq!(indices_for_release(r#"["*"]"#, v50).unwrap(), json!(["*"]));
        assert!(indices_for_release("sts*", v50).is_err());
    }

    #[test]
    fn indices_as_each_chart_version_sends_them() {
        assert_eq!(indices_value(r#"["*"]"#), json!(["*"]));
        assert_eq!(
            indices_value(r#"["sts_*", "other"]"#),
            json!(["sts_*", "other"])
        );
        assert_eq!(indices_value("sts*"), json!("sts*"));
        assert_eq!(indices_value("[1, 2]"), json!("[1, 2]"));
    }
}
