//! CloudEvents SQL (CESQL v1): filter expressions over an [`Event`].
//!
//! [`Expression::parse`] compiles an expression once; [`Expression::matches`]
//! and [`Expression::evaluate`] run it over any number of events. The
//! common filter shapes (`type = '…'`, `source LIKE '/prefix/%'`,
//! `EXISTS subject`, `ext IN (1, 2, 3)`) evaluate without allocating: event
//! strings are compared in place, decoded or not.
//!
//! ```
//! use cloudevents_codec::cesql::Expression;
//!
//! let filter = Expression::parse("type = 'com.example.reading' AND source LIKE '/sensors/%'")?;
//! assert_eq!(
//!     filter.to_string(),
//!     "(type = 'com.example.reading') AND (source LIKE '/sensors/%')"
//! );
//! # Ok::<(), cloudevents_codec::cesql::ParseError>(())
//! ```
//!
//! ## Semantics decided here
//!
//! - **Precedence (CESQL-14).** As the spec's §3.6 lists it: calls; `NOT`
//!   and unary `-`; `LIKE`; `EXISTS`; `IN`; `* / %`; `+ -`; comparisons;
//!   `AND OR XOR` as *one* level. Every level is left-associative, so
//!   `a OR b AND c` is `(a OR b) AND c` (the ANTLR grammar's
//!   right-associativity is not followed). Note that `NOT a LIKE 'x'` is
//!   `(NOT a) LIKE 'x'`; write `a NOT LIKE 'x'`.
//! - **Fail-fast (CESQL-9).** The first error stops evaluation. If the node
//!   that failed is the whole expression, the result is its own value
//!   (`5 / 0` → 0, `LEFT('abc', -2)` → `abc`); otherwise the zero value of
//!   the expression's type (`true AND (1 != 1/0)` → `false`). So an
//!   [`Evaluation`] carries at most one error.
//! - **Missing attributes (CESQL-6).** A missing core attribute read bare has
//!   type String (`subject` → `""`); any other bare missing attribute is
//!   Boolean (`false`). Both report `missingAttribute`.
//! - **String literals.** `\'`, `\"` and `\\` are escapes; any other `\x`
//!   stays as written, so LIKE patterns keep `\%` and `\_`.
//! - **Casts (CESQL-17).** String → Boolean accepts `true`/`false` in any
//!   ASCII case (the TCK casts `'TRUE'`). Integer → Boolean is `0` → false,
//!   so `NOT 10` is `false` without error (CESQL-20).
//! - **`IN`** compares left to right and stops at the first match.
//! - **`IS_INT(x)` / `IS_BOOL(x)`** are true when `x` is of that type or is
//!   a String that casts to it (`IS_INT(TRUE)` is false).
//! - **Overflow (CESQL-19)** of `+ - *`, unary `-` and `/` wraps and reports
//!   `math`; `ABS(-2147483648)` is 2147483647 with `math`.
//! - **Depth.** Expressions nest at most [`MAX_DEPTH`] levels.
//! - **LIKE and string functions** work on characters (Unicode scalar
//!   values), not bytes.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use smallvec::SmallVec;

use crate::Event;

mod ast;
mod eval;
mod functions;
mod lexer;
mod like;
mod parser;
#[cfg(test)]
mod tests;
mod value;

pub use functions::{Function, FunctionError, FunctionRegistry, RegistryError};

/// How deep an expression may nest (parentheses, operators, calls). A run
/// of one logic operator (`a OR b OR c ...`) counts as one level, however
/// long.
pub const MAX_DEPTH: usize = 64;

/// The CESQL types (CESQL-5). `Any` is only a parameter type of functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CesqlType {
    /// `TRUE` / `FALSE`; zero value `false`.
    Boolean,
    /// A signed 32-bit integer; zero value `0`.
    Integer,
    /// A string; zero value `""`.
    String,
    /// A function parameter that takes any type without casting.
    Any,
}

/// The value of an expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CesqlValue<'a> {
    /// A Boolean.
    Boolean(bool),
    /// An Integer.
    Integer(i32),
    /// A String, borrowed from the event or the expression when possible.
    String(Cow<'a, str>),
}

