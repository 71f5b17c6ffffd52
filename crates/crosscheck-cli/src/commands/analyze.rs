//! `crosscheck analyze`: read, store, and report in one go.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use crosscheck::report::{
    render_markdown, DocumentEntry, Report, Rewrite, RewriteEvidence, Skipped, Substitution,
};
use crosscheck::text;
use crosscheck::{CharOffsets, Document};
use rayon::prelude::*;

use super::{interrupt_flag, open_store, run_config};
use crate::args::{AnalyzeArgs, Stage};
use crate::pipeline;
use crate::pipeline::Keep;
use crate::ExitStatus;

pub fn run(args: AnalyzeArgs) -> Result<ExitStatus> {
    let mut store = open_store(&args.input)?;
    // Reuse alone can read a large corpus back from the store a chunk at a time; the other
    // stages compare documents across the whole run and need them in memory.
    let reuse_only = args.only == [Stage::Reuse];
    let keep = if reuse_only {
        Keep::DocumentsWithin(args.max_text_in_memory.saturating_mul(1 << 20))
    } else {
        Keep::Documents
    };
    let config = run_config(&args.input, keep, false);
    let mut output = pipeline::run(config, &mut store, interrupt_flag())?;
    let show_progress = !args.input.quiet && std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut report = Report::new();
    report.skipped = output
        .problems
        .iter()
        .map(|e| Skipped {
            location: e.location.to_string(),
            reason: e.kind.to_string(),
        })
        .collect();

    if !output.refs.is_empty() {
        let refs = std::mem::take(&mut output.refs);
        report.reuse = super::stored::reuse_entries(&store, &refs, show_progress)?;
        write_json_report(&args, |out| {
            super::stored::write_report(&store, &refs, &report, out, show_progress)
        })?;
        if args.markdown.is_some() {
            report.documents = super::stored::brief_entries(&store, &refs)?;
            write_brief(&args, &report)?;
        }
        return Ok(finish(&args, &output.summary));
    }

    let documents = output.documents;
    // Corpus stages read the documents first; then each document moves into its report entry.
    let rewrites: Option<Vec<Rewrite>> = stage_enabled(&args.only, Stage::Rewrite)
        .then(|| documents.par_iter().map(rewrite_entry).collect());
    if stage_enabled(&args.only, Stage::Facts) {
        let facts = super::facts::fact_entries(&documents);
        report.stories = facts.stories;
        report.claims = facts.claims;
        report.contradictions = facts.contradictions;
        report.timeline = facts.timeline;
    }
    if stage_enabled(&args.only, Stage::Quotes) {
        (report.entities, report.quotes) = super::quotes::entity_and_quote_entries(&documents);
    }
    if stage_enabled(&args.only, Stage::Reuse) {
        report.reuse = super::reuse::reuse_entries(&documents, show_progress);
    }
    report.documents = documents.into_par_iter().map(document_entry).collect();
    if let Some(rewrites) = rewrites {
        for (entry, rewrite) in report.documents.iter_mut().zip(rewrites) {
            entry.rewrite = Some(rewrite);
        }
    }
    write_json_report(&args, |out| Ok(serde_json::to_writer_pretty(out, &report)?))?;
    write_brief(&args, &report)?;
    Ok(finish(&args, &output.summary))
}

/// A document's report entry, with its sentences.
pub(super) fn document_entry(doc: Document) -> DocumentEntry {
    let sentences = text::sentences(&doc.text, doc.language());
    DocumentEntry::new(doc, &sentences)
}

/// Write the JSON report through `write`, if `--json` asks for it.
fn write_json_report(
    args: &AnalyzeArgs,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    match &args.json {
        Some(path) => write_output(path, write)
            .with_context(|| format!("writing the JSON report to {}", path.display())),
        None => Ok(()),
    }
}

/// Write the Markdown brief of `report`, if `--markdown` asks for it.
fn write_brief(args: &AnalyzeArgs, report: &Report) -> Result<()> {
    match &args.markdown {
        Some(path) => {
            let brief = render_markdown(report);
            write_output(path, |out| Ok(out.write_all(brief.as_bytes())?))
                .with_context(|| format!("writing the Markdown brief to {}", path.display()))
        }
        None => Ok(()),
    }
}

/// Print the summary line and pick the exit status.
fn finish(args: &AnalyzeArgs, summary: &pipeline::RunSummary) -> ExitStatus {
    if !args.input.quiet {
        eprintln!("crosscheck: {}", summary.line());
    }
    if summary.interrupted || summary.nothing_read() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}

/// Rewrite forensics for one document, spans in characters.
fn rewrite_entry(doc: &Document) -> Rewrite {
    let analysis = crosscheck_rewrite::analyze(&doc.text);
    let offsets = CharOffsets::new(&doc.text);
    Rewrite {
        label: analysis.label.as_str().to_string(),
        score: (f64::from(analysis.score) * 1000.0).round() / 1000.0,
        substitutions: analysis
            .substitutions
            .iter()
            .map(|s| Substitution {
                span: offsets.char_span(s.range),
                found: s.found.clone(),
                likely: s.likely.clone(),
            })
            .collect(),
        evidence: analysis
            .evidence
            .iter()
            .map(|e| RewriteEvidence {
                span: offsets.char_span(e.range),
                kind: serde_json::to_value(e.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                note: e.note.clone(),
            })
            .collect(),
    }
}

/// Whether `stage` runs: all stages run unless `--only` names some.
fn stage_enabled(only: &[Stage], stage: Stage) -> bool {
    only.is_empty() || only.contains(&stage)
}

/// Write to `path` (`-` is standard output) through `write`, atomically: a temporary file in
/// the same folder renamed into place, so an interrupted run never leaves half a report. The
/// report is streamed, never built as one string: a million documents' texts would not fit.
fn write_output(path: &Path, write: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    if path == Path::new("-") {
        let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
        write(&mut stdout)?;
        stdout.write_all(b"\n")?;
        return Ok(stdout.flush()?);
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| -> Result<()> {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
        write(&mut out)?;
        out.write_all(b"\n")?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        Ok(())
    })();
    if let Err(err) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(err);
    }
    std::fs::rename(&tmp, path)?;
    Ok(())
}
