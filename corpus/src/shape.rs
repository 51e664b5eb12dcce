//! The shape dimensions of an event: how each attribute and the data are
//! written, independently of the size class and vocabulary of its profile.
//!
//! Every event draws one variant per dimension from what real producers send
//! ([`Shape`]); a [`Pin`] fixes one dimension for a whole corpus, which is how
//! the shape-variance benchmark compares variants at the same size.

use core::fmt;

use crate::rng::Rng;
use crate::Profile;

/// How `source` is written.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// A relative path, `/sensors/berlin/bldg-12/floor-03/room-101`.
    Path,
    /// An `https://` URL with a path and a query.
    Url,
    /// A URN, `urn:iot:plant-4:line-8:sensor-2978`.
    Urn,
    /// An IRI with non-ASCII letters, `/événements/…` (only with
    /// [`Options::iri_sources`](crate::Options::iri_sources)).
    Iri,
}

/// How `id` is written.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdKind {
    /// A lowercase UUID v4.
    Uuid,
    /// Decimal digits, `4817263`.
    Integer,
    /// A ULID: 26 Crockford base32 characters.
    Ulid,
    /// 40 to 64 base64url characters (an opaque token).
    Base64Url,
}

/// Whether and how precisely `time` is written.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeKind {
    /// No `time` attribute.
    Absent,
    /// Whole seconds, no fraction.
    Seconds,
    /// 3 fraction digits.
    Millis,
    /// 6 fraction digits.
    Micros,
    /// 9 fraction digits.
    Nanos,
}

/// The UTC offset of `time`.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OffsetKind {
    /// `Z`.
    Utc,
    /// `+hh:mm`.
    Plus,
    /// `-hh:mm`.
    Minus,
}

/// The type of the extension attributes of an event.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExtensionType {
    /// JSON strings.
    String,
    /// JSON integers (within `i32`).
    Integer,
    /// `true` / `false`.
    Boolean,
}

/// What the event carries as data.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataKind {
    /// A JSON object (`application/json` or a `+json` type, or no content type).
    Object,
    /// A JSON array.
    Array,
    /// A JSON string with a JSON content type.
    String,
    /// A JSON number.
    Number,
    /// `text/plain` text, as a JSON string.
    Text,
    /// `application/xml` text, as a JSON string.
    Xml,
    /// Bytes as `data_base64`.
    Base64,
    /// No data.
    Absent,
}

/// Which characters of strings the producer's JSON encoder escapes (keys are
/// plain ASCII names and never need it).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Escaping {
    /// Only what JSON requires: `"`, `\` and control characters
    /// (serde_json, Jackson, `JSON.stringify`).
    Minimal,
    /// Also every non-ASCII character as `\uXXXX` (Python's `json.dumps`).
    AsciiOnly,
    /// Also `/` as `\/` and non-ASCII as `\uXXXX` (PHP's `json_encode`).
    Slashes,
    /// Also `<`, `>`, `&` as `\u003c`, `\u003e`, `\u0026` (Go's `encoding/json`).
    Html,
}

/// Whitespace between JSON tokens.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Spacing {
    /// No whitespace.
    Compact,
    /// `", "` and `": "` (Python's `json.dumps` default).
    Spaced,
}

/// The order of the event's members.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Order {
    /// `specversion`, `id`, `source`, `type`, … extensions, `data` last.
    Canonical,
    /// Sorted by name (`sort_keys=True`): `data` comes before `id`, and
    /// `specversion` late.
    Sorted,
}

/// The shape of one event: one variant per dimension.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// The size class and vocabulary (never [`Profile::Mixed`]).
    pub class: Profile,
    /// How `source` is written.
    pub source: SourceKind,
    /// How `id` is written.
    pub id: IdKind,
    /// How `time` is written.
    pub time: TimeKind,
    /// The offset of `time`.
    pub offset: OffsetKind,
    /// How many extension attributes (0 to 12).
    pub extensions: u8,
    /// When every extension has one type; `None`: each draws its own.
    pub extension_type: Option<ExtensionType>,
    /// What the data is.
    pub data: DataKind,
    /// The JSON encoder's escaping.
    pub escaping: Escaping,
    /// The JSON encoder's whitespace.
    pub spacing: Spacing,
    /// The member order.
    pub order: Order,
}

