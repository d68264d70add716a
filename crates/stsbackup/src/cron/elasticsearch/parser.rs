//! The parser: a port of `Cron.buildExpression`, `storeExpressionVals`, `checkNext`, `addToSet`
//! and `getValue`, noting on its way what it skips or reinterprets.

use super::fields::{Field, Rules};
use super::java::{
    Span, Token, Unit, java_digit, java_parse_int, month_number, shown, unit_text, weekday_number,
};
use super::verdicts::{is_last_day_form, last_help, rejected, replaced};
use super::{ALL_SPEC, FIRST_YEAR, LAST_YEAR, NO_SPEC};
use crate::issue::ValueIssue;

/// Something the parser noticed on its way, judged once the whole expression is known to be
/// accepted by Elasticsearch.
#[derive(Clone, Debug)]
pub(super) enum Note {
    /// Elasticsearch used `read` of an item and ignored `skipped`.
    Skipped {
        field: Field,
        item: Span,
        read: Span,
        skipped: Span,
    },
    /// A comma with nothing before or after it.
    EmptyItem { field: Field, comma: Span },
    /// A literal `99` (read as `*`) or `98` (read as `?`).
    Marker { field: Field, value: i32, at: Span },
    /// `d#n` with `d` outside 1-7: no range check there.
    UncheckedWeekday { value: i32, item: Span },
    /// A year written out, in or out of range.
    Year { value: i32, at: Span },
    /// `i += incr` overflows a Java `int` and the loop fills the set with stray values.
    StepOverflow { field: Field, item: Span },
    /// `*/0`, `*/-5`: a step of zero or less is dropped.
    StepIgnored { field: Field, item: Span },
    /// A step that leaves only its start value (`0/60`).
    SingleStep {
        field: Field,
        item: Span,
        value: i32,
    },
    /// A range in a 1-based field ending at 0 (`5-0`), read as `5-max`.
    WrapFromZero {
        field: Field,
        item: Span,
        start: i32,
    },
    /// `L` where it means nothing (seconds, minutes, hours, month, year).
    LastIgnored { field: Field, item: Span },
    /// `L-W`: no offset, read as `LW`.
    OffsetlessLast { item: Span },
    /// `0W`: a day 0 the `W` search never finds.
    ZeroWeekday { item: Span },
}

/// The tally of one `addToSet` call: how many values the loop produced and the first one.
pub(super) struct Added {
    pub(super) count: i64,
    pub(super) first: i32,
}

pub(super) struct Parser<'a> {
    pub(super) expr: &'a str,
    /// Elasticsearch's `Cron.MAX_YEAR`: this year + 100, where `*` in the year field stops.
    pub(super) max_year: i32,
    pub(super) rules: Rules,
    pub(super) spans: [Span; 7],
    pub(super) notes: Vec<Note>,
}

impl<'a> Parser<'a> {
    pub(super) fn new(expr: &'a str, max_year: i32) -> Self {
        Parser {
            expr,
            max_year,
            rules: Rules::default(),
            spans: [Span::default(); 7],
            notes: Vec::new(),
        }
    }

    /// `buildExpression`: fields in order (tokens after the 7th are never looked at), the
    /// implicit `*` year, then the day-of-month/day-of-week check.
    pub(super) fn run(&mut self, tokens: &[Token]) -> Result<(), ValueIssue> {
        for (&field, token) in Field::ALL.iter().zip(tokens) {
            self.spans[field.index()] = token.span;
            self.store_field(field, token)?;
        }
        if tokens.len() < 6 {
            let end = self.expr.len();
            return Err(rejected(
                "unexpected end of expression",
                Span { start: end, end },
            ));
        }
        if tokens.len() < 7 {
            let end = self.expr.len();
            self.add_to_set(ALL_SPEC, -1, 0, Field::Year, Span { start: end, end })?;
        }
        let dom = self.rules.uses_day_of_month();
        let dow = self.rules.uses_day_of_week();
        if dom == dow {
            return Err(self.day_fields_issue(dom));
        }
        Ok(())
    }

