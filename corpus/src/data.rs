//! Event data of every kind ([`DataKind`]) in each class's vocabulary, sized
//! to a byte budget (the written length of the `data` or `data_base64`
//! value).

use crate::attrs::CUSTOMERS;
use crate::json::{write_str_body, JsonOut};
use crate::rng::Rng;
use crate::shape::{DataKind, Escaping, Spacing};
use crate::Profile;

/// The data of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Payload {
    Absent,
    /// JSON text, written with the event's encoder style.
    Json(Vec<u8>),
    /// Text of a non-JSON content type (a JSON string in structured mode).
    Text(String),
    /// Bytes (`data_base64` in structured mode).
    Binary(Vec<u8>),
}

/// The data of `kind` and its `datacontenttype`.
pub(crate) fn payload(
    class: Profile,
    kind: DataKind,
    budget: usize,
    esc: Escaping,
    spacing: Spacing,
    rng: &mut Rng,
) -> (Payload, Option<&'static str>) {
    let json_type = |rng: &mut Rng| {
        rng.weighted(&[
            (Some("application/json"), 70),
            (None, 15),
            (Some("application/json; charset=utf-8"), 10),
            (Some("application/vnd.example.event+json"), 5),
        ])
    };
    match kind {
        DataKind::Object | DataKind::Array | DataKind::Number => {
            let ct = json_type(rng);
            let mut buf = Vec::with_capacity(budget + 64);
            let mut w = JsonOut::new(&mut buf, esc, spacing);
            match kind {
                DataKind::Object => object(class, &mut w, budget, rng),
                DataKind::Array => array(class, &mut w, budget, rng),
                _ => number(class, &mut w, rng),
            }
            (Payload::Json(buf), ct)
        }
        DataKind::String => {
            let ct = json_type(rng);
            let text = lines(class, budget, esc, " | ", rng);
            let mut buf = Vec::with_capacity(text.len() + 2);
            JsonOut::new(&mut buf, esc, spacing).string(&text);
            (Payload::Json(buf), ct)
        }
        DataKind::Text => {
            let ct = rng.weighted(&[
                (Some("text/plain"), 60),
                (Some("text/plain; charset=utf-8"), 40),
            ]);
            (Payload::Text(lines(class, budget, esc, "\n", rng)), ct)
        }
        DataKind::Xml => {
            let ct = rng.weighted(&[(Some("application/xml"), 70), (Some("text/xml"), 30)]);
            (Payload::Text(xml(class, budget, esc, rng)), ct)
        }
        DataKind::Base64 => {
            let ct = if class == Profile::Base64 {
                rng.weighted(&[
                    (Some("image/jpeg"), 40),
                    (Some("application/octet-stream"), 30),
                    (Some("image/png"), 20),
                    (None, 10),
                ])
            } else {
                rng.weighted(&[
                    (Some("application/octet-stream"), 50),
                    (Some("application/protobuf"), 25),
                    (Some("application/avro"), 15),
                    (None, 10),
                ])
            };
            let len = if class == Profile::Base64 {
                // 1000..=1048 bytes: every padding case occurs.
                1000 + rng.below(49) as usize
            } else {
                (budget.saturating_sub(2) / 4 * 3).max(16)
            };
            (Payload::Binary(bytes(ct, len, rng)), ct)
        }
        DataKind::Absent => {
            // Some producers set a content type even without data.
            let ct = rng.weighted(&[(None, 70), (Some("application/json"), 30)]);
            (Payload::Absent, ct)
        }
    }
}

/// Random bytes that start like their media type (and so never parse as JSON).
fn bytes(content_type: Option<&str>, len: usize, rng: &mut Rng) -> Vec<u8> {
    let magic: &[u8] = match content_type {
        Some("image/jpeg") => &[0xFF, 0xD8, 0xFF, 0xE0],
        Some("image/png") => &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A],
        _ => &[0x80 | rng.below(128) as u8],
    };
    let mut out = Vec::with_capacity(len);
    out.extend_from_slice(&magic[..magic.len().min(len)]);
    while out.len() < len {
        let word = rng.next_u64().to_le_bytes();
        let take = (len - out.len()).min(8);
        out.extend_from_slice(&word[..take]);
    }
    out
}

