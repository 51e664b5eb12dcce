//! The context attributes of generated events: ids, times, sources, types,
//! subjects and extensions, each drawn for a size class (its vocabulary) and
//! a shape variant (its form).

use crate::rng::Rng;
use crate::shape::{ExtensionType, IdKind, OffsetKind, SourceKind, TimeKind};
use crate::Profile;

/// An extension attribute's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ExtValue {
    Str(String),
    Int(i32),
    Bool(bool),
}

fn hex(rng: &mut Rng, s: &mut String, digits: usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for _ in 0..digits {
        s.push(HEX[rng.below(16) as usize] as char);
    }
}

fn padded(s: &mut String, n: u64, width: usize) {
    let mut buf = itoa::Buffer::new();
    let digits = buf.format(n);
    for _ in digits.len()..width {
        s.push('0');
    }
    s.push_str(digits);
}

fn num(s: &mut String, n: i64) {
    s.push_str(itoa::Buffer::new().format(n));
}

pub(crate) fn uuid(rng: &mut Rng) -> String {
    let mut s = String::with_capacity(36);
    hex(rng, &mut s, 8);
    s.push('-');
    hex(rng, &mut s, 4);
    s.push_str("-4");
    hex(rng, &mut s, 3);
    s.push('-');
    s.push(b"89ab"[rng.below(4) as usize] as char);
    hex(rng, &mut s, 3);
    s.push('-');
    hex(rng, &mut s, 12);
    s
}