    pub(super) fn day_fields_issue(&self, both_restricted: bool) -> ValueIssue {
        let dom_span = self.spans[Field::DayOfMonth.index()];
        let dow_span = self.spans[Field::DayOfWeek.index()];
        let issue = rejected(
            "support for specifying both a day-of-week AND a day-of-month parameter is not \
             implemented.",
            dom_span.to(dow_span),
        );
        let with = |span: Span, text: &str| replaced(self.expr, span, text);
        let dom = dom_span.text(self.expr);
        let dow = dow_span.text(self.expr);
        if !both_restricted {
            return issue.with_help(format!(
                "exactly one of day-of-month and day-of-week must be `?`: use `{}`",
                with(dom_span, "*")
            ));
        }
        let help = if dow == "*" {
            format!(
                "use `{}`: `?` in day-of-week means \"whatever day of the week\"",
                with(dow_span, "?")
            )
        } else if dom == "*" {
            format!(
                "use `{}`: `?` in day-of-month means \"whatever day of the month\"",
                with(dom_span, "?")
            )
        } else {
            format!(
                "Elasticsearch cannot combine the two day fields; put `?` in one of them: `{}` \
                 (by day of the month) or `{}` (by day of the week)",
                with(dow_span, "?"),
                with(dom_span, "?")
            )
        };
        issue.with_help(help)
    }

    /// One field: the whole-field checks of `buildExpression`, then each comma-separated item.
    pub(super) fn store_field(&mut self, field: Field, token: &Token) -> Result<(), ValueIssue> {
        let units = token.units;
        let has = |c: char| units.iter().any(|u| u.c == c);
        if field == Field::DayOfMonth && has('L') && units.len() > 1 && has(',') {
            return Err(rejected(
                "support for specifying 'L' and 'LW' with other days of the month is not \
                 implemented",
                token.span,
            )
            .with_help("`L`, `LW` and `L-n` must be the only value in day-of-month"));
        }
        if field == Field::DayOfWeek && has('L') && units.len() > 1 && has(',') {
            return Err(rejected(
                "support for specifying 'L' with other days of the week is not implemented",
                token.span,
            )
            .with_help("`L` and `dL` must be the only value in day-of-week"));
        }
        if field == Field::DayOfWeek && units.iter().filter(|u| u.c == '#').count() > 1 {
            return Err(rejected(
                "support for specifying multiple \"nth\" days is not implemented.",
                token.span,
            )
            .with_help("use a single `d#n` in day-of-week, or one policy per day"));
        }

        // `new StringTokenizer(expr, ",")` drops empty items without a word.
        for (i, unit) in units.iter().enumerate() {
            let extra = unit.c == ',' && (i == 0 || i + 1 == units.len() || units[i - 1].c == ',');
            if extra {
                self.notes.push(Note::EmptyItem {
                    field,
                    comma: unit.span(),
                });
            }
        }
        for item in units.split(|u| u.c == ',').filter(|item| !item.is_empty()) {
            self.store(item, field)?;
        }
        Ok(())
    }

    /// `storeExpressionVals`: dispatch on the first character of an item.
    pub(super) fn store(&mut self, s: &[Unit], field: Field) -> Result<(), ValueIssue> {
        let item = Span::of(s, Span::default());
        let c = s[0].c;
        if c.is_ascii_uppercase() && !is_last_day_form(s) {
            return self.store_name(s, field, item);
        }
        match c {
            '?' => self.store_no_spec(s, field, item),
            '*' | '/' => self.store_every(s, field, item),
            'L' => self.store_last(s, field, item),
            '0'..='9' => self.store_number(s, field, item),
            _ => Err(rejected(
                format!("Unexpected character [{}]", shown(s[0], self.expr)),
                s[0].span(),
            )),
        }
    }

