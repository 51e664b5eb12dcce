//! The WebSockets binding (`websockets-protocol-binding.md`;
//! `docs/RULES.md` §9).
//!
//! Structured mode only, one event per message, no batch (WS-1). The
//! format is fixed per connection by the negotiated subprotocol (WS-2):
//! `cloudevents.json` (Text frames), `cloudevents.avro` and
//! `cloudevents.proto` (Binary frames) (WS-3). This crate reads and writes
//! the JSON format, and with the `protobuf` feature the Protobuf format
//! (`cloudevents.proto`, PROTO-1).
//!
//! ```
//! use cloudevents_codec::binding::ws::{self, FrameType, Subprotocol};
//! let chosen = ws::select(b"cloudevents.avro, cloudevents.json").unwrap();
//! assert_eq!(chosen, Subprotocol::Json);
//! let message = ws::read(chosen, FrameType::Text,
//!     br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#)?;
//! assert!(message.into_event().unwrap().id() == "1");
//! assert!(ws::read(chosen, FrameType::Binary, b"{}").is_err());
//! # Ok::<(), cloudevents_codec::Error>(())
//! ```

use super::message::{read_structured, unsupported_format, Format};
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

    /// True when this build reads and writes the subprotocol's format:
    /// JSON, and Protobuf with the `protobuf` feature.
    pub const fn is_supported(self) -> bool {
        match self {
            Subprotocol::Json => true,
            Subprotocol::Proto => cfg!(feature = "protobuf"),
            Subprotocol::Avro => false,
        }
    }

    /// The event format of a supported subprotocol.
    fn format(self) -> Result<Format, Error> {
        match self {
            Subprotocol::Json => Ok(Format::Json),
            #[cfg(feature = "protobuf")]
            Subprotocol::Proto => Ok(Format::Protobuf),
            _ => Err(unsupported_format()),
        }
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
/// this build does not read; the format's errors otherwise.
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
    let format = check(protocol, frame)?;
    read_structured(format, payload, &options.parse).map(Message::Structured)
}

fn check(protocol: Subprotocol, frame: FrameType) -> Result<Format, Error> {
    let format = protocol.format()?;
    if !frame_is_valid(protocol, frame) {
        let detail = match protocol.frame_type() {
            FrameType::Text => "cloudevents.json events travel in Text frames, not Binary frames",
            FrameType::Binary => {
                "cloudevents.proto events travel in Binary frames, not Text frames"
            }
        };
        return Err(Error::new(ErrorKind::UnsupportedFormat, detail));
    }
    Ok(format)
}

/// Appends `event` as the payload of one message of `protocol` and returns
/// the frame type to send it in.
///
/// # Errors
///
/// `UnsupportedFormat` for a format this build does not write.
pub fn write<S: Sink + ?Sized>(
    protocol: Subprotocol,
    event: &Event<'_>,
    payload: &mut S,
) -> Result<FrameType, Error> {
    match protocol.format()? {
        Format::Json => json::write_event(event, payload),
        #[cfg(feature = "protobuf")]
        Format::Protobuf => crate::protobuf::write_event(event, payload),
    }
    Ok(protocol.frame_type())
}
