//! MQTT against the real Mosquitto on 127.0.0.1:1883 through `rumqttc`
//! (`adapters::rumqttc`): MQTT 5 in binary and structured mode (MQTT-2..5)
//! and MQTT 3.1.1 in structured mode (MQTT-1), QoS 1.
//!
//! Skipped with a message when the broker is not running, failed under
//! `CI=true` (`tests/support/broker.rs`).
#![cfg(feature = "rumqttc")]

#[path = "support/broker.rs"]
mod broker;

use broker::{available, binary_expectation, check, events, unique, within, Values, MOSQUITTO};
use cloudevents_codec::adapters::rumqttc::{v3_1_1 as ce_mqtt3, v5 as ce_mqtt5};
use cloudevents_codec::binding::ContentMode;
use cloudevents_codec::Event;
use tokio::sync::mpsc;

/// A short client id (MQTT 3.1.1 servers must accept 1..=23 characters).
fn client_id() -> String {
    let id = unique("m").replace('-', "");
    id[id.len().saturating_sub(23)..].to_owned()
}

// MQTT-2..5: MQTT 5, binary mode (User Properties, Content Type) and
// structured mode, read from `rumqttc::v5` PUBLISH packets.
#[tokio::test]
async fn mqtt_v5_binary_and_structured() {
    use rumqttc::v5::mqttbytes::v5::{Packet, PublishProperties};
    use rumqttc::v5::mqttbytes::QoS;
    use rumqttc::v5::{AsyncClient, Event as MqttEvent, MqttOptions};

    if !available("mqtt_v5_binary_and_structured", &MOSQUITTO) {
        return;
    }
    let mut options = MqttOptions::new(client_id(), "127.0.0.1", 1883);
    options.set_max_packet_size(Some(1 << 20));
    let (client, mut eventloop) = AsyncClient::new(options, 64);
    let (subscribed_tx, mut subscribed) = mpsc::unbounded_channel();
    let (publish_tx, mut publishes) = mpsc::unbounded_channel();
    let driver = tokio::spawn(async move {
        loop {
            match eventloop.poll().await {
                Ok(MqttEvent::Incoming(Packet::SubAck(_))) => {
                    let _ = subscribed_tx.send(());
                }
                Ok(MqttEvent::Incoming(Packet::Publish(p))) => {
                    let _ = publish_tx.send(p);
                }
                Ok(_) => {}
                Err(e) => return e,
            }
        }
    });

    let topic = format!("{}/events", unique("mqtt5"));
    within(
        "subscribe",
        client.subscribe(topic.clone(), QoS::AtLeastOnce),
    )
    .await
    .unwrap();
    within("the SUBACK", subscribed.recv()).await.unwrap();
    for json in events() {
        let event = Event::from_json(json.as_bytes()).unwrap();
        let (mut properties, mut payload) = (PublishProperties::default(), Vec::new());
        ce_mqtt5::write_binary(&event, &mut properties, &mut payload).unwrap();
        let publish = client.publish_with_properties(
            topic.clone(),
            QoS::AtLeastOnce,
            false,
            payload,
            properties,
        );
        within("publish", publish).await.unwrap();
        let (mut properties, mut payload) = (PublishProperties::default(), Vec::new());
        ce_mqtt5::write_structured(&event, &mut properties, &mut payload);
        let publish = client.publish_with_properties(
            topic.clone(),
            QoS::AtLeastOnce,
            false,
            payload,
            properties,
        );
        within("publish", publish).await.unwrap();
    }
    for json in events() {
        let publish = within("a PUBLISH", publishes.recv())
            .await
            .expect("the event loop stopped");
        check(
            "MQTT 5, binary",
            ce_mqtt5::read_message(&publish),
            ContentMode::Binary,
            &binary_expectation(json, Values::Strings),
        );
        // The attributes travel as User Properties without a prefix; the
        // content type as the Content Type property, never as a property
        // (MQTT-3, MQTT-4).
        let properties = publish.properties.as_ref().unwrap();
        let user = |name: &str| {
            properties
                .user_properties
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        assert!(user("id").is_some() && user("datacontenttype").is_none());
        let publish = within("a PUBLISH", publishes.recv())
            .await
            .expect("the event loop stopped");
        check(
            "MQTT 5, structured",
            ce_mqtt5::read_message(&publish),
            ContentMode::Structured,
            json,
        );
        let content_type = publish.properties.as_ref().unwrap().content_type.as_deref();
        assert_eq!(
            content_type,
            Some("application/cloudevents+json; charset=utf-8")
        );
    }
    let _ = within("disconnect", client.disconnect()).await;
    driver.abort();
}

// MQTT-1: MQTT 3.1.1 carries structured mode only; read from `rumqttc`
// PUBLISH packets.
#[tokio::test]
async fn mqtt_v3_1_1_structured() {
    use rumqttc::{AsyncClient, Event as MqttEvent, MqttOptions, Packet, QoS};

    if !available("mqtt_v3_1_1_structured", &MOSQUITTO) {
        return;
    }
    let mut options = MqttOptions::new(client_id(), "127.0.0.1", 1883);
    options.set_max_packet_size(1 << 20, 1 << 20);
    let (client, mut eventloop) = AsyncClient::new(options, 64);
    let (subscribed_tx, mut subscribed) = mpsc::unbounded_channel();
    let (publish_tx, mut publishes) = mpsc::unbounded_channel();
    let driver = tokio::spawn(async move {
        loop {
            match eventloop.poll().await {
                Ok(MqttEvent::Incoming(Packet::SubAck(_))) => {
                    let _ = subscribed_tx.send(());
                }
                Ok(MqttEvent::Incoming(Packet::Publish(p))) => {
                    let _ = publish_tx.send(p);
                }
                Ok(_) => {}
                Err(e) => return e,
            }
        }
    });

    let topic = format!("{}/events", unique("mqtt311"));
    within(
        "subscribe",
        client.subscribe(topic.clone(), QoS::AtLeastOnce),
    )
    .await
    .unwrap();
    within("the SUBACK", subscribed.recv()).await.unwrap();
    for json in events() {
        let event = Event::from_json(json.as_bytes()).unwrap();
        let mut payload = Vec::new();
        ce_mqtt3::write_structured(&event, &mut payload);
        let publish = client.publish(topic.clone(), QoS::AtLeastOnce, false, payload);
        within("publish", publish).await.unwrap();
    }
    for json in events() {
        let publish = within("a PUBLISH", publishes.recv())
            .await
            .expect("the event loop stopped");
        check(
            "MQTT 3.1.1",
            ce_mqtt3::read_message(&publish),
            ContentMode::Structured,
            json,
        );
    }
    let _ = within("disconnect", client.disconnect()).await;
    driver.abort();
}
