//! Go's standard library as robfig and the API server call it: `strings.Fields`,
//! `time.ParseDuration`, `strings.ToLower` on names, `strconv.Atoi` and `strconv.Quote`, with
//! their error texts.

/// A slice of the expression and where it starts, so that issues can point at it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Piece<'a> {
    pub(super) start: usize,
    pub(super) text: &'a str,
}

impl<'a> Piece<'a> {
    pub(super) fn end(self) -> usize {
        self.start + self.text.len()
    }

    /// `strings.Split`: every part, empty ones included.
    pub(super) fn split(self, separator: char) -> Vec<Piece<'a>> {
        let mut parts = Vec::new();
        let mut start = 0;
        for (at, _) in self.text.match_indices(separator) {
            parts.push(Piece {
                start: self.start + start,
                text: &self.text[start..at],
            });
            start = at + separator.len_utf8();
        }
        parts.push(Piece {
            start: self.start + start,
            text: &self.text[start..],
        });
        parts
    }
}

/// Go's `strings.Fields`: runs of Unicode white space separate fields. Go's `unicode.IsSpace`
/// and Rust's `char::is_whitespace` are the same set (the Unicode `White_Space` property).
pub(super) fn go_fields(expr: &str) -> Vec<Piece<'_>> {
    let mut fields = Vec::new();
    let mut start = None;
    for (at, c) in expr.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                fields.push(Piece {
                    start: s,
                    text: &expr[s..at],
                });
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(s) = start {
        fields.push(Piece {
            start: s,
            text: &expr[s..],
        });
    }
    fields
}

/// Go's `time.ParseDuration`, with its error texts: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, in
/// nanoseconds.
pub(super) fn go_parse_duration(orig: &str) -> Result<i64, String> {
    const LIMIT: u64 = 1 << 63;
    let invalid = || format!("time: invalid duration {}", go_time_quote(orig));
    let b = orig.as_bytes();
    let mut i = 0;
    let mut neg = false;
    if let Some(&c) = b.first()
        && (c == b'-' || c == b'+')
    {
        neg = c == b'-';
        i = 1;
    }
    if &orig[i..] == "0" {
        return Ok(0);
    }
    if i == b.len() {
        return Err(invalid());
    }
    let mut total: u64 = 0;
    while i < b.len() {
        if !(b[i] == b'.' || b[i].is_ascii_digit()) {
            return Err(invalid());
        }
        // leadingInt
        let before = i;
        let mut v: u64 = 0;
        while i < b.len() && b[i].is_ascii_digit() {
            if v > LIMIT / 10 {
                return Err(invalid());
            }
            v = v * 10 + u64::from(b[i] - b'0');
            if v > LIMIT {
                return Err(invalid());
            }
            i += 1;
        }
        let pre = before != i;
        // leadingFraction: stops accumulating precision on overflow instead of failing.
        let (mut f, mut scale, mut post) = (0u64, 1f64, false);
        if i < b.len() && b[i] == b'.' {
            i += 1;
            let before = i;
            let mut overflow = false;
            while i < b.len() && b[i].is_ascii_digit() {
                if !overflow {
                    if f > (LIMIT - 1) / 10 {
                        overflow = true;
                    } else {
                        let y = f * 10 + u64::from(b[i] - b'0');
                        if y > LIMIT {
                            overflow = true;
                        } else {
                            f = y;
                            scale *= 10.0;
                        }
                    }
                }
                i += 1;
            }
            post = before != i;
        }
        if !pre && !post {
            return Err(invalid());
        }
        let unit_start = i;
        while i < b.len() && !(b[i] == b'.' || b[i].is_ascii_digit()) {
            i += 1;
        }
        if i == unit_start {
            return Err(format!(
                "time: missing unit in duration {}",
                go_time_quote(orig)
            ));
        }
        // The unit ends at an ASCII byte (or the end), so this is a char boundary.
        let unit_text = &orig[unit_start..i];
        let unit: u64 = match unit_text {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    go_time_quote(unit_text),
                    go_time_quote(orig)
                ));
            }
        };
        if v > LIMIT / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            // Go does this in float64, truncating; so do we, for the same nanoseconds.
            v += (f as f64 * (unit as f64 / scale)) as u64;
            if v > LIMIT {
                return Err(invalid());
            }
        }
        // Go adds in uint64 and checks afterwards; 2^63 + 2^63 wraps to 0 there too.
        total = total.wrapping_add(v);
        if total > LIMIT {
            return Err(invalid());
        }
    }
    if neg {
        return Ok((total as i64).wrapping_neg());
    }
    if total > LIMIT - 1 {
        return Err(invalid());
    }
    Ok(total as i64)
}

