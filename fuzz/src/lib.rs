//! Shared checks for the fuzz targets: what every caller of ingest relies on.

use std::io::Write;
use std::path::PathBuf;

use crosscheck::ingest::{read_file, IngestOptions, InputFile, Item};
use crosscheck::model::Document;
use crosscheck::span::TextRange;

/// Options small enough that the fuzzer exercises the size limits too.
pub fn options() -> IngestOptions {
    IngestOptions {
        max_file_size: 1 << 20,
        max_record_size: 256 << 10,
        min_body_chars: 1,
    }
}

/// `range` lies within `text` and on char boundaries.
pub fn check_range(text: &str, range: TextRange, what: &str) {
    assert!(range.start() <= range.end(), "{what}: reversed {range:?}");
    assert!(
        range.end() <= text.len(),
        "{what}: {range:?} past the end ({})",
        text.len()
    );
    assert!(
        text.is_char_boundary(range.start()) && text.is_char_boundary(range.end()),
        "{what}: {range:?} not on char boundaries"
    );
}

/// What a caller relies on in a document: text analysis works on it and its spans fit.
pub fn check_document(doc: &Document) {
    assert!(!doc.text.is_empty(), "empty document text");
    assert!(doc.text.len() <= u32::MAX as usize);
    let lang = doc
        .meta
        .language
        .as_ref()
        .map_or("en", |l| l.value.as_str());
    let analysis = crosscheck::text::analyze(&doc.text, lang);
    for p in &analysis.paragraphs {
        check_range(&doc.text, *p, "paragraph");
    }
    for s in &analysis.sentences {
        check_range(&doc.text, s.range, "sentence");
    }
    for t in &analysis.tokens {
        check_range(&doc.text, t.range, "token");
    }
}

/// Write `data` to a temp file named `name` and read it through ingest, checking every
/// document. Returns the number of documents and errors.
pub fn read_bytes_as(name: &str, data: &[u8]) -> (usize, usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path: PathBuf = dir.path().join(name);
    {
        let mut f = std::fs::File::create(&path).expect("create temp file");
        f.write_all(data).expect("write temp file");
    }
    let file = InputFile {
        path,
        size: data.len() as u64,
        modified: 0,
        explicit: true,
    };
    let mut docs = 0;
    let mut errors = 0;
    let opts = options();
    read_file(&file, &opts, &mut |item: Item| match item {
        Ok(doc) => {
            check_document(&doc);
            docs += 1;
        }
        Err(err) => {
            // The message must render and name the file.
            let message = err.to_string();
            assert!(
                message.contains(name),
                "error does not name the file: {message}"
            );
            errors += 1;
        }
    });
    (docs, errors)
}
