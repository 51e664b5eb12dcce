//! The compiled expression tree and its canonical text form.
//!
//! Nodes live in one `Vec` (an arena) and refer to their children by index;
//! the root is the last node pushed.

use alloc::boxed::Box;
use core::fmt;

use super::functions::Resolved;
use super::like::LikePattern;
use super::CesqlType;

/// Index of a node in the arena.
pub(crate) type NodeId = u32;

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Mul,
    Div,
    Mod,
    Add,
    Sub,
    Eq,
    /// `!=`, and `<>` which parses to it.
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    Xor,
}

impl BinOp {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Eq => "=",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::And => "AND",
            BinOp::Or => "OR",
            BinOp::Xor => "XOR",
        }
    }

    /// The static result type.
    pub(crate) fn result_type(self) -> CesqlType {
        match self {
            BinOp::Mul | BinOp::Div | BinOp::Mod | BinOp::Add | BinOp::Sub => CesqlType::Integer,
            _ => CesqlType::Boolean,
        }
    }
}

/// One node of the tree.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Bool(bool),
    Int(i32),
    Str(Box<str>),
    /// An attribute reference; the name is ASCII-lowercased (CESQL-3).
    Attr(Box<str>),
    Exists(Box<str>),
    Not(NodeId),
    Neg(NodeId),
    /// Arithmetic and comparisons.
    Binary {
        op: BinOp,
        lhs: NodeId,
        rhs: NodeId,
    },
    /// A left-to-right run of one of `AND`, `OR`, `XOR` (all associative):
    /// `a OR b OR c` is one node, so long filters do not nest deeply.
    Logic {
        op: BinOp,
        items: Box<[NodeId]>,
    },
    Like {
        operand: NodeId,
        pattern: LikePattern,
        negated: bool,
    },
    In {
        operand: NodeId,
        set: Box<[NodeId]>,
        negated: bool,
    },
    /// A function call; the name is ASCII-uppercased. `func` is `None` when
    /// no overload takes this many arguments (a MissingFunctionError at
    /// evaluation time, CESQL-16).
    Call {
        name: Box<str>,
        args: Box<[NodeId]>,
        func: Option<Resolved>,
    },
}

impl Node {
    /// The static result type, used for the zero value of a failed
    /// evaluation (CESQL-6, CESQL-9). An attribute's type is not known
    /// before it is read (and a missing one has none), so it counts as
    /// Boolean: a bare missing attribute, core or extension, yields `false`
    /// (§3.2).
    pub(crate) fn result_type(&self) -> CesqlType {
        match self {
            Node::Int(_) | Node::Neg(_) => CesqlType::Integer,
            Node::Str(_) => CesqlType::String,
            Node::Binary { op, .. } => op.result_type(),
            Node::Call { func: Some(f), .. } => f.return_type(),
            _ => CesqlType::Boolean,
        }
    }
}

/// Structural equality of the subtrees at `a[x]` and `b[y]` (arena order
/// does not matter).
pub(crate) fn same_tree(a: &[Node], x: NodeId, b: &[Node], y: NodeId) -> bool {
    let all = |xs: &[NodeId], ys: &[NodeId]| {
        xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same_tree(a, *x, b, *y))
    };
    match (&a[x as usize], &b[y as usize]) {
        (Node::Not(p), Node::Not(q)) | (Node::Neg(p), Node::Neg(q)) => same_tree(a, *p, b, *q),
        (
            Node::Binary { op, lhs, rhs },
            Node::Binary {
                op: op2,
                lhs: lhs2,
                rhs: rhs2,
            },
        ) => op == op2 && same_tree(a, *lhs, b, *lhs2) && same_tree(a, *rhs, b, *rhs2),
        (
            Node::Logic { op, items },
            Node::Logic {
                op: op2,
                items: items2,
            },
        ) => op == op2 && all(items, items2),
        (
            Node::Like {
                operand,
                pattern,
                negated,
            },
            Node::Like {
                operand: operand2,
                pattern: pattern2,
                negated: negated2,
            },
        ) => pattern == pattern2 && negated == negated2 && same_tree(a, *operand, b, *operand2),
        (
            Node::In {
                operand,
                set,
                negated,
            },
            Node::In {
                operand: operand2,
                set: set2,
                negated: negated2,
            },
        ) => negated == negated2 && same_tree(a, *operand, b, *operand2) && all(set, set2),
        (
            Node::Call { name, args, func },
            Node::Call {
                name: name2,
                args: args2,
                func: func2,
            },
        ) => name == name2 && func == func2 && all(args, args2),
        (
            leaf @ (Node::Bool(_) | Node::Int(_) | Node::Str(_) | Node::Attr(_) | Node::Exists(_)),
            other,
        ) => leaf == other,
        _ => false,
    }
}

