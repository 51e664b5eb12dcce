//! Built-in functions (CESQL-15) and the registry of user-defined ones
//! (CESQL-16).

use alloc::borrow::Cow;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

use super::value::{char_offset, slice_cow, Val};
use super::{CesqlErrorKind, CesqlType, CesqlValue};

/// The built-in functions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Builtin {
    Length,
    Concat,
    ConcatWs,
    Lower,
    Upper,
    Trim,
    Left,
    Right,
    Substring2,
    Substring3,
    Abs,
    Int,
    Bool,
    String,
    IsInt,
    IsBool,
}

use CesqlType::{Any, Boolean as B, Integer as I, String as S};

/// Name, fixed parameters, variadic parameter type, return type.
type Signature = (
    &'static str,
    &'static [CesqlType],
    Option<CesqlType>,
    CesqlType,
);

pub(crate) const BUILTINS: [(Builtin, Signature); 16] = [
    (Builtin::Length, ("LENGTH", &[S], None, I)),
    (Builtin::Concat, ("CONCAT", &[], Some(S), S)),
    (Builtin::ConcatWs, ("CONCAT_WS", &[S], Some(S), S)),
    (Builtin::Lower, ("LOWER", &[S], None, S)),
    (Builtin::Upper, ("UPPER", &[S], None, S)),
    (Builtin::Trim, ("TRIM", &[S], None, S)),
    (Builtin::Left, ("LEFT", &[S, I], None, S)),
    (Builtin::Right, ("RIGHT", &[S, I], None, S)),
    (Builtin::Substring2, ("SUBSTRING", &[S, I], None, S)),
    (Builtin::Substring3, ("SUBSTRING", &[S, I, I], None, S)),
    (Builtin::Abs, ("ABS", &[I], None, I)),
    (Builtin::Int, ("INT", &[Any], None, I)),
    (Builtin::Bool, ("BOOL", &[Any], None, B)),
    (Builtin::String, ("STRING", &[Any], None, S)),
    (Builtin::IsInt, ("IS_INT", &[Any], None, B)),
    (Builtin::IsBool, ("IS_BOOL", &[Any], None, B)),
];

impl Builtin {
    fn signature(self) -> &'static Signature {
        &BUILTINS[self as usize].1
    }
}

/// What a user-defined function returns when it fails without a value: the
/// call then yields the zero value of its return type and a
/// `functionEvaluation` error (CESQL-16).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionError {
    message: Cow<'static, str>,
}

impl FunctionError {
    /// A failure with a message for people.
    pub fn new(message: impl Into<Cow<'static, str>>) -> FunctionError {
        FunctionError {
            message: message.into(),
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for FunctionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The body of a user-defined function: it gets the arguments already cast
/// to the declared parameter types.
type Body =
    dyn for<'a> Fn(&[CesqlValue<'a>]) -> Result<CesqlValue<'a>, FunctionError> + Send + Sync;

/// A user-defined function: one overload of a name (CESQL-16).
///
/// ```
/// use cloudevents_codec::cesql::{CesqlType, CesqlValue, Expression, Function, FunctionRegistry};
///
/// let mut functions = FunctionRegistry::new();
/// functions.register(Function::new("TWICE", &[CesqlType::Integer], CesqlType::Integer, |args| {
///     match args[0] {
///         CesqlValue::Integer(i) => Ok(CesqlValue::Integer(i.wrapping_mul(2))),
///         _ => unreachable!("arguments are cast to the declared types"),
///     }
/// }))?;
/// let expr = Expression::parse_with("twice(21) = 42", &functions)?;
/// assert_eq!(expr.to_string(), "TWICE(21) = 42");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Function {
    name: Box<str>,
    params: Box<[CesqlType]>,
    variadic: Option<CesqlType>,
    ret: CesqlType,
    body: Arc<Body>,
}

