//! `ce filter` and `ce eval`: CloudEvents SQL over any input format.

use std::io::{self, BufRead, IsTerminal};

use cloudevents_codec::cesql::{CesqlErrorKind, CesqlValue, EvalMode, Evaluation, Expression};
use cloudevents_codec::{Event, Text};

use crate::diag::diag;
use crate::input::{Flow, Format};
use crate::output::Encoder;
use crate::{
    each_event, exit_status, io_error, open_inputs, report, warn, CliError, Input, Out,
    EXIT_INVALID,
};

/// The event `ce eval` uses when there is no input (`--no-event`).
const MINIMAL_EVENT: &[u8] =
    br#"{"specversion":"1.0","id":"1","source":"/ce/eval","type":"dev.cloudevents.ce.eval"}"#;

fn parse(expression: &str) -> Result<Expression, u8> {
    Expression::parse(expression).map_err(|e| {
        diag!(
            "ce: invalid expression at byte {}: {}",
            e.position(),
            e.message()
        );
        EXIT_INVALID
    })
}

pub fn filter(
    expression: &str,
    from: Format,
    mut encoder: Encoder,
    output: Option<&str>,
    files: &[String],
) -> Result<u8, CliError> {
    let expr = match parse(expression) {
        Ok(e) => e,
        Err(code) => return Ok(code),
    };
    let mut out = Out::create(output, encoder.is_binary())?;
    encoder.begin(&mut out.buf);
    let mut invalid = 0usize;
    let io_failed = each_event(
        open_inputs(files),
        from,
        &mut |name, index, result, meta| {
            let event = match result {
                Ok(e) => e,
                Err(e) => {
                    report(name, index, &e);
                    invalid += 1;
                    return Flow::Continue;
                }
            };
            // Fail-fast, as filters should be (CESQL §1.2): an error drops
            // the event.
            let eval = expr.evaluate(&event);
            for err in eval.errors.iter() {
                diag!(
                    "{name}:{index}: warning: {}: {}",
                    err.kind().as_str(),
                    err.message()
                );
            }
            if eval.is_match() {
                match encoder.event(&event, meta, &mut out.buf) {
                    Ok(None) => {}
                    Ok(Some(kept)) => warn(name, index, &kept),
                    Err(e) => {
                        report(name, index, &e);
                        invalid += 1;
                    }
                }
            }
            out.flush_if_full()
        },
    );
    encoder.end(&mut out.buf)?;
    out.finish()?;
    Ok(exit_status(io_failed, invalid))
}

pub fn eval(
    expression: &str,
    from: Format,
    no_event: bool,
    mode: EvalMode,
    files: &[String],
) -> Result<u8, CliError> {
    let mut out = Out::new();
    let expr = match parse(expression) {
        Ok(e) => e,
        Err(code) => {
            parse_error_json_line(&mut out.buf);
            out.buf.push(b'\n');
            out.finish()?;
            return Ok(code);
        }
    };
    let mut line = Vec::with_capacity(256);
    let mut emit = |event: &Event<'_>, out: &mut Out| {
        line.clear();
        eval_json_line(&expr.evaluate_with(event, mode), &mut line);
        line.push(b'\n');
        out.buf.extend_from_slice(&line);
        out.flush_if_full()
    };
    // No input at all: one evaluation against a minimal event. Whether
    // stdin has any is decided by skipping its leading whitespace, so that
    // it is never read whole.
    let mut stdin_input = None;
    if files.is_empty() && !no_event {
        let stdin = io::stdin();
        if !stdin.is_terminal() {
            let mut lock = stdin.lock();
            if has_content(&mut lock).map_err(|e| io_error("stdin", e))? {
                stdin_input = Some(lock);
            }
        }
    }
    if no_event || (files.is_empty() && stdin_input.is_none()) {
        let event = Event::from_json(MINIMAL_EVENT).expect("the built-in event is valid");
        emit(&event, &mut out);
        out.finish()?;
        return Ok(0);
    }
    let inputs: Vec<Input> = match stdin_input {
        Some(lock) => vec![("-".to_string(), Ok(Box::new(lock) as _))],
        None => open_inputs(files),
    };
    let mut invalid = 0usize;
    let io_failed = each_event(inputs, from, &mut |name, index, result, _| match result {
        Ok(event) => emit(&event, &mut out),
        Err(e) => {
            report(name, index, &e);
            invalid += 1;
            Flow::Continue
        }
    });
    out.finish()?;
    Ok(exit_status(io_failed, invalid))
}

/// Consumes leading whitespace; true when anything else follows.
fn has_content(input: &mut dyn BufRead) -> io::Result<bool> {
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(false);
        }
        let n = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let all = n == buf.len();
        input.consume(n);
        if !all {
            return Ok(true);
        }
    }
}

/// Appends `{"result": <value>, "errors": ["<kind>", ...]}`, the line `ce
/// eval` prints per event (no trailing newline). Error kinds use the TCK's
/// names (`missingAttribute`, ...); strings are JSON-escaped.
fn eval_json_line(eval: &Evaluation<'_>, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"result\": ");
    match &eval.value {
        CesqlValue::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        CesqlValue::Integer(i) => out.extend_from_slice(itoa::Buffer::new().format(*i).as_bytes()),
        CesqlValue::String(s) => Text::plain(s).write_json(out),
    }
    write_errors(eval.errors.kinds(), out);
}

/// Appends `{"result": false, "errors": ["parse"]}`, the line `ce eval`
/// prints for an expression that does not parse (no trailing newline). With
/// no expression there is no type, so the value is Boolean `false`, as for
/// any value whose type cannot be determined (CESQL §3.2), and as the TCK
/// expects (`like_expression.yaml`, "x LIKE 123").
fn parse_error_json_line(out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"result\": false");
    write_errors(std::iter::once(CesqlErrorKind::Parse), out);
}

fn write_errors(kinds: impl Iterator<Item = CesqlErrorKind>, out: &mut Vec<u8>) {
    out.extend_from_slice(b", \"errors\": [");
    for (i, kind) in kinds.enumerate() {
        if i > 0 {
            out.extend_from_slice(b", ");
        }
        out.push(b'"');
        out.extend_from_slice(kind.as_str().as_bytes());
        out.push(b'"');
    }
    out.extend_from_slice(b"]}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines() {
        let ev = Event::from_json(MINIMAL_EVENT).unwrap();
        let line = |src: &str| {
            let expr = Expression::parse(src).unwrap();
            let mut out = Vec::new();
            eval_json_line(&expr.evaluate(&ev), &mut out);
            String::from_utf8(out).unwrap()
        };
        assert_eq!(line("TRUE"), r#"{"result": true, "errors": []}"#);
        assert_eq!(line("-5"), r#"{"result": -5, "errors": []}"#);
        assert_eq!(
            line("'a\"b\\\\c\n'"),
            "{\"result\": \"a\\\"b\\\\c\\n\", \"errors\": []}"
        );
        assert_eq!(
            line("missing = 1"),
            r#"{"result": false, "errors": ["missingAttribute"]}"#
        );
        let mut out = Vec::new();
        parse_error_json_line(&mut out);
        assert_eq!(out, br#"{"result": false, "errors": ["parse"]}"#);
    }
}