impl CesqlValue<'_> {
    /// The value's type.
    pub fn ty(&self) -> CesqlType {
        match self {
            CesqlValue::Boolean(_) => CesqlType::Boolean,
            CesqlValue::Integer(_) => CesqlType::Integer,
            CesqlValue::String(_) => CesqlType::String,
        }
    }

    /// A copy that borrows nothing.
    pub fn into_owned(self) -> CesqlValue<'static> {
        match self {
            CesqlValue::Boolean(b) => CesqlValue::Boolean(b),
            CesqlValue::Integer(i) => CesqlValue::Integer(i),
            CesqlValue::String(s) => CesqlValue::String(Cow::Owned(s.into_owned())),
        }
    }
}

impl fmt::Display for CesqlValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CesqlValue::Boolean(b) => fmt::Display::fmt(b, f),
            CesqlValue::Integer(i) => fmt::Display::fmt(i, f),
            CesqlValue::String(s) => f.write_str(s),
        }
    }
}

/// The kinds of CESQL errors (CESQL-8).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CesqlErrorKind {
    /// The expression does not parse.
    Parse,
    /// Division by zero or integer overflow.
    Math,
    /// A value cannot be cast to the type an operator or function needs.
    Cast,
    /// No function of this name takes this many arguments.
    MissingFunction,
    /// A function failed (bad position or length, user function error).
    FunctionEvaluation,
    /// The event lacks an attribute the expression reads.
    MissingAttribute,
    /// Anything else.
    Generic,
}

impl CesqlErrorKind {
    /// The TCK's name for the kind: `parse`, `math`, `cast`,
    /// `missingFunction`, `functionEvaluation`, `missingAttribute`, `generic`.
    pub const fn as_str(self) -> &'static str {
        match self {
            CesqlErrorKind::Parse => "parse",
            CesqlErrorKind::Math => "math",
            CesqlErrorKind::Cast => "cast",
            CesqlErrorKind::MissingFunction => "missingFunction",
            CesqlErrorKind::FunctionEvaluation => "functionEvaluation",
            CesqlErrorKind::MissingAttribute => "missingAttribute",
            CesqlErrorKind::Generic => "generic",
        }
    }
}

impl fmt::Display for CesqlErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An evaluation error: its kind, a message, and the attribute or function
/// it concerns (borrowed from the expression).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CesqlError<'a> {
    kind: CesqlErrorKind,
    message: Cow<'a, str>,
    subject: Option<&'a str>,
}

impl<'a> CesqlError<'a> {
    /// The kind.
    pub fn kind(&self) -> CesqlErrorKind {
        self.kind
    }

    /// A message for people.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The attribute or function name the error concerns, when there is one.
    pub fn subject(&self) -> Option<&'a str> {
        self.subject
    }
}

impl fmt::Display for CesqlError<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind, self.message)?;
        if let Some(s) = self.subject {
            write!(f, " ({s})")?;
        }
        Ok(())
    }
}

#[cfg(feature = "std")]
impl std::error::Error for CesqlError<'_> {}

/// The errors of one evaluation. Evaluation is fail-fast, so there is at most
/// one; the list shape matches the spec's result model and stays inline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorList<'a> {
    errors: SmallVec<[CesqlError<'a>; 1]>,
}

impl<'a> ErrorList<'a> {
    /// True when there is no error.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// How many errors.
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// The errors, in the order they happened.
    pub fn as_slice(&self) -> &[CesqlError<'a>] {
        &self.errors
    }

    /// The errors' iterator.
    pub fn iter(&self) -> core::slice::Iter<'_, CesqlError<'a>> {
        self.errors.iter()
    }

    /// The kinds, in order.
    pub fn kinds(&self) -> impl Iterator<Item = CesqlErrorKind> + '_ {
        self.errors.iter().map(CesqlError::kind)
    }
}

impl<'l, 'a> IntoIterator for &'l ErrorList<'a> {
    type Item = &'l CesqlError<'a>;
    type IntoIter = core::slice::Iter<'l, CesqlError<'a>>;
    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}

