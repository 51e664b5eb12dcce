//! Typed access to the documented extensions (EXT-1): the attributes the
//! CloudEvents specification's `extensions/` folder defines, each with its
//! type and the rules its document sets.
//!
//! - [`Known`] is the one table of their names, types and documents; every
//!   getter, setter and check below goes through it.
//! - [`Event::ext`] gives an [`ExtensionView`]: one getter per attribute,
//!   returning `None` when the attribute is absent and `Some(Err(..))` when
//!   it is present but breaks its document's rules. Values borrow from the
//!   event and nothing is allocated: a [`TraceParent`] is plain bytes, a
//!   [`TraceState`] or [`DataRegulations`] list is walked on demand, strings
//!   are [`Text`]s of the input.
//! - [`EventBuilder`](crate::EventBuilder) has one setter per attribute
//!   (`traceparent`, `sampledrate`, ...), validated by the same functions
//!   and stored in canonical form (an Integer as [`Value::Integer`], a
//!   Boolean as [`Value::Boolean`]); a setter replaces an earlier value of
//!   its attribute, and [`build`](crate::EventBuilder::build) also checks the
//!   relations between attributes that involve one it set
//!   ([`ExtensionView::check_relations`]).
//!
//! String-only metadata (HTTP, Kafka, MQTT and NATS headers) delivers every
//! extension as a String (TYPE-10): Integer and Boolean getters also accept
//! the canonical string forms (`"5"`, `"true"`).
//!
//! ```
//! use cloudevents_codec::{ext::AuthType, EventBuilder, Event, json};
//!
//! let event = EventBuilder::new("42", "/orders", "com.example.order.placed")
//!     .traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
//!     .sampledrate(30)
//!     .authtype(AuthType::ServiceAccount)
//!     .build()?;
//! let mut out = Vec::new();
//! json::write_event(&event, &mut out);
//!
//! let read = Event::from_json(&out)?;
//! let ext = read.ext();
//! assert!(ext.traceparent().unwrap()?.sampled());
//! assert_eq!(ext.sampledrate(), Some(Ok(30)));
//! assert_eq!(ext.authtype().unwrap()?, AuthType::ServiceAccount);
//! assert!(ext.expirytime().is_none());
//! # Ok::<(), cloudevents_codec::Error>(())
//! ```
//!
//! The documents, as of the specification text this crate follows
//! (docs/RULES.md):
//!
//! | document | attributes |
//! |---|---|
//! | `distributed-tracing.md` | `traceparent`, `tracestate` ([`trace`](TraceParent) rules: W3C Trace Context) |
//! | `partitioning.md` | `partitionkey` |
//! | `sequence.md` | `sequence` (its former companion `sequencetype` was removed from the document in 2022 and is an ordinary extension here) |
//! | `dataref.md` | `dataref` |
//! | `expirytime.md` | `expirytime` |
//! | `recordedtime.md` | `recordedtime` |
//! | `sampledrate.md` | `sampledrate` |
//! | `severity.md` | `severitytext`, `severitynumber` |
//! | `deprecation.md` | `deprecated`, `deprecationfrom`, `deprecationsunset`, `deprecationmigration` |
//! | `authcontext.md` | `authtype`, `authid`, `authclaims` |
//! | `bam.md` | `bamtxid`, `bampid`, `bamptxid`, `bamptxsid`, `bamptxsstatus`, `bamptxcompleted` |
//! | `correlation.md` | `correlationid`, `causationid` |
//! | `data-classification.md` | `dataclassification`, `dataregulation`, `datacategory` |
//! | `opcua.md` | `opcuametadatamajorversion`, `opcuametadataminorversion`, `opcuastatus` |
//! | `verifiability.md` | `dssematerial` (its type only: verifying the DSSE envelope is out of scope) |
//!
//! What is checked is what the documents say MUST hold ("MUST be a
//! non-empty string", "MUST be greater than zero", "MUST be later than or
//! the same as ..."); their SHOULDs are not errors. Where a document's text
//! leaves room, the getter's documentation says which way this crate reads
//! it. Events are not rejected by the parsers for breaking an extension's
//! document (an extension has no meaning to CloudEvents itself, CORE-11):
//! the getters report it when asked, and [`ExtensionView::validate`] checks
//! them all at once.

mod builder;
mod part;
mod trace;
mod values;

