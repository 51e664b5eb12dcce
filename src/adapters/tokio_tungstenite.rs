//! WebSockets through [`tokio-tungstenite`](https://docs.rs/tokio-tungstenite)
//! (feature `tokio-tungstenite`), over the
//! [WebSockets binding](crate::binding::ws): subprotocol negotiation for
//! both ends of the handshake (WS-2), and events read from and written
//! into `tungstenite::Message`s, one event per message (WS-1), in the
//! frame type the negotiated subprotocol requires (WS-3).
//!
//! Client:
//!
//! ```no_run
//! use cloudevents_codec::adapters::tokio_tungstenite as ce_ws;
//! use cloudevents_codec::Event;
//! use futures_util::{SinkExt, StreamExt};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! // Offer the CloudEvents subprotocols; learn which one the server chose.
//! let request = ce_ws::client_request("ws://127.0.0.1:9000/events")?;
//! let (mut ws, response) = tokio_tungstenite::connect_async(request).await?;
//! let protocol = ce_ws::accepted(&response)?;
//!
//! let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#)?;
//! ws.send(ce_ws::write_message(&event, protocol)?).await?; // a Text frame
//!
//! let message = ws.next().await.unwrap()?;
//! let received = ce_ws::read_message(&message, protocol)?.into_event().unwrap();
//! # Ok(()) }
//! ```
//!
//! Server (`accept_hdr_async` with [`Negotiate`], which answers the
//! client's offer):
//!
//! ```no_run
//! use cloudevents_codec::adapters::tokio_tungstenite as ce_ws;
//! use futures_util::StreamExt;
//!
//! # async fn run(stream: tokio::net::TcpStream) -> Result<(), Box<dyn std::error::Error>> {
//! let mut protocol = None;
//! let mut ws = tokio_tungstenite::accept_hdr_async(stream, ce_ws::Negotiate::new(&mut protocol)).await?;
//! let Some(protocol) = protocol else {
//!     return Ok(()); // the client offered no CloudEvents subprotocol this crate reads
//! };
//! while let Some(message) = ws.next().await {
//!     let message = message?;
//!     if message.is_close() {
//!         break;
//!     }
//!     let read = ce_ws::read_message(&message, protocol);
//!     match read {
//!         Ok(read) => println!("{}", read.into_event().unwrap().id()),
//!         Err(e) => eprintln!("not an event: {e}"), // a Binary frame for cloudevents.json: UnsupportedFormat
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! # Subprotocols
//!
//! Offers and choices come from [`Subprotocol::ALL`] filtered by
//! [`Subprotocol::is_supported`], in that order: today `cloudevents.json`.
//! A format the binding learns to read and write (`cloudevents.proto`
//! with a Protobuf feature) is offered, accepted, read and written by this
//! adapter without a change here: reading and writing go through
//! [`ws::read_with`] and [`ws::write`], which pick the format and frame
//! type from the subprotocol.
//!
//! # What it costs
//!
//! Reading borrows the message's payload (no copy, no allocation for up
//! to [`INLINE_EXTENSIONS`](crate::INLINE_EXTENSIONS) extensions).
//! [`write_message_with`] writes into a caller's `BytesMut` and splits the
//! message off it (`split().freeze()`): once the earlier messages were
//! sent and dropped, the buffer's allocation is reused, so a warm writer
//! allocates nothing; [`write_message`] uses a fresh buffer (one
//! allocation). A Text frame's payload is checked to be UTF-8 once
//! (`Utf8Bytes`, a memory-speed scan): tungstenite's type requires it.
//!
//! # Compiler version
//!
//! tokio-tungstenite 0.30 needs Rust 1.85 (the library: 1.81).

use bytes::BytesMut;
use tokio_tungstenite::tungstenite::handshake::{client, server};
use tokio_tungstenite::tungstenite::http::{header::SEC_WEBSOCKET_PROTOCOL, HeaderValue};
use tokio_tungstenite::tungstenite::{self, client::IntoClientRequest, Utf8Bytes};

