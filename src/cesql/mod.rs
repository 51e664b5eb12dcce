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
//! - **Evaluation modes (CESQL-9, §4.1).** [`Expression::evaluate`] and
//!   [`Expression::matches`] are fail-fast; [`Expression::evaluate_with`]
//!   with [`EvalMode::Complete`] evaluates completely. In both modes a
//!   failing subexpression has a value, by error class:
//!   - `missingAttribute`: the node that reads the attribute (its parent)
//!     takes the zero value of its own type at once; its own operation and
//!     its operands right of the attribute are not evaluated. So
//!     `1 / missing` is 0 without `math`, `LENGTH(missing)` is 0,
//!     `NOT missing` is `false`, `'a' IN ('b', missing)` is `false`. A bare
//!     reference at the root has no known type: `false` (§3.2).
//!   - `cast`: the cast gives the target type's zero value and the
//!     operator goes on with it: `NOT 'x'` and `NOT 10` are `true`,
//!     `'x' + 1` is 1, `'abc' = 1` is `false`, `ABS('x')` is 0.
//!   - `math`: `/` and `%` by zero give 0; overflow gives the wrapped
//!     value (CESQL-19).
//!   - `functionEvaluation`: the value the function returns with its error
//!     (`LEFT('abc', -2)` → `abc`, `SUBSTRING('a', 5)` → `""`,
//!     `ABS(-2147483648)` → 2147483647); a user function that fails without
//!     a value gives the zero value of its return type (CESQL-16).
//!   - `missingFunction`: `false`; the arguments are not evaluated.
//!
//!   **Fail-fast** stops at the first error. The node that raised it still
//!   finishes its own operation (the casts, the arithmetic, the call); if it
//!   is the whole expression its value is the result (`5 / 0` → 0,
//!   `NOT 10` → `true`), otherwise the result is the zero value of the
//!   expression's type (`true AND (1 != 1/0)` → `false`,
//!   `NOT (missing = 0)` → `false`). An `IN` whose element fails to cast
//!   evaluates no further element. One error at most.
//!
//!   **Complete** never stops: each node computes with its operands'
//!   values, failed ones included (a missing attribute aside, see above),
//!   and every error is reported in evaluation order: `NOT (missing = 0)` → `true`, `LENGTH(missing) + 1`
//!   → 1, both with `missingAttribute`; `'x' + 'y'` → 0 with two `cast`.
//!   Short-circuits (CESQL-11) and `IN`'s stop at the first match still
//!   apply: what is not evaluated reports nothing.
//! - **Filters stay fail-fast (CESQL-2, §1.2).** An event passes only on
//!   `true` without errors, so the order of `OR` operands matters when one
//!   reads a missing attribute: over an event with `subject = 'Francesco'`
//!   and no `firstname`, `firstname = 'Francesco' OR subject = 'Francesco'`
//!   rejects it (the left operand raises `missingAttribute` and ends
//!   evaluation), while `subject = 'Francesco' OR firstname = 'Francesco'`
//!   passes (the right operand is never evaluated). Complete evaluation
//!   would not change the first verdict: it gives `true`, but with an error.
//! - **Missing attributes (CESQL-6).** As above; core attributes and
//!   extensions alike (`subject` on an event without one is `false` with
//!   `missingAttribute`).
//! - **String literals.** `\'`, `\"` and `\\` are escapes; any other `\x`
//!   stays as written, so LIKE patterns keep `\%` and `\_`.
//! - **Casts (CESQL-17).** String → Boolean accepts `true`/`false` in any
//!   ASCII case (the TCK casts `'TRUE'`). Integer → Boolean is `0` → false
//!   everywhere (`BOOL(10)`, `10 AND TRUE`, `1 = TRUE`, `TRUE IN (5)`)
//!   except for `NOT`, which takes no Integer: `NOT 10` is `true` with
//!   `cast`, as the official TCK (`not_operator.yaml`) requires (CESQL-20;
//!   §3.7's table would make it `false`).
//! - **`IN`** compares left to right and stops at the first match.
//! - **`IS_INT(x)` / `IS_BOOL(x)`** are true when `x` is of that type or is
//!   a String that casts to it (`IS_INT(TRUE)` is false).
//! - **Overflow (CESQL-19)** of `+ - *`, unary `-` and `/` wraps and reports
//!   `math`; `ABS(-2147483648)` is 2147483647 with `math`.
//! - **Function names** are `char ( "_" | char )*` (§2.4): ASCII letters
//!   and `_`, starting with a letter, any case. `ABS2(1)` and `_F()` are
//!   parse errors, and [`FunctionRegistry::register`] refuses such names.
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

