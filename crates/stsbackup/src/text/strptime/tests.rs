use super::python::{py_repr, timedelta_repr};
use super::*;

fn show(parsed: &ParsedTime) -> String {
    let mut shown = format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06}",
        parsed.year,
        parsed.month,
        parsed.day,
        parsed.hour,
        parsed.minute,
        parsed.second,
        parsed.microsecond
    );
    if let Some(offset) = parsed.utc_offset {
        shown = format!("{shown} {offset}");
    }
    shown
}

/// `(text, format, result)` from CPython 3.11.7 `datetime.strptime` with `TZ=UTC` in the C
/// locale: the fields as `YYYY-MM-DD HH:MM:SS.ffffff[ utcoffset-in-µs]`, or the message of
/// the exception. 66,000 further random pairs were compared during development.
#[rustfmt::skip]
const CPYTHON_VECTORS: &[(&str, &str, Result<&str, &str>)] = &[
    ("20261126-0300", "%Y%m%d-%H%M", Ok("2026-11-26 03:00:00.000000")),
    ("20261126-0300.graph", "%Y%m%d-%H%M", Err("unconverted data remains: .graph")),
    ("2026", "%Y%m%d-%H%M", Err("time data '2026' does not match format '%Y%m%d-%H%M'")),
    ("20261126-030", "%Y%m%d-%H%M", Ok("2026-11-26 03:00:00.000000")),
    ("2026112-0300", "%Y%m%d-%H%M", Ok("2026-11-02 03:00:00.000000")),
    ("20261126-2400", "%Y%m%d-%H%M", Err("unconverted data remains: 0")),
    ("20260230-0300", "%Y%m%d-%H%M", Err("day is out of range for month")),
    ("20240229-0000", "%Y%m%d-%H%M", Ok("2024-02-29 00:00:00.000000")),
    ("20250229-0000", "%Y%m%d-%H%M", Err("day is out of range for month")),
    ("20261126-03005", "%Y%m%d-%H%M", Err("unconverted data remains: 5")),
    ("20261126", "%Y%m%d-%H%M", Err("time data '20261126' does not match format '%Y%m%d-%H%M'")),
    ("", "%Y%m%d-%H%M", Err("time data '' does not match format '%Y%m%d-%H%M'")),
    ("20261126-0360", "%Y%m%d-%H%M", Err("unconverted data remains: 0")),
    ("2026-11-26-0300", "%Y%m%d-%H%M", Err("time data '2026-11-26-0300' does not match format '%Y%m%d-%H%M'")),
    ("20261126_0300", "%Y%m%d-%H%M", Err("time data '20261126_0300' does not match format '%Y%m%d-%H%M'")),
    ("00001126-0300", "%Y%m%d-%H%M", Err("year 0 is out of range")),
    ("99991231-2359", "%Y%m%d-%H%M", Ok("9999-12-31 23:59:00.000000")),
    ("1764126305", "%s", Err("'s' is a bad directive in format '%s'")),
    ("2026-11-26T03:00:00", "%Y-%m-%dT%H:%M:%S", Ok("2026-11-26 03:00:00.000000")),
    ("2026-11-26t03:00:00", "%Y-%m-%dT%H:%M:%S", Ok("2026-11-26 03:00:00.000000")),
    ("2026-11-26 03:00:00", "%Y-%m-%d %H:%M:%S", Ok("2026-11-26 03:00:00.000000")),
    ("2026-11-26   \t03:00:00", "%Y-%m-%d %H:%M:%S", Ok("2026-11-26 03:00:00.000000")),
    ("2026-11-2603:00:00", "%Y-%m-%d %H:%M:%S", Err("time data '2026-11-2603:00:00' does not match format '%Y-%m-%d %H:%M:%S'")),
    ("20261126030000", "%Y%m%d%H%M%S", Ok("2026-11-26 03:00:00.000000")),
    ("2026112603000", "%Y%m%d%H%M%S", Ok("2026-11-26 03:00:00.000000")),
    ("202611260300", "%Y%m%d%H%M", Ok("2026-11-26 03:00:00.000000")),
    ("111", "%m%d", Ok("1900-11-01 00:00:00.000000")),
    ("131", "%m%d", Ok("1900-01-31 00:00:00.000000")),
    ("1231", "%m%d", Ok("1900-12-31 00:00:00.000000")),
    ("123", "%H%M", Ok("1900-01-01 12:03:00.000000")),
    ("1234", "%H%M", Ok("1900-01-01 12:34:00.000000")),
    ("2359", "%H%M", Ok("1900-01-01 23:59:00.000000")),
    ("245", "%H%M", Ok("1900-01-01 02:45:00.000000")),
    ("20261", "%Y%m", Ok("2026-01-01 00:00:00.000000")),
    ("202613", "%Y%m", Err("unconverted data remains: 3")),
    ("2026 5", "%Y %d", Ok("2026-01-05 00:00:00.000000")),
    ("2026  5", "%Y %d", Ok("2026-01-05 00:00:00.000000")),
    ("2026 5", "%Y%d", Ok("2026-01-05 00:00:00.000000")),
    ("1 5", "%m%d", Ok("1900-01-05 00:00:00.000000")),
    ("2026366", "%Y%j", Ok("2027-01-01 00:00:00.000000")),
    ("2025366", "%Y%j", Ok("2026-01-01 00:00:00.000000")),
    ("20261", "%Y%j", Ok("2026-01-01 00:00:00.000000")),
    ("2026001", "%Y%j", Ok("2026-01-01 00:00:00.000000")),
    ("2026000", "%Y%j", Err("time data '2026000' does not match format '%Y%j'")),
    ("20260", "%Y%j", Err("time data '20260' does not match format '%Y%j'")),
    ("1234567", "%f", Err("unconverted data remains: 7")),
    ("123456", "%f", Ok("1900-01-01 00:00:00.123456")),
    ("1", "%f", Ok("1900-01-01 00:00:00.100000")),
    ("0000001", "%S%f", Ok("1900-01-01 00:00:00.000010")),
    ("5.5", "%S.%f", Ok("1900-01-01 00:00:05.500000")),
    ("5.", "%S.%f", Err("time data '5.' does not match format '%S.%f'")),
    ("68", "%y", Ok("2068-01-01 00:00:00.000000")),
    ("69", "%y", Ok("1969-01-01 00:00:00.000000")),
    ("00", "%y", Ok("2000-01-01 00:00:00.000000")),
    ("99", "%y", Ok("1999-01-01 00:00:00.000000")),
    ("6", "%y", Err("time data '6' does not match format '%y'")),
    ("12 AM", "%I %p", Ok("1900-01-01 00:00:00.000000")),
    ("12 pm", "%I %p", Ok("1900-01-01 12:00:00.000000")),
    ("1 PM", "%I %p", Ok("1900-01-01 13:00:00.000000")),
    ("01:30pm", "%I:%M%p", Ok("1900-01-01 13:30:00.000000")),
    ("11", "%I", Ok("1900-01-01 11:00:00.000000")),
    ("12", "%I", Ok("1900-01-01 00:00:00.000000")),
    ("13", "%I", Err("unconverted data remains: 3")),
    ("0", "%I", Err("time data '0' does not match format '%I'")),
    ("pm 12", "%p %I", Ok("1900-01-01 12:00:00.000000")),
    ("pm", "%p", Ok("1900-01-01 00:00:00.000000")),
    ("p.m.", "%p", Err("time data 'p.m.' does not match format '%p'")),
    ("Mar 5 2026", "%b %d %Y", Ok("2026-03-05 00:00:00.000000")),
    ("march 5 2026", "%B %d %Y", Ok("2026-03-05 00:00:00.000000")),
    ("MAY", "%b", Ok("1900-05-01 00:00:00.000000")),
    ("Sept", "%b", Err("unconverted data remains: t")),
    ("September", "%B", Ok("1900-09-01 00:00:00.000000")),
    ("sept", "%B", Err("time data 'sept' does not match format '%B'")),
    ("Wed", "%a", Ok("1900-01-01 00:00:00.000000")),
    ("wednesday", "%A", Ok("1900-01-01 00:00:00.000000")),
    ("WEDNESDAY", "%a", Err("unconverted data remains: NESDAY")),
    ("Wednesday", "%a%A", Err("time data 'Wednesday' does not match format '%a%A'")),
    ("Thu Mar  5 03:07:09 2026", "%c", Ok("2026-03-05 03:07:09.000000")),
    ("Thu Mar 5 03:07:09 2026", "%c", Ok("2026-03-05 03:07:09.000000")),
    ("03/05/26", "%x", Ok("2026-03-05 00:00:00.000000")),
    ("03:07:09", "%X", Ok("1900-01-01 03:07:09.000000")),
    ("Thu, 05 Mar 2026 03:07:09 GMT", "%a, %d %b %Y %H:%M:%S %Z", Ok("2026-03-05 03:07:09.000000")),
    ("2026 utc", "%Y %Z", Ok("2026-01-01 00:00:00.000000")),
    ("2026 CET", "%Y %Z", Err("time data '2026 CET' does not match format '%Y %Z'")),
    ("2026 0 0", "%Y %U %w", Ok("2025-12-28 00:00:00.000000")),
    ("2026 0 1", "%Y %W %w", Ok("2025-12-29 00:00:00.000000")),
    ("2026 52 6", "%Y %U %w", Ok("2027-01-02 00:00:00.000000")),
    ("2026 53 6", "%Y %W %w", Ok("2027-01-09 00:00:00.000000")),
    ("2026 1 Mon", "%Y %W %a", Ok("2026-01-05 00:00:00.000000")),
    ("2026 10", "%Y %U", Ok("2026-01-01 00:00:00.000000")),
    ("2026-W10-4", "%G-W%V-%u", Ok("2026-03-05 00:00:00.000000")),
    ("2026-W01-1", "%G-W%V-%u", Ok("2025-12-29 00:00:00.000000")),
    ("2026-W53-7", "%G-W%V-%u", Ok("2027-01-03 00:00:00.000000")),
    ("2020-W53-7", "%G-W%V-%u", Ok("2021-01-03 00:00:00.000000")),
    ("0001-W01-1", "%G-W%V-%u", Ok("0001-01-01 00:00:00.000000")),
    ("2026-W10", "%G-W%V", Err( "ISO year directive '%G' must be used with the ISO week directive '%V' and a weekday directive ('%A', '%a', '%w', or '%u')."),
    ),
    ("2026-10-4", "%Y-%V-%u", Err( "ISO week directive '%V' is incompatible with the year directive '%Y'. Use the ISO year '%G' instead."),
    ),
    ("10", "%V", Err( "ISO week directive '%V' must be used with the ISO year directive '%G' and a weekday directive ('%A', '%a', '%w', or '%u')."),
    ),
    ("2026 10", "%G %V", Err( "ISO year directive '%G' must be used with the ISO week directive '%V' and a weekday directive ('%A', '%a', '%w', or '%u')."),
    ),
    ("2026 4", "%G %u", Err( "ISO year directive '%G' must be used with the ISO week directive '%V' and a weekday directive ('%A', '%a', '%w', or '%u')."),
    ),
    ("2026 10 4 100", "%G %V %u %j", Err( "Day of the year directive '%j' is not compatible with ISO year directive '%G'. Use '%Y' instead."),
    ),
    ("2026 10 4", "%Y %j %w", Ok("2026-01-10 00:00:00.000000")),
    ("4 2026", "%w %Y", Ok("2026-01-01 00:00:00.000000")),
    ("7", "%u", Ok("1900-01-01 00:00:00.000000")),
    ("0", "%u", Err("time data '0' does not match format '%u'")),
    ("7", "%w", Err("time data '7' does not match format '%w'")),
    ("2026 366", "%Y %j", Ok("2027-01-01 00:00:00.000000")),
    ("9999 366", "%Y %j", Err("year 10000 is out of range")),
    ("9999 53 6", "%Y %W %w", Err("year 10000 is out of range")),
    ("0001 00 0", "%Y %U %w", Err("year 0 is out of range")),
    ("0000", "%Y", Err("year 0 is out of range")),
    ("0000", "%G", Err( "ISO year directive '%G' must be used with the ISO week directive '%V' and a weekday directive ('%A', '%a', '%w', or '%u')."),
    ),
    ("+0100", "%z", Ok("1900-01-01 00:00:00.000000 3600000000")),
    ("-0530", "%z", Ok("1900-01-01 00:00:00.000000 -19800000000")),
    ("+01:00", "%z", Ok("1900-01-01 00:00:00.000000 3600000000")),
    ("Z", "%z", Ok("1900-01-01 00:00:00.000000 0")),
    ("z", "%z", Err("time data 'z' does not match format '%z'")),
    ("+01:00:30", "%z", Ok("1900-01-01 00:00:00.000000 3630000000")),
    ("+010030.5", "%z", Ok("1900-01-01 00:00:00.000000 3630500000")),
    ("-01:00:30.123456", "%z", Ok("1900-01-01 00:00:00.000000 -3630123456")),
    ("+01:0000", "%z", Err("Inconsistent use of : in +01:0000")),
    ("+0100:00", "%z", Err("invalid literal for int() with base 10: ':0'")),
    ("+9959", "%z", Err( "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not datetime.timedelta(days=4, seconds=14340)."),
    ),
    ("-2400", "%z", Err( "offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24), not datetime.timedelta(days=-1)."),
    ),
    ("+2359", "%z", Ok("1900-01-01 00:00:00.000000 86340000000")),
    ("+0060", "%z", Err("time data '+0060' does not match format '%z'")),
    ("+01", "%z", Err("time data '+01' does not match format '%z'")),
    ("20261126-0300+0000", "%Y%m%d-%H%M%z", Ok("2026-11-26 03:00:00.000000 0")),
    ("UTC", "%Z", Ok("1900-01-01 00:00:00.000000")),
    ("gmt", "%Z", Ok("1900-01-01 00:00:00.000000")),
    ("+0000 UTC", "%z %Z", Ok("1900-01-01 00:00:00.000000 0")),
    ("60", "%S", Err("second must be in 0..59")),
    ("61", "%S", Err("second must be in 0..59")),
    ("62", "%S", Err("unconverted data remains: 2")),
    ("02-29", "%m-%d", Err("day is out of range for month")),
    ("2024-02-29", "%Y-%m-%d", Ok("2024-02-29 00:00:00.000000")),
    ("29", "%d", Ok("1900-01-29 00:00:00.000000")),
    ("Feb 29", "%b %d", Err("day is out of range for month")),
    ("31", "%d", Ok("1900-01-31 00:00:00.000000")),
    ("04-31", "%m-%d", Err("day is out of range for month")),
    ("32", "%d", Err("unconverted data remains: 2")),
    (" 5", "%d", Ok("1900-01-05 00:00:00.000000")),
    ("  5", "%d", Err("time data '  5' does not match format '%d'")),
    ("2026.11", "%Y.%m", Ok("2026-11-01 00:00:00.000000")),
    ("2026x11", "%Y.%m", Err("time data '2026x11' does not match format '%Y.%m'")),
    ("(2026)", "(%Y)", Ok("2026-01-01 00:00:00.000000")),
    ("[2026]", "[%Y]", Ok("2026-01-01 00:00:00.000000")),
    ("2026+", "%Y+", Ok("2026-01-01 00:00:00.000000")),
    ("a|b2026", "a|b%Y", Ok("2026-01-01 00:00:00.000000")),
    ("2026$", "%Y$", Ok("2026-01-01 00:00:00.000000")),
    ("^2026", "^%Y", Ok("2026-01-01 00:00:00.000000")),
    ("2026\\", "%Y\\", Ok("2026-01-01 00:00:00.000000")),
    ("100%", "%j%%", Ok("1900-04-10 00:00:00.000000")),
    ("sts-backup-2026", "STS-BACKUP-%Y", Ok("2026-01-01 00:00:00.000000")),
    ("2026 11", "%Y %m", Ok("2026-11-01 00:00:00.000000")),
    ("2026 11", "%Y　%m", Ok("2026-11-01 00:00:00.000000")),
    ("2026\u{001c}11", "%Y %m", Ok("2026-11-01 00:00:00.000000")),
    ("2026\u{000b}11", "%Y\t%m", Ok("2026-11-01 00:00:00.000000")),
    ("2026 11", "%Y\n%m", Ok("2026-11-01 00:00:00.000000")),
    ("2026é", "%YÉ", Ok("2026-01-01 00:00:00.000000")),
    ("2026", "", Err("unconverted data remains: 2026")),
    ("", "", Ok("1900-01-01 00:00:00.000000")),
    ("x", "", Err("unconverted data remains: x")),
    ("2026", "%Y ", Err("time data '2026' does not match format '%Y '")),
    ("2026 ", "%Y", Err("unconverted data remains:  ")),
    (" 2026", "%Y", Err("time data ' 2026' does not match format '%Y'")),
    (" 2026", " %Y", Ok("2026-01-01 00:00:00.000000")),
    ("x", "%Q", Err("'Q' is a bad directive in format '%Q'")),
    ("x", "%", Err("stray % in format '%'")),
    ("x", "abc%", Err("stray % in format 'abc%'")),
    ("x", "% Y", Err("'%' is a bad directive in format '% Y'")),
    ("x", "%.Y", Err("'%' is a bad directive in format '%.Y'")),
    ("x", "%\tY", Err("'%' is a bad directive in format '%\tY'")),
    ("x", "%é", Err("'é' is a bad directive in format '%é'")),
    ("x", "%E", Err("'E' is a bad directive in format '%E'")),
    ("x", "%Ey", Err("'E' is a bad directive in format '%Ey'")),
    ("x", "%-d", Err("'-' is a bad directive in format '%-d'")),
    ("x", "%s", Err("'s' is a bad directive in format '%s'")),
    ("x", "%e", Err("'e' is a bad directive in format '%e'")),
    ("x", "%k", Err("'k' is a bad directive in format '%k'")),
    ("x", "%F", Err("'F' is a bad directive in format '%F'")),
    ("x", "%%%", Err("stray % in format '%%%'")),
    ("20202020", "%Y%Y", Err("redefinition of group name 'Y' as group 2; was group 1 at position 19")),
    ("x", "%c %d", Err("redefinition of group name 'd' as group 8; was group 3 at position 230")),
    ("x", "%x %m", Err("redefinition of group name 'm' as group 4; was group 1 at position 87")),
    ("x", "%X%H", Err("redefinition of group name 'H' as group 4; was group 1 at position 71")),
    ("1", "%f%z%Y%Y", Err("redefinition of group name 'Y' as group 6; was group 5 at position 92")),
    ("x", "%y%Y%y", Err("redefinition of group name 'y' as group 3; was group 1 at position 30")),
    ("x", "%Y%Q%Y", Err("'Q' is a bad directive in format '%Y%Q%Y'")),
    ("x", "%Y%Y%Q", Err("'Q' is a bad directive in format '%Y%Y%Q'")),
    ("74120928-1428", "%Y%m%d-%H%M", Ok("7412-09-28 14:28:00.000000")),
    ("31120326-1630", "%Y%m%d-%H%M", Ok("3112-03-26 16:30:00.000000")),
    ("15430810-0405", "%Y%m%d-%H%M", Ok("1543-08-10 04:05:00.000000")),
    ("6871013-1441", "%Y%m%d-%H%M", Ok("6871-01-03 14:41:00.000000")),
    ("25811001-1604", "%Y%m%d-%H%M", Ok("2581-10-01 16:04:00.000000")),
    ("39641001-1420", "%Y%m%d-%H%M", Ok("3964-10-01 14:20:00.000000")),
    ("85060421-0931", "%Y%m%d-%H%M", Ok("8506-04-21 09:31:00.000000")),
    ("74931109-1335", "%Y%m%d-%H%M", Ok("7493-11-09 13:35:00.000000")),
    ("4162-06-25T07:32:18.031197", "%Y-%m-%dT%H:%M:%S.%f", Ok("4162-06-25 07:32:18.031197")),
    ("9227-02-13T03:54:18.405288", "%Y-%m-%dT%H:%M:%S.%f", Ok("9227-02-13 03:54:18.405288")),
    ("277-11-01T06:13:59.954489", "%Y-%m-%dT%H:%M:%S.%f", Err( "time data '277-11-01T06:13:59.954489' does not match format '%Y-%m-%dT%H:%M:%S.%f'"),
    ),
    ("7701-07-23T12:26:04.593747", "%Y-%m-%dT%H:%M:%S.%f", Ok("7701-07-23 12:26:04.593747")),
    ("3253-11-09T10:05:19.348741", "%Y-%m-%dT%H:%M:%S.%f", Ok("3253-11-09 10:05:19.348741")),
    ("6719-02-05T07:45:06.011487", "%Y-%m-%dT%H:%M:%S.%f", Ok("6719-02-05 07:45:06.011487")),
    ("7618-08-06T21:35:12.469158", "%Y-%m-%dT%H:%M:%S.%f", Ok("7618-08-06 21:35:12.469158")),
    ("3125-12-25T04:26:41.402392", "%Y-%m-%dT%H:%M:%S.%f", Ok("3125-12-25 04:26:41.402392")),
    ("07 Jul 6470 12:17 AM", "%d %b %Y %I:%M %p", Ok("6470-07-07 00:17:00.000000")),
    ("07 Jan 4984 05:25 AM", "%d %b %Y %I:%M %p", Ok("4984-01-07 05:25:00.000000")),
    ("02 Feb 9453 04:13 AM", "%d %b %Y %I:%M %p", Ok("9453-02-02 04:13:00.000000")),
    ("13 May 5390 02:04 AM", "%d %b %Y %I:%M %p", Ok("5390-05-13 02:04:00.000000")),
    ("20 Jan 3982 11:23 AM", "%d %b %Y %I:%M %p", Ok("3982-01-20 11:23:00.000000")),
    ("27 Aug 9622 06:08 PM", "%d %b %Y %I:%M %p", Ok("9622-08-27 18:08:00.000000")),
    ("08 May 2526 07:15 PM", "%d %b %Y %I:%M %p", Ok("2526-05-08 19:15:00.000000")),
    ("22 Apr 9076 12:56 PM", "%d %b %Y %I:%M %p", Ok("9076-04-22 12:56:00.000000")),
    ("Monday 04 January 6906", "%A %d %B %Y", Ok("6906-01-04 00:00:00.000000")),
    ("Sunday 14 May 6417", "%A %d %B %Y", Ok("6417-05-14 00:00:00.000000")),
    ("Tuesday 08 March 1127", "%A %d %B %Y", Ok("1127-03-08 00:00:00.000000")),
    ("Thursday 07 May 1215", "%A %d %B %Y", Ok("1215-05-07 00:00:00.000000")),
    ("Friday 08 August 6741", "%A %d %B %Y", Ok("6741-08-08 00:00:00.000000")),
    ("Friday 05 October 8700", "%A %d %B %Y", Ok("8700-10-05 00:00:00.000000")),
    ("Monday 24 November 5423", "%A %d %B %Y", Ok("5423-11-24 00:00:00.000000")),
    ("Thursday 01 January 9665", "%A %d %B %Y", Ok("9665-01-01 00:00:00.000000")),
    ("550-W04-2", "%G-W%V-%u", Err("time data '550-W04-2' does not match format '%G-W%V-%u'")),
    ("5225-W10-1", "%G-W%V-%u", Ok("5225-03-03 00:00:00.000000")),
    ("2123-W23-6", "%G-W%V-%u", Ok("2123-06-12 00:00:00.000000")),
    ("6835-W04-7", "%G-W%V-%u", Ok("6835-01-28 00:00:00.000000")),
    ("6265-W29-3", "%G-W%V-%u", Ok("6265-07-19 00:00:00.000000")),
    ("1894-W20-1", "%G-W%V-%u", Ok("1894-05-14 00:00:00.000000")),
    ("9519-W33-5", "%G-W%V-%u", Ok("9519-08-15 00:00:00.000000")),
    ("8431-W02-5", "%G-W%V-%u", Ok("8431-01-10 00:00:00.000000")),
    ("1850 34 0", "%Y %U %w", Ok("1850-08-25 00:00:00.000000")),
    ("186 23 6", "%Y %U %w", Err("time data '186 23 6' does not match format '%Y %U %w'")),
    ("2779 24 5", "%Y %U %w", Ok("2779-06-22 00:00:00.000000")),
    ("6632 45 5", "%Y %U %w", Ok("6632-11-09 00:00:00.000000")),
    ("3510 27 5", "%Y %U %w", Ok("3510-07-08 00:00:00.000000")),
    ("2205 32 1", "%Y %U %w", Ok("2205-08-12 00:00:00.000000")),
    ("2772 07 2", "%Y %U %w", Ok("2772-02-15 00:00:00.000000")),
    ("6268 46 2", "%Y %U %w", Ok("6268-11-17 00:00:00.000000")),
    ("7414 22 Fri", "%Y %W %a", Ok("7414-06-03 00:00:00.000000")),
    ("4606 40 Sun", "%Y %W %a", Ok("4606-10-12 00:00:00.000000")),
    ("2227 28 Sun", "%Y %W %a", Ok("2227-07-15 00:00:00.000000")),
    ("3890 12 Wed", "%Y %W %a", Ok("3890-03-26 00:00:00.000000")),
    ("8772 47 Tue", "%Y %W %a", Ok("8772-11-21 00:00:00.000000")),
    ("7785 18 Fri", "%Y %W %a", Ok("7785-05-06 00:00:00.000000")),
    ("593 09 Fri", "%Y %W %a", Err("time data '593 09 Fri' does not match format '%Y %W %a'")),
    ("8527 37 Sat", "%Y %W %a", Ok("8527-09-20 00:00:00.000000")),
    ("69045", "%y%j", Ok("1969-02-14 00:00:00.000000")),
    ("26305", "%y%j", Ok("2026-11-01 00:00:00.000000")),
    ("22223", "%y%j", Ok("2022-08-11 00:00:00.000000")),
    ("24099", "%y%j", Ok("2024-04-08 00:00:00.000000")),
    ("91362", "%y%j", Ok("1991-12-28 00:00:00.000000")),
    ("24170", "%y%j", Ok("2024-06-18 00:00:00.000000")),
    ("77045", "%y%j", Ok("1977-02-14 00:00:00.000000")),
    ("02217", "%y%j", Ok("2002-08-05 00:00:00.000000")),
    ("08/19/12 22:05:48", "%x %X", Ok("2012-08-19 22:05:48.000000")),
    ("09/10/29 23:35:40", "%x %X", Ok("2029-09-10 23:35:40.000000")),
    ("09/09/25 09:42:24", "%x %X", Ok("2025-09-09 09:42:24.000000")),
    ("05/28/12 04:34:33", "%x %X", Ok("2012-05-28 04:34:33.000000")),
    ("04/14/54 17:07:32", "%x %X", Ok("2054-04-14 17:07:32.000000")),
    ("01/18/78 01:33:58", "%x %X", Ok("1978-01-18 01:33:58.000000")),
    ("02/16/23 02:44:10", "%x %X", Ok("2023-02-16 02:44:10.000000")),
    ("07/26/20 12:17:15", "%x %X", Ok("2020-07-26 12:17:15.000000")),
    ("20810614153320-1055", "%Y%m%d%H%M%S%z", Ok("2081-06-14 15:33:20.000000 -39300000000")),
    ("68741001080844-2226", "%Y%m%d%H%M%S%z", Ok("6874-10-01 08:08:44.000000 -80760000000")),
    ("5840405070043-0200", "%Y%m%d%H%M%S%z", Ok("5840-04-05 07:00:43.000000 -7200000000")),
    ("58230420150631+1545", "%Y%m%d%H%M%S%z", Ok("5823-04-20 15:06:31.000000 56700000000")),
    ("20120920084512+1213", "%Y%m%d%H%M%S%z", Ok("2012-09-20 08:45:12.000000 43980000000")),
    ("71570113202652+1803", "%Y%m%d%H%M%S%z", Ok("7157-01-13 20:26:52.000000 64980000000")),
    ("26170907203440+1210", "%Y%m%d%H%M%S%z", Ok("2617-09-07 20:34:40.000000 43800000000")),
    ("35420920185408+1852", "%Y%m%d%H%M%S%z", Ok("3542-09-20 18:54:08.000000 67920000000")),
    ("Sun Mar 11 19:20:57 5696", "%c", Ok("5696-03-11 19:20:57.000000")),
    ("Fri Apr  4 04:56:15 3575", "%c", Ok("3575-04-04 04:56:15.000000")),
    ("Sun Jul  4 13:53:26 4252", "%c", Ok("4252-07-04 13:53:26.000000")),
    ("Wed Jul 21 21:51:01 3288", "%c", Ok("3288-07-21 21:51:01.000000")),
    ("Wed Nov 12 11:07:45 9338", "%c", Ok("9338-11-12 11:07:45.000000")),
    ("Fri Sep 22 06:51:04 5628", "%c", Ok("5628-09-22 06:51:04.000000")),
    ("Mon Jan 25 17:39:32 399", "%c", Err("time data 'Mon Jan 25 17:39:32 399' does not match format '%c'")),
    ("Sun Mar  7 05:07:13 7886", "%c", Ok("7886-03-07 05:07:13.000000")),
];

