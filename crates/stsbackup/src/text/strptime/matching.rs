//! Matching the compiled format against the text, trying every length each group's pattern
//! could take (Python's `re` backtracks).

use super::compile::{Compiled, Groups, Token, py_isspace};
use crate::calendar::{MONTH_NAMES, WEEKDAY_NAMES, abbreviation};
use crate::issue::ValueIssue;
use std::collections::HashSet;
use std::sync::LazyLock;

/// Ends of the alternatives a regex can take at `pos`, in the order its backtracking tries
/// them.
pub(super) fn group_candidates(name: char, text: &[char], pos: usize) -> Vec<usize> {
    // One character class of CPython's directive regexes.
    #[derive(Clone, Copy)]
    enum C {
        Digit,
        Range(char, char),
        Is(char),
    }
    use C::{Digit as D, Is, Range as R};
    let alternatives: &[&[C]] = match name {
        'd' => &[
            &[R('3', '3'), R('0', '1')],
            &[R('1', '2'), D],
            &[R('0', '0'), R('1', '9')],
            &[R('1', '9')],
            &[Is(' '), R('1', '9')],
        ],
        'H' => &[&[R('2', '2'), R('0', '3')], &[R('0', '1'), D], &[D]],
        'I' | 'm' => &[
            &[R('1', '1'), R('0', '2')],
            &[R('0', '0'), R('1', '9')],
            &[R('1', '9')],
        ],
        'G' | 'Y' => &[&[D, D, D, D]],
        'y' => &[&[D, D]],
        'j' => &[
            &[R('3', '3'), R('6', '6'), R('0', '6')],
            &[R('3', '3'), R('0', '5'), D],
            &[R('1', '2'), D, D],
            &[R('0', '0'), R('1', '9'), D],
            &[R('0', '0'), R('0', '0'), R('1', '9')],
            &[R('1', '9'), D],
            &[R('0', '0'), R('1', '9')],
            &[R('1', '9')],
        ],
        'M' => &[&[R('0', '5'), D], &[D]],
        'S' => &[&[R('6', '6'), R('0', '1')], &[R('0', '5'), D], &[D]],
        'U' | 'W' => &[&[R('5', '5'), R('0', '3')], &[R('0', '4'), D], &[D]],
        'V' => &[
            &[R('5', '5'), R('0', '3')],
            &[R('0', '0'), R('1', '9')],
            &[R('1', '4'), D],
            &[D],
        ],
        'w' => &[&[R('0', '6')]],
        'u' => &[&[R('1', '7')]],
        'f' => {
            let digits = text.get(pos..).unwrap_or_default().iter().take(6);
            let n = digits.take_while(|c| c.is_ascii_digit()).count();
            return (1..=n).rev().map(|k| pos + k).collect();
        }
        'z' => return offset_candidates(text, pos),
        _ => {
            let names = name_table(name);
            return names
                .iter()
                .filter(|candidate| {
                    let n = candidate.chars().count();
                    text.get(pos..pos + n).is_some_and(|got| {
                        got.iter()
                            .zip(candidate.chars())
                            .all(|(g, c)| g.eq_ignore_ascii_case(&c))
                    })
                })
                .map(|candidate| pos + candidate.chars().count())
                .collect();
        }
    };
    let fits = |class: C, c: char| match class {
        C::Digit => c.is_ascii_digit(),
        C::Range(lo, hi) => (lo..=hi).contains(&c),
        C::Is(x) => c == x,
    };
    let mut ends = Vec::new();
    for alternative in alternatives {
        let ok = alternative
            .iter()
            .enumerate()
            .all(|(k, &class)| text.get(pos + k).is_some_and(|&c| fits(class, c)));
        let end = pos + alternative.len();
        if ok && !ends.contains(&end) {
            ends.push(end);
        }
    }
    ends
}

