//! Rendering a parsed format for a UTC moment, as gnulib's `__strftime_internal` does in the C
//! locale: padding, case flags, ISO weeks.

use super::{Conversion, Pad, Spec};
use crate::calendar::{self, DateTime, MONTH_NAMES, WEEKDAY_NAMES};

/// The broken-down time, with gnulib's field conventions (`tm_year` counts from 1900,
/// `mon` and `yday` from 0).
pub(super) struct Tm {
    pub(super) tm_year: i64,
    pub(super) mon: i64,
    pub(super) mday: i64,
    pub(super) hour: i64,
    pub(super) min: i64,
    pub(super) sec: i64,
    pub(super) yday: i64,
    pub(super) wday: i64,
    pub(super) unix: i64,
}

impl Tm {
    pub(super) fn new(at: DateTime) -> Self {
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

    pub(super) fn hour12(&self) -> i64 {
        match self.hour {
            0 => 12,
            h if h > 12 => h - 12,
            h => h,
        }
    }
}

/// The state of one conversion while it is rendered (`pad`, `width`, `to_uppcase`,
/// `to_lowcase` in gnulib; `width` is -1 when unset).
pub(super) struct Field {
    pub(super) pad: Pad,
    pub(super) width: i64,
    pub(super) upper: bool,
    pub(super) lower: bool,
}

impl Field {
    /// gnulib `width_add`: right-aligns `text` in the field, padding with zeros for `0`/`+`
    /// and with spaces otherwise, converting case as requested.
    pub(super) fn add(&self, out: &mut String, text: &str) {
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
    pub(super) fn number(
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

    pub(super) fn signed(
        &mut self,
        out: &mut String,
        digits: i64,
        negative: bool,
        plus: bool,
        text: &str,
    ) {
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
    pub(super) fn yearish(
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
pub(super) fn render_conversion(
    out: &mut String,
    tm: &Tm,
    conversion: Conversion,
    spec: Spec,
    yr_spec: Pad,
) {
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
            let name = WEEKDAY_NAMES.get(tm.wday as usize).copied().unwrap_or("?");
            field.add(
                out,
                if conv == 'a' {
                    calendar::abbreviation(name)
                } else {
                    name
                },
            );
        }
        'b' | 'h' | 'B' => {
            names_upper(&mut field);
            let name = MONTH_NAMES.get(tm.mon as usize).copied().unwrap_or("?");
            field.add(
                out,
                if conv == 'B' {
                    name
                } else {
                    calendar::abbreviation(name)
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
pub(super) fn iso_week(tm: &Tm) -> (i64, i64) {
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

pub(super) fn iso_week_days(yday: i64, wday: i64) -> i64 {
    const BIG_ENOUGH_MULTIPLE_OF_7: i64 = (366 / 7 + 2) * 7;
    yday - (yday - wday + 4 + BIG_ENOUGH_MULTIPLE_OF_7) % 7 + 3
}
