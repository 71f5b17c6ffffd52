//! Words for spin detection: where they are, how they are written, and which run of
//! context they belong to.
//!
//! Why not the general tokenizer: spin scoring only needs letters, and it needs to know where a
//! chain of word-to-word context breaks (punctuation, numbers, line ends, unknown words) and
//! whether a capital letter marks a name or a sentence start. A single byte scan gives all of
//! that at corpus speed.

use crosscheck::TextRange;

use crate::model::{Model, WordId};

/// How a word is capitalised, so a restored word can be written the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Case {
    /// all lower case
    Lower,
    /// First letter upper case, the rest lower case.
    Title,
    /// Anything else: ALL CAPS, camelCase, a single capital.
    Other,
}

/// One word of the text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Word {
    /// Where the word is.
    pub(crate) range: TextRange,
    /// Its id in the vocabulary, lower-cased; `None` for unknown words.
    pub(crate) id: Option<WordId>,
    /// How it is capitalised.
    pub(crate) case: Case,
    /// Whether a spinner could have put it there: a known word written in lower case, or
    /// capitalised only because it starts a sentence (a capital inside a sentence is a name).
    pub(crate) replaceable: bool,
    /// Whether context is broken before this word (punctuation, a number, a line end).
    pub(crate) breaks_before: bool,
}

/// Scan `text` for words, looking each up in `model`.
pub(crate) fn scan(text: &str, model: &Model) -> Vec<Word> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    let mut breaks = true;
    let mut sentence_start = true;
    let mut buf = [0u8; 32];
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphabetic() || (b >= 0x80 && starts_letter(text, i)) {
            let start = i;
            i = word_end(text, i);
            let slice = &text[start..i];
            let (id, case) = lookup(slice, model, &mut buf);
            let replaceable =
                id.is_some() && (case == Case::Lower || (case == Case::Title && sentence_start));
            out.push(Word {
                range: TextRange::new(start, i),
                id,
                case,
                replaceable,
                breaks_before: breaks,
            });
            breaks = id.is_none();
            sentence_start = false;
            continue;
        }
        match b {
            b' ' | b'\t' | b'\r' => {}
            b'\n' => {
                breaks = true;
                sentence_start = true;
            }
            b'-' if !breaks
                && i > 0
                && bytes[i - 1].is_ascii_alphabetic()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) =>
            {
                // "long-term": the hyphen joins two words that read as a pair.
            }
            b'.' | b'!' | b'?' | b':' | b';' | b'"' | b'(' => {
                breaks = true;
                sentence_start = true;
            }
            _ if b >= 0x80 => {
                let ch = text[i..].chars().next().unwrap_or(' ');
                if !ch.is_whitespace() {
                    breaks = true;
                    // Opening quotes, dashes and bullets start a fresh clause.
                    sentence_start |= matches!(ch, '“' | '‘' | '—' | '–' | '•' | '…');
                }
                i += ch.len_utf8();
                continue;
            }
            _ => breaks = true,
        }
        i += 1;
    }
    out
}

fn starts_letter(text: &str, i: usize) -> bool {
    text[i..].chars().next().is_some_and(char::is_alphabetic)
}

/// End of the word starting at `i`: letters, joined by an apostrophe followed by a letter.
fn word_end(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let b = bytes[i];
        let apostrophe = b == b'\'' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic);
        if b.is_ascii_alphabetic() || apostrophe {
            i += 1;
        } else if b >= 0x80 {
            let rest = &text[i..];
            let Some(ch) = rest.chars().next() else { break };
            if ch.is_alphabetic() {
                i += ch.len_utf8();
            } else if ch == '’' && rest[3..].chars().next().is_some_and(char::is_alphabetic) {
                i += 3;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    i
}

/// The vocabulary id of a word (lower-cased, curly apostrophes made straight) and its case.
fn lookup(word: &str, model: &Model, buf: &mut [u8; 32]) -> (Option<WordId>, Case) {
    let mut len = 0;
    let mut upper = 0usize;
    let mut first_upper = false;
    let mut ascii = true;
    let mut chars = 0usize;
    for (k, ch) in word.chars().enumerate() {
        chars += 1;
        if ch.is_uppercase() {
            upper += 1;
            first_upper |= k == 0;
        }
        let lower = match ch {
            '’' => b'\'',
            c if c.is_ascii() => c.to_ascii_lowercase() as u8,
            _ => {
                ascii = false;
                0
            }
        };
        if len < buf.len() {
            buf[len] = lower;
        }
        len += 1;
    }
    let case = if upper == 0 {
        Case::Lower
    } else if first_upper && upper == 1 && chars > 1 {
        Case::Title
    } else {
        Case::Other
    };
    if !ascii || len > buf.len() {
        return (None, case);
    }
    let id = std::str::from_utf8(&buf[..len])
        .ok()
        .and_then(|w| model.id(w));
    (id, case)
}

/// `word` written with the capitalisation `case` (of the word it replaces).
pub(crate) fn recase(word: &str, case: Case) -> String {
    match case {
        Case::Lower | Case::Other => word.to_string(),
        Case::Title => {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, bool, bool)> {
        let model = Model::embedded().expect("embedded data");
        scan(text, model)
            .iter()
            .map(|w| {
                (
                    w.range.slice(text).to_string(),
                    w.replaceable,
                    w.breaks_before,
                )
            })
            .collect()
    }

    #[test]
    fn names_are_not_replaceable_sentence_starts_are() {
        let got = words("He said the Bank of Kherson’s long-term plan. Then 2 banks");
        let expect = [
            ("He", true, true),
            ("said", true, false),
            ("the", true, false),
            ("Bank", false, false),
            ("of", true, false),
            ("Kherson’s", false, false),
            ("long", true, true),
            ("term", true, false),
            ("plan", true, false),
            ("Then", true, true),
            ("banks", true, true),
        ];
        let expect: Vec<(String, bool, bool)> = expect
            .iter()
            .map(|&(w, r, b)| (w.to_string(), r, b))
            .collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn recase_follows_the_found_word() {
        assert_eq!(recase("he", Case::Title), "He");
        assert_eq!(recase("in", Case::Lower), "in");
    }
}
