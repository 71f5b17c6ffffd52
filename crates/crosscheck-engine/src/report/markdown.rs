//! The Markdown brief: what a person reads first.
//!
//! Built from the [`Report`] alone, so the brief can never say something the JSON does not
//! carry. Article text is hostile input: anything taken from a document is escaped so that a
//! headline cannot inject links, images or HTML into a rendered brief.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use crosscheck_rewrite::Label;

use super::contract::Report;

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
    let index = Index::new(report);
    for story in &report.stories {
        render_story(&mut out, report, &index, story);
    }
    if report.stories.is_empty() {
        let all_pairs: Vec<usize> = (0..report.reuse.len()).collect();
        let all_docs: Vec<usize> = (0..report.documents.len()).collect();
        render_copies(&mut out, report, &index, &all_pairs, &all_docs);
    }
    if !report.skipped.is_empty() {
        // Inputs that could not be read, and stages that did not run or were cut short.
        let _ = writeln!(out, "\n## Skipped\n");
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

/// Citations a line of the brief shows; the JSON report has them all. A statement carried by
/// hundreds of pages would otherwise make a line, and the brief, grow with their number.
const MAX_CITES: usize = 6;

/// Members of a quote group the brief reads (see `Index::quote_group`).
const GROUP_READ: usize = 64;

/// Citations joined for one line, at most [`MAX_CITES`], with how many more there are.
fn cite_list(cites: &[String]) -> String {
    let shown = cites
        .iter()
        .take(MAX_CITES)
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");
    if cites.len() > MAX_CITES {
        format!("{shown} (+{} more)", cites.len() - MAX_CITES)
    } else {
        shown
    }
}

/// A citation: the document id and the character span of the evidence.
fn cite(document: &str, span: [usize; 2]) -> String {
    format!("[`{}` {}–{}]", escape_code(document), span[0], span[1])
}

/// Where each finding of the report is, by document and by group, built once: a story's
/// section reads only its own documents' findings, so the brief takes time in proportion to
/// its size, not to the stories times the findings.
struct Index<'a> {
    claims_of_doc: HashMap<&'a str, Vec<usize>>,
    claim_by_id: HashMap<&'a str, usize>,
    claims_of_group: HashMap<&'a str, Vec<usize>>,
    quotes_of_doc: HashMap<&'a str, Vec<usize>>,
    quotes_of_group: HashMap<&'a str, Vec<usize>>,
    contradictions_of_doc: HashMap<&'a str, Vec<usize>>,
    timeline_of_doc: HashMap<&'a str, Vec<usize>>,
    reuse_of_target: HashMap<&'a str, Vec<usize>>,
    documents_by_id: HashMap<&'a str, Vec<usize>>,
    /// Claim groups in some contradiction.
    disputed: HashSet<&'a str>,
}

impl<'a> Index<'a> {
    fn new(report: &'a Report) -> Index<'a> {
        fn add<'a>(map: &mut HashMap<&'a str, Vec<usize>>, key: &'a str, n: usize) {
            let list = map.entry(key).or_default();
            if list.last() != Some(&n) {
                list.push(n);
            }
        }
        let mut index = Index {
            claims_of_doc: HashMap::new(),
            claim_by_id: HashMap::new(),
            claims_of_group: HashMap::new(),
            quotes_of_doc: HashMap::new(),
            quotes_of_group: HashMap::new(),
            contradictions_of_doc: HashMap::new(),
            timeline_of_doc: HashMap::new(),
            reuse_of_target: HashMap::new(),
            documents_by_id: HashMap::new(),
            disputed: HashSet::new(),
        };
        for (n, c) in report.claims.iter().enumerate() {
            add(&mut index.claims_of_doc, &c.document, n);
            add(&mut index.claims_of_group, &c.group, n);
            // The first claim with an id, as a search from the start finds it.
            index.claim_by_id.entry(&c.id).or_insert(n);
        }
        for (n, q) in report.quotes.iter().enumerate() {
            add(&mut index.quotes_of_doc, &q.document, n);
            add(&mut index.quotes_of_group, &q.group, n);
        }
        for (n, k) in report.contradictions.iter().enumerate() {
            for id in &k.claims {
                if let Some(&c) = index.claim_by_id.get(id.as_str()) {
                    add(
                        &mut index.contradictions_of_doc,
                        &report.claims[c].document,
                        n,
                    );
                    index.disputed.insert(&report.claims[c].group);
                }
            }
        }
        for (n, t) in report.timeline.iter().enumerate() {
            for e in &t.evidence {
                add(&mut index.timeline_of_doc, &e.document, n);
            }
        }
        for (n, p) in report.reuse.iter().enumerate() {
            add(&mut index.reuse_of_target, &p.target, n);
        }
        for (n, d) in report.documents.iter().enumerate() {
            add(&mut index.documents_by_id, &d.id, n);
        }
        index
    }

