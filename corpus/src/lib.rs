//! A deterministic corpus generator: realistic, valid CloudEvents for
//! benchmarks, tests and the `ce gen` command.
//!
//! Every event is a function of `(profile, seed, index)` (and the
//! [`Options`]) only, so a corpus can be rebuilt anywhere from its numbers.
//! A SplitMix64 stream seeded per event drives the choices.
//!
//! A profile fixes a size class and a vocabulary (its producers' character);
//! inside every profile each event draws its **shape** from what real
//! producers send ([`Shape`]): `source` as a path, an `https://` URL with a
//! query, a URN (or, with [`Options::iri_sources`], an IRI); `time` with 0, 3,
//! 6 or 9 fraction digits, `Z` or a numeric offset, or none; `id` as a UUID,
//! digits, a ULID or a long base64url token; 0 to 12 extensions of every
//! type with names of 1 to 20 characters; data as a JSON object, array,
//! string or number, `text/plain`, XML, `data_base64` or none; strings
//! escaped as serde_json, Python, PHP or Go escape them; compact or spaced
//! JSON; canonical or sorted member order.
//!
//! | profile   | about      | vocabulary (and dominant data kind)                      |
//! |-----------|------------|----------------------------------------------------------|
//! | `small`   | 390 bytes  | IoT telemetry (a small readings object)                  |
//! | `medium`  | 1.4 KB     | shop webhooks (an order with items)                      |
//! | `large`   | 16.5 KB    | metrics batches (an array of samples)                    |
//! | `base64`  | 1.65 KB    | camera frames (`data_base64` of about 1 KB)              |
//! | `escaped` | 640 bytes  | messaging, written by escaping encoders only             |
//! | `mixed`   | 1.4 KB     | each event of one of the above, drawn per event          |
//!
//! ```
//! use cloudevents_codec_corpus::{self as corpus, Generator, Profile};
//!
//! let mut g = Generator::new(Profile::Small, 42);
//! let mut out = Vec::new();
//! g.write_event(&mut out);
//! assert!(out.starts_with(b"{\"") && out.ends_with(b"}"));
//!
//! // The same (profile, seed) always gives the same corpus.
//! assert_eq!(corpus::ndjson(Profile::Mixed, 3, 7), corpus::ndjson(Profile::Mixed, 3, 7));
//! ```

#![deny(missing_docs)]

use core::fmt;
use core::str::FromStr;

mod attrs;
mod base64;
mod data;
mod json;
mod model;
mod rng;
mod shape;
#[cfg(test)]
mod tests;

pub use shape::{
    variants, DataKind, Escaping, ExtensionType, IdKind, OffsetKind, Order, Pin, Shape, SourceKind,
    Spacing, TimeKind, Variant,
};

use model::Model;
use rng::Rng;

/// Whether events draw IRI sources (non-ASCII `source`, `/événements/…`)
/// unless told otherwise.
///
/// On: the library accepts RFC 3987 IRI-references in `source` by default
/// (TYPE-7a), so every profile, `mixed` included, draws them.
/// [`Options::iri_sources`] turns them off for a consumer that wants strict
/// RFC 3986 URIs only.
pub const IRI_SOURCES: bool = true;

/// The kind of events a [`Generator`] produces.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Profile {
    /// IoT telemetry, about 390 bytes.
    Small,
    /// Shop webhooks, about 1.4 KB.
    Medium,
    /// Metrics batches, about 16.5 KB.
    Large,
    /// Camera frames, mostly `data_base64` of about 1 KB, about 1.65 KB.
    Base64,
    /// Messaging events from encoders that escape `/`, non-ASCII or HTML
    /// characters, about 640 bytes.
    Escaped,
    /// Each event of one of the other profiles (sizes too), drawn per event.
    Mixed,
}

impl Profile {
    /// Every profile, in documentation order.
    pub const ALL: [Profile; 6] = [
        Profile::Small,
        Profile::Medium,
        Profile::Large,
        Profile::Base64,
        Profile::Escaped,
        Profile::Mixed,
    ];

