//! Avro object container files (Avro specification, "Object Container
//! Files"): many events in one file that carries its schema.
//!
//! A file is the magic `Obj\x01`, a metadata map (`avro.schema`: the
//! writer's schema as JSON; `avro.codec`: `null`), a 16-byte sync marker,
//! then blocks: an event count, the block's size in bytes, the events'
//! records one after another, and the sync marker again.

use alloc::vec::Vec;

use super::codec::{put_bytes, put_long};
#[cfg(feature = "std")]
use super::codec::{syntax, Cursor};
use super::json::put_str;
use super::write::write_event;
use super::SCHEMA;
#[cfg(feature = "std")]
use crate::error::{Error, ErrorKind};
use crate::event::Event;
use crate::sink::Sink;

/// The four bytes every container file starts with.
pub const MAGIC: [u8; 4] = *b"Obj\x01";

/// The block size the writer aims at (64 KiB, as Avro's own writers).
const DEFAULT_BLOCK: usize = 64 << 10;

/// Writes an Avro object container file of events, one block at a time,
/// into any [`Sink`]: the header with [`SCHEMA`] (codec `null`), then
/// blocks of about 64 KiB. The block being filled is kept in a buffer the
/// writer reuses, so a warm writer allocates nothing.
///
/// ```
/// use cloudevents_codec::{avro, EventBuilder};
/// let e = EventBuilder::new("1", "/s", "t").build()?;
/// let mut file = Vec::new();
/// let mut w = avro::ContainerWriter::new([7; 16]);
/// w.push(&e, &mut file);
/// w.push(&e, &mut file);
/// w.finish(&mut file);
/// assert!(file.starts_with(b"Obj\x01"));
///
/// let mut r = avro::ContainerReader::new(&file[..])?;
/// let mut scratch = avro::AvroScratch::new();
/// let mut n = 0;
/// while let Some(event) = r.next_event(&mut scratch)? {
///     assert_eq!(event, e);
///     n += 1;
/// }
/// assert_eq!(n, 2);
/// # Ok::<(), cloudevents_codec::Error>(())
/// ```
#[derive(Debug)]
pub struct ContainerWriter {
    sync: [u8; 16],
    block: Vec<u8>,
    count: usize,
    block_size: usize,
    header_written: bool,
}

impl ContainerWriter {
    /// A writer whose blocks end with `sync` (Avro asks for a random
    /// marker; a fixed one gives reproducible files).
    pub fn new(sync: [u8; 16]) -> Self {
        ContainerWriter {
            sync,
            block: Vec::new(),
            count: 0,
            block_size: DEFAULT_BLOCK,
            header_written: false,
        }
    }

    /// A writer with a random sync marker (from the standard library's
    /// randomly keyed hasher).
    #[cfg(feature = "std")]
    pub fn with_random_sync() -> Self {
        use std::hash::{BuildHasher, Hasher};
        let state = std::collections::hash_map::RandomState::new();
        let mut sync = [0u8; 16];
        for (i, half) in sync.chunks_mut(8).enumerate() {
            let mut h = state.build_hasher();
            h.write_usize(i);
            half.copy_from_slice(&h.finish().to_le_bytes());
        }
        Self::new(sync)
    }

    /// Sets the size in bytes at which a block is written out.
    #[must_use]
    pub fn with_block_size(mut self, bytes: usize) -> Self {
        self.block_size = bytes.max(1);
        self
    }

    /// The sync marker.
    pub fn sync_marker(&self) -> [u8; 16] {
        self.sync
    }

    /// Writes the header, unless it was written already (the first
    /// [`push`](Self::push) and [`finish`](Self::finish) do it too).
    pub fn write_header<S: Sink + ?Sized>(&mut self, out: &mut S) {
        if self.header_written {
            return;
        }
        self.header_written = true;
        out.put(&MAGIC);
        put_long(2, out);
        put_str("avro.schema", out);
        put_str(SCHEMA, out);
        put_str("avro.codec", out);
        put_str("null", out);
        put_long(0, out);
        out.put(&self.sync);
    }

    /// Adds one event; writes a block into `out` once the pending one is
    /// large enough.
    pub fn push<S: Sink + ?Sized>(&mut self, event: &Event<'_>, out: &mut S) {
        self.write_header(out);
        write_event(event, &mut self.block);
        self.count += 1;
        if self.block.len() >= self.block_size {
            self.flush(out);
        }
    }

    /// Writes the pending events as a block (nothing when there are none).
    pub fn flush<S: Sink + ?Sized>(&mut self, out: &mut S) {
        self.write_header(out);
        if self.count == 0 {
            return;
        }
        put_long(self.count as i64, out);
        put_bytes(&self.block, out);
        out.put(&self.sync);
        self.block.clear();
        self.count = 0;
    }

    /// Writes what is pending; the file is complete.
    pub fn finish<S: Sink + ?Sized>(mut self, out: &mut S) {
        self.flush(out);
    }
}

/// The parts of a container file header this crate uses.
#[cfg(feature = "std")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    pub(crate) schema: Vec<u8>,
    pub(crate) sync: [u8; 16],
}

