//! UAX #29 word boundaries for ASCII text, without the Unicode tables.
//!
//! Within a run of ASCII characters that contains no white space, the word-boundary rules of
//! UAX #29 come down to a few classes: letters (ALetter), digits (Numeric), the underscore
//! (ExtendNumLet) and the "middle" characters that join two letters (`:` `.` `'`) or two
//! digits (`,` `;` `.` `'`). Everything else stands alone. White space always breaks, so a
//! text can be cut at ASCII white space and each ASCII run split here; the rules that reach
//! across white space (WB3d, WB4) only matter next to non-ASCII characters, which
//! [`super::tokens`] leaves to the Unicode segmenter.

use std::ops::Range;

use super::{Token, TokenKind};
use crate::span::TextRange;

/// White space that UAX #29 always breaks around: space, tab, line feed, vertical tab, form
/// feed, carriage return.
pub(super) fn is_ascii_break(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Letters, digits and the underscore join each other (WB5, WB8-WB10, WB13a-b).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Whether `mid`, between `before` and `after`, keeps them in one word: `can't`, `U.S`,
/// `S:t` between letters (WB6-7); `9,500`, `3.5` between digits (WB11-12).
fn joins(before: u8, mid: u8, after: u8) -> bool {
    let letters = before.is_ascii_alphabetic()
        && after.is_ascii_alphabetic()
        && matches!(mid, b':' | b'.' | b'\'');
    let digits = before.is_ascii_digit()
        && after.is_ascii_digit()
        && matches!(mid, b',' | b';' | b'.' | b'\'');
    letters || digits
}

/// Push the tokens of `text[range]`, an ASCII run with no white space.
pub(super) fn ascii_tokens(text: &str, range: Range<usize>, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let end = range.end;
    let mut at = range.start;
    while at < end {
        let start = at;
        at += 1;
        if is_word_byte(bytes[start]) {
            while at < end {
                if is_word_byte(bytes[at]) {
                    at += 1;
                } else if at + 1 < end && joins(bytes[at - 1], bytes[at], bytes[at + 1]) {
                    at += 2;
                } else {
                    break;
                }
            }
        }
        if let Some(kind) = kind_of(&text[start..at]) {
            out.push(Token {
                range: TextRange::new(start, at),
                kind,
            });
        }
    }
}

/// The kind of a segment; `None` for white space.
pub(super) fn kind_of(segment: &str) -> Option<TokenKind> {
    let first = segment.chars().next()?;
    Some(if first.is_whitespace() {
        return None;
    } else if first.is_numeric() {
        TokenKind::Number
    } else if first.is_alphabetic() || segment.chars().any(char::is_alphanumeric) {
        TokenKind::Word
    } else {
        TokenKind::Punct
    })
}

#[cfg(test)]
mod tests {
    use super::super::{tokens, unicode_tokens};
    use super::*;

    fn reference(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        unicode_tokens(text, 0..text.len(), &mut out);
        out
    }

    /// A small deterministic generator (xorshift), so the test needs no extra crate.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn agrees_with_the_unicode_segmenter_on_generated_text() {
        // Every ASCII class the rules distinguish, plus non-ASCII neighbours: curly quotes,
        // accented letters, a combining mark, a no-break space, an ideographic space.
        let alphabet: Vec<&str> = vec![
            "a", "Z", "k", "0", "7", "_", "'", ".", ",", ";", ":", "-", "\"", "!", "(", "%", "$",
            "/", " ", " ", "\t", "\n", "\r\n", "\x0b", "\x1f", "é", "’", "“", "\u{301}", "\u{a0}",
            "\u{3000}", "ß", "٣", "😀", "\u{200d}",
        ];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let len = (rng.next() % 24) as usize;
            let text: String = (0..len)
                .map(|_| alphabet[(rng.next() % alphabet.len() as u64) as usize])
                .collect();
            assert_eq!(tokens(&text), reference(&text), "{text:?}");
        }
    }

    #[test]
    fn agrees_on_news_text() {
        let text = "The U.S. Army's 9,500 troops (3.5%) left at 10:30 on Nov. 11; \
                    \"can't,\" said Konashénkov's aide -- e-mail: a_b@c.org 1'000 S:t x.1 1.x";
        assert_eq!(tokens(text), reference(text));
        let surface: Vec<&str> = tokens(text).iter().map(|t| t.range.slice(text)).collect();
        assert!(surface.contains(&"U.S"), "{surface:?}");
        assert!(surface.contains(&"Army's"), "{surface:?}");
        assert!(surface.contains(&"9,500"), "{surface:?}");
        assert!(surface.contains(&"10"), "{surface:?}");
    }
}
