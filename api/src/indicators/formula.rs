//! Composite indicator formulas: `+ − × ÷` (also `- * /`), parentheses, numbers and other
//! indicators' codes in braces, for example `0.4*{DT_DOCS} + 0.6*{CT-57-01}`. Codes may start
//! with a digit and hold `-`, `/` and `.`, so a code is written in braces; a bare code that starts
//! with a letter and holds only letters, digits, `_` and `.` (the older form, `0.4*DT_DOCS`) is
//! still read the same way. Stored formulas were rewritten to braces once ([`braced`]).

use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Number(f64),
    Indicator(String),
    Negate(Box<Expr>),
    Binary(char, Box<Expr>, Box<Expr>),
}

/// A syntax error at a character position (1-based, as a person counts).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} at position {position}")]
pub struct FormulaError {
    pub position: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Ident(String),
    Op(char),
    Open,
    Close,
}

fn tokenize(src: &str) -> Result<Vec<(usize, Token)>, FormulaError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let pos = i + 1;
        match c {
            ' ' | '\t' => i += 1,
            '+' => {
                out.push((pos, Token::Op('+')));
                i += 1;
            }
            '-' | '−' => {
                out.push((pos, Token::Op('-')));
                i += 1;
            }
            '*' | '×' => {
                out.push((pos, Token::Op('*')));
                i += 1;
            }
            '/' | '÷' => {
                out.push((pos, Token::Op('/')));
                i += 1;
            }
            '(' => {
                out.push((pos, Token::Open));
                i += 1;
            }
            ')' => {
                out.push((pos, Token::Close));
                i += 1;
            }
            c if c.is_ascii_digit() || c == '.' => {
                let start = i;
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                let n: f64 = text.parse().map_err(|_| FormulaError {
                    position: pos,
                    message: format!("bad number {text:?}"),
                })?;
                out.push((pos, Token::Number(n)));
            }
            '{' => {
                let start = i + 1;
                let Some(len) = chars[start..].iter().position(|c| *c == '}') else {
                    return Err(FormulaError {
                        position: pos,
                        message: "a code in braces is not closed with }".into(),
                    });
                };
                let code: String = chars[start..start + len].iter().collect();
                if crate::validate::code(&code).is_err() {
                    return Err(FormulaError {
                        position: pos,
                        message: format!("{{{code}}} is not an indicator code"),
                    });
                }
                out.push((pos, Token::Ident(code)));
                i = start + len + 1;
            }
            c if c.is_ascii_alphabetic() => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == '.')
                {
                    i += 1;
                }
                out.push((pos, Token::Ident(chars[start..i].iter().collect())));
            }
            other => {
                return Err(FormulaError {
                    position: pos,
                    message: format!("unexpected character {other:?}"),
                })
            }
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    at: usize,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at).map(|(_, t)| t)
    }
    fn position(&self) -> usize {
        self.tokens
            .get(self.at)
            .map(|(p, _)| *p)
            .unwrap_or(self.end)
    }
    fn error(&self, message: &str) -> FormulaError {
        FormulaError {
            position: self.position(),
            message: message.to_string(),
        }
    }
    fn expr(&mut self) -> Result<Expr, FormulaError> {
        let mut left = self.term()?;
        while let Some(Token::Op(op @ ('+' | '-'))) = self.peek().cloned() {
            self.at += 1;
            left = Expr::Binary(op, Box::new(left), Box::new(self.term()?));
        }
        Ok(left)
    }
    fn term(&mut self) -> Result<Expr, FormulaError> {
        let mut left = self.factor()?;
        while let Some(Token::Op(op @ ('*' | '/'))) = self.peek().cloned() {
            self.at += 1;
            left = Expr::Binary(op, Box::new(left), Box::new(self.factor()?));
        }
        Ok(left)
    }
    fn factor(&mut self) -> Result<Expr, FormulaError> {
        if let Some(Token::Op('-')) = self.peek() {
            self.at += 1;
            return Ok(Expr::Negate(Box::new(self.factor()?)));
        }
        match self.peek().cloned() {
            Some(Token::Number(n)) => {
                self.at += 1;
                Ok(Expr::Number(n))
            }
            Some(Token::Ident(code)) => {
                self.at += 1;
                Ok(Expr::Indicator(code))
            }
            Some(Token::Open) => {
                self.at += 1;
                let inner = self.expr()?;
                match self.peek() {
                    Some(Token::Close) => {
                        self.at += 1;
                        Ok(inner)
                    }
                    _ => Err(self.error("expected )")),
                }
            }
            Some(_) => Err(self.error("expected a number, an indicator code or (")),
            None => Err(self.error("unexpected end of formula")),
        }
    }
}

pub fn parse(src: &str) -> Result<Expr, FormulaError> {
    let tokens = tokenize(src)?;
    let end = src.chars().count() + 1;
    if tokens.is_empty() {
        return Err(FormulaError {
            position: 1,
            message: "the formula is empty".into(),
        });
    }
    let mut p = Parser { tokens, at: 0, end };
    let e = p.expr()?;
    if p.at < p.tokens.len() {
        return Err(p.error("unexpected token"));
    }
    Ok(e)
}

