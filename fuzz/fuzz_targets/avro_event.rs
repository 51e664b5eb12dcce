//! `avro::read_event` and `avro::ContainerReader` on raw bytes. Oracles:
//! errors point inside the input; whatever reads is written back with
//! `avro::write_event`, reads again to an equal event (AVRO-3: JSON data by
//! meaning) and writing that is byte-for-byte stable; every event of a
//! container file that reads goes into a rewritten file that reads back to
//! the same events.
#![no_main]

use cloudevents_codec::avro::{self, AvroScratch, ContainerReader, ContainerWriter};
use cloudevents_codec::{json, Event};
use libfuzzer_sys::fuzz_target;

/// Writes `event`, reads it back, writes again: returns the first bytes.
fn round_trip(event: &Event<'_>) -> Vec<u8> {
    let mut first = Vec::new();
    avro::write_event(event, &mut first);
    check_again(event, &first);
    first
}

fn check_again(event: &Event<'_>, first: &[u8]) {
    let mut scratch = AvroScratch::new();
    let again = avro::read_event(first, &mut scratch)
        .unwrap_or_else(|e| panic!("written event does not read: {e}\n{first:02x?}"));
    if event.data().is_some_and(|d| d.is_null()) {
        // JSON null and no data share Avro's null branch.
        assert!(again.data().is_none());
    } else {
        assert_eq!(&again, event, "round trip changed the event");
    }
    let mut second = Vec::new();
    avro::write_event(&again, &mut second);
    assert_eq!(first, &second[..], "writing is not stable");
    // Every event has a JSON form.
    let mut j = Vec::new();
    json::write_event(&again, &mut j);
    let parsed = Event::from_json(&j).map(|_| ());
    if let Err(e) = parsed {
        panic!(
            "JSON of an Avro event does not parse: {e}\n{}",
            String::from_utf8_lossy(&j)
        );
    }
}

fuzz_target!(|input: &[u8]| {
    let mut scratch = AvroScratch::new();
    match avro::read_event(input, &mut scratch) {
        Ok(event) => {
            round_trip(&event);
        }
        Err(e) => {
            let _ = e.to_string();
            if let Some(at) = e.offset() {
                assert!(at <= input.len(), "offset {at} past the end: {e}");
            }
        }
    }
    let Ok(mut reader) = ContainerReader::new(input) else {
        return;
    };
    let mut datums = Vec::new();
    let mut n = 0usize;
    loop {
        match reader.next_event(&mut scratch) {
            Ok(Some(event)) => datums.push(round_trip(&event)),
            Ok(None) => break,
            Err(e) => {
                if let Some(at) = e.offset() {
                    assert!(at <= input.len(), "offset {at} past the end: {e}");
                }
                break;
            }
        }
        n += 1;
        assert!(n <= input.len(), "container iteration does not end");
    }
    // The events that read, in a file of our own, read back.
    let mut file = Vec::new();
    let mut w = ContainerWriter::new([0x5a; 16]).with_block_size(64);
    let mut scratches: Vec<AvroScratch> = datums.iter().map(|_| AvroScratch::new()).collect();
    let mut events = Vec::new();
    for (d, s) in datums.iter().zip(scratches.iter_mut()) {
        events.push(avro::read_event(d, s).expect("our datum reads"));
    }
    for e in &events {
        w.push(e, &mut file);
    }
    w.finish(&mut file);
    let mut r = ContainerReader::new(&file[..]).expect("our file reads");
    let mut back = AvroScratch::new();
    for e in &events {
        let got = r
            .next_event(&mut back)
            .expect("our file reads")
            .expect("an event");
        assert_eq!(&got, e);
    }
    assert!(r.next_event(&mut back).expect("our file ends").is_none());
});