pub(crate) fn id(kind: IdKind, rng: &mut Rng) -> String {
    match kind {
        IdKind::Uuid => uuid(rng),
        IdKind::Integer => {
            let digits = rng.range(1, 12) as u32;
            let n = rng.below(10u64.pow(digits));
            itoa::Buffer::new().format(n).to_owned()
        }
        IdKind::Ulid => {
            const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
            // The first character stays below 8 (a 48-bit timestamp).
            let mut s = String::with_capacity(26);
            s.push(CROCKFORD[rng.below(8) as usize] as char);
            for _ in 1..26 {
                s.push(CROCKFORD[rng.below(32) as usize] as char);
            }
            s
        }
        IdKind::Base64Url => {
            const URL_SAFE: &[u8; 64] =
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            let len = rng.range(40, 64) as usize;
            (0..len)
                .map(|_| URL_SAFE[rng.below(64) as usize] as char)
                .collect()
        }
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub(crate) fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A valid RFC 3339 timestamp of the given precision and offset kind.
pub(crate) fn timestamp(kind: TimeKind, offset: OffsetKind, rng: &mut Rng) -> Option<String> {
    let digits = match kind {
        TimeKind::Absent => return None,
        TimeKind::Seconds => 0,
        TimeKind::Millis => 3,
        TimeKind::Micros => 6,
        TimeKind::Nanos => 9,
    };
    let mut s = String::with_capacity(35);
    let year = rng.range(2019, 2026);
    let month = rng.range(1, 12);
    let day = rng.range(1, days_in_month(year, month));
    padded(&mut s, year as u64, 4);
    s.push('-');
    padded(&mut s, month as u64, 2);
    s.push('-');
    padded(&mut s, day as u64, 2);
    s.push('T');
    padded(&mut s, rng.below(24), 2);
    s.push(':');
    padded(&mut s, rng.below(60), 2);
    s.push(':');
    padded(&mut s, rng.below(60), 2);
    if digits > 0 {
        s.push('.');
        for _ in 0..digits {
            s.push((b'0' + rng.below(10) as u8) as char);
        }
    }
    match offset {
        OffsetKind::Utc => s.push('Z'),
        OffsetKind::Plus => {
            s.push_str(rng.pick(&["+01:00", "+02:00", "+05:30", "+09:00", "+13:45"]))
        }
        OffsetKind::Minus => s.push_str(rng.pick(&["-05:00", "-03:30", "-08:00", "-10:00"])),
    }
    Some(s)
}

const SITES: &[&str] = &["berlin", "lisbon", "osaka", "austin", "nairobi", "lima"];
const REGIONS: &[&str] = &["eu-west-1", "us-east-2", "ap-south-1", "eu-central-1"];
const TENANTS: &[&str] = &["acme", "globex-us", "initech-ap-south", "umbrella"];
const QUEUES: &[&str] = &["orders", "payments", "refunds", "notifications"];

/// `source`: the class's producer, written as a `kind`.
pub(crate) fn source(class: Profile, kind: SourceKind, rng: &mut Rng) -> String {
    let mut s = String::with_capacity(80);
    match (class, kind) {
        (Profile::Small | Profile::Mixed, SourceKind::Path) => {
            s.push_str("/sensors/");
            s.push_str(rng.pick(SITES));
            s.push_str("/bldg-");
            padded(&mut s, rng.range(1, 40) as u64, 2);
            s.push_str("/floor-");
            padded(&mut s, rng.range(0, 12) as u64, 2);
            s.push_str("/room-");
            padded(&mut s, rng.range(1, 250) as u64, 3);
        }
        (Profile::Small | Profile::Mixed, SourceKind::Url) => {
            s.push_str("https://iot.example.com/v1/devices/th-");
            padded(&mut s, rng.below(1_000_000), 6);
            s.push_str("/telemetry?fw=2.");
            num(&mut s, rng.range(0, 9));
            s.push('.');
            num(&mut s, rng.range(0, 20));
            s.push_str("&region=");
            s.push_str(rng.pick(REGIONS));
        }
        (Profile::Small | Profile::Mixed, SourceKind::Urn) => {
            s.push_str("urn:iot:plant-");
            num(&mut s, rng.range(1, 9));
            s.push_str(":line-");
            num(&mut s, rng.range(1, 12));
            s.push_str(":sensor-");
            num(&mut s, rng.range(1, 9999));
        }
        (Profile::Small | Profile::Mixed, SourceKind::Iri) => {
            s.push_str(rng.pick(&["/capteurs/", "/événements/capteurs/"]));
            s.push_str(rng.pick(SITES));
            s.push_str("/bâtiment-");
            num(&mut s, rng.range(1, 40));
            s.push_str("/salle-");
            padded(&mut s, rng.range(1, 250) as u64, 3);
        }
        (Profile::Medium, SourceKind::Path) => {
            s.push_str("/webhooks/");
            s.push_str(rng.pick(TENANTS));
            s.push_str("/orders");
        }
        (Profile::Medium, SourceKind::Url) => {
            s.push_str("https://shop.example.com/api/webhooks/orders?tenant=");
            s.push_str(rng.pick(TENANTS));
            s.push_str("&v=2");
            if rng.chance(30) {
                s.push_str("&ref=caf%C3%A9-cr%C3%A8me");
            }
        }
        (Profile::Medium, SourceKind::Urn) => {
            s.push_str("urn:example:shop:");
            s.push_str(rng.pick(TENANTS));
            s.push_str(":orders");
        }
        (Profile::Medium, SourceKind::Iri) => {
            s.push_str(rng.pick(&[
                "https://shop.example.com/bestellungen/größe-",
                "/commandes/reçues/",
            ]));
            num(&mut s, rng.range(1, 99_999));
        }
        (Profile::Large, SourceKind::Path) => {
            s.push_str("/clusters/");
            s.push_str(rng.pick(REGIONS));
            s.push_str("/hosts/web-");
            padded(&mut s, rng.range(1, 400) as u64, 3);
        }
        (Profile::Large, SourceKind::Url) => {
            s.push_str("https://metrics.example.com/clusters/");
            s.push_str(rng.pick(REGIONS));
            s.push_str("/hosts/web-");
            padded(&mut s, rng.range(1, 400) as u64, 3);
            s.push_str("?interval=1s&agent=otel");
        }
        (Profile::Large, SourceKind::Urn) => {
            s.push_str("urn:metrics:");
            s.push_str(rng.pick(REGIONS));
            s.push_str(":web-");
            padded(&mut s, rng.range(1, 400) as u64, 3);
        }
        (Profile::Large, SourceKind::Iri) => {
            s.push_str("/métriques/");
            s.push_str(rng.pick(REGIONS));
            s.push_str("/hôtes/web-");
            padded(&mut s, rng.range(1, 400) as u64, 3);
        }
        (Profile::Base64, SourceKind::Path) => {
            s.push_str("/devices/camera-");
            padded(&mut s, rng.range(1, 64) as u64, 2);
            s.push_str("/frames");
        }
        (Profile::Base64, SourceKind::Url) => {
            s.push_str("https://cams.example.com:8443/api/v3/cameras/");
            num(&mut s, rng.range(1, 64));
            s.push_str("/frames?format=jpeg&q=80");
        }
        (Profile::Base64, SourceKind::Urn) => {
            s.push_str("urn:camera:site-");
            num(&mut s, rng.range(1, 20));
            s.push_str(":cam-");
            padded(&mut s, rng.range(1, 64) as u64, 2);
        }
        (Profile::Base64, SourceKind::Iri) => {
            s.push_str("/caméras/entrée-");
            padded(&mut s, rng.range(1, 64) as u64, 2);
            s.push_str("/images");
        }
        (Profile::Escaped, SourceKind::Path) => {
            s.push_str("/queues/");
            s.push_str(rng.pick(QUEUES));
            s.push_str("-v2/shard-");
            num(&mut s, rng.range(0, 63));
            s.push_str("?region=");
            s.push_str(rng.pick(&["eu", "us", "ap"]));
            s.push_str("&x=1");
        }
        (Profile::Escaped, SourceKind::Url) => {
            s.push_str("https://mq.example.com/queues/");
            s.push_str(rng.pick(QUEUES));
            s.push_str("/shard-");
            num(&mut s, rng.range(0, 63));
            s.push_str("?region=eu&sig=a%2Fb%3D&x=1");
        }
        (Profile::Escaped, SourceKind::Urn) => {
            s.push_str("urn:queue:");
            s.push_str(rng.pick(QUEUES));
            s.push_str(":shard-");
            num(&mut s, rng.range(0, 63));
        }
        (Profile::Escaped, SourceKind::Iri) => {
            s.push_str("/dateien/müller-söhne/");
            num(&mut s, rng.range(1, 9999));
            s.push_str("/été");
        }
    }
    s
}

/// `type`: reverse-DNS names of varied length and case.
pub(crate) fn ty(class: Profile, rng: &mut Rng) -> &'static str {
    let names: &[&'static str] = match class {
        Profile::Small | Profile::Mixed => &[
            "com.example.iot.climate.v1",
            "com.example.iot.airquality.v1",
            "com.example.iot.energy.v1",
            "io.acme.sensor.reading",
            "device.heartbeat",
            "Telemetry.Reading",
        ],
        Profile::Medium => &[
            "com.example.shop.order.created.v2",
            "com.example.shop.order.paid.v2",
            "com.github.pull_request.opened",
            "Microsoft.Storage.BlobCreated",
            "stripe.invoice.paid",
            "order.shipped",
        ],
        Profile::Large => &[
            "com.example.metrics.batch.v1",
            "io.opentelemetry.metrics.export",
            "prometheus.remote_write",
        ],
        Profile::Base64 => &[
            "com.example.camera.thumbnail.v1",
            "com.example.camera.motion.v1",
            "io.acme.vision.frame",
        ],
        Profile::Escaped => &[
            "com.example.escaped.\"quoted\".v1",
            "com.example.message.posted",
            "chat.message.créé",
            "com.example.path\\to\\type",
            "com.example.<html>&amp;.v1",
        ],
    };
    rng.pick(names)
}

/// Strings with characters every encoder treats differently.
const ESCAPY: &[&str] = &[
    "été \"summer\" ☀️",
    "path\\to\\file.txt",
    "<b>bold</b> & more",
    "a/b/c \"quoted\"",
    "naïve → café",
    "日本語 テキスト",
    "emoji 😀 / rocket 🚀",
];

/// `subject`, when the class's producers send one.
pub(crate) fn subject(class: Profile, rng: &mut Rng) -> Option<String> {
    let mut s = String::with_capacity(40);
    match class {
        Profile::Small | Profile::Mixed => {
            if !rng.chance(50) {
                return None;
            }
            s.push_str(rng.pick(&["room ", "salle ", "Zimmer "]));
            padded(&mut s, rng.range(1, 250) as u64, 3);
            s.push_str(rng.pick(&[" café", " entrée", " Küche", " étage"]));
        }
        Profile::Medium => {
            if !rng.chance(90) {
                return None;
            }
            if rng.chance(80) {
                s.push_str("orders/ORD-");
                num(&mut s, rng.range(100_000, 9_999_999));
            } else {
                s.push_str("Bestellung für ");
                s.push_str(rng.pick(CUSTOMERS));
            }
        }
        Profile::Large => {
            if !rng.chance(20) {
                return None;
            }
            s.push_str("web-");
            padded(&mut s, rng.range(1, 400) as u64, 3);
        }
        Profile::Base64 => {
            if !rng.chance(60) {
                return None;
            }
            s.push_str("frame ");
            num(&mut s, rng.range(0, 2_000_000));
        }
        Profile::Escaped => {
            if !rng.chance(90) {
                return None;
            }
            s.push_str("path\\to\\item ");
            num(&mut s, rng.range(0, 99_999));
            s.push_str(" → \"");
            s.push_str(rng.pick(ESCAPY));
            s.push('"');
        }
    }
    Some(s)
}

/// `dataschema`, when the class's producers send one.
pub(crate) fn dataschema(class: Profile, rng: &mut Rng) -> Option<&'static str> {
    let (percent, url) = match class {
        Profile::Small | Profile::Mixed => (10, "https://schemas.example.com/iot/reading/v1.json"),
        Profile::Medium => (70, "https://schemas.example.com/shop/order-event/v2.json"),
        Profile::Large => (60, "https://schemas.example.com/metrics/batch/v1.json"),
        Profile::Base64 => (10, "https://schemas.example.com/camera/frame/v3.json"),
        Profile::Escaped => (10, "https://schemas.example.com/mq/message/v1.json?rev=2"),
    };
    rng.chance(percent).then_some(url)
}

