//! Which reader a file needs, by extension first and content second.
//!
//! Extensions lie (a `.txt` saved from a browser is HTML; a crawl dump has no extension), so
//! content overrides a text extension when it is unmistakable: `WARC/1.` at the start, an HTML
//! doctype or root tag.

use std::path::Path;

/// An input format crosscheck reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text, optionally with header lines (`date 2022-11-15 By Name`).
    PlainText,
    /// An HTML page; the article is extracted from it.
    Html,
    /// JSON Lines: one article object per line.
    JsonLines,
    /// WARC (web archive) with HTTP response records holding HTML.
    Warc,
}

impl Format {
    /// A short lowercase name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::PlainText => "text",
            Format::Html => "html",
            Format::JsonLines => "jsonl",
            Format::Warc => "warc",
        }
    }
}

/// Whether the file's bytes are gzip-compressed, judged by extension.
pub(crate) fn is_gzip_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz"))
}

/// The format implied by the file name alone (ignoring a trailing `.gz`).
pub(crate) fn format_from_name(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let ext = name.rsplit_once('.').map(|(_, e)| e)?;
    match ext {
        "txt" | "text" => Some(Format::PlainText),
        "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
        "jsonl" | "ndjson" | "jsonlines" => Some(Format::JsonLines),
        "warc" | "arc" => Some(Format::Warc),
        _ => None,
    }
}

/// The format the first bytes show, if they show one.
pub(crate) fn format_from_content(head: &[u8]) -> Option<Format> {
    let trimmed = trim_ascii_start(strip_bom(head));
    if trimmed.starts_with(b"WARC/") {
        return Some(Format::Warc);
    }
    let lower: Vec<u8> = trimmed
        .iter()
        .take(512)
        .map(u8::to_ascii_lowercase)
        .collect();
    if lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || (lower.starts_with(b"<?xml") && contains(&lower, b"<html"))
        || (lower.starts_with(b"<!--") && contains(&lower, b"<html"))
    {
        return Some(Format::Html);
    }
    if trimmed.starts_with(b"{") {
        return Some(Format::JsonLines);
    }
    None
}

/// Decide the format from name and first bytes; `None` means "not an input crosscheck reads".
pub(crate) fn detect(path: &Path, head: &[u8]) -> Option<Format> {
    let by_name = format_from_name(path);
    let by_content = format_from_content(head);
    match (by_name, by_content) {
        // A text extension with unmistakable structured content: trust the content.
        (Some(Format::PlainText), Some(content)) if content != Format::JsonLines => Some(content),
        (Some(name), _) => Some(name),
        (None, content) => content.or_else(|| {
            // No extension and no structure: plain text if it looks like text at all.
            let has_ext = path.extension().is_some();
            (!has_ext && std::str::from_utf8(&head[..head.len().min(1024)]).is_ok())
                .then_some(Format::PlainText)
        }),
    }
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

fn trim_ascii_start(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_then_content() {
        assert_eq!(
            detect(Path::new("a.txt"), b"Hello"),
            Some(Format::PlainText)
        );
        assert_eq!(
            detect(Path::new("a.txt"), b"<!DOCTYPE html><html>"),
            Some(Format::Html)
        );
        assert_eq!(
            detect(Path::new("a.warc.gz"), b"\x1f\x8b"),
            Some(Format::Warc)
        );
        assert_eq!(
            detect(Path::new("dump"), b"WARC/1.0\r\n"),
            Some(Format::Warc)
        );
        assert_eq!(
            detect(Path::new("feed"), b"{\"id\": 1}"),
            Some(Format::JsonLines)
        );
        assert_eq!(
            detect(Path::new("notes"), b"just words"),
            Some(Format::PlainText)
        );
        assert_eq!(detect(Path::new("photo.jpg"), b"\xff\xd8\xff"), None);
        assert_eq!(detect(Path::new("README.md"), b"# x"), None);
    }
}