    /// The report entry of document `id` (the first, should ids repeat).
    fn document<'r>(&self, report: &'r Report, id: &str) -> Option<&'r super::DocumentEntry> {
        self.documents_by_id
            .get(id)
            .and_then(|n| n.first())
            .map(|&n| &report.documents[n])
    }

    /// The first [`GROUP_READ`] quotes of quote group `group`, in report order, and how many
    /// it has. A statement syndicated to thousands of pages appears in every story one of
    /// them is in: reading all of it each time made the brief grow with the square of the
    /// corpus.
    fn quote_group<'r>(&self, report: &'r Report, group: &str) -> (Vec<&'r super::Quote>, usize) {
        let all = self
            .quotes_of_group
            .get(group)
            .map_or(&[][..], Vec::as_slice);
        let first = all
            .iter()
            .take(GROUP_READ)
            .map(|&n| &report.quotes[n])
            .collect();
        (first, all.len())
    }

    /// The entries `map` lists for any of `documents`, in report order.
    fn of(map: &HashMap<&str, Vec<usize>>, documents: &[String]) -> Vec<usize> {
        let mut out: Vec<usize> = documents
            .iter()
            .filter_map(|d| map.get(d.as_str()))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Facts a story's "What happened" lists at most.
const HAPPENED_MAX: usize = 6;

/// One story, as a fact-checker's memo reads: what happened, what the sources dispute, who
/// said what, who copied whom, then the timeline. Every line cites its evidence.
fn render_story(out: &mut String, report: &Report, index: &Index<'_>, story: &super::Story) {
    let members: HashSet<&str> = story.documents.iter().map(String::as_str).collect();
    let in_story = |doc: &str| members.contains(doc);
    let _ = writeln!(out, "\n## Story: {}\n", escape_inline(&story.title));
    let ids: Vec<String> = story
        .documents
        .iter()
        .map(|d| {
            match index
                .document(report, d)
                .and_then(|doc| doc.outlet.as_deref())
            {
                Some(o) => format!("`{}` ({})", escape_code(d), escape_inline(o)),
                None => format!("`{}`", escape_code(d)),
            }
        })
        .collect();
    let _ = writeln!(out, "Documents: {}.\n", ids.join(", "));

    // What happened: the statements most documents agree on, in no dispute.
    let _ = writeln!(out, "### What happened\n");
    let mut agreed: Vec<&super::Claim> = Vec::new();
    let mut seen_groups = HashSet::new();
    let mut seen_statements = HashSet::new();
    for claim in Index::of(&index.claims_of_doc, &story.documents)
        .into_iter()
        .map(|n| &report.claims[n])
    {
        if claim.support.len() < 2
            || index.disputed.contains(claim.group.as_str())
            || !seen_groups.insert(claim.group.as_str())
            || !seen_statements.insert(claim.statement.as_str())
        {
            continue;
        }
        agreed.push(claim);
    }
    // Most supported first; report order among equals.
    agreed.sort_by_key(|c| std::cmp::Reverse(c.support.len()));
    for claim in agreed.iter().take(HAPPENED_MAX) {
        // A set: a group stated by thousands of pages made this quadratic.
        let support: HashSet<&str> = claim.support.iter().map(String::as_str).collect();
        let evidence: Vec<String> = index
            .claims_of_group
            .get(claim.group.as_str())
            .into_iter()
            .flatten()
            .map(|&n| &report.claims[n])
            .filter(|c| support.contains(c.document.as_str()))
            .map(|c| cite(&c.document, c.span))
            .collect();
        let _ = writeln!(
            out,
            "- {} ({} documents) {}",
            escape_inline(&claim.statement),
            claim.support.len(),
            cite_list(&evidence)
        );
    }
    if agreed.is_empty() {
        let _ = writeln!(
            out,
            "- No fact is stated by two or more of these documents."
        );
    }

    let _ = writeln!(out, "\n### What the sources dispute\n");
    let mut any_dispute = false;
    for contradiction in Index::of(&index.contradictions_of_doc, &story.documents)
        .into_iter()
        .map(|n| &report.contradictions[n])
    {
        let claims: Vec<&super::Claim> = contradiction
            .claims
            .iter()
            .filter_map(|id| {
                index
                    .claim_by_id
                    .get(id.as_str())
                    .map(|&n| &report.claims[n])
            })
            .filter(|c| in_story(&c.document))
            .collect();
        if claims.is_empty() {
            continue;
        }
        any_dispute = true;
        let statement = if contradiction.statement.is_empty() {
            &contradiction.reason
        } else {
            &contradiction.statement
        };
        let cites: Vec<String> = claims.iter().map(|c| cite(&c.document, c.span)).collect();
        let _ = writeln!(out, "- {} {}", escape_inline(statement), cite_list(&cites));
        if claims.len() > MAX_CITES {
            let more = claims.len() - MAX_CITES;
            let _ = writeln!(
                out,
                "  - (the first {MAX_CITES} of {} statements; {more} more in the JSON report)",
                claims.len()
            );
        }
        for c in claims.iter().take(MAX_CITES) {
            let _ = writeln!(
                out,
                "  - {} {}: “{}”",
                document_name(report, index, &c.document),
                cite(&c.document, c.span),
                escape_inline(&shorten(&c.text, 200))
            );
        }
    }
    if !any_dispute {
        let _ = writeln!(out, "- No contradiction found between these documents.");
    }

    render_quotes(out, report, index, &story.documents);

    let pairs = Index::of(&index.reuse_of_target, &story.documents);
    let documents = Index::of(&index.documents_by_id, &story.documents);
    render_copies(out, report, index, &pairs, &documents);

    let _ = writeln!(out, "\n### Timeline\n");
    let mut any_event = false;
    for entry in Index::of(&index.timeline_of_doc, &story.documents)
        .into_iter()
        .map(|n| &report.timeline[n])
    {
        let evidence: Vec<String> = entry
            .evidence
            .iter()
            .filter(|e| in_story(&e.document))
            .map(|e| cite(&e.document, e.span))
            .collect();
        if evidence.is_empty() {
            continue;
        }
        any_event = true;
        let statement = if entry.statement.is_empty() {
            format!(
                "{} ({}): {}",
                entry.date,
                entry.precision.as_str(),
                entry.event
            )
        } else {
            entry.statement.clone()
        };
        // Dated only by machine-rewritten or translated text: the words may not be anyone's.
        let kinds: Vec<Option<&str>> = entry
            .evidence
            .iter()
            .map(|e| machine_wording(report, index, &e.document))
            .collect();
        let note = match kinds.first() {
            Some(&Some(kind)) if kinds.iter().all(|k| *k == Some(kind)) => {
                format!(" (only in {kind} text)")
            }
            Some(_) if kinds.iter().all(Option::is_some) => {
                " (only in machine-rewritten or machine-translated text)".to_string()
            }
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "- {}{note} {}",
            escape_inline(&statement),
            cite_list(&evidence)
        );
    }
    if !any_event {
        let _ = writeln!(out, "- No dated events.");
    }
}

/// How a machine worded document `id`, as a reader would say it ("machine-rewritten",
/// "machine-translated"), when rewrite forensics found it not the outlet's own wording.
fn machine_wording(report: &Report, index: &Index<'_>, id: &str) -> Option<&'static str> {
    match index
        .document(report, id)
        .and_then(|doc| doc.rewrite.as_ref())
        .map(|r| r.label)?
    {
        Label::Original => None,
        Label::Translated => Some("machine-translated"),
        Label::Spun | Label::Paraphrased => Some("machine-rewritten"),
    }
}

/// A document as a reader knows it: its outlet and id, or its id.
fn document_name(report: &Report, index: &Index<'_>, id: &str) -> String {
    match index
        .document(report, id)
        .and_then(|doc| doc.outlet.as_deref())
    {
        Some(o) => format!("{} (`{}`)", escape_inline(o), escape_code(id)),
        None => format!("`{}`", escape_code(id)),
    }
}

/// Who said what, grouped by speaker: each statement once, in the cleanest wording at hand
/// (never a machine's substitutions presented as someone's words), with every outlet that
/// quotes it and the words that drift between them.
fn render_quotes(out: &mut String, report: &Report, index: &Index<'_>, documents: &[String]) {
    let _ = writeln!(out, "\n### Who said what\n");
    // speaker -> quote groups (first quote of each), in order of first appearance
    let mut speakers: Vec<(String, Vec<&super::Quote>)> = Vec::new();
    let mut seen_groups = HashSet::new();
    for quote in Index::of(&index.quotes_of_doc, documents)
        .into_iter()
        .map(|n| &report.quotes[n])
    {
        if !seen_groups.insert(quote.group.as_str()) {
            continue;
        }
        let (members, _) = index.quote_group(report, &quote.group);
        // The group's speaker: the first member with one.
        let speaker = members
            .iter()
            .find_map(|q| q.speaker_name.clone())
            .unwrap_or_else(|| "Unattributed".to_string());
        // Shown: a member in its outlet's own words, else the first.
        let shown = members
            .iter()
            .find(|q| q.clean_text.is_none())
            .or(members.first())
            .copied()
            .unwrap_or(quote);
        match speakers.iter_mut().find(|(s, _)| *s == speaker) {
            Some((_, list)) => list.push(shown),
            None => speakers.push((speaker, vec![shown])),
        }
    }
    if speakers.is_empty() {
        let _ = writeln!(out, "- No direct quotes.");
        return;
    }
    for (speaker, quotes) in speakers {
        let _ = writeln!(out, "- **{}**", escape_inline(&speaker));
        for quote in quotes {
            let (members, total) = index.quote_group(report, &quote.group);
            let mut citations: Vec<String> = members
                .iter()
                .take(MAX_CITES)
                .map(|q| cite(&q.document, q.span))
                .collect();
            if total > MAX_CITES {
                citations.push(format!("(+{} more)", total - MAX_CITES));
            }
            let (words, note) = match (&quote.clean_text, quote.clean_source.as_deref()) {
                (Some(clean), Some("restored")) => (
                    clean.as_str(),
                    format!(
                        " — `{}` prints this machine-rewritten; shown with the substituted words put back",
                        escape_code(&quote.document)
                    ),
                ),
                (Some(clean), _) => (
                    clean.as_str(),
                    format!(
                        " — `{}` prints this machine-rewritten; shown as another outlet quotes it",
                        escape_code(&quote.document)
                    ),
                ),
                (None, _) => match machine_wording(report, index, &quote.document) {
                    Some(kind) => (
                        quote.text.as_str(),
                        format!(
                            " — as printed in {kind} `{}`; the speaker's own words are not known",
                            escape_code(&quote.document)
                        ),
                    ),
                    None => (quote.text.as_str(), String::new()),
                },
            };
            let drifted = members.iter().filter(|q| !q.drift.is_empty()).count();
            let mut drift: Vec<String> = members
                .iter()
                .filter(|q| !q.drift.is_empty())
                .take(MAX_CITES)
                .map(|q| {
                    format!(
                        "`{}` has “{}”",
                        escape_code(&q.document),
                        escape_inline(&q.drift.join(" "))
                    )
                })
                .collect();
            if drifted > MAX_CITES {
                drift.push(format!("{} more", drifted - MAX_CITES));
            }
            let drift = if drift.is_empty() || members.len() < 2 {
                String::new()
            } else {
                format!(" (wording differs between outlets: {})", drift.join("; "))
            };
            let _ = writeln!(
                out,
                "  - “{}”{note} {}{drift}",
                escape_inline(&shorten(words, 240)),
                citations.join(" ")
            );
        }
    }
}

/// Copies and machine rewriting: the reuse `pairs` and the `documents` (report indices).
fn render_copies(
    out: &mut String,
    report: &Report,
    index: &Index<'_>,
    pairs: &[usize],
    documents: &[usize],
) {
    let _ = writeln!(out, "\n### Who copied whom\n");
    let mut any = false;
    for pair in pairs.iter().map(|&n| &report.reuse[n]) {
        any = true;
        let evidence = pair
            .passages
            .first()
            .map(|p| {
                format!(
                    "{} ← {}",
                    cite(&pair.target, p.target),
                    cite(&pair.source, p.source)
                )
            })
            .unwrap_or_default();
        let share = format!("{:.0}% of its text", 100.0 * pair.copied_share);
        let substitutions = if pair.substitutions.is_empty() {
            String::new()
        } else {
            let shown: Vec<String> = pair
                .substitutions
                .iter()
                .take(5)
                .map(|s| {
                    format!(
                        "“{}” for “{}”",
                        escape_inline(&s.found),
                        escape_inline(&s.original)
                    )
                })
                .collect();
            format!("; words swapped: {}", shown.join(", "))
        };
        let _ = writeln!(
            out,
            "- {} copies {} ({}, {}): {share}, similarity {:.2}; direction: {}; root original {}{substitutions} {}",
            document_name(report, index, &pair.target),
            document_name(report, index, &pair.source),
            escape_inline(pair.relation.as_str()),
            escape_inline(pair.extent.as_str()),
            pair.similarity,
            pair.direction.in_words(),
            document_name(report, index, &pair.root),
            evidence
        );
    }
    for doc in documents.iter().map(|&n| &report.documents[n]) {
        let Some(rewrite) = &doc.rewrite else {
            continue;
        };
        if rewrite.label == Label::Original {
            continue;
        }
        any = true;
        let evidence: Vec<String> = rewrite
            .substitutions
            .iter()
            .take(5)
            .map(|s| {
                format!(
                    "“{}” for “{}” {}",
                    escape_inline(&s.found),
                    escape_inline(&s.likely),
                    cite(&doc.id, s.span)
                )
            })
            .chain(
                rewrite
                    .evidence
                    .iter()
                    .take(3)
                    .map(|e| format!("{} {}", escape_inline(&e.note), cite(&doc.id, e.span))),
            )
            .collect();
        let _ = writeln!(
            out,
            "- `{}` reads as {} (score {:.2}): {}",
            escape_code(&doc.id),
            escape_inline(rewrite.label.as_str()),
            rewrite.score,
            evidence.join("; ")
        );
    }
    if !any {
        let _ = writeln!(out, "- No copies and no machine rewriting found.");
    }
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    format!("{}…", cut.trim_end())
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

    /// The demo story's report with every document but `keep` relabelled `label`, and the
    /// spun document's restored quote wording dropped.
    fn demo_relabelled(label: Label, keep: &str) -> Report {
        let mut report: Report =
            serde_json::from_str(include_str!("../../tests/golden/harbour-fire.json"))
                .unwrap_or_default();
        for doc in &mut report.documents {
            if doc.id != keep {
                if let Some(rewrite) = doc.rewrite.as_mut() {
                    rewrite.label = label;
                }
            }
        }
        for quote in &mut report.quotes {
            quote.clean_text = None;
            quote.clean_source = None;
        }
        report
    }

    #[test]
    fn translated_text_is_called_translated_and_spun_text_rewritten() {
        let translated = render_markdown(&demo_relabelled(Label::Translated, "none"));
        assert!(
            translated.contains("(only in machine-translated text)"),
            "{translated}"
        );
        assert!(
            translated.contains("as printed in machine-translated `"),
            "{translated}"
        );
        assert!(!translated.contains("machine-rewritten"), "{translated}");
        let spun = render_markdown(&demo_relabelled(Label::Spun, "none"));
        assert!(spun.contains("(only in machine-rewritten text)"), "{spun}");
        assert!(!spun.contains("machine-translated"), "{spun}");
        // One outlet in its own words among the evidence: no note.
        let one_original = render_markdown(&demo_relabelled(Label::Translated, "coastwire-fire"));
        let notes = |md: &str| md.matches("(only in").count();
        assert!(notes(&one_original) < notes(&translated), "{one_original}");
    }
}