pub(crate) const CUSTOMERS: &[&str] = &[
    "José Müller",
    "Zoë O'Brien",
    "Ana Łukasiewicz",
    "Søren Kierkegaard",
    "Amélie Poulain",
    "佐藤 花子",
];

// Extension names of every length from 1 to 20, by the type they carry.
const STRING_EXTENSIONS: &[&str] = &[
    "x",
    "region",
    "tenant",
    "deviceid",
    "traceparent",
    "tracestate",
    "correlationid",
    "partitionkey",
    "authid",
    "authtype",
    "dataref",
    "locale",
    "origin",
    "k8scluster",
    "comexampleenv",
    "sequencetype",
    "knativearrivaltime",
    "comexamplecustomerid",
];
const INTEGER_EXTENSIONS: &[&str] = &[
    "ttl",
    "seqno",
    "attempt",
    "priority",
    "partition",
    "retrycount",
    "sampledrate",
    "expiryseconds",
    "shard",
    "hops",
    "batchsize",
    "lagms",
    "quotaremaining",
];
const BOOLEAN_EXTENSIONS: &[&str] = &[
    "debug",
    "sampled",
    "replayed",
    "isretry",
    "test",
    "dryrun",
    "compressed",
    "encrypted",
    "signed",
    "urgent",
    "internal",
    "partial",
    "synthetic",
];

