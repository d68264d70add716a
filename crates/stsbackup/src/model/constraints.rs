//! The constraints on single values that a JSON Schema can state, attached to the model's
//! fields (`#[schemars(...)]`), so the generated schema carries them. The rules that explain
//! these values in detail import the same patterns: a value the schema refuses is always an
//! error of a rule too.

/// An S3 bucket name: lowercase letters, digits, `.` and `-`, starting and ending with a
/// letter or digit (3 to 63 characters, stated as a length constraint beside it).
pub const BUCKET_NAME_PATTERN: &str = "^[a-z0-9][a-z0-9.-]*[a-z0-9]$";

/// The shortest S3 bucket name.
pub const BUCKET_NAME_MIN_LENGTH: u32 = 3;

/// The longest S3 bucket name.
pub const BUCKET_NAME_MAX_LENGTH: u32 = 63;

/// What every valid Elasticsearch time value matches (the rule adds the numeric checks).
pub const TIME_VALUE_PATTERN: &str = r"^\s*(-1|0|[0-9]+\s*([dD]|[hH]|m|[sS]|[mM][sS]|[mM][iI][cC][rR][oO][sS]|[nN][aA][nN][oO][sS]))\s*$";

/// What every accepted Python `timedelta` keyword list matches (the rule adds keywords,
/// numbers and totals).
pub const TIMEDELTA_PATTERN: &str =
    r"^\s*[a-z]+\s*=\s*[0-9._eE+-]+(\s*,\s*[a-z]+\s*=\s*[0-9._eE+-]+)*\s*,?\s*$";

/// A snapshot count as Elasticsearch reads it: a whole number (at least 1, stated as a
/// minimum beside it).
pub const COUNT_PATTERN: &str = "^[0-9]+$";

/// The values `minio.mode` may take (the subchart compares them literally).
pub const MINIO_MODES: &[&str] = &["standalone", "distributed"];

/// A pattern of the table, with a matcher written out by hand: the shape check runs once per
/// process, and compiling a regular expression costs more than the whole check. A test
/// compares each matcher with its regular expression, as the JSON Schema validator reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pattern {
    /// [`BUCKET_NAME_PATTERN`].
    BucketName,
    /// [`TIME_VALUE_PATTERN`].
    TimeValue,
    /// [`TIMEDELTA_PATTERN`].
    Timedelta,
    /// [`COUNT_PATTERN`].
    Count,
}

impl Pattern {
    /// The regular expression, as the JSON Schema states it.
    pub const fn regex(self) -> &'static str {
        match self {
            Pattern::BucketName => BUCKET_NAME_PATTERN,
            Pattern::TimeValue => TIME_VALUE_PATTERN,
            Pattern::Timedelta => TIMEDELTA_PATTERN,
            Pattern::Count => COUNT_PATTERN,
        }
    }

    /// Whether `text` matches [`Pattern::regex`].
    pub fn is_match(self, text: &str) -> bool {
        match self {
            Pattern::BucketName => is_bucket_name_shape(text),
            Pattern::TimeValue => is_time_value_shape(text),
            Pattern::Timedelta => is_timedelta_shape(text),
            Pattern::Count => !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()),
        }
    }
}

/// The constraints the JSON Schema states on the value at one path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Constraint {
    /// The values path, dotted.
    pub path: &'static str,
    /// A string must match it.
    pub pattern: Option<Pattern>,
    /// A string has at least this many characters.
    pub min_length: Option<u32>,
    /// A string has at most this many characters.
    pub max_length: Option<u32>,
    /// A number is at least this.
    pub minimum: Option<i64>,
    /// The value is one of these strings (empty: any value).
    pub one_of: &'static [&'static str],
}

const NONE: Constraint = Constraint {
    path: "",
    pattern: None,
    min_length: None,
    max_length: None,
    minimum: None,
    one_of: &[],
};

const fn bucket_name(path: &'static str) -> Constraint {
    Constraint {
        path,
        pattern: Some(Pattern::BucketName),
        min_length: Some(BUCKET_NAME_MIN_LENGTH),
        max_length: Some(BUCKET_NAME_MAX_LENGTH),
        ..NONE
    }
}