/// `[+-]\d\d:?[0-5]\d(:?[0-5]\d(\.\d{1,6})?)?|(?-i:Z)`, in backtracking order.
pub(super) fn offset_candidates(text: &[char], pos: usize) -> Vec<usize> {
    let at = |i: usize| text.get(i).copied();
    let digit = |i: usize| at(i).is_some_and(|c| c.is_ascii_digit());
    let sexagesimal = |i: usize| at(i).is_some_and(|c| ('0'..='5').contains(&c)) && digit(i + 1);
    let mut ends = Vec::new();
    if matches!(at(pos), Some('+' | '-')) && digit(pos + 1) && digit(pos + 2) {
        let colons = |i: usize| {
            if at(i) == Some(':') {
                vec![i + 1, i]
            } else {
                vec![i]
            }
        };
        for minutes in colons(pos + 3) {
            if !sexagesimal(minutes) {
                continue;
            }
            for seconds in colons(minutes + 2) {
                if !sexagesimal(seconds) {
                    continue;
                }
                let dot = seconds + 2;
                if at(dot) == Some('.') {
                    let n = (1..=6).take_while(|&k| digit(dot + k)).count();
                    ends.extend((1..=n).rev().map(|k| dot + 1 + k));
                }
                ends.push(dot);
            }
            ends.push(minutes + 2);
        }
    }
    if at(pos) == Some('Z') {
        ends.push(pos + 1);
    }
    let mut unique = Vec::new();
    for end in ends {
        if !unique.contains(&end) {
            unique.push(end);
        }
    }
    unique
}

/// The names a name directive matches, in the order CPython's regex tries them: its locale's
/// list (days Monday first, months January first), longest first and ties in list order
/// (`_strptime.TimeRE.__seqToRE` sorts with `key=len, reverse=True`).
pub(super) fn name_table(name: char) -> &'static [&'static str] {
    fn cpython_order(names: impl Iterator<Item = &'static str>) -> Vec<&'static str> {
        let mut names: Vec<_> = names.collect();
        names.sort_by_key(|name| std::cmp::Reverse(name.len()));
        names
    }
    fn monday_first() -> impl Iterator<Item = &'static str> {
        WEEKDAY_NAMES.iter().cycle().skip(1).take(7).copied()
    }
    static DAYS: LazyLock<Vec<&str>> = LazyLock::new(|| cpython_order(monday_first()));
    static DAYS_ABBREVIATED: LazyLock<Vec<&str>> =
        LazyLock::new(|| cpython_order(monday_first().map(abbreviation)));
    static MONTHS: LazyLock<Vec<&str>> =
        LazyLock::new(|| cpython_order(MONTH_NAMES.iter().copied()));
    static MONTHS_ABBREVIATED: LazyLock<Vec<&str>> =
        LazyLock::new(|| cpython_order(MONTH_NAMES.iter().copied().map(abbreviation)));
    match name {
        'A' => &DAYS,
        'a' => &DAYS_ABBREVIATED,
        'B' => &MONTHS,
        'b' => &MONTHS_ABBREVIATED,
        'p' => &["am", "pm"],
        'Z' => &["utc", "gmt"],
        _ => &[],
    }
}

/// Python's simple case-insensitive comparison of two literal characters.
pub(super) fn same_ignoring_case(a: char, b: char) -> bool {
    let lower = |c: char| {
        let mut it = c.to_lowercase();
        match (it.next(), it.next()) {
            (Some(l), None) => l,
            _ => c,
        }
    };
    a == b || lower(a) == lower(b)
}

