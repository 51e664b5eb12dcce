//! One event as values (attributes and data), built from a [`Shape`], and
//! written in structured mode (JSON) or binary mode (headers and a body).

use crate::attrs::{self, ExtValue};
use crate::data::{self, Payload};
use crate::json::write_str;
use crate::rng::Rng;
use crate::shape::{Order, Shape, Spacing};
use crate::{BinaryMessage, Profile};

// Stream names of the content draws (distinct from the shape streams).
const C_ID: u64 = 101;
const C_SOURCE: u64 = 102;
const C_TYPE: u64 = 103;
const C_SUBJECT: u64 = 104;
const C_TIME: u64 = 105;
const C_SCHEMA: u64 = 106;
const C_EXTENSIONS: u64 = 107;
const C_DATA: u64 = 108;

#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub(crate) shape: Shape,
    pub(crate) id: String,
    pub(crate) source: String,
    pub(crate) ty: String,
    pub(crate) subject: Option<String>,
    pub(crate) time: Option<String>,
    pub(crate) datacontenttype: Option<&'static str>,
    pub(crate) dataschema: Option<&'static str>,
    pub(crate) extensions: Vec<(&'static str, ExtValue)>,
    pub(crate) data: Payload,
}

impl Model {
    /// The event of `shape`, about `target` bytes in structured mode. With
    /// `fill`, a `subject` takes up what data that cannot grow (a number, no
    /// data) leaves short of `target`.
    pub(crate) fn build(shape: Shape, rng: &Rng, target: usize, fill: bool) -> Model {
        let class = shape.class;
        let mut id = attrs::id(shape.id, &mut rng.fork(C_ID));
        if class == Profile::Escaped {
            // Message ids with a path and a quoted word.
            let mut r = rng.fork(C_ID ^ 0xff);
            let mut s = String::from("msg/");
            s.push_str(itoa::Buffer::new().format(r.range(2019, 2026)));
            s.push_str("/\"");
            s.push_str(r.pick(&["alpha", "bêta", "gamma", "délta"]));
            s.push_str("\"/");
            s.push_str(&id);
            id = s;
        }
        let mut model = Model {
            id,
            source: attrs::source(class, shape.source, &mut rng.fork(C_SOURCE)),
            ty: attrs::ty(class, &mut rng.fork(C_TYPE)).to_owned(),
            subject: attrs::subject(class, &mut rng.fork(C_SUBJECT)),
            time: attrs::timestamp(shape.time, shape.offset, &mut rng.fork(C_TIME)),
            datacontenttype: None,
            dataschema: attrs::dataschema(class, &mut rng.fork(C_SCHEMA)),
            extensions: attrs::extensions(
                class,
                shape.extensions,
                shape.extension_type,
                &mut rng.fork(C_EXTENSIONS),
            ),
            data: Payload::Absent,
            shape,
        };
        // The data takes what the attributes leave of the target (about 45
        // bytes for the content type and the data member's name).
        let mut scratch = Vec::with_capacity(target * 2);
        model.write_json(&mut scratch);
        let budget = target.saturating_sub(scratch.len() + 45).max(16);
        let (payload, content_type) = data::payload(
            class,
            model.shape.data,
            budget,
            model.shape.escaping,
            model.shape.spacing,
            &mut rng.fork(C_DATA),
        );
        model.data = payload;
        model.datacontenttype = content_type;
        if fill {
            scratch.clear();
            model.write_json(&mut scratch);
            model.fill_subject(target.saturating_sub(scratch.len()));
        }
        model
    }

    /// Lengthens (or adds) `subject` by about `missing` bytes.
    fn fill_subject(&mut self, missing: usize) {
        if missing < 16 {
            return;
        }
        let subject = self.subject.get_or_insert_with(String::new);
        let mut budget = missing;
        if subject.is_empty() {
            subject.push_str("readings");
            budget = budget.saturating_sub("\"subject\":\"readings\",".len());
        }
        let end = subject.len() + budget;
        let mut part = 0u32;
        while subject.len() < end {
            subject.push_str("/part-");
            subject.push_str(itoa::Buffer::new().format(part));
            part += 1;
        }
    }

