//! Quote groups: the same statement reported by several outlets, with the words that drifted.
//!
//! What it does: links quotes from different documents whose content words overlap (a lower
//! bar when both are attributed to the same resolved speaker, since a translated or spun quote
//! keeps its speaker but loses words), takes connected groups, and lists for each member the
//! words that differ from the other members inside the stretch they share ("or weaponry ...
//! left behind" against "left").
//!
//! Why not group by speaker alone: one speaker makes many statements (Kots in two outlets said
//! different things); why not by wording alone: short quotes ("No.") repeat across speakers.
//!
//! Example: see [`group_quotes`].

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crosscheck::text::normalize_word;

use crate::quotes::Quote;
use crate::resolve::Entity;

/// One document's input to [`group_quotes`]: its string id and its quotes. Documents are
/// named by their index in the slice (the `i`-th element is document `i`, in the same order as
/// given to [`crate::resolve`]); the string id is used only to derive the stable group id.
pub type DocQuotes<'a> = (&'a str, &'a [Quote]);

/// One statement and every document that quotes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteGroup {
    /// Stable id derived from the members (`"g-…"`).
    pub id: String,
    /// The speaker entity most members attribute it to, if any.
    pub speaker: Option<String>,
    /// The quotes, in document order.
    pub members: Vec<GroupMember>,
}

/// One quote in a [`QuoteGroup`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupMember {
    /// The document: its index in the slice passed to [`group_quotes`].
    pub document: usize,
    /// Index into that document's quotes.
    pub quote: usize,
    /// Words of this quote that differ from the other members, in text order.
    pub drift: Vec<String>,
}