/// Fixes one dimension of every event of a corpus.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pin {
    /// Every `source` of this kind.
    Source(SourceKind),
    /// Every `id` of this kind.
    Id(IdKind),
    /// Every `time` of this kind.
    Time(TimeKind),
    /// Every `time` offset of this kind (a `time` is then always present).
    Offset(OffsetKind),
    /// Exactly this many extensions (at most 12).
    Extensions(u8),
    /// Every extension of this type.
    ExtensionType(ExtensionType),
    /// Every data of this kind.
    Data(DataKind),
    /// Every string escaped this way.
    Escaping(Escaping),
    /// This whitespace everywhere.
    Spacing(Spacing),
    /// This member order.
    Order(Order),
}

impl Pin {
    /// The dimension this pin fixes: `source`, `id`, `time`, `offset`,
    /// `ext-count`, `ext-type`, `data`, `escaping`, `spacing` or `order`.
    pub fn dimension(&self) -> &'static str {
        match self {
            Pin::Source(_) => "source",
            Pin::Id(_) => "id",
            Pin::Time(_) => "time",
            Pin::Offset(_) => "offset",
            Pin::Extensions(_) => "ext-count",
            Pin::ExtensionType(_) => "ext-type",
            Pin::Data(_) => "data",
            Pin::Escaping(_) => "escaping",
            Pin::Spacing(_) => "spacing",
            Pin::Order(_) => "order",
        }
    }
}

impl fmt::Display for Pin {
    /// The variant's name, as used in benchmark ids (`urn`, `nanos`, `12`, …).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Pin::Source(SourceKind::Path) => "path",
            Pin::Source(SourceKind::Url) => "url",
            Pin::Source(SourceKind::Urn) => "urn",
            Pin::Source(SourceKind::Iri) => "iri",
            Pin::Id(IdKind::Uuid) => "uuid",
            Pin::Id(IdKind::Integer) => "integer",
            Pin::Id(IdKind::Ulid) => "ulid",
            Pin::Id(IdKind::Base64Url) => "base64url",
            Pin::Time(TimeKind::Absent) => "absent",
            Pin::Time(TimeKind::Seconds) => "seconds",
            Pin::Time(TimeKind::Millis) => "millis",
            Pin::Time(TimeKind::Micros) => "micros",
            Pin::Time(TimeKind::Nanos) => "nanos",
            Pin::Offset(OffsetKind::Utc) => "z",
            Pin::Offset(OffsetKind::Plus) => "plus",
            Pin::Offset(OffsetKind::Minus) => "minus",
            Pin::Extensions(n) => return write!(f, "{n}"),
            Pin::ExtensionType(ExtensionType::String) => "string",
            Pin::ExtensionType(ExtensionType::Integer) => "integer",
            Pin::ExtensionType(ExtensionType::Boolean) => "boolean",
            Pin::Data(DataKind::Object) => "object",
            Pin::Data(DataKind::Array) => "array",
            Pin::Data(DataKind::String) => "string",
            Pin::Data(DataKind::Number) => "number",
            Pin::Data(DataKind::Text) => "text",
            Pin::Data(DataKind::Xml) => "xml",
            Pin::Data(DataKind::Base64) => "base64",
            Pin::Data(DataKind::Absent) => "absent",
            Pin::Escaping(Escaping::Minimal) => "minimal",
            Pin::Escaping(Escaping::AsciiOnly) => "ascii-only",
            Pin::Escaping(Escaping::Slashes) => "slashes",
            Pin::Escaping(Escaping::Html) => "html",
            Pin::Spacing(Spacing::Compact) => "compact",
            Pin::Spacing(Spacing::Spaced) => "spaced",
            Pin::Order(Order::Canonical) => "canonical",
            Pin::Order(Order::Sorted) => "sorted",
        };
        f.write_str(name)
    }
}

/// One variant of one dimension, for the shape-variance benchmark: the pins
/// that make every event of a corpus show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// The dimension (see [`Pin::dimension`]).
    pub dimension: &'static str,
    /// The variant's name (see [`Pin`]'s `Display`).
    pub name: String,
    /// The pins to pass to [`Options::pin`](crate::Options::pin).
    pub pins: Vec<Pin>,
}

