//! `tokens` (ASCII fast path) against the Unicode word segmenter on real text: the Reuters-21578
//! SGML files, BBC News and the seed articles in `../shared`. Skipped with a message where
//! `../shared` is not beside the repository.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::path::{Path, PathBuf};

use crosscheck::text::{tokens, unicode_tokens};

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn ascii_fast_path_agrees_with_the_segmenter_on_real_text() {
    let root = shared();
    let mut paths = Vec::new();
    files(&root.join("seeds"), &mut paths);
    files(&root.join("data/bbc_news_2225"), &mut paths);
    for n in [0, 7, 14, 21] {
        paths.push(root.join(format!("data/reuters21578/reut2-{n:03}.sgm")));
    }
    paths.retain(|p| p.is_file());
    if paths.is_empty() {
        eprintln!("skipped: no text found under {}", root.display());
        return;
    }
    let mut bytes = 0;
    for path in &paths {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let mut reference = Vec::new();
        unicode_tokens(&text, 0..text.len(), &mut reference);
        let fast = tokens(&text);
        if fast != reference {
            let at = fast.iter().zip(&reference).position(|(a, b)| a != b);
            panic!("{}: tokens differ at token {at:?}", path.display());
        }
        bytes += text.len();
    }
    eprintln!("{} files, {bytes} bytes: identical tokens", paths.len());
}
