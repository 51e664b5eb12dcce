//! A deterministic corpus generator: realistic, valid CloudEvents for
//! benchmarks, tests and the `ce gen` command.
//!
//! Every event is a function of `(profile, seed, index)` only, so a corpus can
//! be rebuilt anywhere from its three numbers. The generator has no
//! dependencies: a SplitMix64 stream seeded per event drives the choices, and
//! the JSON is written by hand, with the escapes each profile is meant to
//! exercise placed on purpose.
//!
//! | profile   | about      | what it exercises                                        |
//! |-----------|------------|----------------------------------------------------------|
//! | `small`   | 335 bytes  | IoT telemetry: short attributes, 2 extensions, tiny data |
//! | `medium`  | 1.4 KB     | webhook: subject, dataschema, nested data with escapes   |
//! | `large`   | 17 KB      | metrics batch: a big array of numeric samples            |
//! | `base64`  | 1.6 KB     | `data_base64` carrying about 1 KB of bytes               |
//! | `escaped` | 590 bytes  | JSON escapes inside `id`, `source`, `type` and data      |
//!
//! ```
//! use cloudevents_codec_corpus::{self as corpus, Generator, Profile};
//!
//! let mut g = Generator::new(Profile::Small, 42);
//! let mut out = Vec::new();
//! g.write_event(&mut out);
//! assert!(out.starts_with(b"{\"specversion\":\"1.0\""));
//!
//! // The same (profile, seed) always gives the same corpus.
//! assert_eq!(corpus::ndjson(Profile::Medium, 3, 7), corpus::ndjson(Profile::Medium, 3, 7));
//! ```

#![deny(missing_docs)]

use core::fmt;
use core::str::FromStr;

/// The kind of events a [`Generator`] produces.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Profile {
    /// IoT telemetry, about 335 bytes: two extensions, a small JSON object.
    Small,
    /// A webhook, about 1.4 KB: `subject`, `dataschema`, nested data with
    /// JSON escapes and raw non-ASCII text.
    Medium,
    /// A metrics batch, about 17 KB: data holds a large array of samples.
    Large,
    /// Binary data, about 1 KB decoded, as padded standard `data_base64`.
    Base64,
    /// JSON escapes (`\u002F`, `\"`, `\/`, surrogate pairs) inside `id`,
    /// `source` and `type`.
    Escaped,
}

impl Profile {
    /// Every profile, in documentation order.
    pub const ALL: [Profile; 5] = [
        Profile::Small,
        Profile::Medium,
        Profile::Large,
        Profile::Base64,
        Profile::Escaped,
    ];

