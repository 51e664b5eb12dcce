//! Evaluation in both modes of §4.1 (CESQL-9).
//!
//! Every node has an *own operation* (casting its operands, computing,
//! calling) and *operands* (its child nodes). The rules, shared by both
//! modes:
//!
//! - An error in a node's own operation never leaves the node without a
//!   value: a failed cast gives the target type's zero value and the
//!   operation goes on with it (`NOT 10` → `NOT false` → `true`); `/` and `%`
//!   by zero give 0; overflow gives the wrapped value; a function gives the
//!   value it returns with its error; a call no overload takes gives
//!   `false`.
//! - An operand that is an attribute the event lacks (CESQL-6) makes the
//!   node that reads it take the zero value of its own type at once; its
//!   own operation and its later operands are skipped (`1 / missing` → 0,
//!   no MathError). A bare attribute at the root is Boolean: `false`.
//!
//! Fail-fast: the first error stops evaluation. The node that raised it
//! still finishes its own operation; if it is the root its value is the
//! result (`5 / 0` → 0, `NOT 10` → true), otherwise the result is the zero
//! value of the root's type (`true AND (1 != 1/0)` → false). Complete: no
//! error stops anything, every node uses its operands' values, and every
//! error is collected in evaluation order.

use alloc::borrow::Cow;
use alloc::vec::Vec;

use smallvec::SmallVec;

use crate::Event;

use super::ast::{BinOp, Node, NodeId};
use super::functions::{self, CallError, Resolved};
use super::value::Val;
use super::{CesqlError, CesqlErrorKind, CesqlType, EvalMode};

/// Why a node has no value to hand to its parent.
pub(crate) enum Halt {
    /// The node is an attribute the event lacks (the error is recorded):
    /// the parent takes its own zero value.
    Missing,
    /// Fail-fast: an error was raised; evaluation unwinds to the root.
    Stop,
}

type R<'a> = Result<Val<'a>, Halt>;

/// The errors of one evaluation; inline while there is one (always, in
/// fail-fast mode).
pub(crate) type Errors<'a> = SmallVec<[CesqlError<'a>; 1]>;

fn error<'a>(kind: CesqlErrorKind, message: &'static str) -> CesqlError<'a> {
    CesqlError {
        kind,
        message: Cow::Borrowed(message),
        subject: None,
    }
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
    nodes: &'a [Node],
    event: &'x Event<'v>,
    mode: EvalMode,
    errors: Errors<'a>,
    /// Fail-fast: the node that raised the error, and its own value.
    raised: Option<(NodeId, Val<'a>)>,
}

