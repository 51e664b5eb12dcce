//! `time` in three columns: the instant (`time`, nanoseconds since the Unix
//! epoch), the offset it was written with (`time_offset`, minutes; null for
//! `Z`), and the text itself (`time_text`) only where those two do not spell
//! it back: a lowercase `t`/`z`, `-00:00`, a fraction whose length is not 3, 6
//! or 9 digits as needed, digits beyond nanoseconds, a leap second, an
//! instant outside the nanosecond range (years 1677 to 2262).

use cloudevents_codec::Timestamp;

/// The longest text [`render`] writes: `YYYY-MM-DDThh:mm:ss.nnnnnnnnn+hh:mm`.
pub(crate) const RENDER_MAX: usize = 35;

/// How one `time` text goes into the columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TimeParts {
    /// Nanoseconds since the epoch, when the text is a timestamp in range.
    pub(crate) nanos: Option<i64>,
    /// Minutes east of UTC; `None` for `Z` (and `-00:00`).
    pub(crate) offset: Option<i16>,
    /// True when `nanos` and `offset` do not render the text exactly.
    pub(crate) keep_text: bool,
}

/// Splits a decoded `time` text.
pub(crate) fn split(text: &[u8]) -> TimeParts {
    let Ok(ts) = Timestamp::parse(text) else {
        // Not RFC 3339 (a lax parse let it through): keep the text only.
        return TimeParts {
            nanos: None,
            offset: None,
            keep_text: true,
        };
    };
    let offset = (!ts.is_utc_z()).then(|| ts.offset_minutes());
    let nanos = i64::try_from(ts.unix_nanos()).ok();
    let keep_text = nanos.is_none() || !spelled_as_rendered(text, &ts);
    TimeParts {
        nanos,
        offset,
        keep_text,
    }
}

/// True when [`render`] gives `text` back from its instant and offset,
/// decided from the text's bytes (`render` and compare is the reference,
/// checked against this in the tests): an uppercase `T`; no leap second; no
/// fraction, or 3, 6 or 9 digits not ending in `000` (else fewer would do);
/// then `Z`, or an offset other than `-00:00`. `text` must be the timestamp
/// `ts` was parsed from.
#[inline]
fn spelled_as_rendered(text: &[u8], ts: &Timestamp) -> bool {
    if text.get(10) != Some(&b'T') || ts.second() == 60 {
        return false;
    }
    let rest = text.get(19..).unwrap_or_default();
    let (fraction, zone) = match rest.first() {
        Some(b'.') => {
            let digits = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
            (&rest[1..1 + digits], &rest[1 + digits..])
        }
        _ => (&rest[..0], rest),
    };
    let fraction_ok = match fraction.len() {
        0 => true,
        3 | 6 | 9 => !fraction.ends_with(b"000"),
        _ => false,
    };
    fraction_ok && (zone == b"Z" || (zone.len() == 6 && zone != b"-00:00"))
}

