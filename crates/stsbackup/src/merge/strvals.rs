//! Helm's `--set` parser (`pkg/strvals/parser.go` and `literal_parser.go` of Helm v4.2),
//! ported step for step, because its behaviour is in its control flow rather than in a
//! grammar: `a[0].b=` at the very end sets nothing, `a[0` is no error, `=1` is ignored,
//! `a.b=1` fails when `a` is a string (a Go type assertion that panics and is recovered), a
//! list grows with nulls up to index 65536, and the error messages are Go's.
//!
//! Unlike Helm, every value carries the byte range of its text in the expression, and two
//! bounds keep hostile text cheap: a path of at most [`MAX_SET_DEPTH`] keys and indices (Helm
//! limits dotted names to 30 levels but list indices not at all) and at most
//! [`MAX_SET_NODES`] values created by all the expressions of a merge (each `[65536]` makes a
//! list of 65,537).

use super::SetKind;
use super::tree::{Work, WorkMap, WorkValue};
use crate::load::NodeValue;
use std::ops::Range;

/// The largest list index Helm accepts (`strvals.MaxIndex`).
pub const MAX_INDEX: i64 = 65536;

/// The most dots Helm accepts in a name (`strvals.MaxNestedNameLevel`).
pub const MAX_NESTED_NAME_LEVEL: usize = 30;

/// The most keys and list indices one `--set` path may have (stsbackup's bound: Helm has
/// none for list indices, and every level is a level of recursion).
pub const MAX_SET_DEPTH: usize = 64;

/// The most values the `--set` expressions of one merge may create, nulls that fill a
/// grown list included (stsbackup's bound, the loader's node budget).
pub const MAX_SET_NODES: usize = crate::load::MAX_NODES;

/// A `--set` expression that Helm refuses: Helm's message and where in the expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct SetError {
    pub message: String,
    pub span: Range<usize>,
}

/// What applying one expression did, besides changing the values.
pub(super) struct Outcome {
    pub error: Option<SetError>,
    /// Byte ranges of values assigned to secret paths, to be masked in shown lines.
    pub secrets: Vec<Range<usize>>,
}

/// Applies one expression to the values, as `strvals.ParseInto` (or `ParseIntoString`,
/// `ParseLiteralInto`) does: in place, so that a failing expression leaves what it set
/// before the error, as Helm's map holds it when it gives up.
///
/// `from_set` tells, for each source, whether it is a `--set` argument: Helm holds its
/// integers as `int64` and a file's as `float64`, which its type errors name.
pub(super) fn parse_into(
    expression: &str,
    kind: SetKind,
    origin: usize,
    root: &mut WorkMap,
    from_set: &[bool],
    budget: &mut usize,
) -> Outcome {
    let mut parser = Parser {
        text: expression,
        pos: 0,
        kind,
        origin,
        path: Vec::new(),
        secrets: Vec::new(),
        from_set,
        budget,
    };
    let error = loop {
        match parser.key(root, 0, 0) {
            Ok(()) => continue,
            Err(Halt::End) => break None,
            Err(Halt::Error(error)) => break Some(error),
        }
    };
    Outcome {
        error,
        secrets: parser.secrets,
    }
}

/// The values an expression assigns to secret paths, found by splitting it at commas and
/// dots rather than by parsing: a failing expression is shown in its finding, and the
/// assignments after its error must be masked too.
pub(super) fn secret_values(expression: &str, kind: SetKind) -> Vec<Range<usize>> {
    let literal = kind == SetKind::Literal;
    let mut found = Vec::new();
    let mut segments = vec![String::new()];
    let mut value_start: Option<usize> = None;
    let mut finish = |segments: &mut Vec<String>, value_start: &mut Option<usize>, end: usize| {
        if let Some(start) = value_start.take()
            && start < end
            // A misspelt secret key (`minio.secretkey`) holds a secret all the same.
            && (crate::load::is_secret_path(segments)
                || segments.last().is_some_and(|key| crate::source::looks_secret(key)))
        {
            found.push(start..end);
        }
        segments.clear();
        segments.push(String::new());
    };
    let mut chars = expression.char_indices();
    while let Some((at, c)) = chars.next() {
        let in_key = value_start.is_none();
        match c {
            '\\' if !literal => {
                if let Some((_, next)) = chars.next()
                    && in_key
                    && let Some(segment) = segments.last_mut()
                {
                    segment.push(next);
                }
            }
            ',' if !literal => finish(&mut segments, &mut value_start, at),
            '=' if in_key => value_start = Some(at + 1),
            '.' if in_key => segments.push(String::new()),
            c if in_key => {
                if let Some(segment) = segments.last_mut() {
                    segment.push(c);
                }
            }
            _ => {}
        }
    }
    finish(&mut segments, &mut value_start, expression.len());
    found
}