#[test]
fn matches_cpython() {
    let mut mismatches = Vec::new();
    for &(text, format, expected) in CPYTHON_VECTORS {
        let got = parse(text, format);
        let got = got.as_ref().map(show).map_err(|e| e.message.as_str());
        if got.as_deref().map_err(|e| *e) != expected {
            mismatches.push(format!(
                "{text:?} {format:?}: got {got:?}, CPython {expected:?}"
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn check_format_reports_format_only_errors_with_format_ranges() {
    assert_eq!(check_format("%Y%m%d-%H%M"), Ok(()));
    assert_eq!(check_format(""), Ok(()));
    assert_eq!(check_format("%G-W%V-%u"), Ok(()));
    for (format, range, message) in [
        (
            "%Y%m%d-%H%Q",
            (9, 11),
            "'Q' is a bad directive in format '%Y%m%d-%H%Q'",
        ),
        ("%Y%", (2, 3), "stray % in format '%Y%'"),
        ("%Y% m", (2, 4), "'%' is a bad directive in format '%Y% m'"),
        ("%Yé%é", (4, 7), "'é' is a bad directive in format '%Yé%é'"),
        (
            "%Y-%m-%Y",
            (6, 8),
            "redefinition of group name 'Y' as group 3; was group 1 at position 47",
        ),
        (
            "%G-%V",
            (0, 2),
            "ISO year directive '%G' must be used with the ISO week directive '%V' and a \
             weekday directive ('%A', '%a', '%w', or '%u').",
        ),
        (
            "%G %V %u %j",
            (9, 11),
            "Day of the year directive '%j' is not compatible with ISO year directive '%G'. \
             Use '%Y' instead.",
        ),
        (
            "%Y-W%V-%u",
            (4, 6),
            "ISO week directive '%V' is incompatible with the year directive '%Y'. Use the \
             ISO year '%G' instead.",
        ),
        (
            "%V",
            (0, 2),
            "ISO week directive '%V' must be used with the ISO year directive '%G' and a \
             weekday directive ('%A', '%a', '%w', or '%u').",
        ),
    ] {
        let issue = check_format(format).unwrap_err();
        assert_eq!(
            (issue.range.start, issue.range.end, issue.message.as_str()),
            (range.0, range.1, message)
        );
        // `parse` reports the same error, at the same place, when the text matches.
        if let Err(parse_issue) = parse("2026 10 4 5", format)
            && parse_issue.message == issue.message
        {
            assert_eq!(parse_issue.range.start, issue.range.start, "{format}");
        }
    }
}

#[test]
fn text_errors_point_into_the_text() {
    let issue = parse("20261126-0300.graph", "%Y%m%d-%H%M").unwrap_err();
    assert_eq!((issue.range.start, issue.range.end), (13, 19));
    assert_eq!(issue.message, "unconverted data remains: .graph");
    let issue = parse("2026-1x-26", "%Y-%m-%d").unwrap_err();
    assert_eq!((issue.range.start, issue.range.end), (6, 10));
    let issue = parse("20260230-0300", "%Y%m%d-%H%M").unwrap_err();
    assert_eq!(
        (issue.range.start, issue.range.end, issue.message.as_str()),
        (6, 8, "day is out of range for month")
    );
    let issue = parse("2026-11-26 03:00:60", "%Y-%m-%d %H:%M:%S").unwrap_err();
    assert_eq!((issue.range.start, issue.range.end), (17, 19));
    let issue = parse("é+01:0000", "é%z").unwrap_err();
    assert_eq!((issue.range.start, issue.range.end), (2, 10));
}

#[test]
fn parsed_time_helpers() {
    let parsed = parse("20261126-0300", "%Y%m%d-%H%M").unwrap();
    assert_eq!(
        parsed.to_datetime(),
        DateTime::parse_rfc3339("2026-11-26T03:00:00Z").unwrap()
    );
    assert!(!parsed.is_aware());
    let aware = parse("20261126-0300+0100", "%Y%m%d-%H%M%z").unwrap();
    assert_eq!(aware.utc_offset, Some(3_600_000_000));
    assert!(aware.is_aware());
    let defaults = parse("", "").unwrap();
    assert_eq!(show(&defaults), "1900-01-01 00:00:00.000000");
}

#[test]
fn non_ascii_digits_are_not_digits_here() {
    // CPython's `\d` matches any Unicode decimal digit and `int()` reads it, so it parses
    // this as 2026; we refuse it. No `date` output contains such digits.
    assert!(parse("\u{662}\u{660}\u{662}\u{666}", "%Y").is_err());
}

#[test]
fn python_repr() {
    assert_eq!(py_repr("a'b"), "\"a'b\"");
    assert_eq!(py_repr("a\"b'"), "'a\"b\\''");
    assert_eq!(py_repr("\\\n\t\r"), "'\\\\\\n\\t\\r'");
    assert_eq!(
        py_repr("\u{0}\u{85}\u{a0}\u{ad}\u{2028}\u{e000}\u{1f600}\u{fffe}é"),
        "'\\x00\\x85\\xa0\\xad\\u2028\\ue000\u{1f600}\\ufffeé'"
    );
    assert_eq!(timedelta_repr(0), "datetime.timedelta(0)");
    assert_eq!(
        timedelta_repr(-5),
        "datetime.timedelta(days=-1, seconds=86399, microseconds=999995)"
    );
}

#[test]
fn hostile_inputs_are_bounded() {
    let digits = "7".repeat(MAX_LEN);
    let format = "%f%H%M%S%y%d%m%j%U%W%I%w%u%Y%G%V";
    assert!(parse(&digits, format).is_err());
    let spaces = " a".repeat(MAX_LEN / 2);
    assert!(parse(&spaces, &" a".repeat(MAX_LEN / 2 - 1)).is_err());
    assert!(
        parse(&"1".repeat(MAX_LEN + 1), "%Y")
            .unwrap_err()
            .message
            .contains("at most")
    );
    assert!(
        check_format(&"%%".repeat(MAX_LEN))
            .unwrap_err()
            .message
            .contains("at most")
    );
    for text in ["", "%", "\u{0}", "+", "+01:", "-01:00:", "+01:00:00.", "Z"] {
        for format in ["%z", "%z%Z", "%c", "%%%z", " %z "] {
            let _ = parse(text, format);
        }
    }
}
