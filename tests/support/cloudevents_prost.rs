//! The messages of the spec's `cloudevents.proto` (PROTO-2, PROTO-5) as
//! `prost` types, written by hand from `tests/fixtures/cloudevents.proto`
//! (no build script, no code generator): the independent implementation the
//! Protobuf differential test (`tests/protobuf_prost.rs`) and the format
//! benchmarks (`benches/formats.rs`) compare this crate with. Include it
//! with `#[path = "support/cloudevents_prost.rs"] mod cloudevents_prost;`.

// Each user takes part of the module; the variant names are the `.proto`'s
// field names (`binary_data`, `ce_boolean`, ...).
#![allow(dead_code, clippy::enum_variant_names)]

use std::collections::BTreeMap;

/// `io.cloudevents.v1.CloudEvent`. The attribute map is a `BTreeMap`, so
/// prost writes its entries sorted by name.
#[derive(Clone, PartialEq, prost::Message)]
pub struct CloudEvent {
    #[prost(string, tag = "1")]
    pub id: String,
    #[prost(string, tag = "2")]
    pub source: String,
    #[prost(string, tag = "3")]
    pub spec_version: String,
    #[prost(string, tag = "4")]
    pub r#type: String,
    #[prost(btree_map = "string, message", tag = "5")]
    pub attributes: BTreeMap<String, CloudEventAttributeValue>,
    #[prost(oneof = "Data", tags = "6, 7, 8")]
    pub data: Option<Data>,
}

/// `oneof data`.
#[derive(Clone, PartialEq, prost::Oneof)]
pub enum Data {
    #[prost(bytes, tag = "6")]
    BinaryData(Vec<u8>),
    #[prost(string, tag = "7")]
    TextData(String),
    #[prost(message, tag = "8")]
    ProtoData(Any),
}

/// `CloudEvent.CloudEventAttributeValue`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct CloudEventAttributeValue {
    #[prost(oneof = "Attr", tags = "1, 2, 3, 4, 5, 6, 7")]
    pub attr: Option<Attr>,
}

/// `oneof attr`.
#[derive(Clone, PartialEq, prost::Oneof)]
pub enum Attr {
    #[prost(bool, tag = "1")]
    CeBoolean(bool),
    #[prost(int32, tag = "2")]
    CeInteger(i32),
    #[prost(string, tag = "3")]
    CeString(String),
    #[prost(bytes, tag = "4")]
    CeBytes(Vec<u8>),
    #[prost(string, tag = "5")]
    CeUri(String),
    #[prost(string, tag = "6")]
    CeUriRef(String),
    #[prost(message, tag = "7")]
    CeTimestamp(Timestamp),
}

/// `google.protobuf.Timestamp`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Timestamp {
    #[prost(int64, tag = "1")]
    pub seconds: i64,
    #[prost(int32, tag = "2")]
    pub nanos: i32,
}

/// `google.protobuf.Any`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Any {
    #[prost(string, tag = "1")]
    pub type_url: String,
    #[prost(bytes, tag = "2")]
    pub value: Vec<u8>,
}

/// `io.cloudevents.v1.CloudEventBatch`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct CloudEventBatch {
    #[prost(message, repeated, tag = "1")]
    pub events: Vec<CloudEvent>,
}