impl<'x, 'v: 'a, 'a> Evaluator<'x, 'v, 'a> {
    pub(crate) fn new(nodes: &'a [Node], event: &'x Event<'v>, mode: EvalMode) -> Self {
        Evaluator {
            nodes,
            event,
            mode,
            errors: Errors::new(),
            raised: None,
        }
    }

    /// Evaluates the root: its value and the errors.
    pub(crate) fn run(mut self, root: NodeId) -> (Val<'a>, Errors<'a>) {
        let value = match self.eval(root) {
            Ok(v) => v,
            // A bare attribute the event lacks: its type is unknown, so
            // Boolean (CESQL-6).
            Err(Halt::Missing) => Val::Bool(false),
            Err(Halt::Stop) => match self.raised.take() {
                Some((id, v)) if id == root => v,
                _ => Val::zero(self.nodes[root as usize].result_type()),
            },
        };
        (value, self.errors)
    }

    fn fail_fast(&self) -> bool {
        self.mode == EvalMode::FailFast
    }

    /// Records an error of the current node's own operation. In fail-fast
    /// mode only the first counts (an operation with two failing casts
    /// reports one).
    fn report(&mut self, e: CesqlError<'a>) {
        if !self.stopping() {
            self.errors.push(e);
        }
    }

    /// In fail-fast mode, true once the current node has raised an error:
    /// it must evaluate no further operand.
    fn stopping(&self) -> bool {
        self.fail_fast() && !self.errors.is_empty()
    }

    /// One node: its own value, a missing-attribute marker, or a stop.
    fn eval(&mut self, id: NodeId) -> R<'a> {
        let nodes: &'a [Node] = self.nodes;
        let result = match &nodes[id as usize] {
            Node::Attr(name) => return self.attribute(name),
            Node::Bool(b) => Ok(Val::Bool(*b)),
            Node::Int(i) => Ok(Val::Int(*i)),
            Node::Str(s) => Ok(Val::Str(Cow::Borrowed(s))),
            Node::Exists(name) => Ok(Val::Bool(self.event.attribute(name).is_some())),
            Node::Not(x) => self.not(*x),
            Node::Neg(x) => self.neg(*x),
            Node::Binary { op, lhs, rhs } => match op {
                BinOp::Eq | BinOp::Ne => self.equality(*op, *lhs, *rhs),
                _ => self.arithmetic(*op, *lhs, *rhs),
            },
            Node::Logic { op, items } => self.logic(*op, items),
            Node::Like {
                operand,
                pattern,
                negated,
            } => match self.eval(*operand) {
                Ok(v) => Ok(Val::Bool(v.with_str(|s| pattern.matches(s)) != *negated)),
                Err(h) => Err(h),
            },
            Node::In {
                operand,
                set,
                negated,
            } => self.membership(*operand, set, *negated),
            Node::Call { name, args, func } => self.call(name, args, func.as_ref()),
        };
        self.settle(id, result)
    }

    /// What the node hands its parent, from the outcome of its own
    /// operation.
    #[inline]
    fn settle(&mut self, id: NodeId, result: R<'a>) -> R<'a> {
        let value = match result {
            Ok(v) => v,
            // An operand is a missing attribute: this node is the
            // subexpression that reads it (CESQL-6).
            Err(Halt::Missing) => Val::zero(self.nodes[id as usize].result_type()),
            Err(Halt::Stop) => return Err(Halt::Stop),
        };
        // In fail-fast mode an error recorded while this node's operands
        // all succeeded is this node's own.
        if self.stopping() {
            self.raised = Some((id, value));
            return Err(Halt::Stop);
        }
        Ok(value)
    }

    #[cold]
    fn missing(&mut self, name: &'a str) -> Halt {
        self.errors.push(CesqlError {
            kind: CesqlErrorKind::MissingAttribute,
            message: Cow::Borrowed("the event has no attribute"),
            subject: Some(name),
        });
        Halt::Missing
    }

    fn attribute(&mut self, name: &'a str) -> R<'a> {
        match self.event.attribute(name) {
            Some(v) => Ok(Val::from_attribute(v)),
            None => Err(self.missing(name)),
        }
    }

    #[cold]
    fn cast_failed(&mut self, to: CesqlType) {
        let message = match to {
            CesqlType::Integer => "cannot cast the value to Integer",
            _ => "cannot cast the value to Boolean",
        };
        self.report(error(CesqlErrorKind::Cast, message));
    }

    /// Boolean cast of an operand; `false` with a CastError when it fails.
    fn cast_bool(&mut self, v: &Val<'_>) -> bool {
        v.to_bool().unwrap_or_else(|| {
            self.cast_failed(CesqlType::Boolean);
            false
        })
    }

    /// Integer cast of an operand; 0 with a CastError when it fails.
    fn cast_int(&mut self, v: &Val<'_>) -> i32 {
        v.to_int().unwrap_or_else(|| {
            self.cast_failed(CesqlType::Integer);
            0
        })
    }

    /// `NOT x`. An Integer operand does not cast (CESQL-20, the TCK's
    /// `NOT 10` → `true` + CastError): it takes the zero value `false`.
    fn not(&mut self, x: NodeId) -> R<'a> {
        let v = self.eval(x)?;
        let b = match v {
            Val::Int(_) => {
                self.cast_failed(CesqlType::Boolean);
                false
            }
            v => self.cast_bool(&v),
        };
        Ok(Val::Bool(!b))
    }

    fn neg(&mut self, x: NodeId) -> R<'a> {
        let v = self.eval(x)?;
        let i = self.cast_int(&v);
        Ok(self.checked(i.checked_neg(), i.wrapping_neg()))
    }

    /// CESQL-11: a false item ends an AND, a true item ends an OR; the rest
    /// is not evaluated. XOR evaluates every item. A missing attribute item
    /// decides the run (its zero value, `false`) and ends it too.
    #[inline(never)]
    fn logic(&mut self, op: BinOp, items: &[NodeId]) -> R<'a> {
        let mut acc = false;
        for item in items {
            let v = self.eval(*item)?;
            let b = self.cast_bool(&v);
            match op {
                BinOp::And if !b => return Ok(Val::Bool(false)),
                BinOp::Or if b => return Ok(Val::Bool(true)),
                _ => acc ^= b,
            }
            if self.stopping() {
                // Fail-fast: the item did not cast (an AND has returned
                // already); the run ends with what it has.
                return Ok(Val::Bool(acc));
            }
        }
        Ok(Val::Bool(match op {
            BinOp::And => true,
            BinOp::Or => false,
            _ => acc,
        }))
    }

    /// `x [NOT] IN (...)`: left to right, up to the first match (CESQL-13).
    #[inline(never)]
    fn membership(&mut self, operand: NodeId, set: &[NodeId], negated: bool) -> R<'a> {
        let left = self.eval(operand)?;
        let ty = left.ty();
        for item in set {
            let item = self.eval(*item)?;
            if self.equals(&left, &item, ty) {
                return Ok(Val::Bool(!negated));
            }
            if self.stopping() {
                // Fail-fast: an element did not cast; no further element
                // is evaluated.
                break;
            }
        }
        Ok(Val::Bool(negated))
    }

    #[inline(never)]
    fn call(&mut self, name: &'a str, args: &[NodeId], func: Option<&Resolved>) -> R<'a> {
        let Some(func) = func else {
            // Not dispatchable: the arguments are not evaluated (CESQL-16).
            self.report(CesqlError {
                kind: CesqlErrorKind::MissingFunction,
                message: Cow::Borrowed("no overload takes this many arguments"),
                subject: Some(name),
            });
            return Ok(Val::Bool(false));
        };
        let mut values = Vec::with_capacity(args.len());
        for arg in args {
            values.push(self.eval(*arg)?);
        }
        for (i, v) in values.iter_mut().enumerate() {
            let to = func.param_type(i);
            let taken = core::mem::replace(v, Val::Bool(false));
            *v = match cast(taken, to) {
                Ok(cast) => cast,
                Err(_) => {
                    self.cast_failed(to);
                    Val::zero(to)
                }
            };
        }
        Ok(match functions::call(func, values) {
            Ok(v) => v,
            Err(e) => self.function_failed(name, func, e),
        })
    }

    #[cold]
    fn function_failed(&mut self, name: &'a str, func: &Resolved, e: CallError<'a>) -> Val<'a> {
        self.report(CesqlError {
            kind: e.kind,
            message: e.message,
            subject: Some(name),
        });
        e.value.unwrap_or_else(|| Val::zero(func.return_type()))
    }

    /// `left = item` with `item` cast to `ty`, the left operand's type
    /// (CESQL-13, CESQL-18).
    fn equals(&mut self, left: &Val<'a>, item: &Val<'a>, ty: CesqlType) -> bool {
        match ty {
            CesqlType::Boolean => left.to_bool() == Some(self.cast_bool(item)),
            CesqlType::Integer => left.to_int() == Some(self.cast_int(item)),
            _ => left.str_eq(item),
        }
    }

    /// `=`, `!=`: the right operand's type picks the overload and the left
    /// operand is cast to it (CESQL-18).
    #[inline(never)]
    fn equality(&mut self, op: BinOp, lhs: NodeId, rhs: NodeId) -> R<'a> {
        let left = self.eval(lhs)?;
        let right = self.eval(rhs)?;
        let equal = match right.ty() {
            CesqlType::Boolean => self.cast_bool(&left) == right.to_bool().unwrap_or(false),
            CesqlType::Integer => self.cast_int(&left) == right.to_int().unwrap_or(0),
            _ => left.str_eq(&right),
        };
        Ok(Val::Bool(equal == (op == BinOp::Eq)))
    }

    /// Comparisons and arithmetic: both operands evaluated, then cast to
    /// Integer.
    #[inline(never)]
    fn arithmetic(&mut self, op: BinOp, lhs: NodeId, rhs: NodeId) -> R<'a> {
        use BinOp::*;
        let left = self.eval(lhs)?;
        let right = self.eval(rhs)?;
        let (a, b) = (self.cast_int(&left), self.cast_int(&right));
        Ok(match op {
            Lt => Val::Bool(a < b),
            Le => Val::Bool(a <= b),
            Gt => Val::Bool(a > b),
            Ge => Val::Bool(a >= b),
            Add => self.checked(a.checked_add(b), a.wrapping_add(b)),
            Sub => self.checked(a.checked_sub(b), a.wrapping_sub(b)),
            Mul => self.checked(a.checked_mul(b), a.wrapping_mul(b)),
            _ if b == 0 => {
                self.report(error(CesqlErrorKind::Math, "division by zero"));
                Val::Int(0)
            }
            // `/` truncates toward zero, `%` takes the dividend's sign.
            Div => self.checked(a.checked_div(b), a.wrapping_div(b)),
            // i32::MIN % -1 is mathematically 0: no overflow.
            _ => Val::Int(a.wrapping_rem(b)),
        })
    }

    /// CESQL-19: overflow wraps and raises a MathError.
    #[inline]
    fn checked(&mut self, result: Option<i32>, wrapped: i32) -> Val<'a> {
        match result {
            Some(i) => Val::Int(i),
            None => {
                self.report(error(CesqlErrorKind::Math, "integer overflow"));
                Val::Int(wrapped)
            }
        }
    }
}
