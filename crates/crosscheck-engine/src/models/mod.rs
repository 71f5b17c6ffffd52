//! The optional model stages (issue #20, the `models` feature): adapters from the model
//! crates to the small traits the stages define, and what the report says when a model stage
//! did not run.
//!
//! The model files live in the models folder `crosscheck models fetch` fills
//! ([`crosscheck_models`], re-exported here for the front ends: which packages, which hashes,
//! where). A binary built with `--features models` uses every model it finds there, with no
//! flag; [`crate::Stages::models`] `false` (the CLI's `--no-models`) turns them off for a run.

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

/// Whether this binary was built with the model stages (the `models` feature).
pub const BUILT_WITH_MODELS: bool = cfg!(feature = "models");

/// The language model behind rewrite forensics' spin check, if it runs; else why not (for
/// the report, said only when a document was found spun without it). `models` false: turned
/// off for this run.
pub(crate) fn spin_scorer(
    models: bool,
) -> Result<&'static dyn crosscheck_rewrite::ContextScorer, String> {
    const FETCH: &str = "run `crosscheck models fetch`";
    if !models {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_with_models_off_says_so_whatever_the_build() {
        let off = spin_scorer(false).err().unwrap_or_default();
        assert!(off.contains("turned off (--no-models)"), "{off}");
        // On, the reason (if any) is the build or the folder, never the switch.
        if let Err(on) = spin_scorer(true) {
            assert!(!on.contains("turned off"), "{on}");
        }
    }
}
