//! Attribution: whose claim is it?
//!
//! "Russia claims 9,500 Ukrainian soldiers died" is Russia's claim, not the outlet's. A claim
//! inside quotation marks, or in the scope of a reporting cue ("X said", "according to X", "as
//! confirmed by X"), belongs to that speaker; comparisons then treat it as the party's word
//! and never as the reporter contradicting anyone. This is a cue-and-scope reading without a
//! parser: it finds the cue nearest the claim, the noun phrase that speaks, and the side of
//! the cue the claim is on.

use crosscheck::TextRange;
use serde::Serialize;

use crate::lexicon;
use crate::subject::SubjectNormalizer;
use crate::tokens::{Prepared, Tok};

/// Who a claim is attributed to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Attribution {
    /// The speaker as written ("the Russian Defense Ministry", "Surovikin"); a pronoun is
    /// replaced by the last named speaker before it in the document.
    pub speaker: String,
    /// Span of the speaker phrase in the document (of the pronoun when one was resolved).
    pub range: TextRange,
    /// The cue that attributes ("said", "claimed", "according to", "quote").
    pub cue: String,
    /// Canonical terms of the speaker, sorted: what "same party" is decided on.
    pub key: Vec<String>,
}

impl Attribution {
    /// Whether two attributions name the same party (one's terms contain the other's, or they
    /// share most of them).
    pub fn same_party(&self, other: &Attribution) -> bool {
        if self.key.is_empty() || other.key.is_empty() {
            return false;
        }
        let shared = self.key.iter().filter(|t| other.key.contains(t)).count();
        let smaller = self.key.len().min(other.key.len());
        shared == smaller || shared * 2 > self.key.len().max(other.key.len())
    }
}

/// Outlets and agencies: "per AP", "according to Reuters" cite sources of reporting, not a
/// party to the story.
fn is_news_outlet(key: &[String]) -> bool {
    !key.is_empty()
        && key.len() <= 2
        && key.iter().all(|t| {
            matches!(
                t.as_str(),
                "ap" | "reuters"
                    | "afp"
                    | "efe"
                    | "cnn"
                    | "bbc"
                    | "ukrinform"
                    | "bloomberg"
                    | "axios"
                    | "tass"
                    | "interfax"
                    | "dpa"
                    | "ansa"
                    | "nbc"
                    | "cbs"
                    | "abc"
                    | "report"
                    | "media"
                    | "press"
            )
        })
}

/// A reporting cue found in a sentence, with the tokens it covers as scope.
#[derive(Clone, Debug)]
struct Cue {
    tok: usize,
    scope: std::ops::Range<usize>,
    speaker: Option<(std::ops::Range<usize>, String)>,
    word: String,
}

/// Attributions of one document, sentence by sentence, for lookup by token index.
#[derive(Debug, Default)]
pub(crate) struct Attributions {
    /// Per sentence: the cues in it.
    cues: Vec<Vec<Cue>>,
    /// Per token: inside quotation marks.
    quoted: Vec<bool>,
    /// Per sentence: the paragraph-level speaker of a quote without a cue of its own.
    quote_speaker: Vec<Option<usize>>,
}

