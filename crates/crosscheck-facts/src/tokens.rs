//! One token view of a document shared by the time, claim and story scanners, so that every
//! stage sees the same words at the same offsets (those of `crosscheck::text`).

use std::ops::Range;

use compact_str::CompactString;
use crosscheck::text::{analyze, normalize_word, TokenKind};
use crosscheck::TextRange;

/// A token with the forms the scanners match on.
#[derive(Clone, Debug)]
pub(crate) struct Tok {
    /// Where it is in the text.
    pub range: TextRange,
    /// Word, number or punctuation.
    pub kind: TokenKind,
    /// Lowercased, diacritics folded, apostrophes straightened. Kept inline up to 24 bytes
    /// (nearly every word): a run holds every token of every document at once.
    pub norm: CompactString,
    /// `norm` without a possessive `'s` or trailing apostrophe.
    pub base: CompactString,
    /// Starts with an uppercase letter.
    pub cap: bool,
    /// First token of its sentence.
    pub sentence_start: bool,
    /// White space (or nothing at all, at the start) separates it from the previous token.
    pub space_before: bool,
}

impl Tok {
    pub(crate) fn is_word(&self) -> bool {
        self.kind == TokenKind::Word
    }

    pub(crate) fn is_number(&self) -> bool {
        self.kind == TokenKind::Number
    }

    /// Capitalised and not merely because it opens a sentence: a name, roughly.
    pub(crate) fn is_name(&self) -> bool {
        self.is_word() && self.cap && !self.sentence_start
    }
}

/// One sentence: its span and the tokens inside it.
#[derive(Clone, Debug)]
pub(crate) struct Sent {
    pub range: TextRange,
    pub toks: Range<usize>,
}

/// A document's text as tokens grouped in sentences.
#[derive(Clone, Debug)]
pub(crate) struct Prepared<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok>,
    pub sents: Vec<Sent>,
}

impl<'a> Prepared<'a> {
    /// Tokenise and split `text` (ISO 639-1 `lang`).
    pub(crate) fn new(text: &'a str, lang: &str) -> Prepared<'a> {
        let analysis = analyze(text, lang);
        let mut toks = Vec::with_capacity(analysis.tokens.len());
        let mut prev_end = 0usize;
        for t in &analysis.tokens {
            let surface = t.range.slice(text);
            let norm = CompactString::new(normalize_word(surface));
            let base = CompactString::new(strip_possessive(&norm));
            let cap = surface.chars().next().is_some_and(char::is_uppercase);
            let space_before = t.range.start() == 0 || t.range.start() > prev_end;
            prev_end = t.range.end();
            toks.push(Tok {
                range: t.range,
                kind: t.kind,
                norm,
                base,
                cap,
                sentence_start: false,
                space_before,
            });
        }
        let mut sents = Vec::with_capacity(analysis.sentences.len());
        let mut i = 0usize;
        for s in &analysis.sentences {
            while i < toks.len() && toks[i].range.end() <= s.range.start() {
                i += 1;
            }
            let start = i;
            while i < toks.len() && toks[i].range.start() < s.range.end() {
                i += 1;
            }
            if start < i {
                // The first word of a sentence (after opening quotes or a list dash).
                if let Some(first) = toks[start..i].iter().position(Tok::is_word) {
                    toks[start + first].sentence_start = true;
                }
                sents.push(Sent {
                    range: s.range,
                    toks: start..i,
                });
            }
        }
        Prepared { text, toks, sents }
    }

    /// The text of tokens `range` (from the first token's start to the last one's end).
    pub(crate) fn span(&self, toks: Range<usize>) -> TextRange {
        if toks.is_empty() || toks.end > self.toks.len() {
            return TextRange::default();
        }
        TextRange::new(
            self.toks[toks.start].range.start(),
            self.toks[toks.end - 1].range.end(),
        )
    }
}

/// `word` without a possessive ending.
pub(crate) fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix('\''))
        .unwrap_or(word)
}