/// The `quote` of Go's time package: non-ASCII and control bytes as `\xNN`.
pub(super) fn go_time_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        if !c.is_ascii() || c < ' ' {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("\\x{byte:02x}"));
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// Lower-cases a would-be name as Go's `strings.ToLower` does, as far as it matters for matching
/// the ASCII names: only two non-ASCII letters lower-case to ASCII (U+0130 `İ` → `i` and U+212A
/// KELVIN SIGN → `k`), so robfig accepts `FRİ`; anything else non-ASCII cannot match.
pub(super) fn go_lower_name(text: &str) -> Option<String> {
    text.chars()
        .map(|c| match c {
            '\u{130}' => Some('i'),
            '\u{212a}' => Some('k'),
            c if c.is_ascii() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum AtoiError {
    Syntax,
    Range,
}

impl AtoiError {
    pub(super) fn text(self) -> &'static str {
        match self {
            AtoiError::Syntax => "invalid syntax",
            AtoiError::Range => "value out of range",
        }
    }
}

/// Go's `strconv.Atoi` on a 64-bit platform: an optional sign and ASCII digits; no spaces, no
/// underscores. Which error it reports for long inputs depends on where it stops, as in Go.
pub(super) fn go_atoi(s: &str) -> Result<i64, AtoiError> {
    let b = s.as_bytes();
    let (neg, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() {
        return Err(AtoiError::Syntax);
    }
    if b.len() < 19 {
        // The fast path: at most 18 digits always fit.
        let mut n: i64 = 0;
        for &c in digits {
            if !c.is_ascii_digit() {
                return Err(AtoiError::Syntax);
            }
            n = n * 10 + i64::from(c - b'0');
        }
        return Ok(if neg { -n } else { n });
    }
    // ParseInt(s, 10, 0) → ParseUint: overflow is reported as soon as it happens, so a later
    // bad character does not matter then.
    const CUTOFF: u64 = u64::MAX / 10 + 1;
    let mut n: u64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return Err(AtoiError::Syntax);
        }
        if n >= CUTOFF {
            return Err(AtoiError::Range);
        }
        n *= 10;
        n = n.checked_add(u64::from(c - b'0')).ok_or(AtoiError::Range)?;
    }
    const SIGNED: u64 = 1 << 63;
    match (neg, n) {
        (false, n) if n >= SIGNED => Err(AtoiError::Range),
        (true, n) if n > SIGNED => Err(AtoiError::Range),
        (true, n) => Ok((n as i64).wrapping_neg()),
        (false, n) => Ok(n as i64),
    }
}

/// Go's `strconv.Quote`, as robfig's messages show pieces. Go's `IsPrint` uses Unicode tables;
/// this approximates it with the categories that can occur in a field (control and format
/// characters, private use, non-characters); unassigned code points are shown as they are.
pub(super) fn go_strconv_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if go_is_print(c) => out.push(c),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if c < ' ' || c == '\u{7f}' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

pub(super) fn go_is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    match c as u32 {
        // Format characters (Cf), private use (Co) and non-characters.
        0xad
        | 0x600..=0x605
        | 0x61c
        | 0x6dd
        | 0x70f
        | 0x890..=0x891
        | 0x8e2
        | 0x180e
        | 0x200b..=0x200f
        | 0x202a..=0x202e
        | 0x2060..=0x206f
        | 0xfeff
        | 0xfff9..=0xfffb
        | 0xe000..=0xf8ff
        | 0xfdd0..=0xfdef
        | 0xfffe
        | 0xffff
        | 0x110bd
        | 0x110cd
        | 0x13430..=0x1343f
        | 0x1bca0..=0x1bca3
        | 0x1d173..=0x1d17a
        | 0xe0000..=0xe0fff
        | 0xf0000.. => false,
        _ => true,
    }
}
