//! Recursive-descent parser (CESQL-4, CESQL-14).
//!
//! Precedence, loosest first; every binary level is left-associative:
//!
//! | level | operators |
//! |---|---|
//! | logic | `AND` `OR` `XOR` (one level: `a OR b AND c` is `(a OR b) AND c`) |
//! | comparison | `=` `!=` `<>` `<` `<=` `>` `>=` |
//! | additive | `+` `-` |
//! | multiplicative | `*` `/` `%` |
//! | membership | `x [NOT] IN (...)` |
//! | pattern | `x [NOT] LIKE 'pattern'` |
//! | unary | `NOT x`, `-x` |
//! | primary | literals, attributes, `EXISTS a`, calls, `( ... )` |

use alloc::boxed::Box;
use alloc::format;
use alloc::vec::Vec;

use super::ast::{BinOp, Node, NodeId};
use super::functions::FunctionRegistry;
use super::lexer::{tokenize, Keyword, Spanned, Token};
use super::like::LikePattern;
use super::{ParseError, MAX_DEPTH};

/// How deep the recursive descent may go (see `Parser::enter`).
const PAREN_DEPTH: usize = 3 * MAX_DEPTH;

pub(crate) struct Parser<'s, 'r> {
    tokens: Vec<Spanned<'s>>,
    at: usize,
    pub(crate) nodes: Vec<Node>,
    /// Height of each node's subtree, to bound evaluation recursion.
    heights: Vec<u16>,
    depth: usize,
    functions: &'r FunctionRegistry,
}

impl<'s, 'r> Parser<'s, 'r> {
    pub(crate) fn new(src: &'s str, functions: &'r FunctionRegistry) -> Result<Self, ParseError> {
        Ok(Parser {
            tokens: tokenize(src)?,
            at: 0,
            nodes: Vec::new(),
            heights: Vec::new(),
            depth: 0,
            functions,
        })
    }

    /// Parses the whole input; returns the root.
    pub(crate) fn parse(&mut self) -> Result<NodeId, ParseError> {
        let root = self.logic()?;
        if self.peek() != &Token::Eof {
            return Err(self.unexpected("an operator or the end of the expression"));
        }
        Ok(root)
    }

