//! [`EventBuilder`] setters for the documented extensions.
//!
//! Each setter checks its value with the function the matching
//! [`ExtensionView`](super::ExtensionView) getter uses ([`Known::check`]),
//! stores it in canonical form and replaces an earlier value of the same
//! attribute. A broken rule is reported by [`EventBuilder::build`], which
//! also checks the relations between attributes.

use super::{AuthType, Known, TraceState};
use crate::builder::EventBuilder;
use crate::error::{Error, ErrorKind};
use crate::event::Value;
use crate::text::Text;

/// Setters of String-typed attributes, which store the text as given.
macro_rules! string_setters {
    ($( $(#[$doc:meta])* $name:ident = $k:ident; )*) => {
        $(
            $(#[$doc])*
            pub fn $name(&mut self, value: &'a str) -> &mut Self {
                self.documented(Known::$k, Value::String(Text::plain(value)))
            }
        )*
    };
}

/// Setters of Integer-typed attributes, stored as [`Value::Integer`].
macro_rules! integer_setters {
    ($( $(#[$doc:meta])* $name:ident = $k:ident; )*) => {
        $(
            $(#[$doc])*
            pub fn $name(&mut self, value: i32) -> &mut Self {
                self.documented(Known::$k, Value::Integer(value))
            }
        )*
    };
}

/// # Documented extensions
///
/// One setter per attribute of the specification's extension documents
/// (EXT-1, see the [`ext`](crate::ext) module); the value is checked as the
/// getter checks it, and [`build`](Self::build) reports the first problem.
///
/// ```
/// use cloudevents_codec::{EventBuilder, ErrorKind};
/// let event = EventBuilder::new("1", "/s", "t")
///     .sequence("0042")
///     .expirytime("2030-01-01T00:00:00Z")
///     .severitytext("WARN")
///     .severitynumber(13)
///     .build()?;
/// assert_eq!(event.ext().severitynumber().unwrap()?.get(), 13);
///
/// let err = EventBuilder::new("1", "/s", "t").sampledrate(0).build().unwrap_err();
/// assert_eq!((err.kind(), err.attribute()), (ErrorKind::InvalidValue, Some("sampledrate")));
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
impl<'a> EventBuilder<'a> {
    string_setters! {
        /// Sets `traceparent` (W3C Trace Context §3.2; see
        /// [`TraceParent`](super::TraceParent)). A value of a future
        /// version is kept as given, for intermediaries that pass it on.
        traceparent = TraceParent;
        /// Sets `partitionkey` (non-empty).
        partitionkey = PartitionKey;
        /// Sets `sequence` (non-empty; pad numbers so that they sort as
        /// strings, `"0042"`).
        sequence = Sequence;
        /// Sets `dataref` (a URI-reference).
        dataref = DataRef;
        /// Sets `expirytime` (RFC 3339).
        expirytime = ExpiryTime;
        /// Sets `recordedtime` (RFC 3339).
        recordedtime = RecordedTime;
        /// Sets `severitytext` (non-empty; upper case RECOMMENDED).
        severitytext = SeverityText;
        /// Sets `deprecationfrom` (RFC 3339).
        deprecationfrom = DeprecationFrom;
        /// Sets `deprecationsunset` (RFC 3339; not earlier than
        /// `deprecationfrom`, checked by [`build`](Self::build)).
        deprecationsunset = DeprecationSunset;
        /// Sets `deprecationmigration` (an absolute URI).
        deprecationmigration = DeprecationMigration;
        /// Sets `authid`.
        authid = AuthId;
        /// Sets `authclaims` (JSON text; it MUST NOT contain credentials a
        /// consumer could impersonate the principal with).
        authclaims = AuthClaims;
        /// Sets `bamtxid` (non-empty).
        bamtxid = BamTxId;
        /// Sets `bampid` (non-empty).
        bampid = BamPid;
        /// Sets `bamptxid` (non-empty).
        bamptxid = BamPtxId;
        /// Sets `bamptxsid` (non-empty).
        bamptxsid = BamPtxsId;
        /// Sets `bamptxsstatus` (non-empty).
        bamptxsstatus = BamPtxsStatus;
        /// Sets `correlationid` (non-empty).
        correlationid = CorrelationId;
        /// Sets `causationid` (non-empty; the `id` of the causing event).
        causationid = CausationId;
        /// Sets `dataclassification`.
        dataclassification = DataClassification;
        /// Sets `dataregulation` (comma-separated names, no spaces inside
        /// a name; see [`DataRegulations`](super::DataRegulations)).
        dataregulation = DataRegulation;
        /// Sets `datacategory` (non-empty).
        datacategory = DataCategory;
    }

    integer_setters! {
        /// Sets `sampledrate` (greater than zero).
        sampledrate = SampledRate;
        /// Sets `severitynumber` (not negative).
        severitynumber = SeverityNumber;
        /// Sets `opcuametadatamajorversion` (not with a `dataschema`,
        /// checked by [`build`](Self::build)).
        opcuametadatamajorversion = OpcUaMetadataMajorVersion;
        /// Sets `opcuametadataminorversion` (not with a `dataschema`,
        /// checked by [`build`](Self::build)).
        opcuametadataminorversion = OpcUaMetadataMinorVersion;
        /// Sets `opcuastatus`.
        opcuastatus = OpcUaStatus;
    }

    /// Sets `tracestate` (W3C Trace Context §3.3; see [`TraceState`]).
    /// As a sender must, refuses a list that repeats a key.
    pub fn tracestate(&mut self, value: &'a str) -> &mut Self {
        let text = Text::plain(value);
        if let Ok(state) = TraceState::parse(text) {
            if state.has_repeated_keys() {
                self.documented_error(
                    Error::new(
                        ErrorKind::InvalidValue,
                        "a tracestate key must not occur twice",
                    )
                    .attr(Known::TraceState.name().as_bytes()),
                );
                return self;
            }
        }
        self.documented(Known::TraceState, Value::String(text))
    }

    /// Sets `deprecated` to `true`, the only value the document allows.
    pub fn deprecated(&mut self) -> &mut Self {
        self.documented(Known::Deprecated, Value::Boolean(true))
    }

    /// Sets `authtype`.
    pub fn authtype(&mut self, value: AuthType<'a>) -> &mut Self {
        self.documented(Known::AuthType, Value::String(value.as_text()))
    }

    /// Sets `bamptxcompleted`.
    pub fn bamptxcompleted(&mut self, value: bool) -> &mut Self {
        self.documented(Known::BamPtxCompleted, Value::Boolean(value))
    }

    /// Sets `dssematerial` from the raw bytes of the DSSE envelope, written
    /// as base64 where the format needs text.
    pub fn dssematerial(&mut self, bytes: &'a [u8]) -> &mut Self {
        let text = Text::from_validated(bytes, crate::text::TextEncoding::BinaryAsBase64);
        self.documented(Known::DsseMaterial, Value::String(text))
    }
}