const READINGS: &[(&str, i64, i64, u32)] = &[
    ("temperature", -1500, 3800, 2),
    ("humidity", 150, 950, 1),
    ("pressure", 97_000, 104_000, 2),
    ("battery", 5, 100, 0),
    ("co2", 380, 2500, 0),
    ("pm25", 0, 1500, 1),
    ("voc", 0, 500, 0),
    ("lux", 0, 20_000, 0),
    ("noise", 250, 950, 1),
    ("rssi", -110, -30, 0),
    ("uptime", 0, 9_999_999, 0),
];

fn reading(w: &mut JsonOut<'_>, i: usize, rng: &mut Rng) {
    let (name, lo, hi, scale) = READINGS[i % READINGS.len()];
    if i < READINGS.len() {
        w.key(name);
    } else {
        let mut n = name.to_owned();
        n.push_str(itoa::Buffer::new().format(i / READINGS.len() + 1));
        w.key(&n);
    }
    let v = rng.range(lo, hi);
    if scale == 0 {
        w.int(v);
    } else {
        w.decimal(v, scale);
    }
}

const PRODUCTS: &[&str] = &[
    "Café Crème beans 1kg",
    "Espresso cups \"Milano\" (set of 4)",
    "Grinder Mühle Pro 2",
    "Filter papers size 4, 100 pcs",
    "Thé vert Sencha 250 g",
    "抹茶 Matcha powder 100g",
    "Kettle gooseneck 1.2l",
    "Descaler \"EcoClean\" 500ml",
];

fn order_item(w: &mut JsonOut<'_>, rng: &mut Rng) {
    w.begin_object();
    let mut sku = String::from("SKU-");
    sku.push_str(itoa::Buffer::new().format(rng.range(10_000, 99_999)));
    w.member_str("sku", &sku);
    w.member_str("name", rng.pick(PRODUCTS));
    w.member_int("qty", rng.range(1, 6));
    w.member_decimal("price", rng.range(199, 14_999), 2);
    w.key("tags");
    w.begin_array();
    w.string(rng.pick(&["coffee", "tea", "equipment", "accessories"]));
    w.string(rng.pick(&["organic", "fair-trade", "bestseller", "new"]));
    w.end_array();
    w.end_object();
}

fn sample(w: &mut JsonOut<'_>, t: i64, value: &mut i64, rng: &mut Rng) {
    *value = (*value + rng.range(-2_500, 2_500)).clamp(1, 99_999);
    w.begin_array();
    w.int(t);
    w.decimal(*value, 3);
    w.end_array();
}

fn detection(w: &mut JsonOut<'_>, rng: &mut Rng) {
    w.begin_object();
    w.member_str(
        "label",
        rng.pick(&["person", "car", "bicycle", "dog", "package"]),
    );
    w.member_decimal("score", rng.range(500, 999), 3);
    w.key("box");
    w.begin_array();
    for _ in 0..4 {
        w.int(rng.range(0, 1920));
    }
    w.end_array();
    w.end_object();
}

const MESSAGES: &[&str] = &[
    "line one\nline two\t\"quoted\" \\ é😀",
    "He said \"hi\" & left <3",
    "C:\\temp\\logs\\app.log → rotated",
    "<b>bold</b> &amp; <i>italic</i>",
    "naïve café — \"été\" ☀️",
    "tab\there, quote\" and slash /",
];

fn message(w: &mut JsonOut<'_>, rng: &mut Rng) {
    w.begin_object();
    w.member_str("from", rng.pick(CUSTOMERS));
    w.member_str("text", rng.pick(MESSAGES));
    w.member_int("at", rng.range(1_700_000_000, 1_800_000_000));
    w.end_object();
}