    /// The members in canonical order, each value written as JSON.
    fn members(&self) -> Vec<(&'static str, Vec<u8>)> {
        let esc = self.shape.escaping;
        let string = |s: &str| {
            let mut v = Vec::with_capacity(s.len() + 2);
            write_str(&mut v, s, esc);
            v
        };
        let mut m = Vec::with_capacity(10 + self.extensions.len());
        m.push(("specversion", string("1.0")));
        m.push(("id", string(&self.id)));
        m.push(("source", string(&self.source)));
        m.push(("type", string(&self.ty)));
        if let Some(s) = &self.subject {
            m.push(("subject", string(s)));
        }
        if let Some(t) = &self.time {
            m.push(("time", string(t)));
        }
        if let Some(ct) = self.datacontenttype {
            m.push(("datacontenttype", string(ct)));
        }
        if let Some(s) = self.dataschema {
            m.push(("dataschema", string(s)));
        }
        for (name, value) in &self.extensions {
            let v = match value {
                ExtValue::Str(s) => string(s),
                ExtValue::Int(i) => itoa::Buffer::new().format(*i).as_bytes().to_vec(),
                ExtValue::Bool(b) => if *b { &b"true"[..] } else { b"false" }.to_vec(),
            };
            m.push((name, v));
        }
        match &self.data {
            Payload::Absent => {}
            Payload::Json(j) => m.push(("data", j.clone())),
            Payload::Text(t) => m.push(("data", string(t))),
            Payload::Binary(b) => {
                // Escaped like any string: PHP writes `+\/` for `+/`.
                let mut text = Vec::with_capacity(b.len() / 3 * 4 + 4);
                crate::base64::encode(b, &mut text);
                let text = String::from_utf8(text).expect("base64 is ASCII");
                m.push(("data_base64", string(&text)));
            }
        }
        m
    }

    /// Appends the event as one line of structured-mode JSON.
    pub(crate) fn write_json(&self, out: &mut Vec<u8>) {
        let mut members = self.members();
        if self.shape.order == Order::Sorted {
            members.sort_by(|a, b| a.0.cmp(b.0));
        }
        let spaced = self.shape.spacing == Spacing::Spaced;
        out.push(b'{');
        for (i, (name, value)) in members.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(if spaced { b", " } else { b"," });
            }
            out.push(b'"');
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(if spaced { b"\": " } else { b"\":" });
            out.extend_from_slice(value);
        }
        out.push(b'}');
    }

    /// The event as a binary-mode message: `prefix` + attribute name headers
    /// (values through `encode`), `content_type` when there is one, and the
    /// data as the body.
    pub(crate) fn binary(
        &self,
        prefix: &[u8],
        content_type: &[u8],
        encode: fn(&[u8], &mut Vec<u8>),
    ) -> BinaryMessage {
        let mut headers = Vec::with_capacity(8 + self.extensions.len());
        let mut header = |name: &str, value: &[u8]| {
            let mut n = prefix.to_vec();
            n.extend_from_slice(name.as_bytes());
            let mut v = Vec::with_capacity(value.len());
            encode(value, &mut v);
            headers.push((n, v));
        };
        header("specversion", b"1.0");
        header("id", self.id.as_bytes());
        header("source", self.source.as_bytes());
        header("type", self.ty.as_bytes());
        if let Some(s) = &self.subject {
            header("subject", s.as_bytes());
        }
        if let Some(t) = &self.time {
            header("time", t.as_bytes());
        }
        if let Some(s) = self.dataschema {
            header("dataschema", s.as_bytes());
        }
        for (name, value) in &self.extensions {
            match value {
                ExtValue::Str(s) => header(name, s.as_bytes()),
                ExtValue::Int(i) => header(name, itoa::Buffer::new().format(*i).as_bytes()),
                ExtValue::Bool(b) => header(name, if *b { b"true" } else { b"false" }),
            }
        }
        if let Some(ct) = self.datacontenttype {
            headers.push((content_type.to_vec(), ct.as_bytes().to_vec()));
        }
        let body = match &self.data {
            Payload::Absent => Vec::new(),
            Payload::Json(j) => j.clone(),
            Payload::Text(t) => t.as_bytes().to_vec(),
            Payload::Binary(b) => b.clone(),
        };
        BinaryMessage { headers, body }
    }
}
