//! Converts an NDJSON stream much larger than memory into batch arrays in
//! constant memory: the input is generated on the fly and handed over in
//! 64 KiB reads (`std::io::Read`), read with `NdjsonStream`, and re-framed
//! with `BatchProducer` into 1 MiB batches that are "sent" (counted and
//! dropped). Prints the peak resident memory (`VmHWM` from
//! `/proc/self/status`) before and after.
//!
//! Run: `cargo run --release --example constant_memory -- [MEGABYTES]`
//! (default 64 MB; try 2000 for 2 GB: the peak stays the same).

use std::io::Read;

use cloudevents_codec::stream::{BatchProducer, Framing, NdjsonStream, Status};
use cloudevents_codec_corpus::{Generator, Profile};

/// An `io::Read` that generates `limit` bytes of NDJSON events on demand.
struct Generated {
    gen: Generator,
    pending: Vec<u8>,
    pos: usize,
    produced: u64,
    limit: u64,
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.pending.len() {
            if self.produced >= self.limit {
                return Ok(0);
            }
            self.pending.clear();
            self.pos = 0;
            while self.pending.len() < 64 * 1024 {
                self.gen.write_event(&mut self.pending);
                self.pending.push(b'\n');
            }
            self.produced += self.pending.len() as u64;
        }
        let n = buf.len().min(self.pending.len() - self.pos);
        buf[..n].copy_from_slice(&self.pending[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Peak resident set size in KiB, when `/proc` has it.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let megabytes: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(64);
    let mut input = Generated {
        gen: Generator::new(Profile::Medium, 7),
        pending: Vec::new(),
        pos: 0,
        produced: 0,
        limit: megabytes * 1_000_000,
    };
    println!("peak RSS at start: {} KiB", peak_rss_kib().unwrap_or(0));

    let start = std::time::Instant::now();
    let mut stream = NdjsonStream::new();
    let mut producer = BatchProducer::new(Framing::Array).max_bytes(1 << 20);
    let (mut events, mut batches, mut out_bytes) = (0u64, 0u64, 0u64);
    let mut send = |batch: bytes::Bytes| {
        batches += 1;
        out_bytes += batch.len() as u64;
        // A real pipeline would hand `batch` to a socket or a queue here.
    };
    loop {
        let partial = match stream.next_event()? {
            Status::Complete(event) => {
                events += 1;
                if let Some(batch) = producer.push(&event)? {
                    send(batch);
                }
                false
            }
            Status::Partial => true,
            Status::Done => break,
        };
        if partial {
            stream.read_from(&mut input)?;
        }
    }
    if let Some(batch) = producer.flush() {
        send(batch);
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "read {:.0} MB, {events} events -> {batches} batches, {:.0} MB, in {secs:.1} s ({:.0} MB/s)",
        stream.position() as f64 / 1e6,
        out_bytes as f64 / 1e6,
        stream.position() as f64 / 1e6 / secs
    );
    println!(
        "reader buffer {} KiB, producer buffer {} KiB",
        stream.capacity() / 1024,
        producer.capacity() / 1024
    );
    println!("peak RSS at end: {} KiB", peak_rss_kib().unwrap_or(0));
    Ok(())
}