/// A JSON object of about `budget` bytes.
fn object(class: Profile, w: &mut JsonOut<'_>, budget: usize, rng: &mut Rng) {
    w.begin_object();
    match class {
        Profile::Small | Profile::Mixed => {
            let mut i = 0;
            while i == 0 || w.len() + 1 < budget {
                reading(w, i, rng);
                i += 1;
            }
        }
        Profile::Medium => {
            let mut order = String::from("ORD-");
            order.push_str(itoa::Buffer::new().format(rng.range(100_000, 9_999_999)));
            w.key("order");
            w.begin_object();
            w.member_str("id", &order);
            w.member_str("status", rng.pick(&["created", "paid", "shipped"]));
            w.member_str("storefront", "Café Example GmbH");
            w.member_str("currency", "EUR");
            w.key("customer");
            w.begin_object();
            w.member_str("name", rng.pick(CUSTOMERS));
            let mut email = String::from("customer");
            email.push_str(itoa::Buffer::new().format(rng.range(1, 99_999)));
            email.push_str("@example.org");
            w.member_str("email", &email);
            w.member_str(
                "note",
                rng.pick(&[
                    "Please ring \"twice\".\nLeave at the door.",
                    "Gift — \"no invoice\" in the box.\nThanks!",
                    "Call before delivery:\n\t\"+49 30 1234567\"",
                ]),
            );
            w.end_object();
            w.key("items");
            w.begin_array();
            // What follows the items takes about 200 bytes.
            let mut n = 0;
            while n == 0 || w.len() + 200 < budget {
                order_item(w, rng);
                n += 1;
            }
            w.end_array();
            w.member_decimal("total", rng.range(1_000, 99_999), 2);
            w.key("shipping");
            w.begin_object();
            w.member_str("method", rng.pick(&["standard", "express", "pickup"]));
            w.member_str(
                "line1",
                rng.pick(&["Hauptstraße 12", "Rue de l’Église 3", "Calle Mayor 7"]),
            );
            w.member_str(
                "city",
                rng.pick(&["München", "Zürich", "São Paulo", "Kraków", "東京"]),
            );
            w.member_str("country", rng.pick(&["DE", "CH", "BR", "PL", "JP"]));
            w.end_object();
            w.key("giftwrap");
            w.boolean(rng.chance(20));
            w.key("coupon");
            if rng.chance(30) {
                w.string("SPRING20");
            } else {
                w.raw("null");
            }
            w.end_object();
        }
        Profile::Large => {
            let metric = rng.pick(&[
                "http.server.request.duration",
                "system.cpu.utilization",
                "process.memory.rss",
            ]);
            w.member_str("metric", metric);
            w.member_str("unit", rng.pick(&["ms", "percent", "MiB"]));
            w.key("labels");
            w.begin_object();
            w.member_str(
                "service",
                rng.pick(&["checkout", "search", "catalog", "auth"]),
            );
            w.member_str("env", "prod");
            w.end_object();
            let start = 1_700_000_000_000 + rng.range(0, 200_000_000_000);
            w.member_int("start", start);
            w.member_int("intervalms", 1000);
            w.key("samples");
            w.begin_array();
            let mut value = rng.range(5_000, 80_000);
            let mut i = 0;
            while i == 0 || w.len() + 2 < budget {
                sample(w, start + i * 1000, &mut value, rng);
                i += 1;
            }
            w.end_array();
        }
        Profile::Base64 => {
            w.member_int("width", 1920);
            w.member_int("height", 1080);
            w.member_str("format", rng.pick(&["jpeg", "png"]));
            w.key("detections");
            w.begin_array();
            let mut n = 0;
            while n == 0 || w.len() + 2 < budget {
                detection(w, rng);
                n += 1;
            }
            w.end_array();
        }
        Profile::Escaped => {
            w.member_str("message", rng.pick(MESSAGES));
            let mut path = String::from("C:\\temp\\");
            path.push_str(itoa::Buffer::new().format(rng.range(1, 99_999)));
            path.push_str(".log");
            w.member_str("path", &path);
            w.member_str("html", "<b>bold</b> &amp; </script>");
            w.member_str("control", "\u{8}\u{c}\r\u{0}\u{1f}");
            w.member_int("n", rng.range(-1000, 1000));
            w.key("thread");
            w.begin_array();
            while w.len() + 2 < budget {
                message(w, rng);
            }
            w.end_array();
        }
    }
    w.end_object();
}

