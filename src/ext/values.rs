//! Typed values of the documented extensions other than tracing:
//! [`Sequence`], [`SeverityNumber`], [`AuthType`], [`DataRegulations`].

use core::cmp::Ordering;
use core::fmt;

use crate::error::{Error, ErrorKind};
use crate::ext::part::TextPart;
use crate::text::Text;

/// A `sequence` value (`sequence.md`): a non-empty String whose
/// lexicographic order is the order of the events of one `source`.
///
/// `Ord` compares the decoded strings byte by byte ("a simple
/// string-compare type of operation"); values from different sources are
/// not comparable in meaning, which is the caller's to respect.
///
/// ```
/// use cloudevents_codec::Event;
/// let a = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","sequence":"001"}"#)?;
/// let b = Event::from_json(br#"{"specversion":"1.0","id":"2","source":"/s","type":"t","sequence":"002"}"#)?;
/// assert!(a.ext().sequence().unwrap()? < b.ext().sequence().unwrap()?);
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Sequence<'a>(pub(crate) Text<'a>);

impl<'a> Sequence<'a> {
    /// The value as written.
    pub const fn as_text(&self) -> Text<'a> {
        self.0
    }
}

impl PartialEq for Sequence<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}

impl Eq for Sequence<'_> {}

impl PartialOrd for Sequence<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Sequence<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.0.is_encoded(), other.0.is_encoded()) {
            (false, false) => self.0.raw().cmp(other.0.raw()),
            _ => self.0.bytes_iter().cmp(other.0.bytes_iter()),
        }
    }
}

impl fmt::Display for Sequence<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// A `severitynumber` (`severity.md`): an Integer, never negative, ascending
/// from least to most severe, on OpenTelemetry's scale (1-4 TRACE, 5-8
/// DEBUG, 9-12 INFO, 13-16 WARN, 17-20 ERROR, 21-24 FATAL).
///
/// ```
/// use cloudevents_codec::ext::SeverityNumber;
/// assert_eq!(SeverityNumber::new(9).unwrap().short_name(), Some("INFO"));
/// assert_eq!(SeverityNumber::new(18).unwrap().short_name(), Some("ERROR2"));
/// assert_eq!(SeverityNumber::new(0).unwrap().short_name(), None);
/// assert!(SeverityNumber::new(-1).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SeverityNumber(i32);

impl SeverityNumber {
    /// A severity number; `None` when negative ("MUST NOT be negative").
    pub const fn new(n: i32) -> Option<SeverityNumber> {
        if n < 0 {
            None
        } else {
            Some(SeverityNumber(n))
        }
    }

    /// The number.
    pub const fn get(self) -> i32 {
        self.0
    }

    /// OpenTelemetry's short name for the number (`TRACE`, `DEBUG2`, `INFO`,
    /// ..., `FATAL4`), which the severity document allows in place of a
    /// missing `severitytext`; `None` outside 1..=24.
    pub const fn short_name(self) -> Option<&'static str> {
        const NAMES: [&str; 24] = [
            "TRACE", "TRACE2", "TRACE3", "TRACE4", "DEBUG", "DEBUG2", "DEBUG3", "DEBUG4", "INFO",
            "INFO2", "INFO3", "INFO4", "WARN", "WARN2", "WARN3", "WARN4", "ERROR", "ERROR2",
            "ERROR3", "ERROR4", "FATAL", "FATAL2", "FATAL3", "FATAL4",
        ];
        match self.0 {
            1..=24 => Some(NAMES[(self.0 - 1) as usize]),
            _ => None,
        }
    }
}

/// An `authtype` (`authcontext.md`): the kind of principal that triggered
/// the occurrence. The document defines seven values and lets
/// implementations add others ([`AuthType::Other`]).
///
/// ```
/// use cloudevents_codec::{ext::AuthType, Text};
/// assert_eq!(AuthType::from_text(Text::plain("service_account")), AuthType::ServiceAccount);
/// assert!(matches!(AuthType::from_text(Text::plain("robot")), AuthType::Other(t) if t == "robot"));
/// assert_eq!(AuthType::ApiKey.as_text(), "api_key");
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthType<'a> {
    /// `app_user`: an end user of an application.
    AppUser,
    /// `user`: a user account registered in the infrastructure.
    User,
    /// `service_account`: a non-user principal that identifies a service.
    ServiceAccount,
    /// `api_key`: a non-user API key.
    ApiKey,
    /// `system`: an obscured identity, for a platform that triggers events.
    System,
    /// `unauthenticated`: no credentials were used.
    Unauthenticated,
    /// `unknown`: the type of principal cannot be determined.
    Unknown,
    /// A value the document does not define ("implementations MAY define
    /// additional values"); never empty.
    Other(Text<'a>),
}

impl<'a> AuthType<'a> {
    /// The documented values, in the document's order.
    pub const DOCUMENTED: [AuthType<'static>; 7] = [
        AuthType::AppUser,
        AuthType::User,
        AuthType::ServiceAccount,
        AuthType::ApiKey,
        AuthType::System,
        AuthType::Unauthenticated,
        AuthType::Unknown,
    ];