/// Writes a string literal in canonical form: single quotes, with `\` and
/// `'` escaped so that it lexes back to the same value.
pub(crate) fn write_string_literal(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("'")?;
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        if b == b'\\' || b == b'\'' {
            f.write_str(&s[run..i])?;
            f.write_str("\\")?;
            run = i;
        }
    }
    f.write_str(&s[run..])?;
    f.write_str("'")
}

/// Canonical printing: keywords and function names uppercase, strings
/// single-quoted, every compound subexpression parenthesized, so the output
/// parses back to the same tree whatever the precedence rules.
pub(crate) struct Printer<'e> {
    pub(crate) nodes: &'e [Node],
}

impl Printer<'_> {
    fn is_unary(&self, id: NodeId) -> bool {
        matches!(self.nodes[id as usize], Node::Not(_) | Node::Neg(_))
    }

    pub(crate) fn write(&self, f: &mut fmt::Formatter<'_>, id: NodeId, top: bool) -> fmt::Result {
        let node = &self.nodes[id as usize];
        let compound = matches!(
            node,
            Node::Not(_)
                | Node::Neg(_)
                | Node::Binary { .. }
                | Node::Logic { .. }
                | Node::Like { .. }
                | Node::In { .. }
        );
        if compound && !top {
            f.write_str("(")?;
        }
        match node {
            Node::Bool(true) => f.write_str("TRUE")?,
            Node::Bool(false) => f.write_str("FALSE")?,
            Node::Int(i) => write!(f, "{i}")?,
            Node::Str(s) => write_string_literal(f, s)?,
            Node::Attr(name) => f.write_str(name)?,
            Node::Exists(name) => write!(f, "EXISTS {name}")?,
            // A unary operand of a unary operator is not parenthesized: the
            // parser counts one nesting level per operator, parentheses
            // would double that and a chain would not parse back.
            Node::Not(x) => {
                f.write_str("NOT ")?;
                self.write(f, *x, self.is_unary(*x))?;
            }
            Node::Neg(x) if self.is_unary(*x) => {
                f.write_str("- ")?;
                self.write(f, *x, true)?;
            }
            Node::Neg(x) => {
                // Otherwise parenthesized: `-5` would read back as a literal.
                f.write_str("-(")?;
                self.write(f, *x, true)?;
                f.write_str(")")?;
            }
            Node::Binary { op, lhs, rhs } => {
                self.write(f, *lhs, false)?;
                write!(f, " {} ", op.as_str())?;
                self.write(f, *rhs, false)?;
            }
            Node::Logic { op, items } => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        write!(f, " {} ", op.as_str())?;
                    }
                    self.write(f, *item, false)?;
                }
            }
            Node::Like {
                operand,
                pattern,
                negated,
            } => {
                self.write(f, *operand, false)?;
                f.write_str(if *negated { " NOT LIKE " } else { " LIKE " })?;
                write_string_literal(f, pattern.source())?;
            }
            Node::In {
                operand,
                set,
                negated,
            } => {
                self.write(f, *operand, false)?;
                f.write_str(if *negated { " NOT IN " } else { " IN " })?;
                self.write_list(f, set)?;
            }
            Node::Call { name, args, .. } => {
                f.write_str(name)?;
                self.write_list(f, args)?;
            }
        }
        if compound && !top {
            f.write_str(")")?;
        }
        Ok(())
    }

    fn write_list(&self, f: &mut fmt::Formatter<'_>, items: &[NodeId]) -> fmt::Result {
        f.write_str("(")?;
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            self.write(f, *item, true)?;
        }
        f.write_str(")")
    }
}
