//! The HTTP adapters against a real server and a real client: an axum
//! server on 127.0.0.1 (an ephemeral port) and a reqwest client, in binary,
//! structured and batch mode (HTTP-2, HTTP-3, HTTP-20, HTTP-21), over every
//! attribute type, percent-encoded and non-ASCII values, binary, text and
//! JSON data and many extensions.
//!
//! Every test runs under a 30-second timeout; the client's requests time
//! out after 10 seconds.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::routing::post;
use axum::{Extension, Router};
use cloudevents_codec::adapters::axum::{CloudEvents, Rejection};
use cloudevents_codec::adapters::http::MessageBuf;
use cloudevents_codec::adapters::reqwest::{read_response, RequestBuilderExt, ResponseError};
use cloudevents_codec::binding::{ContentMode, ReadOptions};
use cloudevents_codec::{Event, OwnedEvent, ParseOptions, Value};

/// The events every round trip carries.
const EVENTS: &[&str] = &[
    // Every attribute, text data, values that need percent-encoding
    // (space, `"`, `%`, non-ASCII), every extension type, more extensions
    // than an `Event` keeps inline.
    r#"{"specversion":"1.0","id":"id é-€-🚀","source":"/sources/über?q=100%25","type":"com.example.\"quoted\"",
        "subject":"100% \"sure\" ✓","time":"2016-12-31T23:59:60.5Z",
        "dataschema":"https://example.com/schema/ü","datacontenttype":"text/plain; charset=utf-8",
        "count":-42,"max":2147483647,"flag":true,"off":false,"empty":"","text":"naïve café ☕",
        "pct":"%41 is not A","quote":"a \"b\" c","plus":"a+b=c&d;e,f","ext10":"x","ext11":"y","ext12":"z",
        "data":"hällo wörld\nline two"}"#,
    // JSON data, no subject.
    r#"{"specversion":"1.0","id":"2","source":"urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66","type":"t",
        "datacontenttype":"application/json","seq":7,
        "data":{"name":"Zoë","nested":{"list":[1,2.5,null,true,"\u00e9\n"]},"empty":{}}}"#,
    // Binary data: every byte value.
    r#"{"specversion":"1.0","id":"3","source":"/bin","type":"t","datacontenttype":"application/octet-stream",
        "data_base64":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+P0BBQkNERUZHSElKS0xNTk9QUVJTVFVWV1hZWltcXV5fYGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6e3x9fn+AgYKDhIWGh4iJiouMjY6PkJGSk5SVlpeYmZqbnJ2en6ChoqOkpaanqKmqq6ytrq+wsbKztLW2t7i5uru8vb6/wMHCw8TFxsfIycrLzM3Oz9DR0tPU1dbX2Nna29zd3t/g4eLj5OXm5+jp6uvs7e7v8PHy8/T19vf4+fr7/P3+/w=="}"#,
    // The minimum: no data, no optional attribute.
    r#"{"specversion":"1.0","id":"4","source":"/s","type":"t"}"#,
];

fn events() -> Vec<Event<'static>> {
    EVENTS
        .iter()
        .map(|json| Event::from_json(json.as_bytes()).expect("test event"))
        .collect()
}

/// `event` as binary mode delivers it: typed extension values become their
/// string form (Integer, Boolean → String).
fn as_binary(event: &Event<'_>) -> OwnedEvent {
    let mut owned = event.clone().into_owned();
    for e in event.extensions() {
        let text = match e.value() {
            Value::Integer(i) => i.to_string(),
            Value::Boolean(b) => b.to_string(),
            _ => continue,
        };
        let name = e.name().to_cow().into_owned();
        owned.set_extension(&name, text).expect("valid extension");
    }
    owned
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// Runs `test` with a server for `app` on 127.0.0.1 and a client, under a
/// timeout.
fn with_server<F, Fut>(app: Router, test: F)
where
    F: FnOnce(SocketAddr, reqwest::Client) -> Fut,
    Fut: Future<Output = ()>,
{
    runtime().block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("bound address");
        let server = tokio::spawn(async move { axum::serve(listener, app).await });
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .expect("client");
        tokio::time::timeout(Duration::from_secs(30), test(addr, client))
            .await
            .expect("test timed out");
        server.abort();
    });
}

