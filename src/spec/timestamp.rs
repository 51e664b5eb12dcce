//! RFC 3339 timestamps (TYPE-8, TYPE-9).
//!
//! [`Timestamp`] keeps the fields as written — including the UTC offset, so
//! `17:31:00+02:00` re-encodes as `+02:00` (E-27) — and converts to Unix time
//! on request. Parsing is strict: `YYYY-MM-DDThh:mm:ss[.frac](Z|±hh:mm)` with
//! calendar checks, leap seconds only where RFC 3339 §5.7 allows them.

use core::fmt;

use crate::error::{Error, ErrorKind};
use crate::sink::Sink;

/// A parsed RFC 3339 `date-time` (TYPE-8).
///
/// The fields are those of the text (local time plus its offset). Equality
/// and hashing compare the representation: `12:00:00+02:00` and `10:00:00Z`
/// are different values naming the same instant; compare
/// [`unix_nanos`](Self::unix_nanos) (or use [`same_instant`](Self::same_instant))
/// to compare instants.
///
/// ```
/// use cloudevents_codec::Timestamp;
/// let t = Timestamp::parse(b"2018-04-05T17:31:00.5+02:00")?;
/// assert_eq!((t.hour(), t.nanosecond(), t.offset_minutes()), (17, 500_000_000, 120));
/// assert_eq!(t.unix_timestamp(), 1_522_942_260);
/// assert_eq!(t.to_string(), "2018-04-05T17:31:00.5+02:00");
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timestamp {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    nanosecond: u32,
    offset: i16,
    /// The offset was written `Z`/`z` or `-00:00` (UTC, no local offset stated).
    utc_z: bool,
}

#[cfg(feature = "chrono")]
mod chrono_impl;

/// Unix seconds of 0000-01-01T00:00:00Z and of 9999-12-31T23:59:59Z.
const MIN_UNIX: i64 = -62_167_219_200;
const MAX_UNIX: i64 = 253_402_300_799;

fn err(detail: &'static str, at: usize) -> Error {
    Error::new(ErrorKind::InvalidValue, detail).at(at)
}

/// Reads `N` ASCII digits at `at`.
#[inline]
fn digits<const N: usize>(text: &[u8], at: usize, what: &'static str) -> Result<u32, Error> {
    let mut v = 0u32;
    for i in 0..N {
        match text.get(at + i) {
            Some(&c @ b'0'..=b'9') => v = v * 10 + u32::from(c - b'0'),
            _ => return Err(err(what, at + i)),
        }
    }
    Ok(v)
}

#[inline]
fn expect(text: &[u8], at: usize, byte: u8, what: &'static str) -> Result<(), Error> {
    match text.get(at) {
        Some(&c) if c == byte => Ok(()),
        _ => Err(err(what, at)),
    }
}

/// The optional fraction at `pos` (`.` and digits; digits past the ninth
/// are truncated, E-24): its nanoseconds and the offset after it, or the
/// offset where a digit was expected after the `.`.
#[inline]
fn optional_fraction(text: &[u8], pos: usize) -> Result<(u32, usize), usize> {
    if text.get(pos) != Some(&b'.') {
        return Ok((0, pos));
    }
    let start = pos + 1;
    let mut end = start;
    let mut nanosecond = 0;
    let mut scale = 100_000_000u32;
    while let Some(&c @ b'0'..=b'9') = text.get(end) {
        nanosecond += u32::from(c - b'0') * scale;
        scale /= 10;
        end += 1;
    }
    if end == start {
        return Err(start);
    }
    Ok((nanosecond, end))
}

/// True for Gregorian leap years.
#[inline]
const fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// Days in `month` (1..=12) of `year`.
#[inline]
const fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1..=12).
const fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400; // 0..=399
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp as i64 + 2) / 5 + d as i64 - 1; // 0..=365
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; // 0..=146096
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
const fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097; // 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // 0..=365
    let mp = (5 * doy + 2) / 153; // 0..=11
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y, m, d)
}