/// Every variant of every dimension, in a stable order; IRI sources only
/// when `iri_sources` is on.
pub fn variants(iri_sources: bool) -> Vec<Variant> {
    let mut pins: Vec<Vec<Pin>> = Vec::new();
    let mut sources = vec![SourceKind::Path, SourceKind::Url, SourceKind::Urn];
    if iri_sources {
        sources.push(SourceKind::Iri);
    }
    pins.extend(sources.into_iter().map(|k| vec![Pin::Source(k)]));
    pins.extend(
        [
            IdKind::Uuid,
            IdKind::Integer,
            IdKind::Ulid,
            IdKind::Base64Url,
        ]
        .map(|k| vec![Pin::Id(k)]),
    );
    pins.extend(
        [
            TimeKind::Absent,
            TimeKind::Seconds,
            TimeKind::Millis,
            TimeKind::Micros,
            TimeKind::Nanos,
        ]
        .map(|k| vec![Pin::Time(k)]),
    );
    pins.extend(
        [OffsetKind::Utc, OffsetKind::Plus, OffsetKind::Minus].map(|k| vec![Pin::Offset(k)]),
    );
    pins.extend([0u8, 2, 4, 8, 9, 12].map(|n| vec![Pin::Extensions(n)]));
    // The type comparison needs extensions to compare: six of them.
    pins.extend(
        [
            ExtensionType::String,
            ExtensionType::Integer,
            ExtensionType::Boolean,
        ]
        .map(|t| vec![Pin::ExtensionType(t), Pin::Extensions(6)]),
    );
    pins.extend(
        [
            DataKind::Object,
            DataKind::Array,
            DataKind::String,
            DataKind::Number,
            DataKind::Text,
            DataKind::Xml,
            DataKind::Base64,
            DataKind::Absent,
        ]
        .map(|k| vec![Pin::Data(k)]),
    );
    pins.extend(
        [
            Escaping::Minimal,
            Escaping::AsciiOnly,
            Escaping::Slashes,
            Escaping::Html,
        ]
        .map(|k| vec![Pin::Escaping(k)]),
    );
    pins.extend([Spacing::Compact, Spacing::Spaced].map(|k| vec![Pin::Spacing(k)]));
    pins.extend([Order::Canonical, Order::Sorted].map(|k| vec![Pin::Order(k)]));
    pins.into_iter()
        .map(|pins| Variant {
            dimension: pins[0].dimension(),
            name: pins[0].to_string(),
            pins,
        })
        .collect()
}

// Stream names of the dimension draws (any distinct constants).
const S_SOURCE: u64 = 1;
const S_ID: u64 = 2;
const S_TIME: u64 = 3;
const S_OFFSET: u64 = 4;
const S_EXT_COUNT: u64 = 5;
const S_DATA: u64 = 6;
const S_ESCAPING: u64 = 7;
const S_SPACING: u64 = 8;
const S_ORDER: u64 = 9;