/// `count` extensions with distinct names; of type `only` when given, else
/// each of a drawn type.
pub(crate) fn extensions(
    class: Profile,
    count: u8,
    only: Option<ExtensionType>,
    rng: &mut Rng,
) -> Vec<(&'static str, ExtValue)> {
    let mut used: Vec<&'static str> = Vec::with_capacity(usize::from(count));
    let mut out = Vec::with_capacity(usize::from(count));
    for _ in 0..count {
        let t = only.unwrap_or_else(|| {
            rng.weighted(&[
                (ExtensionType::String, 55),
                (ExtensionType::Integer, 30),
                (ExtensionType::Boolean, 15),
            ])
        });
        let pool = match t {
            ExtensionType::String => STRING_EXTENSIONS,
            ExtensionType::Integer => INTEGER_EXTENSIONS,
            ExtensionType::Boolean => BOOLEAN_EXTENSIONS,
        };
        let free: Vec<&'static str> = pool.iter().copied().filter(|n| !used.contains(n)).collect();
        if free.is_empty() {
            break;
        }
        let name = free[rng.below(free.len() as u64) as usize];
        used.push(name);
        let value = match t {
            ExtensionType::String => ExtValue::Str(string_value(class, name, rng)),
            ExtensionType::Integer => ExtValue::Int(integer_value(name, rng)),
            ExtensionType::Boolean => ExtValue::Bool(rng.chance(50)),
        };
        out.push((name, value));
    }
    out
}