use crate::binding::ws::{self, FrameType, Subprotocol};
use crate::binding::{Message, ReadOptions};
use crate::error::{Error, ErrorKind};
use crate::event::Event;

/// The WebSocket message type this adapter reads and writes
/// (`tungstenite::Message`).
pub type WsMessage = tungstenite::Message;

/// The subprotocols this crate reads and writes, in order of preference.
pub fn supported() -> impl Iterator<Item = Subprotocol> + Clone {
    Subprotocol::ALL.into_iter().filter(|p| p.is_supported())
}

/// The `Sec-WebSocket-Protocol` value a client offers: the supported
/// subprotocols, comma-separated (`cloudevents.json`).
pub fn offer() -> HeaderValue {
    let mut value = Vec::new();
    for (i, p) in supported().enumerate() {
        if i > 0 {
            value.extend_from_slice(b", ");
        }
        value.extend_from_slice(p.name().as_bytes());
    }
    // Subprotocol names are tokens: always a valid header value.
    HeaderValue::from_bytes(&value).unwrap_or(HeaderValue::from_static("cloudevents.json"))
}

/// Adds the CloudEvents offer to a client's handshake request (WS-2). An
/// offer already in the request (the application's own subprotocols) is
/// kept first, in one header, which is the one tungstenite reads.
pub fn add_offer(request: &mut client::Request) {
    let ours = offer();
    let value = match request.headers().get(SEC_WEBSOCKET_PROTOCOL) {
        Some(theirs) if !theirs.as_bytes().trim_ascii().is_empty() => {
            let mut joined = theirs.as_bytes().to_vec();
            joined.extend_from_slice(b", ");
            joined.extend_from_slice(ours.as_bytes());
            HeaderValue::from_bytes(&joined).unwrap_or(ours)
        }
        _ => ours,
    };
    request.headers_mut().insert(SEC_WEBSOCKET_PROTOCOL, value);
}

/// A client handshake request for `target` (a `ws://` URL, a `Uri`, a
/// request...) offering the CloudEvents subprotocols: hand it to
/// `tokio_tungstenite::connect_async` or `client_async`.
///
/// # Errors
///
/// The target's conversion error (`tungstenite::Error`: a URL that is not
/// one).
pub fn client_request<R: IntoClientRequest>(target: R) -> tungstenite::Result<client::Request> {
    let mut request = target.into_client_request()?;
    add_offer(&mut request);
    Ok(request)
}

/// The subprotocol a server accepted, from its handshake response (WS-2).
/// (tungstenite itself fails a handshake whose answer the client did not
/// offer.)
///
/// # Errors
///
/// `UnsupportedFormat` when the server chose no subprotocol, or one that
/// is not a CloudEvents subprotocol this crate reads (an application's own
/// subprotocol offered beside ours): the connection carries no events
/// this crate can read.
pub fn accepted<B>(response: &tungstenite::http::Response<B>) -> Result<Subprotocol, Error> {
    response
        .headers()
        .get(SEC_WEBSOCKET_PROTOCOL)
        .and_then(|v| Subprotocol::from_name(v.as_bytes().trim_ascii()))
        .filter(|p| p.is_supported())
        .ok_or_else(|| {
            Error::new(
                ErrorKind::UnsupportedFormat,
                "the server accepted no CloudEvents subprotocol this crate reads",
            )
        })
}

