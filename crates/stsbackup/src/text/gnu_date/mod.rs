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

mod parser;
mod render;
#[cfg(test)]
mod tests;

use crate::calendar::DateTime;
use crate::issue::ValueIssue;
use parser::parse_directive;
use render::{Tm, render_conversion};
use std::fmt;

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
