//! One attribute model: the JSON parser, the builder, `OwnedEvent` and a
//! binary-mode read accept and reject the same (name, value, version) rows
//! (CORE, NAME, TYPE, V03 rules; issue 12). Each front end gets the row
//! through its own API; a row a front end has no way to express is skipped
//! for it (`None` from its driver), never bent to fit.

use cloudevents_codec::binding::{http, HeaderBuf, HeaderSink};
use cloudevents_codec::{json, ErrorKind, Event, EventBuilder, OwnedEvent, SpecVersion, Text};

use SpecVersion::{V0_3, V1_0};

/// `Ok(())` or the error kind every front end must give.
type Expect = Result<(), ErrorKind>;

const ROWS: &[(&str, &str, SpecVersion, Expect)] = &[
    // CORE-2, CORE-5, CORE-8: non-empty Strings.
    ("id", "x", V1_0, Ok(())),
    ("id", "", V1_0, Err(ErrorKind::InvalidValue)),
    ("type", "com.example.t", V1_0, Ok(())),
    ("type", "", V1_0, Err(ErrorKind::InvalidValue)),
    ("subject", "", V1_0, Err(ErrorKind::InvalidValue)),
    ("subject", "caf\u{e9} \u{1F600}", V1_0, Ok(())),
    // TYPE-4: no control characters or noncharacters.
    ("subject", "a\u{7f}b", V1_0, Err(ErrorKind::InvalidValue)),
    ("id", "\u{fdd0}", V1_0, Err(ErrorKind::InvalidValue)),
    // CORE-3, TYPE-7, TYPE-7a: URI-references, IRIs included.
    ("source", "/\u{e9}v\u{e9}nements", V1_0, Ok(())),
    ("source", "urn:iot:plant-4:line-8", V1_0, Ok(())),
    ("source", "1-555-123-4567", V1_0, Ok(())),
    ("source", "http://[::1", V1_0, Err(ErrorKind::InvalidValue)),
    ("source", "", V1_0, Err(ErrorKind::InvalidValue)),
    // CORE-9, TYPE-8.
    ("time", "2018-04-05T17:31:00Z", V1_0, Ok(())),
    ("time", "2016-12-31T23:59:60Z", V1_0, Ok(())),
    (
        "time",
        "2018-04-05 17:31:00Z",
        V1_0,
        Err(ErrorKind::InvalidValue),
    ),
    ("time", "", V1_0, Err(ErrorKind::InvalidValue)),
    // CORE-6.
    ("datacontenttype", "text/plain", V1_0, Ok(())),
    (
        "datacontenttype",
        "not a media type",
        V1_0,
        Err(ErrorKind::InvalidValue),
    ),
    // CORE-7, TYPE-6: absolute, no fragment.
    ("dataschema", "https://example.com/s", V1_0, Ok(())),
    (
        "dataschema",
        "/relative",
        V1_0,
        Err(ErrorKind::InvalidValue),
    ),
    (
        "dataschema",
        "https://x/y#f",
        V1_0,
        Err(ErrorKind::InvalidValue),
    ),
    // V03-7: the other version's names are ordinary extensions.
    ("schemaurl", "/relative", V1_0, Ok(())),
    ("datacontentencoding", "gzip", V1_0, Ok(())),
    // V03-5: 0.3 `schemaurl` is a URI-reference; `dataschema` an extension.
    ("schemaurl", "/relative", V0_3, Ok(())),
    ("schemaurl", "", V0_3, Err(ErrorKind::InvalidValue)),
    ("dataschema", "anything", V0_3, Ok(())),
    // V03-3: only base64.
    ("datacontentencoding", "BASE64", V0_3, Ok(())),
    (
        "datacontentencoding",
        "gzip",
        V0_3,
        Err(ErrorKind::InvalidValue),
    ),
    // CORE-11, NAME-1: extensions; an empty String is a String.
    ("myext", "", V1_0, Ok(())),
    ("myext", "v", V0_3, Ok(())),
    ("myext", "a\u{0}b", V1_0, Err(ErrorKind::InvalidValue)),
    ("my_ext", "v", V1_0, Err(ErrorKind::InvalidName)),
    ("my.ext", "v", V0_3, Err(ErrorKind::InvalidName)),
    ("opcuametadatamajorversion", "1", V1_0, Ok(())),
    // CORE-4.
    (
        "specversion",
        "2.0",
        V1_0,
        Err(ErrorKind::UnsupportedVersion),
    ),
];

