//! NATS against the real server on 127.0.0.1:4222 through `async-nats`
//! (`adapters::async_nats`): core publish/subscribe and JetStream (a
//! stream and a pull consumer), binary and structured mode (NATS-1..4);
//! and interop with the Python CloudEvents SDK over NATS
//! (`tests/interop/nats_interop.py`).
//!
//! Skipped with a message when the server is not running, failed under
//! `CI=true` (`tests/support/broker.rs`).
#![cfg(feature = "async-nats")]

#[path = "support/broker.rs"]
mod broker;

use async_nats::jetstream;
use async_nats::HeaderMap;
use broker::{available, binary_expectation, check, events, unique, within, Values, NATS};
use bytes::{Bytes, BytesMut};
use cloudevents_codec::adapters::async_nats as ce_nats;
use cloudevents_codec::binding::ContentMode;
use cloudevents_codec::Event;
use futures_util::StreamExt;
use std::time::Duration;

async fn connect() -> async_nats::Client {
    within("a NATS connection", async_nats::connect("127.0.0.1:4222"))
        .await
        .expect("connect to NATS")
}

/// One event written in `mode` through the adapter: headers and payload.
fn write(json: &str, mode: ContentMode) -> (HeaderMap, Bytes) {
    let event = Event::from_json(json.as_bytes()).unwrap();
    let (mut headers, mut payload) = (HeaderMap::new(), BytesMut::new());
    match mode {
        ContentMode::Binary => {
            ce_nats::write_binary(&event, &mut headers, &mut payload).unwrap();
        }
        _ => {
            ce_nats::write_structured(&event, &mut headers, &mut payload);
        }
    }
    (headers, payload.freeze())
}

/// What a read in `mode` gives back for `json`.
fn expectation(json: &str, mode: ContentMode) -> String {
    match mode {
        ContentMode::Binary => binary_expectation(json, Values::Strings),
        _ => json.to_owned(),
    }
}

const MODES: [ContentMode; 2] = [ContentMode::Binary, ContentMode::Structured];

// NATS-1..4: core NATS, both modes, read from `async_nats::Message`.
#[tokio::test]
async fn nats_core_binary_and_structured() {
    if !available("nats_core_binary_and_structured", &NATS) {
        return;
    }
    let client = connect().await;
    let subject = unique("nats-core");
    let mut subscriber = within("subscribe", client.subscribe(subject.clone()))
        .await
        .unwrap();
    for json in events() {
        for mode in MODES {
            let (headers, payload) = write(json, mode);
            within(
                "publish",
                client.publish_with_headers(subject.clone(), headers, payload),
            )
            .await
            .unwrap();
        }
    }
    within("flush", client.flush()).await.unwrap();
    for json in events() {
        for mode in MODES {
            let message = within("a message", subscriber.next())
                .await
                .expect("subscription ended");
            let label = format!("core NATS, {mode:?}");
            check(
                &label,
                ce_nats::read_message(&message),
                mode,
                &expectation(json, mode),
            );
        }
    }
}

// NATS-1..4 over JetStream: a stream, publishes acknowledged by the server,
// a pull consumer; `read_message` on `jetstream::Message` (through Deref).
#[tokio::test]
async fn nats_jetstream_pull_consumer() {
    if !available("nats_jetstream_pull_consumer", &NATS) {
        return;
    }
    let client = connect().await;
    let js = jetstream::new(client);
    let name = unique("js");
    let subject = format!("{name}.events");
    let stream = within(
        "create a stream",
        js.create_stream(jetstream::stream::Config {
            name: name.clone(),
            subjects: vec![subject.clone()],
            storage: jetstream::stream::StorageType::Memory,
            // A stream left behind by a failed run expires.
            max_age: Duration::from_secs(600),
            ..Default::default()
        }),
    )
    .await
    .expect("create a JetStream stream (is nats-server running with -js?)");
    let mut sent = 0;
    for json in events() {
        for mode in MODES {
            let (headers, payload) = write(json, mode);
            let ack = within(
                "publish",
                js.publish_with_headers(subject.clone(), headers, payload),
            )
            .await
            .unwrap();
            within("the publish ack", std::future::IntoFuture::into_future(ack))
                .await
                .unwrap();
            sent += 1;
        }
    }
    let consumer: jetstream::consumer::PullConsumer = within(
        "create a consumer",
        stream.create_consumer(jetstream::consumer::pull::Config {
            ack_policy: jetstream::consumer::AckPolicy::Explicit,
            ..Default::default()
        }),
    )
    .await
    .unwrap();
    let mut expected = events()
        .into_iter()
        .flat_map(|json| MODES.map(|mode| (json, mode)));
    let mut received = 0;
    while received < sent {
        let mut batch = within(
            "a fetch",
            consumer
                .fetch()
                .max_messages(sent - received)
                .expires(Duration::from_secs(5))
                .messages(),
        )
        .await
        .unwrap();
        while let Some(message) = within("a JetStream message", batch.next()).await {
            let message = message.unwrap();
            let (json, mode) = expected.next().expect("more messages than sent");
            let label = format!("JetStream, {mode:?}");
            check(
                &label,
                ce_nats::read_message(&message),
                mode,
                &expectation(json, mode),
            );
            within("an ack", message.ack()).await.unwrap();
            received += 1;
        }
    }
    within("delete the stream", js.delete_stream(&name))
        .await
        .unwrap();
}

