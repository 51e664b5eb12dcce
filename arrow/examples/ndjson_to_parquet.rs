//! NDJSON CloudEvents to a Parquet file.
//!
//! ```text
//! cargo run --release -p cloudevents-codec-arrow --example ndjson_to_parquet -- events.ndjson events.parquet
//! ```
//!
//! Reads the NDJSON file (`-` for stdin), writes every event to the Parquet
//! file in this crate's layout (zstd, row groups of 128 Ki events), and
//! prints the number of events. An invalid line stops it with its line
//! number.

use std::io::Read;

use cloudevents_codec::json::NdjsonReader;
use cloudevents_codec_arrow::{ParquetEventWriter, ParquetOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        return Err("usage: ndjson_to_parquet INPUT.ndjson|- OUTPUT.parquet".into());
    };
    let ndjson = if input == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf)?;
        buf
    } else {
        std::fs::read(input)?
    };
    let file = std::io::BufWriter::new(std::fs::File::create(output)?);
    let mut writer = ParquetEventWriter::try_new(file, ParquetOptions::new())?;
    let mut count = 0u64;
    for (line, event) in NdjsonReader::new(&ndjson) {
        let event = event.map_err(|e| format!("{input}:{line}: {e}"))?;
        writer.write(&event)?;
        count += 1;
    }
    writer.close()?;
    println!("{count} events written to {output}");
    Ok(())
}
