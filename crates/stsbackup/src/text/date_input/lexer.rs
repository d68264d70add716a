//! The tokens of GNU `date -d`: a port of gnulib's `yylex` and `lookup_word`
//! (`lib/parse-datetime.y`, as shipped with coreutils 9.1), for the C locale.
//!
//! The lexer does not depend on the parser's state, so the whole input is split up front.
//! Like the C code it works on bytes: anything that is not ASCII becomes a one-byte token that
//! no grammar rule accepts.

/// An integer as written, with the number of its digits: the grammar reads `24` and `2024`
/// differently (gnulib's `textint`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct TextInt {
    /// Whether a `-` preceded it.
    pub negative: bool,
    pub value: i64,
    /// Digits only: a sign and the blanks after it are not counted.
    pub digits: i64,
}

/// A decimal number of seconds: `tv_nsec` is always the positive offset, as in `timespec`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Timespec {
    pub sec: i64,
    pub nsec: i64,
}

/// `am`, `pm`, or the 24-hour clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Meridian {
    Am,
    Pm,
    H24,
}

/// A unit of relative time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Unit {
    Year,
    Month,
    /// `day` (1), `week` (7), `fortnight` (14).
    Day(i64),
    Hour,
    Minute,
    Second,
}

/// One token; the names follow the grammar's `tXXX` terminals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tok {
    /// `ago` (-1) or `hence` (1).
    Ago(i64),
    Dst,
    /// `tYEAR_UNIT` … `tSEC_UNIT`.
    Unit(Unit),
    /// `tomorrow` (1), `yesterday` (-1), `today` and `now` (0).
    DayShift(i64),
    /// A day of the week, Sunday = 0.
    Day(i64),
    /// A daylight-saving zone: its standard offset in seconds east of UTC.
    DayZone(i64),
    Meridian(Meridian),
    Month(i64),
    /// `last` -1, `this` 0, `next`/`first` 1, `third` … `twelfth`.
    Ordinal(i64),
    /// A zone: seconds east of UTC.
    Zone(i64),
    SNumber(TextInt),
    UNumber(TextInt),
    SDecimal(Timespec),
    UDecimal(Timespec),
    /// The military zone letter `T`, also the ISO 8601 date/time separator.
    T,
    /// Any other byte, returned as itself (`:`, `,`, `/`, `@`, …).
    Byte(u8),
    /// A word that no table knows.
    UnknownWord,
    /// A number too large for a 64-bit `time_t`.
    Overflow,
    End,
}

impl Tok {
    /// The unit, when this token is one.
    pub(super) fn unit(self) -> Option<Unit> {
        match self {
            Tok::Unit(unit) => Some(unit),
            _ => None,
        }
    }
}

/// A token and the bytes of the input it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Token {
    pub tok: Tok,
    pub start: usize,
    pub end: usize,
}

/// The lexer keeps at most this many bytes of a word, as gnulib's `char buff[20]` does: the
/// rest of a longer word is read but ignored when looking it up.
const WORD_BUFFER: usize = 19;

const BILLION: i64 = 1_000_000_000;

/// `c_isspace`: blanks of the C locale.
pub(super) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Splits `input` (from byte `from`) into tokens, ending with [`Tok::End`]. Stops after the
/// first token that is an error, since the parser stops there too.
pub(super) fn tokenize(input: &[u8], from: usize) -> Vec<Token> {
    let mut lexer = Lexer { input, pos: from };
    let mut tokens = Vec::new();
    loop {
        let token = lexer.next_token();
        tokens.push(token);
        if matches!(token.tok, Tok::End | Tok::UnknownWord | Tok::Overflow) {
            return tokens;
        }
    }
}

struct Lexer<'a> {
    input: &'a [u8],
    pos: usize,
}