    /// Three-letter names: `JAN`, `MON-FRI`, `FRI#3`, `FRIL`. Anything after what is read is
    /// ignored (`MONDAY` is `MON`).
    pub(super) fn store_name(
        &mut self,
        s: &[Unit],
        field: Field,
        item: Span,
    ) -> Result<(), ValueIssue> {
        let name_at = |from: usize| -> Result<(String, Span), ValueIssue> {
            match s.get(from..from + 3) {
                Some(name) => Ok((unit_text(name), Span::of(name, item))),
                None => Err(rejected(
                    format!(
                        "`{}` is not a valid {} value{} (the parser fails with \
                         StringIndexOutOfBoundsException)",
                        item.text(self.expr),
                        field.name(),
                        if matches!(field, Field::Month | Field::DayOfWeek) {
                            ": Elasticsearch reads names as exactly three letters"
                        } else {
                            ""
                        }
                    ),
                    Span::of(&s[from.min(s.len())..], item),
                )
                .with_help(field.valid_values())),
            }
        };
        let (name, name_span) = name_at(0)?;
        let mut end = -1;
        let mut consumed = 3;
        let start = match field {
            Field::Month => {
                let invalid = |name: &str, at: Span| {
                    rejected(format!("invalid Month value [{name}]"), at)
                        .with_help(Field::Month.valid_values())
                };
                let start = month_number(&name).ok_or_else(|| invalid(&name, name_span))?;
                if s.len() > 3 && s[3].c == '-' {
                    let (name, span) = name_at(4)?;
                    end = month_number(&name).ok_or_else(|| invalid(&name, span))?;
                    consumed = 7;
                }
                start
            }
            Field::DayOfWeek => {
                let invalid = |name: &str, at: Span| {
                    rejected(format!("invalid Day-of-Week value [{name}]"), at)
                        .with_help(Field::DayOfWeek.valid_values())
                };
                let start = weekday_number(&name).ok_or_else(|| invalid(&name, name_span))?;
                if s.len() > 3 {
                    match s[3].c {
                        '-' => {
                            let (name, span) = name_at(4)?;
                            end = weekday_number(&name).ok_or_else(|| invalid(&name, span))?;
                            consumed = 7;
                        }
                        '#' => {
                            self.rules.nthday_of_week = self.nth(&s[4..], s[3].span())?;
                            consumed = s.len();
                        }
                        'L' => {
                            self.rules.lastday_of_week = true;
                            consumed = 4;
                        }
                        _ => {}
                    }
                }
                start
            }
            _ => {
                return Err(rejected(format!("illegal characters [{name}]"), name_span)
                    .with_help(field.valid_values()));
            }
        };
        let incr = if end == -1 { 0 } else { 1 };
        self.add_to_set(start, end, incr, field, item)?;
        self.note_skipped(s, consumed, field, item);
        Ok(())
    }

    /// The number after `#`: `Integer.parseInt` of the rest of the item, 1 to 5.
    pub(super) fn nth(&self, digits: &[Unit], hash: Span) -> Result<i32, ValueIssue> {
        java_parse_int(digits.iter().map(|u| u.c))
            .filter(|n| (1..=5).contains(n))
            .ok_or_else(|| {
                rejected(
                    "a numeric value between 1 and 5 must follow the '#' option",
                    Span::of(digits, hash),
                )
                .with_help(
                    "`d#n` means the n-th (1-5) weekday d of the month, e.g. `6#3` = third Friday",
                )
            })
    }

    /// `?`: only in the day fields, and not in both.
    pub(super) fn store_no_spec(
        &mut self,
        s: &[Unit],
        field: Field,
        item: Span,
    ) -> Result<(), ValueIssue> {
        // Java tests `(i + 1) < length` with `i` just past the `?`: one trailing character
        // slips through (`?X`), two do not.
        if s.len() >= 3 {
            return Err(rejected(
                format!("illegal character [{}] after '?'", shown(s[1], self.expr)),
                s[1].span(),
            ));
        }
        if field != Field::DayOfMonth && field != Field::DayOfWeek {
            return Err(rejected(
                "'?' can only be specified for Day-of-Month or Day-of-Week.",
                item,
            )
            .with_help(format!(
                "use `*` for {} in the {} field",
                field.every(),
                field.name()
            )));
        }
        if field == Field::DayOfWeek && !self.rules.lastday_of_month {
            let dom_span = self.spans[Field::DayOfMonth.index()];
            match self.rules.set(Field::DayOfMonth).last() {
                None => {
                    return Err(rejected(
                        "the day-of-month field has no value (the parser fails with \
                         NoSuchElementException)",
                        dom_span,
                    ));
                }
                Some(&NO_SPEC) => {
                    let fixed = replaced(self.expr, dom_span, "*");
                    return Err(rejected(
                        "'?' can only be specified for Day-of-Month -OR- Day-of-Week.",
                        item,
                    )
                    .with_help(format!(
                        "exactly one of day-of-month and day-of-week must be `?`: use `{fixed}`"
                    )));
                }
                Some(_) => {}
            }
        }
        self.add_to_set(NO_SPEC, -1, 0, field, item)?;
        self.note_skipped(s, 1, field, item);
        Ok(())
    }

