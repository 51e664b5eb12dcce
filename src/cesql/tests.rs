//! CESQL tests: every rule of `docs/RULES.md` §13 by ID, the edge cases
//! E-82..E-89, a sample of the TCK (`cesql/cesql_tck/*.yaml`, rewritten as a
//! table), and a property test that `Display` output parses back to the same
//! tree.

use alloc::borrow::Cow;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::*;
use crate::event::Extension;
use crate::text::{Text, TextEncoding};
use crate::Value;

/// An attribute value or an expected result.
#[derive(Debug, Clone, Copy)]
enum X {
    S(&'static str),
    I(i32),
    B(bool),
    /// A string kept JSON-escaped (the body of a JSON string literal), to
    /// exercise the decode-free paths.
    J(&'static str),
}
use X::{B, I, J, S};

fn text(x: X) -> Text<'static> {
    match x {
        S(s) => Text::plain(s),
        J(raw) => Text::from_validated(raw.as_bytes(), TextEncoding::Json),
        _ => panic!("not a string: {x:?}"),
    }
}

/// The test event: `specversion 1.0, id myId, source /s, type t`, with
/// `attrs` set or added.
fn event(attrs: &[(&'static str, X)]) -> Event<'static> {
    let mut e = Event::bare(Text::plain("myId"), Text::plain("/s"), Text::plain("t"));
    for &(name, x) in attrs {
        match name {
            "id" => e.id = text(x),
            "source" => e.source = text(x),
            "type" => e.ty = text(x),
            "subject" => e.subject = Some(text(x)),
            "time" => e.time = Some(text(x)),
            "datacontenttype" => e.datacontenttype = Some(text(x)),
            "dataschema" => e.dataschema = Some(text(x)),
            _ => {
                let value = match x {
                    I(i) => Value::Integer(i),
                    B(b) => Value::Boolean(b),
                    s => Value::String(text(s)),
                };
                e.extensions.push(Extension::new(Text::plain(name), value));
            }
        }
    }
    e
}

fn expected(x: X) -> CesqlValue<'static> {
    match x {
        S(s) => CesqlValue::String(Cow::Borrowed(s)),
        I(i) => CesqlValue::Integer(i),
        B(b) => CesqlValue::Boolean(b),
        J(_) => panic!("not a result"),
    }
}

/// Evaluates `src` over an event with `attrs`: the value and the error kinds.
fn run(src: &str, attrs: &[(&'static str, X)]) -> (CesqlValue<'static>, Vec<CesqlErrorKind>) {
    let expr = Expression::parse(src).unwrap_or_else(|e| panic!("{src:?}: {e}"));
    let ev = event(attrs);
    let out = expr.evaluate(&ev);
    assert!(out.errors.len() <= 1, "fail-fast: {src}");
    assert_eq!(
        expr.matches(&ev),
        out.is_match(),
        "matches() agrees with evaluate(): {src}"
    );
    let kinds = out.errors.kinds().collect();
    (out.value.into_owned(), kinds)
}

#[track_caller]
fn check(src: &str, attrs: &[(&'static str, X)], want: X, error: Option<CesqlErrorKind>) {
    let (value, kinds) = run(src, attrs);
    assert_eq!(value, expected(want), "value of {src:?}");
    assert_eq!(
        kinds,
        error.into_iter().collect::<Vec<_>>(),
        "errors of {src:?}"
    );
}

#[track_caller]
fn ok(src: &str, want: X) {
    check(src, &[], want, None);
}

#[track_caller]
fn err(src: &str, want: X, kind: CesqlErrorKind) {
    check(src, &[], want, Some(kind));
}

#[track_caller]
fn parse_err(src: &str) -> ParseError {
    match Expression::parse(src) {
        Ok(e) => panic!("{src:?} parsed as {e}"),
        Err(e) => e,
    }
}

/// Evaluates `src` completely (§4.1) over an event with `attrs`.
fn run_complete(
    src: &str,
    attrs: &[(&'static str, X)],
) -> (CesqlValue<'static>, Vec<CesqlErrorKind>) {
    let expr = Expression::parse(src).unwrap_or_else(|e| panic!("{src:?}: {e}"));
    let ev = event(attrs);
    let out = expr.evaluate_with(&ev, EvalMode::Complete);
    let kinds = out.errors.kinds().collect();
    (out.value.into_owned(), kinds)
}

#[track_caller]
fn complete(src: &str, attrs: &[(&'static str, X)], want: X, errors: &[CesqlErrorKind]) {
    let (value, kinds) = run_complete(src, attrs);
    assert_eq!(value, expected(want), "complete value of {src:?}");
    assert_eq!(kinds, errors, "complete errors of {src:?}");
}

use CesqlErrorKind::{
    Cast, FunctionEvaluation as FnEval, Math, MissingAttribute as Missing, MissingFunction,
};

type Row = (
    &'static str,
    &'static [(&'static str, X)],
    X,
    Option<CesqlErrorKind>,
);

/// A sample of the TCK, by file (the whole official TCK passes through
/// `ce eval`; these rows pin it in the library).
const TCK: &[Row] = &[
    // binary_comparison_operators.yaml
    ("TRUE = FALSE", &[], B(false), None),
    ("FALSE = FALSE", &[], B(true), None),
    ("2 = 2", &[], B(true), None),
    ("'abc' = '123'", &[], B(false), None),
    ("missing = 2", &[], B(false), Some(Missing)),
    ("1 != 2", &[], B(true), None),
    ("'abc' != 'abc'", &[], B(false), None),
    ("missing != 2", &[], B(false), Some(Missing)),
    ("TRUE <> FALSE", &[], B(true), None),
    ("2 <> 2", &[], B(false), None),
    ("missing <> 2", &[], B(false), Some(Missing)),
    ("2 <= 2", &[], B(true), None),
    ("3 <= 2", &[], B(false), None),
    ("1 < 2", &[], B(true), None),
    ("2 >= 3", &[], B(false), None),
    ("2 > 1", &[], B(true), None),
    ("missing <= 2", &[], B(false), Some(Missing)),
    ("true = 'TRUE'", &[], B(false), None),
    ("'TRUE' = true", &[], B(true), None),
    // binary_logical_operators.yaml
    ("FALSE AND TRUE", &[], B(false), None),
    ("TRUE AND TRUE", &[], B(true), None),
    ("false and (1 != 1 / 0)", &[], B(false), None),
    ("true and (1 != 1 / 0)", &[], B(false), Some(Math)),
    ("FALSE OR TRUE", &[], B(true), None),
    ("true or (1 != 1 / 0)", &[], B(true), None),
    ("false or (1 != 1 / 0)", &[], B(false), Some(Math)),
    ("TRUE XOR TRUE", &[], B(false), None),
    ("FALSE XOR TRUE", &[], B(true), None),
    // binary_math_operators.yaml
    ("4 * 2 + 4 / 2", &[], I(10), None),
    ("4 * (2 + 4) / 2", &[], I(12), None),
    ("5 / 3", &[], I(1), None),
    ("5 / 0", &[], I(0), Some(Math)),
    ("5 % 2", &[], I(1), None),
    ("5 % 0", &[], I(0), Some(Math)),
    ("missing / 0", &[], I(0), Some(Missing)),
    ("missing % 0", &[], I(0), Some(Missing)),
    ("-4 + -1", &[], I(-5), None),
    ("4 + -1", &[], I(3), None),
    ("-4 - 1", &[], I(-5), None),
    ("'5' + 3", &[], I(8), None),
    ("5 + '3'", &[], I(8), None),
    ("'5' + '3'", &[], I(8), None),
    ("5 + TRUE", &[], I(6), None),
    // casting_functions.yaml
    ("INT('1')", &[], I(1), None),
    ("INT('-1')", &[], I(-1), None),
    ("INT(TRUE)", &[], I(1), None),
    ("INT(FALSE)", &[], I(0), None),
    ("INT('ABC')", &[], I(0), Some(Cast)),
    ("BOOL('TRUE')", &[], B(true), None),
    ("BOOL(\"false\")", &[], B(false), None),
    ("BOOL('ABC')", &[], B(false), Some(Cast)),
    ("BOOL(0)", &[], B(false), None),
    ("BOOL(-50)", &[], B(true), None),
    ("STRING(TRUE)", &[], S("true"), None),
    ("STRING(-1)", &[], S("-1"), None),
    ("STRING(\"abc\")", &[], S("abc"), None),
    // context_attributes_access.yaml
    ("id", &[("id", S("myId"))], S("myId"), None),
    ("subject", &[("subject", S("mySubject"))], S("mySubject"), None),
    ("subject", &[], B(false), Some(Missing)),
    ("mybool", &[("mybool", B(true))], B(true), None),
    ("myint", &[("myint", I(10))], I(10), None),
    ("myext", &[("myext", S("my extension"))], S("my extension"), None),
    (
        "time",
        &[("time", S("2018-04-26T14:48:09+02:00"))],
        S("2018-04-26T14:48:09+02:00"),
        None,
    ),
    // integer_builtin_functions.yaml
    ("ABS(10)", &[], I(10), None),
    ("ABS(-10)", &[], I(10), None),
    ("ABS(0)", &[], I(0), None),
    ("ABS(-2147483648)", &[], I(2147483647), Some(Math)),
    // like_expression.yaml
    ("'abc' LIKE 'abc'", &[], B(true), None),
    ("'ab\\c' LIKE 'ab\\c'", &[], B(true), None),
    ("'abc' NOT LIKE 'abc'", &[], B(false), None),
    ("'azzzbzzzc' LIKE 'a%b%c'", &[], B(true), None),
    ("'' LIKE 'abc'", &[], B(false), None),
    ("'ab.cde' LIKE '.%.%.'", &[], B(false), None),
    ("'azbzc' LIKE 'a_b_c'", &[], B(true), None),
    ("'abcd.' LIKE '._._.'", &[], B(false), None),
    ("'a_b_c' NOT LIKE 'a\\_b\\_c'", &[], B(false), None),
    ("'a%b%c' LIKE 'a\\%b\\%c'", &[], B(true), None),
    (
        "myext LIKE 'abc%123\\%456\\_d_f'",
        &[("myext", S("abc123123%456_dzf"))],
        B(true),
        None,
    ),
    ("234 LIKE '23_'", &[], B(true), None),
    ("2344 LIKE '23_'", &[], B(false), None),
    ("TRUE LIKE '%ue'", &[], B(true), None),
    ("FALSE LIKE 'tr%'", &[], B(false), None),
    // literals.yaml
    ("TRUE", &[], B(true), None),
    ("0", &[], I(0), None),
    ("\"abc\"", &[], S("abc"), None),
    ("'aBc'", &[], S("aBc"), None),
    ("'a\"b\\'c'", &[], S("a\"b'c"), None),
    ("\"a'b\\\"c\"", &[], S("a'b\"c"), None),
    // negate_operator.yaml
    ("-10", &[], I(-10), None),
    ("--10", &[], I(10), None),
    ("-'10'", &[], I(-10), None),
    ("--'10'", &[], I(10), None),
    ("-TRUE", &[], I(-1), None),
    ("-missing", &[], I(0), Some(Missing)),
    // not_operator.yaml
    ("NOT TRUE", &[], B(false), None),
    ("NOT 10", &[], B(true), Some(Cast)),
    ("NOT 'TRUE'", &[], B(false), None),
    ("NOT 'FALSE'", &[], B(true), None),
    ("NOT missing", &[], B(false), Some(Missing)),
    // spec_examples.yaml
    (
        "int(hop) < int(ttl) and int(hop) < 1000",
        &[("hop", S("5")), ("ttl", S("10"))],
        B(true),
        None,
    ),
    ("hop < ttl", &[("hop", S("5")), ("ttl", S("10"))], B(true), None),
    ("sequence = 5", &[("sequence", S("5"))], B(true), None),
    ("sequence = 5", &[("sequence", S("6"))], B(false), None),
    (
        "(firstname = 'Francesco' AND lastname = 'Guardiani') OR subject = 'Francesco Guardiani'",
        &[
            ("subject", S("Francesco Guardiani")),
            ("firstname", S("Doug")),
            ("lastname", S("Davis")),
        ],
        B(true),
        None,
    ),
    ("EXISTS subject", &[("subject", S("x"))], B(true), None),
    // string_builtin_functions.yaml
    ("LENGTH('abc')", &[], I(3), None),
    ("LENGTH('')", &[], I(0), None),
    ("LENGTH(TRUE)", &[], I(4), None),
    ("CONCAT('a', 'b', 'c')", &[], S("abc"), None),
    ("CONCAT()", &[], S(""), None),
    ("CONCAT_WS(',', 'a', 'b', 'c')", &[], S("a,b,c"), None),
    ("CONCAT_WS(',')", &[], S(""), None),
    ("CONCAT_WS(',', 'a')", &[], S("a"), None),
    ("CONCAT_WS()", &[], B(false), Some(MissingFunction)),
    ("LOWER('AbC')", &[], S("abc"), None),
    ("UPPER('AbC')", &[], S("ABC"), None),
    ("TRIM('   a b c   ')", &[], S("a b c"), None),
    ("TRIM('a b c   ')", &[], S("a b c"), None),
    ("LEFT('abc', 2)", &[], S("ab"), None),
    ("LEFT('abc', 10)", &[], S("abc"), None),
    ("LEFT('', 0)", &[], S(""), None),
    ("LEFT('abc', -2)", &[], S("abc"), Some(FnEval)),
    ("RIGHT('abc', 2)", &[], S("bc"), None),
    ("RIGHT('abc', -2)", &[], S("abc"), Some(FnEval)),
    ("SUBSTRING('abcdef', 1)", &[], S("abcdef"), None),
    ("SUBSTRING('Quadratically', 5)", &[], S("ratically"), None),
    ("SUBSTRING('Sakila', -3)", &[], S("ila"), None),
    ("SUBSTRING('abcdef', 2, 4)", &[], S("bcde"), None),
    ("SUBSTRING('Sakila', -5, 3)", &[], S("aki"), None),
    ("SUBSTRING('Quadratically', 0)", &[], S(""), None),
    ("SUBSTRING('Quadratically', 0, 1)", &[], S(""), None),
    ("SUBSTRING('abcdef', 10)", &[], S(""), Some(FnEval)),
    ("SUBSTRING('abcdef', -10)", &[], S(""), Some(FnEval)),
    ("SUBSTRING('abcdef', 10, 10)", &[], S(""), Some(FnEval)),
    ("SUBSTRING('abcdef', -10, 10)", &[], S(""), Some(FnEval)),
    // sub_expression.yaml
    ("(TRUE)", &[], B(true), None),
    ("4 * (2 + 3)", &[], I(20), None),
    ("(2 + 3) * 4", &[], I(20), None),
    // subscriptions_api_recreations.yaml
    (
        "source LIKE 'https://%'",
        &[("source", S("https://example.com"))],
        B(true),
        None,
    ),
    (
        "source LIKE 'https://%'",
        &[("source", S("http://example.com"))],
        B(false),
        None,
    ),
    ("myext LIKE 'custom%'", &[], B(false), Some(Missing)),
    (
        "type like '%.error'",
        &[("type", S("com.github.error"))],
        B(true),
        None,
    ),
    ("myext = 'customext'", &[], B(false), Some(Missing)),
    (
        "type LIKE 'example.%' AND myext LIKE 'custom%'",
        &[("type", S("example.event.type"))],
        B(false),
        Some(Missing),
    ),
    (
        "id LIKE 'my%' OR myext LIKE '%ext'",
        &[("id", S("notmyId"))],
        B(false),
        Some(Missing),
    ),
    (
        "(id = 'myId' AND type LIKE '%.success') OR (id = 'notmyId' AND source LIKE 'http://%' AND type LIKE '%.warning')",
        &[
            ("id", S("notmyId")),
            ("type", S("example.event.warning")),
            ("source", S("http://localhost.localdomain")),
        ],
        B(true),
        None,
    ),
    (
        "(id = 'myId' OR type LIKE '%.success') AND (id = 'notmyId' OR source LIKE 'https://%' OR type LIKE '%.warning')",
        &[
            ("id", S("notmyId")),
            ("type", S("example.event.warning")),
            ("source", S("http://localhost.localdomain")),
        ],
        B(false),
        None,
    ),
];

#[test]
fn tck_sample() {
    for &(src, attrs, want, error) in TCK {
        check(src, attrs, want, error);
    }
}

#[test]
fn tck_conjunctive_normal_form_5() {
    // subscriptions_api_recreations.yaml: the first two conjuncts are true
    // (type .warning), so the third is evaluated and reads the missing
    // `myext`.
    check(
        "(id = 'myId' OR type LIKE '%.success') AND (id = 'notmyId' OR source LIKE 'https://%' OR type LIKE '%.warning') AND (myext = 'customext')",
        &[
            ("id", S("myId")),
            ("type", S("example.event.warning")),
            ("source", S("http://localhost.localdomain")),
        ],
        B(false),
        Some(Missing),
    );
    // With a false second conjunct (type .success) the third is
    // short-circuited (CESQL-11): no error.
    check(
        "(id = 'myId' OR type LIKE '%.success') AND (id = 'notmyId' OR source LIKE 'https://%' OR type LIKE '%.warning') AND (myext = 'customext')",
        &[
            ("id", S("myId")),
            ("type", S("example.event.success")),
            ("source", S("http://localhost.localdomain")),
        ],
        B(false),
        None,
    );
}

#[test]
fn cesql_1_result_model() {
    // CESQL-1: a value of one of three types plus a (here empty) error list;
    // the event is not changed and `data` is not reachable.
    let ev = event(&[]);
    let expr = Expression::parse("EXISTS data").unwrap();
    let out = expr.evaluate(&ev);
    assert_eq!(out.value, CesqlValue::Boolean(false));
    assert!(out.errors.is_empty());
    err("data", B(false), Missing);
}

#[test]
fn cesql_2_filter_passes_only_true_without_errors() {
    // CESQL-2
    let ev = event(&[]);
    let pass = |src: &str| Expression::parse(src).unwrap().matches(&ev);
    assert!(pass("TRUE"));
    assert!(!pass("FALSE"));
    assert!(!pass("1"));
    assert!(!pass("'true'"));
    // LEFT returns its input with an error: not a pass even if it were true.
    assert!(!pass("LEFT('abc', -1) = 'abc'"));
    assert!(!pass("missing = missing OR TRUE"));
    assert!(pass("TRUE OR missing = 1"));
}

#[test]
fn cesql_3_case_rules() {
    // CESQL-3: keywords, identifiers and function names fold case; string
    // literals, string `=` and LIKE do not.
    ok("true AnD NoT fAlSe", B(true));
    check("EXISTS SOURCE", &[], B(true), None);
    check("MyExt = 1", &[("myext", I(1))], B(true), None);
    ok("length('abc') = LeNgTh('xyz')", B(true));
    ok("'abc' = 'ABC'", B(false));
    ok("'abc' LIKE 'ABC'", B(false));
    assert_eq!(
        Expression::parse("a_b = 1").unwrap_err().position(),
        0,
        "attribute names have no `_`"
    );
}

#[test]
fn cesql_4_grammar() {
    // CESQL-4
    ok("'a' IN ('b', 'a')", B(true));
    ok("3 NOT IN (1, 2)", B(true));
    ok("+5", I(5));
    ok("''", S(""));
    parse_err("x IN ()");
    parse_err("x LIKE y");
    parse_err("1 +");
    parse_err("(1");
    parse_err("LENGTH('a'");
    parse_err("EXISTS 'a'");
    parse_err("1 2");
    parse_err("");
    let e = parse_err("a = = 1");
    assert_eq!(e.position(), 4);
    assert!(e.message().starts_with("expected an expression"), "{e}");
    let e = parse_err("LENGTH('a' 'b')");
    assert_eq!(e.position(), 11);
    assert!(e.message().contains("`,` or `)`"), "{e}");
}

#[test]
fn cesql_4_function_names() {
    // CESQL-4, §2.4 (issue 13, item 12): `char ( "_" | char )*`, letters
    // only. A name with a digit is a parse error, not a missing function.
    for src in [
        "ABS2(1)",
        "abs2(1)",
        "A2B()",
        "_ABS(1)",
        "2ABS(1)",
        "CONCAT_1()",
    ] {
        let e = parse_err(src);
        assert_eq!(e.position(), 0, "{src}");
        assert_eq!(e.kind(), CesqlErrorKind::Parse);
    }
    let e = parse_err("1 + LEN9('a')");
    assert_eq!(e.position(), 4);
    assert!(e.message().contains("not a function name"), "{e}");
    // Underscores anywhere after the first letter; any case.
    ok("concat_ws('-', 'a', 'b')", S("a-b"));
    ok("Is_Int('1')", B(true));
    err("A_()", B(false), MissingFunction);
    err("A__B(1)", B(false), MissingFunction);
    // Digits stay fine in attribute names (`abs2` not followed by `(`).
    check("abs2", &[("abs2", I(2))], I(2), None);
}

#[test]
fn cesql_5_types_and_zero_values() {
    // CESQL-5: timestamps, URIs are strings; `time` as written.
    check(
        "time",
        &[("time", S("2018-04-26T14:48:09+02:00"))],
        S("2018-04-26T14:48:09+02:00"),
        None,
    );
    check("specversion", &[], S("1.0"), None);
    check("source = '/s'", &[], B(true), None);
    assert_eq!(
        Expression::parse("1 + 1").unwrap().result_type(),
        CesqlType::Integer
    );
    assert_eq!(
        Expression::parse("'a'").unwrap().result_type(),
        CesqlType::String
    );
    assert_eq!(
        Expression::parse("1 = 1").unwrap().result_type(),
        CesqlType::Boolean
    );
}

#[test]
fn cesql_6_missing_attributes() {
    // CESQL-6: zero value of the subexpression type + MissingAttribute.
    err("missing * 5", I(0), Missing);
    err("1 / missing", I(0), Missing);
    err("true AND (missing = '')", B(false), Missing);
    err("missing", B(false), Missing);
    err("LENGTH(missing)", I(0), Missing);
    err("missing LIKE 'a%'", B(false), Missing);
}

#[test]
fn cesql_6_bare_missing_attribute_is_false() {
    // CESQL-6, §3.2 (issue 13, item 9): a bare reference to an absent
    // attribute has no determinable type, so it is Boolean `false` with a
    // MissingAttributeError, core attribute or extension alike (TCK
    // context_attributes_access.yaml "Absent optional attribute").
    for name in [
        "subject",
        "time",
        "datacontenttype",
        "dataschema",
        "myext",
        "data",
    ] {
        err(name, B(false), Missing);
        complete(name, &[], B(false), &[Missing]);
        assert_eq!(
            Expression::parse(name).unwrap().result_type(),
            CesqlType::Boolean
        );
    }
    check("(subject)", &[], B(false), Some(Missing));
    check("subject", &[("subject", S("s"))], S("s"), None);
    // Inside an operator or function the subexpression takes the zero value
    // of its own type.
    err("CONCAT(subject)", S(""), Missing);
    err("subject = ''", B(false), Missing);
    err("LENGTH(time)", I(0), Missing);
}

#[test]
fn cesql_7_exists() {
    // CESQL-7
    for core in ["id", "source", "type", "specversion"] {
        ok(&alloc::format!("EXISTS {core}"), B(true));
    }
    ok("EXISTS subject", B(false));
    ok("EXISTS myext", B(false));
    check("EXISTS myext", &[("myext", B(false))], B(true), None);
}

#[test]
fn cesql_8_error_kinds() {
    // CESQL-8: every kind and its TCK name.
    let names = [
        (CesqlErrorKind::Parse, "parse"),
        (CesqlErrorKind::Math, "math"),
        (CesqlErrorKind::Cast, "cast"),
        (CesqlErrorKind::MissingFunction, "missingFunction"),
        (CesqlErrorKind::FunctionEvaluation, "functionEvaluation"),
        (CesqlErrorKind::MissingAttribute, "missingAttribute"),
        (CesqlErrorKind::Generic, "generic"),
    ];
    for (kind, name) in names {
        assert_eq!(kind.as_str(), name);
    }
    assert_eq!(parse_err("(").kind(), CesqlErrorKind::Parse);
    // A failing operator still has a value: the obvious one.
    err("2147483647 + 1", I(i32::MIN), Math);
    let ev = event(&[]);
    let expr = Expression::parse("missing = 1").unwrap();
    let out = expr.evaluate(&ev);
    let e = &out.errors.as_slice()[0];
    assert_eq!(e.subject(), Some("missing"));
    assert_eq!(
        e.to_string(),
        "missingAttribute: the event has no attribute (missing)"
    );
}

#[test]
fn cesql_9_fail_fast() {
    // CESQL-9: the first error stops evaluation; below the root the result is
    // the zero value of the expression's type.
    err("true AND (1 != 1/0)", B(false), Math);
    err("(1 / 0) + (2 / 0)", I(0), Math);
    err("missing1 = missing2", B(false), Missing);
    err("LENGTH(LEFT('abc', -1))", I(0), FnEval);
    err("CONCAT(SUBSTRING('a', 5), 'x')", S(""), FnEval);
    // At the root, the failing node's own value.
    err("LEFT('abc', -2)", S("abc"), FnEval);
    err("-(-2147483648)", I(i32::MIN), Math);
}

#[test]
fn cesql_9_complete_mode() {
    // CESQL-9, §4.1 (issue 13, item 11): complete evaluation goes on after
    // an error and reports every error; only the subexpression that failed
    // takes its fallback value.
    let none: &[(&str, X)] = &[];
    // missingAttribute: the node that reads the attribute takes its zero
    // value, the operators above it apply.
    complete("NOT (missing = 0)", none, B(true), &[Missing]);
    complete("LENGTH(missing) + 1", none, I(1), &[Missing]);
    complete("1 / missing", none, I(0), &[Missing]);
    complete("NOT missing", none, B(false), &[Missing]);
    complete("-missing", none, I(0), &[Missing]);
    complete("CONCAT('a', missing)", none, S(""), &[Missing]);
    complete("CONCAT('a', LOWER(missing))", none, S("a"), &[Missing]);
    complete("missing1 = missing2", none, B(false), &[Missing]);
    complete(
        "(missing1 = 1) = (missing2 = 1)",
        none,
        B(true),
        &[Missing, Missing],
    );
    // The reading node skips its operands right of the missing one.
    complete("missing + 1 / 0", none, I(0), &[Missing]);
    complete("1 / 0 + missing", none, I(0), &[Math, Missing]);
    // A logic run reading a missing attribute directly is false and ends.
    complete("missing OR TRUE", none, B(false), &[Missing]);
    complete("TRUE AND missing AND 1/0 = 0", none, B(false), &[Missing]);
    // ...but a comparison that read it is just a false operand.
    complete("missing = 1 OR TRUE", none, B(true), &[Missing]);
    complete("'a' IN ('b', missing, 'a')", none, B(false), &[Missing]);
    // cast: the zero value of the target type, and the operation goes on.
    complete("'x' + 'y'", none, I(0), &[Cast, Cast]);
    complete("'x' + 1 = 1", none, B(true), &[Cast]);
    complete("NOT 10 AND TRUE", none, B(true), &[Cast]);
    complete("5 IN ('abc', 5)", none, B(true), &[Cast]);
    complete("ABS('x') + 2", none, I(2), &[Cast]);
    // math, functionEvaluation: the operation's own value.
    complete("true AND (1 != 1 / 0)", none, B(true), &[Math]);
    complete("(1 / 0) + (2 / 0) + 3", none, I(3), &[Math, Math]);
    complete("2147483647 + 1 < 0", none, B(true), &[Math]);
    complete("LENGTH(LEFT('abc', -1))", none, I(3), &[FnEval]);
    complete("ABS(-2147483648) = 2147483647", none, B(true), &[Math]);
    // missingFunction: false; the arguments are not evaluated.
    complete("NOPE(1 / 0) OR TRUE", none, B(true), &[MissingFunction]);
    // Short-circuits still hold (CESQL-11): what is not evaluated reports
    // nothing.
    complete("FALSE AND missing", none, B(false), &[]);
    complete("TRUE OR 1/0 = 1", none, B(true), &[]);
    complete("5 IN (5, 1/0)", none, B(true), &[]);
    // Without errors both modes agree.
    complete(
        "myext LIKE 'a%' AND LENGTH(myext) = 3",
        &[("myext", S("abc"))],
        B(true),
        &[],
    );
    // Fail-fast, for comparison: the zero value of the expression's type.
    err("NOT (missing = 0)", B(false), Missing);
    err("LENGTH(missing) + 1", I(0), Missing);
    err("'x' + 'y'", I(0), Cast);
    err("5 IN ('abc', 5)", B(false), Cast);
    err("'x' OR TRUE", B(false), Cast);
    err("'x' XOR TRUE", B(false), Cast);
    assert_eq!(EvalMode::default(), EvalMode::FailFast);
}

#[test]
fn cesql_2_filters_stay_fail_fast() {
    // CESQL-2, §1.2 (issue 13, item 11), with the §5 example: a filter
    // passes only on true without errors, and evaluates fail-fast, so the
    // order of OR operands matters when one reads a missing attribute.
    let no_firstname = event(&[("subject", S("Francesco"))]);
    let left = Expression::parse("firstname = 'Francesco' OR subject = 'Francesco'").unwrap();
    let right = Expression::parse("subject = 'Francesco' OR firstname = 'Francesco'").unwrap();
    assert!(!left.matches(&no_firstname), "missing firstname rejects");
    let eval = left.evaluate(&no_firstname);
    assert_eq!(eval.value, CesqlValue::Boolean(false));
    assert_eq!(eval.errors.kinds().collect::<Vec<_>>(), [Missing]);
    // Complete evaluation reaches `true`, with the error: still no pass.
    let eval = left.evaluate_with(&no_firstname, EvalMode::Complete);
    assert_eq!(eval.value, CesqlValue::Boolean(true));
    assert!(!eval.is_match());
    // Short-circuit (CESQL-11): the right operand is never read.
    assert!(right.matches(&no_firstname));
    assert!(right.evaluate(&no_firstname).errors.is_empty());
    // With both attributes, both orders pass (TCK spec_examples.yaml).
    let both = event(&[("subject", S("Doug")), ("firstname", S("Francesco"))]);
    assert!(left.matches(&both) && right.matches(&both));
}

#[test]
fn cesql_10_operators() {
    // CESQL-10
    ok("-7 / 2", I(-3));
    ok("7 / -2", I(-3));
    ok("-7 % 2", I(-1));
    ok("7 % -2", I(1));
    err("1 % 0", I(0), Math);
    ok("NOT FALSE", B(true));
    ok("1 = 1 AND 'a' = 'a' AND TRUE = TRUE", B(true));
    ok("3 >= 3 AND 3 <= 3 AND 2 < 3 AND 3 > 2", B(true));
}

#[test]
fn cesql_11_short_circuit() {
    // CESQL-11
    ok("FALSE AND missing", B(false));
    ok("TRUE OR 1/0 = 1", B(true));
    err("FALSE XOR missing", B(false), Missing);
    err("TRUE AND missing", B(false), Missing);
    err("FALSE OR INT('x') = 1", B(false), Cast);
}

#[test]
fn cesql_12_like() {
    // CESQL-12 (the pattern matcher has its own tests in like.rs)
    ok("'a€c' LIKE 'a_c'", B(true));
    ok("'a\\b' LIKE 'a\\b'", B(true));
    ok("'ABC' LIKE 'a%'", B(false));
    ok("12 LIKE '1_'", B(true));
    check(
        "myext LIKE '%é'",
        &[("myext", J("caf\\u00e9"))],
        B(true),
        None,
    );
    check("myext NOT LIKE 'x%'", &[("myext", I(5))], B(true), None);
}

#[test]
fn cesql_13_in() {
    // CESQL-13: `=` semantics, elements cast to the left operand's type.
    ok("'true' IN (TRUE, 'false')", B(true));
    ok("1 IN ('1')", B(true));
    ok("TRUE IN (5)", B(true));
    ok("'1' IN (1)", B(true));
    err("5 IN ('abc', 5)", B(false), Cast);
    // Stops at the first match: later elements are not evaluated.
    ok("5 IN (5, 1/0)", B(true));
    check("myext IN (1, 2, 3)", &[("myext", I(2))], B(true), None);
    check("myext IN (1, 2, 3)", &[("myext", I(4))], B(false), None);
    check("myext NOT IN (1, 2, 3)", &[("myext", I(4))], B(true), None);
    err("missing IN (1)", B(false), Missing);
}

#[test]
fn cesql_14_precedence() {
    // CESQL-14: AND/OR/XOR are one level, left-associative:
    // `TRUE OR TRUE AND FALSE` is `(TRUE OR TRUE) AND FALSE`.
    ok("TRUE OR TRUE AND FALSE", B(false));
    ok("FALSE AND FALSE OR TRUE", B(true));
    ok("TRUE XOR TRUE OR TRUE", B(true));
    let shown = |src: &str| Expression::parse(src).unwrap().to_string();
    assert_eq!(shown("a OR b AND c"), "(a OR b) AND c");
    assert_eq!(shown("a AND b OR c XOR d"), "((a AND b) OR c) XOR d");
    // Arithmetic over comparison over logic.
    assert_eq!(shown("1 + 2 * 3 = 7 AND x"), "((1 + (2 * 3)) = 7) AND x");
    assert_eq!(shown("10 - 2 - 3"), "(10 - 2) - 3");
    ok("10 - 2 - 3", I(5));
    ok("100 / 10 / 5", I(2));
    // Unary operators bind tightest; LIKE over IN over `*`.
    assert_eq!(shown("NOT a LIKE 'x'"), "(NOT a) LIKE 'x'");
    assert_eq!(shown("a NOT LIKE 'x'"), "a NOT LIKE 'x'");
    assert_eq!(shown("-a * b"), "(-(a)) * b");
    assert_eq!(shown("a * b IN (1)"), "a * (b IN (1))");
    assert_eq!(shown("a LIKE 'x' IN (TRUE)"), "(a LIKE 'x') IN (TRUE)");
    assert_eq!(shown("NOT EXISTS a"), "NOT EXISTS a");
    assert_eq!(shown("1 < 2 = TRUE"), "(1 < 2) = TRUE");
}

#[test]
fn cesql_15_builtins() {
    // CESQL-15: by characters, Unicode whitespace, borrowed results.
    ok("LENGTH('€uro')", I(4));
    ok("TRIM('\u{2003} x \u{3000}')", S("x"));
    ok("LEFT('€uro', 1)", S("€"));
    ok("RIGHT('€uro', 3)", S("uro"));
    ok("SUBSTRING('€uro', 2, 2)", S("ur"));
    ok("SUBSTRING('abcdef', 3, 100)", S("cdef"));
    err("SUBSTRING('abcdef', 2, -1)", S(""), FnEval);
    ok("UPPER('straße')", S("STRASSE"));
    ok("LOWER('ÀB')", S("àb"));
    ok("CONCAT(1, TRUE, 'x')", S("1truex"));
    ok("CONCAT_WS('-', 1, 2)", S("1-2"));
    ok("IS_INT('12') AND IS_INT(3) AND NOT IS_INT('x')", B(true));
    ok("IS_INT(TRUE) OR IS_INT('1.5') OR IS_INT('')", B(false));
    ok("IS_BOOL(1) OR IS_BOOL(0)", B(false));
    check(
        "IS_INT(myext)",
        &[("myext", J("\\\\u0034"))],
        B(false),
        None,
    );
    check("IS_INT(myext)", &[("myext", J("\\u0034"))], B(true), None);
    ok(
        "IS_BOOL('False') AND IS_BOOL(TRUE) AND NOT IS_BOOL('yes')",
        B(true),
    );
    err("ABS('x')", I(0), Cast);
    err("LENGTH()", B(false), MissingFunction);
    err("NOPE(1)", B(false), MissingFunction);
    err("SUBSTRING('a')", B(false), MissingFunction);
    // Slicing keeps the borrow from the expression.
    let expr = Expression::parse("SUBSTRING(TRIM('  abc  '), 2)").unwrap();
    let ev = event(&[]);
    match expr.evaluate(&ev).value {
        CesqlValue::String(Cow::Borrowed(s)) => assert_eq!(s, "bc"),
        other => panic!("{other:?}"),
    };
}

fn twice() -> Function {
    Function::new(
        "twice",
        &[CesqlType::Integer],
        CesqlType::Integer,
        |args| match args[0] {
            CesqlValue::Integer(i) => Ok(CesqlValue::Integer(i.wrapping_mul(2))),
            _ => Err(FunctionError::new("not cast")),
        },
    )
}

#[test]
fn cesql_16_user_functions_and_overloads() {
    // CESQL-16
    let mut reg = FunctionRegistry::new();
    reg.register(twice()).unwrap();
    reg.register(Function::variadic(
        "join",
        &[CesqlType::String, CesqlType::String],
        CesqlType::Any,
        CesqlType::String,
        |args| {
            let mut out = String::new();
            for a in args {
                out.push_str(&a.to_string());
            }
            Ok(CesqlValue::String(Cow::Owned(out)))
        },
    ))
    .unwrap();
    reg.register(Function::new("join", &[], CesqlType::String, |_| {
        Ok(CesqlValue::String(Cow::Borrowed("")))
    }))
    .unwrap();
    reg.register(Function::new("fails", &[], CesqlType::Integer, |_| {
        Err(FunctionError::new("always"))
    }))
    .unwrap();
    reg.register(Function::new(
        "SUBSTRING",
        &[CesqlType::String; 4],
        CesqlType::String,
        |_| Ok(CesqlValue::Integer(7)),
    ))
    .unwrap();

    let ev = event(&[("myext", S("21"))]);
    let eval_with = |reg: &FunctionRegistry, src: &str| {
        let expr = Expression::parse_with(src, reg).unwrap();
        let out = expr.evaluate(&ev);
        (
            out.value.into_owned(),
            out.errors.kinds().collect::<Vec<_>>(),
        )
    };
    let eval = |src: &str| eval_with(&reg, src);
    assert_eq!(eval("TWICE(myext)"), (CesqlValue::Integer(42), Vec::new()));
    assert_eq!(
        eval("twice('x')"),
        (CesqlValue::Integer(0), Vec::from([Cast]))
    );
    assert_eq!(
        eval("twice()"),
        (CesqlValue::Boolean(false), Vec::from([MissingFunction]))
    );
    assert_eq!(
        eval("join('a', 'b', 1, TRUE)").0,
        CesqlValue::String("ab1true".into())
    );
    assert_eq!(eval("join()").0, CesqlValue::String("".into()));
    assert_eq!(eval("join('a')").1, Vec::from([MissingFunction]));
    assert_eq!(
        eval("fails()"),
        (CesqlValue::Integer(0), Vec::from([FnEval]))
    );
    assert_eq!(
        eval("fails() + 1"),
        (CesqlValue::Integer(0), Vec::from([FnEval]))
    );
    // The result is cast to the declared return type.
    assert_eq!(
        eval("SUBSTRING('a', 'b', 'c', 'd')").0,
        CesqlValue::String("7".into())
    );
    assert_eq!(
        eval("SUBSTRING('abc', 2)").0,
        CesqlValue::String("bc".into())
    );
    // Without the registry the name is unknown.
    err("TWICE(1)", B(false), MissingFunction);

    // Invalid overload sets are rejected.
    let reject = |reg: &mut FunctionRegistry, f: Function| reg.register(f).unwrap_err();
    let e = reject(&mut reg, twice());
    assert_eq!(e.name(), "TWICE");
    reject(
        &mut reg,
        Function::new("abs", &[CesqlType::Integer], CesqlType::Integer, |_| {
            Ok(CesqlValue::Integer(0))
        }),
    );
    // A second variadic.
    reject(
        &mut reg,
        Function::variadic(
            "join",
            &[CesqlType::String; 3],
            CesqlType::Any,
            CesqlType::String,
            |_| Ok(CesqlValue::Integer(0)),
        ),
    );
    // A fixed overload the variadic one would also take.
    reject(
        &mut reg,
        Function::new("join", &[CesqlType::String; 3], CesqlType::String, |_| {
            Ok(CesqlValue::Integer(0))
        }),
    );
    reject(
        &mut reg,
        Function::variadic("twice", &[], CesqlType::Any, CesqlType::String, |_| {
            Ok(CesqlValue::Integer(0))
        }),
    );
    reject(
        &mut reg,
        Function::new("1x", &[], CesqlType::String, |_| Ok(CesqlValue::Integer(0))),
    );
    // CESQL-4, §2.4: no digits in function names (they could not be called).
    reject(
        &mut reg,
        Function::new("f2", &[], CesqlType::String, |_| Ok(CesqlValue::Integer(0))),
    );
    reject(
        &mut reg,
        Function::new("anyret", &[], CesqlType::Any, |_| {
            Ok(CesqlValue::Integer(0))
        }),
    );
    // A variadic with more fixed parameters than any other overload is fine.
    reg.register(Function::variadic(
        "twice",
        &[CesqlType::Integer; 2],
        CesqlType::Integer,
        CesqlType::Integer,
        |_| Ok(CesqlValue::Integer(1)),
    ))
    .unwrap();
    assert_eq!(eval_with(&reg, "twice(1, 2, 3)").0, CesqlValue::Integer(1));
}

#[test]
fn cesql_17_casts() {
    // CESQL-17
    ok("STRING(-0012)", S("-12"));
    ok("BOOL(2)", B(true));
    ok("INT('+7')", I(7));
    ok("INT('2147483647')", I(i32::MAX));
    err("INT('2147483648')", I(0), Cast);
    err("INT(' 1')", I(0), Cast);
    err("INT('')", I(0), Cast);
    err("BOOL('yes')", B(false), Cast);
    ok("INT(FALSE) = 0 AND STRING(FALSE) = 'false'", B(true));
    check("INT(myext)", &[("myext", J("\\u0031\\u0032"))], I(12), None);
    check("BOOL(myext)", &[("myext", J("TRU\\u0045"))], B(true), None);
}

#[test]
fn cesql_18_implicit_casts() {
    // CESQL-18: `=` picks the overload by the right operand.
    ok("TRUE = 'TRUE'", B(false));
    ok("'TRUE' = TRUE", B(true));
    ok("'5' = 5", B(true));
    ok("5 = '05'", B(false));
    ok("'05' = 5", B(true));
    err("'abc' = 1", B(false), Cast);
    err("'abc' = TRUE", B(false), Cast);
    ok("1 = TRUE", B(true));
    ok("'5' + 3", I(8));
    ok("5 + TRUE", I(6));
    // A failed cast gives the target's zero value and the operator goes on
    // with it (§3.7: "an error is returned along with a value of 0").
    err("'x' < 1", B(true), Cast);
    err("'x' + 1", I(1), Cast);
    err("'abc' != 1", B(true), Cast);
    err("NOT 'x'", B(true), Cast);
    check("sequence = 10", &[("sequence", S("10"))], B(true), None);
}

#[test]
fn cesql_19_integer_range_and_overflow() {
    // CESQL-19
    ok("2147483647", I(i32::MAX));
    ok("-2147483648", I(i32::MIN));
    parse_err("2147483648");
    parse_err("-2147483649");
    parse_err("99999999999999999999999");
    assert_eq!(parse_err("1 + 2147483648").position(), 4);
    err("2147483647 + 1", I(i32::MIN), Math);
    err("-2147483648 - 1", I(i32::MAX), Math);
    err("65536 * 65536", I(0), Math);
    err("-2147483648 / -1", I(i32::MIN), Math);
    ok("-2147483648 % -1", I(0));
    err("-(-2147483648)", I(i32::MIN), Math);
}

#[test]
fn cesql_20_not_takes_no_integer() {
    // CESQL-20, §3.4.1, TCK not_operator.yaml "Invalid int cast": the
    // operand of NOT does not cast from Integer; it takes the zero value
    // false, so `NOT 10` is true with a CastError (issue 13, item 10).
    err("NOT 10", B(true), Cast);
    err("NOT 0", B(true), Cast);
    err("NOT -1", B(true), Cast);
    check("NOT myint", &[("myint", I(3))], B(true), Some(Cast));
    // Below the root, fail-fast gives the zero value of the root's type.
    err("NOT 10 OR TRUE", B(false), Cast);
    // Every other Integer → Boolean cast follows §3.7 (0 false, else true).
    ok("BOOL(10) AND NOT BOOL(0)", B(true));
    ok("10 AND TRUE", B(true));
    ok("1 = TRUE", B(true));
    ok("TRUE IN (5)", B(true));
    ok("NOT (10 AND TRUE)", B(false));
}

#[test]
fn edge_cases() {
    // E-82
    err("missing = 2", B(false), Missing);
    err("1 / missing", I(0), Missing);
    // E-83
    err("5 / 0", I(0), Math);
    ok("-7 / 2", I(-3));
    ok("-7 % 2", I(-1));
    // E-84
    err("ABS(-2147483648)", I(2147483647), Math);
    parse_err("2147483648");
    // E-85
    ok("TRUE = 'TRUE'", B(false));
    ok("'TRUE' = TRUE", B(true));
    ok("'true' IN (TRUE, 'false')", B(true));
    // E-86
    parse_err("x LIKE 123");
    ok("'a_b_c' LIKE 'a\\_b\\_c'", B(true));
    ok("'abc' LIKE 'a\\_b\\_c'", B(false));
    // E-87
    err("CONCAT_WS()", B(false), MissingFunction);
    err("SUBSTRING('abcdef', 10)", S(""), FnEval);
    ok("SUBSTRING('Sakila', -5, 3)", S("aki"));
    // E-88
    ok("false AND (1/0 = 0)", B(false));
    ok("EXISTS subject", B(false));
    // E-89
    ok("LENGTH('€')", I(1));
    err("NOT 10", B(true), Cast);
}

#[test]
fn encoded_event_text() {
    // Event strings that need decoding compare without being decoded.
    let attrs = [("type", J("com.\\u0065xample")), ("myext", J("a\\\"b"))];
    check("type = 'com.example'", &attrs, B(true), None);
    check("'com.example' = type", &attrs, B(true), None);
    check("type = myext", &attrs, B(false), None);
    check("type LIKE 'com.%'", &attrs, B(true), None);
    check("myext", &attrs, S("a\"b"), None);
    check("LENGTH(myext)", &attrs, I(3), None);
    check("myext IN ('x', 'a\"b')", &attrs, B(true), None);
}

#[test]
fn send_sync_and_limits() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Expression>();
    assert_send_sync::<FunctionRegistry>();
    let nested = |n: usize| "(".repeat(n) + "1" + &")".repeat(n);
    // Parentheses get three times the tree's depth (so every canonical form
    // parses back); the tree itself is limited to MAX_DEPTH.
    assert!(parse_err(&nested(3 * MAX_DEPTH))
        .message()
        .contains("deeper"));
    Expression::parse(&nested(MAX_DEPTH)).unwrap();
    parse_err(&("NOT ".repeat(MAX_DEPTH) + "TRUE"));
    parse_err(&alloc::vec!["1"; MAX_DEPTH + 2].join(" + "));
    // A run of one logic operator is one level, however long.
    let chain = alloc::vec!["myint = 1"; 10_000].join(" OR ") + " OR myint = 3";
    check(&chain, &[("myint", I(3))], B(true), None);
    // The deepest accepted expressions parse, evaluate and print within a
    // 2 MiB stack (Rust's default for spawned threads) even in debug builds.
    #[cfg(feature = "std")]
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(deepest_accepted)
        .unwrap()
        .join()
        .unwrap();
    #[cfg(not(feature = "std"))]
    deepest_accepted();
}

fn deepest_accepted() {
    let nested = "(".repeat(3 * MAX_DEPTH - 1) + "1" + &")".repeat(3 * MAX_DEPTH - 1);
    Expression::parse(&nested).unwrap();
    // A chain whose canonical form nests deeper than the input (every
    // compound operand parenthesized) still prints back parseably.
    let chain = alloc::vec!["-x"; MAX_DEPTH - 1].join(" - ");
    let expr = Expression::parse(&chain).unwrap();
    assert_eq!(Expression::parse(&expr.to_string()).unwrap(), expr);
    let sum = alloc::vec!["1"; MAX_DEPTH].join(" + ");
    ok(&sum, I(MAX_DEPTH as i32));
    // The innermost NOT gets an Integer (CESQL-20): a cast error, and the
    // root's zero value in fail-fast mode; complete mode goes all the way up.
    let unary = "NOT -".repeat(MAX_DEPTH / 2 - 1) + "TRUE";
    err(&unary, B(false), Cast);
    let (value, kinds) = run_complete(&unary, &[]);
    assert_eq!(value, CesqlValue::Boolean(true));
    assert_eq!(kinds.len(), MAX_DEPTH / 2 - 1);
    Expression::parse(&unary).unwrap().to_string();
}

#[test]
fn builtin_table_matches_enum() {
    for (i, (b, _)) in functions::BUILTINS.iter().enumerate() {
        assert_eq!(*b as usize, i);
    }
}

// ---------------------------------------------------------------------------
// Display → parse property test.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
    fn case(&mut self, word: &str) -> String {
        word.chars()
            .map(|c| {
                if self.below(2) == 0 {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect()
    }
}

/// A random expression in non-canonical spelling: random case and spacing,
/// both quote styles, parentheses only sometimes.
fn gen(rng: &mut Rng, depth: u32, out: &mut String) {
    let sp = |rng: &mut Rng| rng.pick(&["", " ", "  ", "\n"]);
    let leaf = depth == 0 || rng.below(4) == 0;
    let choice = if leaf { rng.below(6) } else { 6 + rng.below(9) };
    match choice {
        0 => {
            let i = rng.pick(&[0i64, 1, 7, 42, 2147483647, -2147483648, -3]);
            out.push_str(&i.to_string());
        }
        1 => {
            let s = rng.pick(&["", "a", "it's", "\\", "a\\_b%", "€\"x", "a\\\\'"]);
            if rng.below(2) == 0 {
                out.push('\'');
                for c in s.chars() {
                    if c == '\'' || c == '\\' {
                        out.push('\\');
                    }
                    out.push(c);
                }
                out.push('\'');
            } else {
                out.push('"');
                for c in s.chars() {
                    if c == '"' || c == '\\' {
                        out.push('\\');
                    }
                    out.push(c);
                }
                out.push('"');
            }
        }
        2 => {
            let b = rng.pick(&["true", "false"]);
            out.push_str(&rng.case(b));
        }
        3 => {
            let a = rng.pick(&["id", "source", "myint", "mystr", "missing", "subject", "1x"]);
            out.push_str(&rng.case(a));
        }
        4 => {
            out.push_str(&rng.case("exists "));
            out.push_str(rng.pick(&["id", "subject", "myint"]));
        }
        5 => {
            let f = rng.pick(&["concat", "concat_ws"]);
            out.push_str(&rng.case(f));
            out.push_str("()");
        }
        6 => {
            out.push_str(&rng.case("not "));
            gen(rng, depth - 1, out);
        }
        7 => {
            out.push('-');
            out.push_str(sp(rng));
            gen(rng, depth - 1, out);
        }
        8 | 9 => {
            gen(rng, depth - 1, out);
            let op = rng.pick(&[
                "=", "!=", "<>", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "and", "or", "xor",
                "AND", "Or",
            ]);
            out.push(' ');
            out.push_str(op);
            out.push(' ');
            gen(rng, depth - 1, out);
        }
        10 => {
            gen(rng, depth - 1, out);
            out.push_str(rng.pick(&[" LIKE ", " not like ", " Like "]));
            out.push_str(rng.pick(&["'a%'", "\"%\\_x\"", "''", "'_'"]));
        }
        11 => {
            gen(rng, depth - 1, out);
            out.push_str(rng.pick(&[" IN (", " not in ("]));
            for i in 0..=rng.below(3) {
                if i > 0 {
                    out.push(',');
                    out.push_str(sp(rng));
                }
                gen(rng, depth - 1, out);
            }
            out.push(')');
        }
        12 => {
            let f = rng.pick(&[
                "length",
                "substring",
                "abs",
                "left",
                "concat",
                "is_int",
                "string",
                "nope",
            ]);
            out.push_str(&rng.case(f));
            out.push('(');
            for i in 0..rng.below(4) {
                if i > 0 {
                    out.push_str(", ");
                }
                gen(rng, depth - 1, out);
            }
            out.push(')');
        }
        _ => {
            out.push('(');
            out.push_str(sp(rng));
            gen(rng, depth - 1, out);
            out.push_str(sp(rng));
            out.push(')');
        }
    }
}

#[test]
fn display_parses_back_to_the_same_tree() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let ev = event(&[("myint", I(3)), ("mystr", J("x\\u0041"))]);
    let mut parsed = 0;
    for _ in 0..4000 {
        let mut src = String::new();
        let depth = 1 + rng.below(5) as u32;
        gen(&mut rng, depth, &mut src);
        let first = match Expression::parse(&src) {
            Ok(e) => e,
            // `1x` before `(`, or a folded literal like `- -2147483648`.
            Err(_) => continue,
        };
        parsed += 1;
        let shown = first.to_string();
        let second =
            Expression::parse(&shown).unwrap_or_else(|e| panic!("{src:?} → {shown:?}: {e}"));
        assert_eq!(first, second, "{src:?} → {shown:?}");
        assert_eq!(second.to_string(), shown);
        let fast = first.evaluate(&ev);
        assert_eq!(fast, second.evaluate(&ev), "{src:?}");
        // CESQL-9: the modes differ only after an error.
        let full = first.evaluate_with(&ev, EvalMode::Complete);
        if fast.errors.is_empty() {
            assert_eq!(full, fast, "{src:?}");
        } else {
            assert_eq!(
                full.errors.as_slice().first(),
                fast.errors.as_slice().first(),
                "{src:?}: the first error is the same"
            );
        }
    }
    assert!(parsed > 3000, "only {parsed} generated expressions parsed");
}