/// Parses a header from the start of `input`; returns it and its length,
/// or `None` when `input` ends before the header does.
///
/// # Errors
///
/// `Syntax` for a file that is not an Avro container (magic, metadata,
/// no schema); `UnsupportedFormat` for a codec other than `null` or a
/// schema that is not the CloudEvents record (it must be JSON naming the
/// fields `attribute` and `data`; AVRO-3).
#[cfg(feature = "std")]
pub(crate) fn parse_header(input: &[u8]) -> Result<Option<(Header, usize)>, Error> {
    if input.len() < 4 {
        return if MAGIC.starts_with(input) {
            Ok(None)
        } else {
            Err(syntax("not an Avro object container file", 0))
        };
    }
    if input[..4] != MAGIC {
        return Err(syntax("not an Avro object container file", 0));
    }
    let mut cur = Cursor::new(input, 4);
    let mut schema = None;
    let mut codec_ok = true;
    // A header cut off reads as "need more bytes".
    let incomplete = |e: &Error| super::codec::is_truncation(e);
    loop {
        let n = match cur.block() {
            Ok(n) => n,
            Err(e) if incomplete(&e) => return Ok(None),
            Err(e) => return Err(e),
        };
        if n == 0 {
            break;
        }
        for _ in 0..n {
            let entry = match cur.string() {
                Ok((key, _)) => cur.bytes().map(|(value, _)| (key, value)),
                Err(e) => Err(e),
            };
            let (key, value) = match entry {
                Ok(kv) => kv,
                Err(e) if incomplete(&e) => return Ok(None),
                Err(e) => return Err(e),
            };
            match key {
                "avro.schema" => schema = Some(value),
                "avro.codec" => codec_ok = value == b"null",
                _ => {}
            }
        }
    }
    let Some(sync) = input.get(cur.pos..cur.pos + 16) else {
        return Ok(None);
    };
    let Some(schema) = schema else {
        return Err(syntax("container file without avro.schema", 4));
    };
    if !codec_ok {
        return Err(Error::new(
            ErrorKind::UnsupportedFormat,
            "only the null codec is supported",
        ));
    }
    if !is_cloudevents_schema(schema) {
        return Err(Error::new(
            ErrorKind::UnsupportedFormat,
            "the file's schema is not the CloudEvents Avro record",
        ));
    }
    let mut marker = [0u8; 16];
    marker.copy_from_slice(sync);
    Ok(Some((
        Header {
            schema: schema.to_vec(),
            sync: marker,
        },
        cur.pos + 16,
    )))
}

/// A light check of a writer's schema: JSON that names the record's two
/// fields. Schema resolution is not implemented: the binary layout is
/// taken to be the spec's (AVRO-3).
#[cfg(feature = "std")]
fn is_cloudevents_schema(schema: &[u8]) -> bool {
    use crate::json::tokens::{Token, Tokens};
    if !crate::json::write::is_json_value(schema) {
        return false;
    }
    let (mut attribute, mut data) = (false, false);
    for t in Tokens::new(schema) {
        if let Token::Str(s) = t {
            attribute |= s.eq_str("attribute");
            data |= s.eq_str("data");
        }
    }
    attribute && data
}

#[cfg(feature = "std")]
pub use self::reader::ContainerReader;

#[cfg(feature = "std")]
mod reader {
    use super::*;
    use crate::avro::read::{read_datum, AvroScratch};
    use crate::options::ParseOptions;
    use std::io::Read;

    /// Reads the events of an Avro object container file from any
    /// [`std::io::Read`], one block in memory at a time. Feature `std`.
    ///
    /// Each event borrows the current block and an [`AvroScratch`]; call
    /// [`next_event`](Self::next_event) until it returns `None`. Error
    /// offsets are absolute in the file.
    #[derive(Debug)]
    pub struct ContainerReader<R> {
        reader: R,
        header: Header,
        options: ParseOptions,
        max_block: usize,
        /// Bytes read and not yet dropped: the current block, and what
        /// was read ahead.
        buf: Vec<u8>,
        /// The file offset of `buf[0]`.
        buf_at: usize,
        /// The next unread byte in `buf`.
        pos: usize,
        /// The end of the current block's records in `buf`.
        end: usize,
        /// Events left in the current block.
        left: u64,
        done: bool,
    }

    fn io(_: std::io::Error) -> Error {
        Error::new(ErrorKind::Io, "reading the container file failed")
    }

    impl<R: Read> ContainerReader<R> {
        /// Reads the header with the default options.
        ///
        /// # Errors
        ///
        /// `Syntax` for a file that is not an Avro container or ends inside
        /// its header; `UnsupportedFormat` for a codec other than `null` or
        /// a schema that is not the CloudEvents record; `Io`.
        pub fn new(reader: R) -> Result<Self, Error> {
            Self::with_options(reader, ParseOptions::new())
        }