const fn pattern(path: &'static str, pattern: Pattern) -> Constraint {
    Constraint {
        path,
        pattern: Some(pattern),
        ..NONE
    }
}

const fn count(path: &'static str) -> Constraint {
    Constraint {
        path,
        pattern: Some(Pattern::Count),
        minimum: Some(1),
        ..NONE
    }
}

/// Every constraint of the classic schema, by path (sorted). The model's `#[schemars]`
/// attributes name the same constants, and a test keeps the generated schema and this table
/// equal, so the schema and the shape check cannot disagree.
pub const CONSTRAINTS: &[Constraint] = &[
    bucket_name("backup.configuration.bucketName"),
    pattern(
        "backup.configuration.scheduled.backupRetentionTimeDelta",
        Pattern::Timedelta,
    ),
    bucket_name("backup.elasticsearch.bucketName"),
    pattern(
        "backup.elasticsearch.scheduled.snapshotRetentionExpireAfter",
        Pattern::TimeValue,
    ),
    count("backup.elasticsearch.scheduled.snapshotRetentionMaxCount"),
    count("backup.elasticsearch.scheduled.snapshotRetentionMinCount"),
    bucket_name("backup.stackGraph.bucketName"),
    pattern(
        "backup.stackGraph.scheduled.backupRetentionTimeDelta",
        Pattern::Timedelta,
    ),
    Constraint {
        path: "minio.mode",
        one_of: MINIO_MODES,
        ..NONE
    },
];

/// The constraints at a dotted path.
pub fn constraint_at(path: &str) -> Option<&'static Constraint> {
    CONSTRAINTS
        .binary_search_by(|constraint| constraint.path.cmp(path))
        .ok()
        .map(|index| &CONSTRAINTS[index])
}

/// `^[a-z0-9][a-z0-9.-]*[a-z0-9]$`
fn is_bucket_name_shape(text: &str) -> bool {
    let bytes = text.as_bytes();
    let edge = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    bytes.len() >= 2
        && bytes.first().is_some_and(edge)
        && bytes.last().is_some_and(edge)
        && bytes.iter().all(|b| edge(b) || *b == b'.' || *b == b'-')
}

/// `\s` as the schema validator's regular expressions read it: Unicode `White_Space`.
fn trim_regex_space(text: &str) -> &str {
    text.trim_matches(char::is_whitespace)
}

/// `^\s*(-1|0|[0-9]+\s*(unit))\s*$`
fn is_time_value_shape(text: &str) -> bool {
    let body = trim_regex_space(text);
    if body == "-1" || body == "0" {
        return true;
    }
    let digits = body.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return false;
    }
    let unit = body[digits..].trim_start_matches(char::is_whitespace);
    matches!(unit, "d" | "D" | "h" | "H" | "m" | "s" | "S")
        || ["ms", "micros", "nanos"]
            .iter()
            .any(|u| unit.eq_ignore_ascii_case(u))
}

/// `^\s*[a-z]+\s*=\s*[0-9._eE+-]+(\s*,\s*[a-z]+\s*=\s*[0-9._eE+-]+)*\s*,?\s*$`: keyword
/// arguments, with at most one trailing comma. Neither character class holds a space, a comma
/// or an `=`, so reading each one greedily decides the match.
fn is_timedelta_shape(text: &str) -> bool {
    let is_value = |c: char| c.is_ascii_digit() || matches!(c, '.' | '_' | 'e' | 'E' | '+' | '-');
    let mut rest = text.trim_start_matches(char::is_whitespace);
    loop {
        // A keyword, `=`, a value.
        let name = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_ascii_lowercase())
                .len();
        if name == 0 {
            return false;
        }
        rest = rest[name..].trim_start_matches(char::is_whitespace);
        let Some(after) = rest.strip_prefix('=') else {
            return false;
        };
        rest = after.trim_start_matches(char::is_whitespace);
        let value = rest.len() - rest.trim_start_matches(is_value).len();
        if value == 0 {
            return false;
        }
        rest = rest[value..].trim_start_matches(char::is_whitespace);
        // The end, a trailing comma, or a comma and the next argument.
        let Some(after) = rest.strip_prefix(',') else {
            return rest.is_empty();
        };
        rest = after.trim_start_matches(char::is_whitespace);
        if rest.is_empty() {
            return true;
        }
    }
}
