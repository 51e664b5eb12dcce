//! Where an owned event's texts are: the positions ([`Span`]s) of every
//! attribute, extension and the data of an [`Event`], in one of two buffers
//! an [`EventBuf`](super::EventBuf) keeps:
//!
//! - the *kept* buffer: the message body the event was read from (its JSON
//!   in structured mode, its data in binary mode), kept as it is;
//! - the *block*: one buffer into which the texts that were elsewhere (the
//!   headers or properties of a binary-mode message) are copied, each once,
//!   in its wire encoding (a percent-encoded HTTP value stays
//!   percent-encoded: it was validated when read and is decoded on demand).
//!
//! [`Layout::place`] records the positions of a validated event and fills
//! the block; [`Layout::view`] hands the [`Event`] back from the positions
//! alone, without parsing or validating again and without allocating (for
//! up to [`INLINE_EXTENSIONS`] extensions).

use alloc::vec::Vec;

use smallvec::SmallVec;

use crate::binding::ContentMode;
use crate::error::{Error, ErrorKind};
use crate::event::{Data, Event, Extension, SpecVersion, Value};
use crate::extensions::{ExtensionList, INLINE_EXTENSIONS};
use crate::text::{Text, TextEncoding};

/// Where a text is, and how it is encoded.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: u32,
    len: u32,
    enc: TextEncoding,
    /// In the block (copied), else in the kept buffer.
    copied: bool,
}

#[derive(Debug, Clone, Copy)]
enum ValueSpan {
    String(Span),
    Integer(i32),
    Boolean(bool),
    Map(Span),
}

#[derive(Debug, Clone, Copy)]
enum DataSpan {
    Json(Span),
    Text(Span),
    Base64(Span),
    Binary(Span),
    /// A Protobuf `Any` (`proto_data`), whole: type URL and value.
    Protobuf(Span),
}

/// The positions of one event's texts, and the copied texts.
#[derive(Debug)]
pub(crate) struct Layout {
    mode: ContentMode,
    specversion: SpecVersion,
    id: Span,
    source: Span,
    ty: Span,
    datacontenttype: Option<Span>,
    dataschema: Option<Span>,
    subject: Option<Span>,
    time: Option<Span>,
    extensions: SmallVec<[(Span, ValueSpan); INLINE_EXTENSIONS]>,
    data: Option<DataSpan>,
    /// The texts that were not in the kept buffer, back to back.
    block: Vec<u8>,
}

/// Every raw text of `event`, in one fixed order (the order `place` takes
/// them in too).
fn for_each_raw<'a>(event: &Event<'a>, mut f: impl FnMut(&'a [u8])) {
    f(event.id.raw());
    f(event.source.raw());
    f(event.ty.raw());
    for t in [
        event.datacontenttype,
        event.dataschema,
        event.subject,
        event.time,
    ]
    .into_iter()
    .flatten()
    {
        f(t.raw());
    }
    for e in event.extensions() {
        f(e.name.raw());
        match e.value {
            Value::String(t) => f(t.raw()),
            Value::Map(m) => f(m.as_bytes()),
            Value::Integer(_) | Value::Boolean(_) => {}
        }
    }
    match &event.data {
        None => {}
        Some(Data::Json(s)) => f(s.as_bytes()),
        Some(Data::Text(t) | Data::Base64(t)) => f(t.raw()),
        Some(Data::Binary(b)) => f(b),
        Some(Data::Protobuf(any)) => f(any.raw()),
    }
}

/// The position of `part` inside `base`, when it is a slice of it.
fn offset_in(base: &[u8], part: &[u8]) -> Option<usize> {
    let start = (part.as_ptr() as usize).wrapping_sub(base.as_ptr() as usize);
    (start <= base.len() && part.len() <= base.len() - start).then_some(start)
}

#[cold]
fn too_large() -> Error {
    Error::new(ErrorKind::Limit, "event larger than 4 GiB")
}

/// Fills the block while `Layout::place` records positions.
struct Placer<'k> {
    kept: &'k [u8],
    block: Vec<u8>,
}

impl Placer<'_> {
    /// Both buffers are shorter than 4 GiB (checked by `place`), so the
    /// positions fit in `u32`.
    fn span(&mut self, raw: &[u8], enc: TextEncoding) -> Span {
        let (start, copied) = match offset_in(self.kept, raw) {
            Some(start) => (start, false),
            None => {
                let start = self.block.len();
                // Within the capacity reserved by `place`: no reallocation.
                self.block.extend_from_slice(raw);
                (start, true)
            }
        };
        Span {
            start: start as u32,
            len: raw.len() as u32,
            enc,
            copied,
        }
    }

    fn text(&mut self, t: Text<'_>) -> Span {
        self.span(t.raw(), t.encoding())
    }

    fn plain(&mut self, bytes: &[u8]) -> Span {
        self.span(bytes, TextEncoding::Plain)
    }
}