impl Lexer<'_> {
    fn byte(&self, at: usize) -> u8 {
        // C strings end at NUL; past the end reads as the terminator too.
        self.input.get(at).copied().unwrap_or(0)
    }

    /// Port of `yylex`.
    fn next_token(&mut self) -> Token {
        loop {
            while is_space(self.byte(self.pos)) {
                self.pos += 1;
            }
            let start = self.pos;
            let c = self.byte(start);
            if c.is_ascii_digit() || c == b'-' || c == b'+' {
                let mut sign = 0i64;
                if c != b'+' && c != b'-' {
                    return self.number(start, start, sign);
                }
                sign = if c == b'-' { -1 } else { 1 };
                self.pos += 1;
                while is_space(self.byte(self.pos)) {
                    self.pos += 1;
                }
                if !self.byte(self.pos).is_ascii_digit() {
                    // A sign not followed by a digit is dropped: `now - 30 days` reads as
                    // `now -30 days`, and `- days` as `days`.
                    continue;
                }
                let digits_start = self.pos;
                return self.number(start, digits_start, sign);
            }
            if c.is_ascii_alphabetic() {
                let mut word = Vec::with_capacity(WORD_BUFFER);
                let mut p = start;
                while self.byte(p).is_ascii_alphabetic() || self.byte(p) == b'.' {
                    if word.len() < WORD_BUFFER {
                        word.push(self.byte(p).to_ascii_uppercase());
                    }
                    p += 1;
                }
                self.pos = p;
                let tok = lookup_word(&word).unwrap_or(Tok::UnknownWord);
                return Token { tok, start, end: p };
            }
            if c == 0 {
                return Token {
                    tok: Tok::End,
                    start,
                    end: start,
                };
            }
            if c != b'(' {
                self.pos += 1;
                return Token {
                    tok: Tok::Byte(c),
                    start,
                    end: self.pos,
                };
            }
            // A comment: parentheses nest, and an unclosed one runs to the end of the input.
            let mut depth = 0usize;
            loop {
                let c = self.byte(self.pos);
                if c == 0 {
                    return Token {
                        tok: Tok::End,
                        start: self.pos,
                        end: self.pos,
                    };
                }
                self.pos += 1;
                if c == b'(' {
                    depth += 1;
                } else if c == b')' {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
            }
        }
    }

    /// The digits from `digits_start`, with `sign` (0 for none); `start` is the token's start.
    fn number(&mut self, start: usize, digits_start: usize, sign: i64) -> Token {
        let overflow = Token {
            tok: Tok::Overflow,
            start,
            end: digits_start,
        };
        let mut value: i64 = 0;
        let mut p = digits_start;
        while self.byte(p).is_ascii_digit() {
            let digit = i64::from(self.byte(p) - b'0');
            // Negative numbers accumulate downwards, so that i64::MIN is reachable.
            let next = value.checked_mul(10).and_then(|v| {
                if sign < 0 {
                    v.checked_sub(digit)
                } else {
                    v.checked_add(digit)
                }
            });
            match next {
                Some(v) => value = v,
                None => {
                    return Token {
                        end: p + 1,
                        ..overflow
                    };
                }
            }
            p += 1;
        }
        let c = self.byte(p);
        if (c == b'.' || c == b',') && self.byte(p + 1).is_ascii_digit() {
            let mut sec = value;
            p += 1;
            // Nanoseconds: the first nine digits of the fraction.
            let mut nsec = i64::from(self.byte(p) - b'0');
            p += 1;
            for _ in 2..=9 {
                nsec *= 10;
                if self.byte(p).is_ascii_digit() {
                    nsec += i64::from(self.byte(p) - b'0');
                    p += 1;
                }
            }
            // Further digits only round a negative number towards minus infinity.
            if sign < 0 {
                while self.byte(p).is_ascii_digit() {
                    if self.byte(p) != b'0' {
                        nsec += 1;
                        break;
                    }
                    p += 1;
                }
            }
            while self.byte(p).is_ascii_digit() {
                p += 1;
            }
            if sign < 0 && nsec != 0 {
                match sec.checked_sub(1) {
                    Some(s) => sec = s,
                    None => return Token { end: p, ..overflow },
                }
                nsec = BILLION - nsec;
            }
            self.pos = p;
            let ts = Timespec { sec, nsec };
            let tok = if sign != 0 {
                Tok::SDecimal(ts)
            } else {
                Tok::UDecimal(ts)
            };
            return Token { tok, start, end: p };
        }
        self.pos = p;
        let text = TextInt {
            negative: sign < 0,
            value,
            digits: (p - digits_start) as i64,
        };
        let tok = if sign != 0 {
            Tok::SNumber(text)
        } else {
            Tok::UNumber(text)
        };
        Token { tok, start, end: p }
    }
}

