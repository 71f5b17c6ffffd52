//! Spans to text: the one place where the report's character offsets become slices of a
//! document's `text`, and where documents get the IRIs and labels the formats name them by.
//!
//! Every export quotes the text a finding points at. The report counts offsets in characters
//! (Unicode scalar values) while Rust slices by bytes, so a document's text gets a sparse
//! index (one byte offset every [`CHECKPOINT`] characters) the first time a finding in it is
//! located: the lookup scans at most that many characters and the index costs a fraction of
//! the text it indexes.

use std::cell::OnceCell;
use std::collections::HashMap;

use crosscheck_engine::report::{CharSpan, DocumentEntry, Report};

use crate::LeftOut;

/// Characters of context a TextQuoteSelector keeps on each side of the quoted text.
pub(crate) const CONTEXT_CHARS: usize = 32;

/// Characters between two byte offsets the index keeps.
const CHECKPOINT: usize = 64;

/// The report's documents by id, with their texts indexed on demand.
pub(crate) struct Texts<'r> {
    documents: &'r [DocumentEntry],
    by_id: HashMap<&'r str, usize>,
    indexes: Vec<OnceCell<CharIndex>>,
}

/// A span resolved in its document: the text at the span and its neighbours.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Located<'r> {
    /// The document the span belongs to.
    pub document: &'r DocumentEntry,
    /// The span, `[start, end)` in characters; checked: `start < end <= chars`.
    pub span: CharSpan,
    /// The text at the span.
    pub exact: &'r str,
    /// Up to [`CONTEXT_CHARS`] characters before the span.
    pub prefix: &'r str,
    /// Up to [`CONTEXT_CHARS`] characters after the span.
    pub suffix: &'r str,
}

impl<'r> Texts<'r> {
    /// Index the report's documents by id (the first of two documents with one id wins).
    pub(crate) fn new(report: &'r Report) -> Texts<'r> {
        let mut by_id = HashMap::with_capacity(report.documents.len());
        for (n, document) in report.documents.iter().enumerate() {
            by_id.entry(document.id.as_str()).or_insert(n);
        }
        Texts {
            documents: &report.documents,
            by_id,
            indexes: report.documents.iter().map(|_| OnceCell::new()).collect(),
        }
    }

    /// The document with this id.
    pub(crate) fn document(&self, id: &str) -> Option<&'r DocumentEntry> {
        self.by_id.get(id).map(|&n| &self.documents[n])
    }

    /// Position of the document with this id in the report's order.
    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The text at `span` of document `id`, with its context; a [`LeftOut`] naming `finding`
    /// when the document is unknown or the span is empty or outside its text.
    pub(crate) fn locate(
        &self,
        id: &str,
        span: CharSpan,
        finding: &str,
    ) -> Result<Located<'r>, LeftOut> {
        let left_out = |reason: String| LeftOut {
            finding: finding.to_string(),
            reason,
        };
        let &n = self
            .by_id
            .get(id)
            .ok_or_else(|| left_out(format!("document {id} is not in the report")))?;
        let document = &self.documents[n];
        let text = document.text.as_str();
        let index = self.indexes[n].get_or_init(|| CharIndex::new(text));
        let [start, end] = span;
        if start >= end || end > index.chars {
            return Err(left_out(format!(
                "span [{start}, {end}) is empty or outside the {} characters of {id}",
                index.chars
            )));
        }
        // Every position below is at most `index.chars`, so each lookup succeeds; the
        // fallbacks only keep this free of panics.
        let byte = |pos: usize| index.byte(text, pos).unwrap_or(text.len());
        let (before, from, to, after) = (
            byte(start.saturating_sub(CONTEXT_CHARS)),
            byte(start),
            byte(end),
            byte(end.saturating_add(CONTEXT_CHARS).min(index.chars)),
        );
        let slice = |a: usize, b: usize| text.get(a..b).unwrap_or_default();
        Ok(Located {
            document,
            span,
            exact: slice(from, to),
            prefix: slice(before, from),
            suffix: slice(to, after),
        })
    }
}

/// Byte offsets of every [`CHECKPOINT`]th character of one text.
struct CharIndex {
    /// The text's length in characters.
    chars: usize,
    /// Whether every character is one byte (then characters are bytes and no index is kept).
    ascii: bool,
    /// `checkpoints[k]` is the byte offset of character `k * CHECKPOINT`.
    checkpoints: Vec<usize>,
}