impl Attributions {
    /// Find the cues and quotes of a prepared document.
    pub(crate) fn new(p: &Prepared<'_>) -> Attributions {
        let quoted = quoted_tokens(p);
        let mut cues: Vec<Vec<Cue>> = Vec::with_capacity(p.sents.len());
        let mut last_named: Option<(std::ops::Range<usize>, String)> = None;
        for sent in &p.sents {
            let mut found = sentence_cues(p, sent.toks.clone(), &quoted);
            for cue in &mut found {
                match &cue.speaker {
                    Some((range, name)) if is_pronoun(name) => {
                        let named = last_named
                            .as_ref()
                            .map(|(_, n)| n.clone())
                            .or_else(|| last_name_before(p, sent.toks.start));
                        if let Some(named) = named {
                            cue.speaker = Some((range.clone(), named));
                        }
                    }
                    Some(s) => last_named = Some(s.clone()),
                    None => {}
                }
            }
            cues.push(found);
        }
        // A sentence made only of a quote borrows the speaker of a cue next to it in the same
        // paragraph (the cue sentence before, else after).
        let mut quote_speaker = vec![None; p.sents.len()];
        for (si, sent) in p.sents.iter().enumerate() {
            if !cues[si].is_empty() || !sent.toks.clone().any(|t| quoted[t]) {
                continue;
            }
            let before = si
                .checked_sub(1)
                .filter(|&b| !cues[b].is_empty() && same_paragraph(p, b, si));
            let after = (si + 1 < p.sents.len()
                && !cues[si + 1].is_empty()
                && same_paragraph(p, si, si + 1))
            .then_some(si + 1);
            quote_speaker[si] = before.or(after);
        }
        Attributions {
            cues,
            quoted,
            quote_speaker,
        }
    }

    /// The attribution of the claim whose value covers tokens `value` in sentence `si`.
    pub(crate) fn of(
        &self,
        p: &Prepared<'_>,
        si: usize,
        value: std::ops::Range<usize>,
        normalizer: &dyn SubjectNormalizer,
    ) -> Option<Attribution> {
        let quoted = value
            .clone()
            .any(|t| self.quoted.get(t).copied().unwrap_or(false));
        let cues = self.cues.get(si)?;
        // The cue whose scope holds the value, nearest first; a quote takes any cue in its
        // sentence, or the paragraph's.
        let mut best: Option<&Cue> = None;
        for cue in cues {
            let in_scope = cue.scope.contains(&value.start) || quoted;
            if !in_scope {
                continue;
            }
            let dist = cue.tok.abs_diff(value.start);
            if best.is_none_or(|b| dist < b.tok.abs_diff(value.start)) {
                best = Some(cue);
            }
        }
        let cue = match best {
            Some(c) => c,
            None if quoted => {
                let from = self.quote_speaker.get(si).copied().flatten()?;
                self.cues.get(from)?.first()?
            }
            None => return None,
        };
        let (range, speaker) = match &cue.speaker {
            Some((r, s)) => (p.span(r.clone()), s.clone()),
            None => (p.toks[cue.tok].range, "unnamed source".to_string()),
        };
        let key = speaker_key(cue, normalizer);
        // "according to Reuters", "per AP", "by our count": the reporting, not a party.
        let first = speaker
            .split_whitespace()
            .next()
            .map(str::to_lowercase)
            .unwrap_or_default();
        if is_news_outlet(&key) || matches!(first.as_str(), "our" | "we" | "my" | "this") {
            return None;
        }
        Some(Attribution {
            speaker,
            range,
            cue: if quoted && cue.word.is_empty() {
                "quote".to_string()
            } else {
                cue.word.clone()
            },
            key,
        })
    }
}

fn same_paragraph(p: &Prepared<'_>, a: usize, b: usize) -> bool {
    let text = p.text;
    let (Some(sa), Some(sb)) = (p.sents.get(a), p.sents.get(b)) else {
        return false;
    };
    let between = &text[sa.range.end().min(sb.range.start())..sb.range.start().max(sa.range.end())];
    !between.contains('\n')
}

fn speaker_key(cue: &Cue, normalizer: &dyn SubjectNormalizer) -> Vec<String> {
    let Some((_, name)) = &cue.speaker else {
        return Vec::new();
    };
    let mut key: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .filter_map(|w| {
            let lower = crosscheck::text::normalize_word(w);
            let lower = crate::tokens::strip_possessive(&lower).to_string();
            normalizer.term(&lower, w.chars().next().is_some_and(char::is_uppercase))
        })
        .collect();
    key.sort();
    key.dedup();
    key
}

