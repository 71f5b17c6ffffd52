//! multilingual-e5-small as the reuse stage's [`SentenceEmbedder`]: the engine's side of the
//! seam, so the reuse stage knows nothing of candle and the model crate nothing of reuse.

use std::sync::OnceLock;

use crosscheck_embed::{E5Model, Prefix};
use crosscheck_models::Model;

use super::Unavailable;
use crosscheck_reuse::{EmbedFailure, SentenceEmbedder};

/// The loaded model behind the reuse stage's trait.
pub(crate) struct E5Embedder(E5Model);

impl SentenceEmbedder for E5Embedder {
    fn embed(&self, sentences: &[&str]) -> Result<Vec<Vec<f32>>, EmbedFailure> {
        // "query: " on both sides: the model card's advice for symmetric similarity.
        self.0
            .embed(sentences, Prefix::Query)
            .map_err(|e| EmbedFailure(e.to_string()))
    }
}

/// The model, loaded on first use and kept for the process (a later fetch is picked up: a
/// missing model is not remembered).
pub(crate) fn embedder() -> Result<&'static E5Embedder, Unavailable> {
    static MODEL: OnceLock<E5Embedder> = OnceLock::new();
    if let Some(model) = MODEL.get() {
        return Ok(model);
    }
    let path = crosscheck_models::path_of(Model::E5Small).ok_or(Unavailable::NotFetched)?;
    let model = E5Model::load(&path).map_err(|e| Unavailable::Broken(e.to_string()))?;
    Ok(MODEL.get_or_init(|| E5Embedder(model)))
}
