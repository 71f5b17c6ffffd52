//! The Markdown brief: what a person reads first.
//!
//! Built from the [`Report`] alone, so the brief can never say something the JSON does not
//! carry. Article text is hostile input: anything taken from a document is escaped so that a
//! headline cannot inject links, images or HTML into a rendered brief.

use std::fmt::Write as _;

use super::Report;

/// Render the brief for `report`.
pub fn render_markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# crosscheck brief\n");
    let _ = writeln!(
        out,
        "{} document{} read.{}\n",
        report.documents.len(),
        if report.documents.len() == 1 { "" } else { "s" },
        if report.skipped.is_empty() {
            String::new()
        } else {
            format!(
                " {} input{} skipped (listed at the end).",
                report.skipped.len(),
                if report.skipped.len() == 1 { "" } else { "s" }
            )
        }
    );
    let _ = writeln!(out, "## Documents\n");
    let _ = writeln!(
        out,
        "| id | outlet | published | bylines | dateline | language | title |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|");
    for doc in &report.documents {
        let cell = |v: &Option<String>| {
            v.as_deref()
                .map(escape_cell)
                .unwrap_or_else(|| "—".to_string())
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            escape_code(&doc.id),
            cell(&doc.outlet),
            cell(&doc.published),
            if doc.bylines.is_empty() {
                "—".to_string()
            } else {
                escape_cell(&doc.bylines.join(", "))
            },
            cell(&doc.dateline),
            escape_cell(&doc.language),
            cell(&doc.title),
        );
    }
    if !report.skipped.is_empty() {
        let _ = writeln!(out, "\n## Skipped inputs\n");
        for skipped in &report.skipped {
            let _ = writeln!(
                out,
                "- `{}`: {}",
                escape_code(&skipped.location),
                escape_inline(&skipped.reason)
            );
        }
    }
    out
}

/// Escape text for a Markdown table cell: inline escapes plus the cell separator.
fn escape_cell(text: &str) -> String {
    escape_inline(text).replace('|', "\\|")
}

/// Escape Markdown and HTML metacharacters in inline text.
pub(crate) fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '!' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text inside a code span cannot hold a backtick; replace it rather than break out.
fn escape_code(text: &str) -> String {
    text.replace('`', "'").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::DocumentEntry;

    #[test]
    fn hostile_titles_are_escaped() {
        let mut report = Report::new();
        report.documents.push(DocumentEntry {
            id: "a`b".into(),
            title: Some("<script>alert(1)</script> [click](http://x) | col".into()),
            language: "en".into(),
            ..DocumentEntry::default()
        });
        let md = render_markdown(&report);
        assert!(!md.contains("<script>"), "{md}");
        assert!(md.contains("&lt;script&gt;"));
        assert!(md.contains("\\[click\\]"));
        assert!(md.contains("\\| col"));
        assert!(md.contains("`a'b`"));
    }
}