    /// The profile's name as accepted by [`FromStr`].
    pub const fn as_str(self) -> &'static str {
        match self {
            Profile::Small => "small",
            Profile::Medium => "medium",
            Profile::Large => "large",
            Profile::Base64 => "base64",
            Profile::Escaped => "escaped",
            Profile::Mixed => "mixed",
        }
    }

    /// A per-profile constant mixed into every event's seed, so that two
    /// profiles with the same seed do not share random choices.
    const fn salt(self) -> u64 {
        match self {
            Profile::Small => 0x736d_616c_6c00_0001,
            Profile::Medium => 0x6d65_6469_756d_0002,
            Profile::Large => 0x6c61_7267_6500_0003,
            Profile::Base64 => 0x6236_3400_0000_0004,
            Profile::Escaped => 0x6573_6361_7065_0005,
            Profile::Mixed => 0x6d69_7865_6400_0006,
        }
    }

    /// The size in bytes the data of an event of this class tops up to
    /// (attributes beyond it make the event larger; see [`Profile::mean_size`]).
    const fn target_size(self) -> usize {
        match self {
            Profile::Small => 300,
            Profile::Medium => 1400,
            Profile::Large => 17_000,
            Profile::Base64 => 1650,
            Profile::Escaped => 590,
            Profile::Mixed => 1700,
        }
    }
}

impl Profile {
    /// About the mean size in bytes of this profile's events in structured
    /// mode (checked to within 15% by the tests).
    pub const fn mean_size(self) -> usize {
        match self {
            Profile::Small => 390,
            Profile::Medium => 1400,
            Profile::Large => 16_500,
            Profile::Base64 => 1650,
            Profile::Escaped => 640,
            Profile::Mixed => 1400,
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing an unknown [`Profile`] name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseProfileError(());

impl fmt::Display for ParseProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown profile: expected small, medium, large, base64, escaped or mixed")
    }
}

impl std::error::Error for ParseProfileError {}

impl FromStr for Profile {
    type Err = ParseProfileError;

    fn from_str(s: &str) -> Result<Profile, ParseProfileError> {
        Profile::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or(ParseProfileError(()))
    }
}

/// What a [`Generator`] may draw, beyond its profile.
///
/// ```
/// use cloudevents_codec_corpus::{Generator, Options, Pin, Profile, SourceKind};
///
/// // Every event with a URN source, about 500 bytes each.
/// let options = Options::new().pin(Pin::Source(SourceKind::Urn)).target_size(500);
/// let mut out = Vec::new();
/// Generator::with_options(Profile::Small, 1, options).write_event(&mut out);
/// assert!(String::from_utf8(out).unwrap().contains("\"urn:"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    iri_sources: bool,
    max_extensions: u8,
    target_size: Option<usize>,
    pins: Vec<Pin>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            iri_sources: IRI_SOURCES,
            max_extensions: 12,
            target_size: None,
            pins: Vec::new(),
        }
    }
}

impl Options {
    /// The defaults: IRI sources as [`IRI_SOURCES`], up to 12 extensions,
    /// each profile's own sizes, nothing pinned.
    pub fn new() -> Options {
        Options::default()
    }

    /// Whether `source` may be an IRI with non-ASCII letters.
    pub fn iri_sources(mut self, on: bool) -> Options {
        self.iri_sources = on;
        self
    }

    /// At most `n` extensions per event (a pinned count is kept).
    pub fn max_extensions(mut self, n: u8) -> Options {
        self.max_extensions = n;
        self
    }

    /// Every event about `bytes` long: data that cannot grow (a number, no
    /// data) is topped up with a longer `subject`.
    pub fn target_size(mut self, bytes: usize) -> Options {
        self.target_size = Some(bytes);
        self
    }

    /// Fixes one shape dimension for every event.
    pub fn pin(mut self, pin: Pin) -> Options {
        self.pins.push(pin);
        self
    }
}

/// Writes events of one [`Profile`], one after another.
///
/// Event `i` of a generator depends only on `(profile, seed, i)` and its
/// [`Options`].
#[derive(Debug, Clone)]
pub struct Generator {
    profile: Profile,
    seed: u64,
    index: u64,
    options: Options,
}

/// Stream names of the per-event draws made here.
const S_CLASS: u64 = 201;
const S_SIZE: u64 = 202;

impl Generator {
    /// A generator positioned at event 0, with the default [`Options`].
    pub fn new(profile: Profile, seed: u64) -> Generator {
        Generator::with_options(profile, seed, Options::default())
    }

    /// A generator positioned at event 0.
    pub fn with_options(profile: Profile, seed: u64, options: Options) -> Generator {
        Generator {
            profile,
            seed,
            index: 0,
            options,
        }
    }

    /// The profile.
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// The index of the next event [`write_event`](Self::write_event) writes.
    pub fn index(&self) -> u64 {
        self.index
    }

    /// Moves to event `index` (any index, forwards or backwards).
    pub fn set_index(&mut self, index: u64) {
        self.index = index;
    }

    /// The shape of event `index`.
    pub fn shape(&self, index: u64) -> Shape {
        self.draw(index).1
    }

    /// Appends the next event to `out` as one line of structured-mode JSON
    /// (no trailing newline), and moves to the following index.
    pub fn write_event(&mut self, out: &mut Vec<u8>) {
        self.model(self.index).write_json(out);
        self.index += 1;
    }