/// Answers with the request's events in the mode of the route.
async fn echo(mode: ContentMode, events: CloudEvents) -> Result<MessageBuf, Rejection> {
    let all: Vec<Event<'_>> = events.iter().collect();
    let reply = match (mode, all.as_slice()) {
        (ContentMode::Binary, [one]) => MessageBuf::binary(one),
        (ContentMode::Structured, [one]) => Ok(MessageBuf::structured(one)),
        (ContentMode::Batch, all) => MessageBuf::batch(all),
        _ => return Err(Rejection::new(StatusCode::BAD_REQUEST, "one event only")),
    };
    reply.map_err(|e| Rejection::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

fn echo_app() -> Router {
    Router::new()
        .route(
            "/echo/binary",
            post(|e: CloudEvents| echo(ContentMode::Binary, e)),
        )
        .route(
            "/echo/structured",
            post(|e: CloudEvents| echo(ContentMode::Structured, e)),
        )
        .route(
            "/echo/batch",
            post(|e: CloudEvents| echo(ContentMode::Batch, e)),
        )
}

/// The events of a successful response.
async fn reply_events(response: reqwest::Response, mode: ContentMode) -> Vec<OwnedEvent> {
    let status = response.status();
    let message = read_response(response, 1 << 20).await.expect("response");
    assert_eq!(status, StatusCode::OK, "body: {:?}", message.body());
    assert_eq!(message.mode().expect("mode"), mode);
    message
        .events()
        .map(|e| e.expect("valid event").into_owned())
        .collect()
}

// HTTP-6..HTTP-11: binary mode both ways through axum and reqwest; typed
// extensions arrive as Strings (TYPE-10), everything else unchanged.
#[test]
fn http_binary_request_and_response_round_trip() {
    with_server(echo_app(), |addr, client| async move {
        for event in events() {
            for (route, mode) in [
                ("binary", ContentMode::Binary),
                ("structured", ContentMode::Structured),
            ] {
                let response = client
                    .post(format!("http://{addr}/echo/{route}"))
                    .binary_event(&event)
                    .expect("binary request")
                    .send()
                    .await
                    .expect("send");
                let back = reply_events(response, mode).await;
                let expected = as_binary(&event);
                assert_eq!(back.len(), 1);
                // Equal by meaning (Event's PartialEq): text data sent as
                // binary mode's body comes back as bytes.
                assert_eq!(back[0].view(), expected.view(), "{route}");
            }
        }
    });
}

// HTTP-20: structured mode both ways keeps every attribute's type.
#[test]
fn http_structured_request_and_response_round_trip() {
    with_server(echo_app(), |addr, client| async move {
        for event in events() {
            let response = client
                .post(format!("http://{addr}/echo/structured"))
                .structured_event(&event)
                .send()
                .await
                .expect("send");
            let back = reply_events(response, ContentMode::Structured).await;
            assert_eq!(back.len(), 1);
            assert_eq!(back[0].view(), event);
        }
    });
}

// HTTP-21: a batch both ways, in order; an empty batch is a batch too.
#[test]
fn http_batch_request_and_response_round_trip() {
    with_server(echo_app(), |addr, client| async move {
        let all = events();
        for batch in [&all[..], &all[..0]] {
            let response = client
                .post(format!("http://{addr}/echo/batch"))
                .batch_events(batch)
                .expect("batch request")
                .send()
                .await
                .expect("send");
            let back = reply_events(response, ContentMode::Batch).await;
            let back: Vec<Event<'_>> = back.iter().map(OwnedEvent::view).collect();
            assert_eq!(back, batch);
        }
    });
}

/// Status and `error` message of a refused request.
async fn refused(response: reqwest::Response) -> (StatusCode, String) {
    let status = response.status();
    assert_eq!(
        response.headers()["content-type"],
        HeaderValue::from_static("application/json")
    );
    // reqwest's `json` needs a feature: the body is parsed here.
    let bytes = response.bytes().await.expect("body");
    let body: serde_json::Value = serde_json::from_slice(&bytes).expect("a JSON body");
    let message = body["error"].as_str().expect("error message").to_string();
    (status, message)
}

// The strict extractor's rejections: 415 for no CloudEvent (HTTP-5) and
// for another event format (HTTP-4), 400 naming the problem, batch
// elements named by index, 413 over the configured size limit.
#[test]
fn http_strict_extractor_rejections() {
    let options = ReadOptions::new().with_parse(ParseOptions::new().with_max_size(1024));
    let app = echo_app().layer(Extension(options));
    with_server(app, |addr, client| async move {
        let url = format!("http://{addr}/echo/batch");
        let post = |content_type: &'static str, body: Vec<u8>| {
            client
                .post(&url)
                .header("content-type", content_type)
                .body(body)
                .send()
        };

        let (status, message) = refused(post("text/plain", b"hi".to_vec()).await.unwrap()).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        assert!(message.contains("not a CloudEvent"), "{message}");

        // `ce-` headers without `ce-specversion`: meant as a CloudEvent,
        // and invalid (HTTP-5).
        let response = client
            .post(&url)
            .header("ce-id", "1")
            .header("ce-source", "/s")
            .header("ce-type", "t")
            .body("x")
            .send()
            .await
            .unwrap();
        let (status, message) = refused(response).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(message.contains("specversion"), "{message}");

        let avro = post("application/cloudevents+avro", b"x".to_vec());
        let (status, _) = refused(avro.await.unwrap()).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

        let bad = br#"{"specversion":"1.0","id":"","source":"/s","type":"t"}"#.to_vec();
        let (status, message) =
            refused(post("application/cloudevents+json", bad).await.unwrap()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(message.contains("id"), "{message}");

        let batch = br#"[{"specversion":"1.0","id":"1","source":"/s","type":"t"},
            {"specversion":"1.0","id":"2","type":"t"}, 7]"#
            .to_vec();
        let (status, message) = refused(
            post("application/cloudevents-batch+json", batch)
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(message.starts_with("event 2 (index 1): "), "{message}");
        assert!(message.contains("; event 3 (index 2): "), "{message}");

        let big = vec![b' '; 2048];
        let (status, message) =
            refused(post("application/cloudevents+json", big).await.unwrap()).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(message.contains("1024"), "{message}");

        // A body sent in chunks, without Content-Length, hits the same limit.
        let (status, _) = chunked_post(addr, "/echo/batch", &[&[b' '; 700][..]; 3]).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    });
}

/// Posts `chunks` with `Transfer-Encoding: chunked` over a plain TCP
/// connection; the status and body of the answer.
async fn chunked_post(addr: SocketAddr, path: &str, chunks: &[&[u8]]) -> (StatusCode, Vec<u8>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let mut request = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/cloudevents+json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    for chunk in chunks {
        request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        request.extend_from_slice(chunk);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"0\r\n\r\n");
    // The server may answer and close before reading everything.
    let _ = stream.write_all(&request).await;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer).await;
    let text = String::from_utf8_lossy(&answer);
    let code: u16 = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let body = match answer.windows(4).position(|w| w == b"\r\n\r\n") {
        Some(i) => answer[i + 4..].to_vec(),
        None => Vec::new(),
    };
    (StatusCode::from_u16(code).expect("status"), body)
}

/// Counts valid and invalid events, as a lenient handler does.
async fn count(message: MessageBuf) -> HeaderMap {
    let (mut valid, mut invalid) = (0, Vec::new());
    for (index, result) in message.events().enumerate() {
        match result {
            Ok(_) => valid += 1,
            Err(_) => invalid.push(index.to_string()),
        }
    }
    let mut headers = HeaderMap::new();
    headers.insert("x-valid", valid.into());
    headers.insert("x-invalid", invalid.join(",").parse().unwrap());
    headers
}

// BATCH-8: the lenient extractor hands over a batch with invalid elements;
// it still refuses what is no CloudEvent (HTTP-5).
#[test]
fn http_lenient_extractor_keeps_every_element() {
    let app = Router::new().route("/count", post(count));
    with_server(app, |addr, client| async move {
        let url = format!("http://{addr}/count");
        let batch = r#"[{"specversion":"1.0","id":"1","source":"/s","type":"t"}, {"id":"2"},
            {"specversion":"1.0","id":"3","source":"/s","type":"t"}]"#;
        let response = client
            .post(&url)
            .message(MessageBuf::batch_body(batch.into()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["x-valid"], "2");
        assert_eq!(response.headers()["x-invalid"], "1");

        let response = client.post(&url).body("plain").send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

        // A chunked body is read whole.
        let event = br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#;
        let (status, _) = chunked_post(addr, "/count", &[&event[..10], &event[10..]]).await;
        assert_eq!(status, StatusCode::OK);
    });
}

// A handler returning `Result<MessageBuf, Error>`: an event that cannot be
// sent in binary mode (its datacontenttype selects structured mode, HTTP-3)
// is a 500 with a JSON error.
#[test]
fn http_unwritable_event_is_a_server_error() {
    async fn reply() -> Result<MessageBuf, cloudevents_codec::Error> {
        let event = Event::from_json(
            br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"application/cloudevents+json"}"#,
        )?;
        MessageBuf::binary(&event)
    }
    let app = Router::new().route("/reply", post(reply));
    with_server(app, |addr, client| async move {
        let response = client
            .post(format!("http://{addr}/reply"))
            .send()
            .await
            .unwrap();
        let (status, message) = refused(response).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(message.contains("datacontenttype"), "{message}");
    });
}

// `read_response` stops at its limit, declared or streamed.
#[test]
fn http_read_response_limit() {
    let app = Router::new().route(
        "/big",
        post(|| async {
            let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"text/plain","data":"0123456789"}"#).unwrap();
            MessageBuf::binary(&event).unwrap()
        }),
    );
    with_server(app, |addr, client| async move {
        let url = format!("http://{addr}/big");
        let response = client.post(&url).send().await.unwrap();
        match read_response(response, 5).await {
            Err(ResponseError::TooLarge { limit: 5 }) => {}
            other => panic!("expected TooLarge, got {other:?}"),
        }
        let response = client.post(&url).send().await.unwrap();
        let message = read_response(response, 10).await.expect("fits");
        let event = message.read().unwrap().into_event().unwrap();
        assert_eq!(event.data().unwrap().as_bytes(), Some(&b"0123456789"[..]));
    });
}