    fn peek(&self) -> &Token<'s> {
        &self.tokens[self.at].token
    }

    fn peek2(&self) -> &Token<'s> {
        let i = (self.at + 1).min(self.tokens.len() - 1);
        &self.tokens[i].token
    }

    fn pos(&self) -> usize {
        self.tokens[self.at].pos
    }

    fn bump(&mut self) -> Token<'s> {
        let t = self.tokens[self.at].token.clone();
        if self.at + 1 < self.tokens.len() {
            self.at += 1;
        }
        t
    }

    fn eat_punct(&mut self, p: &'static str) -> bool {
        if *self.peek() == Token::Punct(p) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn expect_punct(&mut self, p: &'static str, context: &str) -> Result<(), ParseError> {
        if self.eat_punct(p) {
            Ok(())
        } else {
            Err(self.unexpected(&format!("`{p}` {context}")))
        }
    }

    #[cold]
    fn unexpected(&self, expected: &str) -> ParseError {
        ParseError::new(
            self.pos(),
            format!("expected {expected}, found {}", self.peek().describe()),
        )
    }

    fn push(&mut self, node: Node) -> Result<NodeId, ParseError> {
        let of = |id: &NodeId| self.heights[*id as usize];
        let highest = |ids: &[NodeId]| ids.iter().map(of).max().unwrap_or(0);
        let height = 1 + match &node {
            Node::Not(x) | Node::Neg(x) | Node::Like { operand: x, .. } => of(x),
            Node::Binary { lhs, rhs, .. } => of(lhs).max(of(rhs)),
            Node::In { operand, set, .. } => of(operand).max(highest(set)),
            Node::Logic { items, .. } | Node::Call { args: items, .. } => highest(items),
            Node::Bool(_) | Node::Int(_) | Node::Str(_) | Node::Attr(_) | Node::Exists(_) => 0,
        };
        if usize::from(height) > MAX_DEPTH {
            return Err(ParseError::new(
                self.pos(),
                format!("the expression nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        let id = NodeId::try_from(self.nodes.len())
            .map_err(|_| ParseError::new(self.pos(), "the expression is too large"))?;
        self.nodes.push(node);
        self.heights.push(height);
        Ok(id)
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        // The tree's height is limited to MAX_DEPTH in `push`; recursion
        // through parentheses gets more room, so that the canonical form
        // (which parenthesizes every compound operand: at most a few
        // parenthesis levels per tree level) of any accepted expression
        // parses back. Parser frames are small; evaluation is bounded by the
        // tree height.
        if self.depth > PAREN_DEPTH {
            return Err(ParseError::new(
                self.pos(),
                format!("the expression nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    /// `AND`, `OR`, `XOR`: one precedence level, left to right (CESQL-14).
    /// A run of the same operator becomes one [`Node::Logic`]: `a OR b AND c`
    /// is `AND[OR[a, b], c]`.
    fn logic(&mut self) -> Result<NodeId, ParseError> {
        self.enter()?;
        let mut lhs = self.comparison()?;
        let mut run: Option<(BinOp, Vec<NodeId>)> = None;
        loop {
            let op = match self.peek() {
                Token::Keyword(Keyword::And) => BinOp::And,
                Token::Keyword(Keyword::Or) => BinOp::Or,
                Token::Keyword(Keyword::Xor) => BinOp::Xor,
                _ => break,
            };
            self.bump();
            let rhs = self.comparison()?;
            match &mut run {
                Some((current, items)) if *current == op => items.push(rhs),
                _ => {
                    if let Some((current, items)) = run.take() {
                        lhs = self.push(Node::Logic {
                            op: current,
                            items: items.into_boxed_slice(),
                        })?;
                    }
                    run = Some((op, alloc::vec![lhs, rhs]));
                }
            }
        }
        if let Some((op, items)) = run {
            lhs = self.push(Node::Logic {
                op,
                items: items.into_boxed_slice(),
            })?;
        }
        self.depth -= 1;
        Ok(lhs)
    }

    fn comparison(&mut self) -> Result<NodeId, ParseError> {
        let mut lhs = self.additive()?;
        loop {
            let op = match self.peek() {
                Token::Punct("=") => BinOp::Eq,
                Token::Punct("!=" | "<>") => BinOp::Ne,
                Token::Punct("<") => BinOp::Lt,
                Token::Punct("<=") => BinOp::Le,
                Token::Punct(">") => BinOp::Gt,
                Token::Punct(">=") => BinOp::Ge,
                _ => return Ok(lhs),
            };
            self.bump();
            let rhs = self.additive()?;
            lhs = self.push(Node::Binary { op, lhs, rhs })?;
        }
    }

    fn additive(&mut self) -> Result<NodeId, ParseError> {
        let mut lhs = self.multiplicative()?;
        loop {
            let op = match self.peek() {
                Token::Punct("+") => BinOp::Add,
                Token::Punct("-") => BinOp::Sub,
                _ => return Ok(lhs),
            };
            self.bump();
            let rhs = self.multiplicative()?;
            lhs = self.push(Node::Binary { op, lhs, rhs })?;
        }
    }

    fn multiplicative(&mut self) -> Result<NodeId, ParseError> {
        let mut lhs = self.membership()?;
        loop {
            let op = match self.peek() {
                Token::Punct("*") => BinOp::Mul,
                Token::Punct("/") => BinOp::Div,
                Token::Punct("%") => BinOp::Mod,
                _ => return Ok(lhs),
            };
            self.bump();
            let rhs = self.membership()?;
            lhs = self.push(Node::Binary { op, lhs, rhs })?;
        }
    }

    /// `x [NOT] IN (a, b, ...)`: a non-empty list (CESQL-4).
    fn membership(&mut self) -> Result<NodeId, ParseError> {
        let mut operand = self.pattern()?;
        loop {
            let negated = match (self.peek(), self.peek2()) {
                (Token::Keyword(Keyword::In), _) => false,
                (Token::Keyword(Keyword::Not), Token::Keyword(Keyword::In)) => true,
                _ => return Ok(operand),
            };
            if negated {
                self.bump();
            }
            self.bump();
            self.expect_punct("(", "to open the IN list")?;
            let set = self.list("the IN list")?;
            if set.is_empty() {
                return Err(ParseError::new(
                    self.tokens[self.at - 1].pos,
                    "expected an expression: IN lists are not empty",
                ));
            }
            operand = self.push(Node::In {
                operand,
                set,
                negated,
            })?;
        }
    }

    /// `x [NOT] LIKE 'pattern'`: the pattern must be a string literal.
    fn pattern(&mut self) -> Result<NodeId, ParseError> {
        let mut operand = self.unary()?;
        loop {
            let negated = match (self.peek(), self.peek2()) {
                (Token::Keyword(Keyword::Like), _) => false,
                (Token::Keyword(Keyword::Not), Token::Keyword(Keyword::Like)) => true,
                _ => return Ok(operand),
            };
            if negated {
                self.bump();
            }
            self.bump();
            let Token::Str(pattern) = self.peek().clone() else {
                return Err(self.unexpected("a string literal: LIKE patterns are literals"));
            };
            self.bump();
            operand = self.push(Node::Like {
                operand,
                pattern: LikePattern::new(&pattern),
                negated,
            })?;
        }
    }

    /// `NOT x`, `-x`. A sign directly before digits is part of the integer
    /// literal, so `-2147483648` is in range.
    fn unary(&mut self) -> Result<NodeId, ParseError> {
        match (self.peek(), self.peek2()) {
            (Token::Keyword(Keyword::Not), _) => {
                self.bump();
                self.enter()?;
                let x = self.unary()?;
                self.depth -= 1;
                self.push(Node::Not(x))
            }
            (Token::Punct(sign @ ("-" | "+")), Token::Digits(_)) => {
                let negative = *sign == "-";
                self.bump();
                self.integer(negative)
            }
            (Token::Punct("-"), _) => {
                self.bump();
                self.enter()?;
                let x = self.unary()?;
                self.depth -= 1;
                self.push(Node::Neg(x))
            }
            _ => self.primary(),
        }
    }

    /// The integer literal at the cursor (CESQL-19: int32 or ParseError).
    fn integer(&mut self, negative: bool) -> Result<NodeId, ParseError> {
        let pos = self.pos();
        let Token::Digits(digits) = self.bump() else {
            return Err(ParseError::new(pos, "expected an integer"));
        };
        let magnitude = digits
            .bytes()
            .try_fold(0i64, |acc, d| {
                let v = acc * 10 + i64::from(d - b'0');
                (v <= 1 << 31).then_some(v)
            })
            .map(|v| if negative { -v } else { v });
        match magnitude.and_then(|v| i32::try_from(v).ok()) {
            Some(i) => self.push(Node::Int(i)),
            None => Err(ParseError::new(
                pos,
                format!("integer literal {digits} is outside the 32-bit signed range"),
            )),
        }
    }

    fn primary(&mut self) -> Result<NodeId, ParseError> {
        let pos = self.pos();
        match self.peek().clone() {
            Token::Digits(_) => self.integer(false),
            Token::Str(s) => {
                self.bump();
                self.push(Node::Str(Box::from(&*s)))
            }
            Token::Keyword(Keyword::True) => {
                self.bump();
                self.push(Node::Bool(true))
            }
            Token::Keyword(Keyword::False) => {
                self.bump();
                self.push(Node::Bool(false))
            }
            Token::Keyword(Keyword::Exists) => {
                self.bump();
                let Token::Word(name) = self.peek().clone() else {
                    return Err(self.unexpected("an attribute name after EXISTS"));
                };
                let name = attribute_name(name, self.pos())?;
                self.bump();
                self.push(Node::Exists(name))
            }
            Token::Word(word) => {
                self.bump();
                if *self.peek() == Token::Punct("(") {
                    self.call(word, pos)
                } else {
                    let name = attribute_name(word, pos)?;
                    self.push(Node::Attr(name))
                }
            }
            Token::Punct("(") => {
                self.bump();
                let inner = self.logic()?;
                self.expect_punct(")", "to close the parenthesis")?;
                Ok(inner)
            }
            _ => Err(self.unexpected("an expression")),
        }
    }

    fn call(&mut self, word: &str, pos: usize) -> Result<NodeId, ParseError> {
        if !is_function_name(word) {
            return Err(ParseError::new(
                pos,
                format!("`{word}` is not a function name (a letter, then letters or `_`)"),
            ));
        }
        self.bump(); // `(`
        let args = self.list("the argument list")?;
        let name: Box<str> = word.to_ascii_uppercase().into();
        let func = self.functions.resolve(&name, args.len());
        self.push(Node::Call { name, args, func })
    }

    /// `expr, expr, ... )` after an opening parenthesis (possibly empty).
    fn list(&mut self, what: &str) -> Result<Box<[NodeId]>, ParseError> {
        let mut items = Vec::new();
        if self.eat_punct(")") {
            return Ok(items.into_boxed_slice());
        }
        loop {
            items.push(self.logic()?);
            if self.eat_punct(")") {
                return Ok(items.into_boxed_slice());
            }
            if !self.eat_punct(",") {
                return Err(self.unexpected(&format!("`,` or `)` in {what}")));
            }
        }
    }
}

/// CESQL-3: attribute names are `[a-z0-9]+`, ASCII-folded.
fn attribute_name(word: &str, pos: usize) -> Result<Box<str>, ParseError> {
    if word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(word.to_ascii_lowercase().into())
    } else {
        Err(ParseError::new(
            pos,
            format!("`{word}` is not an attribute name (letters and digits only)"),
        ))
    }
}

/// CESQL-4, §2.4: `function-identifier ::= char ( "_" | char )*` with
/// `char ::= [A-Z] | [a-z]`: no digits (`ABS2` is no function name).
pub(crate) fn is_function_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.iter().all(|b| b.is_ascii_alphabetic() || *b == b'_')
}