/// Writes the RFC 3339 text of an instant at an offset into `buf`: local
/// time, the fraction in 3, 6 or 9 digits (the fewest that hold it exactly,
/// none when zero), then `Z` or `±hh:mm`. `None` when the offset is out of
/// range (beyond ±23:59, which no timestamp has).
pub(crate) fn render(nanos: i64, offset: Option<i16>, buf: &mut [u8; RENDER_MAX]) -> Option<&[u8]> {
    let minutes = offset.unwrap_or(0);
    if minutes.unsigned_abs() > 23 * 60 + 59 {
        return None;
    }
    let local = i128::from(nanos) + i128::from(minutes) * 60_000_000_000;
    let secs = i64::try_from(local.div_euclid(1_000_000_000)).ok()?;
    let frac = local.rem_euclid(1_000_000_000) as u32;
    let t = Timestamp::from_unix(secs, 0)?;
    let two = |buf: &mut [u8; RENDER_MAX], at: usize, v: u32| {
        buf[at] = b'0' + (v / 10 % 10) as u8;
        buf[at + 1] = b'0' + (v % 10) as u8;
    };
    let year = u32::from(t.year());
    two(buf, 0, year / 100);
    two(buf, 2, year % 100);
    buf[4] = b'-';
    two(buf, 5, u32::from(t.month()));
    buf[7] = b'-';
    two(buf, 8, u32::from(t.day()));
    buf[10] = b'T';
    two(buf, 11, u32::from(t.hour()));
    buf[13] = b':';
    two(buf, 14, u32::from(t.minute()));
    buf[16] = b':';
    two(buf, 17, u32::from(t.second()));
    let mut n = 19;
    if frac != 0 {
        let (digits, mut v) = if frac.is_multiple_of(1_000_000) {
            (3, frac / 1_000_000)
        } else if frac.is_multiple_of(1000) {
            (6, frac / 1000)
        } else {
            (9, frac)
        };
        buf[n] = b'.';
        for i in (0..digits).rev() {
            buf[n + 1 + i] = b'0' + (v % 10) as u8;
            v /= 10;
        }
        n += 1 + digits;
    }
    match offset {
        None => {
            buf[n] = b'Z';
            n += 1;
        }
        Some(m) => {
            buf[n] = if m < 0 { b'-' } else { b'+' };
            let m = u32::from(m.unsigned_abs());
            two(buf, n + 1, m / 60);
            buf[n + 3] = b':';
            two(buf, n + 4, m % 60);
            n += 6;
        }
    }
    Some(&buf[..n])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(s: &str) -> TimeParts {
        split(s.as_bytes())
    }

    #[test]
    fn common_spellings_need_no_text() {
        for s in [
            "2018-04-05T17:31:00Z",
            "2018-04-05T17:31:00.120Z",
            "2018-04-05T17:31:00.123456Z",
            "2018-04-05T17:31:00.123456789Z",
            "2018-04-05T17:31:00.000001Z",
            "2018-04-05T17:31:00+02:00",
            "2018-04-05T17:31:00.5-05:30".replace(".5", ".500").as_str(),
            "2018-04-05T17:31:00+00:00",
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999Z",
            "2262-04-11T23:47:16.854775807Z",
            "1677-09-21T00:12:43.145224192Z",
        ] {
            let p = parts(s);
            assert!(!p.keep_text, "{s}: {p:?}");
            let mut buf = [0u8; RENDER_MAX];
            assert_eq!(
                render(p.nanos.unwrap(), p.offset, &mut buf),
                Some(s.as_bytes())
            );
        }
        assert_eq!(parts("2018-04-05T17:31:00+02:00").offset, Some(120));
        assert_eq!(parts("2018-04-05T17:31:00+00:00").offset, Some(0));
        assert_eq!(parts("2018-04-05T17:31:00Z").offset, None);
        assert_eq!(
            parts("1970-01-01T01:00:00.5+01:00".replace(".5", ".500").as_str()).nanos,
            Some(500_000_000)
        );
    }

    #[test]
    fn other_spellings_keep_their_text() {
        for s in [
            "2018-04-05t17:31:00z",
            "2018-04-05T17:31:00-00:00",
            "2018-04-05T17:31:00.5Z",
            "2018-04-05T17:31:00.12Z",
            "2018-04-05T17:31:00.1234567891Z",
            "2018-04-05T17:31:00.000Z",
            "2016-12-31T23:59:60Z",
            "2262-04-11T23:47:16.854775808Z",
            "1677-09-21T00:12:43.145224191Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59+01:00",
            "not a time",
        ] {
            assert!(parts(s).keep_text, "{s}");
        }
        assert_eq!(parts("9999-12-31T23:59:59Z").nanos, None);
        assert_eq!(parts("2018-04-05T17:31:00-00:00").offset, None);
        assert_eq!(
            parts("2016-12-31T23:59:60Z").nanos,
            parts("2016-12-31T23:59:59Z").nanos
        );
    }

    /// The naive twin of `split`'s `keep_text`: render and compare.
    fn keep_text_by_rendering(text: &str) -> bool {
        let p = parts(text);
        match p.nanos {
            Some(n) => {
                let mut buf = [0u8; RENDER_MAX];
                render(n, p.offset, &mut buf) != Some(text.as_bytes())
            }
            None => true,
        }
    }

    #[test]
    fn byte_check_agrees_with_rendering() {
        let dates = [
            "2018-04-05",
            "1970-01-01",
            "1677-09-21",
            "2262-04-11",
            "0001-01-01",
            "9999-12-31",
            "2016-12-31",
        ];
        let times = [
            "T17:31:00",
            "t17:31:00",
            "T00:12:43",
            "T23:47:16",
            "T23:59:60",
            "T23:59:59",
        ];
        let fractions = [
            "",
            ".",
            ".0",
            ".5",
            ".12",
            ".120",
            ".100",
            ".000",
            ".1234",
            ".123000",
            ".123400",
            ".000100",
            ".000000",
            ".1234567",
            ".123456000",
            ".123456780",
            ".000000001",
            ".854775807",
            ".854775808",
            ".145224191",
            ".145224192",
            ".1234567891",
        ];
        let zones = [
            "Z", "z", "+00:00", "-00:00", "+02:00", "-05:30", "+23:59", "-23:59",
        ];
        let mut checked = 0;
        for d in dates {
            for t in times {
                for f in fractions {
                    for z in zones {
                        let text = format!("{d}{t}{f}{z}");
                        if cloudevents_codec::Timestamp::parse(text.as_bytes()).is_err() {
                            continue;
                        }
                        assert_eq!(
                            parts(&text).keep_text,
                            keep_text_by_rendering(&text),
                            "{text}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 5000, "{checked}");
    }

    #[test]
    fn render_refuses_impossible_offsets() {
        let mut buf = [0u8; RENDER_MAX];
        assert_eq!(render(0, Some(24 * 60), &mut buf), None);
        assert_eq!(render(0, Some(i16::MIN), &mut buf), None);
        assert!(render(i64::MIN, Some(-1439), &mut buf).is_some());
        assert!(render(i64::MAX, Some(1439), &mut buf).is_some());
    }
}
