//! Candidates for translation: pairs of documents in different languages that mention the
//! same numbers and names in the same order.
//!
//! A translation keeps what translation cannot change: figures, dates written in digits, and
//! names (folded here: lower case, accents stripped, simple transliteration variants merged,
//! so "Zelenskyy" meets "Zelenski"). Two articles on one story share many of them too, so this
//! only proposes; the sentence embeddings decide. Each anchor is weighted by its rarity
//! (inverse document frequency), an anchor in more than [`MAX_ANCHOR_DOCS`] documents proposes
//! nothing, and a pair's score is the weight of the longest run of shared anchors in the same
//! order in both texts. Each document keeps its best few partners, so the work grows with the
//! corpus, not with its square.

use crosscheck::text::fold_diacritics;
use rustc_hash::{FxHashMap, FxHashSet};

/// An anchor held by more documents than this proposes no pair (a year, a country).
pub(crate) const MAX_ANCHOR_DOCS: usize = 50;
/// Partners kept per document, best first. Generous: embedding cost is per document (each is
/// embedded once, whatever its partners), and aligning one more pair costs next to nothing;
/// with 3, a short tennis report lost its translation to longer reports naming the same
/// players.
const PARTNERS_PER_DOC: usize = 8;
/// Fewest shared anchors, in order, that make a candidate: two, as a translated excerpt of
/// two paragraphs may name no more (the partner cap keeps the candidates per document few).
pub(crate) const MIN_ORDERED_ANCHORS: usize = 2;
/// A partner must score at least this share of the document's best partner.
const SHARE_OF_BEST: f64 = 0.25;
/// Anchors read per document (the head: a translated excerpt sits anywhere, but a document's
/// first few hundred names and numbers are enough to find it).
const MAX_ANCHORS: usize = 400;

/// The anchors of a text, in order of first mention, each once.
pub(crate) fn anchors(text: &str) -> Vec<String> {
    let mut seen = FxHashSet::default();
    let mut out = Vec::new();
    let mut sentence_start = true;
    for (token, ends_sentence) in Tokens::new(text) {
        let anchor = anchor_of(token, sentence_start);
        sentence_start = ends_sentence;
        if let Some(anchor) = anchor {
            if seen.insert(anchor.clone()) {
                out.push(anchor);
                if out.len() == MAX_ANCHORS {
                    break;
                }
            }
        }
    }
    out
}

/// The anchor a token stands for, if any: a number of two or more digits (separators
/// dropped, so 1,500 and 1.500 meet), or a capitalised word of three or more letters that
/// does not open a sentence (an acronym of two capitals counts anywhere).
fn anchor_of(token: &str, sentence_start: bool) -> Option<String> {
    if token.chars().any(|c| c.is_ascii_digit()) {
        let digits: String = token.chars().filter(char::is_ascii_digit).collect();
        return (digits.len() >= 2).then(|| format!("#{digits}"));
    }
    let mut chars = token.chars();
    let first = chars.next()?;
    if !first.is_uppercase() {
        return None;
    }
    let letters = token.chars().count();
    let acronym = letters >= 2 && token.chars().all(char::is_uppercase);
    if !acronym && (letters < 3 || sentence_start) {
        return None;
    }
    Some(fold_name(token))
}