impl CharIndex {
    fn new(text: &str) -> CharIndex {
        if text.is_ascii() {
            return CharIndex {
                chars: text.len(),
                ascii: true,
                checkpoints: Vec::new(),
            };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let mut chars = 0;
        for (n, (byte, _)) in text.char_indices().enumerate() {
            if n % CHECKPOINT == 0 {
                checkpoints.push(byte);
            }
            chars = n + 1;
        }
        CharIndex {
            chars,
            ascii: false,
            checkpoints,
        }
    }

    /// Byte offset of character `pos` (`text.len()` for `pos == chars`); `None` past the end.
    fn byte(&self, text: &str, pos: usize) -> Option<usize> {
        if pos > self.chars {
            return None;
        }
        if self.ascii {
            return Some(pos);
        }
        if pos == self.chars {
            return Some(text.len());
        }
        let from = *self.checkpoints.get(pos / CHECKPOINT)?;
        let rest = text.get(from..)?;
        rest.char_indices()
            .nth(pos % CHECKPOINT)
            .map(|(byte, _)| from + byte)
    }
}

/// The IRI a format names a document by: its publication URL when it has an absolute
/// http(s) one, else `urn:crosscheck:document:<id>` (the id percent-encoded).
pub(crate) fn document_iri(document: &DocumentEntry) -> String {
    match document.url.as_deref() {
        Some(url) if is_web_url(url) => url.to_string(),
        _ => format!("urn:crosscheck:document:{}", percent_encode(&document.id)),
    }
}

/// The document's publication URL, when it has an absolute http(s) one.
pub(crate) fn web_url(document: &DocumentEntry) -> Option<&str> {
    document.url.as_deref().filter(|url| is_web_url(url))
}

fn is_web_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| !rest.is_empty() && !url.chars().any(char::is_whitespace))
}

/// A document as a person reads its name: the id, with the outlet when known.
pub(crate) fn document_label(document: &DocumentEntry) -> String {
    match document.outlet.as_deref() {
        Some(outlet) if !outlet.is_empty() => format!("{} ({outlet})", document.id),
        _ => document.id.clone(),
    }
}

/// Every byte but the URI's unreserved characters as `%XX`.
fn percent_encode(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A short stable fingerprint of `parts`: 16 hex digits of their BLAKE3 hash, each part
/// length-prefixed so that `["ab", "c"]` and `["a", "bc"]` differ.
pub(crate) fn fingerprint(parts: &[&str]) -> String {
    let mut hasher = blake3::Hasher::new();
    for part in parts {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    let hex = hasher.finalize().to_hex();
    hex.as_str().get(..16).unwrap_or_default().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(text: &str) -> Report {
        let mut report = Report::new();
        report.documents.push(DocumentEntry {
            id: "d".to_string(),
            text: text.to_string(),
            ..DocumentEntry::default()
        });
        report
    }

    /// Every character span of a text with multi-byte characters resolves to what
    /// `chars().skip().take()` gives, across checkpoint boundaries.
    #[test]
    fn every_span_matches_counting_characters() {
        let text: String = "Kyiv “quoted” — café ½ 🙂 plain ascii words here. "
            .repeat(6)
            .to_string();
        let report = report(&text);
        let texts = Texts::new(&report);
        let chars: Vec<char> = text.chars().collect();
        let grab = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
        for start in 0..chars.len() {
            for end in [start + 1, start + 7, start + 70, chars.len()] {
                if end > chars.len() || end <= start {
                    continue;
                }
                let located = texts.locate("d", [start, end], "t").unwrap_or_else(|e| {
                    panic!("[{start}, {end}): {}", e.reason);
                });
                assert_eq!(located.exact, grab(start, end));
                assert_eq!(
                    located.prefix,
                    grab(start.saturating_sub(CONTEXT_CHARS), start)
                );
                assert_eq!(
                    located.suffix,
                    grab(end, (end + CONTEXT_CHARS).min(chars.len()))
                );
            }
        }
    }

    #[test]
    fn bad_spans_and_unknown_documents_are_left_out() {
        let report = report("Kyiv — ok");
        let texts = Texts::new(&report);
        assert!(texts.locate("d", [0, 9], "t").is_ok());
        assert!(texts.locate("d", [0, 10], "t").is_err());
        assert!(texts.locate("d", [3, 3], "t").is_err());
        assert!(texts.locate("d", [5, 2], "t").is_err());
        let missing = texts.locate("nope", [0, 1], "quote q1").unwrap_err();
        assert_eq!(missing.finding, "quote q1");
        assert!(missing.reason.contains("nope"));
    }

    #[test]
    fn iris_prefer_a_web_url_and_encode_ids() {
        let mut document = DocumentEntry {
            id: "a b/ü".to_string(),
            ..DocumentEntry::default()
        };
        assert_eq!(
            document_iri(&document),
            "urn:crosscheck:document:a%20b%2F%C3%BC"
        );
        document.url = Some("file:///x".to_string());
        assert!(document_iri(&document).starts_with("urn:"));
        document.url = Some("https://example.org/a".to_string());
        assert_eq!(document_iri(&document), "https://example.org/a");
    }

    #[test]
    fn fingerprints_separate_parts() {
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
        assert_eq!(fingerprint(&["x"]).len(), 16);
    }
}