impl Layout {
    /// The positions of `event`'s texts: those inside `kept` as positions
    /// in it, the others copied into the block (one allocation, of the
    /// exact size, none when every text is in `kept`). `event` was
    /// validated when it was read: nothing is checked again.
    ///
    /// # Errors
    ///
    /// `Limit` when `kept`, or the texts outside it, are 4 GiB or more.
    pub(crate) fn place(
        event: &Event<'_>,
        kept: &[u8],
        mode: ContentMode,
    ) -> Result<Layout, Error> {
        let mut outside = 0usize;
        for_each_raw(event, |raw| {
            if offset_in(kept, raw).is_none() {
                outside = outside.saturating_add(raw.len());
            }
        });
        if u32::try_from(kept.len()).is_err() || u32::try_from(outside).is_err() {
            return Err(too_large());
        }
        let mut p = Placer {
            kept,
            block: Vec::with_capacity(outside),
        };
        let opt = |p: &mut Placer<'_>, t: Option<Text<'_>>| t.map(|t| p.text(t));
        let id = p.text(event.id);
        let source = p.text(event.source);
        let ty = p.text(event.ty);
        let datacontenttype = opt(&mut p, event.datacontenttype);
        let dataschema = opt(&mut p, event.dataschema);
        let subject = opt(&mut p, event.subject);
        let time = opt(&mut p, event.time);
        // One allocation at most, past INLINE_EXTENSIONS.
        let mut extensions = SmallVec::with_capacity(event.extensions().len());
        for e in event.extensions() {
            let name = p.text(e.name);
            let value = match e.value {
                Value::String(t) => ValueSpan::String(p.text(t)),
                Value::Integer(i) => ValueSpan::Integer(i),
                Value::Boolean(b) => ValueSpan::Boolean(b),
                Value::Map(m) => ValueSpan::Map(p.plain(m.as_bytes())),
            };
            extensions.push((name, value));
        }
        let data = event.data.as_ref().map(|d| match d {
            Data::Json(s) => DataSpan::Json(p.plain(s.as_bytes())),
            Data::Text(t) => DataSpan::Text(p.text(*t)),
            Data::Base64(t) => DataSpan::Base64(p.text(*t)),
            Data::Binary(b) => DataSpan::Binary(p.plain(b)),
            Data::Protobuf(any) => DataSpan::Protobuf(p.plain(any.raw())),
        });
        Ok(Layout {
            mode,
            specversion: event.specversion,
            id,
            source,
            ty,
            datacontenttype,
            dataschema,
            subject,
            time,
            extensions,
            data,
            block: p.block,
        })
    }

    /// The content mode the event came in.
    pub(crate) fn mode(&self) -> ContentMode {
        self.mode
    }

    /// The spec version.
    pub(crate) fn specversion(&self) -> SpecVersion {
        self.specversion
    }

    /// Bytes copied into the block.
    pub(crate) fn copied_len(&self) -> usize {
        self.block.len()
    }

    /// The event, from `kept` (the buffer given to [`place`](Self::place),
    /// or one with the same bytes) and the block.
    pub(crate) fn view<'b>(&'b self, kept: &'b [u8]) -> Event<'b> {
        let block: &[u8] = &self.block;
        let bytes = |s: Span| -> &'b [u8] {
            let buf = if s.copied { block } else { kept };
            // In range by construction; `get` keeps a mismatched `kept`
            // from panicking.
            buf.get(s.start as usize..s.start as usize + s.len as usize)
                .unwrap_or_default()
        };
        let t = |s: Span| Text::from_validated(bytes(s), s.enc);
        // Validated UTF-8 when read: the check cannot fail; it hands out a
        // `&str` without `unsafe` (a memory-speed scan, no parse).
        let utf8 =
            |s: Span, default: &'static str| core::str::from_utf8(bytes(s)).unwrap_or(default);
        let mut extensions = ExtensionList::new();
        for (name, value) in &self.extensions {
            let value = match *value {
                ValueSpan::String(s) => Value::String(t(s)),
                ValueSpan::Integer(i) => Value::Integer(i),
                ValueSpan::Boolean(v) => Value::Boolean(v),
                ValueSpan::Map(s) => Value::Map(utf8(s, "{}")),
            };
            // Cannot fail: the same extensions fit when the event was read.
            let _ = extensions.push(Extension::new(t(*name), value));
        }
        Event {
            specversion: self.specversion,
            id: t(self.id),
            source: t(self.source),
            ty: t(self.ty),
            datacontenttype: self.datacontenttype.map(t),
            dataschema: self.dataschema.map(t),
            subject: self.subject.map(t),
            time: self.time.map(t),
            extensions,
            data: self.data.map(|d| match d {
                DataSpan::Json(s) => Data::Json(utf8(s, "null")),
                DataSpan::Text(s) => Data::Text(t(s)),
                DataSpan::Base64(s) => Data::Base64(t(s)),
                DataSpan::Binary(s) => Data::Binary(bytes(s)),
                // Parsed when the event was read: cannot fail; degrade to its
                // raw bytes rather than panic.
                DataSpan::Protobuf(s) => crate::ProtoAny::parse(bytes(s))
                    .map_or_else(|_| Data::Binary(bytes(s)), Data::Protobuf),
            }),
        }
    }
}
