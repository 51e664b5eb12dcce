//! The typed getters and setters of the documented extensions (EXT-1)
//! allocate nothing, proven with the counting allocator: values borrow from
//! the event, lists are walked on demand, encoded values are decoded on the
//! fly.

use core::fmt::Write;

use cloudevents_codec::binding::{http, Message};
use cloudevents_codec::ext::AuthType;
use cloudevents_codec::{Event, EventBuilder, Timestamp};

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::allocations;

/// A `fmt::Write` into a fixed buffer, so `Display` runs without the heap.
struct Fixed {
    buf: [u8; 512],
    len: usize,
}

impl Write for Fixed {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.len + s.len();
        if end > self.buf.len() {
            return Err(core::fmt::Error);
        }
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// Every getter, the lists walked, the parts compared, decoded and shown.
fn touch_all(e: &Event<'_>, scratch: &mut Vec<u8>, out: &mut Fixed) -> usize {
    let x = e.ext();
    let mut n = 0;
    if let Some(Ok(tp)) = x.traceparent() {
        n += usize::from(tp.sampled()) + tp.trace_id()[0] as usize;
        let _ = write!(out, "{tp}");
    }
    if let Some(Ok(state)) = x.tracestate() {
        for (k, v) in state.members() {
            n += k.len() + v.len();
            scratch.clear();
            v.decode_to(scratch);
            let _ = write!(out, "{k}={v};");
        }
        n += usize::from(state.get("congo").is_some_and(|v| v == "t61rcWkgMzE"));
        n += usize::from(state.has_repeated_keys());
    }
    if let Some(Ok(regs)) = x.dataregulation() {
        n += regs.entries().map(|e| e.len()).sum::<usize>();
        n += usize::from(regs.contains("HIPAA"));
    }
    n += x
        .partitionkey()
        .map_or(0, |r| r.map_or(0, |t| t.decoded_len()));
    n += x
        .sequence()
        .map_or(0, |r| r.map_or(0, |s| s.as_text().decoded_len()));
    n += x.sampledrate().map_or(0, |r| r.unwrap_or(0) as usize);
    n += x
        .severity_name()
        .map_or(0, |r| r.map_or(0, |t| t.decoded_len()));
    n += x
        .severitynumber()
        .map_or(0, |r| r.map_or(0, |s| s.get() as usize));
    n += x
        .expirytime()
        .map_or(0, |r| r.map_or(0, |t| t.year() as usize));
    n += x
        .recordedtime()
        .map_or(0, |r| r.map_or(0, |t| t.month() as usize));
    n += x
        .deprecationsunset()
        .map_or(0, |r| r.map_or(0, |t| t.day() as usize));
    n += x
        .deprecationmigration()
        .map_or(0, |r| r.map_or(0, |t| t.decoded_len()));
    n += usize::from(x.deprecated() == Some(Ok(true)));
    n += usize::from(matches!(x.authtype(), Some(Ok(AuthType::ServiceAccount))));
    n += x.dataref().map_or(0, |r| r.map_or(0, |t| t.decoded_len()));
    n += x.opcuastatus().map_or(0, |r| r.unwrap_or(0) as usize);
    n += usize::from(x.validate().is_ok());
    if let Ok(now) = Timestamp::parse(b"2030-01-01T00:00:00Z") {
        n += usize::from(x.is_expired(&now).unwrap_or(false));
    }
    n
}

#[test]
fn ext_1_getters_allocate_nothing() {
    // More than four extensions: the event itself spills to the heap when
    // parsed, which happens outside the measurement.
    let json = br#"{"specversion":"1.0","id":"1","source":"/s","type":"t",
        "traceparent":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "tracestate":"rojo=00f067aa0ba902b7, congo=t61rcWkgMzE,esc=a\"b\u0063",
        "dataregulation":"GDPR, HIPAA","partitionkey":"p","sequence":"0042",
        "sampledrate":30,"severitynumber":9,"expirytime":"2029-01-01T00:00:00Z",
        "recordedtime":"2024-03-28T21:56:43Z","deprecated":true,
        "deprecationfrom":"2024-10-11T00:00:00Z","deprecationsunset":"2024-11-12T00:00:00Z",
        "deprecationmigration":"https://example.com/migrate","authtype":"service_account",
        "dataref":"https://example.com/d/1","opcuastatus":"1073741824"}"#;
    let event = Event::from_json(json).unwrap();
    let mut scratch = Vec::with_capacity(256);
    let mut out = Fixed {
        buf: [0; 512],
        len: 0,
    };
    let warm = touch_all(&event, &mut scratch, &mut out);
    assert!(warm > 0);
    out.len = 0;
    let n = allocations(|| {
        assert_eq!(touch_all(&event, &mut scratch, &mut out), warm);
    });
    assert_eq!(n, 0, "typed getters allocated {n} times");

    // Header values (percent-encoded) and canonical strings (TYPE-10).
    let headers = [
        ("ce-specversion", "1.0"),
        ("ce-id", "1"),
        ("ce-source", "/s"),
        ("ce-type", "t"),
        ("ce-tracestate", "a=x%25y,b=%22q%22"),
    ];
    let n = allocations(|| {
        let Ok(Message::Binary(e)) = http::read(headers.iter().copied(), b"") else {
            panic!("not a binary message");
        };
        out.len = 0;
        assert!(touch_all(&e, &mut scratch, &mut out) > 0);
    });
    assert_eq!(n, 0, "typed getters on header values allocated {n} times");
}

#[test]
fn ext_1_setters_allocate_nothing() {
    let n = allocations(|| {
        let e = EventBuilder::new("1", "/s", "t")
            .traceparent("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
            .tracestate("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")
            .sampledrate(30)
            .sampledrate(31)
            .authtype(AuthType::User)
            .build()
            .unwrap();
        assert_eq!(e.ext().sampledrate(), Some(Ok(31)));
    });
    assert_eq!(n, 0, "typed setters allocated {n} times");
}