/// Why a step stopped short.
enum Halt {
    /// Go's `io.EOF`: the expression ended. Helm's parse loop ends without an error on it,
    /// even when it comes wrapped ("error parsing index: EOF", for `a[0`).
    End,
    Error(SetError),
}

type Step<T = ()> = Result<T, Halt>;

/// The text read up to a stop character.
struct Run {
    /// With backslash escapes resolved (except in `--set-literal`).
    text: String,
    /// The raw text, without the stop character.
    span: Range<usize>,
    /// The stop character, `None` at the end of the expression.
    stop: Option<char>,
}

/// What `valList` found after `=`.
enum ListRead {
    List(Work),
    End,
    NotList,
    Error(SetError),
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    kind: SetKind,
    origin: usize,
    /// The keys (and list indices) from the root to where the parser is, to recognise
    /// secrets.
    path: Vec<String>,
    secrets: Vec<Range<usize>>,
    from_set: &'a [bool],
    budget: &'a mut usize,
}

impl Parser<'_> {
    fn literal(&self) -> bool {
        self.kind == SetKind::Literal
    }

    fn read(&mut self) -> Option<char> {
        let c = self.text.get(self.pos..)?.chars().next()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn unread(&mut self, c: char) {
        self.pos -= c.len_utf8();
    }

    /// Go's `runesUntil` (`runesUntilLiteral` for `--set-literal`, which has no escapes).
    fn runes_until(&mut self, stop: &[char]) -> Run {
        let start = self.pos;
        let mut text = String::new();
        loop {
            let before = self.pos;
            match self.read() {
                None => {
                    return Run {
                        text,
                        span: start..self.pos,
                        stop: None,
                    };
                }
                Some(c) if stop.contains(&c) => {
                    return Run {
                        text,
                        span: start..before,
                        stop: Some(c),
                    };
                }
                Some('\\') if !self.literal() => match self.read() {
                    Some(next) => text.push(next),
                    None => {
                        return Run {
                            text,
                            span: start..self.pos,
                            stop: None,
                        };
                    }
                },
                Some(c) => text.push(c),
            }
        }
    }

    fn error(&self, message: String, span: Range<usize>) -> Halt {
        Halt::Error(SetError { message, span })
    }

    /// Counts values created against the merge's budget.
    fn spend(&mut self, nodes: usize, span: &Range<usize>) -> Step {
        match self.budget.checked_sub(nodes) {
            Some(left) => {
                *self.budget = left;
                Ok(())
            }
            None => Err(self.error(
                format!(
                    "the --set values would hold more than {MAX_SET_NODES} values (a list index fills the list before it with nulls)"
                ),
                span.clone(),
            )),
        }
    }

    fn deeper(&self, depth: usize, span: &Range<usize>) -> Step<usize> {
        if depth >= MAX_SET_DEPTH {
            return Err(self.error(
                format!("the --set path has more than {MAX_SET_DEPTH} keys and indices"),
                span.clone(),
            ));
        }
        Ok(depth + 1)
    }

    /// Go's type assertion failing on a value the path goes through, as Helm's `recover`
    /// words it.
    fn not_a(&self, found: &Work, wanted: &str, span: &Range<usize>) -> Halt {
        let found = match &found.value {
            WorkValue::Scalar(NodeValue::Null) => "nil",
            WorkValue::Scalar(NodeValue::Bool(_)) => "bool",
            WorkValue::Scalar(NodeValue::Int(_))
                if self.from_set.get(found.origin).copied().unwrap_or(false) =>
            {
                "int64"
            }
            WorkValue::Scalar(NodeValue::Int(_) | NodeValue::Float(_)) => "float64",
            WorkValue::Scalar(NodeValue::String(_)) => "string",
            WorkValue::Scalar(_) | WorkValue::Seq(_) => "[]interface {}",
            WorkValue::Map(_) => "map[string]interface {}",
        };
        self.error(
            format!(
                "unable to parse key: interface conversion: interface {{}} is {found}, not {wanted}"
            ),
            span.clone(),
        )
    }

    /// Go's `typedVal` (the reader of `--set` and `--set-string`), or the literal string.
    fn value(&mut self, run: Run) -> Step<Work> {
        self.spend(1, &run.span)?;
        let value = match self.kind {
            SetKind::Typed => typed_value(run.text),
            SetKind::String | SetKind::Literal => NodeValue::String(run.text),
        };
        Ok(Work::scalar(value, run.span, self.origin))
    }

    fn empty_string(&mut self, at: usize) -> Step<Work> {
        self.value(Run {
            text: String::new(),
            span: at..at,
            stop: None,
        })
    }

    /// Records the value's text when it is assigned to a secret path (the parser's path).
    fn mark_if_secret(&mut self, value: &Work) {
        if crate::load::is_secret_path(&self.path) && !value.span.is_empty() {
            self.secrets.push(value.span.clone());
        }
    }

    /// Go's `set`: an empty key is ignored.
    fn set(&mut self, data: &mut WorkMap, key: Run, value: Work) {
        if key.text.is_empty() {
            return;
        }
        self.path.push(key.text.clone());
        self.mark_if_secret(&value);
        self.path.pop();
        data.set(key.text, key.span, value);
    }

    /// Go's `parser.key` (and `literalParser.key`).
    fn key(&mut self, data: &mut WorkMap, level: usize, depth: usize) -> Step {
        let stop: &[char] = if self.literal() {
            &['=', '[', '.']
        } else {
            &['=', '[', ',', '.']
        };
        let run = self.runes_until(stop);
        match run.stop {
            None if run.text.is_empty() => Err(Halt::End),
            None => Err(self.error(
                format!("key {} has no value", go_quote(&run.text)),
                run.span,
            )),
            Some('[') => self.key_list(data, run, level, depth),
            Some('=') => self.key_value(data, run),
            Some(',') => {
                let message = format!(
                    "key {} has no value (cannot end with ,)",
                    go_quote(&run.text)
                );
                let span = run.span.clone();
                let empty = self.empty_string(span.end)?;
                self.set(data, run, empty);
                Err(self.error(message, span))
            }
            Some(_) => self.key_map(data, run, level, depth),
        }
    }

    /// `key=value`.
    fn key_value(&mut self, data: &mut WorkMap, key: Run) -> Step {
        if self.literal() {
            let value = self.runes_until(&[]);
            let value = self.value(value)?;
            self.set(data, key, value);
            return Ok(());
        }
        match self.val_list() {
            ListRead::List(list) => {
                self.set(data, key, list);
                Ok(())
            }
            ListRead::End => {
                let empty = self.empty_string(self.pos)?;
                self.set(data, key, empty);
                Err(Halt::End)
            }
            ListRead::NotList => {
                let value = self.runes_until(&[',']);
                let value = self.value(value)?;
                self.set(data, key, value);
                Ok(())
            }
            ListRead::Error(error) => Err(Halt::Error(error)),
        }
    }

    /// `key.rest`: into the mapping at `key`, made when missing.
    fn key_map(&mut self, data: &mut WorkMap, key: Run, level: usize, depth: usize) -> Step {
        let level = level + 1;
        if level > MAX_NESTED_NAME_LEVEL {
            return Err(self.error(
                format!(
                    "value name nested level is greater than maximum supported nested level of {MAX_NESTED_NAME_LEVEL}"
                ),
                key.span,
            ));
        }
        let depth = self.deeper(depth, &key.span)?;
        let start = self.pos;
        self.path.push(key.text.clone());
        let (result, empty, made) = match data.get_mut(&key.text) {
            Some(entry) => match &mut entry.value.value {
                // Helm changes the mapping in place: it keeps its position.
                WorkValue::Map(inner) => {
                    let result = self.key(inner, level, depth);
                    (result, inner.len() == 0, None)
                }
                _ => {
                    let error = self.not_a(&entry.value, "map[string]interface {}", &key.span);
                    (Err(error), false, None)
                }
            },
            None => {
                let mut inner = WorkMap::default();
                let result = self.key(&mut inner, level, depth);
                (result, inner.len() == 0, Some(inner))
            }
        };
        self.path.pop();
        if result.is_ok() && empty {
            return Err(self.error(
                format!("key map {} has no value", go_quote(&key.text)),
                key.span,
            ));
        }
        if let Some(inner) = made
            && inner.len() != 0
        {
            let map = Work::map(inner, start..self.pos, self.origin);
            self.set(data, key, map);
        }
        result
    }

    /// `key[index]rest`: into the list at `key`, made when missing.
    fn key_list(&mut self, data: &mut WorkMap, key: Run, level: usize, depth: usize) -> Step {
        let open = key.span.end;
        let (index, index_span) = self.key_index()?;
        let depth = self.deeper(depth, &key.span)?;
        self.path.push(key.text.clone());
        let (result, made) = match data.get_mut(&key.text) {
            Some(entry) => match &mut entry.value.value {
                // Helm changes the list in place: it keeps its position.
                WorkValue::Seq(list) => {
                    (self.list_item(list, index, index_span, level, depth), None)
                }
                _ => (
                    Err(self.not_a(&entry.value, "[]interface {}", &key.span)),
                    None,
                ),
            },
            None => {
                let mut list = Vec::new();
                let result = self.list_item(&mut list, index, index_span, level, depth);
                (result, Some(list))
            }
        };
        self.path.pop();
        // Helm stores a new list even when the rest failed or was missing (`a[0]`).
        if let Some(list) = made {
            let list = Work::seq(list, open..self.pos, self.origin);
            self.set(data, key, list);
        }
        result
    }

    /// Go's `keyIndex`: the index up to `]`, with its callers' "error parsing index".
    fn key_index(&mut self) -> Step<(i64, Range<usize>)> {
        let run = self.runes_until(&[']']);
        if run.stop.is_none() {
            return Err(Halt::End);
        }
        match go_atoi(&run.text) {
            Ok(index) => Ok((index, run.span)),
            Err(message) => Err(self.error(format!("error parsing index: {message}"), run.span)),
        }
    }

    /// Go's `listItem`: what follows `[index]`.
    fn list_item(
        &mut self,
        list: &mut Vec<Work>,
        index: i64,
        index_span: Range<usize>,
        level: usize,
        depth: usize,
    ) -> Step {
        if index < 0 {
            return Err(self.error(format!("negative {index} index not allowed"), index_span));
        }
        let run = self.runes_until(&['[', '.', '=']);
        if !run.text.is_empty() {
            return Err(self.error(
                format!(
                    "unexpected data at end of array index: {}",
                    go_quote_runes(&run.text)
                ),
                run.span,
            ));
        }
        self.path.push(index.to_string());
        let result = match run.stop {
            None => Err(Halt::End),
            Some('=') => self.item_value(list, index, index_span),
            Some('[') => self.item_list(list, index, index_span, run.span.end, level, depth),
            Some(_) => self.item_map(list, index, index_span, level, depth),
        };
        self.path.pop();
        result
    }

    /// `[index]=value`.
    fn item_value(&mut self, list: &mut Vec<Work>, index: i64, span: Range<usize>) -> Step {
        let value = if self.literal() {
            let run = self.runes_until(&[]);
            self.value(run)?
        } else {
            match self.val_list() {
                ListRead::List(list) => list,
                // Unlike `key=` at the end, this is no `io.EOF`: the parse goes on (and ends).
                ListRead::End => self.empty_string(self.pos)?,
                ListRead::NotList => {
                    let run = self.runes_until(&[',']);
                    self.value(run)?
                }
                ListRead::Error(error) => return Err(Halt::Error(error)),
            }
        };
        self.mark_if_secret(&value);
        self.set_index(list, index, span, value)
    }

    /// `[index][next]rest`: a list in a list.
    fn item_list(
        &mut self,
        list: &mut Vec<Work>,
        index: i64,
        index_span: Range<usize>,
        open: usize,
        level: usize,
        depth: usize,
    ) -> Step {
        let (next, next_span) = self.key_index()?;
        let depth = self.deeper(depth, &next_span)?;
        let existing = usize::try_from(index)
            .ok()
            .filter(|&at| list.get(at).is_some_and(|item| !item.is_null()));
        match existing.and_then(|at| list.get_mut(at)) {
            Some(item) => match &mut item.value {
                // In place, as the Go slice shares its array.
                WorkValue::Seq(inner) => self.list_item(inner, next, next_span, level, depth),
                _ => Err(self.not_a(item, "[]interface {}", &index_span)),
            },
            None => {
                let mut inner = Vec::new();
                self.list_item(&mut inner, next, next_span, level, depth)?;
                let inner = Work::seq(inner, open..self.pos, self.origin);
                self.set_index(list, index, index_span, inner)
            }
        }
    }

    /// `[index].rest`: a mapping in a list.
    fn item_map(
        &mut self,
        list: &mut Vec<Work>,
        index: i64,
        index_span: Range<usize>,
        level: usize,
        depth: usize,
    ) -> Step {
        let depth = self.deeper(depth, &index_span)?;
        let start = self.pos;
        match usize::try_from(index).ok().and_then(|at| list.get_mut(at)) {
            Some(item) => {
                // "We have indices out of order. Initialize empty value." (even if the rest
                // then fails).
                let made = !item.is_map();
                if made {
                    self.spend(1, &index_span)?;
                    *item = Work::map(WorkMap::default(), start..start, self.origin);
                }
                let result = match &mut item.value {
                    WorkValue::Map(inner) => self.key(inner, level, depth),
                    _ => Ok(()),
                };
                if made {
                    item.span.end = self.pos;
                }
                result
            }
            None => {
                let mut inner = WorkMap::default();
                self.key(&mut inner, level, depth)?;
                self.spend(1, &index_span)?;
                let inner = Work::map(inner, start..self.pos, self.origin);
                self.set_index(list, index, index_span, inner)
            }
        }
    }

    /// Go's `setIndex`: a list grows with nulls up to the index.
    fn set_index(
        &mut self,
        list: &mut Vec<Work>,
        index: i64,
        index_span: Range<usize>,
        value: Work,
    ) -> Step {
        if index < 0 {
            return Err(self.error(format!("negative {index} index not allowed"), index_span));
        }
        if index > MAX_INDEX {
            return Err(self.error(
                format!("index of {index} is greater than maximum supported index of {MAX_INDEX}"),
                index_span,
            ));
        }
        let Ok(at) = usize::try_from(index) else {
            return Err(self.error(format!("index {index} is out of range"), index_span));
        };
        if list.len() <= at {
            self.spend(at + 1 - list.len(), &index_span)?;
            // The nulls point at `[index]`, which made them.
            let brackets = index_span.start.saturating_sub(1)..index_span.end + 1;
            let origin = self.origin;
            list.resize_with(at + 1, || {
                Work::scalar(NodeValue::Null, brackets.clone(), origin)
            });
        }
        if let Some(slot) = list.get_mut(at) {
            *slot = value;
        }
        Ok(())
    }

    /// Go's `valList`: `{a,b}` after `=`.
    fn val_list(&mut self) -> ListRead {
        let open = self.pos;
        match self.read() {
            None => return ListRead::End,
            Some('{') => {}
            Some(c) => {
                self.unread(c);
                return ListRead::NotList;
            }
        }
        let mut items = Vec::new();
        loop {
            let run = self.runes_until(&[',', '}']);
            match run.stop {
                None => {
                    return ListRead::Error(SetError {
                        message: "list must terminate with '}'".to_owned(),
                        span: open..self.pos,
                    });
                }
                Some('}') => {
                    let close = self.pos;
                    // A comma after `}` is consumed, anything else is the next key.
                    if let Some(c) = self.read()
                        && c != ','
                    {
                        self.unread(c);
                    }
                    let list = self.value(run).and_then(|item| {
                        items.push(item);
                        self.spend(1, &(open..close))?;
                        Ok(Work::seq(items, open..close, self.origin))
                    });
                    return match list {
                        Ok(list) => ListRead::List(list),
                        Err(Halt::Error(error)) => ListRead::Error(error),
                        Err(Halt::End) => ListRead::End,
                    };
                }
                Some(_) => match self.value(run) {
                    Ok(item) => items.push(item),
                    Err(Halt::Error(error)) => return ListRead::Error(error),
                    Err(Halt::End) => return ListRead::End,
                },
            }
        }
    }
}

