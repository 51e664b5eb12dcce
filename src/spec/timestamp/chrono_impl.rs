//! Conversions between [`Timestamp`] and `chrono` (feature `chrono`).
//!
//! The same instant and local offset both ways. Leap seconds use chrono's
//! representation (second 59 with the nanoseconds past one billion).

use chrono::{DateTime, Datelike, FixedOffset, Offset, TimeZone, Timelike, Utc};

use super::Timestamp;
use crate::error::{Error, ErrorKind};

impl From<Timestamp> for DateTime<FixedOffset> {
    /// The same instant at the same offset (`Z` and `-00:00` become
    /// `+00:00`).
    ///
    /// ```
    /// use cloudevents_codec::Timestamp;
    /// let t = Timestamp::parse(b"2018-04-05T17:31:00.5+02:00")?;
    /// let c = chrono::DateTime::<chrono::FixedOffset>::from(t);
    /// assert_eq!(c, chrono::DateTime::parse_from_rfc3339("2018-04-05T17:31:00.5+02:00").unwrap());
    /// # Ok::<(), cloudevents_codec::Error>(())
    /// ```
    fn from(t: Timestamp) -> Self {
        // Unix time counts 23:59:60 as 23:59:59; chrono marks the leap
        // second with nanoseconds past one billion at :59.
        let leap = if t.second == 60 { 1_000_000_000 } else { 0 };
        let utc = DateTime::<Utc>::from_timestamp(t.unix_timestamp(), t.nanosecond + leap)
            // Unreachable: years 0000..=9999 and a leap second at :59 are in
            // chrono's range.
            .unwrap_or_default();
        let offset = FixedOffset::east_opt(i32::from(t.offset) * 60).unwrap_or(Utc.fix());
        utc.with_timezone(&offset)
    }
}

impl From<Timestamp> for DateTime<Utc> {
    /// The same instant in UTC.
    fn from(t: Timestamp) -> Self {
        DateTime::<FixedOffset>::from(t).with_timezone(&Utc)
    }
}

impl<Tz: TimeZone> TryFrom<DateTime<Tz>> for Timestamp {
    type Error = Error;

    /// The same instant at the same offset; a zero offset is written `Z`.
    ///
    /// # Errors
    ///
    /// `InvalidValue` when RFC 3339 cannot express it (TYPE-8): a year
    /// outside 0000..=9999, an offset that is not a whole number of minutes
    /// or beyond ±23:59, or a leap second anywhere but 23:59:60 UTC on the
    /// last day of a month.
    ///
    /// ```
    /// use cloudevents_codec::Timestamp;
    /// let c = chrono::DateTime::parse_from_rfc3339("2018-04-05T17:31:00-03:30").unwrap();
    /// let t = Timestamp::try_from(c)?;
    /// assert_eq!(t.to_string(), "2018-04-05T17:31:00-03:30");
    /// # Ok::<(), cloudevents_codec::Error>(())
    /// ```
    fn try_from(dt: DateTime<Tz>) -> Result<Self, Error> {
        let invalid = |detail| Err(Error::new(ErrorKind::InvalidValue, detail));
        let offset = dt.offset().fix().local_minus_utc();
        if offset % 60 != 0 || offset.abs() > 23 * 3600 + 59 * 60 {
            return invalid("offset not expressible in RFC 3339 (whole minutes up to ±23:59)");
        }
        let local = dt.naive_local();
        let Ok(year) = u16::try_from(local.year()) else {
            return invalid("year outside 0000..=9999");
        };
        if year > 9999 {
            return invalid("year outside 0000..=9999");
        }
        let (second, nanosecond) = match local.nanosecond() {
            n if n >= 1_000_000_000 => (60, n - 1_000_000_000),
            n => (local.second() as u8, n),
        };
        let t = Timestamp {
            year,
            month: local.month() as u8,
            day: local.day() as u8,
            hour: local.hour() as u8,
            minute: local.minute() as u8,
            second,
            nanosecond,
            offset: (offset / 60) as i16,
            utc_z: offset == 0,
        };
        if second == 60 && !t.leap_second_allowed() {
            return invalid("a leap second is only valid at 23:59:60 UTC on a month's last day");
        }
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    const SAMPLES: &[&str] = &[
        "2018-04-05T17:31:00Z",
        "2024-05-10T14:01:23.507-03:30",
        "1985-04-12T23:20:50.52+14:00",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z",
        "1969-12-31T23:59:59.5-23:59",
        "2016-12-31T23:59:60Z",
        "1990-12-31T15:59:60-08:00",
        "2000-02-29T12:00:00+05:45",
    ];

    #[test]
    fn agrees_with_chrono_parser() {
        // TYPE-8: each sample names the same instant and offset for chrono
        // as for us, and comes back unchanged.
        for s in SAMPLES {
            let ours = Timestamp::parse(s.as_bytes()).unwrap();
            let theirs = DateTime::parse_from_rfc3339(s).unwrap();
            assert_eq!(DateTime::<FixedOffset>::from(ours), theirs, "{s}");
            assert_eq!(
                theirs.offset(),
                DateTime::<FixedOffset>::from(ours).offset(),
                "{s}"
            );
            assert_eq!(
                DateTime::<Utc>::from(ours),
                theirs.with_timezone(&Utc),
                "{s}"
            );
            let back = Timestamp::try_from(theirs).unwrap();
            assert!(back.same_instant(&ours), "{s}");
            assert_eq!(back.offset_minutes(), ours.offset_minutes(), "{s}");
            assert_eq!(
                (back.second(), back.nanosecond()),
                (ours.second(), ours.nanosecond())
            );
        }
    }

    #[test]
    fn rejects_what_rfc3339_cannot_say() {
        let utc = |y, m, d, h, min, s, n| {
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_nano_opt(h, min, s, n)
                .unwrap()
                .and_utc()
        };
        assert!(Timestamp::try_from(utc(10000, 1, 1, 0, 0, 0, 0)).is_err());
        assert!(Timestamp::try_from(utc(-1, 12, 31, 0, 0, 0, 0)).is_err());
        // A leap second at a time RFC 3339 §5.7 does not allow.
        let e = Timestamp::try_from(utc(2016, 6, 15, 12, 0, 59, 1_000_000_000)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidValue);
        assert!(Timestamp::try_from(utc(2016, 12, 31, 23, 59, 59, 1_000_000_000)).is_ok());
        // An offset with seconds.
        let odd = FixedOffset::east_opt(3600 + 30).unwrap();
        assert!(Timestamp::try_from(utc(2020, 1, 1, 0, 0, 0, 0).with_timezone(&odd)).is_err());
    }
}