const MONTHS_AND_DAYS: &[(&str, Tok)] = &[
    ("JANUARY", Tok::Month(1)),
    ("FEBRUARY", Tok::Month(2)),
    ("MARCH", Tok::Month(3)),
    ("APRIL", Tok::Month(4)),
    ("MAY", Tok::Month(5)),
    ("JUNE", Tok::Month(6)),
    ("JULY", Tok::Month(7)),
    ("AUGUST", Tok::Month(8)),
    ("SEPTEMBER", Tok::Month(9)),
    ("SEPT", Tok::Month(9)),
    ("OCTOBER", Tok::Month(10)),
    ("NOVEMBER", Tok::Month(11)),
    ("DECEMBER", Tok::Month(12)),
    ("SUNDAY", Tok::Day(0)),
    ("MONDAY", Tok::Day(1)),
    ("TUESDAY", Tok::Day(2)),
    ("TUES", Tok::Day(2)),
    ("WEDNESDAY", Tok::Day(3)),
    ("WEDNES", Tok::Day(3)),
    ("THURSDAY", Tok::Day(4)),
    ("THUR", Tok::Day(4)),
    ("THURS", Tok::Day(4)),
    ("FRIDAY", Tok::Day(5)),
    ("SATURDAY", Tok::Day(6)),
];

const TIME_UNITS: &[(&str, Tok)] = &[
    ("YEAR", Tok::Unit(Unit::Year)),
    ("MONTH", Tok::Unit(Unit::Month)),
    ("FORTNIGHT", Tok::Unit(Unit::Day(14))),
    ("WEEK", Tok::Unit(Unit::Day(7))),
    ("DAY", Tok::Unit(Unit::Day(1))),
    ("HOUR", Tok::Unit(Unit::Hour)),
    ("MINUTE", Tok::Unit(Unit::Minute)),
    ("MIN", Tok::Unit(Unit::Minute)),
    ("SECOND", Tok::Unit(Unit::Second)),
    ("SEC", Tok::Unit(Unit::Second)),
];

const RELATIVE_WORDS: &[(&str, Tok)] = &[
    ("TOMORROW", Tok::DayShift(1)),
    ("YESTERDAY", Tok::DayShift(-1)),
    ("TODAY", Tok::DayShift(0)),
    ("NOW", Tok::DayShift(0)),
    ("LAST", Tok::Ordinal(-1)),
    ("THIS", Tok::Ordinal(0)),
    ("NEXT", Tok::Ordinal(1)),
    ("FIRST", Tok::Ordinal(1)),
    // gnulib leaves out SECOND: it is the unit.
    ("THIRD", Tok::Ordinal(3)),
    ("FOURTH", Tok::Ordinal(4)),
    ("FIFTH", Tok::Ordinal(5)),
    ("SIXTH", Tok::Ordinal(6)),
    ("SEVENTH", Tok::Ordinal(7)),
    ("EIGHTH", Tok::Ordinal(8)),
    ("NINTH", Tok::Ordinal(9)),
    ("TENTH", Tok::Ordinal(10)),
    ("ELEVENTH", Tok::Ordinal(11)),
    ("TWELFTH", Tok::Ordinal(12)),
    ("AGO", Tok::Ago(-1)),
    ("HENCE", Tok::Ago(1)),
];

const HOUR: i64 = 3600;