impl Timestamp {
    /// Parses an RFC 3339 `date-time` strictly (TYPE-8).
    ///
    /// Accepted: `YYYY-MM-DDThh:mm:ss[.frac](Z|±hh:mm)`, with `t`/`z` in
    /// either case (E-20), a fraction of any length ≥ 1 digit (truncated to
    /// nanoseconds, E-24), `-00:00` (E-23), and second `60` only when the
    /// time is 23:59 UTC on the last day of a month (RFC 3339 §5.7, E-21).
    ///
    /// # Errors
    /// `InvalidValue`, with the offset of the first offending byte, for
    /// anything else: a space separator (E-22), a missing offset (E-23),
    /// out-of-range fields such as `02-30`, `24:00:00` or `+24:00` (E-25),
    /// the empty string (E-26), trailing bytes.
    pub fn parse(text: &[u8]) -> Result<Timestamp, Error> {
        match Self::parse_common(text) {
            Some(t) => Ok(t),
            None => Self::parse_precise(text),
        }
    }

    /// From parsed fields (year, month, day, hour, minute, second), each
    /// already range-checked by the caller.
    #[inline]
    const fn from_fields(f: [u32; 6], nanosecond: u32, offset: i16, utc_z: bool) -> Timestamp {
        Timestamp {
            year: f[0] as u16,
            month: f[1] as u8,
            day: f[2] as u8,
            hour: f[3] as u8,
            minute: f[4] as u8,
            second: f[5] as u8,
            nanosecond,
            offset,
            utc_z,
        }
    }

    /// The common case, fast: every field in range, second below 60. `None`
    /// sends anything else (leap seconds, errors) to [`Self::parse_precise`],
    /// which decides and says why.
    #[inline]
    fn parse_common(text: &[u8]) -> Option<Timestamp> {
        const DIGITS: [usize; 14] = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
        let head: &[u8; 19] = text.get(..19)?.try_into().ok()?;
        let d = |i: usize| u32::from(head[i].wrapping_sub(b'0'));
        // One branch for all fourteen digits and five separators.
        let bad_digit = DIGITS.iter().fold(false, |bad, &i| bad | (d(i) > 9));
        let bad_sep = (head[4] != b'-')
            | (head[7] != b'-')
            | (head[10] | 0x20 != b't')
            | (head[13] != b':')
            | (head[16] != b':');
        if bad_digit | bad_sep {
            return None;
        }
        let two = |i: usize| d(i) * 10 + d(i + 1);
        let year = two(0) * 100 + two(2);
        let (month, day, hour, minute, second) = (two(5), two(8), two(11), two(14), two(17));
        if !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(i64::from(year), month)
            || hour > 23
            || minute > 59
            || second > 59
        {
            return None;
        }
        let (nanosecond, mut pos) = optional_fraction(text, 19).ok()?;
        let (offset, utc_z) = match text.get(pos)? {
            b'Z' | b'z' => {
                pos += 1;
                (0i16, true)
            }
            &sign @ (b'+' | b'-') => {
                let o: &[u8; 6] = text.get(pos..pos + 6)?.try_into().ok()?;
                let od = |i: usize| u32::from(o[i].wrapping_sub(b'0'));
                if (od(1) > 9) | (od(2) > 9) | (o[3] != b':') | (od(4) > 9) | (od(5) > 9) {
                    return None;
                }
                let (oh, om) = (od(1) * 10 + od(2), od(4) * 10 + od(5));
                if oh > 23 || om > 59 {
                    return None;
                }
                let magnitude = (oh * 60 + om) as i16;
                pos += 6;
                if sign == b'-' {
                    (-magnitude, magnitude == 0)
                } else {
                    (magnitude, false)
                }
            }
            _ => return None,
        };
        if pos != text.len() {
            return None;
        }
        Some(Timestamp::from_fields(
            [year, month, day, hour, minute, second],
            nanosecond,
            offset,
            utc_z,
        ))
    }