/// The server's side of the negotiation (WS-2): the first supported
/// CloudEvents subprotocol of the client's offer (every
/// `Sec-WebSocket-Protocol` header, in order), echoed in `response`. With
/// none, the header is left out, as WS-2 says; the handshake then goes on
/// without a subprotocol (a client that required one fails it).
pub fn negotiate(
    request: &server::Request,
    response: &mut server::Response,
) -> Option<Subprotocol> {
    let chosen = request
        .headers()
        .get_all(SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .find_map(|offer| ws::select(offer.as_bytes()))?;
    response.headers_mut().insert(
        SEC_WEBSOCKET_PROTOCOL,
        HeaderValue::from_static(chosen.name()),
    );
    Some(chosen)
}

/// A handshake callback for `tokio_tungstenite::accept_hdr_async` that
/// runs [`negotiate`] and records the choice (`None`: the client offered
/// no CloudEvents subprotocol this crate reads; the handshake succeeds
/// without one, and the server should close the connection).
#[derive(Debug)]
pub struct Negotiate<'a> {
    chosen: &'a mut Option<Subprotocol>,
}

impl<'a> Negotiate<'a> {
    /// A callback that stores the chosen subprotocol in `chosen`.
    pub fn new(chosen: &'a mut Option<Subprotocol>) -> Self {
        Negotiate { chosen }
    }
}

impl server::Callback for Negotiate<'_> {
    fn on_request(
        self,
        request: &server::Request,
        mut response: server::Response,
    ) -> Result<server::Response, server::ErrorResponse> {
        *self.chosen = negotiate(request, &mut response);
        Ok(response)
    }
}

/// Reads the one event of a received message on a connection of the
/// negotiated `protocol`, with the default [`ReadOptions`]: a
/// [`Message::Structured`], as every binding returns. The event borrows the
/// message's payload.
///
/// # Errors
///
/// - `UnsupportedFormat` for a data frame of the wrong type (a Binary frame
///   on a `cloudevents.json` connection, E-76) or a subprotocol this crate
///   does not read;
/// - `NotCloudEvent` for a control message (Ping, Pong, Close), which
///   carries no event;
/// - the JSON parser's errors.
pub fn read_message(message: &WsMessage, protocol: Subprotocol) -> Result<Message<'_>, Error> {
    read_message_with(message, protocol, &ReadOptions::new())
}

/// Reads a received message with `options`.
///
/// # Errors
///
/// As [`read_message`].
pub fn read_message_with<'m>(
    message: &'m WsMessage,
    protocol: Subprotocol,
    options: &ReadOptions,
) -> Result<Message<'m>, Error> {
    let (frame, payload): (FrameType, &[u8]) = match message {
        WsMessage::Text(text) => (FrameType::Text, text.as_bytes()),
        WsMessage::Binary(bytes) => (FrameType::Binary, bytes),
        _ => {
            return Err(Error::new(
                ErrorKind::NotCloudEvent,
                "a WebSocket control message carries no event",
            ))
        }
    };
    ws::read_with(protocol, frame, payload, options)
}

/// The message carrying `event` on a connection of `protocol`, in the
/// frame type the subprotocol requires (a Text frame for
/// `cloudevents.json`).
///
/// # Errors
///
/// As [`write_message_with`].
pub fn write_message(event: &Event<'_>, protocol: Subprotocol) -> Result<WsMessage, Error> {
    write_message_with(event, protocol, &mut BytesMut::new())
}

/// [`write_message`] into `buf`: the message is split off `buf`, whose
/// allocation is reused once the messages cut from it are dropped.
///
/// # Errors
///
/// `UnsupportedFormat` for a subprotocol this crate does not write.
pub fn write_message_with(
    event: &Event<'_>,
    protocol: Subprotocol,
    buf: &mut BytesMut,
) -> Result<WsMessage, Error> {
    buf.clear();
    let frame = ws::write(protocol, event, buf)?;
    let payload = buf.split().freeze();
    Ok(match frame {
        FrameType::Text => WsMessage::Text(Utf8Bytes::try_from(payload).map_err(|_| {
            Error::new(
                ErrorKind::Encoding,
                "internal: the event's JSON is not UTF-8",
            )
        })?),
        FrameType::Binary => WsMessage::Binary(payload),
    })
}
