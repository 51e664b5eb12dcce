//! Fail-fast evaluation (CESQL-9).
//!
//! Every node evaluates to `Ok(value)` or to a [`Fail`]: the first error,
//! which stops evaluation. A failing node may still have a value of its own
//! (`5 / 0` is 0, `ABS(-2147483648)` is 2147483647, `LEFT('abc', -2)` is
//! `abc`); when it is the root that value is the result, otherwise the
//! result is the zero value of the root's type (`true AND (1 != 1/0)` is
//! `false`).

use alloc::borrow::Cow;
use alloc::vec::Vec;

use crate::Event;

use super::ast::{BinOp, Node, NodeId};
use super::functions::{self, CallError, Resolved};
use super::value::Val;
use super::{CesqlError, CesqlErrorKind, CesqlType};

/// The first error, and the value of the node that raised it.
pub(crate) struct Fail<'a> {
    pub(crate) error: CesqlError<'a>,
    /// The failing node's own value; `None` once the failure has passed
    /// through a parent, or when the node has no meaningful value.
    pub(crate) value: Option<Val<'a>>,
}

type R<'a> = Result<Val<'a>, Fail<'a>>;

fn fail<'a>(kind: CesqlErrorKind, message: &'static str, value: Option<Val<'a>>) -> Fail<'a> {
    Fail {
        error: CesqlError {
            kind,
            message: Cow::Borrowed(message),
            subject: None,
        },
        value,
    }
}

/// A failure seen from the parent: the child's value no longer matters.
#[inline]
fn nested(f: Fail<'_>) -> Fail<'_> {
    Fail { value: None, ..f }
}

#[cold]
fn cast_error<'a>(to: CesqlType) -> Fail<'a> {
    let message = match to {
        CesqlType::Integer => "cannot cast the value to Integer",
        _ => "cannot cast the value to Boolean",
    };
    fail(CesqlErrorKind::Cast, message, None)
}

/// Casts for function arguments and user function results (CESQL-17).
pub(crate) fn cast(v: Val<'_>, to: CesqlType) -> Result<Val<'_>, &'static str> {
    match to {
        CesqlType::Any => Ok(v),
        CesqlType::String => Ok(v.into_string_val()),
        CesqlType::Integer => v
            .to_int()
            .map(Val::Int)
            .ok_or("cannot cast the value to Integer"),
        CesqlType::Boolean => v
            .to_bool()
            .map(Val::Bool)
            .ok_or("cannot cast the value to Boolean"),
    }
}

/// Evaluates over one event. Results borrow from the expression (`'a`) and
/// the event's input (`'v`, which outlives `'a`).
pub(crate) struct Evaluator<'x, 'v, 'a> {
    pub(crate) nodes: &'a [Node],
    pub(crate) event: &'x Event<'v>,
}

impl<'v: 'a, 'a> Evaluator<'_, 'v, 'a> {
    /// Evaluates the root: its value and at most one error.
    pub(crate) fn run(&self, root: NodeId) -> (Val<'a>, Option<CesqlError<'a>>) {
        match self.eval(root) {
            Ok(v) => (v, None),
            Err(f) => {
                let value = f
                    .value
                    .unwrap_or_else(|| Val::zero(self.nodes[root as usize].result_type()));
                (value, Some(f.error))
            }
        }
    }