/// Draws the shape of one event of size class `class` from `rng` (which is
/// only forked, never advanced), then applies `pins`.
pub(crate) fn draw(
    class: Profile,
    rng: &Rng,
    iri_sources: bool,
    max_extensions: u8,
    pins: &[Pin],
) -> Shape {
    let mut sources = vec![
        (SourceKind::Path, 35),
        (SourceKind::Url, 35),
        (SourceKind::Urn, 30),
    ];
    if iri_sources {
        sources.push((SourceKind::Iri, 20));
    }
    let source = rng.fork(S_SOURCE).weighted(&sources);
    let id = rng.fork(S_ID).weighted(&[
        (IdKind::Uuid, 45),
        (IdKind::Integer, 15),
        (IdKind::Ulid, 20),
        (IdKind::Base64Url, 20),
    ]);
    let time = rng.fork(S_TIME).weighted(&[
        (TimeKind::Absent, 5),
        (TimeKind::Seconds, 20),
        (TimeKind::Millis, 35),
        (TimeKind::Micros, 25),
        (TimeKind::Nanos, 15),
    ]);
    let offset = rng.fork(S_OFFSET).weighted(&[
        (OffsetKind::Utc, 70),
        (OffsetKind::Plus, 15),
        (OffsetKind::Minus, 15),
    ]);
    // Most producers send a few extensions; some send many. Devices (the
    // small class) send fewer.
    let counts: &[(u8, u32)] = if class == Profile::Small {
        &[
            (0, 14),
            (1, 18),
            (2, 20),
            (3, 14),
            (4, 9),
            (5, 6),
            (6, 4),
            (7, 3),
            (8, 3),
            (9, 3),
            (10, 2),
            (11, 2),
            (12, 2),
        ]
    } else {
        &[
            (0, 10),
            (1, 10),
            (2, 15),
            (3, 15),
            (4, 12),
            (5, 8),
            (6, 7),
            (7, 5),
            (8, 5),
            (9, 4),
            (10, 3),
            (11, 3),
            (12, 3),
        ]
    };
    let extensions = rng.fork(S_EXT_COUNT).weighted(counts);
    let data = rng.fork(S_DATA).weighted(data_weights(class));
    let escaping = if class == Profile::Escaped {
        // The escape-dense profile: every event from an escaping encoder.
        rng.fork(S_ESCAPING).weighted(&[
            (Escaping::AsciiOnly, 35),
            (Escaping::Slashes, 35),
            (Escaping::Html, 30),
        ])
    } else {
        rng.fork(S_ESCAPING).weighted(&[
            (Escaping::Minimal, 55),
            (Escaping::AsciiOnly, 20),
            (Escaping::Slashes, 10),
            (Escaping::Html, 15),
        ])
    };
    let spacing = rng
        .fork(S_SPACING)
        .weighted(&[(Spacing::Compact, 80), (Spacing::Spaced, 20)]);
    let order = rng
        .fork(S_ORDER)
        .weighted(&[(Order::Canonical, 75), (Order::Sorted, 25)]);
    let mut shape = Shape {
        class,
        source,
        id,
        time,
        offset,
        extensions: extensions.min(max_extensions),
        extension_type: None,
        data,
        escaping,
        spacing,
        order,
    };
    for pin in pins {
        match *pin {
            Pin::Source(k) => shape.source = k,
            Pin::Id(k) => shape.id = k,
            Pin::Time(k) => shape.time = k,
            Pin::Offset(k) => {
                shape.offset = k;
                if shape.time == TimeKind::Absent {
                    shape.time = TimeKind::Millis;
                }
            }
            Pin::Extensions(n) => shape.extensions = n.min(12),
            Pin::ExtensionType(t) => shape.extension_type = Some(t),
            Pin::Data(k) => shape.data = k,
            Pin::Escaping(k) => shape.escaping = k,
            Pin::Spacing(k) => shape.spacing = k,
            Pin::Order(k) => shape.order = k,
        }
    }
    shape
}

/// Each class keeps its character (its dominant data kind) and still draws
/// every kind.
fn data_weights(class: Profile) -> &'static [(DataKind, u32)] {
    use DataKind::*;
    match class {
        Profile::Small => &[
            (Object, 45),
            (Array, 10),
            (String, 8),
            (Number, 8),
            (Text, 10),
            (Xml, 7),
            (Base64, 6),
            (Absent, 6),
        ],
        Profile::Medium => &[
            (Object, 55),
            (Array, 10),
            (String, 6),
            (Number, 2),
            (Text, 10),
            (Xml, 9),
            (Base64, 6),
            (Absent, 2),
        ],
        Profile::Large => &[
            (Object, 55),
            (Array, 15),
            (String, 5),
            (Number, 2),
            (Text, 12),
            (Xml, 5),
            (Base64, 4),
            (Absent, 2),
        ],
        Profile::Base64 => &[
            (Base64, 70),
            (Object, 8),
            (Array, 4),
            (String, 3),
            (Number, 2),
            (Text, 5),
            (Xml, 5),
            (Absent, 3),
        ],
        Profile::Escaped | Profile::Mixed => &[
            (Object, 40),
            (Array, 8),
            (String, 15),
            (Number, 3),
            (Text, 15),
            (Xml, 10),
            (Base64, 4),
            (Absent, 5),
        ],
    }
}