    /// `*`, `*/step`, `/step`, and `*` followed by anything else (read as `*`).
    pub(super) fn store_every(
        &mut self,
        s: &[Unit],
        field: Field,
        item: Span,
    ) -> Result<(), ValueIssue> {
        let c = s[0].c;
        if c == '*' && s.len() == 1 {
            self.add_to_set(ALL_SPEC, -1, 0, field, item)?;
            return Ok(());
        }
        if c == '/' && s.len() == 1 {
            return Err(rejected("'/' must be followed by an integer.", item));
        }
        let slash = usize::from(c == '*');
        if s[slash].c != '/' {
            // `*X`: Java fills the field and never looks at the rest.
            self.add_to_set(ALL_SPEC, -1, 1, field, item)?;
            self.note_skipped(s, 1, field, item);
            return Ok(());
        }
        let digits = &s[slash + 1..];
        if digits.is_empty() {
            return Err(rejected("Unexpected end of string.", s[slash].span()));
        }
        let step_span = Span::of(digits, item);
        let incr = java_parse_int(digits.iter().map(|u| u.c)).ok_or_else(|| {
            rejected(
                format!(
                    "the step `{}` is not a number (the parser fails with NumberFormatException)",
                    step_span.text(self.expr)
                ),
                step_span,
            )
        })?;
        if let Some((cap, limit)) = field.step_cap()
            && incr > cap
        {
            return Err(
                rejected(format!("increment [{incr}] > {limit}"), step_span).with_help(format!(
                    "the largest step after `*` in the {} field is {cap}",
                    field.name()
                )),
            );
        }
        let added = self.add_to_set(ALL_SPEC, -1, incr, field, item)?;
        if incr <= 0 {
            self.notes.push(Note::StepIgnored { field, item });
        } else {
            self.note_step(field, item, &added);
        }
        Ok(())
    }

    /// `L`, `LW`, `L-n`, `L-nW`. Only day-of-month gives them meaning; day-of-week reads `L` as
    /// Saturday; every other field accepts and ignores them.
    pub(super) fn store_last(
        &mut self,
        s: &[Unit],
        field: Field,
        item: Span,
    ) -> Result<(), ValueIssue> {
        match field {
            Field::DayOfMonth => {
                self.rules.lastday_of_month = true;
                let mut i = 1;
                if s.len() > 1 {
                    if s[1].c == '-' {
                        let (offset, pos) = self.get_value(0, s, 2, 2, item)?;
                        if offset > 30 {
                            return Err(rejected(
                                "offset from last day must be <= 30",
                                Span::of(&s[2..pos.min(s.len())], item),
                            ));
                        }
                        self.rules.lastday_offset = offset;
                        if pos == 2 {
                            self.notes.push(Note::OffsetlessLast { item });
                        }
                        i = pos;
                    }
                    if s.get(i).is_some_and(|u| u.c == 'W') {
                        self.rules.nearest_weekday = true;
                    }
                }
            }
            Field::DayOfWeek => {
                self.add_to_set(7, 7, 0, field, item)?;
                self.note_skipped(s, 1, field, item);
            }
            _ => self.notes.push(Note::LastIgnored { field, item }),
        }
        Ok(())
    }

    /// A number, then whatever `checkNext` makes of the next character.
    pub(super) fn store_number(
        &mut self,
        s: &[Unit],
        field: Field,
        item: Span,
    ) -> Result<(), ValueIssue> {
        let first = java_digit(s[0].c).unwrap_or_default() as i32;
        let (val, pos) = if s.len() > 1 && s[1].c.is_ascii_digit() {
            self.get_value(first, s, 1, 0, item)?
        } else {
            (first, 1)
        };
        self.note_number(field, val, Span::of(&s[..pos.min(s.len())], item));
        if s.len() == 1 {
            self.add_to_set(val, -1, -1, field, item)?;
            return Ok(());
        }
        self.check_next(pos, s, val, field, item)
    }

