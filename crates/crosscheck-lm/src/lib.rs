//! A small causal language model that scores how well words fit their context.
//!
//! crosscheck uses it to verify machine-spun text without the source (issue #20): a spinner
//! swaps words for synonyms that are plausible alone and implausible in their sentence
//! ("cannot beryllium afloat supplied"), and a language model reads exactly that. The model is
//! SmolLM2-135M-Instruct as a Q4_1 GGUF file (Apache-2.0), fetched by `crosscheck models
//! fetch`; this crate only loads and runs it, on the CPU, with no unsafe code and no
//! memory-mapping.
//!
//! [`LanguageModel::load`] reads the file (weights and the byte-level BPE tokenizer inside it);
//! [`LanguageModel::log_likelihoods`] scores variants of one short text in a batch: their
//! shared token prefix runs once, each variant's rest runs as one row on top of it.
//!
//! ```no_run
//! # fn main() -> crosscheck_lm::Result<()> {
//! let lm = crosscheck_lm::LanguageModel::load("SmolLM2-135M-Instruct.Q4_1.gguf".as_ref())?;
//! let ll = lm.log_likelihoods(&[
//!     "the conditions cannot be fully supplied",
//!     "the conditions cannot beryllium fully supplied",
//! ])?;
//! assert!(ll[0] > ll[1]);
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod error;
mod llama;
mod tokenizer;

pub use error::{LmError, Result};
pub use tokenizer::TokenId;

use candle_core::quantized::gguf_file;
use candle_core::{Device, Tensor};
use std::io::BufReader;
use std::path::Path;

/// The longest text, in tokens (after the start token), that one score call accepts.
pub const MAX_TOKENS: usize = 512;

/// Variants run side by side in one forward pass; more are split into several passes. Bounds
/// memory: a row keeps a log-probability per vocabulary entry per position.
pub const MAX_BATCH: usize = 16;

/// Tokens of context carried into the next stretch when [`LanguageModel::token_log_probs`]
/// reads a text longer than [`MAX_TOKENS`]: enough for the model to know the sentence it is in.
const CARRIED_TOKENS: usize = 128;

/// One token of a text and how likely the model found it after the text before it.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenLogProb {
    /// The bytes of the text the token covers (without a leading space).
    pub range: std::ops::Range<usize>,
    /// `ln P(token | the text before it)`.
    pub log_prob: f32,
}

/// A loaded model: weights and tokenizer. Immutable, so one model serves many threads.
///
/// The weights are held as 32-bit floats (about 650 MB for SmolLM2-135M): candle's kernels for
/// the file's 4-bit blocks ran several times slower here.
pub struct LanguageModel {
    model: llama::Llama,
    bpe: tokenizer::Bpe,
}

impl std::fmt::Debug for LanguageModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LanguageModel").finish_non_exhaustive()
    }
}

impl LanguageModel {
    /// Loads a Llama-architecture GGUF file with a byte-level BPE tokenizer in its metadata.
    /// Every error names the file.
    pub fn load(path: &Path) -> Result<Self> {
        let io = |source| LmError::Io {
            path: path.to_path_buf(),
            source,
        };
        let format = |message: String| LmError::Format {
            path: path.to_path_buf(),
            message,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        let mut reader = BufReader::new(file);
        let content = gguf_file::Content::read(&mut reader).map_err(|e| format(e.to_string()))?;
        let bpe = tokenizer::Bpe::from_gguf(&content).map_err(format)?;
        let model =
            llama::Llama::from_gguf(&content, &mut reader, MAX_TOKENS + 1).map_err(format)?;
        Ok(Self { model, bpe })
    }

    #[cfg(test)]
    fn bpe_token(&self, id: TokenId) -> String {
        self.bpe.token(id)
    }

    /// The token ids of `text` (no start token).
    pub fn tokenize(&self, text: &str) -> Result<Vec<TokenId>> {
        self.bpe.encode(text).map_err(LmError::Tokenize)
    }

    /// The log-likelihood (natural log) of each text as a whole, read from the start of a
    /// document. Variants of one text that differ in a few words cost little more than one
    /// text: the shared beginning runs once.
    pub fn log_likelihoods(&self, texts: &[&str]) -> Result<Vec<f32>> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let mut seqs = Vec::with_capacity(texts.len());
        for text in texts {
            let mut ids = vec![self.bpe.start];
            ids.extend(self.tokenize(text)?);
            if ids.len() > MAX_TOKENS + 1 {
                return Err(LmError::TooLong {
                    tokens: ids.len() - 1,
                    max: MAX_TOKENS,
                });
            }
            seqs.push(ids);
        }
        let mut scores = Vec::with_capacity(seqs.len());
        for chunk in seqs.chunks(MAX_BATCH) {
            scores.extend(self.score_rows(chunk)?);
        }
        Ok(scores)
    }