impl Function {
    /// A function taking exactly `params.len()` arguments. The name is
    /// case-insensitive; arguments are cast to `params` before the call and
    /// the result to `ret` after it.
    pub fn new<F>(name: &str, params: &[CesqlType], ret: CesqlType, body: F) -> Function
    where
        F: for<'a> Fn(&[CesqlValue<'a>]) -> Result<CesqlValue<'a>, FunctionError>
            + Send
            + Sync
            + 'static,
    {
        Function {
            name: name.to_ascii_uppercase().into(),
            params: params.into(),
            variadic: None,
            ret,
            body: Arc::new(body),
        }
    }

    /// A variadic function: `params` then any number of `rest` arguments.
    pub fn variadic<F>(
        name: &str,
        params: &[CesqlType],
        rest: CesqlType,
        ret: CesqlType,
        body: F,
    ) -> Function
    where
        F: for<'a> Fn(&[CesqlValue<'a>]) -> Result<CesqlValue<'a>, FunctionError>
            + Send
            + Sync
            + 'static,
    {
        Function {
            variadic: Some(rest),
            ..Function::new(name, params, ret, body)
        }
    }

    /// The name, uppercased.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Debug for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Function")
            .field("name", &self.name)
            .field("params", &self.params)
            .field("variadic", &self.variadic)
            .field("ret", &self.ret)
            .finish_non_exhaustive()
    }
}

/// Why [`FunctionRegistry::register`] refused a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryError {
    name: Box<str>,
    reason: &'static str,
}

impl RegistryError {
    /// The function name (uppercased).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Why the overload set would be invalid.
    pub fn reason(&self) -> &'static str {
        self.reason
    }
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "function {}: {}", self.name, self.reason)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for RegistryError {}

/// The functions an expression may call: the built-ins plus user-defined
/// ones registered here. Pass it to [`Expression::parse_with`](super::Expression::parse_with).
///
/// Overloads of one name differ by arity only; there is at most one variadic
/// overload per name and it has more fixed parameters than any other
/// overload has parameters (CESQL-16). A user function may add an overload to
/// a built-in name (`SUBSTRING` with 4 arguments) but not replace one.
#[derive(Debug, Clone, Default)]
pub struct FunctionRegistry {
    user: Vec<Arc<Function>>,
}

impl FunctionRegistry {
    /// A registry with the built-ins only.
    pub fn new() -> FunctionRegistry {
        FunctionRegistry::default()
    }

    /// Adds a user-defined function.
    ///
    /// # Errors
    ///
    /// When the name is not `[A-Za-z][A-Za-z_]*` (§2.4: no digits, so that
    /// every registered function can be called), the return type is
    /// [`CesqlType::Any`], or the overload set of the name would become
    /// invalid (two overloads of the same arity, two variadic overloads, or
    /// a variadic overload that could take as many arguments as another).
    pub fn register(&mut self, function: Function) -> Result<(), RegistryError> {
        let fail = |reason| {
            Err(RegistryError {
                name: function.name.clone(),
                reason,
            })
        };
        if !super::parser::is_function_name(&function.name) {
            return fail("function names are a letter, then letters or `_` (no digits)");
        }
        if function.ret == CesqlType::Any {
            return fail("the return type must be Boolean, Integer or String");
        }
        let new = (function.params.len(), function.variadic.is_some());
        let clash = self
            .overloads(&function.name)
            .find_map(|old| conflict(old.shape(), new));
        if let Some(reason) = clash {
            return fail(reason);
        }
        self.user.push(Arc::new(function));
        Ok(())
    }

    fn overloads<'r>(&'r self, name: &'r str) -> impl Iterator<Item = Resolved> + 'r {
        let builtins = BUILTINS
            .iter()
            .filter(move |(_, sig)| sig.0 == name)
            .map(|(b, _)| Resolved::Builtin(*b));
        let user = self
            .user
            .iter()
            .filter(move |f| &*f.name == name)
            .map(|f| Resolved::User(Arc::clone(f)));
        builtins.chain(user)
    }

    /// The overload of `name` (uppercased) that takes `arity` arguments.
    pub(crate) fn resolve(&self, name: &str, arity: usize) -> Option<Resolved> {
        self.overloads(name).find(|o| o.accepts(arity))
    }
}

