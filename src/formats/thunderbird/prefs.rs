//! A parser for Mozilla preference files (`prefs.js`, `user.js`).
//!
//! It follows the grammar and the error recovery of Mozilla's own parser
//! (`modules/libpref/parser`), so that a file is read as Thunderbird reads it:
//! the same prefs count, the same ones are dropped, and each error is reported
//! on the line Thunderbird reports it. On an error the parser skips to the next
//! `;` and goes on, as Thunderbird does.

use crate::catalogue::{ParseKind, ParseLabel};
use std::borrow::Cow;

use crate::model::ParseProblem;
use crate::source::{SourceId, Span};

mod lexer;
mod list;
mod plain;

pub use list::PrefList;
pub(crate) use list::{EFFECTIVE, PrefRec, RecValue, SECRET_NAME, Texts};

use lexer::{StrLit, Tok, Token};

/// A pref value. A string without escapes is borrowed from the source.
#[derive(Clone, Debug, PartialEq)]
pub enum PrefValue<'t> {
    String(Cow<'t, str>),
    Int(i32),
    Bool(bool),
}

/// One pref as written: `user_pref("name", value);`.
#[derive(Clone, Debug, PartialEq)]
pub struct Pref<'t> {
    /// Borrowed from the source unless written with escapes.
    pub name: Cow<'t, str>,
    pub value: PrefValue<'t>,
    /// The value token (for strings: the characters between the quotes).
    pub value_span: Span,
    /// For strings: the value appears unescaped at `value_span`.
    pub verbatim: bool,
    /// The whole statement, from the keyword to the `;`.
    pub statement: Span,
}

/// Which kind of file: user files (`prefs.js`, `user.js`) take no attributes,
/// default-pref files may end a pref with `, sticky` or `, locked`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrefFileKind {
    User,
    Default,
}

/// A `//`, `#` or `/* */` comment, for inline suppressions.
#[derive(Clone, Debug, PartialEq)]
pub struct PrefComment {
    /// The comment with its markers.
    pub span: Span,
    /// The text inside the markers.
    pub text: String,
}

#[derive(Debug)]
pub struct ParsedPrefs<'t> {
    /// Every pref in file order; a later pref of the same name wins.
    pub prefs: PrefList<'t>,
    pub problems: Vec<ParseProblem>,
    /// Every comment, in file order.
    pub comments: Vec<PrefComment>,
    /// Every statement the parser started, read or skipped after an error,
    /// from its first token to its `;` (or the end of the file).
    pub statements: Vec<Span>,
}

pub fn parse(text: &str, source: SourceId, kind: PrefFileKind) -> ParsedPrefs<'_> {
    parse_with(text, source, kind, true)
}

/// [`parse`] without the fast path for plain statements ([`Parser::plain_statement`]):
/// every statement through the lexer, the definition the fast path is tested against.
#[cfg(test)]
pub(crate) fn parse_by_tokens(text: &str, source: SourceId, kind: PrefFileKind) -> ParsedPrefs<'_> {
    parse_with(text, source, kind, false)
}

fn parse_with(text: &str, source: SourceId, kind: PrefFileKind, fast: bool) -> ParsedPrefs<'_> {
    let mut parser = Parser {
        text,
        buf: text.as_bytes(),
        i: 0,
        source,
        kind,
        out: ParsedPrefs {
            prefs: PrefList::new(text, source),
            problems: Vec::new(),
            comments: Vec::new(),
            statements: Vec::new(),
        },
        stmt_start: 0,
        fast,
    };
    parser.parse();
    parser.out
}

struct Parser<'t> {
    text: &'t str,
    buf: &'t [u8],
    i: usize,
    source: SourceId,
    kind: PrefFileKind,
    out: ParsedPrefs<'t>,
    /// Where the statement being read starts (for `statements`).
    stmt_start: usize,
    /// Whether plain statements are read by [`Parser::plain_statement`].
    fast: bool,
}

