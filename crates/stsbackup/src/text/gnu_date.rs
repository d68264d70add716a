//! GNU coreutils `date +FORMAT`, rendered in UTC.
//!
//! The backup pod names each backup with `$(date +FORMAT)` (see [`super::shell_template`]), so
//! to preview a name, or to check that the expiry helper can parse it back, we need `date`'s
//! exact output. This is a port of the gnulib `nstrftime` that coreutils 9.1 uses, restricted
//! to the C locale and the UTC zone (the pod's environment), for the directives people put in
//! names:
//!
//! `%Y %C %y %m %d %e %H %I %k %l %M %S %p %P %j %s %u %w %a %A %b %B %h %F %T %R %D %G %g %V %U
//! %W %q %Z %z %:z %::z %:::z %N %n %t %%`, with the GNU flags `-` (no padding), `_` (spaces),
//! `0` (zeros), `+` (zeros, and a sign on years wider than four digits), `^` (upper case), `#`
//! (swap case) and an optional width.
//!
//! Where GNU `date` prints an unknown directive literally (`%Q`, `%5%`, a lone `%` at the end),
//! we refuse it: in a backup name it is almost surely a typo. We also refuse the locale-specific
//! forms (`%c %x %X %r` and the `E`/`O` modifiers), and widths above [`MAX_WIDTH`].

use std::fmt;
use std::iter::Peekable;
use std::str::CharIndices;

use super::char_end;
use crate::calendar::DateTime;
use crate::issue::ValueIssue;

/// Longest format accepted, in bytes. Backup names are S3 keys (at most 1024 bytes), so a longer
/// format is a mistake, and the bound keeps rendering cheap.
pub const MAX_FORMAT_LEN: usize = 4096;

/// Largest field width accepted (`%256Y`). GNU accepts any width; a wider field has no place in
/// a backup name and would only make rendering expensive.
pub const MAX_WIDTH: usize = 256;

/// The directives [`parse`] accepts, for help texts.
const SUPPORTED: &str = "%Y %C %y %m %d %e %H %I %k %l %M %S %p %P %j %s %u %w %a %A %b %B %h \
                         %F %T %R %D %G %g %V %U %W %q %Z %z %:z %N %n %t %%";

/// Renders `at` (UTC) the way `date -u -d @<unix> +FORMAT` does.
///
/// Fails on an unknown or unsupported directive (see the module documentation); the issue's
/// range is the directive's bytes in `format`.
pub fn format(format: &str, at: DateTime) -> Result<String, ValueIssue> {
    Ok(parse(format)?.render(at))
}

/// Parses a `date` format once, for rendering at many moments or for inspecting its
/// directives.
pub fn parse(format: &str) -> Result<DateFormat, ValueIssue> {
    if format.len() > MAX_FORMAT_LEN {
        return Err(ValueIssue::new(
            format!(
                "the date format is {} bytes long; at most {MAX_FORMAT_LEN} are accepted",
                format.len()
            ),
            0,
            format.len(),
        ));
    }
    let mut items = Vec::new();
    let mut literal = String::new();
    let mut rest = format.char_indices().peekable();
    while let Some((start, c)) = rest.next() {
        if c != '%' {
            literal.push(c);
            continue;
        }
        if !literal.is_empty() {
            items.push(Item::Literal(std::mem::take(&mut literal)));
        }
        items.push(Item::Directive(parse_directive(format, start, &mut rest)?));
    }
    if !literal.is_empty() {
        items.push(Item::Literal(literal));
    }
    Ok(DateFormat {
        source: format.to_owned(),
        items,
    })
}

/// Parses one directive; `rest` is just past its `%` at byte `start`.
fn parse_directive(
    format: &str,
    start: usize,
    rest: &mut Peekable<CharIndices<'_>>,
) -> Result<Directive, ValueIssue> {
    let mut spec = Spec {
        pad: Pad::Default,
        width: None,
        upper: false,
        swap_case: false,
    };
    // Flags, in any order and repeatable; the last padding flag wins, as in gnulib.
    while let Some(&(_, flag)) = rest.peek() {
        match flag {
            '_' => spec.pad = Pad::Space,
            '-' => spec.pad = Pad::Omit,
            '0' => spec.pad = Pad::Zero,
            '+' => spec.pad = Pad::Plus,
            '^' => spec.upper = true,
            '#' => spec.swap_case = true,
            _ => break,
        }
        rest.next();
    }
    let mut width: Option<usize> = None;
    while let Some(&(_, digit)) = rest.peek() {
        let Some(value) = digit.to_digit(10) else {
            break;
        };
        width = Some(
            width
                .unwrap_or(0)
                .saturating_mul(10)
                .saturating_add(value as usize),
        );
        rest.next();
    }
    let Some((conv_at, conv)) = rest.next() else {
        return Err(ValueIssue::new(
            format!(
                "incomplete directive `{}` at the end of the date format",
                &format[start..]
            ),
            start,
            format.len(),
        )
        .with_help("GNU date prints it literally; write `%%` for a literal `%`"));
    };
    let mut end = conv_at + conv.len_utf8();
    let mut colons = 0u8;
    if conv == ':' {
        colons = 1;
        while let Some(&(_, ':')) = rest.peek() {
            colons = colons.saturating_add(1);
            rest.next();
        }
        match rest.peek() {
            Some(&(z_at, 'z')) if colons <= 3 => {
                rest.next();
                end = z_at + 1;
            }
            _ => {
                let stop = rest
                    .peek()
                    .map_or(format.len(), |&(i, _)| char_end(format, i));
                return Err(ValueIssue::new(
                    format!("unknown date directive `{}`", &format[start..stop]),
                    start,
                    stop,
                )
                .with_help("colons are only valid in `%:z`, `%::z` and `%:::z`"));
            }
        }
    }
    let directive_text = &format[start..end];
    let conversion = match conv {
        ':' => Conversion::Offset(colons),
        'z' => Conversion::Offset(0),
        'Y' | 'C' | 'y' | 'm' | 'd' | 'e' | 'H' | 'I' | 'k' | 'l' | 'M' | 'S' | 'p' | 'P' | 'j'
        | 's' | 'u' | 'w' | 'a' | 'A' | 'b' | 'B' | 'h' | 'F' | 'T' | 'R' | 'D' | 'G' | 'g'
        | 'V' | 'U' | 'W' | 'q' | 'Z' | 'N' | 'n' | 't' => Conversion::Plain(conv),
        '%' if spec.pad == Pad::Default && width.is_none() && !spec.upper && !spec.swap_case => {
            Conversion::Plain('%')
        }
        '%' => {
            return Err(ValueIssue::new(
                format!("`{directive_text}` is not a valid directive"),
                start,
                end,
            )
            .with_help("GNU date prints it literally; a literal `%` is written `%%`"));
        }
        'E' | 'O' => {
            return Err(ValueIssue::new(
                format!("`{directive_text}`: the `{conv}` modifier is not supported"),
                start,
                char_end(format, end),
            )
            .with_help("`E` and `O` select locale-specific alternative forms; drop the modifier"));
        }
        'c' | 'x' | 'X' | 'r' => {
            return Err(ValueIssue::new(
                format!("`{directive_text}` is locale-dependent and not supported"),
                start,
                end,
            )
            .with_help("spell the fields out, e.g. `%Y%m%d-%H%M%S`"));
        }
        _ => {
            return Err(ValueIssue::new(
                format!("unknown date directive `{directive_text}`"),
                start,
                end,
            )
            .with_help(format!(
                "GNU date prints unknown directives literally, so this is almost surely a \
                 typo; supported: {SUPPORTED}"
            )));
        }
    };
    if let Some(w) = width
        && w > MAX_WIDTH
    {
        return Err(ValueIssue::new(
            format!("field width {w} in `{directive_text}` is larger than {MAX_WIDTH}"),
            start,
            end,
        ));
    }
    // coreutils' date rewrites exactly `%-N` to the clock's resolution, `%9N` on Linux.
    if conversion == Conversion::Plain('N')
        && spec.pad == Pad::Omit
        && width.is_none()
        && directive_text == "%-N"
    {
        spec.pad = Pad::Default;
        width = Some(9);
    }
    spec.width = width;
    Ok(Directive {
        start,
        end,
        spec,
        conversion,
    })
}