/// Group the quotes of many documents by statement. Every quote lands in exactly one group
/// (a quote no other document repeats is a group of one). `entities` (from
/// [`crate::resolve`] on the same documents, in the same order) tell which speakers are the
/// same.
///
/// ```
/// use crosscheck_entities::{group_quotes, mentions, quotes, resolve};
///
/// let a = "“Not a single piece of military equipment was left on the right bank,” Defense Ministry spokesman Igor Konashenkov said.";
/// let b = "“Not a single piece of military equipment or weaponry was left behind on the right bank,” the statement said.";
/// let (ma, mb) = (mentions(a), mentions(b));
/// let (qa, qb) = (quotes(a, &ma), quotes(b, &mb));
/// let entities = resolve(&[(a, &ma), (b, &mb)]);
/// let groups = group_quotes(&[("a", &qa), ("b", &qb)], &entities);
/// assert_eq!(groups.len(), 1);
/// assert_eq!(groups[0].members[1].drift, ["or", "weaponry", "behind"]);
/// ```
pub fn group_quotes(docs: &[DocQuotes<'_>], entities: &[Entity]) -> Vec<QuoteGroup> {
    // (document, mention index) -> entity id
    let mut entity_of: HashMap<(usize, usize), &str> = HashMap::new();
    for e in entities {
        for m in &e.mentions {
            entity_of.insert((m.document, m.mention), e.id.as_str());
        }
    }
    struct Item<'a> {
        doc: usize,
        quote: usize,
        words: Vec<String>,
        /// Content word ids (stems), sorted and distinct.
        content: Vec<u32>,
        speaker: Option<&'a str>,
    }
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut items: Vec<Item<'_>> = Vec::new();
    for (d, (_, qs)) in docs.iter().enumerate() {
        for (k, q) in qs.iter().enumerate() {
            let words = words(&q.text);
            let mut content: Vec<u32> = words
                .iter()
                .filter(|w| {
                    w.chars().count() >= 3 && !FUNCTION_WORDS.contains(&w.as_str())
                        || w.chars().any(|c| c.is_ascii_digit())
                })
                .map(|w| {
                    let next = ids.len() as u32;
                    *ids.entry(stem(w)).or_insert(next)
                })
                .collect();
            content.sort_unstable();
            content.dedup();
            let speaker = q
                .speaker
                .as_ref()
                .and_then(|s| s.mention)
                .and_then(|m| entity_of.get(&(d, m)).copied());
            items.push(Item {
                doc: d,
                quote: k,
                words,
                content,
                speaker,
            });
        }
    }
    let mut parent: Vec<usize> = (0..items.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    // Candidate pairs share at least one content word that is not common to many quotes (an
    // inverted index, not all pairs): a word quoted more than `MAX_WORD_QUOTES` times ("people",
    // "country") proposes no pair by itself, though it still counts once a pair is proposed.
    // Without the bound the work grew with the square of the corpus.
    let mut postings: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
    for (i, it) in items.iter().enumerate() {
        for &w in &it.content {
            postings[w as usize].push(i);
        }
    }
    // Per item: its content words too common to propose a pair (sorted). A pair's shared
    // words are its rare shared words, counted through the postings, plus the common ones
    // both have: at most the shorter list of common words, which rules out most proposals
    // before any list is merged, and only the common lists are merged.
    let common_words: Vec<Vec<u32>> = items
        .iter()
        .map(|it| {
            it.content
                .iter()
                .copied()
                .filter(|&w| postings[w as usize].len() > MAX_WORD_QUOTES)
                .collect()
        })
        .collect();
    // Each item's document, in a dense list: most proposals are read only for this.
    let document_of: Vec<usize> = items.iter().map(|it| it.doc).collect();
    // Rare shared words per proposed item, in a dense table; `proposed` lists the ones to
    // read and clear.
    let mut rare_shared: Vec<u32> = vec![0; items.len()];
    let mut proposed: Vec<usize> = Vec::new();
    for a in 0..items.len() {
        proposed.clear();
        for &w in &items[a].content {
            let list = &postings[w as usize];
            if list.len() > MAX_WORD_QUOTES {
                continue;
            }
            // Postings are in item order: the items after `a`.
            let from = list.partition_point(|&i| i <= a);
            for &b in &list[from..] {
                if rare_shared[b] == 0 {
                    proposed.push(b);
                }
                rare_shared[b] += 1;
            }
        }
        for &b in &proposed {
            let rare = std::mem::take(&mut rare_shared[b]) as usize;
            if document_of[a] == document_of[b] {
                continue;
            }
            let (x, y) = (&items[a], &items[b]);
            // Every rule below needs at least two shared words and half the smaller quote.
            let smaller = x.content.len().min(y.content.len()).max(1);
            let most_shared = rare + common_words[a].len().min(common_words[b].len());
            if most_shared < 2 || 2 * most_shared < smaller {
                continue;
            }
            let shared = rare + shared_count(&common_words[a], &common_words[b]);
            let overlap = shared as f64 / smaller as f64;
            let same_speaker = x.speaker.is_some() && x.speaker == y.speaker;
            let other_speaker = x.speaker.is_some() && y.speaker.is_some() && !same_speaker;
            let linked = if same_speaker {
                shared >= 2 && overlap >= 0.5
            } else if other_speaker {
                // Two outlets may credit one statement to a ministry and to its spokesman;
                // only near-identical wording overrides that disagreement.
                shared >= 5 && overlap >= 0.7 && longest_run(&x.words, &y.words) >= 5
            } else {
                shared >= 4 && overlap >= 0.6
            };
            if linked {
                let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
                parent[hi] = lo;
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..items.len() {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    groups
        .into_values()
        .map(|members| {
            let mut speakers: BTreeMap<&str, usize> = BTreeMap::new();
            for &i in &members {
                if let Some(s) = items[i].speaker {
                    *speakers.entry(s).or_default() += 1;
                }
            }
            let speaker = speakers
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(s, _)| (*s).to_string());
            let mut key = String::new();
            for &i in &members {
                let q = &docs[items[i].doc].1[items[i].quote];
                key.push_str(docs[items[i].doc].0);
                key.push('\u{0}');
                key.push_str(&q.span.start().to_string());
                key.push('\u{0}');
            }
            let id = format!("g-{:016x}", xxhash_rust::xxh3::xxh3_64(key.as_bytes()));
            let out_members = members
                .iter()
                .map(|&i| {
                    // Drift is read against at most `DRIFT_OTHERS` other members (the
                    // first, in document order): every member against every other grew with
                    // the square of a group, and a statement quoted by hundreds of pages
                    // took minutes at 100k documents.
                    let others: Vec<&[String]> = members
                        .iter()
                        .filter(|&&j| j != i && items[j].doc != items[i].doc)
                        .take(DRIFT_OTHERS)
                        .map(|&j| items[j].words.as_slice())
                        .collect();
                    GroupMember {
                        document: items[i].doc,
                        quote: items[i].quote,
                        drift: drift(&items[i].words, &others),
                    }
                })
                .collect();
            QuoteGroup {
                id,
                speaker,
                members: out_members,
            }
        })
        .collect()
}

/// Other members a member's drift is read against (see [`group_quotes`]).
const DRIFT_OTHERS: usize = 16;

/// Quotes a content word may be in and still propose candidate pairs (see [`group_quotes`]).
const MAX_WORD_QUOTES: usize = 256;

/// Elements two sorted, distinct lists share.
fn shared_count(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Words that carry no content of their own: shared function words say nothing about two
/// quotes being one statement.
const FUNCTION_WORDS: &[&str] = &[
    "the", "and", "but", "for", "nor", "not", "are", "was", "were", "has", "have", "had", "been",
    "being", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "does",
    "did", "this", "that", "these", "those", "there", "here", "with", "from", "into", "onto",
    "upon", "about", "than", "then", "them", "they", "their", "its", "his", "her", "our", "your",
    "you", "who", "whom", "whose", "which", "what", "when", "where", "why", "how", "all", "any",
    "some", "such", "very", "just", "also", "only", "even", "still", "yet", "out", "off", "over",
    "under", "again", "once", "because", "while", "our", "ours", "we're", "it's", "don't", "i'm",
    "i've", "we've", "they're", "that's", "there's",
];

/// Lowercased word tokens of a quote, punctuation dropped, original spelling kept otherwise.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '—' | '–' | '/' | '…'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .map(normalize_word)
        .collect()
}

/// A crude stem so that "changes" meets "changed" and "change".
fn stem(w: &str) -> String {
    let mut s = w.to_string();
    for suffix in ["ing", "ed", "es", "s"] {
        if s.chars().count() > suffix.len() + 3 && s.ends_with(suffix) {
            s.truncate(s.len() - suffix.len());
            break;
        }
    }
    s
}

/// Words of `mine` that differ from every one of `others` inside the stretch they share: the
/// unmatched words between the first and last word in common (by longest common subsequence),
/// plus the words right at either edge when the other side also has different words there
/// (a substitution, not a longer excerpt).
fn drift(mine: &[String], others: &[&[String]]) -> Vec<String> {
    if others.is_empty() {
        return Vec::new();
    }
    let mut differs = vec![true; mine.len()];
    let mut any_alignment = false;
    for other in others {
        let matched = lcs(mine, other);
        if matched.is_empty() {
            continue;
        }
        any_alignment = true;
        let mut same = vec![false; mine.len()];
        for &(i, _) in &matched {
            same[i] = true;
        }
        let (fi, fj) = matched[0];
        let (li, lj) = matched[matched.len() - 1];
        // Outside the shared stretch: only a substitution at the edge counts.
        let lead = fj.min(fi);
        for (i, s) in same.iter_mut().enumerate().take(fi) {
            if i + lead < fi {
                *s = true;
            }
        }
        let tail_other = other.len() - 1 - lj;
        for (i, s) in same.iter_mut().enumerate().skip(li + 1) {
            if i > li + tail_other {
                *s = true;
            }
        }
        for (d, s) in differs.iter_mut().zip(&same) {
            if *s {
                *d = false;
            }
        }
    }
    if !any_alignment {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for (w, d) in mine.iter().zip(&differs) {
        if *d && !out.contains(w) {
            out.push(w.clone());
        }
    }
    out
}

/// Length of the longest run of consecutive words two quotes share.
fn longest_run(a: &[String], b: &[String]) -> usize {
    let mut best = 0;
    let mut prev = vec![0usize; b.len() + 1];
    for x in a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            if x == y {
                cur[j + 1] = prev[j] + 1;
                best = best.max(cur[j + 1]);
            }
        }
        prev = cur;
    }
    best
}

/// Index pairs of a longest common subsequence of two word lists.
fn lcs(a: &[String], b: &[String]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    let mut t = vec![vec![0u16; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i][j] = if a[i] == b[j] {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n && j < m {
        if a[i] == b[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if t[i + 1][j] >= t[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        words(s)
    }

    #[test]
    fn drift_inside_and_at_the_edges() {
        let a = w("Not a single piece of military equipment was left on the right bank. There were no losses");
        let b = w("Not a single piece of military equipment or weaponry was left behind on the right bank");
        assert_eq!(drift(&b, &[&a]), ["or", "weaponry", "behind"]);
        assert!(drift(&a, &[&b]).is_empty());
        let c = w("an entity of the Russian Federation");
        let d = w("This is a subject of the Russian Federation");
        assert_eq!(drift(&c, &[&d]), ["an", "entity"]);
        assert_eq!(drift(&d, &[&c]), ["a", "subject"]);
    }
}
