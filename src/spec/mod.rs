//! The CloudEvents value rules, one module per type: attribute names,
//! string characters, integers in string form, timestamps, URIs, base64,
//! HTTP header percent-encoding and media types. Each works on bytes,
//! allocates nothing, and reports errors with offsets relative to the start
//! of the value it was given.

pub mod base64;
pub mod chars;
pub mod integer;
pub mod media;
pub mod name;
pub mod percent;
pub mod timestamp;
pub mod uri;