/// The last run of capitalised words before token `before` (within a few sentences), for a
/// pronoun speaker with no named speaker before it.
fn last_name_before(p: &Prepared<'_>, before: usize) -> Option<String> {
    let from = before.saturating_sub(80);
    let mut k = before;
    while k > from {
        k -= 1;
        let t = &p.toks[k];
        if t.is_word()
            && t.cap
            && !lexicon::is_stopword(&t.norm)
            && lexicon::month(&t.base).is_none()
            && lexicon::weekday(&t.base).is_none()
        {
            let end = k + 1;
            let mut start = k;
            while start > from && p.toks[start - 1].is_word() && p.toks[start - 1].cap {
                start -= 1;
            }
            return Some(p.span(start..end).slice(p.text).to_string());
        }
    }
    None
}

fn is_pronoun(s: &str) -> bool {
    matches!(
        s.to_lowercase().as_str(),
        "he" | "she" | "they" | "it" | "we" | "i"
    )
}

/// Which tokens are inside quotation marks, following quotes across sentences of a paragraph.
fn quoted_tokens(p: &Prepared<'_>) -> Vec<bool> {
    let mut out = vec![false; p.toks.len()];
    let mut inside = false;
    let mut prev_end = 0usize;
    for (i, t) in p.toks.iter().enumerate() {
        // A paragraph break closes any open quote.
        if p.text[prev_end..t.range.start()].contains('\n') {
            inside = false;
        }
        prev_end = t.range.end();
        match t.norm.as_str() {
            "“" | "«" => inside = true,
            "”" | "»" => inside = false,
            "\"" => inside = !inside,
            _ => out[i] = inside,
        }
    }
    out
}

/// The reporting cues of one sentence.
fn sentence_cues(p: &Prepared<'_>, sent: std::ops::Range<usize>, quoted: &[bool]) -> Vec<Cue> {
    let toks = &p.toks;
    let mut out = Vec::new();
    for v in sent.clone() {
        if quoted[v] {
            continue;
        }
        let w = toks[v].norm.as_str();
        // "according to X", "per X" (X capitalised).
        if w == "according" && v + 1 < sent.end && toks[v + 1].norm == "to" {
            let speaker = noun_phrase_after(toks, v + 2, sent.end);
            let scope = sent.clone();
            out.push(Cue {
                tok: v,
                scope,
                speaker: speaker.map(|r| (r.clone(), p.span(r).slice(p.text).to_string())),
                word: "according to".to_string(),
            });
            continue;
        }
        if w == "per" && v + 1 < sent.end && toks[v + 1].cap {
            let speaker = noun_phrase_after(toks, v + 1, sent.end);
            out.push(Cue {
                tok: v,
                scope: sent.clone(),
                speaker: speaker.map(|r| (r.clone(), p.span(r).slice(p.text).to_string())),
                word: "per".to_string(),
            });
            continue;
        }
        if !lexicon::is_reporting_verb(w) || v > sent.start && toks[v - 1].norm == "to" {
            continue;
        }
        // "as confirmed ... by X": the clause before "as" is X's.
        if v > sent.start && toks[v - 1].norm == "as" {
            let by = (v + 1..sent.end).find(|&k| toks[k].norm == "by");
            let speaker = by.and_then(|b| noun_phrase_after(toks, b + 1, sent.end));
            out.push(Cue {
                tok: v,
                scope: sent.start..v - 1,
                speaker: speaker.map(|r| (r.clone(), p.span(r).slice(p.text).to_string())),
                word: toks[v].range.slice(p.text).to_string(),
            });
            continue;
        }
        let before = noun_phrase_before(toks, v, sent.start);
        // Cue after the content: ", X said." / ", said X." / "...,” X said".
        let clause_start = before.as_ref().map_or(v, |r| r.start);
        let comma_before = clause_start > sent.start
            && matches!(toks[clause_start - 1].norm.as_str(), "," | "”" | "\"");
        let content_after = (v + 1..sent.end)
            .take_while(|&k| !matches!(toks[k].norm.as_str(), "." | "!" | "?"))
            .count();
        let after_speaker = (before.is_none())
            .then(|| noun_phrase_after(toks, v + 1, sent.end))
            .flatten();
        let (scope, speaker) = if comma_before
            || (before.is_none() && after_speaker.is_some() && v > sent.start + 2)
        {
            let end = if comma_before { clause_start - 1 } else { v };
            (sent.start..end, before.or(after_speaker))
        } else {
            let _ = content_after;
            (
                v + 1..content_end(toks, v + 1, sent.end),
                before.or(after_speaker),
            )
        };
        // A cue without a speaker ("the stated intention") attributes nothing.
        let Some(speaker) = speaker else {
            continue;
        };
        let speaker = Some(speaker);
        out.push(Cue {
            tok: v,
            scope,
            speaker: speaker.map(|r| (r.clone(), p.span(r).slice(p.text).to_string())),
            word: toks[v].range.slice(p.text).to_string(),
        });
    }
    out
}