    #[inline]
    fn child(&self, id: NodeId) -> R<'a> {
        self.eval(id).map_err(nested)
    }

    fn bool(&self, id: NodeId) -> Result<bool, Fail<'a>> {
        self.child(id)?
            .to_bool()
            .ok_or_else(|| cast_error(CesqlType::Boolean))
    }

    fn int(&self, id: NodeId) -> Result<i32, Fail<'a>> {
        self.child(id)?
            .to_int()
            .ok_or_else(|| cast_error(CesqlType::Integer))
    }

    /// One node. The arms that need many temporaries live in their own
    /// out-of-line functions, so that this frame (one per nesting level) is
    /// small even in debug builds.
    fn eval(&self, id: NodeId) -> R<'a> {
        let node = &self.nodes[id as usize];
        match node {
            Node::Bool(b) => Ok(Val::Bool(*b)),
            Node::Int(i) => Ok(Val::Int(*i)),
            Node::Str(s) => Ok(Val::Str(Cow::Borrowed(s))),
            Node::Attr(name) => match self.event.attribute(name) {
                Some(v) => Ok(Val::from_attribute(v)),
                None => Err(missing_attribute(node, name)),
            },
            Node::Exists(name) => Ok(Val::Bool(self.event.attribute(name).is_some())),
            Node::Not(x) => Ok(Val::Bool(!self.bool(*x)?)),
            Node::Neg(x) => {
                let i = self.int(*x)?;
                checked(i.checked_neg(), i.wrapping_neg())
            }
            Node::Binary { op, lhs, rhs } => match op {
                BinOp::Eq | BinOp::Ne => self.equality(*op, *lhs, *rhs),
                _ => self.arithmetic(*op, *lhs, *rhs),
            },
            Node::Logic { op, items } => self.logic(*op, items),
            Node::Like {
                operand,
                pattern,
                negated,
            } => {
                let v = self.child(*operand)?;
                Ok(Val::Bool(v.with_str(|s| pattern.matches(s)) != *negated))
            }
            Node::In {
                operand,
                set,
                negated,
            } => self.membership(*operand, set, *negated),
            Node::Call { name, args, func } => self.call(name, args, func.as_ref()),
        }
    }

    /// CESQL-11: a false item ends an AND, a true item ends an OR; the rest
    /// is not evaluated. XOR evaluates every item.
    #[inline(never)]
    fn logic(&self, op: BinOp, items: &[NodeId]) -> R<'a> {
        let mut acc = false;
        for item in items {
            let b = self.bool(*item)?;
            match op {
                BinOp::And if !b => return Ok(Val::Bool(false)),
                BinOp::Or if b => return Ok(Val::Bool(true)),
                _ => acc ^= b,
            }
        }
        Ok(Val::Bool(match op {
            BinOp::And => true,
            BinOp::Or => false,
            _ => acc,
        }))
    }

    #[inline(never)]
    fn membership(&self, operand: NodeId, set: &[NodeId], negated: bool) -> R<'a> {
        let left = self.child(operand)?;
        for item in set {
            if self.equals(&left, *item, left.ty())? {
                return Ok(Val::Bool(!negated));
            }
        }
        Ok(Val::Bool(negated))
    }

    #[inline(never)]
    fn call(&self, name: &'a str, args: &[NodeId], func: Option<&Resolved>) -> R<'a> {
        let Some(func) = func else {
            return Err(Fail {
                error: CesqlError {
                    kind: CesqlErrorKind::MissingFunction,
                    message: Cow::Borrowed("no overload takes this many arguments"),
                    subject: Some(name),
                },
                value: Some(Val::Bool(false)),
            });
        };
        let mut values = Vec::with_capacity(args.len());
        for (i, arg) in args.iter().enumerate() {
            let v = self.child(*arg)?;
            let v = cast(v, func.param_type(i)).map_err(|m| fail(CesqlErrorKind::Cast, m, None))?;
            values.push(v);
        }
        functions::call(func, values).map_err(|e: CallError<'a>| Fail {
            value: Some(e.value.unwrap_or_else(|| Val::zero(func.return_type()))),
            error: CesqlError {
                kind: e.kind,
                message: e.message,
                subject: Some(name),
            },
        })
    }

    /// `left = item` with `item` cast to `ty` (CESQL-13, CESQL-18).
    fn equals(&self, left: &Val<'a>, item: NodeId, ty: CesqlType) -> Result<bool, Fail<'a>> {
        Ok(match ty {
            CesqlType::Boolean => left.to_bool() == Some(self.bool(item)?),
            CesqlType::Integer => left.to_int() == Some(self.int(item)?),
            _ => left.str_eq(&self.child(item)?),
        })
    }

    /// `=`, `!=`: the right operand's type picks the overload and the left
    /// operand is cast to it (CESQL-18).
    #[inline(never)]
    fn equality(&self, op: BinOp, lhs: NodeId, rhs: NodeId) -> R<'a> {
        let left = self.child(lhs)?;
        let right = self.child(rhs)?;
        let equal = match right.ty() {
            CesqlType::Boolean => {
                left.to_bool()
                    .ok_or_else(|| cast_error(CesqlType::Boolean))?
                    == right.to_bool().unwrap_or(false)
            }
            CesqlType::Integer => {
                left.to_int()
                    .ok_or_else(|| cast_error(CesqlType::Integer))?
                    == right.to_int().unwrap_or(0)
            }
            _ => left.str_eq(&right),
        };
        Ok(Val::Bool(equal == (op == BinOp::Eq)))
    }

    /// Comparisons and arithmetic: both operands cast to Integer.
    #[inline(never)]
    fn arithmetic(&self, op: BinOp, lhs: NodeId, rhs: NodeId) -> R<'a> {
        use BinOp::*;
        let (a, b) = (self.int(lhs)?, self.int(rhs)?);
        match op {
            Lt => Ok(Val::Bool(a < b)),
            Le => Ok(Val::Bool(a <= b)),
            Gt => Ok(Val::Bool(a > b)),
            Ge => Ok(Val::Bool(a >= b)),
            Add => checked(a.checked_add(b), a.wrapping_add(b)),
            Sub => checked(a.checked_sub(b), a.wrapping_sub(b)),
            Mul => checked(a.checked_mul(b), a.wrapping_mul(b)),
            _ if b == 0 => Err(fail(
                CesqlErrorKind::Math,
                "division by zero",
                Some(Val::Int(0)),
            )),
            // `/` truncates toward zero, `%` takes the dividend's sign.
            Div => checked(a.checked_div(b), a.wrapping_div(b)),
            // i32::MIN % -1 is mathematically 0: no overflow.
            _ => Ok(Val::Int(a.wrapping_rem(b))),
        }
    }
}

#[cold]
fn missing_attribute<'a>(node: &Node, name: &'a str) -> Fail<'a> {
    Fail {
        error: CesqlError {
            kind: CesqlErrorKind::MissingAttribute,
            message: Cow::Borrowed("the event has no attribute"),
            subject: Some(name),
        },
        value: Some(Val::zero(node.result_type())),
    }
}

/// CESQL-19: overflow wraps and raises a MathError.
#[inline]
fn checked<'a>(result: Option<i32>, wrapped: i32) -> R<'a> {
    match result {
        Some(i) => Ok(Val::Int(i)),
        None => Err(fail(
            CesqlErrorKind::Math,
            "integer overflow",
            Some(Val::Int(wrapped)),
        )),
    }
}