/// A parsed `date` format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateFormat {
    source: String,
    items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Item {
    Literal(String),
    Directive(Directive),
}

impl DateFormat {
    /// The format text, as given to [`parse`].
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The output of `date -u -d @<unix of at> +FORMAT` (without the trailing newline).
    pub fn render(&self, at: DateTime) -> String {
        let tm = Tm::new(at);
        let mut out = String::new();
        for item in &self.items {
            match item {
                Item::Literal(text) => out.push_str(text),
                Item::Directive(d) => d.render_into(&mut out, &tm),
            }
        }
        out
    }

    /// The directives, in order.
    pub fn directives(&self) -> impl Iterator<Item = &Directive> {
        self.items.iter().filter_map(|item| match item {
            Item::Directive(d) => Some(d),
            Item::Literal(_) => None,
        })
    }

    /// The literal text between directives, each piece with its byte offset in the format.
    pub fn literals(&self) -> impl Iterator<Item = (usize, &str)> {
        let mut offset = 0;
        self.items.iter().filter_map(move |item| match item {
            Item::Literal(text) => {
                let at = offset;
                offset += text.len();
                Some((at, text.as_str()))
            }
            Item::Directive(d) => {
                offset = d.end;
                None
            }
        })
    }
}

impl fmt::Display for DateFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

/// One `%…` directive of a format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    start: usize,
    end: usize,
    spec: Spec,
    conversion: Conversion,
}

impl Directive {
    /// Byte offset of the `%` in the format.
    pub fn start(&self) -> usize {
        self.start
    }

    /// Byte offset just past the directive.
    pub fn end(&self) -> usize {
        self.end
    }

    /// The conversion character (`z` for `%:z` and its variants).
    pub fn conversion(&self) -> char {
        match self.conversion {
            Conversion::Plain(c) => c,
            Conversion::Offset(_) => 'z',
        }
    }

    /// Whether this directive's output can contain a character for which `unwanted` is true.
    ///
    /// Decided by rendering the directive at representative moments between 2002 and 2027,
    /// chosen to hit one-digit fields, the shortest month and weekday names, midnight and noon,
    /// and ISO weeks that straddle a year. So `%e` and `%_H` (padded with spaces on the 1st or
    /// at 01:00) and `%D` (slashes) are caught, while `%_Y` and `%_10s` (never short of digits
    /// in that range) are not.
    pub fn may_emit(&self, unwanted: impl Fn(char) -> bool) -> bool {
        const PROBES: [(i32, u8, u8, u8, u8, u8); 8] = [
            (2002, 5, 1, 0, 0, 0),
            (2006, 1, 9, 1, 1, 1),
            (2004, 3, 7, 9, 5, 9),
            (2010, 10, 10, 12, 30, 30),
            (2025, 12, 29, 13, 0, 0),
            (2026, 12, 31, 23, 59, 59),
            (2027, 1, 1, 0, 0, 0),
            (2027, 6, 4, 22, 44, 55),
        ];
        PROBES
            .iter()
            .any(|&(year, month, day, hour, minute, second)| {
                let at = DateTime {
                    year,
                    month,
                    day,
                    hour,
                    minute,
                    second,
                };
                let mut out = String::new();
                self.render_into(&mut out, &Tm::new(at));
                out.chars().any(&unwanted)
            })
    }

    fn render_into(&self, out: &mut String, tm: &Tm) {
        render_conversion(out, tm, self.conversion, self.spec, Pad::Default);
    }
}

