//! Structured mode: the JSON event format (`application/cloudevents+json`)
//! and the JSON batch format (`application/cloudevents-batch+json`).

mod read;
mod write;

pub use write::write_event;