/// Go's `typedVal` for `--set`: `true`, `false` and `null` in any case, and decimal
/// integers that do not start with `0` (except `0` itself), are typed; all else is a string.
fn typed_value(text: String) -> NodeValue {
    if go_equal_fold(&text, "true") {
        return NodeValue::Bool(true);
    }
    if go_equal_fold(&text, "false") {
        return NodeValue::Bool(false);
    }
    if go_equal_fold(&text, "null") {
        return NodeValue::Null;
    }
    if text == "0" {
        return NodeValue::Int(0);
    }
    // `strconv.ParseInt(val, 10, 64)` takes an optional sign and ASCII digits, as Rust's.
    if !text.is_empty()
        && !text.starts_with('0')
        && let Ok(int) = text.parse::<i64>()
    {
        return NodeValue::Int(int);
    }
    NodeValue::String(text)
}

/// Go's `strings.EqualFold` against a lowercase ASCII word: Unicode simple case folding,
/// under which the long s `ſ` is an `s` and the Kelvin sign `K` a `k`.
fn go_equal_fold(text: &str, word: &str) -> bool {
    let mut chars = text.chars();
    for expected in word.chars() {
        let Some(c) = chars.next() else {
            return false;
        };
        let same = c.to_ascii_lowercase() == expected
            || (expected == 's' && c == '\u{17f}')
            || (expected == 'k' && c == '\u{212a}');
        if !same {
            return false;
        }
    }
    chars.next().is_none()
}