    /// The profile's name as accepted by [`FromStr`].
    pub const fn as_str(self) -> &'static str {
        match self {
            Profile::Small => "small",
            Profile::Medium => "medium",
            Profile::Large => "large",
            Profile::Base64 => "base64",
            Profile::Escaped => "escaped",
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
        f.write_str("unknown profile: expected small, medium, large, base64 or escaped")
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

/// Writes events of one [`Profile`], one after another.
///
/// Event `i` of a generator depends only on `(profile, seed, i)`.
#[derive(Debug, Clone)]
pub struct Generator {
    profile: Profile,
    seed: u64,
    index: u64,
}

impl Generator {
    /// A generator positioned at event 0.
    pub fn new(profile: Profile, seed: u64) -> Generator {
        Generator {
            profile,
            seed,
            index: 0,
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

    /// Appends the next event to `out` as one line of structured-mode JSON
    /// (no trailing newline), and moves to the following index.
    pub fn write_event(&mut self, out: &mut Vec<u8>) {
        let mut rng = Rng::for_event(self.profile, self.seed, self.index);
        let index = self.index;
        self.index += 1;
        match self.profile {
            Profile::Small => small(&mut rng, index, out),
            Profile::Medium => medium(&mut rng, index, out),
            Profile::Large => large(&mut rng, index, out),
            Profile::Base64 => base64(&mut rng, index, out),
            Profile::Escaped => escaped(&mut rng, index, out),
        }
    }
}

/// `count` events as newline-delimited JSON: each event on its own line,
/// every line ended by `\n`.
pub fn ndjson(profile: Profile, count: usize, seed: u64) -> Vec<u8> {
    let mut g = Generator::new(profile, seed);
    let mut out = Vec::with_capacity(count * approx_size(profile));
    for _ in 0..count {
        g.write_event(&mut out);
        out.push(b'\n');
    }
    out
}

/// `count` events as one JSON batch array (`application/cloudevents-batch+json`).
/// The events are the same as those of [`ndjson`] with the same arguments.
pub fn batch(profile: Profile, count: usize, seed: u64) -> Vec<u8> {
    let mut g = Generator::new(profile, seed);
    let mut out = Vec::with_capacity(count * (approx_size(profile) + 1) + 2);
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

fn approx_size(profile: Profile) -> usize {
    match profile {
        Profile::Small => 340,
        Profile::Medium => 1400,
        Profile::Large => 17_000,
        Profile::Base64 => 1600,
        Profile::Escaped => 560,
    }
}

/// A binary-mode message: protocol headers carrying the attributes, and the
/// data as the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BinaryMessage {
    /// Header (name, value) pairs, in order.
    pub headers: Vec<(Vec<u8>, Vec<u8>)>,
    /// The body: the event's data.
    pub body: Vec<u8>,
}

/// `count` Kafka binary-mode messages of the `small` kind: headers
/// `ce_specversion`, `ce_id`, `ce_source`, `ce_type`, `ce_time`,
/// `ce_subject`, one `ce_<name>` per extension and `content-type`, all values
/// raw UTF-8; the body is the JSON data.
pub fn kafka_binary(count: usize, seed: u64) -> Vec<BinaryMessage> {
    binary_messages(count, seed, b"ce_", b"content-type", |v, out| {
        out.extend_from_slice(v)
    })
}

/// `count` HTTP binary-mode messages of the `small` kind: headers `ce-...`
/// with values percent-encoded per HTTP-11 (space, `"`, `%` and bytes outside
/// `0x21..=0x7E` as uppercase `%XY`), and `Content-Type`. Every message's
/// `ce-subject` needs encoding (it holds a space and a non-ASCII letter).
pub fn http_binary(count: usize, seed: u64) -> Vec<BinaryMessage> {
    binary_messages(count, seed, b"ce-", b"Content-Type", percent_encode)
}

fn binary_messages(
    count: usize,
    seed: u64,
    prefix: &[u8],
    content_type: &[u8],
    encode: fn(&[u8], &mut Vec<u8>),
) -> Vec<BinaryMessage> {
    (0..count as u64)
        .map(|index| {
            // The attributes of structured `small` event `index`, plus a subject.
            let mut rng = Rng::for_event(Profile::Small, seed, index);
            let t = Telemetry::new(&mut rng, index);
            let mut headers = Vec::with_capacity(9);
            let mut header = |name: &str, value: &[u8]| {
                let mut n = prefix.to_vec();
                n.extend_from_slice(name.as_bytes());
                let mut v = Vec::with_capacity(value.len());
                encode(value, &mut v);
                headers.push((n, v));
            };
            header("specversion", b"1.0");
            header("id", &t.id);
            header("source", &t.source);
            header("type", &t.ty);
            header("time", &t.time);
            header("subject", &t.subject);
            header("deviceid", &t.deviceid);
            header("seqno", itoa::Buffer::new().format(t.seqno).as_bytes());
            headers.push((content_type.to_vec(), b"application/json".to_vec()));
            BinaryMessage {
                headers,
                body: t.data,
            }
        })
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

// ---------------------------------------------------------------------------
// Randomness

/// SplitMix64: tiny, fast, and good enough for picking test data.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn for_event(profile: Profile, seed: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ profile.salt());
        let a = r.next_u64();
        let mut r = Rng(a ^ index.wrapping_mul(0xD6E8_FEB8_6659_FD93));
        r.next_u64();
        r
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn pick<'s>(&mut self, items: &[&'s str]) -> &'s str {
        items[self.below(items.len() as u64) as usize]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

// ---------------------------------------------------------------------------
// Writing helpers

fn put(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(s.as_bytes());
}

fn put_int(out: &mut Vec<u8>, n: i64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Writes `value / 10^scale` in decimal, without trailing fraction zeros
/// (but with at least one fraction digit).
fn put_decimal(out: &mut Vec<u8>, value: i64, scale: u32) {
    let div = 10i64.pow(scale);
    if value < 0 {
        out.push(b'-');
    }
    let v = value.unsigned_abs();
    put_int(out, (v / div.unsigned_abs()) as i64);
    out.push(b'.');
    let mut frac = v % div.unsigned_abs();
    let mut digits = scale;
    while digits > 1 && frac % 10 == 0 {
        frac /= 10;
        digits -= 1;
    }
    let s = itoa::Buffer::new().format(frac).as_bytes().to_vec();
    for _ in s.len()..digits as usize {
        out.push(b'0');
    }
    out.extend_from_slice(&s);
}

fn put_hex(out: &mut Vec<u8>, rng: &mut Rng, digits: usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for _ in 0..digits {
        out.push(HEX[rng.below(16) as usize]);
    }
}

fn put_padded(out: &mut Vec<u8>, n: u64, width: usize) {
    let mut buf = itoa::Buffer::new();
    let s = buf.format(n);
    for _ in s.len()..width {
        out.push(b'0');
    }
    put(out, s);
}

/// A JSON string literal of text that needs no escapes (checked in tests).
fn put_str(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    out.extend_from_slice(s);
    out.push(b'"');
}

/// `"name":` preceded by a comma.
fn key(out: &mut Vec<u8>, name: &str) {
    out.push(b',');
    out.push(b'"');
    put(out, name);
    put(out, "\":");
}

fn member_str(out: &mut Vec<u8>, name: &str, value: &[u8]) {
    key(out, name);
    put_str(out, value);
}

fn uuid(rng: &mut Rng) -> Vec<u8> {
    let mut v = Vec::with_capacity(36);
    put_hex(&mut v, rng, 8);
    v.push(b'-');
    put_hex(&mut v, rng, 4);
    put(&mut v, "-4");
    put_hex(&mut v, rng, 3);
    v.push(b'-');
    v.push(b"89ab"[rng.below(4) as usize]);
    put_hex(&mut v, rng, 3);
    v.push(b'-');
    put_hex(&mut v, rng, 12);
    v
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A valid RFC 3339 timestamp with a fraction of 3, 6 or 9 digits and a
/// `Z` or numeric offset.
fn timestamp(rng: &mut Rng) -> Vec<u8> {
    let mut v = Vec::with_capacity(35);
    let year = rng.range(2019, 2026);
    let month = rng.range(1, 12);
    let day = rng.range(1, days_in_month(year, month));
    put_padded(&mut v, year as u64, 4);
    v.push(b'-');
    put_padded(&mut v, month as u64, 2);
    v.push(b'-');
    put_padded(&mut v, day as u64, 2);
    v.push(b'T');
    put_padded(&mut v, rng.below(24), 2);
    v.push(b':');
    put_padded(&mut v, rng.below(60), 2);
    v.push(b':');
    put_padded(&mut v, rng.below(60), 2);
    v.push(b'.');
    let digits = [3usize, 6, 9][rng.below(3) as usize];
    for _ in 0..digits {
        v.push(b'0' + rng.below(10) as u8);
    }
    if rng.chance(75) {
        v.push(b'Z');
    } else {
        put(
            &mut v,
            rng.pick(&["+01:00", "+02:00", "-05:00", "+05:30", "-03:30"]),
        );
    }
    v
}

// ---------------------------------------------------------------------------
// Profiles

const SITES: &[&str] = &["berlin", "lisbon", "osaka", "austin", "nairobi", "lima"];

/// The attributes and data of one telemetry event, shared by the structured
/// `small` profile and the binary-mode messages.
struct Telemetry {
    id: Vec<u8>,
    source: Vec<u8>,
    ty: Vec<u8>,
    time: Vec<u8>,
    deviceid: Vec<u8>,
    seqno: i64,
    subject: Vec<u8>,
    data: Vec<u8>,
}

impl Telemetry {
    fn new(rng: &mut Rng, index: u64) -> Telemetry {
        let id = uuid(rng);
        let site = rng.pick(SITES);
        let building = rng.range(1, 40) as u64;
        let floor = rng.range(0, 12) as u64;
        let room = rng.range(1, 250) as u64;
        let mut source = Vec::with_capacity(48);
        put(&mut source, "/sensors/");
        put(&mut source, site);
        put(&mut source, "/bldg-");
        put_padded(&mut source, building, 2);
        put(&mut source, "/floor-");
        put_padded(&mut source, floor, 2);
        put(&mut source, "/room-");
        put_padded(&mut source, room, 3);
        let mut ty = Vec::with_capacity(40);
        put(&mut ty, "com.example.iot.");
        put(&mut ty, rng.pick(&["climate", "airquality", "energy"]));
        put(&mut ty, ".v1");
        let time = timestamp(rng);
        let mut deviceid = Vec::with_capacity(16);
        put(&mut deviceid, rng.pick(&["th", "aq", "pm", "co2"]));
        put(&mut deviceid, "-");
        put_padded(&mut deviceid, rng.below(1_000_000), 6);
        let seqno = (index % 1_000_000) as i64 * 1000 + rng.range(0, 999);
        let mut subject = Vec::with_capacity(24);
        put(&mut subject, rng.pick(&["room ", "salle ", "Zimmer "]));
        put_padded(&mut subject, room, 3);
        put(
            &mut subject,
            rng.pick(&[" café", " entrée", " Küche", " étage"]),
        );

        let mut data = Vec::with_capacity(120);
        put(&mut data, "{\"temperature\":");
        put_decimal(&mut data, rng.range(-1500, 3800), 2);
        put(&mut data, ",\"humidity\":");
        put_decimal(&mut data, rng.range(150, 950), 1);
        put(&mut data, ",\"pressure\":");
        put_decimal(&mut data, rng.range(97_000, 104_000), 2);
        put(&mut data, ",\"battery\":");
        put_int(&mut data, rng.range(5, 100));
        put(&mut data, "}");
        Telemetry {
            id,
            source,
            ty,
            time,
            deviceid,
            seqno,
            subject,
            data,
        }
    }
}

fn small(rng: &mut Rng, index: u64, out: &mut Vec<u8>) {
    let t = Telemetry::new(rng, index);
    put(out, "{\"specversion\":\"1.0\"");
    member_str(out, "id", &t.id);
    member_str(out, "source", &t.source);
    member_str(out, "type", &t.ty);
    member_str(out, "time", &t.time);
    member_str(out, "datacontenttype", b"application/json");
    member_str(out, "deviceid", &t.deviceid);
    key(out, "seqno");
    put_int(out, t.seqno);
    key(out, "data");
    out.extend_from_slice(&t.data);
    out.push(b'}');
}

/// Product names: some with raw UTF-8, some written with `\u` or `\"` escapes
/// (as the JSON text, so they go out verbatim).
const PRODUCTS: &[&str] = &[
    "Caf\\u00e9 Cr\\u00e8me beans 1kg",
    "Espresso cups \\\"Milano\\\" (set of 4)",
    "Grinder Mühle Pro 2",
    "Filter papers size 4, 100 pcs",
    "Thé vert Sencha 250 g",
    "抹茶 Matcha powder 100g",
    "Kettle gooseneck 1.2l",
    "Descaler \\\"EcoClean\\\" 500ml",
];

const CUSTOMERS: &[&str] = &[
    "José Müller",
    "Zoë O\\u0027Brien",
    "Ana Łukasiewicz",
    "Søren Kierkegaard",
    "Amélie Poulain",
    "佐藤 花子",
];

const CITIES: &[&str] = &["München", "Zürich", "São Paulo", "Kraków", "Malmö", "東京"];

fn medium(rng: &mut Rng, _index: u64, out: &mut Vec<u8>) {
    let order = rng.range(100_000, 9_999_999);
    put(out, "{\"specversion\":\"1.0\"");
    key(out, "id");
    out.push(b'"');
    out.extend_from_slice(&uuid(rng));
    out.push(b'"');
    member_str(
        out,
        "source",
        b"https://shop.example.com/api/webhooks/orders",
    );
    let (ty, status) = match rng.below(3) {
        0 => ("com.example.shop.order.created.v2", "created"),
        1 => ("com.example.shop.order.paid.v2", "paid"),
        _ => ("com.example.shop.order.shipped.v2", "shipped"),
    };
    member_str(out, "type", ty.as_bytes());
    key(out, "subject");
    put(out, "\"orders/ORD-");
    put_int(out, order);
    out.push(b'"');
    member_str(out, "time", &timestamp(rng));
    member_str(out, "datacontenttype", b"application/json");
    member_str(
        out,
        "dataschema",
        b"https://schemas.example.com/shop/order-event/v2.json",
    );
    key(out, "traceparent");
    put(out, "\"00-");
    put_hex(out, rng, 32);
    out.push(b'-');
    put_hex(out, rng, 16);
    put(out, "-01\"");
    member_str(
        out,
        "tenant",
        rng.pick(&["acme-eu-west", "globex-us-east", "initech-ap-south"])
            .as_bytes(),
    );
    key(out, "attempt");
    put_int(out, rng.range(1, 5));

    key(out, "data");
    put(out, "{\"order\":{\"id\":\"ORD-");
    put_int(out, order);
    put(out, "\",\"status\":\"");
    put(out, status);
    put(out, "\",\"storefront\":\"Caf\\u00e9 Example GmbH\"");
    put(out, ",\"currency\":\"EUR\",\"customer\":{\"id\":\"C-");
    put_int(out, rng.range(10_000, 99_999));
    put(out, "\",\"name\":\"");
    put(out, rng.pick(CUSTOMERS));
    put(out, "\",\"email\":\"customer");
    put_int(out, rng.range(1, 99_999));
    put(out, "@example.org\",\"note\":\"");
    put(
        out,
        rng.pick(&[
            "Please ring \\\"twice\\\".\\nLeave at the door.",
            "Gift \\u2014 \\\"no invoice\\\" in the box.\\nThanks!",
            "Call before delivery:\\n\\t\\\"+49 30 1234567\\\"",
        ]),
    );
    put(out, "\"},\"items\":[");
    let mut total = 0i64;
    for i in 0..4 {
        if i > 0 {
            out.push(b',');
        }
        let qty = rng.range(1, 6);
        let price = rng.range(199, 14_999);
        total += qty * price;
        put(out, "{\"sku\":\"SKU-");
        put_padded(out, rng.below(100_000), 5);
        put(out, "\",\"name\":\"");
        put(out, rng.pick(PRODUCTS));
        put(out, "\",\"qty\":");
        put_int(out, qty);
        put(out, ",\"price\":");
        put_decimal(out, price, 2);
        put(out, ",\"tags\":[\"");
        put(
            out,
            rng.pick(&["coffee", "tea", "equipment", "accessories"]),
        );
        put(out, "\",\"");
        put(
            out,
            rng.pick(&["organic", "fair-trade", "bestseller", "new"]),
        );
        put(out, "\"]}");
    }
    put(out, "],\"total\":");
    put_decimal(out, total, 2);
    put(out, ",\"shipping\":{\"method\":\"");
    put(out, rng.pick(&["standard", "express", "pickup"]));
    put(out, "\",\"address\":{\"line1\":\"");
    put(
        out,
        rng.pick(&["Hauptstraße", "Rue de l\\u2019Église", "Calle Mayor"]),
    );
    out.push(b' ');
    put_int(out, rng.range(1, 200));
    put(out, "\",\"city\":\"");
    put(out, rng.pick(CITIES));
    put(out, "\",\"zip\":\"");
    put_padded(out, rng.below(100_000), 5);
    put(out, "\",\"country\":\"");
    put(out, rng.pick(&["DE", "CH", "BR", "PL", "SE", "JP"]));
    put(out, "\"}},\"flags\":{\"giftwrap\":");
    put(out, if rng.chance(20) { "true" } else { "false" });
    put(out, ",\"coupon\":");
    if rng.chance(30) {
        put(out, "\"SPRING");
        put_int(out, rng.range(10, 30));
        out.push(b'"');
    } else {
        put(out, "null");
    }
    put(out, "}}}}");
}

/// Samples per `large` event.
const LARGE_SAMPLES: usize = 720;

fn large(rng: &mut Rng, _index: u64, out: &mut Vec<u8>) {
    let host = rng.range(1, 400) as u64;
    put(out, "{\"specversion\":\"1.0\"");
    key(out, "id");
    put_str(out, &uuid(rng));
    key(out, "source");
    put(out, "\"https://metrics.example.com/clusters/");
    put(out, rng.pick(&["eu-west-1", "us-east-2", "ap-south-1"]));
    put(out, "/hosts/web-");
    put_padded(out, host, 3);
    out.push(b'"');
    member_str(out, "type", b"com.example.metrics.batch.v1");
    member_str(out, "time", &timestamp(rng));
    member_str(out, "datacontenttype", b"application/json");
    member_str(
        out,
        "dataschema",
        b"https://schemas.example.com/metrics/batch/v1.json",
    );
    key(out, "samplecount");
    put_int(out, LARGE_SAMPLES as i64);
    let (metric, unit) = [
        ("http.server.request.duration", "ms"),
        ("system.cpu.utilization", "percent"),
        ("process.memory.rss", "MiB"),
    ][rng.below(3) as usize];
    member_str(out, "metric", metric.as_bytes());

    key(out, "data");
    put(out, "{\"metric\":\"");
    put(out, metric);
    put(out, "\",\"unit\":\"");
    put(out, unit);
    put(out, "\",\"host\":\"web-");
    put_padded(out, host, 3);
    put(out, "\",\"labels\":{\"service\":\"");
    put(out, rng.pick(&["checkout", "search", "catalog", "auth"]));
    put(out, "\",\"env\":\"prod\",\"version\":\"1.");
    put_int(out, rng.range(0, 40));
    out.push(b'.');
    put_int(out, rng.range(0, 9));
    let start = 1_700_000_000_000 + rng.range(0, 200_000_000_000);
    put(out, "\"},\"start\":");
    put_int(out, start);
    put(out, ",\"intervalms\":1000,\"samples\":[");
    let mut value = rng.range(5_000, 80_000);
    for i in 0..LARGE_SAMPLES as i64 {
        if i > 0 {
            out.push(b',');
        }
        value = (value + rng.range(-2_500, 2_500)).clamp(1, 99_999);
        out.push(b'[');
        put_int(out, start + i * 1000);
        out.push(b',');
        put_decimal(out, value, 3);
        out.push(b']');
    }
    put(out, "]}}");
}

fn base64(rng: &mut Rng, index: u64, out: &mut Vec<u8>) {
    put(out, "{\"specversion\":\"1.0\"");
    member_str(out, "id", &uuid(rng));
    let cam = rng.range(1, 64) as u64;
    key(out, "source");
    put(out, "\"/devices/camera-");
    put_padded(out, cam, 2);
    put(out, "/frames\"");
    member_str(out, "type", b"com.example.camera.thumbnail.v1");
    member_str(out, "time", &timestamp(rng));
    member_str(out, "datacontenttype", b"application/octet-stream");
    key(out, "deviceid");
    put(out, "\"camera-");
    put_padded(out, cam, 2);
    out.push(b'"');
    key(out, "frameno");
    put_int(out, (index % 2_000_000_000) as i64);
    // 1000..=1048 bytes: every padding case occurs.
    let len = 1000 + rng.below(49) as usize;
    let mut bytes = Vec::with_capacity(len);
    while bytes.len() < len {
        let word = rng.next_u64().to_le_bytes();
        let take = (len - bytes.len()).min(8);
        bytes.extend_from_slice(&word[..take]);
    }
    key(out, "data_base64");
    out.push(b'"');
    encode_base64(&bytes, out);
    put(out, "\"}");
}

/// Strict RFC 4648 base64: standard alphabet, `=` padding.
fn encode_base64(bytes: &[u8], out: &mut Vec<u8>) {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut chunks = bytes.chunks_exact(3);
    for c in &mut chunks {
        let n = (u32::from(c[0]) << 16) | (u32::from(c[1]) << 8) | u32::from(c[2]);
        out.extend_from_slice(&[
            ALPHABET[(n >> 18) as usize & 63],
            ALPHABET[(n >> 12) as usize & 63],
            ALPHABET[(n >> 6) as usize & 63],
            ALPHABET[n as usize & 63],
        ]);
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.extend_from_slice(&[
                ALPHABET[(n >> 18) as usize & 63],
                ALPHABET[(n >> 12) as usize & 63],
                b'=',
                b'=',
            ]);
        }
        [a, b] => {
            let n = (u32::from(a) << 16) | (u32::from(b) << 8);
            out.extend_from_slice(&[
                ALPHABET[(n >> 18) as usize & 63],
                ALPHABET[(n >> 12) as usize & 63],
                ALPHABET[(n >> 6) as usize & 63],
                b'=',
            ]);
        }
        _ => {}
    }
}

fn escaped(rng: &mut Rng, index: u64, out: &mut Vec<u8>) {
    put(out, "{\"specversion\":\"1.0\"");
    // id: `evt/<year>/"<word>"-<hex>` plus an accented letter or an emoji
    // written as a surrogate pair.
    key(out, "id");
    put(out, "\"evt\\u002F");
    put_int(out, rng.range(2019, 2026));
    put(out, "\\/\\\"");
    put(
        out,
        rng.pick(&["alpha", "b\\u00eata", "gamma", "d\\u00e9lta"]),
    );
    put(out, "\\\"-");
    put_hex(out, rng, 12);
    put(
        out,
        rng.pick(&["", "-\\ud83d\\ude80", "-\\u00fc", "\\u0021"]),
    );
    out.push(b'"');
    // source: a URI-reference once unescaped, e.g. `/queues/orders-v2/shard-3?region=eu&x=1`.
    key(out, "source");
    put(out, "\"\\/queues\\u002F");
    put(out, rng.pick(&["orders", "p\\u0061yments", "refunds"]));
    put(out, "\\u002Dv2\\/shard-");
    put_int(out, rng.range(0, 63));
    put(out, "?region\\u003D");
    put(out, rng.pick(&["eu", "us", "ap"]));
    put(out, "\\u0026x=1\"");
    // type: a quoted word, an escaped slash and non-ASCII text.
    key(out, "type");
    put(out, "\"com.example.\\u0065scaped.\\\"");
    put(
        out,
        rng.pick(&["quoted", "caf\\u00e9", "na\\u00efve", "\\u65e5\\u672c"]),
    );
    put(out, "\\\"\\/v1\"");
    key(out, "subject");
    put(out, "\"path\\\\to\\\\item ");
    put_int(out, (index % 100_000) as i64);
    put(out, " \\u2192 done\"");
    member_str(out, "time", &timestamp(rng));
    member_str(out, "datacontenttype", b"application/json");
    key(out, "comment");
    put(out, "\"\\u00e9t\\u00e9 \\\"summer\\\" \\u2600\\ufe0f\"");
    key(out, "delta");
    put_int(out, rng.range(-2_147_483_648, 2_147_483_647));
    key(out, "data");
    put(
        out,
        "{\"message\":\"line one\\nline two\\t\\\"quoted\\\" \\\\ \\u00e9\\ud83d\\ude00\",",
    );
    put(out, "\"path\":\"C:\\\\temp\\\\");
    put_hex(out, rng, 8);
    put(
        out,
        ".log\",\"html\":\"\\u003cb\\u003ebold\\u003c/b\\u003e \\u0026amp;\",",
    );
    put(out, "\"control\":\"\\b\\f\\r\\u0000\\u001f\",\"n\":");
    put_int(out, rng.range(-1000, 1000));
    put(out, "}}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_names_round_trip() {
        for p in Profile::ALL {
            assert_eq!(p.as_str().parse::<Profile>(), Ok(p));
            assert_eq!(format!("{p}"), p.as_str());
        }
        assert!("Small".parse::<Profile>().is_err());
        assert!("".parse::<Profile>().is_err());
    }

    #[test]
    fn deterministic_per_profile_seed_and_index() {
        for p in Profile::ALL {
            assert_eq!(ndjson(p, 20, 1), ndjson(p, 20, 1));
            assert_ne!(ndjson(p, 5, 1), ndjson(p, 5, 2));
            // Event i does not depend on the events before it.
            let mut g = Generator::new(p, 9);
            g.set_index(7);
            let mut one = Vec::new();
            g.write_event(&mut one);
            assert_eq!(g.index(), 8);
            let all = ndjson(p, 8, 9);
            let line = all.split(|&b| b == b'\n').nth(7).unwrap();
            assert_eq!(line, &one[..]);
        }
        assert_eq!(kafka_binary(10, 3), kafka_binary(10, 3));
        assert_eq!(http_binary(10, 3), http_binary(10, 3));
    }

    #[test]
    fn batch_holds_the_ndjson_events() {
        let lines = ndjson(Profile::Small, 4, 5);
        let mut expect = b"[".to_vec();
        for (i, line) in lines
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .enumerate()
        {
            if i > 0 {
                expect.push(b',');
            }
            expect.extend_from_slice(line);
        }
        expect.push(b']');
        assert_eq!(batch(Profile::Small, 4, 5), expect);
        assert_eq!(batch(Profile::Small, 0, 5), b"[]");
    }

    #[test]
    fn one_line_per_event() {
        for p in Profile::ALL {
            let mut out = Vec::new();
            Generator::new(p, 11).write_event(&mut out);
            assert!(!out.contains(&b'\n'), "{p}");
            assert!(out.iter().all(|&b| b >= 0x20), "{p}: raw control byte");
            assert!(core::str::from_utf8(&out).is_ok(), "{p}");
        }
    }

    #[test]
    fn base64_matches_rfc4648_vectors() {
        let cases: [(&str, &str); 7] = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            let mut out = Vec::new();
            encode_base64(plain.as_bytes(), &mut out);
            assert_eq!(out, encoded.as_bytes());
        }
        let mut out = Vec::new();
        encode_base64(&[0xfb, 0xff, 0xbf], &mut out);
        assert_eq!(out, b"+/+/");
    }

    #[test]
    fn percent_encoding_follows_http_11() {
        let mut out = Vec::new();
        percent_encode("Euro € 😀 \"%\" a+b/c".as_bytes(), &mut out);
        assert_eq!(
            out,
            b"Euro%20%E2%82%AC%20%F0%9F%98%80%20%22%25%22%20a+b/c".to_vec()
        );
    }

    #[test]
    fn timestamps_are_valid_dates() {
        let mut rng = Rng(1);
        for _ in 0..2000 {
            let t = timestamp(&mut rng);
            let s = core::str::from_utf8(&t).unwrap();
            let num = |r: core::ops::Range<usize>| s[r].parse::<i64>().unwrap();
            let (y, m, d) = (num(0..4), num(5..7), num(8..10));
            assert!((1..=12).contains(&m), "{s}");
            assert!(d >= 1 && d <= days_in_month(y, m), "{s}");
            assert!(
                num(11..13) < 24 && num(14..16) < 60 && num(17..19) < 60,
                "{s}"
            );
            assert_eq!(&s[10..11], "T");
        }
        assert!(is_leap(2024) && !is_leap(2100) && is_leap(2000) && !is_leap(2023));
    }

    #[test]
    fn decimals() {
        let mut out = Vec::new();
        for (v, s, exp) in [
            (2153, 2, "21.53"),
            (2150, 2, "21.5"),
            (2100, 2, "21.0"),
            (-5, 2, "-0.05"),
            (7, 3, "0.007"),
        ] {
            out.clear();
            put_decimal(&mut out, v, s);
            assert_eq!(out, exp.as_bytes());
        }
    }

    #[test]
    fn http_binary_needs_encoding_and_kafka_is_raw() {
        let http = http_binary(5, 1);
        let kafka = kafka_binary(5, 1);
        for (h, k) in http.iter().zip(&kafka) {
            assert_eq!(h.body, k.body);
            let subject = |m: &BinaryMessage, name: &[u8]| {
                m.headers.iter().find(|(n, _)| n == name).unwrap().1.clone()
            };
            let hs = subject(h, b"ce-subject");
            let ks = subject(k, b"ce_subject");
            assert!(hs.windows(3).any(|w| w == b"%20"));
            assert!(hs.iter().all(|b| (0x21..=0x7e).contains(b)));
            assert!(core::str::from_utf8(&ks).unwrap().contains(' '));
            assert!(ks.iter().any(|&b| b >= 0x80));
            for (name, _) in &h.headers {
                assert!(name.starts_with(b"ce-") || name == b"Content-Type");
            }
            for (name, _) in &k.headers {
                assert!(name.starts_with(b"ce_") || name == b"content-type");
            }
        }
    }

    /// Checks one event against the CloudEvents rules that can be checked
    /// without this crate's parser (SPEC CORE, NAME, TYPE, JSON-3).
    fn check_event(line: &[u8]) -> serde_json::Map<String, serde_json::Value> {
        use serde_json::Value;
        let v: Value = serde_json::from_slice(line).expect("valid JSON");
        let obj = v.as_object().expect("an object").clone();
        let text = core::str::from_utf8(line).unwrap();
        for name in ["specversion", "id", "source", "type"] {
            assert!(obj.contains_key(name), "missing {name}: {text}");
        }
        assert_eq!(obj["specversion"], "1.0");
        assert!(!(obj.contains_key("data") && obj.contains_key("data_base64")));
        for (name, value) in &obj {
            if name == "data" {
                continue;
            }
            if name == "data_base64" {
                let b = value.as_str().expect("base64 string");
                assert_eq!(b.len() % 4, 0);
                assert!(b
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'/' || c == b'='));
                continue;
            }
            assert!(
                !name.is_empty()
                    && name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()),
                "bad attribute name {name:?}"
            );
            match value {
                Value::String(s) => {
                    assert!(!s.is_empty(), "{name} empty");
                    for c in s.chars() {
                        let u = c as u32;
                        assert!(
                            !(u <= 0x1f
                                || (0x7f..=0x9f).contains(&u)
                                || (0xfdd0..=0xfdef).contains(&u)
                                || (u & 0xfffe) == 0xfffe),
                            "{name}: forbidden character U+{u:04X}"
                        );
                    }
                }
                Value::Number(n) => {
                    let i = n.as_i64().expect("integer");
                    assert!(i32::try_from(i).is_ok(), "{name}: {i} outside int32");
                    assert!(!n.to_string().contains(['.', 'e', 'E']));
                }
                Value::Bool(_) => {}
                other => panic!("{name}: not a CloudEvents type: {other}"),
            }
        }
        for name in [
            "id",
            "source",
            "type",
            "subject",
            "time",
            "datacontenttype",
            "dataschema",
        ] {
            if let Some(v) = obj.get(name) {
                assert!(v.is_string(), "{name} must be a string");
            }
        }
        // source: URI-reference (RFC 3986 characters; `%` only before two hex digits).
        let source = obj["source"].as_str().unwrap();
        let uri_char = |c: char| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c);
        assert!(source.chars().all(uri_char), "source {source:?}");
        assert!(!source.contains('%'));
        if let Some(schema) = obj.get("dataschema") {
            let schema = schema.as_str().unwrap();
            assert!(schema.starts_with("https://") && schema.chars().all(uri_char));
            assert!(!schema.contains('#'));
        }
        if let Some(time) = obj.get("time") {
            let t = time.as_str().unwrap();
            let b = t.as_bytes();
            let num = |r: core::ops::Range<usize>| t[r].parse::<i64>().unwrap();
            let (y, m, d) = (num(0..4), num(5..7), num(8..10));
            assert!(
                (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m),
                "{t}"
            );
            assert!(
                num(11..13) < 24 && num(14..16) < 60 && num(17..19) < 60,
                "{t}"
            );
            assert_eq!(
                (b[4], b[7], b[10], b[13], b[16], b[19]),
                (b'-', b'-', b'T', b':', b':', b'.')
            );
            let frac_end = 20 + b[20..].iter().take_while(|c| c.is_ascii_digit()).count();
            assert!(frac_end > 20);
            let offset = &t[frac_end..];
            assert!(
                offset == "Z"
                    || (offset.len() == 6
                        && (offset.starts_with('+') || offset.starts_with('-'))
                        && num(frac_end + 1..frac_end + 3) < 24
                        && &offset[3..4] == ":"
                        && num(frac_end + 4..frac_end + 6) < 60),
                "{t}"
            );
        }
        obj
    }

