//! The byte-level BPE tokenizer, built from the vocabulary and merges inside the GGUF file.
//!
//! SmolLM2's `tokenizer.json` splits digits one by one and then applies GPT-2's byte-level
//! pre-tokenizer without a prefix space; candle's own GGUF tokenizer reads the file's
//! `tokenizer.ggml.pre = "smollm"` as plain GPT-2 (which adds a prefix space), so the pipeline
//! is assembled here.

use candle_core::quantized::gguf_file::{Content, Value};
use tokenizers::models::bpe::BPE;
use tokenizers::pre_tokenizers::byte_level::ByteLevel;
use tokenizers::pre_tokenizers::digits::Digits;
use tokenizers::pre_tokenizers::sequence::Sequence;
use tokenizers::{PreTokenizerWrapper, Tokenizer};

/// A token id.
pub type TokenId = u32;

/// The text → token ids half of the model.
pub(crate) struct Bpe {
    inner: Tokenizer,
    /// The token that starts every scored text (`<|endoftext|>`, id 0 in SmolLM2: the model saw
    /// it between documents in pre-training, so it reads as "a new text starts here").
    pub(crate) start: TokenId,
}

impl Bpe {
    /// Builds the tokenizer from the file's metadata; `Err` carries a message for
    /// [`LmError::Format`](crate::LmError::Format).
    pub(crate) fn from_gguf(content: &Content) -> Result<Self, String> {
        let kind = string_of(content, "tokenizer.ggml.model")?;
        if kind != "gpt2" {
            return Err(format!(
                "tokenizer model `{kind}` is not byte-level BPE (`gpt2`)"
            ));
        }
        let tokens = strings_of(content, "tokenizer.ggml.tokens")?;
        let merges = strings_of(content, "tokenizer.ggml.merges")?
            .into_iter()
            .map(|m| {
                m.split_once(' ')
                    .map(|(a, b)| (a.to_string(), b.to_string()))
                    .ok_or_else(|| format!("merge `{m}` is not two tokens"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let start = tokens
            .iter()
            .position(|t| t == "<|endoftext|>")
            .unwrap_or(0) as TokenId;
        let vocab: tokenizers::models::bpe::Vocab = tokens
            .into_iter()
            .enumerate()
            .map(|(i, t)| (t, i as TokenId))
            .collect();
        let bpe = BPE::builder()
            .vocab_and_merges(vocab, merges)
            .build()
            .map_err(|e| format!("BPE: {e}"))?;
        let mut inner = Tokenizer::new(bpe);
        let pre = Sequence::new(vec![
            PreTokenizerWrapper::Digits(Digits::new(true)),
            PreTokenizerWrapper::ByteLevel(ByteLevel::new(false, true, true)),
        ]);
        inner.with_pre_tokenizer(Some(pre));
        Ok(Self { inner, start })
    }

    /// The vocabulary entry of `id` (tests read token names).
    #[cfg(test)]
    pub(crate) fn token(&self, id: TokenId) -> String {
        self.inner.id_to_token(id).unwrap_or_default()
    }

    /// The token ids of `text`, without the start token.
    pub(crate) fn encode(&self, text: &str) -> Result<Vec<TokenId>, String> {
        self.inner
            .encode(text, false)
            .map(|e| e.get_ids().to_vec())
            .map_err(|e| e.to_string())
    }

    /// The token ids of `text` (no start token), each with the byte range of `text` it covers;
    /// a token's leading space is not part of its range ("Ġwar" covers "war").
    pub(crate) fn encode_with_offsets(
        &self,
        text: &str,
    ) -> Result<Vec<(TokenId, std::ops::Range<usize>)>, String> {
        let e = self.inner.encode(text, false).map_err(|e| e.to_string())?;
        Ok(e.get_ids()
            .iter()
            .zip(e.get_offsets())
            .map(|(&id, &(a, b))| {
                // The byte-level pre-tokenizer reports a token's leading space as its own.
                let blank = text.get(a..b).map_or(0, |t| t.len() - t.trim_start().len());
                (id, (a + blank).min(b)..b)
            })
            .collect())
    }
}

fn string_of(content: &Content, key: &str) -> Result<String, String> {
    match content.metadata.get(key) {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(format!("metadata `{key}` is not a string")),
        None => Err(format!("metadata `{key}` is missing")),
    }
}

fn strings_of(content: &Content, key: &str) -> Result<Vec<String>, String> {
    match content.metadata.get(key) {
        Some(Value::Array(values)) => values
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                _ => Err(format!("metadata `{key}` holds a non-string")),
            })
            .collect(),
        Some(_) => Err(format!("metadata `{key}` is not an array")),
        None => Err(format!("metadata `{key}` is missing")),
    }
}
