//! `ce filter` and `ce eval`: CloudEvents SQL over any input format.

use std::io::{self, IsTerminal, Read};

use cloudevents_codec::cesql::{CesqlErrorKind, CesqlValue, EvalMode, Evaluation, Expression};
use cloudevents_codec::{Event, Text};

use crate::input::{Flow, Format};
use crate::output::{Emitter, OutFormat};
use crate::{
    each_event, exit_status, io_error, open_inputs, report, CliError, Input, Out, EXIT_INVALID,
};

/// The event `ce eval` uses when there is no input (`--no-event`).
const MINIMAL_EVENT: &[u8] =
    br#"{"specversion":"1.0","id":"1","source":"/ce/eval","type":"dev.cloudevents.ce.eval"}"#;

fn parse(expression: &str) -> Result<Expression, u8> {
    Expression::parse(expression).map_err(|e| {
        eprintln!(
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
    to: OutFormat,
    output: Option<&str>,
    files: &[String],
) -> Result<u8, CliError> {
    let expr = match parse(expression) {
        Ok(e) => e,
        Err(code) => return Ok(code),
    };
    let mut emitter = Emitter::create(to, output)?;
    let mut invalid = 0usize;
    let io_failed = each_event(open_inputs(files), from, &mut |name, index, result| {
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
            eprintln!(
                "{name}:{index}: warning: {}: {}",
                err.kind().as_str(),
                err.message()
            );
        }
        if eval.is_match() {
            if let Err(e) = emitter.event(&event) {
                report(name, index, &e);
                invalid += 1;
            }
        }
        emitter.flow()
    });
    emitter.finish()?;
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
        emit(&event, &mut out);
        out.finish()?;
        return Ok(0);
    }
    let inputs: Vec<Input> = match stdin_data {
        Some(data) => vec![("-".to_string(), Ok(Box::new(io::Cursor::new(data)) as _))],
        None => open_inputs(files),
    };
    let mut invalid = 0usize;
    let io_failed = each_event(inputs, from, &mut |name, index, result| match result {
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