pub use part::TextPart;
pub use trace::{
    TraceParent, TraceState, TraceStateMembers, FLAG_RANDOM, FLAG_SAMPLED, MAX_TRACESTATE_MEMBERS,
};
pub use values::{AuthType, DataRegulations, Sequence, SeverityNumber};

use crate::error::{Error, ErrorKind};
use crate::event::{Event, Value};
use crate::spec;
use crate::spec::timestamp::Timestamp;
use crate::text::Text;

/// The type of a documented extension (the CloudEvents type system,
/// TYPE-1).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttrType {
    /// String.
    String,
    /// Integer (signed 32-bit).
    Integer,
    /// Boolean.
    Boolean,
    /// Timestamp (RFC 3339).
    Timestamp,
    /// URI (absolute).
    Uri,
    /// URI-reference.
    UriRef,
    /// Binary (base64 in string form).
    Binary,
}

macro_rules! known {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $ty:ident, $doc_file:literal; )*) => {
        /// A documented extension attribute: the table of names, types and
        /// documents that every typed getter and setter uses.
        ///
        /// ```
        /// use cloudevents_codec::ext::{AttrType, Known};
        /// let k = Known::from_name("sampledrate").unwrap();
        /// assert_eq!((k, k.ty(), k.document()), (Known::SampledRate, AttrType::Integer, "sampledrate.md"));
        /// assert_eq!(Known::ALL.len(), 32);
        /// ```
        #[non_exhaustive]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Known {
            $( $(#[$doc])* $variant, )*
        }

        impl Known {
            /// Every documented extension, grouped by document.
            pub const ALL: [Known; known!(@count $($variant)*)] = [$(Known::$variant),*];

            /// The attribute name.
            pub const fn name(self) -> &'static str {
                match self { $(Known::$variant => $name,)* }
            }

            /// The attribute's type.
            pub const fn ty(self) -> AttrType {
                match self { $(Known::$variant => AttrType::$ty,)* }
            }

            /// The document that defines it, in the specification
            /// repository's `cloudevents/extensions/` folder.
            pub const fn document(self) -> &'static str {
                match self { $(Known::$variant => $doc_file,)* }
            }
        }
    };
    (@count) => { 0 };
    (@count $head:ident $($tail:ident)*) => { 1 + known!(@count $($tail)*) };
}

