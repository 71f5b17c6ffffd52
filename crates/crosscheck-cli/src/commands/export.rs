//! `crosscheck export`: the findings on every stored document, in a format other tools read.

use std::io::Write;

use anyhow::{bail, Context, Result};
use crosscheck_engine::Stages;
use crosscheck_export::{ExportOptions, Format, Reviewer};

use crate::args::{ExportArgs, ExportFormat};
use crate::output::write_output;
use crate::progress::Terminal;
use crate::ExitStatus;

/// Run the command.
pub fn run(args: ExportArgs) -> Result<ExitStatus> {
    // Opening creates a missing database; an export only reads one, so a wrong path must
    // not leave an empty database behind and export nothing.
    if !args.db.exists() {
        bail!(
            "no database at {}: make one with `crosscheck ingest` or `crosscheck analyze` (or give --db)",
            args.db
        );
    }
    let store = super::common::open_existing(&args.db)?;
    let is_terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let events = Terminal::new(!args.quiet && is_terminal, !args.quiet, false);
    let analysis = crosscheck_engine::analyze_stored(&store, Stages::all(), &events)?;
    let report = &analysis.report;
    if report.documents.is_empty() {
        eprintln!(
            "crosscheck: the database {} holds no documents: nothing to export",
            args.db
        );
        return Ok(ExitStatus::Failure);
    }

    let format = match args.format {
        ExportFormat::Annotations => Format::Annotations,
        ExportFormat::ClaimReview => Format::ClaimReview,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Jsonl => Format::Jsonl,
    };
    let options = ExportOptions {
        reviewer: args.reviewer.clone().map(|name| Reviewer {
            name,
            url: args.reviewer_url.clone(),
        }),
    };
    let mut summary = None;
    write_output(&args.output, |out| {
        // `write_output` ends the output with a newline; CSV and JSON Lines end their last
        // line with one already.
        let mut out = WithoutFinalNewline {
            inner: out,
            held: false,
        };
        summary = Some(crosscheck_export::export(
            report, format, &options, &mut out,
        )?);
        Ok(())
    })
    .with_context(|| format!("writing the export to {}", args.output.display()))?;

    if !args.quiet {
        let summary = summary.unwrap_or_default();
        for left in &summary.left_out {
            eprintln!("crosscheck: left out {}: {}", left.finding, left.reason);
        }
        let what = match args.format {
            ExportFormat::Annotations => "annotations",
            ExportFormat::ClaimReview => "ClaimReview drafts",
            ExportFormat::Csv | ExportFormat::Jsonl => "rows",
        };
        eprintln!(
            "crosscheck: exported {} {what} on {} documents{}",
            summary.items,
            report.documents.len(),
            if args.output.as_os_str() == "-" {
                String::new()
            } else {
                format!(" to {}", args.output.display())
            }
        );
        if !summary.to_fill.is_empty() {
            eprintln!(
                "crosscheck: note: the drafts leave {} empty for a person to fill in before \
                 publishing; crosscheck gives no verdict{}",
                summary.to_fill.join(", "),
                if args.reviewer.is_none() {
                    " (--reviewer and --reviewer-url set the author)"
                } else {
                    ""
                }
            );
        }
    }
    Ok(ExitStatus::Success)
}

/// Passes bytes through but holds back a newline until more bytes follow, so that the
/// output's own last newline is dropped.
struct WithoutFinalNewline<'a> {
    inner: &'a mut dyn Write,
    held: bool,
}

impl Write for WithoutFinalNewline<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let Some((&last, body)) = buf.split_last() else {
            return Ok(0);
        };
        if self.held {
            self.inner.write_all(b"\n")?;
            self.held = false;
        }
        self.inner.write_all(body)?;
        if last == b'\n' {
            self.held = true;
        } else {
            self.inner.write_all(&[last])?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_last_newline_is_held_back() {
        let mut inner = Vec::new();
        {
            let mut out = WithoutFinalNewline {
                inner: &mut inner,
                held: false,
            };
            out.write_all(b"a\n").unwrap();
            out.write_all(b"\n").unwrap();
            out.write_all(b"b\nc\n").unwrap();
        }
        assert_eq!(inner, b"a\n\nb\nc");
    }
}
