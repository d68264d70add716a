//! Elasticsearch time values (`30d`, `12h`), parsed as `TimeValue.parseTimeValue` does.

/// An Elasticsearch time value, in nanoseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeValue {
    pub nanos: i128,
}

impl TimeValue {
    pub fn seconds(self) -> f64 {
        self.nanos as f64 / 1e9
    }
}

/// Parses a time value as Elasticsearch's `TimeValue.parseTimeValue` does; the error says why.
pub fn parse_time_value(text: &str) -> Result<TimeValue, String> {
    let trimmed = text.trim();
    if trimmed == "-1" || trimmed == "0" {
        return Ok(TimeValue {
            nanos: if trimmed == "0" { 0 } else { -1 },
        });
    }
    if trimmed.is_empty() {
        return Err("it is empty".into());
    }
    let lower = trimmed.to_ascii_lowercase();
    const UNITS: [(&str, i128); 7] = [
        ("nanos", 1),
        ("micros", 1_000),
        ("ms", 1_000_000),
        ("s", 1_000_000_000),
        ("m", 60_000_000_000),
        ("h", 3_600_000_000_000),
        ("d", 86_400_000_000_000),
    ];
    let Some((unit, scale)) = UNITS.iter().find(|(unit, _)| lower.ends_with(unit)) else {
        return Err(
            "the unit is missing or unknown (use `d`, `h`, `m`, `s`, `ms`, `micros` or `nanos`)"
                .into(),
        );
    };
    if *unit == "m" && trimmed.ends_with('M') {
        return Err(
            "`M` is not a time unit (it means months in date math); minutes are `m`".into(),
        );
    }
    let number = trimmed[..trimmed.len() - unit.len()].trim();
    if number.contains('.') {
        return Err("fractional time values are not supported".into());
    }
    if number.starts_with('-') {
        return Err("negative values are not allowed".into());
    }
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("`{number}` is not a whole number"));
    }
    let value: i128 = number
        .parse()
        .map_err(|_| "the number is too large".to_owned())?;
    if value > i64::MAX as i128 {
        return Err("the number is too large".into());
    }
    Ok(TimeValue {
        nanos: value * scale,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_values_parse_as_elasticsearch_parses_them() {
        let seconds = |s: &str| parse_time_value(s).map(|t| t.seconds());
        assert_eq!(seconds("30d"), Ok(2_592_000.0));
        assert_eq!(seconds(" 30 d "), Ok(2_592_000.0));
        assert_eq!(seconds("12H"), Ok(43_200.0));
        assert_eq!(seconds("30m"), Ok(1_800.0));
        assert_eq!(seconds("500ms"), Ok(0.5));
        assert_eq!(seconds("0"), Ok(0.0));
        for bad in ["30M", "1.5d", "30", "4w", "1y", "-5d", "d", "", "30 days"] {
            assert!(parse_time_value(bad).is_err(), "{bad}");
        }
    }
}