/// A JSON array of about `budget` bytes.
fn array(class: Profile, w: &mut JsonOut<'_>, budget: usize, rng: &mut Rng) {
    w.begin_array();
    let start = 1_700_000_000_000 + rng.range(0, 200_000_000_000);
    let mut value = rng.range(5_000, 80_000);
    let mut i = 0;
    while i == 0 || w.len() + 1 < budget {
        match class {
            Profile::Small | Profile::Mixed => w.decimal(rng.range(-1500, 3800), 2),
            Profile::Medium => order_item(w, rng),
            Profile::Large => sample(w, start + i * 1000, &mut value, rng),
            Profile::Base64 => detection(w, rng),
            Profile::Escaped => w.string(rng.pick(MESSAGES)),
        }
        i += 1;
    }
    w.end_array();
}

fn number(class: Profile, w: &mut JsonOut<'_>, rng: &mut Rng) {
    match class {
        Profile::Small | Profile::Mixed => w.decimal(rng.range(-1500, 3800), 2),
        Profile::Large => {
            let mut s = String::new();
            s.push_str(itoa::Buffer::new().format(rng.range(1, 9)));
            s.push('.');
            s.push_str(itoa::Buffer::new().format(rng.range(10, 99)));
            s.push_str("e3");
            w.raw(&s)
        }
        _ => w.int(rng.range(-1_000_000, 1_000_000)),
    }
}

/// Appends a number in `lo..=hi`.
fn n(out: &mut String, rng: &mut Rng, lo: i64, hi: i64) {
    out.push_str(itoa::Buffer::new().format(rng.range(lo, hi)));
}

/// One line of human-readable text in the class's vocabulary.
fn line(class: Profile, rng: &mut Rng, out: &mut String) {
    match class {
        Profile::Small | Profile::Mixed => {
            out.push_str("climate,site=");
            out.push_str(rng.pick(&["berlin", "lisbon", "osaka", "lima"]));
            out.push_str(",room=");
            n(out, rng, 1, 250);
            out.push_str(" temperature=");
            n(out, rng, -15, 38);
            out.push_str(".5,humidity=");
            n(out, rng, 15, 95);
            out.push_str(" 17");
            n(out, rng, 10_000_000, 99_999_999);
            out.push_str("000000000");
        }
        Profile::Medium => {
            out.push_str("- ");
            n(out, rng, 1, 6);
            out.push_str(" × ");
            out.push_str(rng.pick(PRODUCTS));
            out.push_str(": ");
            n(out, rng, 2, 149);
            out.push_str(",99 € — für ");
            out.push_str(rng.pick(CUSTOMERS));
        }
        Profile::Large => {
            out.push_str(rng.pick(&[
                "http_server_duration_ms{host=\"web-",
                "system_cpu_utilization{host=\"web-",
                "process_memory_rss{host=\"web-",
            ]));
            n(out, rng, 100, 400);
            out.push_str("\",service=\"checkout\"} ");
            n(out, rng, 1, 99_999);
            out.push_str(".125 17");
            n(out, rng, 10_000_000, 99_999_999);
            out.push_str("000");
        }
        Profile::Base64 => {
            out.push_str("Detected: ");
            out.push_str(rng.pick(&["person", "car", "bicycle", "dog", "package"]));
            out.push_str(" (0.");
            n(out, rng, 50, 99);
            out.push_str(") at [");
            n(out, rng, 0, 1920);
            out.push_str(", ");
            n(out, rng, 0, 1080);
            out.push_str("] — entrée ");
            n(out, rng, 1, 64);
        }
        Profile::Escaped => {
            out.push_str(rng.pick(CUSTOMERS));
            out.push_str(": ");
            out.push_str(rng.pick(MESSAGES));
        }
    }
}