/// gnulib's `universal_time_zone_table`, then `time_zone_table`. With TZ=UTC the local zone
/// table holds only `UTC`, which the universal table already answers.
const ZONES: &[(&str, Tok)] = &[
    ("GMT", Tok::Zone(0)),
    ("UT", Tok::Zone(0)),
    ("UTC", Tok::Zone(0)),
    ("WET", Tok::Zone(0)),
    ("WEST", Tok::DayZone(0)),
    ("BST", Tok::DayZone(0)),
    ("ART", Tok::Zone(-3 * HOUR)),
    ("BRT", Tok::Zone(-3 * HOUR)),
    ("BRST", Tok::DayZone(-3 * HOUR)),
    ("NST", Tok::Zone(-(3 * HOUR + 1800))),
    ("NDT", Tok::DayZone(-(3 * HOUR + 1800))),
    ("AST", Tok::Zone(-4 * HOUR)),
    ("ADT", Tok::DayZone(-4 * HOUR)),
    ("CLT", Tok::Zone(-4 * HOUR)),
    ("CLST", Tok::DayZone(-4 * HOUR)),
    ("EST", Tok::Zone(-5 * HOUR)),
    ("EDT", Tok::DayZone(-5 * HOUR)),
    ("CST", Tok::Zone(-6 * HOUR)),
    ("CDT", Tok::DayZone(-6 * HOUR)),
    ("MST", Tok::Zone(-7 * HOUR)),
    ("MDT", Tok::DayZone(-7 * HOUR)),
    ("PST", Tok::Zone(-8 * HOUR)),
    ("PDT", Tok::DayZone(-8 * HOUR)),
    ("AKST", Tok::Zone(-9 * HOUR)),
    ("AKDT", Tok::DayZone(-9 * HOUR)),
    ("HST", Tok::Zone(-10 * HOUR)),
    ("HAST", Tok::Zone(-10 * HOUR)),
    ("HADT", Tok::DayZone(-10 * HOUR)),
    ("SST", Tok::Zone(-12 * HOUR)),
    ("WAT", Tok::Zone(HOUR)),
    ("CET", Tok::Zone(HOUR)),
    ("CEST", Tok::DayZone(HOUR)),
    ("MET", Tok::Zone(HOUR)),
    ("MEZ", Tok::Zone(HOUR)),
    ("MEST", Tok::DayZone(HOUR)),
    ("MESZ", Tok::DayZone(HOUR)),
    ("EET", Tok::Zone(2 * HOUR)),
    ("EEST", Tok::DayZone(2 * HOUR)),
    ("CAT", Tok::Zone(2 * HOUR)),
    ("SAST", Tok::Zone(2 * HOUR)),
    ("EAT", Tok::Zone(3 * HOUR)),
    ("MSK", Tok::Zone(3 * HOUR)),
    ("MSD", Tok::DayZone(3 * HOUR)),
    ("IST", Tok::Zone(5 * HOUR + 1800)),
    ("SGT", Tok::Zone(8 * HOUR)),
    ("KST", Tok::Zone(9 * HOUR)),
    ("JST", Tok::Zone(9 * HOUR)),
    ("GST", Tok::Zone(10 * HOUR)),
    ("NZST", Tok::Zone(12 * HOUR)),
    ("NZDT", Tok::DayZone(12 * HOUR)),
];

/// The military zone letters A–Z without J; `T` is also the ISO 8601 separator.
fn military_zone(letter: u8) -> Option<Tok> {
    let hours = match letter {
        b'A'..=b'I' => i64::from(letter - b'A') + 1,
        b'K'..=b'M' => i64::from(letter - b'K') + 10,
        b'N'..=b'Y' if letter != b'T' => -(i64::from(letter - b'N') + 1),
        b'T' => return Some(Tok::T),
        b'Z' => 0,
        _ => return None,
    };
    Some(Tok::Zone(hours * HOUR))
}

fn find(table: &[(&str, Tok)], word: &[u8]) -> Option<Tok> {
    table
        .iter()
        .find(|(name, _)| name.as_bytes() == word)
        .map(|&(_, tok)| tok)
}

/// Port of `lookup_zone` for TZ=UTC.
fn lookup_zone(word: &[u8]) -> Option<Tok> {
    find(ZONES, word)
}