known! {
    /// `traceparent`: W3C Trace Context `traceparent`.
    TraceParent = "traceparent", String, "distributed-tracing.md";
    /// `tracestate`: W3C Trace Context `tracestate`.
    TraceState = "tracestate", String, "distributed-tracing.md";
    /// `partitionkey`: a non-empty partition key.
    PartitionKey = "partitionkey", String, "partitioning.md";
    /// `sequence`: a non-empty, lexicographically ordered position.
    Sequence = "sequence", String, "sequence.md";
    /// `dataref`: where the data is stored (claim check).
    DataRef = "dataref", UriRef, "dataref.md";
    /// `expirytime`: when the event stops being useful.
    ExpiryTime = "expirytime", Timestamp, "expirytime.md";
    /// `recordedtime`: when the occurrence was recorded in this event.
    RecordedTime = "recordedtime", Timestamp, "recordedtime.md";
    /// `sampledrate`: how many events this one stands for (> 0).
    SampledRate = "sampledrate", Integer, "sampledrate.md";
    /// `severitytext`: the severity as text (non-empty).
    SeverityText = "severitytext", String, "severity.md";
    /// `severitynumber`: the severity as a number (≥ 0).
    SeverityNumber = "severitynumber", Integer, "severity.md";
    /// `deprecated`: the event type is deprecated (always `true`).
    Deprecated = "deprecated", Boolean, "deprecation.md";
    /// `deprecationfrom`: when the event type was deprecated.
    DeprecationFrom = "deprecationfrom", Timestamp, "deprecation.md";
    /// `deprecationsunset`: when the event type stops being supported.
    DeprecationSunset = "deprecationsunset", Timestamp, "deprecation.md";
    /// `deprecationmigration`: a link to the migration guide.
    DeprecationMigration = "deprecationmigration", Uri, "deprecation.md";
    /// `authtype`: the kind of principal.
    AuthType = "authtype", String, "authcontext.md";
    /// `authid`: the principal's identifier.
    AuthId = "authid", String, "authcontext.md";
    /// `authclaims`: the principal's claims, as JSON text.
    AuthClaims = "authclaims", String, "authcontext.md";
    /// `bamtxid`: the transaction instance.
    BamTxId = "bamtxid", String, "bam.md";
    /// `bampid`: the business process model.
    BamPid = "bampid", String, "bam.md";
    /// `bamptxid`: the transaction model.
    BamPtxId = "bamptxid", String, "bam.md";
    /// `bamptxsid`: the transaction step.
    BamPtxsId = "bamptxsid", String, "bam.md";
    /// `bamptxsstatus`: the step's status.
    BamPtxsStatus = "bamptxsstatus", String, "bam.md";
    /// `bamptxcompleted`: the transaction instance completed.
    BamPtxCompleted = "bamptxcompleted", Boolean, "bam.md";
    /// `correlationid`: the logical flow the event belongs to.
    CorrelationId = "correlationid", String, "correlation.md";
    /// `causationid`: the `id` of the event that caused this one.
    CausationId = "causationid", String, "correlation.md";
    /// `dataclassification`: the payload's classification level.
    DataClassification = "dataclassification", String, "data-classification.md";
    /// `dataregulation`: the applicable regulations, comma-separated.
    DataRegulation = "dataregulation", String, "data-classification.md";
    /// `datacategory`: the payload's data category.
    DataCategory = "datacategory", String, "data-classification.md";
    /// `opcuametadatamajorversion`: the OPC UA metadata major version.
    OpcUaMetadataMajorVersion = "opcuametadatamajorversion", Integer, "opcua.md";
    /// `opcuametadataminorversion`: the OPC UA metadata minor version.
    OpcUaMetadataMinorVersion = "opcuametadataminorversion", Integer, "opcua.md";
    /// `opcuastatus`: the OPC UA data set message status.
    OpcUaStatus = "opcuastatus", Integer, "opcua.md";
    /// `dssematerial`: DSSE verification material (Binary).
    DsseMaterial = "dssematerial", Binary, "verifiability.md";
}

/// A set of [`Known`] attributes (one bit each).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct KnownSet(u64);

impl KnownSet {
    /// Every documented attribute.
    pub(crate) const ALL: KnownSet = KnownSet(u64::MAX);

    pub(crate) fn insert(&mut self, k: Known) {
        self.0 |= 1 << k as u64;
    }

    pub(crate) fn contains(self, k: Known) -> bool {
        self.0 & (1 << k as u64) != 0
    }
}

// One bit per attribute.
const _: () = assert!(Known::ALL.len() <= 64);

impl Known {
    /// The documented extension named `name`.
    pub fn from_name(name: &str) -> Option<Known> {
        Known::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Checks `value` against this attribute's type and its document's
    /// rules for a single value (relations between attributes are
    /// [`ExtensionView::check_relations`]'s).
    ///
    /// ```
    /// use cloudevents_codec::{ext::Known, Value, Text};
    /// assert!(Known::SampledRate.check(&Value::Integer(30)).is_ok());
    /// assert!(Known::SampledRate.check(&Value::String(Text::plain("30"))).is_ok()); // TYPE-10
    /// assert!(Known::SampledRate.check(&Value::Integer(0)).is_err());
    /// assert!(Known::Deprecated.check(&Value::Boolean(false)).is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// `TypeMismatch` for a value of another type, `InvalidValue` for a
    /// broken rule; the error names the attribute.
    pub fn check(self, value: &Value<'_>) -> Result<(), Error> {
        let k = self;
        match k {
            Known::TraceParent => typed_traceparent(value).map(drop),
            Known::TraceState => typed_tracestate(value).map(drop),
            Known::PartitionKey
            | Known::Sequence
            | Known::SeverityText
            | Known::BamTxId
            | Known::BamPid
            | Known::BamPtxId
            | Known::BamPtxsId
            | Known::BamPtxsStatus
            | Known::CorrelationId
            | Known::CausationId
            | Known::DataCategory => non_empty(k, value).map(drop),
            Known::AuthType => typed_authtype(value).map(drop),
            Known::AuthId | Known::AuthClaims | Known::DataClassification => {
                string(k, value).map(drop)
            }
            Known::DataRegulation => typed_dataregulation(value).map(drop),
            Known::DataRef | Known::DeprecationMigration | Known::DsseMaterial => {
                typed_text(k, value).map(drop)
            }
            Known::ExpiryTime
            | Known::RecordedTime
            | Known::DeprecationFrom
            | Known::DeprecationSunset => timestamp(k, value).map(drop),
            Known::SampledRate => typed_sampledrate(value).map(drop),
            Known::SeverityNumber => typed_severitynumber(value).map(drop),
            Known::OpcUaMetadataMajorVersion
            | Known::OpcUaMetadataMinorVersion
            | Known::OpcUaStatus => integer(k, value).map(drop),
            Known::Deprecated => typed_deprecated(value).map(drop),
            Known::BamPtxCompleted => boolean(k, value).map(drop),
        }
    }
}

// ---------------------------------------------------------------------------
// Value conversions by type. Each error names the attribute.

fn named(k: Known) -> impl Fn(Error) -> Error {
    move |e| e.attr(k.name().as_bytes())
}

fn type_mismatch(k: Known, detail: &'static str) -> Error {
    Error::new(ErrorKind::TypeMismatch, detail).attr(k.name().as_bytes())
}

fn invalid(k: Known, detail: &'static str) -> Error {
    Error::new(ErrorKind::InvalidValue, detail).attr(k.name().as_bytes())
}

/// A String attribute (TYPE-1): only a String value.
fn string<'a>(k: Known, v: &Value<'a>) -> Result<Text<'a>, Error> {
    match v {
        Value::String(t) => Ok(*t),
        _ => Err(type_mismatch(k, "this extension is a String")),
    }
}

