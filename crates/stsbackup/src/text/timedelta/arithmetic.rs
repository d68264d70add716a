//! CPython's `timedelta` constructor arithmetic, exactly: integer parts exact, fractional parts
//! summed in a double and rounded half-to-even.

use super::arguments::Keyword;
use super::literals::Value;
use super::{KEYWORDS, MAX_DAYS, MICROS_PER_DAY};

/// `n / 10**6` rounded to the nearest `f64` (ties to even), for `0 <= n < 2^100`.
pub(super) fn divide_by_million(n: i128) -> f64 {
    const EXACT: i128 = 1 << 53;
    // Both operands are exact and IEEE division rounds correctly.
    if n < EXACT {
        return n as f64 / 1e6;
    }
    // Otherwise `n as f64` rounds first, so the quotient may be one unit off: pick the best
    // of it and its neighbours by exact integer comparison.
    let approx = n as f64 / 1e6;
    let candidates = [approx.next_down(), approx, approx.next_up()];
    // `c = m * 2^e`, with an integer mantissa.
    let decompose = |c: f64| -> (i128, i32) {
        let bits = c.to_bits();
        let exponent = ((bits >> 52) & 0x7ff) as i32;
        let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
        (i128::from(mantissa), exponent - 1075)
    };
    let parts = candidates.map(decompose);
    let low = parts.iter().map(|&(_, e)| e).min().unwrap_or(0).min(0);
    let scaled_n = n << (-low) as u32;
    let mut best = (approx, i128::MAX, 1);
    for (&candidate, &(mantissa, exponent)) in candidates.iter().zip(&parts) {
        let scaled = (mantissa * 1_000_000) << (exponent - low) as u32;
        let error = (scaled - scaled_n).abs();
        let odd = mantissa & 1;
        if error < best.1 || (error == best.1 && odd < best.2) {
            best = (candidate, error, odd);
        }
    }
    best.0
}

/// CPython's `timedelta.__new__` (`delta_new` and `accum` in `_datetimemodule.c`): integers are
/// exact; a float's integral part is exact, and its fractional parts are summed in a double and
/// rounded half-to-even at the end. Returns the overflow message CPython would raise.
pub(super) fn total_microseconds(keywords: &[Keyword]) -> Result<i128, String> {
    const TOO_LARGE: &str = "Python int too large to convert to C int";
    let mut total: i128 = 0;
    let mut leftover = 0.0f64;
    for &(name, factor) in &KEYWORDS {
        let Some(number) = keywords.iter().find(|k| k.name == name).map(|k| &k.value) else {
            continue;
        };
        match number.value {
            Value::Int(value) => {
                let product = value.and_then(|v| v.checked_mul(factor)).ok_or(TOO_LARGE)?;
                total = total.checked_add(product).ok_or(TOO_LARGE)?;
            }
            Value::Float(value) => {
                if !value.is_finite() {
                    return Err("cannot convert float infinity to integer".into());
                }
                let integral = value.trunc();
                // Beyond ±1.7e38 the product overflows `timedelta` anyway.
                if integral.abs() >= 1e38 {
                    return Err(TOO_LARGE.into());
                }
                let product = (integral as i128).checked_mul(factor).ok_or(TOO_LARGE)?;
                total = total.checked_add(product).ok_or(TOO_LARGE)?;
                let fraction = value - integral;
                if fraction != 0.0 {
                    let scaled = factor as f64 * fraction;
                    let whole = scaled.trunc();
                    total = total.checked_add(whole as i128).ok_or(TOO_LARGE)?;
                    leftover += scaled - whole;
                }
            }
        }
    }
    if leftover != 0.0 {
        let mut whole = leftover.round();
        if (whole - leftover).abs() == 0.5 {
            let odd = total.rem_euclid(2) as f64;
            whole = 2.0 * ((leftover + odd) * 0.5).round() - odd;
        }
        total = total.checked_add(whole as i128).ok_or(TOO_LARGE)?;
    }
    let days = total.div_euclid(MICROS_PER_DAY);
    if days.abs() > i128::from(i32::MAX) {
        return Err(TOO_LARGE.into());
    }
    if days.abs() > MAX_DAYS {
        return Err(format!("days={days}; must have magnitude <= 999999999"));
    }
    Ok(total)
}