/// Where reported content that follows its cue ends: at an adjunct the reporter adds
/// ("..., after Moscow ordered the retreat", "following last week's victory").
fn content_end(toks: &[Tok], from: usize, end: usize) -> usize {
    (from..end)
        .find(|&k| {
            let w = toks[k].norm.as_str();
            matches!(w, "following" | "amid" | "despite")
                || k > from
                    && toks[k - 1].norm == ","
                    && matches!(
                        w,
                        "after" | "before" | "as" | "while" | "since" | "when" | "which"
                    )
        })
        .unwrap_or(end)
}

fn is_determiner(w: &str) -> bool {
    matches!(
        w,
        "the" | "a" | "an" | "its" | "his" | "her" | "their" | "our" | "this" | "that"
    )
}

fn is_np_word(t: &Tok) -> bool {
    t.is_word()
        && (is_determiner(&t.norm)
            || is_pronoun(&t.norm)
            || matches!(t.norm.as_str(), "of" | "in" | "for" | "at" | "from")
            || !lexicon::is_stopword(&t.norm))
        && lexicon::weekday(&t.base).is_none()
        && lexicon::month(&t.base).is_none()
        && !matches!(
            t.norm.as_str(),
            "and"
                | "but"
                | "as"
                | "while"
                | "which"
                | "who"
                | "what"
                | "where"
                | "when"
                | "how"
                | "why"
        )
        && !["'re", "'ve", "'ll", "'d", "'m", "n't"]
            .iter()
            .any(|c| t.norm.ends_with(c))
        && !lexicon::is_reporting_verb(&t.norm)
}

/// The noun phrase that ends right before token `v` ("the Russian Defense Ministry said").
fn noun_phrase_before(toks: &[Tok], v: usize, start: usize) -> Option<std::ops::Range<usize>> {
    let mut k = v;
    // Skip auxiliaries: "has said", "had claimed", "also said".
    while k > start
        && matches!(
            toks[k - 1].norm.as_str(),
            "has"
                | "have"
                | "had"
                | "also"
                | "later"
                | "previously"
                | "then"
                | "is"
                | "was"
                | "were"
                | "are"
        )
    {
        k -= 1;
    }
    let end = k;
    let mut first = k;
    let mut count = 0;
    while first > start && count < 8 {
        let t = &toks[first - 1];
        if is_np_word(t) || t.norm == "'s" || t.norm == "-" && first - 1 > start {
            first -= 1;
            count += 1;
            // A lowercase word that is not a determiner or a noun of office ends the phrase
            // once a capitalised one is in it (stop at "... Kherson, the ministry").
            continue;
        }
        break;
    }
    if first == end {
        return None;
    }
    // Trim to the last six tokens: long runs are clause material, not a speaker.
    let first = first.max(end.saturating_sub(6));
    // Drop leading verbs/adverbs (lowercase words before the determiner or name).
    let mut s = first;
    while s < end {
        let t = &toks[s];
        if t.cap || is_determiner(&t.norm) || end - s <= 1 && is_pronoun(&t.norm) {
            break;
        }
        s += 1;
    }
    // A speaker is a name, a determined noun phrase or a pronoun.
    let phrase = toks.get(s..end)?;
    let first_word = phrase.first()?;
    let ok = phrase.iter().any(|t| t.cap)
        || is_determiner(&first_word.norm)
        || phrase.len() == 1 && is_pronoun(&first_word.norm);
    ok.then_some(s..end)
}

