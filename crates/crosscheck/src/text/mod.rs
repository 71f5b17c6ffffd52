//! Text: where are the words?
//!
//! Splits a document's clean text into paragraphs, sentences and tokens, each a [`TextRange`]
//! into that text. Every later span (a quote, a reused passage, a claim) is built from these, so
//! they never change the text: no trimming copies, no re-joined strings, only offsets.
//!
//! Sentence boundaries come from `sentencex` (abbreviation-aware: "Gov.", "Gen.", "U.S."),
//! run one paragraph at a time so a heading or a caption never fuses with the next line.

mod tokenize;

pub use crosscheck_fold::{fold_diacritics, normalize_word, normalize_word_into};

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

use crate::span::TextRange;

/// What kind of token a [`Token`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TokenKind {
    /// Letters (with inner apostrophes or hyphens, as UAX #29 joins them).
    Word,
    /// Digits, possibly with separators: `9,500`, `0500`, `15%` yields `15` then `%`.
    Number,
    /// Anything else that is not white space.
    Punct,
}

/// One token of the clean text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Where the token is.
    pub range: TextRange,
    /// What it is.
    pub kind: TokenKind,
}

/// One sentence of the clean text; never spans two paragraphs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Where the sentence is, trimmed of surrounding white space.
    pub range: TextRange,
    /// Index of the paragraph it belongs to.
    pub paragraph: u32,
}

/// Sentences and tokens of one text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextAnalysis {
    /// Paragraphs, in order (non-empty lines or blocks of the text).
    pub paragraphs: Vec<TextRange>,
    /// Sentences, in order.
    pub sentences: Vec<Sentence>,
    /// Tokens, in order, white space left out.
    pub tokens: Vec<Token>,
}

/// Split `text` (language `lang`, ISO 639-1) into paragraphs, sentences and tokens.
pub fn analyze(text: &str, lang: &str) -> TextAnalysis {
    let paragraphs = paragraphs(text);
    let sentences = sentences_in(text, lang, &paragraphs);
    TextAnalysis {
        tokens: tokens(text),
        paragraphs,
        sentences,
    }
}

/// The sentences of `text` alone, for callers that need no tokens.
pub fn sentences(text: &str, lang: &str) -> Vec<Sentence> {
    sentences_in(text, lang, &paragraphs(text))
}

fn sentences_in(text: &str, lang: &str, paragraphs: &[TextRange]) -> Vec<Sentence> {
    let mut sentences = Vec::with_capacity(text.len() / 120 + 1);
    let language = sentence_language(lang);
    for (index, para) in paragraphs.iter().enumerate() {
        for (offset, slice) in windows(para.slice(text)) {
            let base = para.start() + offset;
            for boundary in sentencex::get_sentence_boundaries(language, slice) {
                let Some(raw) = slice.get(boundary.start_byte..boundary.end_byte) else {
                    continue;
                };
                let lead = raw.len() - raw.trim_start().len();
                let trail = raw.len() - raw.trim_end().len();
                if lead + trail >= raw.len() {
                    continue;
                }
                let start = base + boundary.start_byte + lead;
                let end = base + boundary.end_byte - trail;
                sentences.push(Sentence {
                    range: TextRange::new(start, end),
                    paragraph: index as u32,
                });
            }
        }
    }
    sentences
}

/// Longest stretch of one paragraph handed to the sentence splitter at once.
///
/// `sentencex` takes time quadratic in the quote marks of what it is given (100,000 `“` in one
/// paragraph: 29 s), so a longer paragraph, which no article has, is split into windows that
/// end at a sentence end (`. `, `? `, `! `) where one is near, else at white space.
const SENTENCE_WINDOW: usize = 16 << 10;

/// `paragraph` as `(offset, window)` pieces of at most about [`SENTENCE_WINDOW`] bytes.
fn windows(paragraph: &str) -> Vec<(usize, &str)> {
    if paragraph.len() <= SENTENCE_WINDOW {
        return vec![(0, paragraph)];
    }
    let mut out = Vec::with_capacity(paragraph.len() / SENTENCE_WINDOW + 1);
    let mut start = 0;
    while start < paragraph.len() {
        let rest = &paragraph[start..];
        if rest.len() <= SENTENCE_WINDOW {
            out.push((start, rest));
            break;
        }
        let mut limit = SENTENCE_WINDOW;
        while !rest.is_char_boundary(limit) {
            limit -= 1;
        }
        let window = &rest[..limit];
        let half = limit / 2;
        let cut = window
            .rmatch_indices([' ', '\t'])
            .take_while(|&(at, _)| at > half)
            .find(|&(at, _)| window[..at].ends_with(['.', '?', '!']))
            .map(|(at, _)| at + 1)
            .or_else(|| {
                window
                    .rfind([' ', '\t'])
                    .filter(|&at| at > 0)
                    .map(|at| at + 1)
            })
            .unwrap_or(limit);
        out.push((start, &rest[..cut]));
        start += cut;
    }
    out
}