    /// The whole grammar, field by field, with the offset of the first
    /// offending byte.
    fn parse_precise(text: &[u8]) -> Result<Timestamp, Error> {
        if text.is_empty() {
            return Err(err("empty timestamp", 0));
        }
        let year = digits::<4>(text, 0, "expected a four-digit year")?;
        expect(text, 4, b'-', "expected '-' after the year")?;
        let month = digits::<2>(text, 5, "expected a two-digit month")?;
        if !(1..=12).contains(&month) {
            return Err(err("month out of range", 5));
        }
        expect(text, 7, b'-', "expected '-' after the month")?;
        let day = digits::<2>(text, 8, "expected a two-digit day")?;
        if day == 0 || day > days_in_month(i64::from(year), month) {
            return Err(err("day out of range for the month", 8));
        }
        match text.get(10) {
            Some(b'T' | b't') => {}
            _ => return Err(err("expected 'T' between date and time", 10)),
        }
        let hour = digits::<2>(text, 11, "expected a two-digit hour")?;
        if hour > 23 {
            return Err(err("hour out of range", 11));
        }
        expect(text, 13, b':', "expected ':' after the hour")?;
        let minute = digits::<2>(text, 14, "expected two-digit minutes")?;
        if minute > 59 {
            return Err(err("minute out of range", 14));
        }
        expect(text, 16, b':', "expected ':' after the minutes")?;
        let second = digits::<2>(text, 17, "expected two-digit seconds")?;
        if second > 60 {
            return Err(err("second out of range", 17));
        }
        let (nanosecond, mut pos) =
            optional_fraction(text, 19).map_err(|at| err("expected digits after '.'", at))?;
        let (offset, utc_z) = match text.get(pos) {
            Some(b'Z' | b'z') => {
                pos += 1;
                (0i16, true)
            }
            Some(&sign @ (b'+' | b'-')) => {
                let oh = digits::<2>(text, pos + 1, "expected a two-digit offset hour")?;
                if oh > 23 {
                    return Err(err("offset hour out of range", pos + 1));
                }
                expect(text, pos + 3, b':', "expected ':' in the offset")?;
                let om = digits::<2>(text, pos + 4, "expected two-digit offset minutes")?;
                if om > 59 {
                    return Err(err("offset minute out of range", pos + 4));
                }
                let magnitude = (oh * 60 + om) as i16;
                let negative_zero = sign == b'-' && magnitude == 0;
                pos += 6;
                (
                    if sign == b'-' { -magnitude } else { magnitude },
                    negative_zero,
                )
            }
            None => return Err(err("missing UTC offset ('Z' or ±hh:mm)", pos)),
            Some(_) => return Err(err("expected 'Z' or ±hh:mm offset", pos)),
        };
        if pos != text.len() {
            return Err(err("trailing characters after the timestamp", pos));
        }
        let t = Timestamp::from_fields(
            [year, month, day, hour, minute, second],
            nanosecond,
            offset,
            utc_z,
        );
        if second == 60 && !t.leap_second_allowed() {
            return Err(err(
                "second 60 is only valid at 23:59:60 UTC on a month's last day",
                17,
            ));
        }
        Ok(t)
    }

    /// RFC 3339 §5.7: a leap second must fall at 23:59 UTC on the last day of
    /// a month, once the offset is applied.
    fn leap_second_allowed(&self) -> bool {
        let days = days_from_civil(
            i64::from(self.year),
            u32::from(self.month),
            u32::from(self.day),
        );
        let minutes = days * 1440 + i64::from(self.hour) * 60 + i64::from(self.minute)
            - i64::from(self.offset);
        let (utc_day, minute_of_day) = (minutes.div_euclid(1440), minutes.rem_euclid(1440));
        let (y, m, d) = civil_from_days(utc_day);
        minute_of_day == 23 * 60 + 59 && d == days_in_month(y, m)
    }

    /// The year as written (0..=9999).
    #[inline]
    pub const fn year(&self) -> u16 {
        self.year
    }

    /// The month as written (1..=12).
    #[inline]
    pub const fn month(&self) -> u8 {
        self.month
    }

    /// The day of the month as written (1..=31).
    #[inline]
    pub const fn day(&self) -> u8 {
        self.day
    }

    /// The hour as written (0..=23).
    #[inline]
    pub const fn hour(&self) -> u8 {
        self.hour
    }

    /// The minute as written (0..=59).
    #[inline]
    pub const fn minute(&self) -> u8 {
        self.minute
    }

    /// The second as written (0..=60; 60 is a leap second).
    #[inline]
    pub const fn second(&self) -> u8 {
        self.second
    }

    /// The fraction of a second in nanoseconds, truncated from the written
    /// fraction (0..=999 999 999).
    #[inline]
    pub const fn nanosecond(&self) -> u32 {
        self.nanosecond
    }