/// Why two overload shapes (fixed parameter count, variadic) cannot coexist.
fn conflict(a: (usize, bool), b: (usize, bool)) -> Option<&'static str> {
    match (a, b) {
        ((_, true), (_, true)) => Some("at most one variadic overload per name"),
        ((n, false), (m, false)) if n == m => Some("an overload with this arity exists"),
        ((fixed, false), (min, true)) | ((min, true), (fixed, false)) if fixed >= min => {
            Some("a variadic overload needs more fixed parameters than any other overload")
        }
        _ => None,
    }
}

/// A function a call resolved to.
#[derive(Debug, Clone)]
pub(crate) enum Resolved {
    Builtin(Builtin),
    User(Arc<Function>),
}

impl PartialEq for Resolved {
    fn eq(&self, other: &Resolved) -> bool {
        match (self, other) {
            (Resolved::Builtin(a), Resolved::Builtin(b)) => a == b,
            (Resolved::User(a), Resolved::User(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Resolved {
    fn params(&self) -> &[CesqlType] {
        match self {
            Resolved::Builtin(b) => b.signature().1,
            Resolved::User(f) => &f.params,
        }
    }

    fn variadic(&self) -> Option<CesqlType> {
        match self {
            Resolved::Builtin(b) => b.signature().2,
            Resolved::User(f) => f.variadic,
        }
    }

    fn shape(&self) -> (usize, bool) {
        (self.params().len(), self.variadic().is_some())
    }

    fn accepts(&self, arity: usize) -> bool {
        let fixed = self.params().len();
        arity == fixed || (self.variadic().is_some() && arity > fixed)
    }

    pub(crate) fn return_type(&self) -> CesqlType {
        match self {
            Resolved::Builtin(b) => b.signature().3,
            Resolved::User(f) => f.ret,
        }
    }

    /// The declared type of argument `index`.
    pub(crate) fn param_type(&self, index: usize) -> CesqlType {
        self.params()
            .get(index)
            .copied()
            .or(self.variadic())
            .unwrap_or(CesqlType::Any)
    }
}

/// A function's failure: its error, and the value it still returns (`None`:
/// the zero value of its return type).
pub(crate) struct CallError<'a> {
    pub(crate) kind: CesqlErrorKind,
    pub(crate) message: Cow<'a, str>,
    pub(crate) value: Option<Val<'a>>,
}

impl<'a> CallError<'a> {
    fn new(kind: CesqlErrorKind, message: &'static str, value: Val<'a>) -> CallError<'a> {
        CallError {
            kind,
            message: Cow::Borrowed(message),
            value: Some(value),
        }
    }
}

type CallResult<'a> = Result<Val<'a>, CallError<'a>>;

/// Calls `f` with arguments already cast to its parameter types.
pub(crate) fn call<'a>(f: &Resolved, args: Vec<Val<'a>>) -> CallResult<'a> {
    match f {
        Resolved::Builtin(b) => call_builtin(*b, args),
        Resolved::User(f) => {
            let args: Vec<CesqlValue<'a>> = args.into_iter().map(Val::into_public).collect();
            match (f.body)(&args) {
                Ok(v) => super::eval::cast(Val::from_public(v), f.ret).map_err(|e| CallError {
                    kind: CesqlErrorKind::FunctionEvaluation,
                    message: Cow::Borrowed(e),
                    value: None,
                }),
                Err(e) => Err(CallError {
                    kind: CesqlErrorKind::FunctionEvaluation,
                    message: e.message,
                    value: None,
                }),
            }
        }
    }
}

fn call_builtin(b: Builtin, args: Vec<Val<'_>>) -> CallResult<'_> {
    use CesqlErrorKind::{Cast, FunctionEvaluation, Math};
    let mut args = args.into_iter();
    let mut next = || args.next().unwrap_or(Val::Bool(false));
    let int = |v: Val<'_>| match v {
        Val::Int(i) => i,
        _ => 0,
    };
    Ok(match b {
        Builtin::Length => Val::Int(next().with_str(|s| s.chars().count()) as i32),
        Builtin::Concat => {
            let mut out = String::new();
            for v in args {
                v.with_str(|s| out.push_str(s));
            }
            Val::Str(Cow::Owned(out))
        }
        Builtin::ConcatWs => {
            let sep = next().into_cow();
            let mut out = String::new();
            for (i, v) in args.enumerate() {
                if i > 0 {
                    out.push_str(&sep);
                }
                v.with_str(|s| out.push_str(s));
            }
            Val::Str(Cow::Owned(out))
        }
        Builtin::Lower => Val::Str(Cow::Owned(next().with_str(str::to_lowercase))),
        Builtin::Upper => Val::Str(Cow::Owned(next().with_str(str::to_uppercase))),
        Builtin::Trim => {
            let s = next().into_cow();
            let start = s.len() - s.trim_start().len();
            let end = s.trim_end().len().max(start);
            Val::Str(slice_cow(s, start, end))
        }
        Builtin::Left | Builtin::Right => {
            let s = next().into_cow();
            let n = int(next());
            let Ok(n) = usize::try_from(n) else {
                return Err(CallError::new(
                    FunctionEvaluation,
                    "the length is negative",
                    Val::Str(s),
                ));
            };
            let len = s.chars().count();
            if n >= len {
                Val::Str(s)
            } else if b == Builtin::Left {
                let end = char_offset(&s, n);
                Val::Str(slice_cow(s, 0, end))
            } else {
                let start = char_offset(&s, len - n);
                let end = s.len();
                Val::Str(slice_cow(s, start, end))
            }
        }
        Builtin::Substring2 | Builtin::Substring3 => {
            let s = next().into_cow();
            let pos = int(next());
            let take = if b == Builtin::Substring3 {
                Some(int(next()))
            } else {
                None
            };
            substring(s, pos, take)?
        }
        Builtin::Abs => match int(next()) {
            i32::MIN => return Err(CallError::new(Math, "integer overflow", Val::Int(i32::MAX))),
            i => Val::Int(i.abs()),
        },
        Builtin::Int => match next().to_int() {
            Some(i) => Val::Int(i),
            None => {
                return Err(CallError::new(
                    Cast,
                    "cannot cast the string to Integer",
                    Val::Int(0),
                ))
            }
        },
        Builtin::Bool => match next().to_bool() {
            Some(v) => Val::Bool(v),
            None => {
                return Err(CallError::new(
                    Cast,
                    "cannot cast the string to Boolean",
                    Val::Bool(false),
                ))
            }
        },
        Builtin::String => next().into_string_val(),
        // True for a value of the type, or a String that casts to it.
        Builtin::IsInt => Val::Bool(match next() {
            Val::Bool(_) => false,
            v => v.to_int().is_some(),
        }),
        Builtin::IsBool => Val::Bool(match next() {
            Val::Int(_) => false,
            v => v.to_bool().is_some(),
        }),
    })
}

/// `SUBSTRING(s, pos[, len])`: 1-based `pos`, negative counts from the end,
/// 0 gives `""`; `|pos|` beyond the length or a negative `len` give `""` and
/// a FunctionEvaluationError (CESQL-15).
fn substring<'a>(s: Cow<'a, str>, pos: i32, take: Option<i32>) -> CallResult<'a> {
    let out_of_range = |message| {
        Err(CallError::new(
            CesqlErrorKind::FunctionEvaluation,
            message,
            Val::Str(Cow::Borrowed("")),
        ))
    };
    if take.is_some_and(|t| t < 0) {
        return out_of_range("the length is negative");
    }
    if pos == 0 {
        return Ok(Val::Str(Cow::Borrowed("")));
    }
    let len = s.chars().count();
    let magnitude = pos.unsigned_abs() as usize;
    if magnitude > len {
        return out_of_range("the position is beyond the string");
    }
    let first = if pos > 0 {
        magnitude - 1
    } else {
        len - magnitude
    };
    let last = match take {
        Some(t) => len.min(first.saturating_add(t as usize)),
        None => len,
    };
    let start = char_offset(&s, first);
    let end = start + char_offset(&s[start..], last - first);
    Ok(Val::Str(slice_cow(s, start, end)))
}
