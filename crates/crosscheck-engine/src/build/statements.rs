//! Statements: each claim side, contradiction and timeline entry in one plain sentence.
//!
//! A statement is made of a document's own words — the clause of the clearest sentence that
//! states the value ([`crosscheck_facts::statement::clause_around`]) — never of the stems and
//! keys the comparison runs on. "Clearest" prefers a document whose wording is its outlet's
//! own (rewrite forensics found no machine rewriting), then one whose machine-substituted
//! words can be put back, then a clause of about fifteen words. A contradiction's statement
//! sets the values side by side in one clause and names who says each.

use std::ops::Range;

use crosscheck::{Document, TextRange};
use crosscheck_facts::statement::{and_list, as_sentence, clause_around, date_words};
use crosscheck_facts::{Claim, Contradiction, ContradictionKind, Facts, TimelineEntry};

/// How far a document's words are its outlet's own, from rewrite forensics.
#[derive(Clone, Debug, Default)]
pub(crate) struct Wording {
    /// No machine rewriting found (or rewrite forensics did not run).
    pub clean: bool,
    /// Machine-substituted words and the words they likely replaced: byte ranges into the
    /// document text, sorted.
    pub restore: Vec<(Range<usize>, String)>,
    /// The part of `restore` a statement may use: replacements that are function words or
    /// occur in some document of the run, so that a statement is made of the corpus's own
    /// words (a quote's restored wording, which says it is restored, may use them all).
    pub restore_known: Vec<(Range<usize>, String)>,
}

impl Wording {
    /// A document whose words stand as published.
    pub(crate) fn clean() -> Wording {
        Wording {
            clean: true,
            restore: Vec::new(),
            restore_known: Vec::new(),
        }
    }
}

/// A clause cut around a value, in three parts so that a value can be set beside another.
struct Clause {
    before: String,
    value: String,
    after: String,
    /// How clear it is: lower is better.
    rank: (u8, usize, usize),
}

impl Clause {
    fn sentence(&self) -> String {
        as_sentence(
            &format!("{}{}{}", self.before, self.value, self.after),
            self.before.len(),
        )
    }
}

/// Builds the statements of one run.
pub(crate) struct Statements<'a> {
    documents: &'a [Document],
    facts: &'a Facts,
    wording: &'a [Wording],
}