/// The formula with every bare code written in braces, everything else as it was:
/// `0.4*DT_DOCS + 0.6*{B}` → `0.4*{DT_DOCS} + 0.6*{B}`.
pub fn braced(src: &str) -> Result<String, FormulaError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len() + 8);
    let mut copied = 0;
    for (pos, token) in tokenize(src)? {
        let start = pos - 1;
        if let Token::Ident(code) = token {
            if chars[start] != '{' {
                out.extend(&chars[copied..start]);
                out.push('{');
                out.push_str(&code);
                out.push('}');
                copied = start + code.chars().count();
            }
        }
    }
    out.extend(&chars[copied..]);
    Ok(out)
}

/// The indicator codes a formula uses.
pub fn codes(e: &Expr) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    fn walk(e: &Expr, out: &mut BTreeSet<String>) {
        match e {
            Expr::Number(_) => {}
            Expr::Indicator(c) => {
                out.insert(c.clone());
            }
            Expr::Negate(x) => walk(x, out),
            Expr::Binary(_, l, r) => {
                walk(l, out);
                walk(r, out);
            }
        }
    }
    walk(e, &mut out);
    out
}

/// Evaluates with the components' values; None when one is missing or a division is by zero.
pub fn eval(e: &Expr, value_of: &dyn Fn(&str) -> Option<f64>) -> Option<f64> {
    match e {
        Expr::Number(n) => Some(*n),
        Expr::Indicator(c) => value_of(c),
        Expr::Negate(x) => eval(x, value_of).map(|v| -v),
        Expr::Binary(op, l, r) => {
            let (a, b) = (eval(l, value_of)?, eval(r, value_of)?);
            let v = match op {
                '+' => a + b,
                '-' => a - b,
                '*' => a * b,
                _ => {
                    if b == 0.0 {
                        return None;
                    }
                    a / b
                }
            };
            v.is_finite().then_some(v)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(code: &str) -> Option<f64> {
        match code {
            "DT_DOCS" => Some(80.0),
            "DT_SERVICES" => Some(50.0),
            "ZERO" => Some(0.0),
            _ => None,
        }
    }

    #[test]
    fn evaluates_weighted_sums_and_precedence() {
        let e = parse("0.4*DT_DOCS + 0.6*DT_SERVICES").unwrap();
        assert!((eval(&e, &vals).unwrap() - 62.0).abs() < 1e-9);
        let e = parse("(DT_DOCS − DT_SERVICES) × 2 ÷ 4").unwrap();
        assert_eq!(eval(&e, &vals), Some(15.0));
        assert_eq!(eval(&parse("-DT_DOCS + 100").unwrap(), &vals), Some(20.0));
        assert_eq!(eval(&parse("2 + 3 * 4").unwrap(), &vals), Some(14.0));
        assert_eq!(eval(&parse("DT_DOCS / ZERO").unwrap(), &vals), None);
        assert_eq!(eval(&parse("MISSING + 1").unwrap(), &vals), None);
        assert_eq!(
            codes(&parse("A + B.C*A").unwrap())
                .into_iter()
                .collect::<Vec<_>>(),
            vec!["A", "B.C"]
        );
    }

    #[test]
    fn codes_in_braces_may_hold_digits_hyphens_and_slashes() {
        let e = parse("0.5*{CT-57-01} + 0.5*{0101} - {57-NQ/TW.1}").unwrap();
        assert_eq!(
            codes(&e).into_iter().collect::<Vec<_>>(),
            vec!["0101", "57-NQ/TW.1", "CT-57-01"]
        );
        let v = |c: &str| match c {
            "CT-57-01" => Some(10.0),
            "0101" => Some(30.0),
            "57-NQ/TW.1" => Some(5.0),
            _ => None,
        };
        assert_eq!(eval(&e, &v), Some(15.0));
        assert_eq!(parse("{CT-57").unwrap_err().position, 1);
        assert_eq!(parse("1 + {A B}").unwrap_err().position, 5);
        assert_eq!(parse("{}").unwrap_err().position, 1);
        // The older bare form reads the same, and is braced without changing anything else.
        assert_eq!(
            braced("0.4*DT_DOCS + 0.6*{DT_SERVICES}").unwrap(),
            "0.4*{DT_DOCS} + 0.6*{DT_SERVICES}"
        );
        assert_eq!(braced("(A − B.C) × 2").unwrap(), "({A} − {B.C}) × 2");
        let again = braced("0.4*{DT_DOCS}").unwrap();
        assert_eq!(braced(&again).unwrap(), again);
        assert_eq!(
            parse(&braced("0.4*DT_DOCS + 0.6*DT_SERVICES").unwrap()).unwrap(),
            parse("0.4*DT_DOCS + 0.6*DT_SERVICES").unwrap()
        );
    }

    #[test]
    fn syntax_errors_have_positions() {
        assert_eq!(parse("0.4*DT_DOCS +").unwrap_err().position, 14);
        assert_eq!(parse("(A + B").unwrap_err().position, 7);
        assert_eq!(parse("A $ B").unwrap_err().position, 3);
        assert_eq!(parse("A B").unwrap_err().position, 3);
        assert_eq!(parse("").unwrap_err().position, 1);
        assert_eq!(parse("1..2").unwrap_err().position, 1);
    }
}
