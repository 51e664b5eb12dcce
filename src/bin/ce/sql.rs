//! `ce filter` and `ce eval`: CloudEvents SQL over any input format.

use std::io::{self, IsTerminal, Read, Write};

use cloudevents_codec::cesql::{self, Expression};
use cloudevents_codec::{Event, ParseOptions};

use crate::input::{read_events, Flow, Format};
use crate::output::{Encoder, OutFormat};
use crate::{io_error, open_inputs, report, CliError, EXIT_INVALID, EXIT_USAGE};

/// The event `ce eval` uses when there is no input (`--no-event`).
const MINIMAL_EVENT: &[u8] =
    br#"{"specversion":"1.0","id":"1","source":"/ce/eval","type":"dev.cloudevents.ce.eval"}"#;

pub fn filter(
    expression: &str,
    from: Format,
    to: OutFormat,
    files: &[String],
) -> Result<u8, CliError> {
    let expr = match Expression::parse(expression) {
        Ok(e) => e,
        Err(e) => {
            eprintln!(
                "ce: invalid expression at byte {}: {}",
                e.position(),
                e.message()
            );
            return Ok(EXIT_INVALID);
        }
    };
    let options = ParseOptions::new();
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut buf = Vec::with_capacity(1 << 16);
    let mut encoder = Encoder::new(to);
    encoder.begin(&mut buf);
    let mut invalid = 0usize;
    let mut io_failed = false;
    let mut write_error = None;
    for (name, reader) in open_inputs(files) {
        let mut reader = match reader {
            Ok(r) => r,
            Err(e) => {
                eprintln!("ce: {name}: {e}");
                io_failed = true;
                continue;
            }
        };
        let mut index = 0usize;
        let r = read_events(&mut reader, from, &options, &mut |result| {
            index += 1;
            let event = match result {
                Ok(e) => e,
                Err(e) => {
                    report(&name, index, &e);
                    invalid += 1;
                    return Flow::Continue;
                }
            };
            let eval = expr.evaluate(&event);
            for err in eval.errors.iter() {
                eprintln!(
                    "{name}:{index}: warning: {}: {}",
                    err.kind().as_str(),
                    err.message()
                );
            }
            if eval.is_match() {
                if let Err(e) = encoder.event(&event, &mut buf) {
                    report(&name, index, &e);
                    invalid += 1;
                }
            }
            if buf.len() >= 1 << 16 {
                if let Err(e) = out.write_all(&buf) {
                    write_error = Some(e);
                    return Flow::Stop;
                }
                buf.clear();
            }
            Flow::Continue
        });
        if let Some(e) = write_error.take() {
            return Err(io_error("stdout", e));
        }
        if let Err(e) = r {
            eprintln!("ce: {name}: {e}");
            io_failed = true;
        }
    }
    encoder.end(&mut buf);
    out.write_all(&buf).map_err(|e| io_error("stdout", e))?;
    out.flush().map_err(|e| io_error("stdout", e))?;
    Ok(if io_failed {
        EXIT_USAGE
    } else if invalid > 0 {
        EXIT_INVALID
    } else {
        0
    })
}

pub fn eval(
    expression: &str,
    from: Format,
    no_event: bool,
    files: &[String],
) -> Result<u8, CliError> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut line = Vec::with_capacity(256);
    let expr = match Expression::parse(expression) {
        Ok(e) => e,
        Err(e) => {
            cesql::parse_error_json_line(&mut line);
            line.push(b'\n');
            out.write_all(&line).map_err(|e| io_error("stdout", e))?;
            out.flush().map_err(|e| io_error("stdout", e))?;
            eprintln!(
                "ce: invalid expression at byte {}: {}",
                e.position(),
                e.message()
            );
            return Ok(EXIT_INVALID);
        }
    };
    let mut emit = |event: &Event<'_>, out: &mut io::BufWriter<io::StdoutLock<'_>>| {
        line.clear();
        cesql::eval_json_line(&expr.evaluate(event), &mut line);
        line.push(b'\n');
        out.write_all(&line)
    };
    // No input at all: one evaluation against a minimal event.
    let mut stdin_data = None;
    if files.is_empty() && !no_event {
        let stdin = io::stdin();
        if !stdin.is_terminal() {
            let mut data = Vec::new();
            stdin
                .lock()
                .read_to_end(&mut data)
                .map_err(|e| io_error("stdin", e))?;
            if data.iter().any(|b| !b.is_ascii_whitespace()) {
                stdin_data = Some(data);
            }
        }
    }
    if no_event || (files.is_empty() && stdin_data.is_none()) {
        let event = Event::from_json(MINIMAL_EVENT).expect("the built-in event is valid");
        emit(&event, &mut out).map_err(|e| io_error("stdout", e))?;
        out.flush().map_err(|e| io_error("stdout", e))?;
        return Ok(0);
    }
    let options = ParseOptions::new();
    let mut invalid = 0usize;
    let mut io_failed = false;
    let mut write_error = None;
    let inputs: Vec<crate::Input> = match stdin_data {
        Some(data) => vec![("-".to_string(), Ok(Box::new(io::Cursor::new(data)) as _))],
        None => open_inputs(files),
    };
    for (name, reader) in inputs {
        let mut reader = match reader {
            Ok(r) => r,
            Err(e) => {
                eprintln!("ce: {name}: {e}");
                io_failed = true;
                continue;
            }
        };
        let mut index = 0usize;
        let r = read_events(&mut reader, from, &options, &mut |result| {
            index += 1;
            match result {
                Ok(event) => {
                    if let Err(e) = emit(&event, &mut out) {
                        write_error = Some(e);
                        return Flow::Stop;
                    }
                }
                Err(e) => {
                    report(&name, index, &e);
                    invalid += 1;
                }
            }
            Flow::Continue
        });
        if let Some(e) = write_error.take() {
            return Err(io_error("stdout", e));
        }
        if let Err(e) = r {
            eprintln!("ce: {name}: {e}");
            io_failed = true;
        }
    }
    out.flush().map_err(|e| io_error("stdout", e))?;
    Ok(if io_failed {
        EXIT_USAGE
    } else if invalid > 0 {
        EXIT_INVALID
    } else {
        0
    })
}
