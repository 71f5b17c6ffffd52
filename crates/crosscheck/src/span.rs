//! Spans: where in a document's clean text a finding lives.
//!
//! Every stage speaks in [`TextRange`], a half-open range of *byte* offsets into one document's
//! clean `text`. Byte offsets make slicing free inside the pipeline; the report contract
//! (REPORT.md) wants *character* offsets, and [`CharOffsets`] converts in exactly one place, so
//! no stage ever has to think about the difference.

use serde::{Deserialize, Serialize};

/// A half-open range `[start, end)` of byte offsets into one document's clean text.
///
/// Invariant: `start <= end`, and both fall on `char` boundaries of the text the range was
/// made for. Constructors check the first; the stage that made a range guarantees the second.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct TextRange {
    start: u32,
    end: u32,
}

impl TextRange {
    /// A range from `start` to `end`; panics if `start > end` or `end > u32::MAX`, both bugs
    /// in the caller: ingest refuses texts longer than `u32::MAX` bytes
    /// ([`ErrorKind::TooLarge`](crate::ingest::ErrorKind::TooLarge)), so offsets into a
    /// document's text always fit. [`TextRange::try_new`] is the checked form.
    pub fn new(start: usize, end: usize) -> TextRange {
        assert!(start <= end, "TextRange start {start} after end {end}");
        match TextRange::try_new(start, end) {
            Some(range) => range,
            None => panic!("TextRange end {end} over 4 GiB: text not checked at ingest"),
        }
    }

    /// A range from `start` to `end`, or `None` if `start > end` or an offset does not fit
    /// in `u32` (a text over 4 GiB).
    pub fn try_new(start: usize, end: usize) -> Option<TextRange> {
        if start > end {
            return None;
        }
        Some(TextRange {
            start: u32::try_from(start).ok()?,
            end: u32::try_from(end).ok()?,
        })
    }

    /// The first byte of the range.
    pub fn start(self) -> usize {
        self.start as usize
    }

    /// One past the last byte of the range.
    pub fn end(self) -> usize {
        self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the range covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The text the range covers.
    pub fn slice(self, text: &str) -> &str {
        &text[self.start()..self.end()]
    }

    /// This range moved right by `offset` bytes (for ranges found inside a slice).
    pub fn shifted(self, offset: usize) -> TextRange {
        TextRange::new(self.start() + offset, self.end() + offset)
    }
}

/// Anything that has a place in a document's text.
pub trait Ranged {
    /// The span this item covers.
    fn range(&self) -> TextRange;
}

impl Ranged for TextRange {
    fn range(&self) -> TextRange {
        *self
    }
}

/// Converts byte offsets into character (Unicode scalar value) offsets for one text.
///
/// Built once per document in `O(n)`; each lookup is `O(1)` plus a scan of at most one block.
#[derive(Debug)]
pub struct CharOffsets<'a> {
    text: &'a str,
    /// `(byte, chars)` checkpoints roughly every [`BLOCK`] bytes, each on a char boundary:
    /// `chars` is the number of chars in `text[..byte]`.
    block_starts: Vec<(usize, usize)>,
}

const BLOCK: usize = 256;

impl<'a> CharOffsets<'a> {
    /// Index `text` for byte-to-char lookups.
    pub fn new(text: &'a str) -> CharOffsets<'a> {
        let mut block_starts = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut next_block = 0usize;
        for (chars, (byte, _)) in text.char_indices().enumerate() {
            if byte >= next_block {
                block_starts.push((byte, chars));
                next_block = byte + BLOCK;
            }
        }
        if block_starts.is_empty() {
            block_starts.push((0, 0));
        }
        CharOffsets { text, block_starts }
    }

    /// The character offset of byte offset `byte` (which must be a char boundary or the end).
    pub fn char_offset(&self, byte: usize) -> usize {
        let idx = match self.block_starts.binary_search_by(|&(b, _)| b.cmp(&byte)) {
            Ok(i) => return self.block_starts[i].1,
            Err(0) => 0,
            Err(i) => i - 1,
        };
        let (block_byte, block_chars) = self.block_starts[idx];
        let end = byte.min(self.text.len());
        block_chars + self.text[block_byte..end].chars().count()
    }

    /// `range` as a `[start, end)` pair of character offsets, as the report writes spans.
    pub fn char_span(&self, range: TextRange) -> [usize; 2] {
        [
            self.char_offset(range.start()),
            self.char_offset(range.end()),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_match_naive_count() {
        let text = "Konashénkov said “no”. Київ ".repeat(40);
        let offsets = CharOffsets::new(&text);
        for (byte, _) in text
            .char_indices()
            .chain(std::iter::once((text.len(), ' ')))
        {
            assert_eq!(
                offsets.char_offset(byte),
                text[..byte].chars().count(),
                "at {byte}"
            );
        }
    }

    #[test]
    fn empty_text() {
        let offsets = CharOffsets::new("");
        assert_eq!(offsets.char_span(TextRange::new(0, 0)), [0, 0]);
    }

    #[test]
    fn try_new_refuses_offsets_over_4_gib() {
        assert_eq!(TextRange::try_new(3, 2), None);
        assert_eq!(TextRange::try_new(0, u32::MAX as usize + 1), None);
        assert_eq!(
            TextRange::try_new(1, u32::MAX as usize).map(TextRange::end),
            Some(u32::MAX as usize)
        );
    }

    #[test]
    #[should_panic]
    fn reversed_range_panics() {
        let _ = TextRange::new(3, 2);
    }
}