/// "MUST be a non-empty string".
fn non_empty<'a>(k: Known, v: &Value<'a>) -> Result<Text<'a>, Error> {
    let t = string(k, v)?;
    if t.is_empty() {
        return Err(invalid(k, "must be a non-empty string"));
    }
    Ok(t)
}

/// An Integer, native or in canonical string form (TYPE-3, TYPE-10).
fn integer(k: Known, v: &Value<'_>) -> Result<i32, Error> {
    match v {
        Value::Integer(i) => Ok(*i),
        Value::String(t) => t
            .with_decoded(spec::integer::parse)
            .unwrap_or_else(|| Err(invalid(k, "not an Integer")))
            .map_err(named(k)),
        _ => Err(type_mismatch(k, "this extension is an Integer")),
    }
}

/// A Boolean, native or as `true`/`false` (TYPE-2, TYPE-10).
fn boolean(k: Known, v: &Value<'_>) -> Result<bool, Error> {
    match v {
        Value::Boolean(b) => Ok(*b),
        Value::String(t) if t.eq_str("true") => Ok(true),
        Value::String(t) if t.eq_str("false") => Ok(false),
        Value::String(_) => Err(invalid(
            k,
            "a Boolean is \"true\" or \"false\" (case-sensitive)",
        )),
        _ => Err(type_mismatch(k, "this extension is a Boolean")),
    }
}

/// A Timestamp in string form (TYPE-8).
fn timestamp(k: Known, v: &Value<'_>) -> Result<Timestamp, Error> {
    let t = string(k, v)?;
    t.with_decoded(Timestamp::parse)
        .unwrap_or_else(|| Err(invalid(k, "not an RFC 3339 timestamp")))
        .map_err(|e| e.attr(k.name().as_bytes()))
}

/// A URI, URI-reference or Binary in string form, checked and returned as
/// written (TYPE-5, TYPE-6, TYPE-7; IRIs accepted as for core attributes,
/// TYPE-7a).
fn typed_text<'a>(k: Known, v: &Value<'a>) -> Result<Text<'a>, Error> {
    let t = string(k, v)?;
    let check = match k.ty() {
        AttrType::Uri => t.check_decoded(|b| spec::uri::validate_uri_with(b, true)),
        AttrType::UriRef => t.check_decoded(|b| spec::uri::validate_uri_reference_with(b, true)),
        // Native binary (an AMQP `binary` property) is valid by construction.
        AttrType::Binary if t.encoding() == crate::TextEncoding::BinaryAsBase64 => Ok(()),
        AttrType::Binary => t.check_decoded(|b| spec::base64::validate(b).map(drop)),
        _ => Ok(()),
    };
    check.map_err(named(k))?;
    if t.is_empty() && k.ty() != AttrType::Binary {
        return Err(invalid(k, "must not be empty"));
    }
    Ok(t)
}

