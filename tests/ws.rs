//! WebSockets through tokio-tungstenite (`adapters::tokio_tungstenite`,
//! issue 15 item 1): a real server and a real client on 127.0.0.1 (an
//! ephemeral port) negotiate the subprotocol (WS-2), carry events both ways
//! in Text frames (WS-1, WS-3), and refuse frames of the wrong type (E-76).
//! Every wait is bounded (`broker::within`).
#![cfg(feature = "tokio-tungstenite")]

#[path = "support/broker.rs"]
mod broker;
#[path = "support/counting_alloc.rs"]
mod counting_alloc;

use broker::within;
use bytes::BytesMut;
use cloudevents_codec::adapters::tokio_tungstenite::{self as ce_ws, Negotiate, WsMessage};
use cloudevents_codec::binding::ws::Subprotocol;
use cloudevents_codec::binding::ContentMode;
use cloudevents_codec::{json, ErrorKind, Event};
use futures_util::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::handshake::server::{ErrorResponse, Request, Response};
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::Bytes;
use tokio_tungstenite::{accept_hdr_async, connect_async, WebSocketStream};

async fn listener() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("ws://{}/events", listener.local_addr().unwrap());
    (listener, url)
}

/// What the server saw of one message: the event written back as JSON,
/// or the error kind.
type Seen = Result<String, ErrorKind>;

fn canonical(event: &Event<'_>) -> String {
    let mut out = Vec::new();
    json::write_event(event, &mut out);
    String::from_utf8(out).unwrap()
}

/// Accepts one connection with the adapter's negotiation, then reads every
/// message until Close: each event is echoed back, and every message's
/// outcome is returned with the negotiated subprotocol. At the end it
/// sends an event in a Binary frame (wrong for `cloudevents.json`) and a
/// Ping.
async fn serve_one(listener: TcpListener) -> (Option<Subprotocol>, Vec<Seen>) {
    let (stream, _) = within("a connection", listener.accept()).await.unwrap();
    let mut chosen = None;
    let mut ws = within(
        "the server handshake",
        accept_hdr_async(stream, Negotiate::new(&mut chosen)),
    )
    .await
    .unwrap();
    let Some(protocol) = chosen else {
        let _ = ws.close(None).await;
        return (None, Vec::new());
    };
    let mut seen = Vec::new();
    let mut buf = BytesMut::new();
    while let Some(message) = within("a message", ws.next()).await {
        let message = message.unwrap();
        if message.is_close() {
            break;
        }
        if message.is_ping() || message.is_pong() {
            continue;
        }
        let read = ce_ws::read_message(&message, protocol);
        match read {
            Ok(read) => {
                assert_eq!(read.mode(), ContentMode::Structured, "WS-1");
                let event = read.into_event().unwrap();
                seen.push(Ok(canonical(&event)));
                let echo = ce_ws::write_message_with(&event, protocol, &mut buf).unwrap();
                within("an echo", ws.send(echo)).await.unwrap();
            }
            Err(e) => {
                seen.push(Err(e.kind()));
                if e.kind() == ErrorKind::UnsupportedFormat {
                    // The wrong frame type, answered in kind: an event in
                    // a Binary frame, then the end.
                    let json = broker::events()[3];
                    let wrong = WsMessage::Binary(Bytes::from(json.as_bytes().to_vec()));
                    within("a binary frame", ws.send(wrong)).await.unwrap();
                    within("a ping", ws.send(WsMessage::Ping(Bytes::new())))
                        .await
                        .unwrap();
                }
            }
        }
    }
    (chosen, seen)
}

// WS-1, WS-2, WS-3: `cloudevents.json` negotiated, every broker test event
// both ways in Text frames; E-76 on both sides.
#[tokio::test]
async fn ws_negotiates_json_and_carries_events_both_ways() {
    let (listener, url) = listener().await;
    let server = tokio::spawn(serve_one(listener));

    let request = ce_ws::client_request(url.as_str()).unwrap();
    // Every subprotocol this build supports, JSON first (WS-2).
    let offered = if cfg!(feature = "protobuf") {
        "cloudevents.json, cloudevents.proto"
    } else {
        "cloudevents.json"
    };
    assert_eq!(request.headers()["sec-websocket-protocol"], offered);
    let (mut ws, response) = within("the client handshake", connect_async(request))
        .await
        .unwrap();
    let protocol = ce_ws::accepted(&response).unwrap();
    assert_eq!(protocol, Subprotocol::Json);

    let events: Vec<Event<'static>> = broker::events()
        .into_iter()
        .map(|json| Event::from_json(json.as_bytes()).unwrap())
        .collect();
    for event in &events {
        let message = ce_ws::write_message(event, protocol).unwrap();
        assert!(message.is_text(), "WS-3: cloudevents.json in Text frames");
        within("a send", ws.send(message)).await.unwrap();
        let echo = within("an echo", ws.next()).await.unwrap().unwrap();
        let back = ce_ws::read_message(&echo, protocol).unwrap();
        assert_eq!(back.mode(), ContentMode::Structured);
        assert_eq!(&back.into_event().unwrap(), event);
    }

    // E-76: JSON in a Binary frame is refused by the server...
    let wrong = WsMessage::Binary(Bytes::from(broker::events()[0].as_bytes().to_vec()));
    within("a binary send", ws.send(wrong)).await.unwrap();
    // ...and by the client.
    let binary = within("the server's binary frame", ws.next())
        .await
        .unwrap()
        .unwrap();
    assert!(binary.is_binary());
    let err = ce_ws::read_message(&binary, protocol).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedFormat, "E-76");
    // A control message carries no event.
    let ping = loop {
        let m = within("the server's ping", ws.next())
            .await
            .unwrap()
            .unwrap();
        if m.is_ping() {
            break m;
        }
    };
    let err = ce_ws::read_message(&ping, protocol).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotCloudEvent);

    within("close", ws.close(None)).await.unwrap();
    let (chosen, seen) = within("the server", server).await.unwrap();
    assert_eq!(chosen, Some(Subprotocol::Json));
    let mut expected: Vec<Seen> = events.iter().map(|e| Ok(canonical(e))).collect();
    expected.push(Err(ErrorKind::UnsupportedFormat));
    assert_eq!(seen, expected);
}