    pub(super) fn note_number(&mut self, field: Field, value: i32, at: Span) {
        if value == ALL_SPEC || (value == NO_SPEC && field != Field::Year) {
            self.notes.push(Note::Marker { field, value, at });
        } else if field == Field::Year {
            self.notes.push(Note::Year { value, at });
        }
    }

    /// `getValue`: the digits from `i` appended to `v`, and where reading stopped (one past the
    /// end when the item ran out, as in Java). `number_start` is where the number began, for
    /// error positions.
    pub(super) fn get_value(
        &self,
        v: i32,
        s: &[Unit],
        i: usize,
        number_start: usize,
        item: Span,
    ) -> Result<(i32, usize), ValueIssue> {
        if i >= s.len() {
            return Err(rejected(
                format!(
                    "`{}` needs a number after `-` (the parser fails with \
                     StringIndexOutOfBoundsException)",
                    item.text(self.expr)
                ),
                item,
            ));
        }
        let mut digits = v.to_string();
        let mut i = i;
        while let Some(unit) = s.get(i).filter(|u| u.c.is_ascii_digit()) {
            digits.push(unit.c);
            i += 1;
        }
        let at = Span::of(&s[number_start.min(s.len())..i], item);
        let value = java_parse_int(digits.chars()).ok_or_else(|| {
            rejected(
                format!(
                    "the number `{}` is too large (the parser fails with NumberFormatException)",
                    at.text(self.expr)
                ),
                at,
            )
        })?;
        Ok((value, if i < s.len() { i } else { i + 1 }))
    }

    /// `checkNext`: what follows a number. Characters it does not recognise end the item
    /// (`3PM` is 3).
    pub(super) fn check_next(
        &mut self,
        pos: usize,
        s: &[Unit],
        val: i32,
        field: Field,
        item: Span,
    ) -> Result<(), ValueIssue> {
        let Some(&next) = s.get(pos) else {
            self.add_to_set(val, -1, -1, field, item)?;
            return Ok(());
        };
        let number = Span::of(&s[..pos], item);
        match next.c {
            'L' => {
                if field != Field::DayOfWeek {
                    return Err(rejected("'L' option is not valid here.", next.span())
                        .with_help(last_help(field)));
                }
                if !(1..=7).contains(&val) {
                    return Err(rejected(Field::DayOfWeek.range_message(), number)
                        .with_help(Field::DayOfWeek.valid_values()));
                }
                self.rules.lastday_of_week = true;
                self.rules.sets[field.index()].insert(val);
                self.note_skipped(s, pos + 1, field, item);
            }
            'W' => {
                if field != Field::DayOfMonth {
                    return Err(
                        rejected("'W' option is not valid here.", next.span()).with_help(
                            "`W` (nearest weekday) only works in day-of-month, e.g. `15W`",
                        ),
                    );
                }
                if val > 31 {
                    return Err(rejected(
                        "the 'W' option does not make sense with values larger than 31 (max \
                         number of days in a month)",
                        number,
                    ));
                }
                self.rules.nearest_weekday = true;
                self.rules.sets[field.index()].insert(val);
                if val == 0 {
                    self.notes.push(Note::ZeroWeekday { item });
                }
                self.note_skipped(s, pos + 1, field, item);
            }
            '#' => {
                if field != Field::DayOfWeek {
                    return Err(rejected("'#' option is not valid here.", next.span()).with_help(
                        "`d#n` (n-th weekday of the month) only works in day-of-week, e.g. `6#3`",
                    ));
                }
                self.rules.nthday_of_week = self.nth(&s[pos + 1..], next.span())?;
                self.rules.sets[field.index()].insert(val);
                if !(1..=7).contains(&val) && val != ALL_SPEC && val != NO_SPEC {
                    self.notes.push(Note::UncheckedWeekday { value: val, item });
                }
            }
            '-' => self.store_range(pos, s, val, field, item)?,
            '/' => {
                let (step, consumed) = self.step_after(pos, s, item, true)?;
                let added = self.add_to_set(val, -1, step, field, item)?;
                self.note_step(field, item, &added);
                self.note_skipped(s, consumed, field, item);
            }
            _ => {
                self.add_to_set(val, -1, 0, field, item)?;
                self.note_skipped(s, pos, field, item);
            }
        }
        Ok(())
    }