/// Go's `strconv.Atoi` on a 64-bit platform, with its error messages.
fn go_atoi(text: &str) -> Result<i64, String> {
    let fail = |what: &str| format!("strconv.Atoi: parsing {}: {what}", go_quote(text));
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() {
        return Err(fail("invalid syntax"));
    }
    let mut magnitude: u64 = 0;
    for byte in digits.bytes() {
        if !byte.is_ascii_digit() {
            return Err(fail("invalid syntax"));
        }
        magnitude = magnitude
            .checked_mul(10)
            .and_then(|m| m.checked_add(u64::from(byte - b'0')))
            .ok_or_else(|| fail("value out of range"))?;
    }
    let signed = if negative {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    };
    signed.ok_or_else(|| fail("value out of range"))
}

/// Go's `strconv.Quote` (`%q` of a string).
pub(super) fn go_quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        push_go_escaped(&mut quoted, c, '"');
    }
    quoted.push('"');
    quoted
}

/// `%q` of a Go `[]rune`: each rune quoted, in brackets.
fn go_quote_runes(text: &str) -> String {
    let runes: Vec<String> = text
        .chars()
        .map(|c| {
            let mut quoted = String::from('\'');
            push_go_escaped(&mut quoted, c, '\'');
            quoted.push('\'');
            quoted
        })
        .collect();
    format!("[{}]", runes.join(" "))
}

