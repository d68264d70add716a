//! Generated inputs that a quadratic stage would choke on, each within the size limit:
//! shared by `tests/linear_time.rs` and `benches/lint.rs`.

/// `count` keys in one mapping under `backup:`, every tenth written twice (duplicate keys).
pub fn many_keys(count: usize) -> String {
    let mut text = String::with_capacity(count * 16);
    text.push_str("backup:\n");
    for index in 0..count {
        text.push_str(&format!("  key{index}: {index}\n"));
        if index % 10 == 0 {
            text.push_str(&format!("  key{index}: again\n"));
        }
    }
    text
}

/// One flow mapping of `count` unknown keys on a single line: a finding each, all on the
/// same long line.
pub fn long_line(count: usize) -> String {
    let keys: Vec<String> = (0..count).map(|i| format!("k{i}: {i}")).collect();
    format!("backup: {{{}}}\n", keys.join(", "))
}

/// A one-character secret, its character everywhere in the file, and a finding on every
/// line.
pub fn one_character_secret(lines: usize) -> String {
    let mut text = String::from("minio:\n  secretKey: a\nbackup:\n");
    for index in 0..lines {
        text.push_str(&format!("  a{index}: aaaa\n"));
    }
    text
}

/// An inline-ignore comment of about `bytes` bytes naming the same code over and over.
pub fn huge_ignore_comment(bytes: usize) -> String {
    let codes = "SB010,".repeat(bytes / 6);
    format!("backup:\n  stackgraph: {{}}  # stsbackup: ignore[{codes}]\n")
}

/// One secret written again on `count` lines, each an unknown key (the parser allows an
/// anchor only a few dozen aliases, so the copies are written out).
pub fn repeated_secret(count: usize) -> String {
    let mut text = String::from("minio:\n  secretKey: Zq8vN2kP4mR7tX1yB6wC\nbackup:\n");
    for index in 0..count {
        text.push_str(&format!("  k{index}: Zq8vN2kP4mR7tX1yB6wC\n"));
    }
    text
}
