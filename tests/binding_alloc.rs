//! Transcoding between structured JSON and the header-based bindings
//! allocates nothing once the caller's buffers are warm.

use cloudevents_codec::binding::amqp::{self, AmqpScratch, AmqpValue, PropertySink};
use cloudevents_codec::binding::mqtt::{self, MqttVersion};
use cloudevents_codec::binding::{http, kafka, nats, HeaderBuf};
use cloudevents_codec::{json, Event};

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::allocations;

const EVENTS: &[&[u8]] = &[
    br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#,
    br#"{"specversion":"1.0","id":"A234-1234-1234","source":"https://example.com/a?b=c","type":"com.example.someevent","subject":"sub ject","time":"2018-04-05T17:31:00Z","dataschema":"http://x/schema","datacontenttype":"application/json","traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01","n":"5","b":"true","data":{"temperature":21.5,"list":[1,2,3]}}"#,
    br#"{"specversion":"1.0","id":"esc\u0041ped \"quotes\"","source":"/s","type":"t","datacontenttype":"text/plain","data":"line\nbreak \u00e9"}"#,
];

/// Runs `step` twice: the first run warms the buffers, the second must not
/// allocate.
fn assert_warm_zero(name: &str, mut step: impl FnMut()) {
    step();
    let n = allocations(&mut step);
    assert_eq!(n, 0, "{name}: {n} allocations on a warm run");
}

#[test]
fn http_transcoding_allocates_nothing_when_warm() {
    let mut headers = HeaderBuf::new();
    let mut body = Vec::new();
    let mut json_out = Vec::new();
    for input in EVENTS {
        assert_warm_zero("http", || {
            headers.clear();
            body.clear();
            json_out.clear();
            let event = Event::from_json(input).unwrap();
            http::write_binary(&event, &mut headers, &mut body).unwrap();
            let back = http::read(&headers, &body).unwrap().into_event().unwrap();
            json::write_event(&back, &mut json_out);
            assert!(back == event);
        });
    }
}

#[test]
fn kafka_transcoding_allocates_nothing_when_warm() {
    let mut headers = HeaderBuf::new();
    let mut value = Vec::new();
    let mut json_out = Vec::new();
    for input in EVENTS {
        assert_warm_zero("kafka", || {
            headers.clear();
            value.clear();
            json_out.clear();
            let event = Event::from_json(input).unwrap();
            let present = kafka::write_binary(&event, &mut headers, &mut value)
                .unwrap()
                .has_body;
            let back = kafka::read(&headers, present.then_some(&value[..]))
                .unwrap()
                .into_event()
                .unwrap();
            json::write_event(&back, &mut json_out);
            assert!(back == event);
        });
    }
}

#[test]
fn nats_and_mqtt_transcoding_allocate_nothing_when_warm() {
    let mut headers = HeaderBuf::new();
    let mut payload = Vec::new();
    let mut json_out = Vec::new();
    for input in EVENTS {
        assert_warm_zero("nats", || {
            headers.clear();
            payload.clear();
            json_out.clear();
            let event = Event::from_json(input).unwrap();
            nats::write_binary(&event, &mut headers, &mut payload).unwrap();
            let back = nats::read(&headers, &payload)
                .unwrap()
                .into_event()
                .unwrap();
            json::write_event(&back, &mut json_out);
            assert!(back == event);
        });
        assert_warm_zero("mqtt", || {
            headers.clear();
            payload.clear();
            json_out.clear();
            let event = Event::from_json(input).unwrap();
            let written = mqtt::write_binary(&event, &mut headers, &mut payload).unwrap();
            let back = mqtt::read(
                MqttVersion::V5,
                written
                    .content_type
                    .and_then(|t| t.try_str())
                    .map(str::as_bytes),
                &headers,
                &payload,
            )
            .unwrap()
            .into_event()
            .unwrap();
            json::write_event(&back, &mut json_out);
        });
    }
}

#[test]
fn amqp_write_allocates_nothing() {
    struct Count(usize);
    impl PropertySink for Count {
        fn property(&mut self, _: &str, _: AmqpValue<'_>) {
            self.0 += 1;
        }
    }
    let mut data = Vec::new();
    for input in EVENTS {
        assert_warm_zero("amqp write", || {
            data.clear();
            let event = Event::from_json(input).unwrap();
            let mut props = Count(0);
            amqp::write_binary(&event, &mut props, &mut data).unwrap();
            assert!(props.0 >= 4);
        });
    }
    let props = [
        ("cloudEvents_specversion", AmqpValue::String("1.0")),
        ("cloudEvents_id", AmqpValue::String("1")),
        ("cloudEvents_source", AmqpValue::String("/s")),
        ("cloudEvents_type", AmqpValue::String("t")),
        ("cloudEvents_time", AmqpValue::Timestamp(1_522_949_460_000)),
        ("cloudEvents_bin", AmqpValue::Binary(b"\x00\x01")),
    ];
    let mut out = Vec::new();
    assert_warm_zero("amqp read", || {
        out.clear();
        let mut scratch = AmqpScratch::new();
        let e = amqp::read(None, props, Some(b"x"), &mut scratch)
            .unwrap()
            .into_event()
            .unwrap();
        json::write_event(&e, &mut out);
    });
}