fn push_go_escaped(out: &mut String, c: char, quote: char) {
    if c == quote || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if is_go_printable(c) {
        out.push(c);
        return;
    }
    let escape = match c {
        '\u{7}' => "\\a",
        '\u{8}' => "\\b",
        '\u{c}' => "\\f",
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        '\u{b}' => "\\v",
        c if c < ' ' || c == '\u{7f}' => {
            out.push_str(&format!("\\x{:02x}", c as u32));
            return;
        }
        c if (c as u32) < 0x10000 => {
            out.push_str(&format!("\\u{:04x}", c as u32));
            return;
        }
        c => {
            out.push_str(&format!("\\U{:08x}", c as u32));
            return;
        }
    };
    out.push_str(escape);
}

/// Go's `strconv.IsPrint`, exactly for Latin-1 and approximately beyond (Rust has no
/// Unicode categories): controls, separators other than the space, and the common format
/// characters are not printable.
fn is_go_printable(c: char) -> bool {
    match c as u32 {
        0x20..=0x7e => true,
        0xa1..=0xff => c != '\u{ad}',
        0..=0xa0 => false,
        code => {
            !c.is_control()
                && !c.is_whitespace()
                && !matches!(code,
                    0x200b..=0x200f | 0x2028..=0x202e | 0x2060..=0x206f | 0xfeff
                    | 0xfff9..=0xfffb | 0xe000..=0xf8ff | 0xf0000..)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_values_follow_go_typed_val() {
        let typed = |text: &str| typed_value(text.to_owned());
        assert_eq!(typed("TRUE"), NodeValue::Bool(true));
        assert_eq!(typed("falſe"), NodeValue::Bool(false));
        assert_eq!(typed("Null"), NodeValue::Null);
        assert_eq!(typed("0"), NodeValue::Int(0));
        assert_eq!(typed("-0"), NodeValue::Int(0));
        assert_eq!(typed("+5"), NodeValue::Int(5));
        assert_eq!(typed("007"), NodeValue::String("007".into()));
        assert_eq!(typed("1_000"), NodeValue::String("1_000".into()));
        assert_eq!(typed("1.5"), NodeValue::String("1.5".into()));
        assert_eq!(
            typed("9223372036854775808"),
            NodeValue::String("9223372036854775808".into())
        );
        assert_eq!(typed(""), NodeValue::String(String::new()));
    }

    #[test]
    fn atoi_matches_go() {
        assert_eq!(go_atoi("+1"), Ok(1));
        assert_eq!(go_atoi("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(
            go_atoi("9223372036854775808").unwrap_err(),
            "strconv.Atoi: parsing \"9223372036854775808\": value out of range"
        );
        assert_eq!(
            go_atoi("99999999999999999999x").unwrap_err(),
            "strconv.Atoi: parsing \"99999999999999999999x\": value out of range"
        );
        assert_eq!(
            go_atoi(" 1").unwrap_err(),
            "strconv.Atoi: parsing \" 1\": invalid syntax"
        );
        assert!(go_atoi("").is_err() && go_atoi("-").is_err() && go_atoi("1_0").is_err());
    }

    #[test]
    fn secrets_are_found_without_parsing() {
        let text = r"oops,minio.secretKey=hunter2,minio.s3gateway.secret\Key=x\,y,a=1";
        let found: Vec<&str> = secret_values(text, SetKind::Typed)
            .into_iter()
            .map(|range| &text[range])
            .collect();
        assert_eq!(found, ["hunter2", r"x\,y"]);
        let text = "minio.secretKey=a,b";
        assert_eq!(secret_values(text, SetKind::Literal), vec![16..19]);
    }

    #[test]
    fn quoting_matches_go() {
        assert_eq!(go_quote("a\"b\\c\n\u{0}é"), "\"a\\\"b\\\\c\\n\\x00é\"");
        assert_eq!(go_quote_runes("\"x'"), "['\"' 'x' '\\'']");
        assert_eq!(go_quote("\u{a0}\u{200b}"), "\"\\u00a0\\u200b\"");
    }
}
