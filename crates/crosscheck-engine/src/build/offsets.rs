//! Byte offsets to character offsets: the one conversion of the report builder.

use crosscheck::{CharOffsets, Document};

/// Character offsets of each document's text, in the documents' order.
pub(crate) fn char_offsets(documents: &[Document]) -> Vec<CharOffsets<'_>> {
    documents.iter().map(|d| text_offsets(&d.text)).collect()
}

/// Character offsets of one text.
pub(crate) fn text_offsets(text: &str) -> CharOffsets<'_> {
    CharOffsets::new(text)
}
