//! Parse an event, read its attributes, write it back.
use cloudevents_codec::{json, Event};

fn main() -> Result<(), cloudevents_codec::Error> {
    let input = br#"{"specversion":"1.0","id":"A234-1234-1234","source":"https://github.com/cloudevents/spec/pull",
        "subject":"123","type":"com.github.pull_request.opened","time":"2018-04-05T17:31:00Z",
        "comexampleextension1":"value","comexampleothervalue":5,"datacontenttype":"text/xml",
        "data":"<much wow=\"xml\"/>"}"#;
    let event = Event::from_json(input)?;
    println!("{event:?}");
    println!("time = {:?}", event.timestamp());
    let mut out = Vec::new();
    json::write_event(&event, &mut out);
    println!("{}", String::from_utf8_lossy(&out));
    Ok(())
}