/// How a number or a name is padded to the field width (`pad` in gnulib).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pad {
    /// No flag: each conversion's default (zeros for numbers, spaces for names).
    Default,
    /// `0`
    Zero,
    /// `_`
    Space,
    /// `-`
    Omit,
    /// `+`
    Plus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Spec {
    pad: Pad,
    width: Option<usize>,
    upper: bool,
    swap_case: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Conversion {
    Plain(char),
    /// `%z` with 0 to 3 colons.
    Offset(u8),
}

/// The broken-down time, with gnulib's field conventions (`tm_year` counts from 1900,
/// `mon` and `yday` from 0).
struct Tm {
    tm_year: i64,
    mon: i64,
    mday: i64,
    hour: i64,
    min: i64,
    sec: i64,
    yday: i64,
    wday: i64,
    unix: i64,
}

impl Tm {
    fn new(at: DateTime) -> Self {
        Tm {
            tm_year: i64::from(at.year) - 1900,
            mon: i64::from(at.month) - 1,
            mday: i64::from(at.day),
            hour: i64::from(at.hour),
            min: i64::from(at.minute),
            sec: i64::from(at.second),
            yday: i64::from(at.day_of_year()) - 1,
            wday: i64::from(at.weekday()),
            unix: at.to_unix(),
        }
    }

    fn hour12(&self) -> i64 {
        match self.hour {
            0 => 12,
            h if h > 12 => h - 12,
            h => h,
        }
    }
}

const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The state of one conversion while it is rendered (`pad`, `width`, `to_uppcase`,
/// `to_lowcase` in gnulib; `width` is -1 when unset).
struct Field {
    pad: Pad,
    width: i64,
    upper: bool,
    lower: bool,
}

impl Field {
    /// gnulib `width_add`: right-aligns `text` in the field, padding with zeros for `0`/`+`
    /// and with spaces otherwise, converting case as requested.
    fn add(&self, out: &mut String, text: &str) {
        let field = if self.pad == Pad::Omit || self.width < 0 {
            0
        } else {
            self.width
        };
        let len = text.len() as i64;
        if len < field {
            let fill = if matches!(self.pad, Pad::Zero | Pad::Plus) {
                '0'
            } else {
                ' '
            };
            out.extend(std::iter::repeat_n(fill, (field - len) as usize));
        }
        if self.lower {
            out.push_str(&text.to_ascii_lowercase());
        } else if self.upper {
            out.push_str(&text.to_ascii_uppercase());
        } else {
            out.push_str(text);
        }
    }

    /// gnulib `do_number_body` and `do_number_sign_and_padding`: `magnitude` in decimal, with a
    /// colon before the digits selected by `colon_mask`, a sign, and padding to `digits` (or the
    /// explicit width).
    fn number(
        &mut self,
        out: &mut String,
        digits: i64,
        negative: bool,
        magnitude: u64,
        always_sign: bool,
        colon_mask: u32,
    ) {
        // Written right to left into a stack buffer: 20 digits of a u64 and up to 32 colons.
        let mut buf = [0u8; 56];
        let mut start = buf.len();
        let (mut value, mut mask) = (magnitude, colon_mask);
        loop {
            if mask & 1 != 0 && start > 0 {
                start -= 1;
                buf[start] = b':';
            }
            mask >>= 1;
            if start == 0 {
                break;
            }
            start -= 1;
            buf[start] = b'0' + (value % 10) as u8;
            value /= 10;
            if value == 0 && mask == 0 {
                break;
            }
        }
        let text = std::str::from_utf8(&buf[start..]).unwrap_or_default();
        self.signed(out, digits, negative, always_sign, text);
    }

    fn signed(&mut self, out: &mut String, digits: i64, negative: bool, plus: bool, text: &str) {
        if self.pad == Pad::Default {
            self.pad = Pad::Zero;
        }
        if self.width < 0 {
            self.width = digits;
        }
        let sign = if negative {
            Some('-')
        } else if plus {
            Some('+')
        } else {
            None
        };
        let shortage = self.width - i64::from(sign.is_some()) - text.len() as i64;
        let padding = if self.pad == Pad::Omit || shortage <= 0 {
            0
        } else {
            shortage
        };
        if let Some(sign) = sign {
            if self.pad == Pad::Space {
                out.extend(std::iter::repeat_n(' ', padding as usize));
                self.width -= padding;
            }
            out.push(sign);
            self.width -= 1;
        }
        self.add(out, text);
    }

    /// gnulib `do_yearish`: years get the caller's year padding (`%F` passes its own) and, with
    /// `+`, a sign when wider than four (or two) digits or than the field.
    fn yearish(
        &mut self,
        out: &mut String,
        digits: i64,
        negative: bool,
        magnitude: u64,
        yr_spec: Pad,
    ) {
        if self.pad == Pad::Default {
            self.pad = yr_spec;
        }
        let limit = if digits == 2 { 99 } else { 9999 };
        let always_sign = self.pad == Pad::Plus && (limit < magnitude || digits < self.width);
        self.number(out, digits, negative, magnitude, always_sign, 0);
    }
}

/// Renders one conversion. `yr_spec` is the year padding that `%F`/`%D` hand to their parts.
fn render_conversion(out: &mut String, tm: &Tm, conversion: Conversion, spec: Spec, yr_spec: Pad) {
    let mut field = Field {
        pad: spec.pad,
        width: spec.width.map_or(-1, |w| w as i64),
        upper: spec.upper,
        lower: false,
    };
    // `#` upper-cases names and lower-cases the AM/PM marker and the zone, as in gnulib.
    let names_upper = |field: &mut Field| {
        if spec.swap_case {
            field.upper = true;
            field.lower = false;
        }
    };
    let conv = match conversion {
        Conversion::Offset(colons) => {
            // UTC: the offset is zero and the sign is `+`.
            let (digits, mask) = match colons {
                0 => (5, 0),
                1 => (6, 0o4),
                2 => (9, 0o24),
                _ => (3, 0),
            };
            field.number(out, digits, false, 0, true, mask);
            return;
        }
        Conversion::Plain(c) => c,
    };
    let number = |field: &mut Field, out: &mut String, digits: i64, value: i64| {
        field.number(out, digits, value < 0, value.unsigned_abs(), false, 0);
    };
    match conv {
        '%' => field.add(out, "%"),
        'n' => field.add(out, "\n"),
        't' => field.add(out, "\t"),
        'a' | 'A' => {
            names_upper(&mut field);
            let name = WEEKDAYS.get(tm.wday as usize).copied().unwrap_or("?");
            field.add(
                out,
                if conv == 'a' {
                    name.get(..3).unwrap_or(name)
                } else {
                    name
                },
            );
        }
        'b' | 'h' | 'B' => {
            names_upper(&mut field);
            let name = MONTHS.get(tm.mon as usize).copied().unwrap_or("?");
            field.add(
                out,
                if conv == 'B' {
                    name
                } else {
                    name.get(..3).unwrap_or(name)
                },
            );
        }
        'p' | 'P' => {
            if conv == 'P' || spec.swap_case {
                field.upper = false;
                field.lower = true;
            }
            field.add(out, if tm.hour > 11 { "PM" } else { "AM" });
        }
        'Z' => {
            if spec.swap_case {
                field.upper = false;
                field.lower = true;
            }
            field.add(out, "UTC");
        }
        'C' => {
            let negative_year = tm.tm_year < -1900;
            let zero_thru_1899 = !negative_year && tm.tm_year < 0;
            let century = (tm.tm_year - if zero_thru_1899 { 99 } else { 0 }) / 100 + 19;
            field.yearish(out, 2, negative_year, century.unsigned_abs(), yr_spec);
        }
        'Y' => {
            let year = tm.tm_year + 1900;
            field.yearish(out, 4, year < 0, year.unsigned_abs(), yr_spec);
        }
        'y' => {
            let mut yy = tm.tm_year % 100;
            if yy < 0 {
                yy = if tm.tm_year < -1900 { -yy } else { yy + 100 };
            }
            field.yearish(out, 2, false, yy.unsigned_abs(), yr_spec);
        }
        'G' | 'g' | 'V' => {
            let (year_adjust, days) = iso_week(tm);
            match conv {
                'g' => {
                    let yy = (tm.tm_year % 100 + year_adjust) % 100;
                    let yy = if yy >= 0 {
                        yy
                    } else if tm.tm_year < -1900 - year_adjust {
                        -yy
                    } else {
                        yy + 100
                    };
                    field.yearish(out, 2, false, yy.unsigned_abs(), yr_spec);
                }
                'G' => {
                    let year = tm.tm_year + 1900 + year_adjust;
                    field.yearish(out, 4, year < 0, year.unsigned_abs(), yr_spec);
                }
                _ => number(&mut field, out, 2, days / 7 + 1),
            }
        }
        'm' => number(&mut field, out, 2, tm.mon + 1),
        'd' => number(&mut field, out, 2, tm.mday),
        'H' => number(&mut field, out, 2, tm.hour),
        'I' => number(&mut field, out, 2, tm.hour12()),
        'M' => number(&mut field, out, 2, tm.min),
        'S' => number(&mut field, out, 2, tm.sec),
        'j' => number(&mut field, out, 3, tm.yday + 1),
        'u' => number(&mut field, out, 1, (tm.wday + 6) % 7 + 1),
        'w' => number(&mut field, out, 1, tm.wday),
        'U' => number(&mut field, out, 2, (tm.yday - tm.wday + 7) / 7),
        'W' => number(&mut field, out, 2, (tm.yday - (tm.wday + 6) % 7 + 7) / 7),
        'q' => number(&mut field, out, 1, ((tm.mon * 11) >> 5) + 1),
        's' => number(&mut field, out, 1, tm.unix),
        'e' | 'k' | 'l' => {
            // The space-padded forms: padding defaults to `_` instead of `0`.
            if field.pad == Pad::Default {
                field.pad = Pad::Space;
            }
            let value = match conv {
                'e' => tm.mday,
                'k' => tm.hour,
                _ => tm.hour12(),
            };
            number(&mut field, out, 2, value);
        }
        'N' => {
            // Nanoseconds, always zero here: the digits shrink to one `0`, then the field is
            // filled to the width (9 by default) on the right, with zeros unless `_` or `-`.
            let width = if field.width <= 0 { 9 } else { field.width };
            if field.pad == Pad::Default {
                field.pad = Pad::Zero;
            }
            out.push('0');
            if field.pad != Pad::Omit && width > 1 {
                let fill = if field.pad == Pad::Space { ' ' } else { '0' };
                out.extend(std::iter::repeat_n(fill, (width - 1) as usize));
            }
        }
        'F' | 'D' | 'R' | 'T' => {
            // Composite formats: rendered as a sub-format, then padded as a whole.
            let (parts, sub_width, sub_yr): (&[char], Option<usize>, Pad) = match conv {
                'F' => {
                    let (yr, sub_width) = if field.pad == Pad::Default && field.width < 0 {
                        field.pad = Pad::Plus;
                        (Pad::Plus, 4)
                    } else {
                        (field.pad, (field.width - 6).max(0) as usize)
                    };
                    (&['Y', '-', 'm', '-', 'd'], Some(sub_width), yr)
                }
                'D' => (&['m', '/', 'd', '/', 'y'], None, field.pad),
                'R' => (&['H', ':', 'M'], None, field.pad),
                _ => (&['H', ':', 'M', ':', 'S'], None, field.pad),
            };
            let mut sub = String::new();
            for (i, &part) in parts.iter().enumerate() {
                if matches!(part, '-' | '/' | ':') {
                    sub.push(part);
                    continue;
                }
                // Only the first directive of a sub-format inherits the width (gnulib passes
                // it as the initial value of its loop variable).
                let width = if i == 0 { sub_width } else { None };
                let part_spec = Spec {
                    pad: Pad::Default,
                    width,
                    upper: field.upper,
                    swap_case: false,
                };
                render_conversion(&mut sub, tm, Conversion::Plain(part), part_spec, sub_yr);
            }
            field.add(out, &sub);
        }
        // `parse` only builds the conversions above.
        _ => {}
    }
}

/// gnulib's ISO 8601 week computation: the year adjustment (-1, 0, +1) and the days since the
/// start of the first ISO week of the adjusted year.
fn iso_week(tm: &Tm) -> (i64, i64) {
    let year = tm.tm_year + if tm.tm_year < 0 { 300 } else { -100 };
    let leap = |y: i64| i64::from(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
    let days = iso_week_days(tm.yday, tm.wday);
    if days < 0 {
        (-1, iso_week_days(tm.yday + 365 + leap(year - 1), tm.wday))
    } else {
        let next = iso_week_days(tm.yday - (365 + leap(year)), tm.wday);
        if next >= 0 { (1, next) } else { (0, days) }
    }
}

fn iso_week_days(yday: i64, wday: i64) -> i64 {
    const BIG_ENOUGH_MULTIPLE_OF_7: i64 = (366 / 7 + 2) * 7;
    yday - (yday - wday + 4 + BIG_ENOUGH_MULTIPLE_OF_7) % 7 + 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(unix: i64) -> DateTime {
        DateTime::from_unix(unix)
    }

    /// `(unix, format, output of date -u -d @unix +format)`, recorded with GNU coreutils 9.1.
    /// Formats are joined with `|` to cover many directives per moment; 6000 further random
    /// flag/width/directive combinations were compared during development.
    #[rustfmt::skip]
    const GNU_VECTORS: &[(i64, &str, &str)] = &[
        (0, "%Y%m%d-%H%M|%Y-%m-%dT%H:%M:%S|%s", "19700101-0000|1970-01-01T00:00:00|0"),
        (0, "%F|%T|%R|%D|%C|%y|%e|%k|%l", "1970-01-01|00:00:00|00:00|01/01/70|19|70| 1| 0|12"),
        (0, "%I%p|%I%P|%j|%u%w|%a%A|%b%B%h", "12AM|12am|001|44|ThuThursday|JanJanuaryJan"),
        (0, "%G-W%V-%u|%g|%U-%W|%Z%z", "1970-W01-4|70|00-00|UTC+0000"),
        (0, "%:z%::z%:::z|%N|%3N|%-N|%_N", "+00:00+00:00:00+00|000000000|000|000000000|0        "),
        (0, "%-d|%_H|%10Y|%-m|%_m|%0e|%-e|%_5d|%^a", "1| 0|0000001970|1| 1|01|1|    1|THU"),
        (0, "%^B|%#a|%#Z|%#p|%^P|%+6Y|%+F", "JANUARY|THU|utc|am|am|+01970|1970-01-01"),
        (0, "%12F|%_12F|%-F|%010z|%_z", "001970-01-01|  1970-01-01|1970-01-01|+000000000|   +0"),
        (0, "%-z|%_:z|%-j|%_j|%05j|%-I|%_l|%-l|%-k|%-y", "+0| +0:00|1|  1|00001|12|12|12|0|70"),
        (0, "%_y|%-C|%+4C|%q|%_3q|%10T|%-10T", "70|19|+019|1|  1|  00:00:00|00:00:00"),
        (0, "%_10D|%-D|%10a|%010a|%-10B", "  01/01/70|01/01/70|       Thu|0000000Thu|January"),
        (0, "%+10b|%_3S|%-S|%_s|%20s|%-V|%_U", "0000000Jan|  0|0|0|00000000000000000000|1| 0"),
        (0, "%_W|%3u|%%Y|sts-backup-%Y%m%d", " 0|004|%Y|sts-backup-19700101"),
        (0, "%Y%m%d%H%M%S|%G%V|%-G|%_10G|%_-5d", "19700101000000|197001|1970|      1970|1"),
        (0, "%-_5d|%0_5d|%^#a|%#^b|%5n|%t|%-5t|%+3y", "    1|    1|THU|JAN|    \n|\t|\t|+70"),
        (0, "%+y|%0-3H|x%%y%%|%^p%#P|%_5Z|%-5Z|%05Z|%Y%e", "70|0|x%y%|AMam|  UTC|UTC|00UTC|1970 1"),
        (0, "%+Y|%+5Y|%_+8G|é%Yü", "1970|+1970|+0001970|é1970ü"),
        (1764126305, "%Y%m%d-%H%M|%Y-%m-%dT%H:%M:%S", "20251126-0305|2025-11-26T03:05:05"),
        (1764126305, "%s|%F|%T|%R|%D|%C|%y", "1764126305|2025-11-26|03:05:05|03:05|11/26/25|20|25"),
        (1764126305, "%e|%k|%l|%I%p|%I%P|%j|%u%w|%a%A", "26| 3| 3|03AM|03am|330|33|WedWednesday"),
        (1764126305, "%b%B%h|%G-W%V-%u|%g|%U-%W", "NovNovemberNov|2025-W48-3|25|47-47"),
        (1764126305, "%Z%z|%:z%::z%:::z|%N|%3N", "UTC+0000|+00:00+00:00:00+00|000000000|000"),
        (1764126305, "%-N|%_N|%-d|%_H|%10Y|%-m|%_m", "000000000|0        |26| 3|0000002025|11|11"),
        (1764126305, "%0e|%-e|%_5d|%^a|%^B|%#a|%#Z|%#p", "26|26|   26|WED|NOVEMBER|WED|utc|am"),
        (1764126305, "%^P|%+6Y|%+F|%12F|%_12F", "am|+02025|2025-11-26|002025-11-26|  2025-11-26"),
        (1764126305, "%-F|%010z|%_z|%-z|%_:z|%-j", "2025-11-26|+000000000|   +0|+0| +0:00|330"),
        (1764126305, "%_j|%05j|%-I|%_l|%-l|%-k|%-y|%_y|%-C", "330|00330|3| 3|3|3|25|25|20"),
        (1764126305, "%+4C|%q|%_3q|%10T|%-10T|%_10D", "+020|4|  4|  03:05:05|03:05:05|  11/26/25"),
        (1764126305, "%-D|%10a|%010a|%-10B", "11/26/25|       Wed|0000000Wed|November"),
        (1764126305, "%+10b|%_3S|%-S|%_s|%20s", "0000000Nov|  5|5|1764126305|00000000001764126305"),
        (1764126305, "%-V|%_U|%_W|%3u|%%Y", "48|47|47|003|%Y"),
        (1764126305, "sts-backup-%Y%m%d|%Y%m%d%H%M%S", "sts-backup-20251126|20251126030505"),
        (1764126305, "%G%V|%-G|%_10G|%_-5d|%-_5d|%0_5d", "202548|2025|      2025|26|   26|   26"),
        (1764126305, "%^#a|%#^b|%5n|%t|%-5t|%+3y|%+y|%0-3H", "WED|NOV|    \n|\t|\t|+25|25|3"),
        (1764126305, "x%%y%%|%^p%#P|%_5Z|%-5Z|%05Z|%Y%e", "x%y%|AMam|  UTC|UTC|00UTC|202526"),
        (1764126305, "%+Y|%+5Y|%_+8G|é%Yü", "2025|+2025|+0002025|é2025ü"),
        (-1, "%Y%m%d-%H%M|%Y-%m-%dT%H:%M:%S|%s", "19691231-2359|1969-12-31T23:59:59|-1"),
        (-1, "%F|%T|%R|%D|%C|%y|%e|%k|%l", "1969-12-31|23:59:59|23:59|12/31/69|19|69|31|23|11"),
        (-1, "%I%p|%I%P|%j|%u%w|%a%A|%b%B%h", "11PM|11pm|365|33|WedWednesday|DecDecemberDec"),
        (-1, "%G-W%V-%u|%g|%U-%W|%Z%z", "1970-W01-3|70|52-52|UTC+0000"),
        (-1, "%:z%::z%:::z|%N|%3N|%-N|%_N", "+00:00+00:00:00+00|000000000|000|000000000|0        "),
        (-1, "%-d|%_H|%10Y|%-m|%_m|%0e|%-e|%_5d|%^a", "31|23|0000001969|12|12|31|31|   31|WED"),
        (-1, "%^B|%#a|%#Z|%#p|%^P|%+6Y|%+F", "DECEMBER|WED|utc|pm|pm|+01969|1969-12-31"),
        (-1, "%12F|%_12F|%-F|%010z|%_z", "001969-12-31|  1969-12-31|1969-12-31|+000000000|   +0"),
        (-1, "%-z|%_:z|%-j|%_j|%05j|%-I|%_l|%-l|%-k|%-y", "+0| +0:00|365|365|00365|11|11|11|23|69"),
        (-1, "%_y|%-C|%+4C|%q|%_3q|%10T|%-10T", "69|19|+019|4|  4|  23:59:59|23:59:59"),
        (-1, "%_10D|%-D|%10a|%010a|%-10B", "  12/31/69|12/31/69|       Wed|0000000Wed|December"),
        (-1, "%+10b|%_3S|%-S|%_s|%20s|%-V|%_U", "0000000Dec| 59|59|-1|-0000000000000000001|1|52"),
        (-1, "%_W|%3u|%%Y|sts-backup-%Y%m%d", "52|003|%Y|sts-backup-19691231"),
        (-1, "%Y%m%d%H%M%S|%G%V|%-G|%_10G|%_-5d", "19691231235959|197001|1970|      1970|31"),
        (-1, "%-_5d|%0_5d|%^#a|%#^b|%5n|%t|%-5t|%+3y", "   31|   31|WED|DEC|    \n|\t|\t|+69"),
        (-1, "%+y|%0-3H|x%%y%%|%^p%#P|%_5Z|%-5Z|%05Z", "69|23|x%y%|PMpm|  UTC|UTC|00UTC"),
        (-1, "%Y%e|%+Y|%+5Y|%_+8G|é%Yü", "196931|1969|+1969|+0001970|é1969ü"),
        (-2209075200, "%Y%m%d-%H%M|%Y-%m-%dT%H:%M:%S", "18991231-0000|1899-12-31T00:00:00"),
        (-2209075200, "%s|%F|%T|%R|%D|%C", "-2209075200|1899-12-31|00:00:00|00:00|12/31/99|18"),
        (-2209075200, "%y|%e|%k|%l|%I%p|%I%P|%j|%u%w", "99|31| 0|12|12AM|12am|365|70"),
        (-2209075200, "%a%A|%b%B%h|%G-W%V-%u|%g", "SunSunday|DecDecemberDec|1899-W52-7|99"),
        (-2209075200, "%U-%W|%Z%z|%:z%::z%:::z|%N", "53-52|UTC+0000|+00:00+00:00:00+00|000000000"),
        (-2209075200, "%3N|%-N|%_N|%-d|%_H|%10Y", "000|000000000|0        |31| 0|0000001899"),
        (-2209075200, "%-m|%_m|%0e|%-e|%_5d|%^a|%^B|%#a", "12|12|31|31|   31|SUN|DECEMBER|SUN"),
        (-2209075200, "%#Z|%#p|%^P|%+6Y|%+F|%12F", "utc|am|am|+01899|1899-12-31|001899-12-31"),
        (-2209075200, "%_12F|%-F|%010z|%_z|%-z", "  1899-12-31|1899-12-31|+000000000|   +0|+0"),
        (-2209075200, "%_:z|%-j|%_j|%05j|%-I|%_l|%-l|%-k", " +0:00|365|365|00365|12|12|12|0"),
        (-2209075200, "%-y|%_y|%-C|%+4C|%q|%_3q|%10T", "99|99|18|+018|4|  4|  00:00:00"),
        (-2209075200, "%-10T|%_10D|%-D|%10a", "00:00:00|  12/31/99|12/31/99|       Sun"),
        (-2209075200, "%010a|%-10B|%+10b|%_3S|%-S", "0000000Sun|December|0000000Dec|  0|0"),
        (-2209075200, "%_s|%20s|%-V|%_U|%_W|%3u", "-2209075200|-0000000002209075200|52|53|52|007"),
        (-2209075200, "%%Y|sts-backup-%Y%m%d", "%Y|sts-backup-18991231"),
        (-2209075200, "%Y%m%d%H%M%S|%G%V|%-G|%_10G", "18991231000000|189952|1899|      1899"),
        (-2209075200, "%_-5d|%-_5d|%0_5d|%^#a|%#^b|%5n|%t", "31|   31|   31|SUN|DEC|    \n|\t"),
        (-2209075200, "%-5t|%+3y|%+y|%0-3H|x%%y%%|%^p%#P|%_5Z", "\t|+99|99|0|x%y%|AMam|  UTC"),
        (-2209075200, "%-5Z|%05Z|%Y%e|%+Y|%+5Y|%_+8G", "UTC|00UTC|189931|1899|+1899|+0001899"),
        (-2209075200, "é%Yü", "é1899ü"),
        (253402300799, "%Y%m%d-%H%M|%Y-%m-%dT%H:%M:%S", "99991231-2359|9999-12-31T23:59:59"),
        (253402300799, "%s|%F|%T|%R|%D|%C", "253402300799|9999-12-31|23:59:59|23:59|12/31/99|99"),
        (253402300799, "%y|%e|%k|%l|%I%p|%I%P|%j|%u%w", "99|31|23|11|11PM|11pm|365|55"),
        (253402300799, "%a%A|%b%B%h|%G-W%V-%u|%g", "FriFriday|DecDecemberDec|9999-W52-5|99"),
        (253402300799, "%U-%W|%Z%z|%:z%::z%:::z|%N", "52-52|UTC+0000|+00:00+00:00:00+00|000000000"),
        (253402300799, "%3N|%-N|%_N|%-d|%_H|%10Y", "000|000000000|0        |31|23|0000009999"),
        (253402300799, "%-m|%_m|%0e|%-e|%_5d|%^a|%^B|%#a", "12|12|31|31|   31|FRI|DECEMBER|FRI"),
        (253402300799, "%#Z|%#p|%^P|%+6Y|%+F|%12F", "utc|pm|pm|+09999|9999-12-31|009999-12-31"),
        (253402300799, "%_12F|%-F|%010z|%_z|%-z", "  9999-12-31|9999-12-31|+000000000|   +0|+0"),
        (253402300799, "%_:z|%-j|%_j|%05j|%-I|%_l|%-l|%-k", " +0:00|365|365|00365|11|11|11|23"),
        (253402300799, "%-y|%_y|%-C|%+4C|%q|%_3q|%10T", "99|99|99|+099|4|  4|  23:59:59"),
        (253402300799, "%-10T|%_10D|%-D|%10a", "23:59:59|  12/31/99|12/31/99|       Fri"),
        (253402300799, "%010a|%-10B|%+10b|%_3S|%-S", "0000000Fri|December|0000000Dec| 59|59"),
        (253402300799, "%_s|%20s|%-V|%_U|%_W", "253402300799|00000000253402300799|52|52|52"),
        (253402300799, "%3u|%%Y|sts-backup-%Y%m%d", "005|%Y|sts-backup-99991231"),
        (253402300799, "%Y%m%d%H%M%S|%G%V|%-G|%_10G", "99991231235959|999952|9999|      9999"),
        (253402300799, "%_-5d|%-_5d|%0_5d|%^#a|%#^b|%5n|%t", "31|   31|   31|FRI|DEC|    \n|\t"),
        (253402300799, "%-5t|%+3y|%+y|%0-3H|x%%y%%|%^p%#P|%_5Z", "\t|+99|99|23|x%y%|PMpm|  UTC"),
        (253402300799, "%-5Z|%05Z|%Y%e|%+Y|%+5Y|%_+8G", "UTC|00UTC|999931|9999|+9999|+0009999"),
        (253402300799, "é%Yü", "é9999ü"),
        (951782400, "%Y%m%d-%H%M|%Y-%m-%dT%H:%M:%S", "20000229-0000|2000-02-29T00:00:00"),
        (951782400, "%s|%F|%T|%R|%D|%C|%y", "951782400|2000-02-29|00:00:00|00:00|02/29/00|20|00"),
        (951782400, "%e|%k|%l|%I%p|%I%P|%j|%u%w|%a%A", "29| 0|12|12AM|12am|060|22|TueTuesday"),
        (951782400, "%b%B%h|%G-W%V-%u|%g|%U-%W", "FebFebruaryFeb|2000-W09-2|00|09-09"),
        (951782400, "%Z%z|%:z%::z%:::z|%N|%3N", "UTC+0000|+00:00+00:00:00+00|000000000|000"),
        (951782400, "%-N|%_N|%-d|%_H|%10Y|%-m|%_m", "000000000|0        |29| 0|0000002000|2| 2"),
        (951782400, "%0e|%-e|%_5d|%^a|%^B|%#a|%#Z|%#p", "29|29|   29|TUE|FEBRUARY|TUE|utc|am"),
        (951782400, "%^P|%+6Y|%+F|%12F|%_12F", "am|+02000|2000-02-29|002000-02-29|  2000-02-29"),
        (951782400, "%-F|%010z|%_z|%-z|%_:z|%-j", "2000-02-29|+000000000|   +0|+0| +0:00|60"),
        (951782400, "%_j|%05j|%-I|%_l|%-l|%-k|%-y|%_y|%-C", " 60|00060|12|12|12|0|0| 0|20"),
        (951782400, "%+4C|%q|%_3q|%10T|%-10T|%_10D", "+020|1|  1|  00:00:00|00:00:00|  02/29/ 0"),
        (951782400, "%-D|%10a|%010a|%-10B", "02/29/0|       Tue|0000000Tue|February"),
        (951782400, "%+10b|%_3S|%-S|%_s|%20s", "0000000Feb|  0|0|951782400|00000000000951782400"),
        (951782400, "%-V|%_U|%_W|%3u|%%Y|sts-backup-%Y%m%d", "9| 9| 9|002|%Y|sts-backup-20000229"),
        (951782400, "%Y%m%d%H%M%S|%G%V|%-G|%_10G", "20000229000000|200009|2000|      2000"),
        (951782400, "%_-5d|%-_5d|%0_5d|%^#a|%#^b|%5n|%t", "29|   29|   29|TUE|FEB|    \n|\t"),
        (951782400, "%-5t|%+3y|%+y|%0-3H|x%%y%%|%^p%#P|%_5Z", "\t|+00|00|0|x%y%|AMam|  UTC"),
        (951782400, "%-5Z|%05Z|%Y%e|%+Y|%+5Y|%_+8G", "UTC|00UTC|200029|2000|+2000|+0002000"),
        (951782400, "é%Yü", "é2000ü"),
        (1104537600, "%Y%m%d-%H%M|%Y-%m-%dT%H:%M:%S", "20050101-0000|2005-01-01T00:00:00"),
        (1104537600, "%s|%F|%T|%R|%D|%C|%y", "1104537600|2005-01-01|00:00:00|00:00|01/01/05|20|05"),
        (1104537600, "%e|%k|%l|%I%p|%I%P|%j|%u%w|%a%A", " 1| 0|12|12AM|12am|001|66|SatSaturday"),
        (1104537600, "%b%B%h|%G-W%V-%u|%g|%U-%W", "JanJanuaryJan|2004-W53-6|04|00-00"),
        (1104537600, "%Z%z|%:z%::z%:::z|%N|%3N", "UTC+0000|+00:00+00:00:00+00|000000000|000"),
        (1104537600, "%-N|%_N|%-d|%_H|%10Y|%-m|%_m", "000000000|0        |1| 0|0000002005|1| 1"),
        (1104537600, "%0e|%-e|%_5d|%^a|%^B|%#a|%#Z|%#p", "01|1|    1|SAT|JANUARY|SAT|utc|am"),
        (1104537600, "%^P|%+6Y|%+F|%12F|%_12F", "am|+02005|2005-01-01|002005-01-01|  2005-01-01"),
        (1104537600, "%-F|%010z|%_z|%-z|%_:z|%-j", "2005-01-01|+000000000|   +0|+0| +0:00|1"),
        (1104537600, "%_j|%05j|%-I|%_l|%-l|%-k|%-y|%_y|%-C", "  1|00001|12|12|12|0|5| 5|20"),
        (1104537600, "%+4C|%q|%_3q|%10T|%-10T|%_10D", "+020|1|  1|  00:00:00|00:00:00|  01/01/ 5"),
        (1104537600, "%-D|%10a|%010a|%-10B", "01/01/5|       Sat|0000000Sat|January"),
        (1104537600, "%+10b|%_3S|%-S|%_s|%20s", "0000000Jan|  0|0|1104537600|00000000001104537600"),
        (1104537600, "%-V|%_U|%_W|%3u|%%Y", "53| 0| 0|006|%Y"),
        (1104537600, "sts-backup-%Y%m%d|%Y%m%d%H%M%S", "sts-backup-20050101|20050101000000"),
        (1104537600, "%G%V|%-G|%_10G|%_-5d|%-_5d|%0_5d", "200453|2004|      2004|1|    1|    1"),
        (1104537600, "%^#a|%#^b|%5n|%t|%-5t|%+3y|%+y|%0-3H", "SAT|JAN|    \n|\t|\t|+05|05|0"),
        (1104537600, "x%%y%%|%^p%#P|%_5Z|%-5Z|%05Z|%Y%e", "x%y%|AMam|  UTC|UTC|00UTC|2005 1"),
        (1104537600, "%+Y|%+5Y|%_+8G|é%Yü", "2005|+2005|+0002004|é2005ü"),
        (1230768000, "%Y%m%d-%H%M|%Y-%m-%dT%H:%M:%S", "20090101-0000|2009-01-01T00:00:00"),
        (1230768000, "%s|%F|%T|%R|%D|%C|%y", "1230768000|2009-01-01|00:00:00|00:00|01/01/09|20|09"),
        (1230768000, "%e|%k|%l|%I%p|%I%P|%j|%u%w|%a%A", " 1| 0|12|12AM|12am|001|44|ThuThursday"),
        (1230768000, "%b%B%h|%G-W%V-%u|%g|%U-%W", "JanJanuaryJan|2009-W01-4|09|00-00"),
        (1230768000, "%Z%z|%:z%::z%:::z|%N|%3N", "UTC+0000|+00:00+00:00:00+00|000000000|000"),
        (1230768000, "%-N|%_N|%-d|%_H|%10Y|%-m|%_m", "000000000|0        |1| 0|0000002009|1| 1"),
        (1230768000, "%0e|%-e|%_5d|%^a|%^B|%#a|%#Z|%#p", "01|1|    1|THU|JANUARY|THU|utc|am"),
        (1230768000, "%^P|%+6Y|%+F|%12F|%_12F", "am|+02009|2009-01-01|002009-01-01|  2009-01-01"),
        (1230768000, "%-F|%010z|%_z|%-z|%_:z|%-j", "2009-01-01|+000000000|   +0|+0| +0:00|1"),
        (1230768000, "%_j|%05j|%-I|%_l|%-l|%-k|%-y|%_y|%-C", "  1|00001|12|12|12|0|9| 9|20"),
        (1230768000, "%+4C|%q|%_3q|%10T|%-10T|%_10D", "+020|1|  1|  00:00:00|00:00:00|  01/01/ 9"),
        (1230768000, "%-D|%10a|%010a|%-10B", "01/01/9|       Thu|0000000Thu|January"),
        (1230768000, "%+10b|%_3S|%-S|%_s|%20s", "0000000Jan|  0|0|1230768000|00000000001230768000"),
        (1230768000, "%-V|%_U|%_W|%3u|%%Y|sts-backup-%Y%m%d", "1| 0| 0|004|%Y|sts-backup-20090101"),
        (1230768000, "%Y%m%d%H%M%S|%G%V|%-G|%_10G", "20090101000000|200901|2009|      2009"),
        (1230768000, "%_-5d|%-_5d|%0_5d|%^#a|%#^b|%5n|%t", "1|    1|    1|THU|JAN|    \n|\t"),
        (1230768000, "%-5t|%+3y|%+y|%0-3H|x%%y%%|%^p%#P|%_5Z", "\t|+09|09|0|x%y%|AMam|  UTC"),
        (1230768000, "%-5Z|%05Z|%Y%e|%+Y|%+5Y|%_+8G", "UTC|00UTC|2009 1|2009|+2009|+0002009"),
        (1230768000, "é%Yü", "é2009ü"),
        (1735430400, "%Y%m%d-%H%M|%Y-%m-%dT%H:%M:%S", "20241229-0000|2024-12-29T00:00:00"),
        (1735430400, "%s|%F|%T|%R|%D|%C|%y", "1735430400|2024-12-29|00:00:00|00:00|12/29/24|20|24"),
        (1735430400, "%e|%k|%l|%I%p|%I%P|%j|%u%w|%a%A", "29| 0|12|12AM|12am|364|70|SunSunday"),
        (1735430400, "%b%B%h|%G-W%V-%u|%g|%U-%W", "DecDecemberDec|2024-W52-7|24|52-52"),
        (1735430400, "%Z%z|%:z%::z%:::z|%N|%3N", "UTC+0000|+00:00+00:00:00+00|000000000|000"),
        (1735430400, "%-N|%_N|%-d|%_H|%10Y|%-m|%_m", "000000000|0        |29| 0|0000002024|12|12"),
        (1735430400, "%0e|%-e|%_5d|%^a|%^B|%#a|%#Z|%#p", "29|29|   29|SUN|DECEMBER|SUN|utc|am"),
        (1735430400, "%^P|%+6Y|%+F|%12F|%_12F", "am|+02024|2024-12-29|002024-12-29|  2024-12-29"),
        (1735430400, "%-F|%010z|%_z|%-z|%_:z|%-j", "2024-12-29|+000000000|   +0|+0| +0:00|364"),
        (1735430400, "%_j|%05j|%-I|%_l|%-l|%-k|%-y|%_y|%-C", "364|00364|12|12|12|0|24|24|20"),
        (1735430400, "%+4C|%q|%_3q|%10T|%-10T|%_10D", "+020|4|  4|  00:00:00|00:00:00|  12/29/24"),
        (1735430400, "%-D|%10a|%010a|%-10B", "12/29/24|       Sun|0000000Sun|December"),
        (1735430400, "%+10b|%_3S|%-S|%_s|%20s", "0000000Dec|  0|0|1735430400|00000000001735430400"),
        (1735430400, "%-V|%_U|%_W|%3u|%%Y", "52|52|52|007|%Y"),
        (1735430400, "sts-backup-%Y%m%d|%Y%m%d%H%M%S", "sts-backup-20241229|20241229000000"),
        (1735430400, "%G%V|%-G|%_10G|%_-5d|%-_5d|%0_5d", "202452|2024|      2024|29|   29|   29"),
        (1735430400, "%^#a|%#^b|%5n|%t|%-5t|%+3y|%+y|%0-3H", "SUN|DEC|    \n|\t|\t|+24|24|0"),
        (1735430400, "x%%y%%|%^p%#P|%_5Z|%-5Z|%05Z|%Y%e", "x%y%|AMam|  UTC|UTC|00UTC|202429"),
        (1735430400, "%+Y|%+5Y|%_+8G|é%Yü", "2024|+2024|+0002024|é2024ü"),
        (1767139199, "%Y%m%d-%H%M|%Y-%m-%dT%H:%M:%S", "20251230-2359|2025-12-30T23:59:59"),
        (1767139199, "%s|%F|%T|%R|%D|%C|%y", "1767139199|2025-12-30|23:59:59|23:59|12/30/25|20|25"),
        (1767139199, "%e|%k|%l|%I%p|%I%P|%j|%u%w|%a%A", "30|23|11|11PM|11pm|364|22|TueTuesday"),
        (1767139199, "%b%B%h|%G-W%V-%u|%g|%U-%W", "DecDecemberDec|2026-W01-2|26|52-52"),
        (1767139199, "%Z%z|%:z%::z%:::z|%N|%3N", "UTC+0000|+00:00+00:00:00+00|000000000|000"),
        (1767139199, "%-N|%_N|%-d|%_H|%10Y|%-m|%_m", "000000000|0        |30|23|0000002025|12|12"),
        (1767139199, "%0e|%-e|%_5d|%^a|%^B|%#a|%#Z|%#p", "30|30|   30|TUE|DECEMBER|TUE|utc|pm"),
        (1767139199, "%^P|%+6Y|%+F|%12F|%_12F", "pm|+02025|2025-12-30|002025-12-30|  2025-12-30"),
        (1767139199, "%-F|%010z|%_z|%-z|%_:z|%-j", "2025-12-30|+000000000|   +0|+0| +0:00|364"),
        (1767139199, "%_j|%05j|%-I|%_l|%-l|%-k|%-y|%_y|%-C", "364|00364|11|11|11|23|25|25|20"),
        (1767139199, "%+4C|%q|%_3q|%10T|%-10T|%_10D", "+020|4|  4|  23:59:59|23:59:59|  12/30/25"),
        (1767139199, "%-D|%10a|%010a|%-10B", "12/30/25|       Tue|0000000Tue|December"),
        (1767139199, "%+10b|%_3S|%-S|%_s", "0000000Dec| 59|59|1767139199"),
        (1767139199, "%20s|%-V|%_U|%_W|%3u|%%Y", "00000000001767139199|1|52|52|002|%Y"),
        (1767139199, "sts-backup-%Y%m%d|%Y%m%d%H%M%S", "sts-backup-20251230|20251230235959"),
        (1767139199, "%G%V|%-G|%_10G|%_-5d|%-_5d|%0_5d", "202601|2026|      2026|30|   30|   30"),
        (1767139199, "%^#a|%#^b|%5n|%t|%-5t|%+3y|%+y|%0-3H", "TUE|DEC|    \n|\t|\t|+25|25|23"),
        (1767139199, "x%%y%%|%^p%#P|%_5Z|%-5Z|%05Z|%Y%e", "x%y%|PMpm|  UTC|UTC|00UTC|202530"),
        (1767139199, "%+Y|%+5Y|%_+8G|é%Yü", "2025|+2025|+0002026|é2025ü"),
        (4102444800, "%Y%m%d-%H%M|%Y-%m-%dT%H:%M:%S", "21000101-0000|2100-01-01T00:00:00"),
        (4102444800, "%s|%F|%T|%R|%D|%C|%y", "4102444800|2100-01-01|00:00:00|00:00|01/01/00|21|00"),
        (4102444800, "%e|%k|%l|%I%p|%I%P|%j|%u%w|%a%A", " 1| 0|12|12AM|12am|001|55|FriFriday"),
        (4102444800, "%b%B%h|%G-W%V-%u|%g|%U-%W", "JanJanuaryJan|2099-W53-5|99|00-00"),
        (4102444800, "%Z%z|%:z%::z%:::z|%N|%3N", "UTC+0000|+00:00+00:00:00+00|000000000|000"),
        (4102444800, "%-N|%_N|%-d|%_H|%10Y|%-m|%_m", "000000000|0        |1| 0|0000002100|1| 1"),
        (4102444800, "%0e|%-e|%_5d|%^a|%^B|%#a|%#Z|%#p", "01|1|    1|FRI|JANUARY|FRI|utc|am"),
        (4102444800, "%^P|%+6Y|%+F|%12F|%_12F", "am|+02100|2100-01-01|002100-01-01|  2100-01-01"),
        (4102444800, "%-F|%010z|%_z|%-z|%_:z|%-j", "2100-01-01|+000000000|   +0|+0| +0:00|1"),
        (4102444800, "%_j|%05j|%-I|%_l|%-l|%-k|%-y|%_y|%-C", "  1|00001|12|12|12|0|0| 0|21"),
        (4102444800, "%+4C|%q|%_3q|%10T|%-10T|%_10D", "+021|1|  1|  00:00:00|00:00:00|  01/01/ 0"),
        (4102444800, "%-D|%10a|%010a|%-10B", "01/01/0|       Fri|0000000Fri|January"),
        (4102444800, "%+10b|%_3S|%-S|%_s|%20s", "0000000Jan|  0|0|4102444800|00000000004102444800"),
        (4102444800, "%-V|%_U|%_W|%3u|%%Y", "53| 0| 0|005|%Y"),
        (4102444800, "sts-backup-%Y%m%d|%Y%m%d%H%M%S", "sts-backup-21000101|21000101000000"),
        (4102444800, "%G%V|%-G|%_10G|%_-5d|%-_5d|%0_5d", "209953|2099|      2099|1|    1|    1"),
        (4102444800, "%^#a|%#^b|%5n|%t|%-5t|%+3y|%+y|%0-3H", "FRI|JAN|    \n|\t|\t|+00|00|0"),
        (4102444800, "x%%y%%|%^p%#P|%_5Z|%-5Z|%05Z|%Y%e", "x%y%|AMam|  UTC|UTC|00UTC|2100 1"),
        (4102444800, "%+Y|%+5Y|%_+8G|é%Yü", "2100|+2100|+0002099|é2100ü"),
        (1451649600, "%Y%m%d-%H%M|%Y-%m-%dT%H:%M:%S", "20160101-1200|2016-01-01T12:00:00"),
        (1451649600, "%s|%F|%T|%R|%D|%C|%y", "1451649600|2016-01-01|12:00:00|12:00|01/01/16|20|16"),
        (1451649600, "%e|%k|%l|%I%p|%I%P|%j|%u%w|%a%A", " 1|12|12|12PM|12pm|001|55|FriFriday"),
        (1451649600, "%b%B%h|%G-W%V-%u|%g|%U-%W", "JanJanuaryJan|2015-W53-5|15|00-00"),
        (1451649600, "%Z%z|%:z%::z%:::z|%N|%3N", "UTC+0000|+00:00+00:00:00+00|000000000|000"),
        (1451649600, "%-N|%_N|%-d|%_H|%10Y|%-m|%_m", "000000000|0        |1|12|0000002016|1| 1"),
        (1451649600, "%0e|%-e|%_5d|%^a|%^B|%#a|%#Z|%#p", "01|1|    1|FRI|JANUARY|FRI|utc|pm"),
        (1451649600, "%^P|%+6Y|%+F|%12F|%_12F", "pm|+02016|2016-01-01|002016-01-01|  2016-01-01"),
        (1451649600, "%-F|%010z|%_z|%-z|%_:z|%-j", "2016-01-01|+000000000|   +0|+0| +0:00|1"),
        (1451649600, "%_j|%05j|%-I|%_l|%-l|%-k|%-y|%_y|%-C", "  1|00001|12|12|12|12|16|16|20"),
        (1451649600, "%+4C|%q|%_3q|%10T|%-10T|%_10D", "+020|1|  1|  12:00:00|12:00:00|  01/01/16"),
        (1451649600, "%-D|%10a|%010a|%-10B", "01/01/16|       Fri|0000000Fri|January"),
        (1451649600, "%+10b|%_3S|%-S|%_s|%20s", "0000000Jan|  0|0|1451649600|00000000001451649600"),
        (1451649600, "%-V|%_U|%_W|%3u|%%Y", "53| 0| 0|005|%Y"),
        (1451649600, "sts-backup-%Y%m%d|%Y%m%d%H%M%S", "sts-backup-20160101|20160101120000"),
        (1451649600, "%G%V|%-G|%_10G|%_-5d|%-_5d|%0_5d", "201553|2015|      2015|1|    1|    1"),
        (1451649600, "%^#a|%#^b|%5n|%t|%-5t|%+3y|%+y|%0-3H", "FRI|JAN|    \n|\t|\t|+16|16|12"),
        (1451649600, "x%%y%%|%^p%#P|%_5Z|%-5Z|%05Z|%Y%e", "x%y%|PMpm|  UTC|UTC|00UTC|2016 1"),
        (1451649600, "%+Y|%+5Y|%_+8G|é%Yü", "2016|+2016|+0002015|é2016ü"),
    ];

    #[test]
    fn matches_gnu_date() {
        for &(unix, fmt, expected) in GNU_VECTORS {
            assert_eq!(
                format(fmt, at(unix)).as_deref(),
                Ok(expected),
                "{unix} {fmt:?}"
            );
        }
    }

    #[test]
    fn chart_default_name_format() {
        let t = DateTime::parse_rfc3339("2026-11-26T03:00:00Z").unwrap();
        assert_eq!(format("%Y%m%d-%H%M", t).unwrap(), "20261126-0300");
    }

    fn error(fmt: &str) -> ValueIssue {
        format(fmt, at(0)).unwrap_err()
    }

    #[test]
    fn unknown_directives_are_refused_with_their_range() {
        let issue = error("%Y%Q");
        assert_eq!((issue.range.start, issue.range.end), (2, 4));
        assert!(issue.message.contains("`%Q`"), "{}", issue.message);
        assert!(issue.help.unwrap().contains("typo"));
        let issue = error("%Y%-5f");
        assert_eq!((issue.range.start, issue.range.end), (2, 6));
    }

    #[test]
    fn incomplete_and_malformed_directives() {
        for (fmt, range) in [
            ("%", (0, 1)),
            ("abc%", (3, 4)),
            ("%Y%-", (2, 4)),
            ("%5", (0, 2)),
            ("%5%", (0, 3)),
            ("%-%", (0, 3)),
            ("%:Y", (0, 3)),
            ("%::::z", (0, 6)),
            ("%Ey", (0, 3)),
            ("%Od", (0, 3)),
            ("%c", (0, 2)),
            ("%x", (0, 2)),
            ("%X", (0, 2)),
            ("%r", (0, 2)),
            ("%é", (0, 3)),
        ] {
            let issue = error(fmt);
            assert_eq!(
                (issue.range.start, issue.range.end),
                range,
                "{fmt:?}: {}",
                issue.message
            );
        }
    }

    #[test]
    fn width_and_length_are_bounded() {
        assert!(format("%256Y", at(0)).is_ok());
        let issue = error("%257Y");
        assert!(issue.message.contains("257"));
        assert!(
            error("%99999999999999999999999Y")
                .message
                .contains("larger than")
        );
        let long = "x".repeat(MAX_FORMAT_LEN + 1);
        assert_eq!(error(&long).range.end, MAX_FORMAT_LEN + 1);
        assert_eq!(format(&"%256Y".repeat(10), at(0)).unwrap().len(), 2560);
    }

    #[test]
    fn percent_minus_n_is_the_clock_resolution() {
        assert_eq!(format("%-N|%-3N|%%-N", at(0)).unwrap(), "000000000|0|%-N");
    }

    #[test]
    fn directives_and_literals_keep_their_offsets() {
        let parsed = parse("sts-%Y%m%d-%_H:%:z.é").unwrap();
        let spans: Vec<_> = parsed
            .directives()
            .map(|d| (d.start(), d.end(), d.conversion()))
            .collect();
        assert_eq!(
            spans,
            [
                (4, 6, 'Y'),
                (6, 8, 'm'),
                (8, 10, 'd'),
                (11, 14, 'H'),
                (15, 18, 'z')
            ]
        );
        let literals: Vec<_> = parsed.literals().collect();
        assert_eq!(literals, [(0, "sts-"), (10, "-"), (14, ":"), (18, ".é")]);
        assert_eq!(parsed.as_str(), "sts-%Y%m%d-%_H:%:z.é");
    }

    #[test]
    fn may_emit_finds_padding_slashes_and_control_characters() {
        let emits = |fmt: &str, pred: fn(char) -> bool| {
            parse(fmt).unwrap().directives().any(|d| d.may_emit(pred))
        };
        let space = |c: char| c.is_whitespace();
        for fmt in [
            "%e", "%k", "%l", "%_d", "%_H", "%_m", "%10a", "%_5Z", "%n", "%t", "%_N", "%_y",
        ] {
            assert!(emits(fmt, space), "{fmt}");
        }
        for fmt in [
            "%Y", "%d", "%-e", "%0e", "%_Y", "%_10s", "%a", "%B", "%-10a", "%N", "%F", "%z",
        ] {
            assert!(!emits(fmt, space), "{fmt}");
        }
        assert!(emits("%D", |c| c == '/'));
        assert!(!emits("%F%T%R", |c| c == '/'));
    }
}
