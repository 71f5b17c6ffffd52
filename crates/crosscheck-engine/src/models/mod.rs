//! The optional model stages (issue #20, the `models` feature): adapters from the model
//! crates to the small traits the stages define, and what the report says when a model stage
//! did not run.
//!
//! The model files live in the models folder `crosscheck models fetch` fills
//! ([`crosscheck_models`], re-exported here for the front ends: which packages, which hashes,
//! where). A binary built with `--features models` uses every model it finds there, with no
//! flag; [`set_enabled`]`(false)` (the CLI's `--no-models`) turns them off for the process.

use std::sync::atomic::{AtomicBool, Ordering};

pub use crosscheck_models::{
    fetch, models_dir, path_in, path_of, status, FetchOptions, Fetched, Model, ModelsError, Pin,
    Status,
};

/// Why a model stage's model is not available.
#[cfg(feature = "models")]
pub(crate) enum Unavailable {
    /// No model file in the models folder.
    NotFetched,
    /// The file is there but does not load.
    Broken(String),
}

#[cfg(feature = "models")]
pub(crate) mod embed;
#[cfg(feature = "models")]
pub(crate) mod lm;

static DISABLED: AtomicBool = AtomicBool::new(false);

/// Turns the model stages on or off for this process (on by default: a model is used when
/// this binary has the `models` feature and the file is in the models folder).
pub fn set_enabled(enabled: bool) {
    DISABLED.store(!enabled, Ordering::Relaxed);
}

/// Whether the model stages may run (see [`set_enabled`]).
pub fn enabled() -> bool {
    !DISABLED.load(Ordering::Relaxed)
}

/// Whether this binary was built with the model stages (the `models` feature).
pub const BUILT_WITH_MODELS: bool = cfg!(feature = "models");

/// The language model behind rewrite forensics' spin check, if it runs; else why not (for
/// the report, said only when a document was found spun without it).
pub(crate) fn spin_scorer() -> Result<&'static dyn crosscheck_rewrite::ContextScorer, String> {
    const FETCH: &str = "run `crosscheck models fetch`";
    if !enabled() {
        return Err(
            "spin findings were not checked by the language model: model stages are \
                    turned off (--no-models)"
                .into(),
        );
    }
    #[cfg(feature = "models")]
    {
        match lm::scorer() {
            Ok(scorer) => Ok(scorer),
            Err(Unavailable::NotFetched) => Err(format!(
                "spin findings were not checked by the language model: it is not in the models \
                 folder ({FETCH})"
            )),
            Err(Unavailable::Broken(message)) => Err(format!(
                "spin findings were not checked by the language model: {message} ({FETCH} \
                 --force)"
            )),
        }
    }
    #[cfg(not(feature = "models"))]
    {
        Err(format!(
            "spin findings were not checked by the language model: this binary was built \
             without it (build with `--features models` and {FETCH})"
        ))
    }
}