    /// The UTC offset in minutes (local time = UTC + offset), −1439..=1439.
    /// Zero for `Z` and `-00:00`.
    #[inline]
    pub const fn offset_minutes(&self) -> i16 {
        self.offset
    }

    /// True when the offset was written `Z`/`z` or `-00:00` (UTC, with no
    /// local offset stated, RFC 3339 §4.3); false for `+00:00` and any
    /// non-zero offset. Such timestamps are written back with `Z`.
    #[inline]
    pub const fn is_utc_z(&self) -> bool {
        self.utc_z
    }

    /// Seconds since the Unix epoch (1970-01-01T00:00:00Z), the offset
    /// applied.
    ///
    /// Unix time has no leap seconds: a leap second `23:59:60` is counted as
    /// `23:59:59` (its fraction is kept by [`unix_nanos`](Self::unix_nanos)),
    /// so the result never moves into the next day.
    pub const fn unix_timestamp(&self) -> i64 {
        let days = days_from_civil(self.year as i64, self.month as u32, self.day as u32);
        let second = if self.second == 60 { 59 } else { self.second };
        days * 86_400 + self.hour as i64 * 3600 + self.minute as i64 * 60 + second as i64
            - self.offset as i64 * 60
    }

    /// Nanoseconds since the Unix epoch (leap seconds as in
    /// [`unix_timestamp`](Self::unix_timestamp)).
    pub const fn unix_nanos(&self) -> i128 {
        self.unix_timestamp() as i128 * 1_000_000_000 + self.nanosecond as i128
    }

    /// True when both timestamps name the same instant, whatever their
    /// offsets.
    pub const fn same_instant(&self, other: &Timestamp) -> bool {
        self.unix_nanos() == other.unix_nanos()
    }

    /// The UTC timestamp (written with `Z`) of a Unix time.
    ///
    /// `None` when `nanos` ≥ 1 000 000 000 or the instant falls outside
    /// years 0000..=9999 (what RFC 3339 can express).
    pub const fn from_unix(secs: i64, nanos: u32) -> Option<Timestamp> {
        if nanos >= 1_000_000_000 || secs < MIN_UNIX || secs > MAX_UNIX {
            return None;
        }
        let days = secs.div_euclid(86_400);
        let sod = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        Some(Timestamp {
            year: y as u16,
            month: m as u8,
            day: d as u8,
            hour: (sod / 3600) as u8,
            minute: (sod / 60 % 60) as u8,
            second: (sod % 60) as u8,
            nanosecond: nanos,
            offset: 0,
            utc_z: true,
        })
    }

    /// The UTC timestamp of an AMQP `timestamp` (milliseconds since the Unix
    /// epoch, E-73). `None` outside years 0000..=9999.
    pub const fn from_amqp_millis(ms: i64) -> Option<Timestamp> {
        Timestamp::from_unix(ms.div_euclid(1000), ms.rem_euclid(1000) as u32 * 1_000_000)
    }

    /// Milliseconds since the Unix epoch (an AMQP `timestamp`), truncated
    /// toward negative infinity.
    pub const fn to_amqp_millis(&self) -> i64 {
        self.unix_timestamp() * 1000 + (self.nanosecond / 1_000_000) as i64
    }

    /// The same instant as a [`std::time::SystemTime`], or `None` when the
    /// platform cannot represent it (e.g. before 1601 on Windows).
    #[cfg(feature = "std")]
    pub fn try_to_system_time(&self) -> Option<std::time::SystemTime> {
        use std::time::{Duration, UNIX_EPOCH};
        let nanos = self.unix_nanos();
        let abs = nanos.unsigned_abs();
        let d = Duration::new((abs / 1_000_000_000) as u64, (abs % 1_000_000_000) as u32);
        if nanos >= 0 {
            UNIX_EPOCH.checked_add(d)
        } else {
            UNIX_EPOCH.checked_sub(d)
        }
    }

    /// The same instant as a [`std::time::SystemTime`].
    ///
    /// On a platform that cannot represent the instant (e.g. before 1601 on
    /// Windows) this returns `UNIX_EPOCH`; use
    /// [`try_to_system_time`](Self::try_to_system_time) to detect that.
    #[cfg(feature = "std")]
    pub fn to_system_time(&self) -> std::time::SystemTime {
        self.try_to_system_time().unwrap_or(std::time::UNIX_EPOCH)
    }