fn typed_traceparent(v: &Value<'_>) -> Result<TraceParent, Error> {
    let k = Known::TraceParent;
    TraceParent::parse_text(&string(k, v)?).map_err(named(k))
}

fn typed_tracestate<'a>(v: &Value<'a>) -> Result<TraceState<'a>, Error> {
    let k = Known::TraceState;
    TraceState::parse(string(k, v)?).map_err(named(k))
}

fn typed_sampledrate(v: &Value<'_>) -> Result<i32, Error> {
    let k = Known::SampledRate;
    match integer(k, v)? {
        n if n > 0 => Ok(n),
        _ => Err(invalid(k, "the rate must be greater than zero")),
    }
}

fn typed_severitynumber(v: &Value<'_>) -> Result<SeverityNumber, Error> {
    let k = Known::SeverityNumber;
    SeverityNumber::new(integer(k, v)?).ok_or_else(|| invalid(k, "must not be negative"))
}

fn typed_deprecated(v: &Value<'_>) -> Result<bool, Error> {
    let k = Known::Deprecated;
    match boolean(k, v)? {
        true => Ok(true),
        false => Err(invalid(k, "must be true")),
    }
}

fn typed_authtype<'a>(v: &Value<'a>) -> Result<AuthType<'a>, Error> {
    // Decision: the document defines an enum and allows more values; an
    // empty string names no kind of principal.
    non_empty(Known::AuthType, v).map(AuthType::from_text)
}

fn typed_dataregulation<'a>(v: &Value<'a>) -> Result<DataRegulations<'a>, Error> {
    let k = Known::DataRegulation;
    DataRegulations::parse(string(k, v)?).map_err(named(k))
}

// ---------------------------------------------------------------------------

impl<'a> Event<'a> {
    /// Typed access to the documented extensions (EXT-1); see the
    /// [`ext`](crate::ext) module.
    ///
    /// ```
    /// use cloudevents_codec::Event;
    /// let e = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t",
    ///     "sampledrate":0,"partitionkey":"tenant-7"}"#)?;
    /// assert_eq!(e.ext().partitionkey().unwrap()?, "tenant-7");
    /// let err = e.ext().sampledrate().unwrap().unwrap_err();
    /// assert_eq!(err.attribute(), Some("sampledrate"));
    /// # Ok::<(), cloudevents_codec::Error>(())
    /// ```
    #[inline]
    pub fn ext(&self) -> ExtensionView<'_, 'a> {
        ExtensionView { event: self }
    }
}

/// The documented extensions of one event, typed ([`Event::ext`]).
///
/// Each getter returns `None` when the attribute is absent, `Some(Ok(..))`
/// with the typed value, or `Some(Err(..))` when the value has the wrong
/// type (`TypeMismatch`) or breaks its document's rules (`InvalidValue`,
/// `Conflict`); the error names the attribute. Getters allocate nothing.
#[derive(Debug, Clone, Copy)]
pub struct ExtensionView<'e, 'a> {
    event: &'e Event<'a>,
}