/// The result of [`Expression::evaluate`]: a value, and the errors met
/// (CESQL-1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation<'a> {
    /// The value (the zero value of the expression's type after an error
    /// raised below the root, see the [module docs](self)).
    pub value: CesqlValue<'a>,
    /// The errors; empty on success.
    pub errors: ErrorList<'a>,
}

impl Evaluation<'_> {
    /// True for Boolean `true` without errors: a filter's pass (CESQL-2).
    pub fn is_match(&self) -> bool {
        self.errors.is_empty() && self.value == CesqlValue::Boolean(true)
    }
}

/// A parse error: the byte offset in the expression and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    position: usize,
    message: String,
}

impl ParseError {
    pub(crate) fn new(position: usize, message: impl Into<String>) -> ParseError {
        ParseError {
            position,
            message: message.into(),
        }
    }

    /// Byte offset of the offending token in the expression.
    pub fn position(&self) -> usize {
        self.position
    }

    /// What was expected and what was found.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Always [`CesqlErrorKind::Parse`].
    pub fn kind(&self) -> CesqlErrorKind {
        CesqlErrorKind::Parse
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.position)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ParseError {}

/// A compiled CESQL expression. Cheap to evaluate, `Send + Sync`, and
/// printed by `Display` in a canonical form that parses back to the same
/// expression.
#[derive(Debug, Clone)]
pub struct Expression {
    nodes: Vec<ast::Node>,
    root: ast::NodeId,
}

impl Expression {
    /// Parses an expression that may call the built-in functions.
    ///
    /// # Errors
    ///
    /// A [`ParseError`] when `src` is not a CESQL expression: a syntax error,
    /// an integer literal outside int32, a LIKE pattern that is not a string
    /// literal, an empty IN list, nesting beyond [`MAX_DEPTH`].
    pub fn parse(src: &str) -> Result<Expression, ParseError> {
        Expression::parse_with(src, &FunctionRegistry::new())
    }

    /// Parses an expression that may also call the functions of `functions`.
    ///
    /// Calls are resolved here, by name and arity; a call no overload takes
    /// is not a parse error but a `missingFunction` error when evaluated
    /// (CESQL-16).
    ///
    /// # Errors
    ///
    /// As [`Expression::parse`].
    pub fn parse_with(src: &str, functions: &FunctionRegistry) -> Result<Expression, ParseError> {
        let mut parser = parser::Parser::new(src, functions)?;
        let root = parser.parse()?;
        Ok(Expression {
            nodes: parser.nodes,
            root,
        })
    }

    /// Evaluates the expression over `event` (fail-fast, CESQL-9).
    pub fn evaluate<'v: 'a, 'a>(&'a self, event: &Event<'v>) -> Evaluation<'a> {
        let (value, error) = self.run(event);
        Evaluation {
            value: value.into_public(),
            errors: ErrorList {
                errors: error.into_iter().collect(),
            },
        }
    }

    /// True when the expression is Boolean `true` for `event` without
    /// errors (CESQL-2).
    pub fn matches(&self, event: &Event<'_>) -> bool {
        matches!(self.run(event), (value::Val::Bool(true), None))
    }

    /// The type of the expression's value (Boolean when it depends on an
    /// attribute whose type is only known at run time).
    pub fn result_type(&self) -> CesqlType {
        self.nodes[self.root as usize].result_type()
    }

    fn run<'v: 'a, 'a>(&'a self, event: &Event<'v>) -> (value::Val<'a>, Option<CesqlError<'a>>) {
        eval::Evaluator {
            nodes: &self.nodes,
            event,
        }
        .run(self.root)
    }
}

impl PartialEq for Expression {
    /// The same tree: same operators, literals, attributes and resolved
    /// functions (user functions compare by identity).
    fn eq(&self, other: &Expression) -> bool {
        ast::same_tree(&self.nodes, self.root, &other.nodes, other.root)
    }
}

impl fmt::Display for Expression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        ast::Printer { nodes: &self.nodes }.write(f, self.root, true)
    }
}

impl core::str::FromStr for Expression {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Expression, ParseError> {
        Expression::parse(s)
    }
}