fn string_value(class: Profile, name: &str, rng: &mut Rng) -> String {
    if class == Profile::Escaped && rng.chance(50) {
        return rng.pick(ESCAPY).to_owned();
    }
    let mut s = String::new();
    match name {
        "x" => s.push_str(rng.pick(&["1", "a", "on"])),
        "region" => s.push_str(rng.pick(REGIONS)),
        "tenant" => s.push_str(rng.pick(TENANTS)),
        "deviceid" => {
            s.push_str(rng.pick(&["th-", "aq-", "pm-", "co2-"]));
            padded(&mut s, rng.below(1_000_000), 6);
        }
        "traceparent" => {
            s.push_str("00-");
            hex(rng, &mut s, 32);
            s.push('-');
            hex(rng, &mut s, 16);
            s.push_str("-01");
        }
        "tracestate" => {
            s.push_str("congo=t61rcWkgMzE,rojo=");
            hex(rng, &mut s, 16);
        }
        "correlationid" => s = uuid(rng),
        "partitionkey" => {
            s.push_str(rng.pick(&["customer-", "Zürich-", "device/"]));
            num(&mut s, rng.range(1, 99_999));
        }
        "authid" => s.push_str(rng.pick(&[
            "service-account:orders@example.iam",
            "user:josé.müller@example.org",
            "api-key:7f3a",
        ])),
        "authtype" => {
            s.push_str(rng.pick(&["app_user", "service_account", "unauthenticated", "api_key"]))
        }
        "dataref" => {
            s.push_str("https://blob.example.com/c/");
            num(&mut s, rng.range(1, 9999));
            s.push_str("/data.json?sig=abc%2Fdef&exp=3600");
        }
        "locale" => s.push_str(rng.pick(&["de-CH", "fr-FR", "ja-JP", "pt-BR"])),
        "origin" => s.push_str(rng.pick(&["São Paulo", "Zürich", "東京", "Kraków", "Malmö"])),
        "k8scluster" => {
            s.push_str("prod-");
            s.push_str(rng.pick(REGIONS));
        }
        "comexampleenv" => s.push_str(rng.pick(&["prod", "staging", "dev"])),
        "sequencetype" => s.push_str("Integer"),
        "knativearrivaltime" => {
            s = timestamp(TimeKind::Micros, OffsetKind::Utc, rng).unwrap_or_default()
        }
        _ => {
            s.push_str("C-");
            padded(&mut s, rng.below(1_000_000), 6);
        }
    }
    s
}

fn integer_value(name: &str, rng: &mut Rng) -> i32 {
    let (lo, hi) = match name {
        "ttl" => (1, 86_400),
        "seqno" => (0, i64::from(i32::MAX)),
        "attempt" => (1, 5),
        "priority" => (-10, 10),
        "partition" => (0, 63),
        "retrycount" => (0, 3),
        "sampledrate" => (1, 1000),
        "expiryseconds" => (60, 604_800),
        "shard" => (0, 255),
        "hops" => (0, 16),
        "batchsize" => (1, 5000),
        "lagms" => (-2000, 2000),
        _ => (i64::from(i32::MIN), i64::from(i32::MAX)),
    };
    rng.range(lo, hi) as i32
}
