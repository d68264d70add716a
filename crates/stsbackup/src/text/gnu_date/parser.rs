//! Reading one directive as gnulib's `fprintftime` does: flags, width, `E`/`O` modifiers and
//! the conversion, with errors for what stsbackup does not vouch for.

use super::{Conversion, Directive, MAX_WIDTH, Pad, SUPPORTED, Spec};
use crate::issue::ValueIssue;
use crate::text::char_end;
use std::iter::Peekable;
use std::str::CharIndices;

/// Parses one directive; `rest` is just past its `%` at byte `start`.
pub(super) fn parse_directive(
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
