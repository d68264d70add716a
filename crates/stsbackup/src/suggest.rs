//! Did-you-mean: the one place that picks the known word a misspelt one was meant to be, for
//! every help text that suggests one (unknown keys, `timedelta` keywords).

/// The known word closest to a misspelt one: the same letters in another case first, then the
/// closest by Jaro-Winkler similarity when it is close enough to be a typo (0.85: a letter
/// dropped, doubled or swapped, not a different word).
pub fn did_you_mean<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let known: Vec<&str> = known.into_iter().collect();
    if let Some(same) = known.iter().find(|k| k.eq_ignore_ascii_case(word)) {
        return Some(same);
    }
    let lower = word.to_ascii_lowercase();
    known
        .iter()
        .map(|k| (k, strsim::jaro_winkler(&lower, &k.to_ascii_lowercase())))
        .filter(|(_, score)| *score >= 0.85)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| *k)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn prefers_case_then_similarity() {
        let known = ["stackGraph", "elasticsearch", "enabled", "configuration"];
        assert_eq!(did_you_mean("stackgraph", known), Some("stackGraph"));
        assert_eq!(did_you_mean("elasticSearch", known), Some("elasticsearch"));
        assert_eq!(did_you_mean("enable", known), Some("enabled"));
        assert_eq!(did_you_mean("configuraton", known), Some("configuration"));
        assert_eq!(did_you_mean("victoriaMetrics", known), None);
    }

    #[test]
    fn short_keywords_forgive_one_or_two_slips() {
        let known = [
            "days",
            "seconds",
            "microseconds",
            "milliseconds",
            "minutes",
            "hours",
            "weeks",
        ];
        assert_eq!(did_you_mean("dys", known), Some("days"));
        assert_eq!(did_you_mean("dasy", known), Some("days"));
        assert_eq!(did_you_mean("minuts", known), Some("minutes"));
        assert_eq!(did_you_mean("secnods", known), Some("seconds"));
        assert_eq!(did_you_mean("frobnicate", known), None);
    }
}