/// The noun phrase starting at `k` ("said Volodymyr Zelenski, the Ukrainian president").
fn noun_phrase_after(toks: &[Tok], k: usize, end: usize) -> Option<std::ops::Range<usize>> {
    // A speaker starts with a name, a determiner or a noun, not a preposition ("reported in
    // Wisconsin").
    let first = toks.get(k).filter(|_| k < end)?;
    if lexicon::is_stopword(&first.norm) && !is_determiner(&first.norm) && !first.cap {
        return None;
    }
    if matches!(
        first.norm.as_str(),
        "in" | "on" | "at" | "of" | "for" | "from" | "by" | "to"
    ) {
        return None;
    }
    let mut e = k;
    while e < end && e - k < 6 && (is_np_word(&toks[e]) || toks[e].norm == "'s") {
        e += 1;
        // Names end at the first lowercase word after capitalised ones (but keep "the").
        if e < end
            && !toks[e].cap
            && toks[e - 1].cap
            && !matches!(toks[e].norm.as_str(), "of" | "'s")
        {
            break;
        }
    }
    (e > k).then_some(k..e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::subject::DefaultNormalizer;

    fn attribution_of(text: &str, value: &str) -> Option<Attribution> {
        let p = Prepared::new(text, "en");
        let n = DefaultNormalizer;
        let a = Attributions::new(&p);
        let start = text.find(value)?;
        let tok = p.toks.iter().position(|t| t.range.start() == start)?;
        let si = p.sents.iter().position(|s| s.toks.contains(&tok))?;
        a.of(&p, si, tok..tok + 1, &n)
    }

    #[test]
    fn speaker_before_and_after() {
        let a = attribution_of(
            "The Russian Defense Ministry said 115,000 people left.",
            "115,000",
        )
        .unwrap();
        assert_eq!(a.speaker, "The Russian Defense Ministry");
        let a = attribution_of(
            "More than 115,000 people left, the ministry said.",
            "115,000",
        )
        .unwrap();
        assert_eq!(a.speaker, "the ministry");
        let a = attribution_of(
            "In all, 115,000 people left, according to the regional governor.",
            "115,000",
        )
        .unwrap();
        assert_eq!(a.speaker, "the regional governor");
    }

    #[test]
    fn reporter_claims_and_outlet_citations_are_not_attributed() {
        assert!(attribution_of(
            "Kherson was one of four regions annexed in September.",
            "four"
        )
        .is_none());
        assert!(attribution_of("The regions make up 15% of Ukraine, per AP.", "15").is_none());
    }

    #[test]
    fn quotes_belong_to_their_speaker() {
        let text =
            "Surovikin spoke on television.\n“We lost 40 tanks,” he said. “Nobody else did.”";
        let a = attribution_of(text, "40").unwrap();
        assert_eq!(a.speaker, "Surovikin");
        assert_eq!(a.cue, "said");
    }

    #[test]
    fn as_confirmed_by() {
        let a = attribution_of(
            "The army completed the withdrawal of 30,000 troops, as confirmed on Friday by the spokesman Igor Konashenkov.",
            "30,000",
        )
        .unwrap();
        assert!(a.speaker.contains("spokesman"), "{a:?}");
    }
}