// WS-2: the server picks the first CloudEvents subprotocol it reads from
// the client's list, skipping the others; an application's own offer is
// kept in front of ours.
#[tokio::test]
async fn ws_negotiation_skips_other_subprotocols() {
    let (listener, url) = listener().await;
    let server = tokio::spawn(serve_one(listener));
    let mut request = url.as_str().into_client_request().unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        HeaderValue::from_static("chat, cloudevents.avro"),
    );
    ce_ws::add_offer(&mut request);
    let offered = if cfg!(feature = "protobuf") {
        "chat, cloudevents.avro, cloudevents.json, cloudevents.proto"
    } else {
        "chat, cloudevents.avro, cloudevents.json"
    };
    assert_eq!(request.headers()["sec-websocket-protocol"], offered);
    let (mut ws, response) = within("the client handshake", connect_async(request))
        .await
        .unwrap();
    assert_eq!(
        response.headers()["sec-websocket-protocol"],
        "cloudevents.json"
    );
    assert_eq!(ce_ws::accepted(&response).unwrap(), Subprotocol::Json);
    within("close", ws.close(None)).await.unwrap();
    let (chosen, seen) = within("the server", server).await.unwrap();
    assert_eq!(chosen, Some(Subprotocol::Json));
    assert!(seen.is_empty());
}

// WS-2: with nothing it reads offered, the server leaves the header out;
// tungstenite's client then fails the handshake it asked a subprotocol in,
// and a client that asked none learns from `accepted` that no CloudEvents
// subprotocol was agreed.
#[tokio::test]
async fn ws_server_omits_the_header_when_no_offer_fits() {
    let (listener, url) = listener().await;
    let server = tokio::spawn(async move {
        let mut outcomes = Vec::new();
        for _ in 0..2 {
            let (stream, _) = within("a connection", listener.accept()).await.unwrap();
            let mut chosen = Some(Subprotocol::Proto);
            let ws = within(
                "the server handshake",
                accept_hdr_async(stream, Negotiate::new(&mut chosen)),
            )
            .await;
            outcomes.push((chosen, ws.is_ok()));
            if let Ok(mut ws) = ws {
                let _ = ws.close(None).await;
            }
        }
        outcomes
    });

    let mut request = url.as_str().into_client_request().unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        HeaderValue::from_static("cloudevents.avro"),
    );
    let refused = within("the first handshake", connect_async(request)).await;
    assert!(
        refused.is_err(),
        "no subprotocol in the answer: the client fails"
    );

    let (mut ws, response) = within("the second handshake", connect_async(url.as_str()))
        .await
        .unwrap();
    assert!(response.headers().get("sec-websocket-protocol").is_none());
    let err = ce_ws::accepted(&response).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedFormat);
    let _ = ws.close(None).await;

    let outcomes = within("the server", server).await.unwrap();
    assert_eq!(outcomes[0].0, None);
    assert_eq!(outcomes[1], (None, true));
}

// A server that answers an application's subprotocol: the connection
// carries no CloudEvents format this crate reads.
#[tokio::test]
async fn ws_accepted_refuses_a_foreign_choice() {
    let (listener, url) = listener().await;
    let server = tokio::spawn(async move {
        let (stream, _) = within("a connection", listener.accept()).await.unwrap();
        // The callback's type is tungstenite's (a large error response).
        #[allow(clippy::result_large_err)]
        let chat = |_: &Request, mut response: Response| -> Result<Response, ErrorResponse> {
            response
                .headers_mut()
                .insert("sec-websocket-protocol", HeaderValue::from_static("chat"));
            Ok(response)
        };
        let mut ws: WebSocketStream<TcpStream> =
            within("the server handshake", accept_hdr_async(stream, chat))
                .await
                .unwrap();
        let _ = within("the close", ws.next()).await;
    });
    let mut request = url.as_str().into_client_request().unwrap();
    request
        .headers_mut()
        .insert("sec-websocket-protocol", HeaderValue::from_static("chat"));
    ce_ws::add_offer(&mut request);
    let (mut ws, response) = within("the client handshake", connect_async(request))
        .await
        .unwrap();
    let err = ce_ws::accepted(&response).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::UnsupportedFormat);
    within("close", ws.close(None)).await.unwrap();
    within("the server", server).await.unwrap();
}

// The documented cost: a warm writer, whose earlier messages were
// dropped, allocates nothing; reading allocates nothing.
#[test]
fn ws_warm_writer_and_reader_allocate_nothing() {
    let event = Event::from_json(broker::events()[3].as_bytes()).unwrap();
    let mut buf = BytesMut::new();
    drop(ce_ws::write_message_with(&event, Subprotocol::Json, &mut buf).unwrap());
    let mut message = None;
    let n = counting_alloc::allocations(|| {
        message = Some(ce_ws::write_message_with(&event, Subprotocol::Json, &mut buf).unwrap());
    });
    assert_eq!(n, 0, "warm write");
    let message = message.unwrap();
    let n = counting_alloc::allocations(|| {
        let read = ce_ws::read_message(&message, Subprotocol::Json).unwrap();
        assert!(read.into_event().unwrap().id() == "json-4");
    });
    assert_eq!(n, 0, "read");
}