    /// The UTC timestamp of a [`std::time::SystemTime`], or `None` outside
    /// years 0000..=9999.
    #[cfg(feature = "std")]
    pub fn from_system_time(t: std::time::SystemTime) -> Option<Timestamp> {
        use std::time::UNIX_EPOCH;
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => Timestamp::from_unix(i64::try_from(d.as_secs()).ok()?, d.subsec_nanos()),
            Err(e) => {
                let d = e.duration();
                let secs = i64::try_from(d.as_secs()).ok()?;
                match d.subsec_nanos() {
                    0 => Timestamp::from_unix(-secs, 0),
                    n => Timestamp::from_unix(-secs - 1, 1_000_000_000 - n),
                }
            }
        }
    }

    /// Formats into `buf`, returning the length used (at most 35 bytes).
    /// Formats into `buf`; a non-zero fraction keeps at least
    /// `min_digits` digits (trailing zeros beyond them are dropped).
    fn format(&self, buf: &mut [u8; 35], min_digits: usize) -> usize {
        fn two(buf: &mut [u8; 35], at: usize, v: u32) {
            buf[at] = b'0' + (v / 10 % 10) as u8;
            buf[at + 1] = b'0' + (v % 10) as u8;
        }
        let y = u32::from(self.year);
        two(buf, 0, y / 100);
        two(buf, 2, y % 100);
        buf[4] = b'-';
        two(buf, 5, u32::from(self.month));
        buf[7] = b'-';
        two(buf, 8, u32::from(self.day));
        buf[10] = b'T';
        two(buf, 11, u32::from(self.hour));
        buf[13] = b':';
        two(buf, 14, u32::from(self.minute));
        buf[16] = b':';
        two(buf, 17, u32::from(self.second));
        let mut n = 19;
        if self.nanosecond != 0 {
            buf[n] = b'.';
            n += 1;
            let mut frac = self.nanosecond % 1_000_000_000;
            let mut digits = 9;
            while frac % 10 == 0 && digits > min_digits {
                frac /= 10;
                digits -= 1;
            }
            for i in (0..digits).rev() {
                buf[n + i] = b'0' + (frac % 10) as u8;
                frac /= 10;
            }
            n += digits;
        }
        if self.utc_z {
            buf[n] = b'Z';
            n += 1;
        } else {
            let o = self.offset;
            buf[n] = if o < 0 { b'-' } else { b'+' };
            let m = u32::from(o.unsigned_abs()).min(23 * 60 + 59);
            two(buf, n + 1, m / 60);
            buf[n + 3] = b':';
            two(buf, n + 4, m % 60);
            n += 6;
        }
        n
    }

    /// Writes the canonical RFC 3339 form into `out`:
    /// `YYYY-MM-DDThh:mm:ss[.fraction]` followed by `Z` (for `Z` and
    /// `-00:00`) or `±hh:mm`. The fraction has at most 9 digits, trailing
    /// zeros removed, and is omitted when zero.
    pub fn write_rfc3339<S: Sink + ?Sized>(&self, out: &mut S) {
        let mut buf = [0u8; 35];
        let n = self.format(&mut buf, 0);
        out.put(&buf[..n]);
    }

    /// Writes the RFC 3339 form with a millisecond fraction: as
    /// [`write_rfc3339`](Self::write_rfc3339), but a non-zero fraction keeps
    /// at least three digits (`17:31:00.250Z`, not `17:31:00.25Z`): how an
    /// AMQP `timestamp` (milliseconds) reads as text (E-73).
    pub fn write_rfc3339_millis<S: Sink + ?Sized>(&self, out: &mut S) {
        let mut buf = [0u8; 35];
        let n = self.format(&mut buf, 3);
        out.put(&buf[..n]);
    }
}