/// Port of `lookup_word`: `word` is already upper case. The order of the tables decides
/// between readings (`MON` is Monday, not a month unit; `SEC` is seconds, `SEP` September).
fn lookup_word(word: &[u8]) -> Option<Tok> {
    match word {
        b"AM" | b"A.M." => return Some(Tok::Meridian(Meridian::Am)),
        b"PM" | b"P.M." => return Some(Tok::Meridian(Meridian::Pm)),
        _ => {}
    }
    let abbreviation = word.len() == 3 || (word.len() == 4 && word[3] == b'.');
    let month_or_day = MONTHS_AND_DAYS.iter().find(|(name, _)| {
        if abbreviation {
            name.as_bytes()[..3] == word[..3]
        } else {
            name.as_bytes() == word
        }
    });
    if let Some(&(_, tok)) = month_or_day {
        return Some(tok);
    }
    if let Some(tok) = lookup_zone(word) {
        return Some(tok);
    }
    if word == b"DST" {
        return Some(Tok::Dst);
    }
    if let Some(tok) = find(TIME_UNITS, word) {
        return Some(tok);
    }
    if let Some(singular) = word.strip_suffix(b"S")
        && let Some(tok) = find(TIME_UNITS, singular)
    {
        return Some(tok);
    }
    if let Some(tok) = find(RELATIVE_WORDS, word) {
        return Some(tok);
    }
    if word.len() == 1
        && let Some(tok) = military_zone(word[0])
    {
        return Some(tok);
    }
    // `U.T.C.` and `E.S.T`: a zone spelt with periods.
    if word.contains(&b'.') {
        let bare: Vec<u8> = word.iter().copied().filter(|&b| b != b'.').collect();
        return lookup_zone(&bare);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<Tok> {
        tokenize(text.as_bytes(), 0)
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    fn unumber(value: i64, digits: i64) -> Tok {
        Tok::UNumber(TextInt {
            negative: false,
            value,
            digits,
        })
    }

    #[test]
    fn words_numbers_and_units() {
        assert_eq!(
            toks("30 Days AGO"),
            [
                unumber(30, 2),
                Tok::Unit(Unit::Day(1)),
                Tok::Ago(-1),
                Tok::End
            ]
        );
        assert_eq!(
            toks("30days"),
            [unumber(30, 2), Tok::Unit(Unit::Day(1)), Tok::End]
        );
        assert_eq!(
            toks("2 fortnights"),
            [unumber(2, 1), Tok::Unit(Unit::Day(14)), Tok::End]
        );
        assert_eq!(
            toks("mins secs"),
            [Tok::Unit(Unit::Minute), Tok::Unit(Unit::Second), Tok::End]
        );
    }

    #[test]
    fn a_sign_without_digits_is_dropped() {
        let minus_thirty = Tok::SNumber(TextInt {
            negative: true,
            value: -30,
            digits: 2,
        });
        assert_eq!(
            toks("now - 30 days"),
            [
                Tok::DayShift(0),
                minus_thirty,
                Tok::Unit(Unit::Day(1)),
                Tok::End
            ]
        );
        assert_eq!(toks("- days"), [Tok::Unit(Unit::Day(1)), Tok::End]);
    }

    #[test]
    fn abbreviations_and_table_order() {
        assert_eq!(toks("mon"), [Tok::Day(1), Tok::End]);
        assert_eq!(toks("Sep."), [Tok::Month(9), Tok::End]);
        assert_eq!(toks("sec"), [Tok::Unit(Unit::Second), Tok::End]);
        assert_eq!(toks("this"), [Tok::Ordinal(0), Tok::End]);
        assert_eq!(toks("u.t.c."), [Tok::Zone(0), Tok::End]);
        assert_eq!(toks("t"), [Tok::T, Tok::End]);
        assert_eq!(toks("j"), [Tok::UnknownWord]);
        // Single letters are military zones: P30D is the zone P, 30, the zone D.
        assert_eq!(
            toks("P30D"),
            [
                Tok::Zone(-3 * HOUR),
                unumber(30, 2),
                Tok::Zone(4 * HOUR),
                Tok::End
            ]
        );
    }

    #[test]
    fn long_words_are_cut_to_nineteen_bytes() {
        // 19 bytes kept: "U.T.C.............." without its periods is UTC.
        assert_eq!(toks("U.T.C.................."), [Tok::Zone(0), Tok::End]);
    }

    #[test]
    fn decimals_round_towards_minus_infinity() {
        assert_eq!(
            toks("-1.5"),
            [
                Tok::SDecimal(Timespec {
                    sec: -2,
                    nsec: 500_000_000
                }),
                Tok::End
            ]
        );
        assert_eq!(
            toks("-0.0000000001"),
            [
                Tok::SDecimal(Timespec {
                    sec: -1,
                    nsec: 999_999_999
                }),
                Tok::End
            ]
        );
        assert_eq!(
            toks("1,25"),
            [
                Tok::UDecimal(Timespec {
                    sec: 1,
                    nsec: 250_000_000
                }),
                Tok::End
            ]
        );
    }

    #[test]
    fn comments_nest_and_may_stay_open() {
        assert_eq!(toks("(a (b)) 5"), [unumber(5, 1), Tok::End]);
        assert_eq!(toks("5 (never closed"), [unumber(5, 1), Tok::End]);
        assert_eq!(toks(")"), [Tok::Byte(b')'), Tok::End]);
    }

    #[test]
    fn overflow() {
        assert_eq!(
            toks("9223372036854775807"),
            [unumber(i64::MAX, 19), Tok::End]
        );
        assert_eq!(toks("9223372036854775808"), [Tok::Overflow]);
        assert!(matches!(toks("-9223372036854775808")[0], Tok::SNumber(t) if t.value == i64::MIN));
    }
}