    /// The value for `text` (exact, case-sensitive match of the documented
    /// values; anything else is [`Other`](Self::Other)).
    pub fn from_text(text: Text<'a>) -> AuthType<'a> {
        AuthType::DOCUMENTED
            .into_iter()
            .find(|d| text.eq_str(d.documented_str().unwrap_or("")))
            .unwrap_or(AuthType::Other(text))
    }

    /// The documented spelling, `None` for [`Other`](Self::Other).
    const fn documented_str(&self) -> Option<&'static str> {
        Some(match self {
            AuthType::AppUser => "app_user",
            AuthType::User => "user",
            AuthType::ServiceAccount => "service_account",
            AuthType::ApiKey => "api_key",
            AuthType::System => "system",
            AuthType::Unauthenticated => "unauthenticated",
            AuthType::Unknown => "unknown",
            AuthType::Other(_) => return None,
        })
    }

    /// The value as text.
    pub fn as_text(&self) -> Text<'a> {
        match (self, self.documented_str()) {
            (AuthType::Other(t), _) => *t,
            (_, Some(s)) => Text::plain(s),
            (_, None) => Text::plain(""),
        }
    }
}

/// A `dataregulation` list (`data-classification.md`): comma-separated
/// regulation names such as `GDPR` or `PCI-DSS`, spaces around each entry
/// ignored, none inside one.
///
/// Entries are read on demand from the event's value, without copying.
/// Decision where the document is silent: an empty entry (`GDPR,,HIPAA`,
/// or a trailing comma) is invalid, as no regulation has an empty name.
///
/// ```
/// use cloudevents_codec::{ext::DataRegulations, Text};
/// let list = DataRegulations::parse(Text::plain("GDPR, PCI-DSS ,HIPAA"))?;
/// let names: Vec<String> = list.entries().map(|e| e.to_string()).collect();
/// assert_eq!(names, ["GDPR", "PCI-DSS", "HIPAA"]);
/// assert!(list.contains("HIPAA"));
/// assert!(DataRegulations::parse(Text::plain("PCI DSS")).is_err());
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct DataRegulations<'a> {
    text: Text<'a>,
}

impl<'a> DataRegulations<'a> {
    /// Validates a `dataregulation` value: a non-empty list of non-empty
    /// entries without internal spaces.
    ///
    /// # Errors
    ///
    /// `InvalidValue` for an empty value or entry, or a space inside an
    /// entry.
    pub fn parse(text: Text<'a>) -> Result<DataRegulations<'a>, Error> {
        let mut entries = Entries::new(text);
        while let Some(entry) = entries.next_entry() {
            entry?;
        }
        Ok(DataRegulations { text })
    }

    /// The value as written.
    pub const fn as_text(&self) -> Text<'a> {
        self.text
    }

    /// The entries, trimmed, in order.
    pub fn entries(&self) -> impl Iterator<Item = TextPart<'a>> + Clone + 'a {
        let mut entries = Entries::new(self.text);
        core::iter::from_fn(move || entries.next_entry()?.ok())
    }

    /// True when `name` is one of the entries (exact match).
    pub fn contains(&self, name: &str) -> bool {
        self.entries().any(|e| e.eq_str(name))
    }
}

impl fmt::Debug for DataRegulations<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.entries()).finish()
    }
}

/// Walks the entries of a comma-separated list over decoded bytes.
#[derive(Clone)]
struct Entries<'a> {
    text: Text<'a>,
    bytes: crate::text::Bytes<'a>,
    peeked: Option<u8>,
    pos: usize,
    done: bool,
}

impl<'a> Entries<'a> {
    fn new(text: Text<'a>) -> Self {
        let mut bytes = text.bytes_iter();
        let peeked = bytes.next();
        Entries {
            text,
            bytes,
            peeked,
            pos: 0,
            done: false,
        }
    }

    fn bump(&mut self) {
        if self.peeked.is_some() {
            self.peeked = self.bytes.next();
            self.pos += 1;
        }
    }

    fn next_entry(&mut self) -> Option<Result<TextPart<'a>, Error>> {
        if self.done {
            return None;
        }
        while self.peeked == Some(b' ') {
            self.bump();
        }
        let start = self.pos;
        let mut end = start;
        while let Some(c) = self.peeked {
            match c {
                b',' => break,
                b' ' => self.bump(),
                _ if end < self.pos => {
                    // A non-space after a space inside the entry.
                    self.done = true;
                    return Some(Err(Error::new(
                        ErrorKind::InvalidValue,
                        "a dataregulation entry has no internal spaces",
                    )));
                }
                _ => {
                    self.bump();
                    end = self.pos;
                }
            }
        }
        if self.peeked == Some(b',') {
            self.bump();
        } else {
            self.done = true;
        }
        if start == end {
            self.done = true;
            return Some(Err(Error::new(
                ErrorKind::InvalidValue,
                "a dataregulation list has no empty entries",
            )));
        }
        Some(Ok(TextPart::new(self.text, start, end)))
    }
}
