//! The context model behind spin verification, as the rewrite stage sees it: a trait the
//! engine implements over a language model ([`ContextScorer`]). Its own module because both the
//! window check (`verify.rs`) and the model-led proposals (`lead.rs`) read through it.

use crosscheck::TextRange;

/// What a [`ContextScorer`] can fail with: the scorer's own error, boxed.
pub type ScoreError = Box<dyn std::error::Error + Send + Sync>;

/// Scores how likely whole short texts are, for comparing variants of one window.
///
/// The rewrite stage knows nothing of the model behind it; the engine adapts a language model
/// to this trait. Implementations must be usable from several threads at once.
pub trait ContextScorer: Sync {
    /// The log-likelihood (natural log) of each text, read from the start of a document. The
    /// texts of one call are variants of one window (they differ in one word), so an
    /// implementation may share work between them.
    fn log_likelihoods(&self, texts: &[&str]) -> Result<Vec<f32>, ScoreError>;

    /// Every token of `text`, read left to right from the start of a document, with the bytes
    /// it covers (not counting a leading space) and `ln P(token | the text before it)`, in text
    /// order. Feeds the model-led proposals (the words the model finds out of place); the
    /// default, an empty list, turns that pass off.
    fn token_log_probs(&self, text: &str) -> Result<Vec<(TextRange, f32)>, ScoreError> {
        let _ = text;
        Ok(Vec::new())
    }
}
