//! The tokenizer of the prefs parser: Mozilla's lexer, token by token.
//! Keywords are `[A-Za-z_]+`; integers are unsigned tokens (the sign is a
//! separate token); strings take the escapes `\\ \" \' \n \r \xNN \uNNNN`.

use super::{Parser, PrefComment};

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Tok {
    Char(u8),
    Eof,
    UserPref,
    Pref,
    StickyPref,
    LockPref,
    True,
    False,
    Sticky,
    Locked,
    String,
    Int(u32),
    /// A lexical error; the offset is where Mozilla's parser stands when it
    /// reports it (this decides the reported line).
    Error(&'static str, usize),
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Token {
    pub(super) tok: Tok,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// A decoded string literal.
pub(super) struct StrLit {
    pub(super) bytes: Vec<u8>,
    /// No escapes and no line breaks: the value is the text between the quotes.
    pub(super) verbatim: bool,
    pub(super) opening_quote: usize,
    /// A string without escapes or line breaks: its value is the text at
    /// this range of the source (between the quotes), and `bytes` is empty.
    pub(super) borrowed: Option<(usize, usize)>,
}

impl StrLit {
    pub(super) fn new() -> Self {
        StrLit {
            bytes: Vec::new(),
            verbatim: true,
            opening_quote: 0,
            borrowed: None,
        }
    }
}

fn is_keyword_char(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

impl Parser<'_> {
    pub(super) fn token(&mut self, s: &mut StrLit) -> Token {
        loop {
            let start = self.i;
            let c = self.bump();
            match c {
                0 => {
                    return Token {
                        tok: Tok::Eof,
                        start,
                        end: start,
                    };
                }
                b'(' | b')' | b'+' | b',' | b'-' | b';' => {
                    return Token {
                        tok: Tok::Char(c),
                        start,
                        end: self.i,
                    };
                }
                b'\t' | b'\n' | 0x0b | 0x0c | b' ' | b'\r' => continue,
                b'"' | b'\'' => return self.string(c, start, s),
                b'#' => self.line_comment(start, 1),
                b'/' => match self.peek() {
                    b'/' => {
                        self.i += 1;
                        self.line_comment(start, 2);
                    }
                    b'*' => {
                        self.i += 1;
                        if !self.block_comment(start) {
                            return Token {
                                tok: Tok::Error("unterminated /* comment", self.i),
                                start,
                                end: self.i,
                            };
                        }
                    }
                    c => {
                        // Mozilla consumes the character after a stray '/',
                        // unless it ends the line or the file.
                        if c != b'\n' && c != b'\r' && c != 0 {
                            self.i += 1;
                        }
                        return Token {
                            tok: Tok::Error("expected '/' or '*' after '/'", start),
                            start,
                            end: self.i,
                        };
                    }
                },
                b'0'..=b'9' => {
                    let mut value = Some(u32::from(c - b'0'));
                    loop {
                        let d = self.peek();
                        if d.is_ascii_digit() {
                            self.i += 1;
                            value = value
                                .and_then(|v| v.checked_mul(10))
                                .and_then(|v| v.checked_add(u32::from(d - b'0')));
                        } else if is_keyword_char(d) {
                            return Token {
                                tok: Tok::Error("unexpected character in integer literal", self.i),
                                start,
                                end: self.i,
                            };
                        } else {
                            break;
                        }
                    }
                    let tok = match value {
                        Some(v) => Tok::Int(v),
                        None => Tok::Error("integer literal overflowed", self.i),
                    };
                    return Token {
                        tok,
                        start,
                        end: self.i,
                    };
                }
                c if is_keyword_char(c) => {
                    while is_keyword_char(self.peek()) {
                        self.i += 1;
                    }
                    let tok = match &self.buf[start..self.i] {
                        b"pref" => Tok::Pref,
                        b"true" => Tok::True,
                        b"false" => Tok::False,
                        b"user_pref" => Tok::UserPref,
                        b"sticky" => Tok::Sticky,
                        b"locked" => Tok::Locked,
                        b"sticky_pref" => Tok::StickyPref,
                        b"lockPref" => Tok::LockPref,
                        _ => Tok::Error("unknown keyword", self.i),
                    };
                    return Token {
                        tok,
                        start,
                        end: self.i,
                    };
                }
                _ => {
                    // A multi-byte UTF-8 character counts as one unexpected
                    // character in the span; the parser retokenizes after it.
                    let mut end = self.i;
                    while end < self.buf.len() && (self.buf[end] & 0xC0) == 0x80 {
                        end += 1;
                    }
                    return Token {
                        tok: Tok::Error("unexpected character", start),
                        start,
                        end,
                    };
                }
            }
        }
    }

    /// Skip a line comment that starts at `start` with a marker of
    /// `marker` bytes, and keep it for inline suppressions.
    fn line_comment(&mut self, start: usize, marker: usize) {
        loop {
            match self.peek() {
                0 | b'\n' | b'\r' => break,
                _ => self.i += 1,
            }
        }
        self.keep_comment(start, start + marker, self.i, self.i);
    }

    fn block_comment(&mut self, start: usize) -> bool {
        loop {
            match self.bump() {
                0 => return false,
                b'*' if self.peek() == b'/' => {
                    self.i += 1;
                    self.keep_comment(start, start + 2, self.i - 2, self.i);
                    return true;
                }
                _ => {}
            }
        }
    }

    /// Record the comment `start..end` whose text is `text_start..text_end`.
    fn keep_comment(&mut self, start: usize, text_start: usize, text_end: usize, end: usize) {
        let text = self
            .buf
            .get(text_start..text_end.max(text_start))
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        self.out.comments.push(PrefComment {
            span: self.span(start, end),
            text,
        });
    }

    fn hex(&mut self, digits: usize) -> Option<u16> {
        let mut value: u16 = 0;
        for _ in 0..digits {
            let c = self.peek();
            let d = (c as char).to_digit(16)?;
            self.i += 1;
            value = (value << 4) | d as u16;
        }
        Some(value)
    }

    fn string(&mut self, quote: u8, start: usize, s: &mut StrLit) -> Token {
        s.bytes.clear();
        s.verbatim = true;
        s.opening_quote = start;
        s.borrowed = None;
        // Most strings hold no escape and no line break: found in one scan,
        // their value is borrowed from the source (issue 15). Otherwise what
        // was scanned is copied and the loop below reads on from there.
        // The scan stops at the quote, a backslash, a line break or a NUL,
        // found a machine word at a time (memchr): the strings are most of
        // a prefs.js's bytes.
        let body = self.i;
        let rest = self.buf.get(body..).unwrap_or_default();
        let stop = memchr::memchr3(quote, b'\\', b'\n', rest).unwrap_or(rest.len());
        let stop = memchr::memchr2(b'\r', 0, &rest[..stop]).unwrap_or(stop);
        let j = body + stop;
        if rest.get(stop) == Some(&quote) {
            self.i = j + 1;
            s.borrowed = Some((body, j));
            return Token {
                tok: Tok::String,
                start,
                end: self.i,
            };
        }
        s.bytes.extend_from_slice(&self.buf[body..j]);
        self.i = j;
        // The first error inside a string is the one reported, at the place
        // (line) where it occurred; the string is still read to its end.
        let mut error: Option<(&'static str, usize)> = None;
        let set_error = |e: &mut Option<(&'static str, usize)>, msg, at| {
            if e.is_none() {
                *e = Some((msg, at));
            }
        };
        loop {
            let c = self.bump();
            match c {
                0 => {
                    set_error(&mut error, "unterminated string literal", self.i);
                    break;
                }
                c if c == quote => break,
                b'\\' => {
                    s.verbatim = false;
                    let esc_at = self.i - 1;
                    match self.peek() {
                        b'"' | b'\'' | b'\\' => {
                            let e = self.bump();
                            s.bytes.push(e);
                        }
                        b'n' => {
                            self.i += 1;
                            s.bytes.push(b'\n');
                        }
                        b'r' => {
                            self.i += 1;
                            s.bytes.push(b'\r');
                        }
                        b'x' => {
                            self.i += 1;
                            match self.hex(2) {
                                Some(0) => set_error(&mut error, "\\x00 is not allowed", esc_at),
                                Some(v) => s.bytes.push(v as u8),
                                None => {
                                    set_error(&mut error, "malformed \\x escape sequence", esc_at)
                                }
                            }
                        }
                        b'u' => {
                            self.i += 1;
                            match self.hex(4) {
                                None => {
                                    set_error(&mut error, "malformed \\u escape sequence", esc_at)
                                }
                                Some(0) => set_error(&mut error, "\\u0000 is not allowed", esc_at),
                                Some(hi) if (hi & 0xFC00) == 0xD800 => {
                                    let mut lo = None;
                                    // Like Mozilla: a '\' is taken even when no 'u' follows.
                                    let backslash = self.peek() == b'\\';
                                    if backslash {
                                        self.i += 1;
                                    }
                                    if backslash && self.peek() == b'u' {
                                        self.i += 1;
                                        match self.hex(4) {
                                            Some(l) if (l & 0xFC00) == 0xDC00 => lo = Some(l),
                                            Some(_) => {
                                                set_error(
                                                    &mut error,
                                                    "invalid low surrogate after high surrogate",
                                                    esc_at,
                                                );
                                                continue;
                                            }
                                            None => {}
                                        }
                                    }
                                    match lo.and_then(|l| String::from_utf16(&[hi, l]).ok()) {
                                        Some(ch) => s.bytes.extend(ch.as_bytes()),
                                        None => set_error(
                                            &mut error,
                                            "expected low surrogate after high surrogate",
                                            esc_at,
                                        ),
                                    }
                                }
                                Some(lo) if (lo & 0xFC00) == 0xDC00 => set_error(
                                    &mut error,
                                    "expected high surrogate before low surrogate",
                                    esc_at,
                                ),
                                Some(v) => {
                                    if let Some(ch) = char::from_u32(u32::from(v)) {
                                        let mut b = [0u8; 4];
                                        s.bytes.extend(ch.encode_utf8(&mut b).as_bytes());
                                    }
                                }
                            }
                        }
                        _ => {
                            // A newline after '\' is not consumed here, so that
                            // it still ends the line.
                            let c = self.peek();
                            if c != b'\n' && c != b'\r' && c != 0 {
                                self.bump();
                            }
                            set_error(
                                &mut error,
                                "unexpected escape sequence character after '\\'",
                                esc_at,
                            );
                        }
                    }
                }
                b'\n' | b'\r' => {
                    s.verbatim = false;
                    s.bytes.push(c);
                }
                _ => s.bytes.push(c),
            }
        }
        let tok = match error {
            Some((msg, at)) => Tok::Error(msg, at),
            None => Tok::String,
        };
        Token {
            tok,
            start,
            end: self.i,
        }
    }
}