impl<'t> Parser<'t> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.source, start, end)
    }

    /// The value of a string literal just read: borrowed from the source
    /// when it is written as is, else decoded.
    fn literal(&self, s: &StrLit) -> Cow<'t, str> {
        let text: &'t str = self.text;
        match s.borrowed.and_then(|(a, b)| text.get(a..b)) {
            Some(v) => Cow::Borrowed(v),
            None => Cow::Owned(String::from_utf8_lossy(&s.bytes).into_owned()),
        }
    }

    /// The next byte; NUL and the end of the text are both end of file.
    fn peek(&self) -> u8 {
        match self.buf.get(self.i) {
            Some(&c) => c,
            None => 0,
        }
    }

    fn bump(&mut self) -> u8 {
        let c = self.peek();
        if c != 0 {
            self.i += 1;
        }
        c
    }

    fn parse(&mut self) {
        let mut s = StrLit::new();
        let mut token = self.statement_token(&mut s);
        loop {
            let start = token.start;
            self.stmt_start = start;
            match token.tok {
                Tok::UserPref | Tok::Pref | Tok::StickyPref | Tok::LockPref => {}
                Tok::Eof => return,
                _ => {
                    token = self.recover(
                        token,
                        ParseKind::ExpectedPrefSpecifier,
                        "expected pref specifier at start of pref definition",
                    );
                    continue;
                }
            }
            token = self.token(&mut s);
            if token.tok != Tok::Char(b'(') {
                token = self.recover(
                    token,
                    ParseKind::ExpectedOpenParen,
                    "expected '(' after pref specifier",
                );
                continue;
            }
            let mut name = StrLit::new();
            token = self.token(&mut name);
            if token.tok != Tok::String {
                token = self.recover(
                    token,
                    ParseKind::ExpectedPrefName,
                    "expected pref name after '('",
                );
                continue;
            }
            token = self.token(&mut s);
            if token.tok != Tok::Char(b',') {
                token = self.recover(
                    token,
                    ParseKind::ExpectedComma,
                    "expected ',' after pref name",
                );
                continue;
            }
            let mut value_str = StrLit::new();
            token = self.token(&mut value_str);
            let value_start = token.start;
            let (value, value_span, verbatim) = match token.tok {
                Tok::True => (
                    PrefValue::Bool(true),
                    self.span(token.start, token.end),
                    false,
                ),
                Tok::False => (
                    PrefValue::Bool(false),
                    self.span(token.start, token.end),
                    false,
                ),
                Tok::String => {
                    let text = self.literal(&value_str);
                    // Content span: between the quotes.
                    let span = self.span(
                        token.start + 1,
                        token.end.saturating_sub(1).max(token.start + 1),
                    );
                    (PrefValue::String(text), span, value_str.verbatim)
                }
                Tok::Int(u) => match i32::try_from(u) {
                    Ok(v) => (PrefValue::Int(v), self.span(token.start, token.end), false),
                    Err(_) => {
                        token = self.overflow(token);
                        continue;
                    }
                },
                Tok::Char(sign @ (b'-' | b'+')) => {
                    token = self.token(&mut s);
                    match token.tok {
                        Tok::Int(u) => {
                            let v = if sign == b'-' {
                                i32::try_from(-(i64::from(u))).ok()
                            } else {
                                i32::try_from(u).ok()
                            };
                            match v {
                                Some(v) => {
                                    (PrefValue::Int(v), self.span(value_start, token.end), false)
                                }
                                None => {
                                    token = self.overflow(token);
                                    continue;
                                }
                            }
                        }
                        _ => {
                            let (key, msg) = if sign == b'-' {
                                (
                                    ParseKind::ExpectedInteger,
                                    "expected integer literal after '-'",
                                )
                            } else {
                                (
                                    ParseKind::ExpectedInteger,
                                    "expected integer literal after '+'",
                                )
                            };
                            token = self.recover(token, key, msg);
                            continue;
                        }
                    }
                }
                _ => {
                    token = self.recover(
                        token,
                        ParseKind::ExpectedPrefValue,
                        "expected pref value after ','",
                    );
                    continue;
                }
            };
            let mut has_attrs = false;
            token = self.token(&mut s);
            if self.kind == PrefFileKind::Default {
                let mut ok = true;
                while token.tok == Tok::Char(b',') {
                    token = self.token(&mut s);
                    if matches!(token.tok, Tok::Sticky | Tok::Locked) {
                        has_attrs = true;
                        token = self.token(&mut s);
                    } else {
                        token = self.recover(
                            token,
                            ParseKind::ExpectedPrefAttribute,
                            "expected pref attribute after ','",
                        );
                        ok = false;
                        break;
                    }
                }
                if !ok {
                    continue;
                }
            }
            if token.tok != Tok::Char(b')') {
                let msg = match (self.kind, has_attrs) {
                    (PrefFileKind::User, _) => "expected ')' after pref value",
                    (PrefFileKind::Default, false) => "expected ',' or ')' after pref value",
                    (PrefFileKind::Default, true) => "expected ',' or ')' after pref attribute",
                };
                token = self.recover(token, ParseKind::ExpectedCloseParen, msg);
                continue;
            }
            let close = token;
            token = self.token(&mut s);
            if token.tok != Tok::Char(b';') {
                let related = vec![(
                    self.span(close.start, close.end),
                    ParseLabel::MissingSemicolonAfter,
                )];
                token = self.recover_with(
                    token,
                    ParseKind::ExpectedSemicolon,
                    "expected ';' after ')'",
                    related,
                );
                continue;
            }
            self.out.statements.push(self.span(start, token.end));
            self.out.prefs.push(Pref {
                name: self.literal(&name),
                value,
                value_span,
                verbatim,
                statement: self.span(start, token.end),
            });
            token = self.statement_token(&mut s);
        }
    }

    /// The first token of the next statement that [`Parser::plain_statement`]
    /// does not read whole.
    fn statement_token(&mut self, s: &mut StrLit) -> Token {
        if self.fast {
            while self.plain_statement() {}
        }
        self.token(s)
    }

    fn overflow(&mut self, token: Token) -> Token {
        let t = Token {
            tok: Tok::Error("integer literal overflowed", token.end),
            ..token
        };
        self.recover(t, ParseKind::IntegerOverflow, "")
    }

    fn recover(&mut self, token: Token, key: ParseKind, msg: &'static str) -> Token {
        self.recover_with(token, key, msg, Vec::new())
    }

    /// Report an error, then skip to the token after the next `;` (or EOF),
    /// as Mozilla's "panic-mode" recovery does.
    fn recover_with(
        &mut self,
        token: Token,
        key: ParseKind,
        msg: &'static str,
        related: Vec<(Span, ParseLabel)>,
    ) -> Token {
        let (kind, detail, at) = match token.tok {
            Tok::Error(lex_msg, at) => (lex_kind(lex_msg), lex_msg, at),
            // A parse error is reported where the parser stands after reading
            // the unexpected token: the line of its last character.
            _ => (key, msg, token.end.saturating_sub(1).max(token.start)),
        };
        let span = match kind {
            // Point at the escape itself: `\q`, `\x0`, `\u12`.
            ParseKind::BadEscape | ParseKind::NulEscape => {
                let mut end = (at + 2).min(self.buf.len());
                while end < token.end.min(at + 6) && self.buf[end].is_ascii_hexdigit() {
                    end += 1;
                }
                Span::new(self.source, at, end)
            }
            _ => self.error_span(token, at),
        };
        let detail = match kind {
            ParseKind::UnexpectedCharacter | ParseKind::BadEscape | ParseKind::NulEscape => {
                String::from_utf8_lossy(&self.buf[span.range()]).into_owned()
            }
            _ => detail.to_string(),
        };
        let mut related = related;
        if kind == ParseKind::UnterminatedString || kind == ParseKind::UnterminatedComment {
            related.push((
                self.span(token.start, token.start + 1),
                ParseLabel::StartsHere,
            ));
            related.retain(|(s, _)| s.start != span.start);
        }
        self.out.problems.push(ParseProblem {
            kind,
            span,
            detail: Some(detail),
            related,
        });
        let mut dummy = StrLit::new();
        let mut token = token;
        loop {
            match token.tok {
                Tok::Char(b';') => {
                    let stmt = self.span(self.stmt_start, token.end);
                    self.out.statements.push(stmt);
                    return self.token(&mut dummy);
                }
                Tok::Eof => {
                    let stmt = self.span(self.stmt_start, token.start);
                    self.out.statements.push(stmt);
                    return token;
                }
                _ => token = self.token(&mut dummy),
            }
        }
    }

    /// The span shown for an error: the token, cut to the line the error is
    /// reported on when the token runs over several lines.
    fn error_span(&self, token: Token, at: usize) -> Span {
        let at = at.min(self.buf.len());
        let mut line_start = at;
        while line_start > 0 && !matches!(self.buf[line_start - 1], b'\n' | b'\r') {
            line_start -= 1;
        }
        let start = token.start.max(line_start).min(at);
        let mut end = token.end.max(start);
        if end == start && at < self.buf.len() {
            end = start + 1;
        }
        // Keep the span on one line.
        if let Some(nl) = self.buf[start..end]
            .iter()
            .position(|&c| c == b'\n' || c == b'\r')
        {
            end = start + nl.max(if start == at { 0 } else { 1 });
        }
        Span::new(self.source, start, end.min(self.buf.len()))
    }
}

/// The stable problem kind for a lexical error message.
fn lex_kind(msg: &str) -> ParseKind {
    match msg {
        "unterminated string literal" => ParseKind::UnterminatedString,
        "unterminated /* comment" => ParseKind::UnterminatedComment,
        "integer literal overflowed" => ParseKind::IntegerOverflow,
        "unknown keyword" => ParseKind::UnknownKeyword,
        "unexpected character" => ParseKind::UnexpectedCharacter,
        "unexpected character in integer literal" => ParseKind::UnexpectedCharacter,
        "expected '/' or '*' after '/'" => ParseKind::UnexpectedCharacter,
        "\\x00 is not allowed" | "\\u0000 is not allowed" => ParseKind::NulEscape,
        _ => ParseKind::BadEscape,
    }
}

#[cfg(test)]
mod tests;
