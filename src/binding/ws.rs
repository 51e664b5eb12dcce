//! The WebSockets binding (`websockets-protocol-binding.md`;
//! `docs/RULES.md` §9).
//!
//! Structured mode only, one event per message, no batch (WS-1). The
//! format is fixed per connection by the negotiated subprotocol (WS-2):
//! `cloudevents.json` (Text frames), `cloudevents.avro` and
//! `cloudevents.proto` (Binary frames) (WS-3). This crate reads and writes
//! the JSON format.
//!
//! ```
//! use cloudevents_codec::binding::ws::{self, FrameType, Subprotocol};
//! let chosen = ws::select(b"cloudevents.proto, cloudevents.json").unwrap();
//! assert_eq!(chosen, Subprotocol::Json);
//! let message = ws::read(chosen, FrameType::Text,
//!     br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#)?;
//! assert!(message.into_event().unwrap().id() == "1");
//! assert!(ws::read(chosen, FrameType::Binary, b"{}").is_err());
//! # Ok::<(), cloudevents_codec::Error>(())
//! ```

use super::message::unsupported_format;
use super::{Message, ReadOptions};
use crate::error::{Error, ErrorKind};
use crate::event::Event;
use crate::json;
use crate::sink::Sink;

/// A CloudEvents WebSocket subprotocol (WS-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subprotocol {
    /// `cloudevents.json`: the JSON format in Text frames.
    Json,
    /// `cloudevents.avro`: the Avro format in Binary frames.
    Avro,
    /// `cloudevents.proto`: the Protobuf format in Binary frames.
    Proto,
}

/// A WebSocket data frame type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FrameType {
    /// A Text frame (opcode 1).
    Text,
    /// A Binary frame (opcode 2).
    Binary,
}

impl Subprotocol {
    /// Every subprotocol, in this crate's order of preference.
    pub const ALL: [Subprotocol; 3] = [Subprotocol::Json, Subprotocol::Avro, Subprotocol::Proto];

    /// The subprotocol name for `Sec-WebSocket-Protocol`.
    pub const fn name(self) -> &'static str {
        match self {
            Subprotocol::Json => "cloudevents.json",
            Subprotocol::Avro => "cloudevents.avro",
            Subprotocol::Proto => "cloudevents.proto",
        }
    }

    /// The subprotocol of a name (subprotocol names are case-sensitive
    /// tokens, RFC 6455 §4.1).
    pub fn from_name(name: &[u8]) -> Option<Subprotocol> {
        Subprotocol::ALL
            .into_iter()
            .find(|p| p.name().as_bytes() == name)
    }

    /// The frame type that carries events of this subprotocol (WS-3).
    pub const fn frame_type(self) -> FrameType {
        match self {
            Subprotocol::Json => FrameType::Text,
            Subprotocol::Avro | Subprotocol::Proto => FrameType::Binary,
        }
    }

    /// True when this crate reads and writes the subprotocol's format.
    pub const fn is_supported(self) -> bool {
        matches!(self, Subprotocol::Json)
    }
}

/// The server's choice from a client's `Sec-WebSocket-Protocol` offer (a
/// comma-separated list, WS-2): the first supported CloudEvents subprotocol
/// offered; `None` when none fits (then omit the header).
pub fn select(offered: &[u8]) -> Option<Subprotocol> {
    offered
        .split(|&b| b == b',')
        .filter_map(|p| Subprotocol::from_name(p.trim_ascii()))
        .find(|p| p.is_supported())
}

/// True when `frame` is the frame type `protocol` requires (WS-3).
pub fn frame_is_valid(protocol: Subprotocol, frame: FrameType) -> bool {
    protocol.frame_type() == frame
}

/// Reads the one event of a message of the negotiated `protocol`: always a
/// [`Message::Structured`] (WS-1), the shape every binding reader returns.
///
/// # Errors
///
/// `UnsupportedFormat` for a frame of the wrong type (E-76) or a format
/// other than JSON; JSON errors otherwise.
pub fn read(protocol: Subprotocol, frame: FrameType, payload: &[u8]) -> Result<Message<'_>, Error> {
    read_with(protocol, frame, payload, &ReadOptions::new())
}

/// Reads one message with `options`.
///
/// # Errors
///
/// As [`read`].
pub fn read_with<'a>(
    protocol: Subprotocol,
    frame: FrameType,
    payload: &'a [u8],
    options: &ReadOptions,
) -> Result<Message<'a>, Error> {
    check(protocol, frame)?;
    Event::from_json_with(payload, &options.parse).map(Message::Structured)
}

fn check(protocol: Subprotocol, frame: FrameType) -> Result<(), Error> {
    if !protocol.is_supported() {
        return Err(unsupported_format());
    }
    if !frame_is_valid(protocol, frame) {
        return Err(Error::new(
            ErrorKind::UnsupportedFormat,
            "cloudevents.json events travel in Text frames, not Binary frames",
        ));
    }
    Ok(())
}

/// Appends `event` as the payload of one message of `protocol` and returns
/// the frame type to send it in.
///
/// # Errors
///
/// `UnsupportedFormat` for a format other than JSON.
pub fn write<S: Sink + ?Sized>(
    protocol: Subprotocol,
    event: &Event<'_>,
    payload: &mut S,
) -> Result<FrameType, Error> {
    if !protocol.is_supported() {
        return Err(unsupported_format());
    }
    json::write_event(event, payload);
    Ok(protocol.frame_type())
}
