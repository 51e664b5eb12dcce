//! The `http` and `kafka` formats of `ce` (placeholder until the bindings land).

use cloudevents_codec::{Error, ErrorKind, Event, ParseOptions};

use crate::input::{Flow, OnEvent};

#[derive(Default)]
pub struct KafkaScratch {
    _buf: Vec<u8>,
}

#[derive(Default)]
pub struct WireScratch {
    _buf: Vec<u8>,
}

pub fn kafka_record(
    _line: &[u8],
    _s: &mut KafkaScratch,
    _o: &ParseOptions,
    on_event: &mut OnEvent<'_>,
) -> Flow {
    on_event(Err(Error::new(
        ErrorKind::UnsupportedFormat,
        "kafka input is not available yet",
    )))
}

pub fn http_messages(_buf: &[u8], _o: &ParseOptions, on_event: &mut OnEvent<'_>) {
    on_event(Err(Error::new(
        ErrorKind::UnsupportedFormat,
        "http input is not available yet",
    )));
}

pub fn write_http_request(_e: &Event<'_>, _buf: &mut Vec<u8>, _s: &mut WireScratch) {}

pub fn write_kafka_record(_e: &Event<'_>, _buf: &mut Vec<u8>, _s: &mut WireScratch) {}