/// The errors of one evaluation, in the order they happened. A fail-fast
/// evaluation has at most one (kept inline); a complete one has every error.
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

/// How evaluation treats errors (§4.1, CESQL-9). The rules for each error
/// are in the [module docs](self#semantics-decided-here).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum EvalMode {
    /// The first error stops evaluation; the result is the failing node's
    /// own value when it is the whole expression, else the zero value of
    /// the expression's type. At most one error. Filters use this mode
    /// (§1.2).
    #[default]
    FailFast,
    /// Errors do not stop evaluation: every failing subexpression takes
    /// its own fallback value (see the module docs), the expression goes
    /// on with it, and every error is reported.
    Complete,
}

/// The result of [`Expression::evaluate`]: a value, and the errors met
/// (CESQL-1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation<'a> {
    /// The value (in fail-fast mode, the zero value of the expression's type
    /// after an error raised below the root, see the [module docs](self)).
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

    /// Evaluates the expression over `event` in fail-fast mode (CESQL-9):
    /// the result carries at most one error. This is the mode for filters
    /// (§1.2); see [`Expression::matches`].
    ///
    /// ```
    /// use cloudevents_codec::cesql::{CesqlErrorKind, CesqlValue, Expression};
    /// use cloudevents_codec::Event;
    ///
    /// let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#)?;
    /// let expr = Expression::parse("NOT (missing = 0)")?;
    /// let eval = expr.evaluate(&event);
    /// assert_eq!(eval.value, CesqlValue::Boolean(false));
    /// assert_eq!(eval.errors.kinds().collect::<Vec<_>>(), [CesqlErrorKind::MissingAttribute]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate<'v: 'a, 'a>(&'a self, event: &Event<'v>) -> Evaluation<'a> {
        self.evaluate_with(event, EvalMode::FailFast)
    }

    /// Evaluates the expression over `event` in the given [`EvalMode`].
    ///
    /// ```
    /// use cloudevents_codec::cesql::{CesqlErrorKind, CesqlValue, EvalMode, Expression};
    /// use cloudevents_codec::Event;
    ///
    /// let event = Event::from_json(br#"{"specversion":"1.0","id":"1","source":"/s","type":"t"}"#)?;
    /// // Only `missing = 0`, the subexpression that reads the missing
    /// // attribute, takes its zero value (false); NOT still applies.
    /// let expr = Expression::parse("NOT (missing = 0)")?;
    /// let eval = expr.evaluate_with(&event, EvalMode::Complete);
    /// assert_eq!(eval.value, CesqlValue::Boolean(true));
    /// assert_eq!(eval.errors.kinds().collect::<Vec<_>>(), [CesqlErrorKind::MissingAttribute]);
    /// // Every error is reported.
    /// let expr = Expression::parse("LENGTH(missing) + 1 / 0")?;
    /// let eval = expr.evaluate_with(&event, EvalMode::Complete);
    /// assert_eq!(eval.value, CesqlValue::Integer(0));
    /// assert_eq!(
    ///     eval.errors.kinds().collect::<Vec<_>>(),
    ///     [CesqlErrorKind::MissingAttribute, CesqlErrorKind::Math]
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn evaluate_with<'v: 'a, 'a>(
        &'a self,
        event: &Event<'v>,
        mode: EvalMode,
    ) -> Evaluation<'a> {
        let (value, errors) = self.run(event, mode);
        Evaluation {
            value: value.into_public(),
            errors: ErrorList { errors },
        }
    }

    /// True when the expression is Boolean `true` for `event` without
    /// errors (CESQL-2). Evaluates fail-fast, as §1.2 recommends for
    /// filters: an error ends evaluation and the event does not pass.
    pub fn matches(&self, event: &Event<'_>) -> bool {
        let (value, errors) = self.run(event, EvalMode::FailFast);
        errors.is_empty() && matches!(value, value::Val::Bool(true))
    }

    /// The type of the expression's value (Boolean when it depends on an
    /// attribute whose type is only known at run time).
    pub fn result_type(&self) -> CesqlType {
        self.nodes[self.root as usize].result_type()
    }

    fn run<'v: 'a, 'a>(
        &'a self,
        event: &Event<'v>,
        mode: EvalMode,
    ) -> (value::Val<'a>, eval::Errors<'a>) {
        eval::Evaluator::new(&self.nodes, event, mode).run(self.root)
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