/// Paragraphs: maximal runs of non-blank lines are *not* merged, since news text puts one
/// paragraph per line as often as it separates them with blank lines.
pub fn paragraphs(text: &str) -> Vec<TextRange> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let lead = content.len() - content.trim_start().len();
        let body = content.trim();
        if !body.is_empty() {
            out.push(TextRange::new(offset + lead, offset + lead + body.len()));
        }
        offset += line.len();
    }
    out
}

/// Tokens of `text`, white space left out, with their kinds.
///
/// Word boundaries are those of UAX #29 (`unicode-segmentation`). Most news text is ASCII
/// between its spaces, and the Unicode tables cost more than the rest of tokenising, so
/// runs of ASCII between white space are split by [`tokenize::ascii_tokens`], which applies
/// the same rules to the ASCII word classes; runs with any other character go to the
/// Unicode segmenter. The two agree token for token (tested on generated text, and on the
/// corpora in `../shared/data` when present).
pub fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut at = 0;
    while at < bytes.len() {
        if tokenize::is_ascii_break(bytes[at]) {
            at += 1;
            continue;
        }
        let end = bytes[at..]
            .iter()
            .position(|&b| tokenize::is_ascii_break(b))
            .map_or(bytes.len(), |n| at + n);
        if bytes[at..end].is_ascii() {
            tokenize::ascii_tokens(text, at..end, &mut out);
        } else {
            // UAX #29 attaches a combining mark to a preceding space or tab (WB4), so the
            // run starts there; the space's token is skipped like any other white space.
            let from = if at > 0 && matches!(bytes[at - 1], b' ' | b'\t') {
                at - 1
            } else {
                at
            };
            unicode_tokens(text, from..end, &mut out);
        }
        at = end;
    }
    out
}

/// Tokens of `text` by the Unicode word segmenter alone: the reference [`tokens`] agrees with.
pub fn unicode_tokens(text: &str, range: std::ops::Range<usize>, out: &mut Vec<Token>) {
    let base = range.start;
    for (start, word) in text[range].split_word_bound_indices() {
        if let Some(kind) = tokenize::kind_of(word) {
            out.push(Token {
                range: TextRange::new(base + start, base + start + word.len()),
                kind,
            });
        }
    }
}

/// The sentencex language to use for an ISO 639-1 code; English rules for unknown codes,
/// since they are the most conservative about abbreviations.
fn sentence_language(lang: &str) -> &str {
    match lang {
        "" | "und" => "en",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_respect_abbreviations_and_paragraphs() {
        let text =
            "Gen. Sergei Surovikin spoke. He said no.\nA heading\n\nThe U.S. Army did not comment.";
        let analysis = analyze(text, "en");
        let got: Vec<&str> = analysis
            .sentences
            .iter()
            .map(|s| s.range.slice(text))
            .collect();
        assert_eq!(
            got,
            [
                "Gen. Sergei Surovikin spoke.",
                "He said no.",
                "A heading",
                "The U.S. Army did not comment."
            ]
        );
        assert_eq!(analysis.paragraphs.len(), 3);
        assert_eq!(analysis.sentences[2].paragraph, 1);
    }

    #[test]
    fn long_paragraphs_are_split_in_windows_at_sentence_ends() {
        let sentence = "The mayor said “the bridge will reopen” on Tuesday. ";
        let text = sentence.repeat(2_000);
        let pieces = windows(text.trim_end());
        assert!(pieces.len() > 1);
        let mut at = 0;
        for (offset, piece) in &pieces {
            assert_eq!(*offset, at);
            assert!(piece.len() <= SENTENCE_WINDOW);
            at += piece.len();
        }
        assert_eq!(at, text.trim_end().len());
        // Every window but the last ends on a sentence end, so no sentence is cut.
        for (_, piece) in &pieces[..pieces.len() - 1] {
            assert!(piece.ends_with(". "), "{:?}", &piece[piece.len() - 20..]);
        }
        let got = sentences(&text, "en");
        assert_eq!(got.len(), 2_000);
        assert!(got
            .iter()
            .all(|s| s.range.slice(&text) == sentence.trim_end()));
        // No white space at all: cut anywhere on a char boundary.
        let dense = "“ä".repeat(20_000);
        let pieces = windows(&dense);
        assert_eq!(
            pieces.iter().map(|(_, p)| p.len()).sum::<usize>(),
            dense.len()
        );
    }

    #[test]
    fn tokens_have_kinds_and_exact_offsets() {
        let text = "Konashénkov: 9,500 “troops”";
        let toks = tokens(text);
        let got: Vec<(&str, TokenKind)> =
            toks.iter().map(|t| (t.range.slice(text), t.kind)).collect();
        assert_eq!(
            got,
            [
                ("Konashénkov", TokenKind::Word),
                (":", TokenKind::Punct),
                ("9,500", TokenKind::Number),
                ("“", TokenKind::Punct),
                ("troops", TokenKind::Word),
                ("”", TokenKind::Punct),
            ]
        );
    }
}
