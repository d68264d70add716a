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