    /// Every token of `text` with its log-probability after the text before it, in one left to
    /// right reading: what a model-led search for out-of-place words needs. A text longer than
    /// [`MAX_TOKENS`] is read in stretches, each starting over with the last
    /// [`CARRIED_TOKENS`] tokens of the previous one as context, so its cost stays linear.
    pub fn token_log_probs(&self, text: &str) -> Result<Vec<TokenLogProb>> {
        let tokens = self
            .bpe
            .encode_with_offsets(text)
            .map_err(LmError::Tokenize)?;
        let ids: Vec<TokenId> = tokens.iter().map(|t| t.0).collect();
        let mut out = Vec::with_capacity(tokens.len());
        let dev = Device::Cpu;
        let mut from = 0;
        while from < ids.len() {
            let carried = from.min(CARRIED_TOKENS);
            let to = (from - carried + MAX_TOKENS).min(ids.len());
            let mut seq = vec![self.bpe.start];
            seq.extend_from_slice(&ids[from - carried..to]);
            let input = Tensor::new(seq.as_slice(), &dev)?.unsqueeze(0)?;
            let (lp, _) = self.model.forward(&input, None, false)?;
            let lp = lp.squeeze(0)?;
            // Position p predicts seq[p + 1]; the carried tokens are context only.
            let targets = Tensor::new(&seq[1..], &dev)?.unsqueeze(1)?;
            let got: Vec<f32> = lp
                .narrow(0, 0, seq.len() - 1)?
                .gather(&targets, 1)?
                .flatten_all()?
                .to_vec1()?;
            for (k, log_prob) in got.into_iter().enumerate().skip(carried) {
                let i = from - carried + k;
                out.push(TokenLogProb {
                    range: tokens[i].1.clone(),
                    log_prob,
                });
            }
            from = to;
        }
        Ok(out)
    }

    /// Scores up to [`MAX_BATCH`] token sequences (each starting with the start token) in one
    /// pass, or two when they share more than the start token: the shared prefix runs once,
    /// the rows continue from its cache.
    fn score_rows(&self, seqs: &[Vec<TokenId>]) -> Result<Vec<f32>> {
        // The shared prefix, leaving every row at least one token of its own to score.
        let shortest = seqs.iter().map(Vec::len).min().unwrap_or(1);
        let mut shared = 1;
        while shared + 1 < shortest && seqs.iter().all(|s| s[shared] == seqs[0][shared]) {
            shared += 1;
        }
        let dev = Device::Cpu;
        let mut scores = vec![0.0f32; seqs.len()];
        let mut cache = None;
        if shared > 1 {
            let prefix = &seqs[0][..shared];
            let input = Tensor::new(prefix, &dev)?.unsqueeze(0)?;
            let (lp, kept) = self.model.forward(&input, None, true)?;
            let lp = lp.squeeze(0)?;
            // The prefix's own tokens (shared by every row) ...
            let targets = Tensor::new(&prefix[1..], &dev)?.unsqueeze(1)?;
            let got = lp.narrow(0, 0, shared - 1)?.gather(&targets, 1)?;
            let prefix_ll: f32 = got.flatten_all()?.to_vec1::<f32>()?.iter().sum();
            // ... and each row's first own token, read off the prefix's last position.
            let last: Vec<f32> = lp.get(shared - 1)?.to_vec1()?;
            for (score, s) in scores.iter_mut().zip(seqs) {
                *score = prefix_ll + s.get(shared).map_or(0.0, |&t| lookup(&last, t));
            }
            cache = kept;
        }
        // Rows start at the last shared token when there is no cache (the start token), else
        // right after the prefix.
        let from = if cache.is_some() { shared } else { 0 };
        let rows: Vec<usize> = (0..seqs.len())
            .filter(|&i| seqs[i].len() > from + 1)
            .collect();
        if rows.is_empty() {
            return Ok(scores);
        }
        let width = rows
            .iter()
            .map(|&i| seqs[i].len() - from)
            .max()
            .unwrap_or(1);
        let mut input = Vec::with_capacity(rows.len() * width);
        let mut targets = Vec::with_capacity(rows.len() * width);
        for &i in &rows {
            let own = &seqs[i][from..];
            for j in 0..width {
                // Padding sits after a row's end, where the causal mask keeps it from touching
                // the row's own positions; its scores are skipped below.
                input.push(own.get(j).copied().unwrap_or(self.bpe.start));
                targets.push(own.get(j + 1).copied().unwrap_or(0));
            }
        }
        let input = Tensor::from_vec(input, (rows.len(), width), &dev)?;
        let targets = Tensor::from_vec(targets, (rows.len(), width, 1), &dev)?;
        let (lp, _) = self.model.forward(&input, cache.as_ref(), false)?;
        let got: Vec<Vec<f32>> = lp.gather(&targets, 2)?.squeeze(2)?.to_vec2()?;
        for (row, &i) in got.iter().zip(&rows) {
            let own = seqs[i].len() - from;
            scores[i] += row.iter().take(own - 1).sum::<f32>();
        }
        Ok(scores)
    }
}

fn lookup(log_probs: &[f32], token: TokenId) -> f32 {
    log_probs
        .get(token as usize)
        .copied()
        .unwrap_or(f32::NEG_INFINITY)
}

#[cfg(test)]
mod tests;