/// One getter: the value of `$k`, converted by `$f`.
macro_rules! getter {
    ($(#[$doc:meta])* $name:ident -> $ty:ty = $k:ident, $f:expr) => {
        $(#[$doc])*
        pub fn $name(&self) -> Option<Result<$ty, Error>> {
            let v = self.value(Known::$k)?;
            #[allow(clippy::redundant_closure_call)]
            Some(($f)(&v))
        }
    };
}

impl<'e, 'a> ExtensionView<'e, 'a> {
    /// The raw value of a documented extension.
    pub fn value(&self, k: Known) -> Option<Value<'a>> {
        self.event.extension(k.name())
    }

    getter! {
        /// `traceparent` (`distributed-tracing.md`), checked by W3C Trace
        /// Context §3.2; see [`TraceParent::parse`].
        traceparent -> TraceParent = TraceParent, typed_traceparent
    }
    getter! {
        /// `tracestate` (`distributed-tracing.md`), checked by W3C Trace
        /// Context §3.3; see [`TraceState::parse`]. Readers accept repeated
        /// keys, as W3C allows.
        tracestate -> TraceState<'a> = TraceState, typed_tracestate
    }
    getter! {
        /// `partitionkey` (`partitioning.md`): a non-empty String.
        partitionkey -> Text<'a> = PartitionKey, |v| non_empty(Known::PartitionKey, v)
    }
    getter! {
        /// `sequence` (`sequence.md`): a non-empty String, ordered
        /// lexicographically ([`Sequence`]'s `Ord`).
        sequence -> Sequence<'a> = Sequence, |v| non_empty(Known::Sequence, v).map(Sequence)
    }
    getter! {
        /// `dataref` (`dataref.md`): a URI-reference, where the data can be
        /// fetched.
        dataref -> Text<'a> = DataRef, |v| typed_text(Known::DataRef, v)
    }
    getter! {
        /// `expirytime` (`expirytime.md`): a Timestamp. That it SHOULD not be
        /// earlier than `time` is not checked; see
        /// [`is_expired`](Self::is_expired).
        expirytime -> Timestamp = ExpiryTime, |v| timestamp(Known::ExpiryTime, v)
    }
    getter! {
        /// `recordedtime` (`recordedtime.md`): a Timestamp (RFC 3339). That
        /// it SHOULD not be earlier than `time` is not checked.
        recordedtime -> Timestamp = RecordedTime, |v| timestamp(Known::RecordedTime, v)
    }
    getter! {
        /// `sampledrate` (`sampledrate.md`): an Integer greater than zero.
        sampledrate -> i32 = SampledRate, typed_sampledrate
    }
    getter! {
        /// `severitytext` (`severity.md`): a non-empty String (upper case
        /// only RECOMMENDED). See also [`severity_name`](Self::severity_name).
        severitytext -> Text<'a> = SeverityText, |v| non_empty(Known::SeverityText, v)
    }
    getter! {
        /// `severitynumber` (`severity.md`): an Integer, never negative.
        severitynumber -> SeverityNumber = SeverityNumber, typed_severitynumber
    }
    getter! {
        /// `deprecated` (`deprecation.md`): a Boolean that MUST be `true`
        /// (`false` is `InvalidValue`).
        deprecated -> bool = Deprecated, typed_deprecated
    }
    getter! {
        /// `deprecationfrom` (`deprecation.md`): a Timestamp.
        deprecationfrom -> Timestamp = DeprecationFrom, |v| timestamp(Known::DeprecationFrom, v)
    }
    getter! {
        /// `deprecationmigration` (`deprecation.md`): an absolute URI.
        deprecationmigration -> Text<'a> = DeprecationMigration,
            |v| typed_text(Known::DeprecationMigration, v)
    }
    getter! {
        /// `authtype` (`authcontext.md`): one of the documented values or
        /// another non-empty String ([`AuthType::Other`]).
        authtype -> AuthType<'a> = AuthType, typed_authtype
    }
    getter! {
        /// `authid` (`authcontext.md`): a String.
        authid -> Text<'a> = AuthId, |v| string(Known::AuthId, v)
    }
    getter! {
        /// `authclaims` (`authcontext.md`): a String the document describes
        /// as JSON text; it is returned as written, not parsed.
        authclaims -> Text<'a> = AuthClaims, |v| string(Known::AuthClaims, v)
    }
    getter! {
        /// `bamtxid` (`bam.md`): a non-empty String.
        bamtxid -> Text<'a> = BamTxId, |v| non_empty(Known::BamTxId, v)
    }
    getter! {
        /// `bampid` (`bam.md`): a non-empty String.
        bampid -> Text<'a> = BamPid, |v| non_empty(Known::BamPid, v)
    }
    getter! {
        /// `bamptxid` (`bam.md`): a non-empty String.
        bamptxid -> Text<'a> = BamPtxId, |v| non_empty(Known::BamPtxId, v)
    }
    getter! {
        /// `bamptxsid` (`bam.md`): a non-empty String.
        bamptxsid -> Text<'a> = BamPtxsId, |v| non_empty(Known::BamPtxsId, v)
    }
    getter! {
        /// `bamptxsstatus` (`bam.md`): a non-empty String.
        bamptxsstatus -> Text<'a> = BamPtxsStatus, |v| non_empty(Known::BamPtxsStatus, v)
    }
    getter! {
        /// `bamptxcompleted` (`bam.md`): a Boolean.
        bamptxcompleted -> bool = BamPtxCompleted, |v| boolean(Known::BamPtxCompleted, v)
    }
    getter! {
        /// `correlationid` (`correlation.md`): a non-empty String.
        correlationid -> Text<'a> = CorrelationId, |v| non_empty(Known::CorrelationId, v)
    }
    getter! {
        /// `causationid` (`correlation.md`): a non-empty String, the `id`
        /// of the event that caused this one.
        causationid -> Text<'a> = CausationId, |v| non_empty(Known::CausationId, v)
    }
    getter! {
        /// `dataclassification` (`data-classification.md`): a String
        /// (`public`, `internal`, `confidential`, `restricted` are the
        /// RECOMMENDED labels, not the only ones).
        dataclassification -> Text<'a> = DataClassification,
            |v| string(Known::DataClassification, v)
    }
    getter! {
        /// `dataregulation` (`data-classification.md`): a comma-separated
        /// list; see [`DataRegulations`].
        dataregulation -> DataRegulations<'a> = DataRegulation, typed_dataregulation
    }
    getter! {
        /// `datacategory` (`data-classification.md`): a non-empty String.
        datacategory -> Text<'a> = DataCategory, |v| non_empty(Known::DataCategory, v)
    }
    getter! {
        /// `opcuastatus` (`opcua.md`): an Integer. OPC UA status codes are
        /// unsigned 32-bit values; the document does not say how codes of
        /// 2³¹ and above (the Bad ones) fit an Integer, so the value is
        /// returned as sent.
        opcuastatus -> i32 = OpcUaStatus, |v| integer(Known::OpcUaStatus, v)
    }
    getter! {
        /// `dssematerial` (`verifiability.md`): Binary, returned as its
        /// base64 text (decode with [`spec::base64::decode`]
        /// after [`Text::decode_to`]). Checking the DSSE envelope and its
        /// signature is out of scope.
        dssematerial -> Text<'a> = DsseMaterial, |v| typed_text(Known::DsseMaterial, v)
    }

    /// `deprecationsunset` (`deprecation.md`): a Timestamp that "MUST be
    /// later than or the same as" `deprecationfrom` when both are present
    /// and valid (compared as instants).
    ///
    /// # Errors
    ///
    /// Inside the `Some`: the value's own errors, or `InvalidValue` when it
    /// is earlier than `deprecationfrom`.
    pub fn deprecationsunset(&self) -> Option<Result<Timestamp, Error>> {
        let k = Known::DeprecationSunset;
        Some(timestamp(k, &self.value(k)?).and_then(|t| self.check_sunset(&t).map(|_| t)))
    }

    /// "MUST be later than or the same as the one given in the
    /// `deprecationfrom` field, if present".
    fn check_sunset(&self, sunset: &Timestamp) -> Result<(), Error> {
        match self.deprecationfrom() {
            Some(Ok(from)) if sunset.unix_nanos() < from.unix_nanos() => Err(invalid(
                Known::DeprecationSunset,
                "must be later than or the same as deprecationfrom",
            )),
            _ => Ok(()),
        }
    }

    /// `opcuametadatamajorversion` (`opcua.md`): an Integer that "MUST NOT
    /// be present if `dataschema` is used".
    ///
    /// # Errors
    ///
    /// Inside the `Some`: the value's own errors, or `Conflict` when the
    /// event has a `dataschema`.
    pub fn opcuametadatamajorversion(&self) -> Option<Result<i32, Error>> {
        self.opcua_metadata(Known::OpcUaMetadataMajorVersion)
    }

    /// `opcuametadataminorversion` (`opcua.md`): as
    /// [`opcuametadatamajorversion`](Self::opcuametadatamajorversion).
    ///
    /// # Errors
    ///
    /// As [`opcuametadatamajorversion`](Self::opcuametadatamajorversion).
    pub fn opcuametadataminorversion(&self) -> Option<Result<i32, Error>> {
        self.opcua_metadata(Known::OpcUaMetadataMinorVersion)
    }

    fn opcua_metadata(&self, k: Known) -> Option<Result<i32, Error>> {
        Some(integer(k, &self.value(k)?).and_then(|v| self.check_opcua(k).map(|_| v)))
    }

    /// "OPTIONAL but MUST NOT be present if `dataschema` is used" (0.3's
    /// `schemaurl` included).
    fn check_opcua(&self, k: Known) -> Result<(), Error> {
        if self.event.dataschema().is_some() && self.value(k).is_some() {
            return Err(Error::new(
                ErrorKind::Conflict,
                "must not be present when dataschema is used",
            )
            .attr(k.name().as_bytes()));
        }
        Ok(())
    }

    /// The severity's name: `severitytext` when present, else the
    /// OpenTelemetry short name of `severitynumber`, the substitution the
    /// severity document allows ("MAY be used").
    ///
    /// ```
    /// use cloudevents_codec::Event;
    /// let e = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","severitynumber":17}"#)?;
    /// assert_eq!(e.ext().severity_name().unwrap()?, "ERROR");
    /// # Ok::<(), cloudevents_codec::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Inside the `Some`: the errors of the attribute it reads. `None` when
    /// neither is present, or the number has no short name (0, above 24).
    pub fn severity_name(&self) -> Option<Result<Text<'a>, Error>> {
        if let Some(text) = self.severitytext() {
            return Some(text);
        }
        match self.severitynumber()? {
            Ok(n) => n.short_name().map(|s| Ok(Text::plain(s))),
            Err(e) => Some(Err(e)),
        }
    }

    /// True when `expirytime` is at or before `now` ("MAY ignore and
    /// discard an event that has an `expirytime` at or before the current
    /// timestamp"); false without `expirytime`.
    ///
    /// ```
    /// use cloudevents_codec::{Event, Timestamp};
    /// let e = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t",
    ///     "expirytime":"2024-01-01T00:00:00Z"}"#)?;
    /// assert!(e.ext().is_expired(&Timestamp::parse(b"2024-01-01T01:00:00+01:00")?)?);
    /// assert!(!e.ext().is_expired(&Timestamp::parse(b"2023-12-31T23:59:59Z")?)?);
    /// # Ok::<(), cloudevents_codec::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The errors of [`expirytime`](Self::expirytime).
    pub fn is_expired(&self, now: &Timestamp) -> Result<bool, Error> {
        match self.expirytime() {
            None => Ok(false),
            Some(t) => Ok(t?.unix_nanos() <= now.unix_nanos()),
        }
    }

    /// Checks the relations the documents require between attributes:
    /// `deprecationsunset` not earlier than `deprecationfrom`, and no
    /// `opcuametadata*version` next to a `dataschema`. Values that are
    /// themselves invalid are left to their getters.
    ///
    /// # Errors
    ///
    /// `InvalidValue` or `Conflict`, naming the attribute.
    pub fn check_relations(&self) -> Result<(), Error> {
        self.check_relations_involving(KnownSet::ALL)
    }

    /// [`check_relations`](Self::check_relations), limited to the relations
    /// that involve an attribute of `set` (the builder checks those its
    /// typed setters touched).
    pub(crate) fn check_relations_involving(&self, set: KnownSet) -> Result<(), Error> {
        let k = Known::DeprecationSunset;
        if set.contains(k) || set.contains(Known::DeprecationFrom) {
            if let Some(Ok(sunset)) = self.value(k).map(|v| timestamp(k, &v)) {
                self.check_sunset(&sunset)?;
            }
        }
        for k in [
            Known::OpcUaMetadataMajorVersion,
            Known::OpcUaMetadataMinorVersion,
        ] {
            if set.contains(k) {
                self.check_opcua(k)?;
            }
        }
        Ok(())
    }

    /// Checks every documented extension the event carries: its type, its
    /// document's rules, and the relations ([`check_relations`](Self::check_relations)).
    ///
    /// ```
    /// use cloudevents_codec::{Event, ErrorKind};
    /// let e = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t",
    ///     "deprecated":true,"deprecationfrom":"2024-10-11T00:00:00Z",
    ///     "deprecationsunset":"2024-10-01T00:00:00Z"}"#)?;
    /// let err = e.ext().validate().unwrap_err();
    /// assert_eq!((err.kind(), err.attribute()), (ErrorKind::InvalidValue, Some("deprecationsunset")));
    /// # Ok::<(), cloudevents_codec::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// The first problem, in [`Known::ALL`] order.
    pub fn validate(&self) -> Result<(), Error> {
        for k in Known::ALL {
            if let Some(v) = self.value(k) {
                k.check(&v)?;
            }
        }
        self.check_relations()
    }
}