/// An anchor as a 64-bit key that never changes between builds or platforms (FNV-1a over
/// its UTF-8 bytes): stores keep these keys.
pub(crate) fn stable_key(anchor: &str) -> u64 {
    anchor.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// A name as every language spells it alike: lower case, no accents, doubled letters single,
/// and the usual transliteration variants merged (y/i, k/c, ph/f, w/v, j/i).
pub(crate) fn fold_name(name: &str) -> String {
    let folded = fold_diacritics(&name.to_lowercase()).replace("ph", "f");
    let mut out = String::with_capacity(folded.len());
    let mut last = None;
    for c in folded.chars() {
        let c = match c {
            'y' | 'j' => 'i',
            'k' | 'q' => 'c',
            'w' => 'v',
            c if c.is_alphanumeric() => c,
            _ => continue,
        };
        if last != Some(c) {
            out.push(c);
        }
        last = Some(c);
    }
    out
}

/// Words and numbers of a text, each with whether a sentence ends right after it.
struct Tokens<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Tokens<'a> {
    fn new(text: &'a str) -> Tokens<'a> {
        Tokens { text, at: 0 }
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = (&'a str, bool);

    fn next(&mut self) -> Option<(&'a str, bool)> {
        let rest = &self.text[self.at..];
        let start = self.at + rest.find(char::is_alphanumeric)?;
        let mut end = start;
        let mut chars = self.text[start..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let keep = c.is_alphanumeric()
                || ((c == '.' || c == ',')
                    && self.text[start..start + i]
                        .chars()
                        .next_back()
                        .is_some_and(|p| p.is_ascii_digit())
                    && chars.peek().is_some_and(|(_, n)| n.is_ascii_digit()));
            if !keep {
                break;
            }
            end = start + i + c.len_utf8();
        }
        self.at = end;
        let after = self.text[end..].trim_start_matches([' ', '"', '\'', ')', '»', '”']);
        let ends_sentence = after.starts_with(['.', '!', '?', '\n'])
            || self.text[end..].starts_with('\n')
            || after.is_empty();
        Some((&self.text[start..end], ends_sentence))
    }
}

/// Each document's language and translation anchors, held compactly: an anchor is a 4-byte
/// id in one flat list (its 64-bit key and last holder once per distinct anchor), a language a
/// 4-byte id. What the candidate rule reads, so that a run reading documents back from a store
/// keeps this instead of their texts, and finds the candidates of a run that holds them.
///
/// An anchor is known by its key ([`crate::anchor_keys`]): two anchors with one key (a chance
/// of about 3 in 10^8 among a million distinct anchors) count as one.
#[derive(Clone, Debug, Default)]
pub struct AnchorTable {
    /// Anchor key → its id (ids count up from 0 in order of first sight).
    ids: FxHashMap<u64, u32>,
    /// Every document's anchor ids, in order of first mention, each once, one document after
    /// another.
    anchors: Vec<u32>,
    /// Where each document's anchors end in `anchors` (document `i`'s start where `i - 1`'s end).
    ends: Vec<usize>,
    /// Per anchor id, the last document that holds it (its index + 1), so that a document
    /// holds each id once.
    last_holder: Vec<u32>,
    /// Each document's language, as an id into `languages`; `None`: unknown.
    language: Vec<Option<u32>>,
    /// Language → its id.
    languages: FxHashMap<String, u32>,
}

impl AnchorTable {
    /// An empty table.
    pub fn new() -> AnchorTable {
        AnchorTable::default()
    }

    /// Add the next document: its language and its anchor keys ([`crate::anchor_keys`] of its
    /// text). A document of unknown language holds no anchors and pairs with none.
    pub fn push(&mut self, language: Option<&str>, keys: &[u64]) {
        let language = language.map(|l| {
            let next = self.languages.len() as u32;
            *self.languages.entry(l.to_owned()).or_insert(next)
        });
        if language.is_some() {
            let me = self.ends.len() as u32 + 1;
            for &key in keys {
                let next = self.ids.len() as u32;
                let id = *self.ids.entry(key).or_insert(next);
                if id == next {
                    self.last_holder.push(0);
                }
                // Each anchor once: a key repeated (two anchors with one key) is its first.
                if self.last_holder[id as usize] != me {
                    self.last_holder[id as usize] = me;
                    self.anchors.push(id);
                }
            }
        }
        self.ends.push(self.anchors.len());
        self.language.push(language);
    }

    /// Documents added.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether no document was added.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Distinct languages among the documents added.
    pub fn languages(&self) -> usize {
        self.languages.len()
    }

    /// Candidate translation pairs `(a, b)`, `a < b`, by the order documents were added: the
    /// pairs [`crate::translation_candidates`] gives over the same documents.
    pub fn candidates(&self) -> Vec<(usize, usize)> {
        self.scored().into_iter().map(|(a, b, _)| (a, b)).collect()
    }

    /// Document `d`'s anchor ids.
    fn doc(&self, d: usize) -> &[u32] {
        let start = if d == 0 { 0 } else { self.ends[d - 1] };
        &self.anchors[start..self.ends[d]]
    }

    /// Candidate pairs `(a, b)`, `a < b`, of documents whose languages differ, with their
    /// ordered anchor score.
    pub(crate) fn scored(&self) -> Vec<(usize, usize, f64)> {
        // Anchor → documents holding it, in document order, all in one list.
        let mut count = vec![0u32; self.ids.len()];
        for &id in &self.anchors {
            count[id as usize] += 1;
        }
        let mut start = Vec::with_capacity(count.len() + 1);
        let mut at = 0usize;
        for &n in &count {
            start.push(at);
            at += n as usize;
        }
        start.push(at);
        let mut postings = vec![0u32; self.anchors.len()];
        let mut fill = start.clone();
        for d in 0..self.len() {
            for &id in self.doc(d) {
                postings[fill[id as usize]] = d as u32;
                fill[id as usize] += 1;
            }
        }
        drop(fill);
        let held = |id: u32| &postings[start[id as usize]..start[id as usize + 1]];
        let n_docs = self.len().max(1) as f64;
        let weight: Vec<f64> = count
            .iter()
            .map(|&n| (n_docs / f64::from(n)).ln() + 1.0)
            .collect();

        // Shared anchors per pair of different languages, through the postings of rare anchors.
        let mut out: FxHashMap<(usize, usize), f64> = FxHashMap::default();
        for a in 0..self.len() {
            let Some(lang_a) = self.language[a] else {
                continue;
            };
            let mine = self.doc(a);
            let mut shared: FxHashMap<u32, usize> = FxHashMap::default();
            for &id in mine {
                let docs = held(id);
                if docs.len() > MAX_ANCHOR_DOCS {
                    continue;
                }
                for &b in docs {
                    let b_lang = self.language[b as usize];
                    if b as usize != a && b_lang.is_some() && b_lang != Some(lang_a) {
                        *shared.entry(b).or_default() += 1;
                    }
                }
            }
            let mut scored: Vec<(usize, f64)> = shared
                .into_iter()
                .filter(|&(_, n)| n >= MIN_ORDERED_ANCHORS)
                .filter_map(|(b, _)| {
                    let (n, w) = ordered_shared(mine, self.doc(b as usize), &weight, &count);
                    (n >= MIN_ORDERED_ANCHORS).then_some((b as usize, w))
                })
                .collect();
            scored.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            if let Some(&(_, top)) = scored.first() {
                scored.retain(|&(_, w)| w >= SHARE_OF_BEST * top);
            }
            scored.truncate(PARTNERS_PER_DOC);
            for (b, w) in scored {
                out.insert((a.min(b), a.max(b)), w);
            }
        }
        let mut out: Vec<(usize, usize, f64)> =
            out.into_iter().map(|((a, b), w)| (a, b, w)).collect();
        out.sort_by_key(|&(a, b, _)| (a, b));
        out
    }
}

/// The longest chain of anchors both documents share in the same order (each document's
/// anchors are distinct, in order of first mention): its length and rarity weight. A
/// weighted longest increasing subsequence over the shared anchors' positions.
fn ordered_shared(a: &[u32], b: &[u32], weight: &[f64], count: &[u32]) -> (usize, f64) {
    let pos_b: FxHashMap<u32, usize> = b.iter().enumerate().map(|(i, &id)| (id, i)).collect();
    let seq: Vec<(usize, f64)> = a
        .iter()
        .filter(|&&id| count[id as usize] as usize <= MAX_ANCHOR_DOCS)
        .filter_map(|id| pos_b.get(id).map(|&p| (p, weight[*id as usize])))
        .collect();
    // O(k²) over the shared anchors only; k is small (at most MAX_ANCHORS).
    let mut best_w = vec![0.0f64; seq.len()];
    let mut best_n = vec![0usize; seq.len()];
    let (mut top_w, mut top_n) = (0.0f64, 0usize);
    for i in 0..seq.len() {
        let (mut w, mut n) = (0.0, 0);
        for j in 0..i {
            if seq[j].0 < seq[i].0 && best_w[j] > w {
                w = best_w[j];
                n = best_n[j];
            }
        }
        best_w[i] = w + seq[i].1;
        best_n[i] = n + 1;
        if best_w[i] > top_w {
            top_w = best_w[i];
            top_n = best_n[i];
        }
    }
    (top_n, top_w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_across_spellings_and_numbers_across_separators() {
        assert_eq!(fold_name("Zelenskyy"), fold_name("Zelenski"));
        assert_eq!(fold_name("Mérida"), fold_name("Merida"));
        assert_eq!(
            anchors("It cost 1,500 euros."),
            anchors("Costó 1.500 euros.")
        );
        // A capitalised sentence opener is no anchor; a name is, and an acronym anywhere.
        assert_eq!(
            anchors("The deal. Then Acme Corp and the EU signed"),
            vec!["acme", "corp", "eu"]
        );
    }

    #[test]
    fn a_table_holds_each_anchor_once_per_document_and_none_of_unknown_language() {
        let mut table = AnchorTable::new();
        table.push(Some("en"), &[7, 9, 7]);
        table.push(None, &[7, 9]);
        table.push(Some("es"), &[9, 7, 9]);
        assert_eq!((table.len(), table.languages()), (3, 2));
        assert_eq!(table.doc(0), [0, 1]);
        assert!(table.doc(1).is_empty());
        assert_eq!(table.doc(2), [1, 0]);
    }

    #[test]
    fn pairs_need_two_languages_and_anchors_in_order() {
        let texts = [
            "Officials said Acme paid 1,250 dollars to Borland in Madrid on 12 March, and Zelenski agreed.",
            "Los responsables dijeron que Acme pagó 1.250 dólares a Borland en Madrid el 12 de marzo, y Zelenskyy aceptó.",
            "Officials said Acme paid 1,250 dollars to Borland in Madrid on 12 March, and Zelenski agreed.",
            "En Madrid, Zelenski y Borland recibieron 12 de Acme; 1.250 más tarde.",
        ];
        let table = |langs: [Option<&str>; 4]| {
            let mut table = AnchorTable::new();
            for (text, lang) in texts.iter().zip(langs) {
                let keys: Vec<u64> = anchors(text).iter().map(|a| stable_key(a)).collect();
                table.push(lang, &keys);
            }
            table
        };
        let found = table([Some("en"), Some("es"), Some("en"), Some("es")]).scored();
        let pairs: Vec<(usize, usize)> = found.iter().map(|&(a, b, _)| (a, b)).collect();
        assert!(pairs.contains(&(0, 1)) && pairs.contains(&(1, 2)));
        assert!(!pairs.contains(&(0, 2)), "same language");
        let score = |a, b| {
            found
                .iter()
                .find(|x| (x.0, x.1) == (a, b))
                .map_or(0.0, |x| x.2)
        };
        assert!(
            score(0, 1) > score(0, 3),
            "the shuffled text shares fewer anchors in order"
        );
        // Nothing when every document is in one language or of unknown language.
        assert!(table([Some("en"); 4]).candidates().is_empty());
        assert!(table([None, Some("es"), None, Some("es")])
            .candidates()
            .is_empty());
    }
}
