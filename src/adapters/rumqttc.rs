//! MQTT through [`rumqttc`](https://docs.rs/rumqttc) (feature `rumqttc`),
//! over the [MQTT binding](crate::binding::mqtt): [`v5`] for MQTT 5 (binary
//! mode in User Properties and `Content Type`, or structured mode) and
//! [`v3_1_1`] for MQTT 3.1.1, which has no message metadata and carries
//! events in structured mode only (MQTT-1).
//!
//! ```no_run
//! use cloudevents_codec::adapters::rumqttc::v5 as ce_mqtt;
//! use cloudevents_codec::Event;
//! use rumqttc::v5::mqttbytes::v5::{Packet, PublishProperties};
//! use rumqttc::v5::mqttbytes::QoS;
//! use rumqttc::v5::{AsyncClient, Event as MqttEvent, MqttOptions};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let (client, mut eventloop) = AsyncClient::new(MqttOptions::new("me", "127.0.0.1", 1883), 10);
//! client.subscribe("events", QoS::AtLeastOnce).await?;
//!
//! // Publish in binary mode: attributes as User Properties, the content
//! // type as the Content Type property.
//! let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t","data":{"x":1}}"#)?;
//! let (mut properties, mut payload) = (PublishProperties::default(), Vec::new());
//! ce_mqtt::write_binary(&event, &mut properties, &mut payload)?;
//! client.publish_with_properties("events", QoS::AtLeastOnce, false, payload, properties).await?;
//!
//! // Read: the event borrows the received PUBLISH.
//! loop {
//!     if let MqttEvent::Incoming(Packet::Publish(publish)) = eventloop.poll().await? {
//!         let received = ce_mqtt::read_message(&publish)?.into_event().unwrap();
//!         assert_eq!(received, event);
//!         break;
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # What it costs
//!
//! Reading allocates nothing: the User Properties are iterated in place.
//! `PublishProperties` keeps each User Property as two `String`s, so
//! writing costs two allocations per attribute in the client type, plus one
//! for the `Content Type` and the list's growth: 9 for the 4 properties of a
//! minimal event, 24 for 10, exactly what pushing the same properties costs;
//! the codec adds none (`cargo test --all-features --test broker_alloc --
//! --nocapture` asserts the equality and prints the counts).

use crate::binding::HeaderSink;

/// Appends User Properties. A name or value that is not UTF-8 (MQTT
/// strings must be) is skipped; this crate's writers produce none.
impl HeaderSink for ::rumqttc::v5::mqttbytes::v5::PublishProperties {
    fn header(&mut self, name: &[u8], value: &[u8]) {
        if let (Ok(name), Ok(value)) = (core::str::from_utf8(name), core::str::from_utf8(value)) {
            self.user_properties
                .push((String::from(name), String::from(value)));
        }
    }
}

/// MQTT 5: `rumqttc::v5` PUBLISH packets and their properties.
pub mod v5 {
    use crate::binding::mqtt::{self, MqttVersion};
    use crate::binding::{Message, ReadOptions, Written};
    use crate::error::Error;
    use crate::event::Event;
    use crate::sink::Sink;
    use crate::text::Text;
    use ::rumqttc::v5::mqttbytes::v5::{Publish, PublishProperties};

    /// Reads a received MQTT 5 PUBLISH with the default [`ReadOptions`]:
    /// binary or structured mode by its `Content Type` property.
    ///
    /// # Errors
    ///
    /// As [`mqtt::read`].
    pub fn read_message(publish: &Publish) -> Result<Message<'_>, Error> {
        read_message_with(publish, &ReadOptions::new())
    }

    /// Reads a received MQTT 5 PUBLISH with `options`.
    ///
    /// # Errors
    ///
    /// As [`mqtt::read`].
    pub fn read_message_with<'m>(
        publish: &'m Publish,
        options: &ReadOptions,
    ) -> Result<Message<'m>, Error> {
        let properties = publish.properties.as_ref();
        let content_type = properties.and_then(|p| p.content_type.as_deref());
        let user_properties = properties.into_iter().flat_map(|p| &p.user_properties);
        mqtt::read_with(
            MqttVersion::V5,
            content_type.map(str::as_bytes),
            user_properties,
            &publish.payload,
            options,
        )
    }

    /// Writes `event` in binary mode: the attributes appended to
    /// `properties.user_properties`, `properties.content_type` set to the
    /// data's content type (`datacontenttype`, or `application/json` for
    /// JSON data without one; left as it is when there is none), the data
    /// into `payload`. Publish with `client.publish_with_properties(topic,
    /// qos, retain, payload, properties)`.
    ///
    /// # Errors
    ///
    /// As [`mqtt::write_binary`]: `Conflict` for a `datacontenttype` that
    /// is a CloudEvents format media type (nothing is written then).
    pub fn write_binary<'e, S: Sink + ?Sized>(
        event: &Event<'e>,
        properties: &mut PublishProperties,
        payload: &mut S,
    ) -> Result<Written<'e>, Error> {
        let written = mqtt::write_binary(event, properties, payload)?;
        if let Some(ct) = &written.content_type {
            properties.content_type = Some(text_to_string(ct));
        }
        Ok(written)
    }

    /// Writes `event` in structured mode: `properties.content_type` set to
    /// `application/cloudevents+json; charset=utf-8`, the JSON event into
    /// `payload`.
    pub fn write_structured<S: Sink + ?Sized>(
        event: &Event<'_>,
        properties: &mut PublishProperties,
        payload: &mut S,
    ) -> Written<'static> {
        let written = mqtt::write_structured(event, payload);
        properties.content_type = written.content_type.as_ref().map(text_to_string);
        written
    }

    /// The decoded text as a `String` (a content type is valid UTF-8).
    fn text_to_string(text: &Text<'_>) -> String {
        let mut bytes = Vec::new();
        text.decode_to(&mut bytes);
        String::from_utf8(bytes).unwrap_or_default()
    }
}

/// MQTT 3.1.1: `rumqttc` PUBLISH packets, structured mode only (MQTT-1).
pub mod v3_1_1 {
    use crate::binding::mqtt::{self, MqttVersion};
    use crate::binding::{Message, ReadOptions, Written};
    use crate::error::Error;
    use crate::event::Event;
    use crate::sink::Sink;
    use ::rumqttc::Publish;

    /// Reads a received MQTT 3.1.1 PUBLISH (a structured-mode JSON event)
    /// with the default [`ReadOptions`].
    ///
    /// # Errors
    ///
    /// The JSON parser's errors.
    pub fn read_message(publish: &Publish) -> Result<Message<'_>, Error> {
        read_message_with(publish, &ReadOptions::new())
    }

    /// Reads a received MQTT 3.1.1 PUBLISH with `options`.
    ///
    /// # Errors
    ///
    /// As [`read_message`].
    pub fn read_message_with<'m>(
        publish: &'m Publish,
        options: &ReadOptions,
    ) -> Result<Message<'m>, Error> {
        let none: [(&str, &str); 0] = [];
        mqtt::read_with(MqttVersion::V3_1_1, None, none, &publish.payload, options)
    }

    /// Writes `event` in structured mode (the only mode of MQTT 3.1.1) into
    /// `payload`; publish it with `client.publish(topic, qos, retain,
    /// payload)`.
    pub fn write_structured<S: Sink + ?Sized>(
        event: &Event<'_>,
        payload: &mut S,
    ) -> Written<'static> {
        mqtt::write_structured(event, payload)
    }
}