/// Lines of text joined by `sep`, about `budget` bytes once written as a
/// JSON string with `esc`.
fn lines(class: Profile, budget: usize, esc: Escaping, sep: &str, rng: &mut Rng) -> String {
    let mut text = String::with_capacity(budget);
    let mut written = 2; // the quotes
    let mut scratch = Vec::new();
    let mut l = String::new();
    while text.is_empty() || written < budget {
        l.clear();
        if !text.is_empty() {
            l.push_str(sep);
        }
        line(class, rng, &mut l);
        scratch.clear();
        write_str_body(&mut scratch, &l, esc);
        written += scratch.len();
        text.push_str(&l);
    }
    text
}

fn xml_escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// An XML document of about `budget` bytes once written as a JSON string.
fn xml(class: Profile, budget: usize, esc: Escaping, rng: &mut Rng) -> String {
    let mut doc = String::with_capacity(budget);
    if rng.chance(50) {
        doc.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    }
    let (open, close) = match class {
        Profile::Small | Profile::Mixed => ("<readings sensor=\"th-004211\">", "</readings>"),
        Profile::Medium => ("<order id=\"ORD-1234567\" status=\"paid\">", "</order>"),
        Profile::Large => (
            "<samples metric=\"system.cpu.utilization\" unit=\"percent\">",
            "</samples>",
        ),
        Profile::Base64 => ("<frame camera=\"entrée-04\">", "</frame>"),
        Profile::Escaped => ("<messages>", "</messages>"),
    };
    doc.push_str(open);
    let mut scratch = Vec::new();
    write_str_body(&mut scratch, &doc, esc);
    let mut written = scratch.len() + close.len() + 2;
    let mut el = String::new();
    loop {
        el.clear();
        match class {
            Profile::Small | Profile::Mixed => {
                el.push_str("<reading name=\"temperature\" unit=\"°C\">");
                n(&mut el, rng, -15, 38);
                el.push_str(".25</reading>");
            }
            Profile::Medium => {
                el.push_str("<item sku=\"SKU-");
                n(&mut el, rng, 10_000, 99_999);
                el.push_str("\" qty=\"");
                n(&mut el, rng, 1, 6);
                el.push_str("\">");
                xml_escape(rng.pick(PRODUCTS), &mut el);
                el.push_str("</item>");
            }
            Profile::Large => {
                el.push_str("<s t=\"17");
                n(&mut el, rng, 10_000_000, 99_999_999);
                el.push_str("000\" v=\"");
                n(&mut el, rng, 1, 99_999);
                el.push_str(".5\"/>");
            }
            Profile::Base64 => {
                el.push_str("<detection label=\"");
                el.push_str(rng.pick(&["person", "car", "bicycle", "dog"]));
                el.push_str("\" score=\"0.");
                n(&mut el, rng, 50, 99);
                el.push_str("\"/>");
            }
            Profile::Escaped => {
                el.push_str("<m from=\"");
                xml_escape(rng.pick(CUSTOMERS), &mut el);
                el.push_str("\">");
                xml_escape(rng.pick(MESSAGES), &mut el);
                el.push_str("</m>");
            }
        }
        scratch.clear();
        write_str_body(&mut scratch, &el, esc);
        written += scratch.len();
        doc.push_str(&el);
        if written >= budget {
            break;
        }
    }
    doc.push_str(close);
    doc
}