fn version_text(v: SpecVersion) -> &'static str {
    v.as_str()
}

fn outcome<T>(r: Result<T, cloudevents_codec::Error>) -> Expect {
    r.map(drop).map_err(|e| e.kind())
}

/// A JSON event with the row's member (replacing the base member of the
/// same name).
fn json_driver(name: &str, value: &str, v: SpecVersion) -> Option<Expect> {
    let mut members = vec![
        ("specversion", version_text(v).to_string()),
        ("id", "1".to_string()),
        ("source", "/s".to_string()),
        ("type", "t".to_string()),
    ];
    match members.iter_mut().find(|(n, _)| *n == name) {
        Some(m) => m.1 = value.to_string(),
        None => members.push((name, value.to_string())),
    }
    let mut out = Vec::from(&b"{"[..]);
    for (i, (n, val)) in members.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        Text::plain(n).write_json(&mut out);
        out.push(b':');
        Text::plain(val).write_json(&mut out);
    }
    out.push(b'}');
    Some(outcome(Event::from_json(&out)))
}

/// The same attribute as an HTTP binary-mode header, percent-encoded.
fn http_driver(name: &str, value: &str, v: SpecVersion) -> Option<Expect> {
    let mut headers = HeaderBuf::new();
    let base = [
        ("specversion", version_text(v)),
        ("id", "1"),
        ("source", "/s"),
        ("type", "t"),
    ];
    for (n, val) in base {
        if n != name {
            headers
                .header_with(b"ce-", n.as_bytes(), &mut |out| {
                    Text::plain(val).write_percent(out)
                })
                .unwrap();
        }
    }
    headers
        .header_with(b"ce-", name.as_bytes(), &mut |out| {
            Text::plain(value).write_percent(out)
        })
        .unwrap();
    Some(outcome(http::read(&headers, b"")))
}

/// The builder's setters: core attributes by their 1.0 names (a 0.3
/// event's `dataschema` is its `schemaurl`), everything else an extension.
fn builder_driver(name: &str, value: &str, v: SpecVersion) -> Option<Expect> {
    let mut b = EventBuilder::new("1", "/s", "t");
    b.specversion(v);
    match (name, v) {
        ("specversion", _) | ("datacontentencoding", V0_3) => return None,
        ("id", _) => b.id(value),
        ("source", _) => b.source(value),
        ("type", _) => b.ty(value),
        ("subject", _) => b.subject(value),
        ("time", _) => b.time(value),
        ("datacontenttype", _) => b.datacontenttype(value),
        ("dataschema", V1_0) | ("schemaurl", V0_3) => b.dataschema(value),
        _ => b.extension_str(name, value),
    };
    Some(outcome(b.build()))
}

/// `OwnedEvent`'s validating setters.
fn owned_driver(name: &str, value: &str, v: SpecVersion) -> Option<Expect> {
    let mut e = OwnedEvent::new("1", "/s", "t").unwrap();
    e.set_specversion(v).unwrap();
    let value = value.to_string();
    let r = match (name, v) {
        ("specversion", _) | ("datacontentencoding", V0_3) => return None,
        ("id", _) => e.set_id(value),
        ("source", _) => e.set_source(value),
        ("type", _) => e.set_type(value),
        ("subject", _) => e.set_subject(Some(value)),
        ("time", _) => e.set_time(Some(value)),
        ("datacontenttype", _) => e.set_datacontenttype(Some(value)),
        ("dataschema", V1_0) | ("schemaurl", V0_3) => e.set_dataschema(Some(value)),
        _ => e.set_extension(name, value),
    };
    // A value the setter took must also leave a valid event behind.
    if r.is_ok() {
        let mut out = Vec::new();
        json::write_event(&e.view(), &mut out);
        Event::from_json(&out).expect("an owned event writes valid JSON");
    }
    Some(outcome(r))
}