    /// `a-b` and `a-b/c` (the `-` branch of `checkNext`).
    pub(super) fn store_range(
        &mut self,
        pos: usize,
        s: &[Unit],
        val: i32,
        field: Field,
        item: Span,
    ) -> Result<(), ValueIssue> {
        let end_start = pos + 1;
        let (mut end, mut i) = self.single_digit(s, end_start, s[pos].span(), "range end")?;
        if i < s.len() && s[i].c.is_ascii_digit() {
            (end, i) = self.get_value(end, s, i, end_start, item)?;
        }
        if field == Field::Year {
            let at = Span::of(&s[end_start..i.min(s.len())], item);
            self.notes.push(Note::Year { value: end, at });
        }
        if s.get(i).is_some_and(|u| u.c == '/') {
            let (step, consumed) = self.step_after(i, s, item, false)?;
            let added = self.add_to_set(val, end, step, field, item)?;
            self.note_step(field, item, &added);
            self.note_skipped(s, consumed, field, item);
        } else {
            self.add_to_set(val, end, 1, field, item)?;
            self.note_skipped(s, i, field, item);
        }
        Ok(())
    }

    /// The step after the `/` at `slash`: one digit (any Unicode digit, as
    /// `Integer.parseInt(String.valueOf(c))` reads it), then more ASCII digits. After `a/b`
    /// Java rejects a stray character right after a one-digit step (`5/2X`); after `a-b/c` it
    /// ignores it (`1-5/2X`). Returns the step and how many units were read.
    pub(super) fn step_after(
        &self,
        slash: usize,
        s: &[Unit],
        item: Span,
        strict: bool,
    ) -> Result<(i32, usize), ValueIssue> {
        let (step, i) = self.single_digit(s, slash + 1, s[slash].span(), "step")?;
        match s.get(i) {
            None => Ok((step, i)),
            Some(u) if u.c.is_ascii_digit() => self.get_value(step, s, i, slash + 1, item),
            Some(&u) if strict => Err(rejected(
                format!("Unexpected character [{}] after '/'", shown(u, self.expr)),
                u.span(),
            )),
            Some(_) => Ok((step, i)),
        }
    }

    /// `Integer.parseInt(String.valueOf(s.charAt(i)))`, with the position after it.
    pub(super) fn single_digit(
        &self,
        s: &[Unit],
        i: usize,
        before: Span,
        what: &str,
    ) -> Result<(i32, usize), ValueIssue> {
        let Some(&unit) = s.get(i) else {
            return Err(rejected(
                format!(
                    "`{}` ends without a {what} (the parser fails with \
                     StringIndexOutOfBoundsException)",
                    Span::of(s, before).text(self.expr)
                ),
                before,
            ));
        };
        match java_digit(unit.c) {
            Some(d) => Ok((d as i32, i + 1)),
            None => Err(rejected(
                format!(
                    "the {what} `{}` is not a number (the parser fails with \
                     NumberFormatException)",
                    unit.span().text(self.expr)
                ),
                unit.span(),
            )),
        }
    }

