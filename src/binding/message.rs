//! What a binding reader returns ([`Message`]), how it reads
//! ([`ReadOptions`]), what a writer reports ([`Written`]), and the content
//! mode a content type selects ([`detect_mode`]).

use crate::error::{Error, ErrorKind};
use crate::event::Event;
use crate::json::BatchReader;
use crate::options::ParseOptions;
use crate::spec::media::{self, ContentMode};
use crate::text::Text;

/// How binding readers treat messages. Safe defaults: strict, JSON only.
///
/// ```
/// use cloudevents_codec::{binding::ReadOptions, ParseOptions};
/// let opts = ReadOptions::new()
///     .with_parse(ParseOptions::new().with_max_extensions(16))
///     .with_unknown_formats_as_binary(true);
/// assert!(opts.unknown_formats_as_binary());
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReadOptions {
    pub(crate) parse: ParseOptions,
    pub(crate) unknown_formats_as_binary: bool,
    pub(crate) sniff_structured: bool,
}

impl ReadOptions {
    /// The defaults: default [`ParseOptions`], `UnsupportedFormat` for
    /// CloudEvents formats other than JSON, no sniffing.
    pub const fn new() -> Self {
        ReadOptions {
            parse: ParseOptions::new(),
            unknown_formats_as_binary: false,
            sniff_structured: false,
        }
    }

    /// Sets the limits and strictness applied to attribute values and
    /// event bodies.
    #[must_use]
    pub const fn with_parse(mut self, options: ParseOptions) -> Self {
        self.parse = options;
        self
    }

    /// Read a CloudEvents media type of a format this crate does not decode
    /// (`application/cloudevents+avro`) as a binary-mode message whose data
    /// is the body, instead of failing with `UnsupportedFormat` (HTTP-4,
    /// KAFKA-2, E-59). Off by default.
    #[must_use]
    pub const fn with_unknown_formats_as_binary(mut self, on: bool) -> Self {
        self.unknown_formats_as_binary = on;
        self
    }

    /// Kafka only (KAFKA-9): read a record with no `content-type` and no
    /// `ce_specversion` header whose value starts with `{` as a structured
    /// event. Off by default.
    #[must_use]
    pub const fn with_sniff_structured(mut self, on: bool) -> Self {
        self.sniff_structured = on;
        self
    }

    /// The parse options.
    pub const fn parse(&self) -> &ParseOptions {
        &self.parse
    }

    /// True when unknown CloudEvents formats are read as binary mode.
    pub const fn unknown_formats_as_binary(&self) -> bool {
        self.unknown_formats_as_binary
    }

    /// True when Kafka records without a content type may be sniffed.
    pub const fn sniff_structured(&self) -> bool {
        self.sniff_structured
    }
}

/// A message read by a binding: one event, or a batch.
#[non_exhaustive]
pub enum Message<'a> {
    /// A binary-mode event: attributes from the headers, data from the body.
    Binary(Event<'a>),
    /// A structured-mode event parsed from the body.
    Structured(Event<'a>),
    /// A batch of events (HTTP only), read lazily from the body.
    Batch(BatchReader<'a>),
}

impl core::fmt::Debug for Message<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Message::Binary(e) => f.debug_tuple("Binary").field(e).finish(),
            Message::Structured(e) => f.debug_tuple("Structured").field(e).finish(),
            Message::Batch(b) => f
                .debug_struct("Batch")
                .field("next_index", &b.index())
                .finish_non_exhaustive(),
        }
    }
}

impl<'a> Message<'a> {
    /// The content mode the message was read in.
    pub fn mode(&self) -> ContentMode {
        match self {
            Message::Binary(_) => ContentMode::Binary,
            Message::Structured(_) => ContentMode::Structured,
            Message::Batch(_) => ContentMode::Batch,
        }
    }

    /// The event of a binary or structured message; `None` for a batch.
    pub fn into_event(self) -> Option<Event<'a>> {
        match self {
            Message::Binary(e) | Message::Structured(e) => Some(e),
            Message::Batch(_) => None,
        }
    }
}

/// What a binding writer wrote, the same for every binding.
///
/// - `content_type`: the message's content type. Bindings with a
///   content-type header (HTTP, Kafka) also wrote it into the headers;
///   MQTT's `Content Type` and AMQP's `content-type` are message properties
///   outside the user/application properties, which the caller sets from
///   this field. In binary mode it is the event's `datacontenttype`, or
///   `application/json` for JSON data without one (CORE-13); in structured
///   mode the event format's media type.
/// - `has_body`: whether a body was written. `false` for a binary-mode
///   event without data: Kafka sends a null value then (a tombstone,
///   KAFKA-5), the other bindings an empty body.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written<'e> {
    /// The content type of the message.
    pub content_type: Option<Text<'e>>,
    /// True when the message has a body (data, or a structured event).
    pub has_body: bool,
}

impl Written<'static> {
    /// A structured-mode message in the JSON format.
    pub(crate) const fn structured(content_type: &'static str) -> Self {
        Written {
            content_type: Some(Text::plain(content_type)),
            has_body: true,
        }
    }
}

/// The content mode a `Content-Type` selects (HTTP-3, HTTP-4): batch for
/// `application/cloudevents-batch+json`, structured for
/// `application/cloudevents+json` (any case, parameters ignored), binary for
/// anything else or no content type.
///
/// # Errors
///
/// `UnsupportedFormat` for a CloudEvents media type of another format
/// (`application/cloudevents+avro`, E-59), unless
/// [`ReadOptions::with_unknown_formats_as_binary`] is on (then `Binary`).
///
/// ```
/// use cloudevents_codec::binding::{detect_mode, ContentMode, ReadOptions};
/// let o = ReadOptions::new();
/// assert_eq!(detect_mode(Some(b"APPLICATION/CloudEvents+JSON; charset=utf-8"), &o)?, ContentMode::Structured);
/// assert_eq!(detect_mode(Some(b"application/cloudevents-batch+json"), &o)?, ContentMode::Batch);
/// assert_eq!(detect_mode(Some(b"text/plain"), &o)?, ContentMode::Binary);
/// assert!(detect_mode(Some(b"application/cloudevents+avro"), &o).is_err());
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
pub fn detect_mode(
    content_type: Option<&[u8]>,
    options: &ReadOptions,
) -> Result<ContentMode, Error> {
    let Some(ct) = content_type else {
        return Ok(ContentMode::Binary);
    };
    match media::event_format(ct) {
        None => Ok(ContentMode::Binary),
        Some(format) if format.eq_ignore_ascii_case(b"json") => Ok(media::content_mode(ct)),
        Some(_) if options.unknown_formats_as_binary => Ok(ContentMode::Binary),
        Some(_) => Err(unsupported_format()),
    }
}

/// True when `content_type` is a CloudEvents media type (structured or
/// batch, any format).
pub(crate) fn is_cloudevents_media_type(content_type: &[u8]) -> bool {
    media::content_mode(content_type) != ContentMode::Binary
}

#[cold]
pub(crate) fn unsupported_format() -> Error {
    Error::new(
        ErrorKind::UnsupportedFormat,
        "only the JSON event format (application/cloudevents+json) is supported",
    )
}

#[cold]
pub(crate) fn not_cloud_event() -> Error {
    Error::new(
        ErrorKind::NotCloudEvent,
        "no CloudEvents content type and no specversion attribute header",
    )
}