#[test]
fn front_ends_agree_on_every_row() {
    type Driver = fn(&str, &str, SpecVersion) -> Option<Expect>;
    let drivers: [(&str, Driver); 4] = [
        ("JSON parser", json_driver),
        ("HTTP binary read", http_driver),
        ("EventBuilder", builder_driver),
        ("OwnedEvent", owned_driver),
    ];
    let mut checked = 0;
    for &(name, value, v, expect) in ROWS {
        for (front_end, driver) in drivers {
            if let Some(got) = driver(name, value, v) {
                assert_eq!(got, expect, "{front_end}: {name}={value:?} in {v}");
                checked += 1;
            }
        }
    }
    assert!(
        checked > ROWS.len() * 3,
        "every row reaches most front ends"
    );
}

#[test]
fn builder_from_event_takes_escaped_and_percent_encoded_values() {
    // Issue 12: values keep their wire encoding and are validated decoded.
    let escaped = Event::from_json(
        br#"{"specversion":"1.0","id":"caf\u00e9","source":"\/s","type":"t","ext":"a\"b"}"#,
    )
    .unwrap();
    let rebuilt = EventBuilder::from_event(&escaped).build().unwrap();
    assert_eq!(rebuilt, escaped);

    let headers: &[(&str, &str)] = &[
        ("ce-specversion", "1.0"),
        ("ce-id", "a%20b"),
        ("ce-source", "/%C3%A9"),
        ("ce-type", "\"quoted\""),
        ("ce-subject", "Euro%20%E2%82%AC"),
    ];
    let binary = http::read(headers.iter().copied(), b"")
        .unwrap()
        .into_event()
        .unwrap();
    let rebuilt = EventBuilder::from_event(&binary)
        .subject("changed")
        .build()
        .unwrap();
    assert!(rebuilt.id() == "a b" && rebuilt.subject().unwrap() == "changed");
}

#[test]
fn reserved_names_follow_the_version() {
    // NAME-5: an extension may not take a name its version gives meaning to;
    // the same name is free in the other version (V03-7).
    let mut e = OwnedEvent::new("1", "/s", "t").unwrap();
    e.set_extension("schemaurl", "x").unwrap();
    assert_eq!(
        e.set_specversion(V0_3).unwrap_err().kind(),
        ErrorKind::InvalidName
    );
    assert_eq!(e.specversion(), V1_0, "a refused change changes nothing");
    assert_eq!(
        e.set_extension("dataschema", "x").unwrap_err().kind(),
        ErrorKind::InvalidName
    );
    // Parsed events agree: 1.0 `schemaurl` is an extension that copies over.
    let parsed = Event::from_json(
        br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","schemaurl":"x"}"#,
    )
    .unwrap();
    let owned = parsed.clone().into_owned();
    assert_eq!(owned.view(), parsed);
}

/// The library's source files, with test modules and comments dropped.
fn library_code() -> Vec<(std::path::PathBuf, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    files
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "tests.rs"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let code: String = text
                .lines()
                .take_while(|l| !l.trim_start().starts_with("#[cfg(test)]"))
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            (p, code)
        })
        .collect()
}

#[test]
fn attribute_names_are_spelled_in_the_model() {
    // Issue 12: outside src/attrs.rs, these names appear as literals in at
    // most two library files (docs and tests aside).
    let code = library_code();
    assert!(code.len() > 20, "found the library sources");
    for name in ["schemaurl", "dataschema", "datacontenttype"] {
        let quoted = [format!("\"{name}\""), format!("\\\"{name}\\\"")];
        let files: Vec<_> = code
            .iter()
            .filter(|(p, _)| !p.ends_with("attrs.rs"))
            .filter(|(_, c)| quoted.iter().any(|q| c.contains(q.as_str())))
            .map(|(p, _)| p.display().to_string())
            .collect();
        assert!(files.len() <= 2, "{name} spelled in {files:?}");
    }
    // The model itself does spell them.
    let model = &code
        .iter()
        .find(|(p, _)| p.ends_with("attrs.rs"))
        .unwrap()
        .1;
    assert!(model.contains("\"datacontenttype\""));
}

#[test]
fn event_size_is_pinned() {
    // The figure in `Event`'s docs; returning or moving an event copies it.
    if cfg!(target_pointer_width = "64") {
        assert_eq!(std::mem::size_of::<Event<'_>>(), 416);
        assert_eq!(std::mem::size_of::<Text<'_>>(), 24);
    }
}
