//! Document entries: metadata, clean text and sentences.

use crosscheck::{text, Document, Sourced};

use super::offsets::text_offsets;
use crate::guard::guarded;
use crate::report::DocumentEntry;

/// A document's report entry, with its sentences. Consumes the document: a corpus's texts
/// are not copied twice. (Sentences that cannot be found — a panic, a bug — are left empty.)
pub(crate) fn document_entry(doc: Document) -> DocumentEntry {
    let sentences = guarded(|| {
        let offsets = text_offsets(&doc.text);
        text::sentences(&doc.text, doc.language())
            .iter()
            .map(|s| offsets.char_span(s.range))
            .collect()
    })
    .unwrap_or_default();
    entry(doc, sentences)
}

/// A document's entry without text or sentences: the Markdown brief lists documents but
/// quotes none of their text.
pub(crate) fn brief_entry(doc: Document) -> DocumentEntry {
    let mut entry = entry(doc, Vec::new());
    entry.text = String::new();
    entry
}

fn entry(doc: Document, sentences: Vec<crate::report::CharSpan>) -> DocumentEntry {
    let language = doc.language().to_string();
    let hash = doc.hash.to_string();
    let Document {
        id,
        source,
        meta,
        text,
        credits,
        ..
    } = doc;
    let value = |v: Option<Sourced<String>>| v.map(|s| s.value);
    DocumentEntry {
        id,
        source,
        outlet: value(meta.outlet),
        published: meta
            .published
            .map(|d| d.value.format("%Y-%m-%d").to_string()),
        bylines: meta.bylines.into_iter().map(|b| b.value).collect(),
        dateline: value(meta.dateline),
        language,
        title: value(meta.title),
        text,
        rewrite: None,
        credits,
        sentences,
        hash,
        url: meta.url,
    }
}