impl fmt::Display for Timestamp {
    /// The canonical form of [`write_rfc3339`](Timestamp::write_rfc3339).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 35];
        let n = self.format(&mut buf, 0);
        f.write_str(core::str::from_utf8(&buf[..n]).map_err(|_| fmt::Error)?)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fast_path_agrees_with_precise_parser() {
        // `parse` tries `parse_common` first; whatever it accepts must be
        // exactly what `parse_precise` makes of the same bytes, and whatever
        // it declines is decided by `parse_precise` alone.
        let valid = [
            "2018-04-05T17:31:00Z",
            "2024-05-10T14:01:23.507-03:30",
            "1985-04-12t23:20:50.52z",
            "1996-12-19T16:39:57-08:00",
            "2000-02-29T00:00:00+00:00",
            "2016-12-31T23:59:60Z",
            "1990-12-31T15:59:60-08:00",
            "2024-01-01T00:00:00.123456789123-00:00",
        ];
        let subs = b"0123456789-+:.TtZz xe\x00\xff";
        let mut checked = 0;
        for v in valid {
            let v = v.as_bytes();
            assert_eq!(Timestamp::parse(v), Timestamp::parse_precise(v));
            assert!(Timestamp::parse(v).is_ok());
            for i in 0..v.len() {
                for &c in subs {
                    let mut m = v.to_vec();
                    m[i] = c;
                    for cut in [m.len(), i + 1, i] {
                        let m = &m[..cut];
                        if let Some(t) = Timestamp::parse_common(m) {
                            assert_eq!(Ok(t), Timestamp::parse_precise(m), "{m:?}");
                        }
                        assert_eq!(Timestamp::parse(m), Timestamp::parse_precise(m));
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 1000);
    }

    use super::*;
    extern crate std;
    use std::string::ToString;
    use std::vec::Vec;

    fn ok(s: &str) -> Timestamp {
        Timestamp::parse(s.as_bytes()).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn bad(s: &str) -> Error {
        let e = Timestamp::parse(s.as_bytes()).expect_err(s);
        assert_eq!(e.kind(), ErrorKind::InvalidValue, "{s}");
        e
    }

    #[test]
    fn basic() {
        // TYPE-8
        let t = ok("2018-04-05T17:31:00Z");
        assert_eq!(
            (
                t.year(),
                t.month(),
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            ),
            (2018, 4, 5, 17, 31, 0)
        );
        assert_eq!(
            (t.nanosecond(), t.offset_minutes(), t.is_utc_z()),
            (0, 0, true)
        );
        assert_eq!(t.unix_timestamp(), 1_522_949_460);
        assert_eq!(ok("1970-01-01T00:00:00Z").unix_timestamp(), 0);
        assert_eq!(ok("1969-12-31T23:59:59.5Z").unix_nanos(), -500_000_000);
        assert_eq!(ok("0000-01-01T00:00:00Z").unix_timestamp(), MIN_UNIX);
        assert_eq!(ok("9999-12-31T23:59:59Z").unix_timestamp(), MAX_UNIX);
    }

    #[test]
    fn lowercase_t_and_z() {
        // E-20
        let t = ok("2018-04-05t17:31:00z");
        assert!(t.is_utc_z());
        assert_eq!(t.to_string(), "2018-04-05T17:31:00Z");
    }

    #[test]
    fn leap_seconds() {
        // E-21, RFC 3339 §5.7
        let t = ok("2016-12-31T23:59:60Z");
        assert_eq!(t.second(), 60);
        assert_eq!(t.to_string(), "2016-12-31T23:59:60Z");
        // Counted as :59 in Unix time.
        assert_eq!(
            t.unix_timestamp(),
            ok("2016-12-31T23:59:59Z").unix_timestamp()
        );
        assert_eq!(bad("2018-04-05T12:00:60Z").offset(), Some(17));
        bad("2016-12-30T23:59:60Z"); // not the last day
        bad("2016-12-31T23:58:60Z");
        ok("2016-06-30T23:59:60Z");
        ok("2016-02-29T23:59:60Z");
        bad("2015-02-28T23:58:60Z");
        ok("2015-02-28T23:59:60Z");
        // UTC-adjusted: 15:59:60-08:00 is 23:59:60Z.
        ok("2016-12-31T15:59:60-08:00");
        ok("2017-01-01T01:29:60+01:30");
        bad("2016-12-31T23:59:60+01:00"); // 22:59:60Z
        ok("1990-12-31T23:59:60-00:00");
        bad("2016-12-31T23:59:61Z");
    }

    #[test]
    fn separators_and_offsets() {
        // E-22, E-23
        assert_eq!(bad("2018-04-05 17:31:00Z").offset(), Some(10));
        assert_eq!(bad("2018-04-05T17:31:00").offset(), Some(19));
        let t = ok("2018-04-05T17:31:00-00:00");
        assert!(t.is_utc_z());
        assert_eq!(t.offset_minutes(), 0);
        assert_eq!(t.to_string(), "2018-04-05T17:31:00Z");
        let t = ok("2018-04-05T17:31:00+00:00");
        assert!(!t.is_utc_z());
        assert_eq!(t.to_string(), "2018-04-05T17:31:00+00:00");
        bad("2018-04-05T17:31:00+0200");
        bad("2018-04-05T17:31:00+02");
        bad("2018-04-05T17:31:00+02:00 ");
        bad("2018-04-05T17:31:00Zx");
        bad(" 2018-04-05T17:31:00Z");
        bad("2018-04-05T17:31Z");
        bad("2018-4-05T17:31:00Z");
        bad("18-04-05T17:31:00Z");
        bad("+2018-04-05T17:31:00Z");
    }

    #[test]
    fn fractions() {
        // E-24
        let t = ok("2018-04-05T17:31:00.123456789012Z");
        assert_eq!(t.nanosecond(), 123_456_789);
        assert_eq!(t.to_string(), "2018-04-05T17:31:00.123456789Z");
        assert_eq!(ok("2018-04-05T17:31:00.1Z").nanosecond(), 100_000_000);
        assert_eq!(
            ok("2018-04-05T17:31:00.000Z").to_string(),
            "2018-04-05T17:31:00Z"
        );
        assert_eq!(
            ok("2018-04-05T17:31:00.120Z").to_string(),
            "2018-04-05T17:31:00.12Z"
        );
        assert_eq!(ok("2018-04-05T17:31:00.000000001Z").nanosecond(), 1);
        assert_eq!(bad("2018-04-05T17:31:00.Z").offset(), Some(20));
        bad("2018-04-05T17:31:00,5Z");
        // A very long fraction neither overflows nor panics.
        let mut long = Vec::from(&b"2018-04-05T17:31:00."[..]);
        long.extend(core::iter::repeat(b'9').take(1000));
        long.push(b'Z');
        assert_eq!(Timestamp::parse(&long).unwrap().nanosecond(), 999_999_999);
    }

    #[test]
    fn calendar_ranges() {
        // E-25, TYPE-8
        assert_eq!(bad("2018-02-30T00:00:00Z").offset(), Some(8));
        bad("2018-02-29T00:00:00Z");
        ok("2016-02-29T00:00:00Z");
        ok("2000-02-29T00:00:00Z");
        bad("1900-02-29T00:00:00Z");
        bad("2018-04-31T00:00:00Z");
        ok("2018-12-31T00:00:00Z");
        bad("2018-00-10T00:00:00Z");
        bad("2018-13-10T00:00:00Z");
        bad("2018-01-00T00:00:00Z");
        bad("2018-01-32T00:00:00Z");
        assert_eq!(bad("2018-04-05T24:00:00Z").offset(), Some(11));
        bad("2018-04-05T23:60:00Z");
        assert_eq!(bad("2018-04-05T17:31:00+24:00").offset(), Some(20));
        bad("2018-04-05T17:31:00+23:60");
        ok("2018-04-05T17:31:00+23:59");
        ok("2018-04-05T17:31:00-23:59");
    }

    #[test]
    fn empty_and_garbage() {
        // E-26
        assert_eq!(bad("").offset(), Some(0));
        bad("x");
        bad("2018-04-05T17:31:00€");
        bad("２０18-04-05T17:31:00Z");
        // No prefix of a valid timestamp panics or parses.
        let s = b"2018-04-05T17:31:00.25+02:00";
        for n in 0..s.len() {
            assert!(Timestamp::parse(&s[..n]).is_err());
        }
    }

    #[test]
    fn offsets_kept() {
        // E-27
        let t = ok("2018-04-05T17:31:00+02:00");
        assert_eq!(t.offset_minutes(), 120);
        assert_eq!(t.to_string(), "2018-04-05T17:31:00+02:00");
        assert!(t.same_instant(&ok("2018-04-05T15:31:00Z")));
        assert_ne!(t, ok("2018-04-05T15:31:00Z"));
        let t = ok("2018-04-05T17:31:00-05:30");
        assert_eq!(t.offset_minutes(), -330);
        assert_eq!(t.to_string(), "2018-04-05T17:31:00-05:30");
        assert_eq!(
            t.unix_timestamp(),
            ok("2018-04-05T23:01:00Z").unix_timestamp()
        );
        let mut out = Vec::new();
        t.write_rfc3339(&mut out);
        assert_eq!(out, b"2018-04-05T17:31:00-05:30");
    }

    #[test]
    fn unix_conversions() {
        assert_eq!(
            Timestamp::from_unix(0, 0).unwrap().to_string(),
            "1970-01-01T00:00:00Z"
        );
        assert_eq!(
            Timestamp::from_unix(-1, 500_000_000).unwrap().to_string(),
            "1969-12-31T23:59:59.5Z"
        );
        assert!(Timestamp::from_unix(0, 1_000_000_000).is_none());
        assert!(Timestamp::from_unix(MIN_UNIX - 1, 0).is_none());
        assert!(Timestamp::from_unix(MAX_UNIX + 1, 0).is_none());
        assert!(Timestamp::from_unix(i64::MIN, 0).is_none());
        assert!(Timestamp::from_unix(i64::MAX, 0).is_none());
        assert!(Timestamp::from_unix(MIN_UNIX, 0).is_some());
        assert!(Timestamp::from_unix(MAX_UNIX, 999_999_999).is_some());
        // E-73: AMQP milliseconds.
        let t = Timestamp::from_amqp_millis(1_522_949_460_123).unwrap();
        assert_eq!(t.to_string(), "2018-04-05T17:31:00.123Z");
        assert_eq!(t.to_amqp_millis(), 1_522_949_460_123);
        assert_eq!(
            Timestamp::from_amqp_millis(-1).unwrap().to_string(),
            "1969-12-31T23:59:59.999Z"
        );
        assert!(Timestamp::from_amqp_millis(i64::MIN).is_none());
        assert!(Timestamp::from_amqp_millis(i64::MAX).is_none());
    }

    #[test]
    fn civil_round_trip() {
        // Naive reference: walk every day from 0000-01-01 to 9999-12-31.
        let (mut y, mut m, mut d) = (0i64, 1u32, 1u32);
        let mut days = days_from_civil(0, 1, 1);
        assert_eq!(days * 86_400, MIN_UNIX);
        loop {
            assert_eq!(days_from_civil(y, m, d), days);
            assert_eq!(civil_from_days(days), (y, m, d));
            if (y, m, d) == (9999, 12, 31) {
                break;
            }
            days += 1;
            d += 1;
            if d > days_in_month(y, m) {
                d = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
        }
        assert_eq!(days * 86_400 + 86_399, MAX_UNIX);
    }

    #[test]
    fn display_parse_round_trip() {
        let mut secs = MIN_UNIX;
        let mut nanos = 0u32;
        while secs <= MAX_UNIX {
            let t = Timestamp::from_unix(secs, nanos).unwrap();
            let s = t.to_string();
            let back = ok(&s);
            assert_eq!(back, t, "{s}");
            assert_eq!(back.unix_timestamp(), secs);
            secs += 7_777_777_777 / 7 + 13;
            nanos = (nanos + 123_456_789) % 1_000_000_000;
        }
    }

    #[cfg(feature = "std")]
    #[test]
    fn system_time() {
        use std::time::{Duration, UNIX_EPOCH};
        let t = ok("2018-04-05T17:31:00.25+02:00");
        let st = t.to_system_time();
        assert_eq!(st, UNIX_EPOCH + Duration::new(1_522_942_260, 250_000_000));
        let back = Timestamp::from_system_time(st).unwrap();
        assert!(back.same_instant(&t));
        let before = ok("1969-12-31T23:59:59.75Z");
        let st = before.to_system_time();
        assert_eq!(st, UNIX_EPOCH - Duration::from_millis(250));
        assert_eq!(Timestamp::from_system_time(st).unwrap(), before);
    }
}