impl Compiled {
    /// Matches the tokens from the start of `text`, with backtracking in the order of
    /// CPython's regex engine, returning the end of the first match and the groups
    /// `(name, start, end)` in char indices; or, when nothing matches, the furthest position
    /// reached. Failed `(token, position)` states are remembered, so the work is bounded by
    /// tokens × positions × alternatives.
    pub(super) fn match_text(&self, text: &[char]) -> Result<(usize, Groups), usize> {
        struct Frame {
            token: usize,
            pos: usize,
            ends: Vec<usize>,
            next: usize,
        }
        let candidates = |token: usize, pos: usize| -> Vec<usize> {
            match self.tokens.get(token) {
                Some(Token::Literal(l)) => {
                    let hit = text.get(pos).is_some_and(|&c| same_ignoring_case(*l, c));
                    if hit { vec![pos + 1] } else { Vec::new() }
                }
                Some(Token::Whitespace) => {
                    let run = text.get(pos..).unwrap_or_default();
                    let n = run.iter().take_while(|&&c| py_isspace(c)).count();
                    (1..=n).rev().map(|k| pos + k).collect()
                }
                Some(Token::Group(name)) => group_candidates(*name, text, pos),
                None => Vec::new(),
            }
        };
        if self.tokens.is_empty() {
            return Ok((0, Vec::new()));
        }
        let mut failed: HashSet<(usize, usize)> = HashSet::new();
        let mut furthest = 0;
        let mut stack = vec![Frame {
            token: 0,
            pos: 0,
            ends: candidates(0, 0),
            next: 0,
        }];
        while let Some(frame) = stack.last_mut() {
            let Some(&end) = frame.ends.get(frame.next) else {
                failed.insert((frame.token, frame.pos));
                stack.pop();
                continue;
            };
            frame.next += 1;
            furthest = furthest.max(end);
            let token = frame.token + 1;
            if token == self.tokens.len() {
                let groups = stack
                    .iter()
                    .filter_map(|f| {
                        let end = f.ends.get(f.next.checked_sub(1)?)?;
                        match self.tokens.get(f.token) {
                            Some(Token::Group(name)) => Some((*name, f.pos, *end)),
                            _ => None,
                        }
                    })
                    .collect();
                return Ok((end, groups));
            }
            if !failed.contains(&(token, end)) {
                stack.push(Frame {
                    token,
                    pos: end,
                    ends: candidates(token, end),
                    next: 0,
                });
            }
        }
        Err(furthest)
    }

    pub(super) fn has(&self, name: char) -> bool {
        self.tokens.contains(&Token::Group(name))
    }

    pub(super) fn directive_span(&self, name: char) -> (usize, usize) {
        self.directive_at
            .iter()
            .find(|d| d.0 == name)
            .map_or((0, 0), |&(_, s, e)| (s, e))
    }

    /// The `%G`/`%V` checks of `_strptime`, which depend only on which directives are present.
    pub(super) fn check_iso_directives(&self) -> Result<(), ValueIssue> {
        let has_year = self.has('Y') || self.has('y');
        let has_weekday = ['A', 'a', 'w', 'u'].iter().any(|&d| self.has(d));
        let issue = |message: &str, name: char| {
            let (start, end) = self.directive_span(name);
            Err(ValueIssue::new(message, start, end))
        };
        if !has_year && self.has('G') {
            if !self.has('V') || !has_weekday {
                return issue(
                    "ISO year directive '%G' must be used with the ISO week directive '%V' and \
                     a weekday directive ('%A', '%a', '%w', or '%u').",
                    'G',
                );
            }
            if self.has('j') {
                return issue(
                    "Day of the year directive '%j' is not compatible with ISO year directive \
                     '%G'. Use '%Y' instead.",
                    'j',
                );
            }
        } else if !self.has('U') && !self.has('W') && self.has('V') {
            return if has_weekday {
                issue(
                    "ISO week directive '%V' is incompatible with the year directive '%Y'. Use \
                     the ISO year '%G' instead.",
                    'V',
                )
            } else {
                issue(
                    "ISO week directive '%V' must be used with the ISO year directive '%G' and \
                     a weekday directive ('%A', '%a', '%w', or '%u').",
                    'V',
                )
            };
        }
        Ok(())
    }
}