impl<'a> Statements<'a> {
    pub(crate) fn new(
        documents: &'a [Document],
        facts: &'a Facts,
        wording: &'a [Wording],
    ) -> Statements<'a> {
        Statements {
            documents,
            facts,
            wording,
        }
    }

    /// The clause of claim `n`, with substituted words put back.
    fn clause(&self, n: usize) -> Option<Clause> {
        let claim: &Claim = self.facts.claims.get(n)?;
        let text = &self.documents.get(claim.document)?.text;
        let sentence = claim.range;
        let value = claim.value_range;
        if value.start() < sentence.start() || value.end() > sentence.end() {
            return None;
        }
        let local = clause_around(
            sentence.slice(text),
            value.start() - sentence.start()..value.end() - sentence.start(),
        );
        let clause = sentence.start() + local.start..sentence.start() + local.end;
        let clean = Wording::clean();
        let wording = self.wording.get(claim.document).unwrap_or(&clean);
        let restore = |range: Range<usize>| restored(text, range, &wording.restore_known);
        let (before, value_text, after) = (
            restore(clause.start..value.start().max(clause.start)),
            restore(value.start()..value.end()),
            restore(value.end().min(clause.end)..clause.end),
        );
        let substituted = wording
            .restore_known
            .iter()
            .any(|(r, _)| r.start < clause.end && clause.start < r.end);
        let quality = match (wording.clean, substituted) {
            (true, _) => 0,
            (false, false) => 1,
            (false, true) => 2,
        };
        let words = before.split_whitespace().count()
            + value_text.split_whitespace().count()
            + after.split_whitespace().count();
        Some(Clause {
            before,
            value: value_text,
            after,
            rank: (quality, words.abs_diff(15), claim.document),
        })
    }

    /// The clearest clause among `claims`.
    fn clearest(&self, claims: &[usize]) -> Option<Clause> {
        claims
            .iter()
            .filter_map(|&n| self.clause(n))
            .min_by_key(|c| c.rank)
    }

    /// The statement of every claim, in claim order: the clearest clause of the claims on its
    /// side of its group (those stating the same value), computed once per side — a side can
    /// hold thousands of claims — or, for a claim in no group, its own clause.
    pub(crate) fn claims(&self) -> Vec<String> {
        let mut out: Vec<Option<String>> = vec![None; self.facts.claims.len()];
        for group in &self.facts.groups {
            for side in &group.sides {
                let Some(clause) = self.clearest(&side.claims) else {
                    continue;
                };
                let sentence = clause.sentence();
                for &n in &side.claims {
                    if let Some(slot) = out.get_mut(n) {
                        *slot = Some(sentence.clone());
                    }
                }
            }
        }
        out.into_iter()
            .enumerate()
            .map(|(n, statement)| {
                statement.unwrap_or_else(|| {
                    self.clause(n).map_or_else(
                        || as_sentence(&self.facts.claims[n].text, 0),
                        |c| c.sentence(),
                    )
                })
            })
            .collect()
    }

    /// The statement of a contradiction: the clearest clause of its first side with every
    /// side's value in place of the value, each with who states it.
    pub(crate) fn contradiction(&self, k: &Contradiction) -> String {
        let opener = match k.kind {
            ContradictionKind::Factual => "Sources disagree",
            ContradictionKind::Disputed => "The parties quoted disagree",
        };
        let sides: Vec<(Option<Clause>, String)> = k
            .sides
            .iter()
            .map(|side| (self.clearest(&side.claims), self.names(&side.documents)))
            .collect();
        let Some((Some(first), _)) = sides.first() else {
            return format!("{opener}: {}", k.reason);
        };
        let values: Vec<String> = sides
            .iter()
            .map(|(clause, who)| {
                let value = clause
                    .as_ref()
                    .map_or_else(|| "another value".to_string(), |c| c.value.clone());
                format!("{value} (according to {who})")
            })
            .collect();
        let clause = Clause {
            before: first.before.clone(),
            value: values.join(" or "),
            after: first.after.clone(),
            rank: first.rank,
        };
        format!("{opener}: {}", clause.sentence())
    }

    /// The statement of a timeline entry: its date as precisely as known, then the clearest
    /// clause that dates it.
    pub(crate) fn timeline(&self, entry: &TimelineEntry) -> String {
        let when = date_words(entry.date, entry.precision);
        let clause = self.clearest(&entry.claims);
        let what = clause.map_or_else(|| as_sentence(&entry.text, 0), |c| c.sentence());
        format!("{}: {what}", capitalised(&when))
    }

    /// Documents by the names a reader knows them by: the outlet, else the document id.
    fn names(&self, documents: &[usize]) -> String {
        let mut names: Vec<String> = Vec::new();
        for &d in documents {
            let Some(doc) = self.documents.get(d) else {
                continue;
            };
            let name = doc.outlet().map_or_else(|| doc.id.clone(), str::to_string);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        and_list(&names)
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `text[range]` with each substituted word inside it replaced by the word it likely
/// replaced.
pub(crate) fn restored(
    text: &str,
    range: Range<usize>,
    restore: &[(Range<usize>, String)],
) -> String {
    let Some(slice) = TextRange::try_new(range.start, range.end).filter(|r| {
        r.end() <= text.len() && text.is_char_boundary(r.start()) && text.is_char_boundary(r.end())
    }) else {
        return String::new();
    };
    let mut out = String::new();
    let mut at = slice.start();
    for (r, likely) in restore {
        if r.start < at || r.end > slice.end() {
            continue;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(likely);
        at = r.end;
    }
    out.push_str(&text[at..slice.end()]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substituted_words_are_put_back() {
        let text = "Kherson was 1 of 4 regions annexed by Russia successful September.";
        let at = text.find("successful").unwrap_or(0);
        let restore = vec![(at..at + "successful".len(), "in".to_string())];
        assert_eq!(
            restored(text, 0..text.len(), &restore),
            "Kherson was 1 of 4 regions annexed by Russia in September."
        );
        // A substitution across the edge of the range is left alone.
        assert_eq!(restored(text, 0..at + 3, &restore), &text[..at + 3]);
    }
}