    fn mean_size(p: Profile) -> usize {
        let corpus = ndjson(p, 200, 3);
        (corpus.len() - 200) / 200
    }

    #[test]
    fn every_profile_is_valid_cloudevents() {
        for p in Profile::ALL {
            for seed in [0, 1, u64::MAX] {
                let corpus = ndjson(p, 100, seed);
                for line in corpus.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
                    let obj = check_event(line);
                    match p {
                        Profile::Base64 => {
                            assert_eq!(obj["datacontenttype"], "application/octet-stream");
                            let len = obj["data_base64"].as_str().unwrap().len() / 4 * 3;
                            assert!((1000..=1050).contains(&len));
                        }
                        _ => {
                            assert_eq!(obj["datacontenttype"], "application/json");
                            assert!(obj.contains_key("data"));
                        }
                    }
                }
            }
            let b = batch(p, 10, 4);
            let v: serde_json::Value = serde_json::from_slice(&b).unwrap();
            assert_eq!(v.as_array().unwrap().len(), 10);
        }
    }

    #[test]
    fn profile_shapes() {
        let small = check_event(&ndjson(Profile::Small, 1, 0)[..]);
        let extensions = |o: &serde_json::Map<String, serde_json::Value>| {
            o.iter()
                .filter(|(k, _)| {
                    ![
                        "specversion",
                        "id",
                        "source",
                        "type",
                        "subject",
                        "time",
                        "datacontenttype",
                        "dataschema",
                        "data",
                        "data_base64",
                    ]
                    .contains(&k.as_str())
                })
                .map(|(_, v)| v.clone())
                .collect::<Vec<_>>()
        };
        let ext = extensions(&small);
        assert_eq!(ext.len(), 2);
        assert!(ext.iter().any(|v| v.is_string()) && ext.iter().any(|v| v.is_i64()));
        assert!(small["source"].as_str().unwrap().starts_with("/sensors/"));

        let medium_line = ndjson(Profile::Medium, 1, 0);
        let medium = check_event(&medium_line);
        assert!(medium.contains_key("subject") && medium.contains_key("dataschema"));
        let raw = core::str::from_utf8(&medium_line).unwrap();
        assert!(raw.contains("\\\"") && raw.contains("\\n") && raw.contains("\\u00e"));
        assert!(raw.bytes().any(|b| b >= 0x80), "raw non-ASCII text");
        assert!(medium["data"]["order"]["items"].as_array().unwrap().len() >= 2);

        let large = check_event(&ndjson(Profile::Large, 1, 0));
        assert_eq!(
            large["data"]["samples"].as_array().unwrap().len(),
            LARGE_SAMPLES
        );

        for line in ndjson(Profile::Escaped, 50, 0)
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
        {
            let obj = check_event(line);
            let raw = core::str::from_utf8(line).unwrap();
            for name in ["id", "source", "type"] {
                let at = raw.find(&format!("\"{name}\":\"")).unwrap();
                let value = &raw[at + name.len() + 4..];
                let value = &value[..value.find("\",\"").unwrap()];
                assert!(value.contains('\\'), "{name} has escapes: {value}");
            }
            assert!(obj["id"].as_str().unwrap().contains("/"));
            assert!(obj["source"].as_str().unwrap().starts_with("/queues/"));
            assert!(obj["type"].as_str().unwrap().contains('"'));
        }
    }

    #[test]
    fn base64_data_decodes_to_the_right_length() {
        fn decode(s: &str) -> Vec<u8> {
            let val = |c: u8| match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                _ => panic!("bad base64 {c}"),
            };
            let mut out = Vec::new();
            for quad in s.as_bytes().chunks(4) {
                let pad = quad.iter().filter(|&&c| c == b'=').count();
                let mut n = 0u32;
                for &c in &quad[..4 - pad] {
                    n = (n << 6) | u32::from(val(c));
                }
                n <<= 6 * pad as u32;
                let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
                // Strict: the padding bits are zero.
                assert_eq!(n & ((1 << (6 * pad as u32)) - 1) & 0xff, 0);
                out.extend_from_slice(&bytes[..3 - pad]);
            }
            out
        }
        let mut pads = [false; 3];
        for line in ndjson(Profile::Base64, 60, 8)
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
        {
            let v: serde_json::Value = serde_json::from_slice(line).unwrap();
            let b = v["data_base64"].as_str().unwrap();
            let bytes = decode(b);
            assert!((1000..=1048).contains(&bytes.len()));
            let mut again = Vec::new();
            encode_base64(&bytes, &mut again);
            assert_eq!(again, b.as_bytes());
            pads[b.bytes().filter(|&c| c == b'=').count()] = true;
        }
        assert_eq!(pads, [true; 3], "every padding case occurs");
    }

    #[test]
    fn sizes_are_near_their_targets() {
        for (p, target) in [
            (Profile::Small, 335),
            (Profile::Medium, 1400),
            (Profile::Large, 17_000),
            (Profile::Base64, 1600),
        ] {
            let mean = mean_size(p);
            assert!(
                mean * 100 >= target * 85 && mean * 100 <= target * 115,
                "{p}: mean {mean} bytes, target {target}"
            );
            for line in ndjson(p, 100, 5)
                .split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
            {
                assert!(
                    line.len() * 100 >= target * 70 && line.len() * 100 <= target * 130,
                    "{p}: {} bytes",
                    line.len()
                );
            }
        }
    }

    #[test]
    #[ignore = "prints the measured sizes"]
    fn print_sizes() {
        for p in Profile::ALL {
            std::println!("{p}: {} bytes", mean_size(p));
        }
    }
}