    /// The event's generator, shape and size target.
    fn draw(&self, index: u64) -> (Rng, Shape, usize) {
        let rng = Rng::for_event(self.profile.salt(), self.seed, index);
        let class = match self.profile {
            Profile::Mixed => rng.fork(S_CLASS).weighted(&[
                (Profile::Small, 40),
                (Profile::Medium, 25),
                (Profile::Escaped, 15),
                (Profile::Base64, 15),
                (Profile::Large, 5),
            ]),
            p => p,
        };
        let o = &self.options;
        let shape = shape::draw(class, &rng, o.iri_sources, o.max_extensions, &o.pins);
        let target = o.target_size.unwrap_or_else(|| {
            // Sizes vary by up to 12% around the class's mean.
            let t = class.target_size() as u64;
            (t - t * 12 / 100 + rng.fork(S_SIZE).below(t * 24 / 100 + 1)) as usize
        });
        (rng, shape, target)
    }

    fn model(&self, index: u64) -> Model {
        let (rng, shape, target) = self.draw(index);
        Model::build(shape, &rng, target, self.options.target_size.is_some())
    }

    fn binary(
        &mut self,
        prefix: &[u8],
        content_type: &[u8],
        encode: fn(&[u8], &mut Vec<u8>),
    ) -> BinaryMessage {
        let m = self.model(self.index).binary(prefix, content_type, encode);
        self.index += 1;
        m
    }
}

/// `count` events as newline-delimited JSON: each event on its own line,
/// every line ended by `\n`.
pub fn ndjson(profile: Profile, count: usize, seed: u64) -> Vec<u8> {
    ndjson_with(profile, count, seed, &Options::default())
}

/// [`ndjson`] with [`Options`].
pub fn ndjson_with(profile: Profile, count: usize, seed: u64, options: &Options) -> Vec<u8> {
    let mut g = Generator::with_options(profile, seed, options.clone());
    let mut out = Vec::with_capacity(count * (profile.target_size() + 1));
    for _ in 0..count {
        g.write_event(&mut out);
        out.push(b'\n');
    }
    out
}

/// `count` events as one JSON batch array (`application/cloudevents-batch+json`).
/// The events are the same as those of [`ndjson`] with the same arguments.
pub fn batch(profile: Profile, count: usize, seed: u64) -> Vec<u8> {
    batch_with(profile, count, seed, &Options::default())
}

/// [`batch`] with [`Options`].
pub fn batch_with(profile: Profile, count: usize, seed: u64, options: &Options) -> Vec<u8> {
    let mut g = Generator::with_options(profile, seed, options.clone());
    let mut out = Vec::with_capacity(count * (profile.target_size() + 1) + 2);
    out.push(b'[');
    for i in 0..count {
        if i > 0 {
            out.push(b',');
        }
        g.write_event(&mut out);
    }
    out.push(b']');
    out
}

/// A binary-mode message: protocol headers carrying the attributes, and the
/// data as the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinaryMessage {
    /// Header (name, value) pairs, in order.
    pub headers: Vec<(Vec<u8>, Vec<u8>)>,
    /// The body: the event's data (empty without data).
    pub body: Vec<u8>,
}

/// `count` Kafka binary-mode messages: the events of [`ndjson`] with the same
/// arguments, as headers `ce_<attribute>` (extension values as their
/// canonical strings) and `content-type`, all values raw UTF-8; the body is
/// the data (`data_base64` decoded).
pub fn kafka_binary(profile: Profile, count: usize, seed: u64) -> Vec<BinaryMessage> {
    let mut g = Generator::new(profile, seed);
    (0..count)
        .map(|_| g.binary(b"ce_", b"content-type", |v, out| out.extend_from_slice(v)))
        .collect()
}

/// `count` HTTP binary-mode messages: as [`kafka_binary`] with headers
/// `ce-<attribute>` and `Content-Type`, values percent-encoded per HTTP-11
/// (space, `"`, `%` and bytes outside `0x21..=0x7E` as uppercase `%XY`).
pub fn http_binary(profile: Profile, count: usize, seed: u64) -> Vec<BinaryMessage> {
    let mut g = Generator::new(profile, seed);
    (0..count)
        .map(|_| g.binary(b"ce-", b"Content-Type", percent_encode))
        .collect()
}

/// Percent-encodes a header value per HTTP-11.
fn percent_encode(value: &[u8], out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in value {
        if (0x21..=0x7e).contains(&b) && b != b'"' && b != b'%' {
            out.push(b);
        } else {
            out.extend_from_slice(&[b'%', HEX[(b >> 4) as usize], HEX[(b & 15) as usize]]);
        }
    }
}