    /// `addToSet`: the range check, then the values from `val` to `end` by `incr` (with
    /// wrap-around when `end < val`). `end == -1` means "to the end of the field"; `incr` 0 or -1
    /// means a single value.
    pub(super) fn add_to_set(
        &mut self,
        val: i32,
        end: i32,
        incr: i32,
        field: Field,
        item: Span,
    ) -> Result<Added, ValueIssue> {
        // Java checks each field by hand; the one quirk kept here is which markers skip the
        // check: `99` everywhere, `98` in the day fields, and years are never checked.
        let exempt = val == ALL_SPEC
            || (val == NO_SPEC && matches!(field, Field::DayOfMonth | Field::DayOfWeek));
        let (low, high) = (field.min(), field.open_end(self.max_year));
        let out_of_range =
            field != Field::Year && !exempt && (!(low..=high).contains(&val) || end > high);
        if out_of_range {
            let mut issue = rejected(field.range_message(), item);
            issue = if field == Field::DayOfWeek && val == 0 {
                issue.with_help(
                    "Elasticsearch counts days of the week from 1 (SUN=1 ... SAT=7): for Sunday \
                     write 1 or SUN",
                )
            } else {
                issue.with_help(field.valid_values())
            };
            return Err(issue);
        }

        let set = field.index();
        if (incr == 0 || incr == -1) && val != ALL_SPEC {
            let value = if val == -1 { NO_SPEC } else { val };
            self.rules.sets[set].insert(value);
            return Ok(Added {
                count: 1,
                first: value,
            });
        }
        let mut incr = incr;
        if val == ALL_SPEC && incr <= 0 {
            incr = 1;
            self.rules.sets[set].insert(ALL_SPEC);
        }
        let start = if val == -1 || val == ALL_SPEC {
            field.min()
        } else {
            val
        };
        let mut stop = if end == -1 {
            field.open_end(self.max_year)
        } else {
            end
        };
        let mut cycle = None;
        if stop < start {
            if field == Field::Year {
                return Err(rejected("Start year must be less than stop year", item));
            }
            if end == 0 && field.one_based() {
                self.notes.push(Note::WrapFromZero { field, item, start });
            }
            stop += field.cycle();
            cycle = Some(field.cycle());
        }

        let (start, stop, incr) = (i64::from(start), i64::from(stop), i64::from(incr.max(1)));
        let count = (stop - start) / incr + 1;
        let last = start + (count - 1) * incr;
        if last + incr > i64::from(i32::MAX) {
            // Java's `i += incr` wraps to a negative number that is still `<= stopAt`, and the
            // loop goes on adding values nobody wrote.
            self.notes.push(Note::StepOverflow { field, item });
        }
        let value_at = |k: i64| -> i32 {
            let i = start + k * incr;
            match cycle {
                None => i as i32,
                Some(m) => {
                    let v = (i % i64::from(m)) as i32;
                    if v == 0 && field.one_based() { m } else { v }
                }
            }
        };
        // Only values a search can use are stored: Java's loop can run to 2^31 (`1970-2147483647`
        // in the year field, or `99-2147483647` anywhere, as `99` skips the range check), and the
        // values outside the field come only from input that is refused anyway.
        let (first_k, last_k) = match cycle {
            Some(_) => (0, count - 1),
            None => {
                let (low, high) = match field {
                    Field::Year => (FIRST_YEAR, LAST_YEAR),
                    _ => (field.min(), field.open_end(self.max_year)),
                };
                let low = start.max(i64::from(low));
                let high = stop.min(i64::from(high));
                (
                    (low - start + incr - 1) / incr,
                    (high - start).div_euclid(incr).min(count - 1),
                )
            }
        };
        for k in first_k..=last_k {
            self.rules.sets[set].insert(value_at(k));
        }
        if cycle.is_none() && count > 0 {
            // Keep what the parser itself looks at among the values left out: whether `98` (the
            // `?` marker) is in the set, and the largest value (`daysOfMonth.last()`).
            if (start..=last).contains(&i64::from(NO_SPEC))
                && (i64::from(NO_SPEC) - start) % incr == 0
            {
                self.rules.sets[set].insert(NO_SPEC);
            }
            self.rules.sets[set].insert(value_at(count - 1));
        }
        Ok(Added {
            count,
            first: value_at(0),
        })
    }

    pub(super) fn note_step(&mut self, field: Field, item: Span, added: &Added) {
        if added.count == 1 {
            self.notes.push(Note::SingleStep {
                field,
                item,
                value: added.first,
            });
        }
    }

    /// Records the unread rest of an item, if any.
    pub(super) fn note_skipped(&mut self, s: &[Unit], consumed: usize, field: Field, item: Span) {
        if consumed < s.len() {
            let read = Span::of(&s[..consumed], item);
            let skipped = Span::of(&s[consumed..], item);
            // Upper-casing can split one character into two units (`ß`); only report whole
            // characters.
            if skipped.start >= read.end {
                self.notes.push(Note::Skipped {
                    field,
                    item,
                    read,
                    skipped,
                });
            }
        }
    }
}