        /// Reads the header; `options` apply to each event, and a block may
        /// hold up to 64 times `options.max_size()` bytes.
        ///
        /// # Errors
        ///
        /// As [`new`](Self::new).
        pub fn with_options(mut reader: R, options: ParseOptions) -> Result<Self, Error> {
            let mut buf = Vec::with_capacity(1024);
            let mut chunk = [0u8; 512];
            // Grow the buffer until the header parses; keep what follows.
            let (header, len) = loop {
                if let Some(found) = parse_header(&buf)? {
                    break found;
                }
                if buf.len() > options.max_size {
                    return Err(Error::new(ErrorKind::Limit, "container header too large"));
                }
                let n = reader.read(&mut chunk).map_err(io)?;
                if n == 0 {
                    return Err(syntax("the file ends inside its header", buf.len()));
                }
                buf.extend_from_slice(&chunk[..n]);
            };
            Ok(ContainerReader {
                reader,
                header,
                options,
                max_block: options.max_size.saturating_mul(64),
                buf,
                buf_at: 0,
                pos: len,
                end: len,
                left: 0,
                done: false,
            })
        }

        /// The writer's schema, as JSON text.
        pub fn schema(&self) -> &[u8] {
            &self.header.schema
        }

        /// Reads until `buf` holds `want` bytes; false at the end of the
        /// file before that.
        fn fill(&mut self, want: usize) -> Result<bool, Error> {
            while self.buf.len() < want {
                let have = self.buf.len();
                // Grow with what arrives, not with what a block header
                // claims: a short file cannot make the reader allocate a
                // large block.
                self.buf
                    .resize(want.min(have + (64 << 10)).max(have + 512), 0);
                let n = self.reader.read(&mut self.buf[have..]).map_err(io)?;
                self.buf.truncate(have + n);
                if n == 0 {
                    return Ok(false);
                }
            }
            Ok(true)
        }

        /// Loads the next block; false at the end of the file.
        fn next_block(&mut self) -> Result<bool, Error> {
            self.buf.drain(..self.pos);
            self.buf_at += self.pos;
            self.pos = 0;
            // The event count and the byte size: two longs.
            let mut head = None;
            for want in 1..=20 {
                if !self.fill(want)? {
                    if self.buf.is_empty() {
                        return Ok(false);
                    }
                    break;
                }
                let mut cur = Cursor::new(&self.buf, 0);
                if let (Ok(count), Ok(size)) = (cur.long(), cur.long()) {
                    head = Some((count, size, cur.pos));
                    break;
                }
            }
            let at = self.buf_at;
            let Some((count, size, start)) = head else {
                return Err(syntax("malformed or truncated block header", at));
            };
            let (Ok(count), Ok(size)) = (u64::try_from(count), usize::try_from(size)) else {
                return Err(syntax("negative block count or size", at));
            };
            if size > self.max_block {
                return Err(Error::new(ErrorKind::Limit, "block larger than the limit").at(at));
            }
            let end = start + size;
            if !self.fill(end + 16)? {
                return Err(syntax("the file ends inside a block", at));
            }
            if self.buf[end..end + 16] != self.header.sync {
                return Err(syntax("sync marker does not match the header's", at + end));
            }
            if count == 0 && size != 0 {
                return Err(syntax("block holds more bytes than its events", at));
            }
            self.pos = if count == 0 { end + 16 } else { start };
            self.end = end;
            self.left = count;
            Ok(true)
        }

        /// The next event, or `None` after the last.
        ///
        /// # Errors
        ///
        /// Malformed events as [`read_event`](super::super::read_event),
        /// with offsets in the file; `Syntax` for a malformed block, a
        /// block whose events do not fill it exactly or whose sync marker
        /// differs; `Limit`; `Io`. Iteration ends after an error.
        pub fn next_event<'s>(
            &'s mut self,
            scratch: &'s mut AvroScratch,
        ) -> Result<Option<Event<'s>>, Error> {
            if self.done {
                return Ok(None);
            }
            while self.left == 0 {
                match self.next_block() {
                    Ok(true) => {}
                    Ok(false) => {
                        self.done = true;
                        return Ok(None);
                    }
                    Err(e) => {
                        self.done = true;
                        return Err(e);
                    }
                }
            }
            self.left -= 1;
            let (start, end, at) = (self.pos, self.end, self.buf_at);
            let records = &self.buf[..end];
            match read_datum(records, start, scratch, &self.options) {
                Ok((event, stop)) => {
                    let fail = if stop - start > self.options.max_size {
                        Some(
                            Error::new(ErrorKind::Limit, "event larger than the size limit")
                                .at(at + start),
                        )
                    } else if self.left == 0 && stop != end {
                        Some(syntax("block holds more bytes than its events", at + stop))
                    } else {
                        None
                    };
                    if let Some(e) = fail {
                        self.done = true;
                        return Err(e);
                    }
                    // After the last event: past the sync marker.
                    self.pos = if self.left == 0 { end + 16 } else { stop };
                    Ok(Some(event))
                }
                Err(e) => {
                    self.done = true;
                    Err(e.shifted(at))
                }
            }
        }
    }
}