/// Interop with the Python CloudEvents SDK (PyPI `cloudevents`, with
/// `nats-py`): `tests/interop/nats_interop.py` sends the SDK's events in
/// both modes, which this test reads, and reads with the SDK the events
/// this test sends, printing them as JSON, which this test compares.
#[tokio::test]
async fn nats_interop_python_sdk() {
    const TEST: &str = "nats_interop_python_sdk";
    if !available(TEST, &NATS) {
        return;
    }
    let Some(python) = broker::python_with(TEST, &["cloudevents.core", "nats"]) else {
        return;
    };
    let client = connect().await;
    let to_python = unique("nats-to-py");
    let from_python = unique("nats-from-py");
    let mut subscriber = within("subscribe", client.subscribe(from_python.clone()))
        .await
        .unwrap();
    within("flush", client.flush()).await.unwrap();
    let mut script = broker::Script::start(
        &python,
        "nats_interop.py",
        &[
            "nats://127.0.0.1:4222",
            &to_python,
            &from_python,
            &(events().len() * 2).to_string(),
        ],
    );
    script.wait_ready().await;

    // Ours, read by the SDK.
    for json in events() {
        for mode in MODES {
            let (headers, payload) = write(json, mode);
            within(
                "publish",
                client.publish_with_headers(to_python.clone(), headers, payload),
            )
            .await
            .unwrap();
        }
    }
    within("flush", client.flush()).await.unwrap();

    // The SDK's, read by ours: the script prints what it sent (`sent
    // MODE JSON`) before sending it.
    let output = script.finish().await;
    let sent: Vec<(ContentMode, String)> = output
        .iter()
        .filter_map(|l| l.strip_prefix("sent "))
        .map(broker::mode_and_json)
        .collect();
    assert!(!sent.is_empty(), "the script sent nothing: {output:?}");
    for (mode, json) in &sent {
        let message = within("a message from Python", subscriber.next())
            .await
            .expect("subscription ended");
        let read = ce_nats::read_message(&message).unwrap_or_else(|e| {
            panic!("reading the SDK's {mode:?} event {json}: {e}");
        });
        assert_eq!(read.mode(), *mode, "the SDK's event {json}");
        let mut ours = Vec::new();
        cloudevents_codec::json::write_event(&read.into_event().unwrap(), &mut ours);
        let ours = String::from_utf8(ours).unwrap();
        let want = expectation(json, *mode);
        assert_eq!(
            broker::normalized(&ours),
            broker::normalized(&want),
            "the SDK's {mode:?} event as we read it"
        );
    }

    // Ours as the SDK read them: `received MODE JSON` lines, in order.
    let received: Vec<(ContentMode, String)> = output
        .iter()
        .filter_map(|l| l.strip_prefix("received "))
        .map(broker::mode_and_json)
        .collect();
    let expected: Vec<(ContentMode, String)> = events()
        .into_iter()
        .flat_map(|json| MODES.map(|mode| (mode, expectation(json, mode))))
        .collect();
    assert_eq!(received.len(), expected.len(), "script output: {output:?}");
    for ((got_mode, got), (mode, want)) in received.iter().zip(&expected) {
        assert_eq!(got_mode, mode, "{want}");
        let (mut got, want) = (broker::normalized(got), broker::normalized(want));
        // The SDK's event constructor adds a `time` to an event without one.
        if want.get("time").is_none() {
            got.as_object_mut().unwrap().remove("time");
        }
        assert_eq!(got, want, "our {mode:?} event as the SDK read it");
    }
}

// The skip rule of every broker test: an unreachable broker skips the
// test on a developer's machine and fails it under `CI=true`.
#[test]
fn nats_unreachable_broker_skips_here_and_fails_in_ci() {
    // A port nothing listens on: bound, then released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let nowhere = broker::Broker {
        name: "a stopped broker",
        port,
        start: "(nothing to start)",
    };
    assert!(!broker::available_in(false, "the skip rule", &nowhere));
    let in_ci = std::panic::catch_unwind(|| broker::available_in(true, "the skip rule", &nowhere));
    assert!(in_ci.is_err(), "an unreachable broker must fail under CI");
}
