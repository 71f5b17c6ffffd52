//! Direct quotes in one document and who said them.
//!
//! What it does: pairs quote marks (curly, straight, guillemets) paragraph by paragraph, follows
//! a quote that runs over paragraphs, and finds the speaker from the cue around each quoted
//! stretch: `“…,” he said`, `said Yuriy Sobolevskyi`, `Kots added: “…”`, `Surovikin claimed that
//! Ukrainian forces “are attacking …”`, `according to …`, `… told CNN that he could “…”`. Pronouns,
//! roles ("the ministry", "the channel") and statement nouns ("the statement said") resolve to
//! the nearest fitting named mention; an unnamed source introduced before its name ("A local
//! official told CNN …", then `said Yuriy Sobolevskyi`) takes the name that follows.
//!
//! Why: a quote is only evidence once it has a speaker, and the same statement is compared
//! across outlets by speaker and wording (see [`crate::group_quotes`]). The rules key on the
//! speech verb and the quote marks, not on the words quoted, so spun or translated quotes are
//! still found and attributed.
//!
//! Example: see [`quotes`].

use serde::{Deserialize, Serialize};

use crosscheck::text::normalize_word;
use crosscheck::TextRange;

use crate::gazetteer::{gazetteer, Gender};
use crate::lexicon;
use crate::mentions::{EntityKind, Mention, Tok, Toks};

/// One direct quote: a stretch of text between quote marks, and its speaker.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words without the marks (and without a trailing comma the attribution
    /// forced inside them).
    pub span: TextRange,
    /// The quoted words, as in the text.
    pub text: String,
    /// Who said it, when a careful reader can tell.
    pub speaker: Option<Speaker>,
    /// The speech cue that attributes it ("said", "tweeted", "according to"), when there is one
    /// in the text; a continuation shares its first part's cue.
    pub cue: Option<TextRange>,
    /// Index (in the returned list) of the earlier quote this one continues: the second half of
    /// a split quote (`“…,” he said. “…”`) or the next paragraph of a long quote.
    pub continues: Option<usize>,
}

/// The speaker of a quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// The speaker's name: the resolved mention's name ("Dmitry Peskov"), or the words that
    /// describe an unnamed source ("Kyiv officials"), or a pronoun no earlier name fits ("she").
    pub name: String,
    /// Person, organisation, or other.
    pub kind: EntityKind,
    /// The words near the quote that name the source: "he", "the statement", "Kots".
    pub source: TextRange,
    /// Index into the document's mentions of the named mention the source resolves to.
    pub mention: Option<usize>,
}

/// Find the direct quotes in `text` and attribute them, using `mentions` (from
/// [`crate::mentions`] on the same text) for names.
///
/// ```
/// use crosscheck_entities::{mentions, quotes};
///
/// let text = "Kremlin spokesman Dmitry Peskov spoke on Friday.\n\n\
///             “This is a subject of the Russian Federation,” he said. “There can be no changes.”";
/// let ms = mentions(text);
/// let qs = quotes(text, &ms);
/// assert_eq!(qs.len(), 2);
/// assert_eq!(qs[0].text, "This is a subject of the Russian Federation");
/// assert_eq!(qs[0].speaker.as_ref().unwrap().name, "Dmitry Peskov");
/// assert_eq!(qs[1].speaker.as_ref().unwrap().name, "Dmitry Peskov");
/// assert_eq!(qs[1].continues, Some(0));
/// ```
pub fn quotes(text: &str, mentions: &[Mention]) -> Vec<Quote> {
    let segments = segments(text);
    if segments.is_empty() {
        return Vec::new();
    }
    let toks = Toks::new(text);
    let ctx = Ctx {
        text,
        toks: &toks,
        mentions,
        segments: &segments,
        paras: crosscheck::text::paragraphs(text),
    };
    let mut found: Vec<Found> = segments
        .iter()
        .enumerate()
        .map(|(i, _)| ctx.attribute(i))
        .collect();
    ctx.link_continuations(&mut found);
    ctx.resolve_all(&mut found);
    // Keep quotes a reader would call quotes: attributed ones, continuations, and long
    // unattributed ones; drop scare quotes and titles.
    let mut keep = vec![false; segments.len()];
    for (i, f) in found.iter().enumerate() {
        let seg = &segments[i];
        let words = word_count(seg.content.slice(text));
        let so_called = preceding_words(text, seg.open, 2)
            .iter()
            .any(|w| w == "so-called" || w == "called" && f.cue.is_none());
        let title_like = is_title_like(seg.content.slice(text));
        keep[i] = !so_called
            && words > 0
            && (f.cue.is_some() && (words >= 2 || f.after || f.colon)
                || f.continues.is_some_and(|c| keep[c])
                || (f.cue.is_none() && words >= 6 && !title_like && !seg.single));
    }
    let mut index = vec![None; segments.len()];
    let mut out: Vec<Quote> = Vec::new();
    for (i, f) in found.into_iter().enumerate() {
        if !keep[i] {
            continue;
        }
        index[i] = Some(out.len());
        let seg = &segments[i];
        out.push(Quote {
            span: seg.content,
            text: seg.content.slice(text).to_string(),
            speaker: f.speaker,
            cue: f.cue,
            continues: f.continues.and_then(|c| index[c]),
        });
    }
    out
}

/// One stretch between quote marks, within one paragraph.
#[derive(Clone, Debug)]
struct Segment {
    /// Byte offset of the opening mark (or of the paragraph start for a continued quote
    /// without a new opening mark).
    open: usize,
    /// Byte offset just past the closing mark, or the paragraph end.
    close: usize,
    /// The quoted words.
    content: TextRange,
    /// Paragraph index.
    paragraph: usize,
    /// Continues the previous segment's quote from the previous paragraph.
    carried: bool,
    /// In single quote marks.
    single: bool,
    /// Closed by a mark (not cut by the paragraph end).
    closed: bool,
}

fn is_open(c: char) -> bool {
    matches!(c, '“' | '«' | '„')
}

fn is_close(c: char) -> bool {
    matches!(c, '”' | '»')
}

/// Quote segments of the whole text, paragraph by paragraph.
fn segments(text: &str) -> Vec<Segment> {
    let paragraphs = crosscheck::text::paragraphs(text);
    let mut out: Vec<Segment> = Vec::new();
    let mut open_from_prev = false;
    for (p, para) in paragraphs.iter().enumerate() {
        let slice = para.slice(text);
        let base = para.start();
        let mut start: Option<(usize, bool)> = None; // (content start, straight)
        let mut opened_at = 0usize;
        let first = slice.chars().next().unwrap_or(' ');
        let carried_here = open_from_prev && (is_open(first) || first == '"');
        open_from_prev = false;
        let mut single: Option<usize> = None;
        // A curly opening mark inside a straight quote: its closing mark is nested too.
        let mut nested = false;
        let chars: Vec<(usize, char)> = slice.char_indices().collect();
        for (k, &(i, c)) in chars.iter().enumerate() {
            let prev = if k > 0 { chars[k - 1].1 } else { ' ' };
            let next = chars.get(k + 1).map_or(' ', |x| x.1);
            if c == '“' && matches!(start, Some((_, true))) {
                nested = true;
            }
            if start.is_none() {
                nested = false;
            }
            match (start, c) {
                (None, c) if is_open(c) => {
                    start = Some((i + c.len_utf8(), false));
                    opened_at = i;
                }
                (None, '"') => {
                    start = Some((i + 1, true));
                    opened_at = i;
                }
                (Some((s, false)), c) if is_close(c) => {
                    let carried = carried_here && first_in_para(&out, p);
                    push(
                        &mut out,
                        text,
                        base,
                        opened_at,
                        s,
                        i,
                        i + c.len_utf8(),
                        p,
                        carried,
                        false,
                        true,
                    );
                    start = None;
                }
                (Some((s, true)), '"') => {
                    let carried = carried_here && first_in_para(&out, p);
                    push(
                        &mut out,
                        text,
                        base,
                        opened_at,
                        s,
                        i,
                        i + 1,
                        p,
                        carried,
                        false,
                        true,
                    );
                    start = None;
                }
                // Mixed marks close too: `"…,” he said` and `“…," she said` (copy edited
                // from several sources), and `“…,“ he said` (an opening mark typed as the
                // closing one). They must sit like a closing mark: after a word or
                // punctuation, before a space or punctuation.
                (Some((s, straight)), c)
                    if (c == '”' && straight && !nested
                        || c == '"' && !straight
                        || c == '“' && !straight)
                        && looks_closing(prev, next) =>
                {
                    let carried = carried_here && first_in_para(&out, p);
                    push(
                        &mut out,
                        text,
                        base,
                        opened_at,
                        s,
                        i,
                        i + c.len_utf8(),
                        p,
                        carried,
                        false,
                        true,
                    );
                    start = None;
                }
                (Some((_, false)), c) if is_open(c) => {
                    // A new opening mark inside an open quote: the first one was never closed.
                    start = Some((i + c.len_utf8(), false));
                    opened_at = i;
                }
                (None, '‘') if !prev.is_alphanumeric() => {
                    single = Some(i);
                }
                (None, '’') if single.is_some() && !next.is_alphanumeric() => {
                    if let Some(o) = single.take() {
                        push(
                            &mut out,
                            text,
                            base,
                            o,
                            o + '‘'.len_utf8(),
                            i,
                            i + c.len_utf8(),
                            p,
                            false,
                            true,
                            true,
                        );
                    }
                }
                _ => {}
            }
        }
        if let Some((s, _)) = start {
            // Open at the paragraph end: news style continues the quote in the next paragraph.
            let carried = carried_here && first_in_para(&out, p);
            push(
                &mut out,
                text,
                base,
                opened_at,
                s,
                slice.len(),
                slice.len(),
                p,
                carried,
                false,
                false,
            );
            open_from_prev = true;
        }
    }
    out
}

/// Whether a quote mark between `prev` and `next` sits where a closing mark does.
fn looks_closing(prev: char, next: char) -> bool {
    !prev.is_whitespace() && !next.is_alphanumeric()
}

fn first_in_para(out: &[Segment], p: usize) -> bool {
    out.last().is_none_or(|s| s.paragraph != p)
}

#[allow(clippy::too_many_arguments)]
fn push(
    out: &mut Vec<Segment>,
    text: &str,
    base: usize,
    open: usize,
    content_start: usize,
    content_end: usize,
    close: usize,
    paragraph: usize,
    carried: bool,
    single: bool,
    closed: bool,
) {
    let raw = &text[base + content_start..base + content_end];
    // Markup left in the text (`tweet-id="7713…"`) is not a quote.
    if raw.contains(['<', '>']) || text[..base + open].ends_with('=') {
        return;
    }
    let lead = raw.len() - raw.trim_start().len();
    let mut trimmed = raw.trim();
    while let Some(t) = trimmed.strip_suffix(',') {
        trimmed = t.trim_end();
    }
    if trimmed.is_empty() {
        return;
    }
    let s = base + content_start + lead;
    out.push(Segment {
        open: base + open,
        close: base + close,
        content: TextRange::new(s, s + trimmed.len()),
        paragraph,
        carried,
        single,
        closed,
    });
}

fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

fn is_title_like(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    words.len() <= 6
        && words.iter().all(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.is_empty()
                || w.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_numeric())
                || matches!(w, "of" | "the" | "and" | "a" | "in" | "for" | "to" | "on")
        })
}

/// The last `n` words before byte `at`, lowercased.
fn preceding_words(text: &str, at: usize, n: usize) -> Vec<String> {
    text[..at]
        .split_whitespace()
        .rev()
        .take(n)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase()
        })
        .collect()
}

/// What attribution found for one segment.
#[derive(Clone, Debug, Default)]
struct Found {
    cue: Option<TextRange>,
    /// The source words: a token range `[a, b)`.
    source: Option<(usize, usize)>,
    speaker: Option<Speaker>,
    continues: Option<usize>,
    /// The cue came after the quote.
    after: bool,
    /// Introduced with a colon.
    colon: bool,
    /// The cue stands right before the quote ("said: “", "claimed that “").
    introduces: bool,
}

struct Ctx<'a> {
    text: &'a str,
    toks: &'a Toks<'a>,
    mentions: &'a [Mention],
    segments: &'a [Segment],
    /// Paragraph ranges of the text, computed once.
    paras: Vec<TextRange>,
}

/// Whether `word` may stand before a cue: the shared speech adverbs or quote-only extras.
fn is_adverb(word: &str) -> bool {
    lexicon::SPEECH_ADVERBS.contains(&word) || EXTRA_ADVERBS.contains(&word)
}

/// Adverbs allowed before a cue beyond [`lexicon::SPEECH_ADVERBS`].
const EXTRA_ADVERBS: &[&str] = &[
    "simply",
    "only",
    "just",
    "quickly",
    "flatly",
    "bluntly",
    "angrily",
    "firmly",
    "would",
    "will",
    "could",
    "did",
    "does",
    "do",
    "is",
    "was",
    "has",
    "privately",
    "separately",
    "frequently",
    "often",
    "even",
    "still",
    "now",
    "already",
    "directly",
    "not",
    "never",
    "wryly",
    "cheerfully",
    "proudly",
    "tearfully",
    "defiantly",
    "told",
];

impl Ctx<'_> {
    /// Token index range `[a, b)` of tokens inside byte range `[s, e)`.
    fn tok_range(&self, s: usize, e: usize) -> (usize, usize) {
        let t = &self.toks.toks;
        let a = t.partition_point(|x| x.range.start() < s);
        let b = t.partition_point(|x| x.range.start() < e);
        (a, b)
    }

    fn tok(&self, i: usize) -> &Tok<'_> {
        &self.toks.toks[i]
    }

    fn paragraph_bounds(&self, seg: &Segment) -> (usize, usize) {
        let paras = &self.paras;
        paras
            .get(seg.paragraph)
            .map_or((0, self.text.len()), |r| (r.start(), r.end()))
    }

    /// Find the cue and source words for segment `i`.
    fn attribute(&self, i: usize) -> Found {
        let seg = &self.segments[i];
        // A quoted transcript turn names its speaker first ("“SMITH: Thank you …”"), and a
        // roundup of reader or voter quotes signs each one after a dash on the same line.
        if let Some(f) = self
            .transcript_label(seg)
            .or_else(|| self.signature_in_paragraph(i))
        {
            return f;
        }
        let (pstart, pend) = self.paragraph_bounds(seg);
        // After the quote: up to the next opening mark or the sentence end.
        let next_open = self
            .segments
            .get(i + 1)
            .filter(|n| n.paragraph == seg.paragraph)
            .map_or(pend, |n| n.open);
        let (a0, a1) = self.tok_range(seg.close, next_open);
        // Before the quote: back to the previous closing mark or sentence start.
        let prev_close = i
            .checked_sub(1)
            .map(|j| &self.segments[j])
            .filter(|p| p.paragraph == seg.paragraph)
            .map_or(pstart, |p| p.close);
        let (b0, b1) = self.tok_range(prev_close, seg.open);
        let plausible = |f: &Found| f.source.is_some_and(|(a, b)| self.plausible_source(a, b));
        let raw_before = self.before_cue(b0, b1);
        let before = raw_before.clone().filter(plausible);
        let raw_after = if seg.closed {
            self.after_cue(a0, a1, seg)
        } else {
            None
        };
        let after = raw_after.clone().filter(plausible);
        // "He claimed that “…”" / "Kots added: “…”": a cue that introduces the quote wins,
        // unless only the cue after it names someone ("What they're saying: “…,” NAME said").
        if let Some(f) = before.as_ref().filter(|f| f.introduces) {
            let named = |f: &Found| f.source.is_some_and(|(a, b)| self.names_someone(a, b));
            if !after.as_ref().is_some_and(named) || named(f) {
                return f.clone();
            }
        }
        if let Some(f) = after {
            return f;
        }
        if let Some(f) = before {
            return f;
        }
        // A partial quote with its speaker later in the sentence: "The withdrawal “…” of the
        // West, NATO Secretary General Stoltenberg told CNN".
        if let Some(f) = self.later_in_sentence(a0, a1).filter(plausible) {
            return f;
        }
        // A quote paragraph signed in the next one: "“…”" then "- Hillary Clinton."
        if self.paragraph_is_quote(seg) {
            if let Some(f) = self.signature_after(seg) {
                return f;
            }
        }
        // "Cruz continued:" ending the previous paragraph, the quote opening this one; or a
        // quote alone in its paragraph after "Kerry said that …".
        if self.text[pstart..seg.open].trim().is_empty() && seg.paragraph > 0 {
            let paras = &self.paras;
            let prev_is_quote = i > 0 && self.segments[i - 1].paragraph + 1 == seg.paragraph;
            if let Some(prev) = paras.get(seg.paragraph - 1) {
                let prev_text = prev.slice(self.text).trim_end();
                let (p0, p1) = self.tok_range(prev.start(), prev.end());
                if prev_text.ends_with(':') || prev_text.ends_with(',') {
                    if let Some(mut f) = self.before_cue(p0, p1) {
                        f.colon = true;
                        return f;
                    }
                } else if !prev_is_quote && self.paragraph_is_quote(seg) {
                    if let Some(f) = self
                        .before_cue(p0, p1)
                        .filter(|f| f.source.is_some_and(|(a, b)| self.names_someone(a, b)))
                    {
                        return Found { colon: true, ..f };
                    }
                    // "Viguerie is upbeat about …" then a paragraph that is only a quote: the
                    // person the previous paragraph ends on.
                    let last = self.sentence_start_before(p1.saturating_sub(1));
                    if let Some((a, b)) = self.sentence_subject(last, p1.saturating_sub(1)) {
                        let person = matches!(self.tok(a).norm.as_str(), "he" | "she")
                            || self.mentions.iter().any(|m| {
                                m.kind == EntityKind::Person
                                    && m.span.start() == self.tok(a).range.start()
                            });
                        if person && a == last {
                            return Found {
                                cue: None,
                                source: Some((a, b)),
                                colon: true,
                                ..Found::default()
                            };
                        }
                    }
                    // "…, since Trump spoke only in evasive bromides." then a paragraph that is
                    // only a quote: a person who is the subject of a verb in that last sentence.
                    if let Some((a, b)) = self.person_subject(last, p1) {
                        return Found {
                            cue: None,
                            source: Some((a, b)),
                            colon: true,
                            ..Found::default()
                        };
                    }
                }
            }
        }
        // "…, digital consultant Phil Musser says. “…”": the sentence right before the quote,
        // in the same paragraph, is nothing but an attribution ending on its verb.
        if let Some(f) = self.previous_sentence_cue(seg).filter(plausible) {
            return f;
        }
        // "Greene added that the Fed wants out before the election. “They don’t like to talk
        // about it …”": a quote opening a sentence after a reported-speech sentence of the same
        // paragraph continues that speaker.
        if let Some(f) = self.reported_speech_before(seg).filter(plausible) {
            return f;
        }
        // "Carson … called the political system “rotten to the core.”": a partial quote in a
        // sentence whose subject is a name or a pronoun belongs to that subject.
        // A cue whose source words are no name ("said Tuesday that …") still marks a quote.
        self.sentence_fallback(seg)
            .or_else(|| {
                raw_after
                    .or(raw_before)
                    .map(|f| Found { source: None, ..f })
            })
            .unwrap_or_default()
    }

    fn is_sentence_end(&self, j: usize) -> bool {
        let t = self.tok(j);
        matches!(t.text, "." | "!" | "?")
            && !(j > 0 && lexicon::is_title_abbreviation(&self.tok(j - 1).norm))
            // "Sen. Ted Cruz (Tex.) said": an abbreviation closing a parenthesis.
            && self.toks.toks.get(j + 1).is_none_or(|n| n.text != ")")
            // "Raleigh, N.C., who …": a period before a comma ends an abbreviation.
            && self
                .toks
                .toks
                .get(j + 1)
                .is_none_or(|n| !matches!(n.text, "," | ";"))
            && !(j > 0 && self.tok(j - 1).cap && self.tok(j - 1).text.chars().count() == 1)
            // "if the U.S. pulls back": an abbreviation's period before a lowercase word.
            && !(j > 0
                && self.tok(j - 1).text.contains('.')
                && self
                    .toks
                    .toks
                    .get(j + 1)
                    .is_some_and(|n| n.word && !n.cap))
    }

    /// `“…,” he said`, `“…,” said Yuriy Sobolevskyi`, `“…,” the channel, RVVoenkor, reported`.
    fn after_cue(&self, a0: usize, a1: usize, seg: &Segment) -> Option<Found> {
        // “… unhinged.” Sen. Marco Rubio called …: a quote that ends its sentence is not
        // attributed by the next one.
        let quoted = seg.content.slice(self.text);
        if quoted.ends_with('.') && self.toks.toks.get(a0).is_some_and(|t| t.cap && t.word) {
            // Unless the next sentence is nothing but the attribution: “…” Trump said.
            let found = self.after_cue_inner(a0, a1, seg)?;
            let cue_end = found.cue.map_or(0, |c| c.end());
            let (c, _) = self.tok_range(cue_end, cue_end + 1);
            let short = (c..(c + 4).min(self.toks.len())).any(|j| self.is_sentence_end(j))
                && !(c..(c + 4).min(a1)).any(|j| matches!(self.tok(j).text, "“" | "\""));
            return short.then_some(found);
        }
        self.after_cue_inner(a0, a1, seg)
    }

    fn after_cue_inner(&self, a0: usize, a1: usize, seg: &Segment) -> Option<Found> {
        let mut j = a0;
        while j < a1 && matches!(self.tok(j).text, "," | "—" | "–" | "-" | ")") {
            j += 1;
        }
        let start = j;
        // Skip adverbs before an inverted verb: "“…,” said Yuriy".
        let inverted_subject = |n: &Tok<'_>| {
            n.cap
                || lexicon::is_role_noun(&n.norm)
                || lexicon::is_role_modifier(&n.norm)
                || matches!(
                    n.norm.as_str(),
                    "the"
                        | "a"
                        | "an"
                        | "one"
                        | "another"
                        | "his"
                        | "her"
                        | "their"
                        | "its"
                        | "master"
                        | "he"
                        | "she"
                )
        };
        // "said election lawyer Joe Birkenstock": lowercase role words before a person's name.
        let described_person = |k: usize| {
            (k..(k + 4).min(a1)).any(|n| {
                let t = self.tok(n);
                t.cap
                    && self
                        .mentions
                        .iter()
                        .any(|m| m.kind == EntityKind::Person && m.span.start() == t.range.start())
                    && self.toks.toks[k..n].iter().all(|x| x.word && !x.cap)
            })
        };
        if j < a1
            && self.tok(j).word
            && lexicon::is_speech_verb(&self.tok(j).norm)
            && !self.tok(j).cap
            && !self.tok(j).norm.ends_with("ing")
            && (self.toks.toks.get(j + 1).is_some_and(inverted_subject) || described_person(j + 1))
            || j < a1 && self.tok(j).norm == "according"
        {
            let (cue_end, src_start) = if self.tok(j).norm == "according" {
                if self.toks.toks.get(j + 1).is_some_and(|t| t.norm == "to") {
                    (j + 2, j + 2)
                } else {
                    return None;
                }
            } else {
                (j + 1, j + 1)
            };
            let cue = self.span(j, cue_end);
            let src = self.np_after(src_start, a1)?;
            return Some(Found {
                cue: Some(cue),
                source: Some(src),
                after: true,
                ..Found::default()
            });
        }
        // “…,” she elaborated: a pronoun or a name, then any past-tense verb.
        if j + 1 < a1 && self.quote_ends_with_comma_or_mark(seg) {
            let subj = self.tok(j);
            let verb = self.tok(j + 1);
            let pronoun = matches!(subj.norm.as_str(), "he" | "she" | "i" | "we" | "they");
            // A title may stand before the name: "Gov. Jane Moss fumed".
            let name_at = if lexicon::is_title_abbreviation(&subj.norm)
                && self.toks.toks.get(j + 1).is_some_and(|t| t.text == ".")
                && j + 2 < a1
            {
                self.tok(j + 2).range.start()
            } else {
                subj.range.start()
            };
            let named = self.mentions.iter().position(|m| {
                matches!(m.kind, EntityKind::Person | EntityKind::Other)
                    && m.span.start() == name_at
            });
            let verb_end = match named {
                Some(k) => {
                    self.tok_range(self.mentions[k].span.start(), self.mentions[k].span.end())
                        .1
                }
                None => j + 1,
            };
            if pronoun || named.is_some() {
                if let Some(v) = self.toks.toks.get(verb_end) {
                    let mut after = verb_end + 1;
                    if self
                        .toks
                        .toks
                        .get(after)
                        .is_some_and(|n| matches!(n.norm.as_str(), "out" | "back" | "up" | "on"))
                    {
                        after += 1;
                    }
                    // "“…,” Toomey fumed on Tuesday.": a short time or place phrase may
                    // follow the verb before the sentence ends.
                    let ends = self
                        .toks
                        .toks
                        .get(after)
                        .is_none_or(|n| matches!(n.text, "." | "," | "!" | "?" | ";"))
                        || self.short_adjunct(after, a1);
                    // Irregular past tenses of the verbs that close quotes: "he went on",
                    // "Bennett shot back".
                    let verb_like = v.norm.ends_with("ed")
                        || (v.norm.ends_with('s')
                            && v.norm.chars().count() >= 4
                            && !v.norm.ends_with("ss"))
                        || matches!(
                            v.norm.as_str(),
                            "went" | "shot" | "wrote" | "spoke" | "began" | "put"
                        );
                    if v.word && !v.cap && verb_like && ends && verb_end < a1 {
                        return Some(Found {
                            cue: Some(self.span(verb_end, verb_end + 1)),
                            source: Some((j, verb_end)),
                            after: true,
                            ..Found::default()
                        });
                    }
                }
            }
            let _ = verb;
        }
        // Subject then verb, within a dozen tokens and one clause.
        let mut k = j;
        let mut depth_comma = 0;
        while k < a1 && k - start < 40 {
            let t = self.tok(k);
            if self.is_sentence_end(k) || matches!(t.text, "“" | "\"" | "”" | ";") {
                return None;
            }
            if t.text == "," {
                depth_comma += 1;
            }
            let cap_ok = !t.cap || (k > 0 && self.tok(k - 1).text == ",");
            if t.word && cap_ok && lexicon::is_speech_verb(&t.norm) && k > start {
                if !self.subject_ok(start, k) {
                    return None;
                }
                let src = self.subject_before(start, k)?;
                return Some(Found {
                    cue: Some(self.span(k, k + 1)),
                    source: Some(src),
                    after: true,
                    ..Found::default()
                });
            }
            if k == start
                && t.norm == "according"
                && self.toks.toks.get(k + 1).is_some_and(|x| x.norm == "to")
            {
                let src = self.np_after(k + 2, a1)?;
                return Some(Found {
                    cue: Some(self.span(k, k + 2)),
                    source: Some(src),
                    after: true,
                    ..Found::default()
                });
            }
            // Only a short noun phrase (possibly with an appositive) may stand between the
            // quote and its verb.
            if k - start > 12 && depth_comma == 0 {
                return None;
            }
            k += 1;
        }
        None
    }

    /// Whether tokens from `k` are a short adjunct ending the sentence: a preposition or a
    /// time word, then at most five more words and no quote mark ("on Tuesday", "in an
    /// interview", "later").
    fn short_adjunct(&self, k: usize, limit: usize) -> bool {
        let Some(first) = self.toks.toks.get(k) else {
            return false;
        };
        let opens = matches!(
            first.norm.as_str(),
            "on" | "in"
                | "at"
                | "with"
                | "during"
                | "after"
                | "before"
                | "from"
                | "via"
                | "later"
                | "earlier"
                | "again"
                | "today"
                | "yesterday"
                | "tonight"
                | "monday"
                | "tuesday"
                | "wednesday"
                | "thursday"
                | "friday"
                | "saturday"
                | "sunday"
        );
        if !opens {
            return false;
        }
        let end = (k + 7).min(limit);
        for j in k + 1..end {
            let t = self.tok(j);
            if matches!(t.text, "“" | "”" | "\"" | ";") {
                return false;
            }
            if self.is_sentence_end(j) || t.text == "," {
                return true;
            }
        }
        end == limit && end <= k + 7 && end > k
    }

    /// Not a passive ("is typically called"), not part of a compound ("so-called").
    fn verb_is_active(&self, v: usize) -> bool {
        if v > 0 && self.tok(v - 1).text == "-" {
            return false;
        }
        let mut j = v;
        while j > 0 && self.tok(j - 1).word && self.tok(j - 1).norm.ends_with("ly") {
            j -= 1;
        }
        !(j > 0
            && matches!(
                self.tok(j - 1).norm.as_str(),
                "is" | "are"
                    | "was"
                    | "were"
                    | "be"
                    | "been"
                    | "being"
                    | "'s"
                    | "’s"
                    | "get"
                    | "got"
            ))
    }

    /// Whether the quoted words end with a comma, question or exclamation mark, as quotes
    /// followed by their attribution do.
    fn quote_ends_with_comma_or_mark(&self, seg: &Segment) -> bool {
        let inner = &self.text[seg.content.end()..seg.close];
        inner.contains(',') || seg.content.slice(self.text).ends_with(['?', '!', '.'])
    }

    /// The words between a quote and its verb must look like a subject: no verbs of their
    /// own, no sentence punctuation.
    fn subject_ok(&self, s: usize, v: usize) -> bool {
        if s >= v {
            return false;
        }
        let first = self.tok(s);
        // "“…” in Ukraine, officials said" is not a subject after the quote.
        if first.word
            && !first.cap
            && !matches!(
                first.norm.as_str(),
                "the"
                    | "a"
                    | "an"
                    | "he"
                    | "she"
                    | "they"
                    | "it"
                    | "we"
                    | "i"
                    | "his"
                    | "her"
                    | "their"
                    | "its"
                    | "one"
                    | "two"
                    | "three"
                    | "another"
                    | "some"
                    | "many"
                    | "several"
                    | "both"
                    | "most"
            )
            && !lexicon::is_role_noun(&first.norm)
            && !lexicon::is_role_modifier(&first.norm)
        {
            return false;
        }
        true
    }

    /// The source noun phrase that ends right before verb `v`, starting at or after `s`:
    /// tokens `[a, b)`.
    fn subject_before(&self, s: usize, v: usize) -> Option<(usize, usize)> {
        // Skip adverbs and auxiliaries back from the verb.
        let mut b = v;
        // A capitalised "Will" or "Still" right before the verb is a name ("“…,” Will wrote").
        while b > s
            && self.tok(b - 1).word
            && is_adverb(&self.tok(b - 1).norm)
            && !matches!(self.tok(b - 1).norm.as_str(), "told")
            && !(self.tok(b - 1).cap && b - 1 == s)
        {
            b -= 1;
        }
        if b <= s {
            return None;
        }
        // "Sen. Ron Johnson, R-Wis., said", "Gov. Phil Bryant (R) said", "Clinton, during a
        // town hall meeting in Columbus, Ohio, said": the first name of the clause chain that
        // is not the object of a preposition.
        if matches!(self.tok(b - 1).text, "," | ")") {
            let from = self.tok(s).range.start();
            let to = self.tok(b - 1).range.start();
            let first = self.mentions.iter().find(|m| {
                matches!(m.kind, EntityKind::Person | EntityKind::Organization)
                    && m.span.start() >= from
                    && m.span.end() <= to
                    && !self.inside_quote(m.span.start())
                    && {
                        let (k, e) = self.tok_range(m.span.start(), m.span.end());
                        // The head of its phrase: followed by a comma or a parenthesis, not by
                        // a noun ("a Telegram channel", "Kyiv officials").
                        self.toks
                            .toks
                            .get(e)
                            .is_some_and(|t| matches!(t.text, "," | "("))
                            && !(k > 0
                                && matches!(
                                    self.tok(k - 1).norm.as_str(),
                                    "of" | "in"
                                        | "at"
                                        | "from"
                                        | "with"
                                        | "for"
                                        | "by"
                                        | "to"
                                        | "on"
                                        | "about"
                                        | "against"
                                        | "than"
                                        | "like"
                                ))
                    }
            });
            if let Some(m) = first {
                let (ma, mb) = self.tok_range(m.span.start(), m.span.end());
                // Role words right before the name belong to the source ("Sen."), but not a
                // whole opening phrase ("At the convention Sen. Warren (D-MA) said").
                let head = self.clause_start(s, ma).max(ma.saturating_sub(5));
                return Some((head.min(ma), mb));
            }
        }
        // "NAME, ROLE, said": the subject is before the appositive.
        if self.tok(b - 1).text == "," {
            let inner_end = b - 1;
            let mut c = inner_end;
            while c > s && self.tok(c - 1).text != "," {
                c -= 1;
            }
            if c > s {
                // ", RVVoenkor," inside "the channel, RVVoenkor, reported": the name wins.
                if self.mention_covering(c, inner_end).is_some() {
                    return Some((c, inner_end));
                }
                let head = self.clause_start(s, c - 1);
                return Some((head, c - 1));
            }
            return Some((s, inner_end));
        }
        let a = self.clause_start(s, b);
        // "Beck, who has in the past described Trump as “…”": the verb is inside a relative
        // clause set off by a comma, so its subject is the relative pronoun (resolved to the
        // name before it).
        // Not an object relative with its own subject ("Bannon, who Beck called “…”", "the
        // deal, which he declared “…”").
        let own_subject = a < b && {
            let t = self.tok(a);
            t.cap
                || matches!(
                    t.norm.as_str(),
                    "he" | "she"
                        | "they"
                        | "i"
                        | "we"
                        | "you"
                        | "the"
                        | "a"
                        | "an"
                        | "his"
                        | "her"
                        | "their"
                        | "its"
                        | "some"
                        | "many"
                        | "one"
                )
        };
        if a > s + 1
            && !own_subject
            && matches!(self.tok(a - 1).norm.as_str(), "who" | "which")
            && self.tok(a - 2).text == ","
        {
            return Some((a - 1, a));
        }
        // "a White House official who spoke anonymously … said": the head before "who".
        if a > s && matches!(self.tok(a - 1).norm.as_str(), "who" | "which") {
            let head = self.clause_start(s, a - 1);
            if head < a - 1 {
                return Some((head, a - 1));
            }
        }
        Some((a, b))
    }

    /// A mention that exactly spans tokens `[a, b)` (allowing a leading article).
    fn mention_covering(&self, a: usize, b: usize) -> Option<usize> {
        if a >= b {
            return None;
        }
        let mut a = a;
        if matches!(self.tok(a).norm.as_str(), "the" | "a" | "an") {
            a += 1;
        }
        if a >= b {
            return None;
        }
        let s = self.tok(a).range.start();
        let e = self.tok(b - 1).range.end();
        self.mentions.iter().position(|m| {
            m.span.start() == s
                && m.span.end() == e
                && (m.kind == EntityKind::Person || m.kind == EntityKind::Organization)
        })
    }

    /// The start of the noun phrase ending at `b`: back over words, stopping at clause
    /// punctuation or a verb-like lowercase word that is not part of a role.
    fn clause_start(&self, s: usize, b: usize) -> usize {
        let mut a = b;
        while a > s {
            let t = self.tok(a - 1);
            if matches!(t.text, "," | ";" | ":" | "(" | ")" | "“" | "”" | "\"")
                || (t.text == "."
                    && !(a >= 2 && lexicon::is_title_abbreviation(&self.tok(a - 2).norm)))
            {
                break;
            }
            if t.word
                && matches!(
                    t.norm.as_str(),
                    "that"
                        | "and"
                        | "but"
                        | "as"
                        | "while"
                        | "when"
                        | "after"
                        | "because"
                        | "since"
                        | "so"
                        | "where"
                        | "although"
                        | "what"
                        | "which"
                        | "who"
                        | "whom"
                        | "whose"
                        | "if"
                        | "though"
                )
            {
                break;
            }
            a -= 1;
        }
        a
    }

    /// The noun phrase starting at `s` (after an inverted verb or "according to").
    fn np_after(&self, s: usize, limit: usize) -> Option<(usize, usize)> {
        let mut e = s;
        while e < limit.min(self.toks.len()) {
            let t = self.tok(e);
            if matches!(
                t.text,
                "," | "." | ";" | ":" | "(" | "“" | "”" | "\"" | "—" | "–"
            ) && !(t.text == "."
                && e > 0
                && lexicon::is_title_abbreviation(&self.tok(e - 1).norm))
            {
                break;
            }
            if t.word
                && e > s
                && !t.cap
                && matches!(
                    t.norm.as_str(),
                    "in" | "on"
                        | "at"
                        | "during"
                        | "after"
                        | "before"
                        | "who"
                        | "which"
                        | "when"
                        | "to"
                        | "told"
                        | "said"
                        | "says"
                        | "while"
                        | "that"
                        | "as"
                        | "from"
                )
            {
                break;
            }
            if t.word
                && e > s
                && matches!(
                    t.norm.as_str(),
                    "monday"
                        | "tuesday"
                        | "wednesday"
                        | "thursday"
                        | "friday"
                        | "saturday"
                        | "sunday"
                )
            {
                break;
            }
            e += 1;
            if e - s > 15 {
                break;
            }
        }
        (e > s).then_some((s, e))
    }

    /// `Kots added: “…”`, `Surovikin claimed that … “…”`, `… told CNN that he could “…”`.
    fn before_cue(&self, b0: usize, b1: usize) -> Option<Found> {
        // The sentence that holds the quote's opening.
        let mut s = b0;
        for j in (b0..b1).rev() {
            if self.is_sentence_end(j) {
                s = j + 1;
                break;
            }
        }
        let colon = b1 > s && matches!(self.tok(b1 - 1).text, ":" | ",");
        // The last speech verb before the quote, or "according to".
        let mut v = None;
        for j in (s..b1).rev() {
            let t = self.tok(j);
            // "Said Dorothy Poynter, …, “…”", "Continued Stone: “…”": an inverted verb opening
            // the sentence is capitalised, and a name follows it.
            let opening_inverted = j == s
                && self.toks.toks.get(j + 1).is_some_and(|n| n.cap && n.word)
                && !t.norm.ends_with("ing");
            if t.word
                && (!t.cap || opening_inverted)
                && lexicon::is_speech_verb(&t.norm)
                && self.verb_is_active(j)
            {
                v = Some(j);
                break;
            }
            if t.word && t.norm == "according" {
                v = Some(j);
                break;
            }
        }
        if v.is_none() {
            // "According to X, …" at the sentence start.
            if self.toks.toks.get(s).is_some_and(|t| t.norm == "according") {
                v = Some(s);
            }
        }
        let Some(v) = v else {
            // "Politico reveals a few relevant facts: “…”": any sentence ending in a colon
            // introduces the quote; its subject is the source.
            if b1 > s && self.tok(b1 - 1).text == ":" {
                // The main clause: after the last comma, when a name stands there.
                let in_range = |from: usize| {
                    self.mentions.iter().position(|m| {
                        matches!(m.kind, EntityKind::Person | EntityKind::Organization)
                            && m.span.start() >= from
                            && m.span.end() <= self.tok(b1 - 1).range.start()
                    })
                };
                // "HEADLINE - Michael P. McDonald: “…”": a dash sets the name off too.
                let last_comma = (s..b1)
                    .rev()
                    .find(|&j| matches!(self.tok(j).text, "," | "-" | "–" | "—"));
                let first = last_comma
                    .and_then(|c| in_range(self.tok(c).range.end()))
                    .or_else(|| in_range(self.tok(s).range.start()));
                let (a, b) = match first {
                    Some(k) => {
                        self.tok_range(self.mentions[k].span.start(), self.mentions[k].span.end())
                    }
                    None if matches!(
                        self.tok(s).norm.as_str(),
                        "he" | "she" | "they" | "i" | "we" | "it"
                    ) =>
                    {
                        (s, s + 1)
                    }
                    // "Partial transcript as follows:", "The email goes on:".
                    None => {
                        let head = (s..(s + 4).min(b1))
                            .find(|&j| lexicon::is_statement_noun(&self.tok(j).norm))?;
                        (s, head + 1)
                    }
                };
                return Some(Found {
                    cue: Some(self.span(b1 - 1, b1)),
                    source: Some((a, b)),
                    colon: true,
                    introduces: true,
                    ..Found::default()
                });
            }
            return None;
        };
        if self.tok(v).norm == "according" {
            let src = self.np_after(v + 2, b1)?;
            return Some(Found {
                cue: Some(self.span(v, v + 2)),
                source: Some(src),
                colon,
                ..Found::default()
            });
        }
        // Inverted: "said Kots: “…”", "…, said Kots: “…”". Not a verb that has its subject
        // before the comma ("Dean Johnson, a salesman, says Cruz will “…”"), nor one whose next
        // name is its object ("…, telling Reuters, “…”", "Hunter, meanwhile, told Politico").
        let takes_object = matches!(
            self.tok(v).norm.as_str(),
            "tell" | "tells" | "told" | "telling"
        ) || self.tok(v).norm.ends_with("ing");
        let after_comma = v > s
            && self.tok(v - 1).text == ","
            && v + 1 < b1
            && self.tok(v + 1).cap
            && !takes_object
            && !self
                .subject_before(s, v)
                .is_some_and(|(a, b)| self.names_someone(a, b));
        if v == s && !takes_object || after_comma {
            if let Some(src) = self.np_after(v + 1, b1) {
                return Some(Found {
                    cue: Some(self.span(v, v + 1)),
                    source: Some(src),
                    colon,
                    ..Found::default()
                });
            }
        }
        // "Trump launched an attack, calling him “…”": a participle after a comma takes the
        // sentence's subject.
        let participle = self.tok(v).norm.ends_with("ing")
            && v > 0
            && (self.tok(v - 1).text == ","
                || (matches!(self.tok(v - 1).text, "”" | "\"")
                    && v > 1
                    && self.tok(v - 2).text == ","));
        let src = if participle {
            self.sentence_subject(self.sentence_start_before(v), v)?
        } else {
            let src = self.subject_before(s, v);
            // "Massie used to support Paul, but now said …", "She declared “…” and said
            // …": a verb whose own subject words are no noun phrase shares the sentence's
            // subject, when that subject opens the sentence.
            match src.filter(|&(a, b)| self.plausible_source(a, b)) {
                Some(src) => src,
                None => {
                    let ss = self.sentence_start_before(v);
                    // "When I asked him, he looked up, frowned and said, “…”": or the subject
                    // that opens the main clause after an opening phrase.
                    let after_phrase = || {
                        let c = (ss..v).find(|&j| self.tok(j).text == ",")?;
                        self.opening_subject(c + 1, v)
                    };
                    self.opening_subject(ss, v).or_else(after_phrase).or(src)?
                }
            }
        };
        let gap: Vec<&str> = self.toks.toks[v + 1..b1]
            .iter()
            .map(|t| t.norm.as_str())
            .collect();
        let introduces = gap.len() <= 2
            && gap
                .iter()
                .all(|w| matches!(*w, ":" | "," | "that" | "—" | "-"));
        Some(Found {
            cue: Some(self.span(v, v + 1)),
            source: Some(src),
            colon,
            introduces,
            ..Found::default()
        })
    }

    /// The subject of the quote's sentence when it opens the sentence (or the clause after an
    /// opening phrase), with the word after it as the cue.
    fn sentence_fallback(&self, seg: &Segment) -> Option<Found> {
        let (o, _) = self.tok_range(seg.open, seg.open + 1);
        if o == 0 || o >= self.toks.len() {
            return None;
        }
        let s = self.sentence_start_before(o);
        if s >= o {
            return None;
        }
        let mut starts = vec![s];
        if let Some(c) = (s..o).find(|&j| self.tok(j).text == ",") {
            starts.push(c + 1);
        }
        for start in starts {
            if start >= o {
                continue;
            }
            let first = self.tok(start);
            let (a, b) = if matches!(first.norm.as_str(), "he" | "she" | "they" | "i" | "we") {
                (start, start + 1)
            } else {
                let m = self
                    .mentions
                    .iter()
                    .find(|m| {
                        matches!(m.kind, EntityKind::Person | EntityKind::Organization)
                            && m.span.start() >= first.range.start()
                            && m.span.start() <= first.range.end() + 40
                            && m.span.end() <= self.tok(o).range.start()
                    })
                    // "Moore thanked him for “…”": a name the mention rules typed as a place
                    // or left untyped is still the subject when it opens the sentence right
                    // before a verb.
                    .or_else(|| {
                        self.mentions.iter().find(|m| {
                            matches!(m.kind, EntityKind::Place | EntityKind::Other)
                                && m.span.start() == first.range.start()
                                && m.span.end() <= self.tok(o).range.start()
                                && {
                                    let (_, e) = self.tok_range(m.span.start(), m.span.end());
                                    // Not a possessive ("China's expanding influence").
                                    !self.text[m.span.end()..].starts_with(['’', '\''])
                                        && self.toks.toks.get(e).is_some_and(|t| {
                                            t.word && !t.cap && !lexicon::is_stopword(&t.norm)
                                        })
                                }
                        })
                    })?;
                let (a, b) = self.tok_range(m.span.start(), m.span.end());
                // Only role words may stand before the name ("Former Gov. Mike Huckabee").
                if !self.toks.toks[start..a].iter().all(|t| {
                    !t.word
                        || t.cap
                        || lexicon::is_role_modifier(&t.norm)
                        || lexicon::is_role_noun(&t.norm)
                }) {
                    continue;
                }
                (a, b)
            };
            // "Mike Huckabee, for his part, is labeling …": the verb after a parenthetical.
            let mut vb = b;
            if self.toks.toks.get(b).is_some_and(|t| t.text == ",") {
                if let Some(c) = (b + 1..(b + 10).min(o)).find(|&j| self.tok(j).text == ",") {
                    if !(b..c).any(|j| matches!(self.tok(j).text, "“" | "”" | "\"")) {
                        vb = c + 1;
                    }
                }
            }
            let verb = self.toks.toks.get(vb).filter(|t| {
                t.word
                    && !t.cap
                    && !matches!(t.norm.as_str(), "and" | "or" | "who" | "which" | "of")
            })?;
            let _ = verb;
            return Some(Found {
                cue: Some(self.span(vb, vb + 1)),
                source: Some((a, b)),
                ..Found::default()
            });
        }
        None
    }

    /// Whether tokens `[a, b)` can name a source: a short noun phrase (a name, a pronoun, "the
    /// statement", "Kyiv officials"), not a clause ("that he is responsible") or a date.
    fn plausible_source(&self, a: usize, b: usize) -> bool {
        // A long description may end on the name ("former Pennsylvania Gov. and Democratic
        // National Committee Chairman Ed Rendell").
        if a >= b || b - a > 16 {
            return false;
        }
        if self.names_someone(a, b)
            && self.mentions.iter().any(|m| {
                m.span.start() == self.tok(a).range.start()
                    || m.span.end() == self.tok(b - 1).range.end()
            })
        {
            return true;
        }
        if b - a > 10 {
            return false;
        }
        let first = self.tok(a);
        let det = matches!(
            first.norm.as_str(),
            "the"
                | "a"
                | "an"
                | "his"
                | "her"
                | "their"
                | "its"
                | "one"
                | "another"
                | "some"
                | "many"
                | "several"
                | "both"
                | "most"
                | "each"
                | "every"
                | "no"
                | "he"
                | "she"
                | "they"
                | "it"
                | "i"
                | "we"
                | "who"
                | "which"
                | "this"
                | "that's"
                | "these"
                | "those"
                | "other"
                | "others"
                | "two"
                | "three"
                | "four"
                | "five"
        ) && first.norm != "that";
        if !(det
            || first.cap
            || first
                .text
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
            || lexicon::is_role_noun(&first.norm)
            || lexicon::is_role_modifier(&first.norm))
        {
            return false;
        }
        // A lone capitalised function word is no source ("However said"), except a pronoun
        // or quantifier, a surname that is also a word ("“…,” Will wrote" when the document
        // names George Will), or a group of people ("Officials say", "Police said").
        let lone_stopword = b == a + 1
            && lexicon::is_stopword(&first.norm)
            && first.cap
            && !matches!(
                first.norm.as_str(),
                "he" | "she"
                    | "they"
                    | "it"
                    | "i"
                    | "we"
                    | "who"
                    | "another"
                    | "several"
                    | "someone"
                    | "others"
                    | "many"
                    | "some"
                    | "both"
            )
            && !self.surname_of_person(&first.norm)
            && !is_people_plural(&first.norm);
        !lone_stopword
            && self.toks.toks[a..b].iter().skip(1).all(|t| {
                !t.word
                    || t.cap
                    || !(matches!(
                        t.norm.as_str(),
                        "that"
                            | "to"
                            | "is"
                            | "was"
                            | "are"
                            | "were"
                            | "has"
                            | "have"
                            | "had"
                            | "be"
                            | "will"
                            | "would"
                            | "can"
                            | "could"
                            | "said"
                            | "says"
                            | "did"
                            | "does"
                            | "during"
                            | "while"
                            | "when"
                            | "if"
                            | "because"
                    ))
            })
    }

    /// Whether `word` is the last word of a person's name of two or more words in the
    /// document.
    fn surname_of_person(&self, word: &str) -> bool {
        self.mentions.iter().any(|m| {
            m.kind == EntityKind::Person
                && (m.name.split_whitespace().count() >= 2 && last_word(&m.name) == word
                    // The mention rules stop a name before a word like "Will" ("George"
                    // then " Will"): the capitalised word right after a given name.
                    || self.text[m.span.end()..]
                        .strip_prefix(' ')
                        .and_then(|rest| rest.split_whitespace().next())
                        .is_some_and(|next| {
                            next.chars().next().is_some_and(char::is_uppercase)
                                && normalize_word(next) == word
                        }))
        })
    }

    /// The first token of the sentence that holds token `v`, across quotes.
    fn sentence_start_before(&self, v: usize) -> usize {
        let mut j = v;
        while j > 0 {
            // “What a night!” and said …: a mark inside a quote the sentence goes on after.
            let inside_quote = matches!(self.tok(j).text, "”" | "\"")
                && self.toks.toks.get(j + 1).is_some_and(|n| n.word && !n.cap);
            if self.is_sentence_end(j - 1) && !inside_quote || self.tok(j).newline_before {
                break;
            }
            j -= 1;
        }
        j
    }

    /// The first person or organisation mention (or a leading pronoun) of the sentence
    /// `[s, v)`: tokens `[a, b)`.
    fn sentence_subject(&self, s: usize, v: usize) -> Option<(usize, usize)> {
        if matches!(
            self.tok(s).norm.as_str(),
            "he" | "she" | "they" | "i" | "we" | "it"
        ) {
            return Some((s, s + 1));
        }
        let from = self.tok(s).range.start();
        let to = self.tok(v).range.start();
        // Not a dateline's agency in parentheses ("WASHINGTON (AFP) – Clinton …").
        let m = self.mentions.iter().find(|m| {
            matches!(m.kind, EntityKind::Person | EntityKind::Organization)
                && m.span.start() >= from
                && m.span.end() <= to
                && !self.text[..m.span.start()].trim_end().ends_with('(')
        })?;
        Some(self.tok_range(m.span.start(), m.span.end()))
    }

    /// The subject that opens the sentence starting at `s`, before verb `v`: a leading
    /// personal pronoun or the first name (of any kind: "House Republican Thomas Massie" is
    /// not always typed a person) with only role words before it.
    fn opening_subject(&self, s: usize, v: usize) -> Option<(usize, usize)> {
        if s >= v {
            return None;
        }
        if matches!(
            self.tok(s).norm.as_str(),
            "he" | "she" | "they" | "i" | "we"
        ) {
            return Some((s, s + 1));
        }
        let from = self.tok(s).range.start();
        let to = self.tok(v).range.start();
        let m = self.mentions.iter().find(|m| {
            matches!(
                m.kind,
                EntityKind::Person | EntityKind::Organization | EntityKind::Other
            ) && m.span.start() >= from
                && m.span.end() <= to
        })?;
        let (a, b) = self.tok_range(m.span.start(), m.span.end());
        self.opens_sentence(s, a).then_some((a, b))
    }

    /// `“DOE: We will …”`: a quote that opens with a transcript label, a name in capitals and
    /// a colon, in a document that alternates such turns (see [`Ctx::is_transcript`]).
    fn transcript_label(&self, seg: &Segment) -> Option<Found> {
        let (c0, c1) = self.tok_range(seg.content.start(), seg.content.end());
        let mut j = c0;
        while j < c1 && j < c0 + 3 && is_caps_word(self.tok(j)) {
            j += 1;
        }
        if j == c0 || j >= c1 || self.tok(j).text != ":" {
            return None;
        }
        // One capitalised label alone may be a heading ("UPDATE:", "VIDEO:"), and a quoted
        // transcript may still be attributed as a whole to the document it comes from; turns
        // between two labelled speakers are what mark a transcript.
        if !self.is_transcript() {
            return None;
        }
        Some(Found {
            cue: Some(self.span(j, j + 1)),
            source: Some((c0, j)),
            colon: true,
            introduces: true,
            ..Found::default()
        })
    }

    /// Whether the document alternates turns between labelled speakers: at least two
    /// different capitalised labels ("HOST:", "GUEST:") each open two or more paragraphs.
    fn is_transcript(&self) -> bool {
        let mut labels: Vec<(String, usize)> = Vec::new();
        for p in &self.paras {
            let line = p
                .slice(self.text)
                .trim_start_matches(|c: char| is_open(c) || c == '"' || c.is_whitespace());
            let Some((label, _)) = line.split_once(':') else {
                continue;
            };
            let letters = label.chars().filter(|c| c.is_alphabetic()).count();
            let caps = label.len() <= 30
                && letters >= 2
                && label
                    .chars()
                    .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '-' | '\'' | '’'));
            if !caps {
                continue;
            }
            match labels.iter_mut().find(|(l, _)| l == label) {
                Some((_, n)) => *n += 1,
                None => labels.push((label.to_string(), 1)),
            }
        }
        labels.iter().filter(|(_, n)| *n >= 2).count() >= 2
    }

    /// `“…” ― Ana Reyes`: a closed quote followed, to its paragraph's end, only by a dash, a
    /// name of one to five capitalised words or initials, and at most a short affiliation
    /// after a comma. Roundups of reader and voter quotes sign them this way.
    fn signature_in_paragraph(&self, i: usize) -> Option<Found> {
        let seg = &self.segments[i];
        if !seg.closed
            || self
                .segments
                .get(i + 1)
                .is_some_and(|n| n.paragraph == seg.paragraph)
        {
            return None;
        }
        let (_, pend) = self.paragraph_bounds(seg);
        let rest = self.text.get(seg.close..pend)?.trim_start();
        if !rest.starts_with(['-', '–', '—', '―']) {
            return None;
        }
        let (a0, a1) = self.tok_range(seg.close, pend);
        let dash = (a0..a1).find(|&j| !self.tok(j).text.trim().is_empty())?;
        let s = dash + 1;
        let mut e = s;
        while e < a1 && (self.tok(e).word && self.tok(e).cap || self.tok(e).text == "." && e > s) {
            e += 1;
        }
        while e > s && self.tok(e - 1).text == "." {
            e -= 1;
        }
        let words = self.toks.toks[s..e].iter().filter(|t| t.word).count();
        if !(1..=5).contains(&words) {
            return None;
        }
        let tail = self.text[self.tok(e - 1).range.end()..pend].trim();
        let tail_ok =
            tail.trim_end_matches('.').is_empty() || tail.starts_with(',') && word_count(tail) <= 8;
        if !tail_ok {
            return None;
        }
        Some(Found {
            cue: Some(self.span(dash, s)),
            source: Some((s, e)),
            after: true,
            ..Found::default()
        })
    }

    /// The paragraph after quote paragraph `seg` when it only signs it: a dash, then a
    /// person's name and at most a short affiliation ("- Hillary Clinton.", "— Jane Moss, Ames
    /// Farm Bureau").
    fn signature_after(&self, seg: &Segment) -> Option<Found> {
        let next = self.paras.get(seg.paragraph + 1)?;
        let words = next.slice(self.text).trim();
        if !words.starts_with(['-', '–', '—', '―']) || word_count(words) > 10 {
            return None;
        }
        let (p0, p1) = self.tok_range(next.start(), next.end());
        let m = self.mentions.iter().find(|m| {
            m.kind == EntityKind::Person
                && m.span.start() >= next.start()
                && m.span.end() <= next.end()
        })?;
        let (a, b) = self.tok_range(m.span.start(), m.span.end());
        // Only the dash before the name.
        if !self.toks.toks[p0..a].iter().all(|t| !t.word) || b > p1 {
            return None;
        }
        Some(Found {
            cue: None,
            source: Some((a, b)),
            after: true,
            ..Found::default()
        })
    }

    /// The first person mention in tokens `[s, e)` that is the subject of a verb: outside
    /// quotes, not the object of a preposition or a possessive, and followed by a lowercase
    /// word ("since Trump spoke only …").
    fn person_subject(&self, s: usize, e: usize) -> Option<(usize, usize)> {
        if s >= e {
            return None;
        }
        let from = self.tok(s).range.start();
        let to = self.tok(e - 1).range.end();
        self.mentions
            .iter()
            .filter(|m| {
                m.kind == EntityKind::Person
                    && m.span.start() >= from
                    && m.span.end() <= to
                    && !self.inside_quote(m.span.start())
            })
            .find_map(|m| {
                let (a, b) = self.tok_range(m.span.start(), m.span.end());
                let before_ok = a == 0
                    || !matches!(
                        self.tok(a - 1).norm.as_str(),
                        "of" | "in"
                            | "at"
                            | "from"
                            | "with"
                            | "for"
                            | "by"
                            | "to"
                            | "on"
                            | "about"
                            | "against"
                            | "than"
                            | "like"
                            | "over"
                            | "and"
                            | "or"
                    );
                // Not a possessive ("Trump’s plan", "Petraeus’ testimony").
                let possessive = self.text[m.span.end()..].starts_with(['’', '\'']);
                let verb_after = !possessive
                    && self.toks.toks.get(b).is_some_and(|t| {
                        t.word
                            && !t.cap
                            && (!lexicon::is_stopword(&t.norm)
                                || matches!(
                                    t.norm.as_str(),
                                    "is" | "was"
                                        | "has"
                                        | "had"
                                        | "will"
                                        | "would"
                                        | "did"
                                        | "does"
                                ))
                    });
                (before_ok && verb_after && b < e).then_some((a, b))
            })
    }

    /// A quote that opens a sentence right after "X says." in the same paragraph: X.
    fn previous_sentence_cue(&self, seg: &Segment) -> Option<Found> {
        let (o, _) = self.tok_range(seg.open, seg.open + 1);
        if o < 3 || self.tok(o).newline_before || !self.is_sentence_end(o - 1) {
            return None;
        }
        let v = o - 2;
        let verb = self.tok(v);
        if !(verb.word && !verb.cap && lexicon::is_strong_speech_verb(&verb.norm)) {
            return None;
        }
        let s = self.sentence_start_before(v);
        // The whole sentence must be outside quotes: "“…,” he said." is handled as an
        // attribution after its own quote.
        if (s..v).any(|j| matches!(self.tok(j).text, "“" | "”" | "\"")) {
            return None;
        }
        let src = self.subject_before(s, v)?;
        self.names_someone(src.0, src.1).then_some(Found {
            cue: Some(self.span(v, v + 1)),
            source: Some(src),
            colon: true,
            ..Found::default()
        })
    }

    /// A quote opening a sentence right after a sentence of the same paragraph, outside quote
    /// marks, whose strong speech verb has a named or pronoun subject: that subject, with no
    /// cue of its own.
    fn reported_speech_before(&self, seg: &Segment) -> Option<Found> {
        let (o, _) = self.tok_range(seg.open, seg.open + 1);
        if o < 3 || self.tok(o).newline_before || !self.is_sentence_end(o - 1) {
            return None;
        }
        let s = self.sentence_start_before(o - 1);
        if (s..o).any(|j| matches!(self.tok(j).text, "“" | "”" | "\"")) {
            return None;
        }
        let v = (s..o - 1).find(|&j| {
            let t = self.tok(j);
            t.word && !t.cap && lexicon::is_strong_speech_verb(&t.norm) && self.verb_is_active(j)
        })?;
        let f = self.before_cue(s, v + 1)?;
        let (a, b) = f.source?;
        self.names_someone(a, b).then_some(Found {
            cue: None,
            source: Some((a, b)),
            colon: true,
            ..Found::default()
        })
    }

    /// Whether only role words and names stand between sentence start `s` and token `a`
    /// ("House Republican Thomas Massie"), so that `a` is the sentence's subject.
    fn opens_sentence(&self, s: usize, a: usize) -> bool {
        a >= s
            && a - s <= 6
            && self.toks.toks[s..a].iter().all(|t| {
                t.cap
                    || t.text == "."
                    || lexicon::is_role_noun(&t.norm)
                    || lexicon::is_role_modifier(&t.norm)
                    || matches!(t.norm.as_str(), "the" | "’s" | "'s")
            })
    }

    /// A speech verb later in the quote's sentence whose subject is a name or a pronoun.
    fn later_in_sentence(&self, a0: usize, a1: usize) -> Option<Found> {
        let mut k = a0;
        while k < a1 && !self.is_sentence_end(k) {
            let t = self.tok(k);
            if t.word && !t.cap && lexicon::is_strong_speech_verb(&t.norm) && k > a0 {
                let (a, b) = self.subject_before(a0, k)?;
                let named = self.mentions.iter().any(|m| {
                    m.kind == EntityKind::Person
                        && m.span.start() >= self.tok(a).range.start()
                        && m.span.end() <= self.tok(b - 1).range.end()
                });
                let pronoun = b == a + 1 && matches!(self.tok(a).norm.as_str(), "he" | "she");
                if named || pronoun {
                    return Some(Found {
                        cue: Some(self.span(k, k + 1)),
                        source: Some((a, b)),
                        ..Found::default()
                    });
                }
                return None;
            }
            k += 1;
        }
        None
    }

    fn span(&self, a: usize, b: usize) -> TextRange {
        if b <= a {
            let at = self
                .toks
                .toks
                .get(a)
                .map_or(self.text.len(), |t| t.range.start());
            return TextRange::new(at, at);
        }
        TextRange::new(self.tok(a).range.start(), self.tok(b - 1).range.end())
    }

    /// Continuations: a carried paragraph, the second half of a split quote, a quote alone in
    /// its paragraph right after a quote.
    fn link_continuations(&self, found: &mut [Found]) {
        for i in 1..self.segments.len() {
            let seg = &self.segments[i];
            if seg.carried {
                found[i].continues = Some(i - 1);
                continue;
            }
            if found[i].cue.is_some() {
                continue;
            }
            // Skip back over a title or a one-word mark inside the same paragraph ("told
            // NBC’s “Today” on Monday. “…”").
            let mut p = i - 1;
            while p > 0
                && self.segments[p].paragraph == seg.paragraph
                && word_count(self.segments[p].content.slice(self.text)) < 3
                && !found[p].after
            {
                p -= 1;
            }
            let prev = &self.segments[p];
            let same_para = prev.paragraph == seg.paragraph;
            let between = &self.text[prev.close.min(seg.open)..seg.open];
            let split = same_para
                && found[p].cue.is_some()
                && (found[p].after || self.same_sentence(prev, seg));
            let adjacent = same_para && between.trim().chars().all(|c| !c.is_alphanumeric());
            let alone = !same_para
                && seg.paragraph == prev.paragraph + 1
                && self.paragraph_is_quote(seg)
                && (found[p].cue.is_some()
                    || found[p].continues.is_some()
                    || found[p].source.is_some());
            if seg.carried || split || adjacent || alone {
                found[i].continues = Some(p);
            }
        }
        // A quote followed, in the same paragraph, by the attributed second part:
        // "“Q1.” “Q2,” he said."
        for i in (0..self.segments.len().saturating_sub(1)).rev() {
            if found[i].cue.is_none() && found[i].continues.is_none() {
                let next = &self.segments[i + 1];
                let seg = &self.segments[i];
                let between = &self.text[seg.close.min(next.open)..next.open];
                if next.paragraph == seg.paragraph
                    && between.trim().chars().all(|c| !c.is_alphanumeric())
                    && found[i + 1].cue.is_some()
                {
                    found[i].cue = found[i + 1].cue;
                    found[i].source = found[i + 1].source;
                }
            }
        }
    }

    /// Whether tokens `[a, b)` hold a person or organisation mention, or a personal pronoun.
    fn names_someone(&self, a: usize, b: usize) -> bool {
        if a >= b {
            return false;
        }
        let (s, e) = (self.tok(a).range.start(), self.tok(b - 1).range.end());
        (b == a + 1 && matches!(self.tok(a).norm.as_str(), "he" | "she"))
            || self.mentions.iter().any(|m| {
                matches!(m.kind, EntityKind::Person | EntityKind::Organization)
                    && m.span.start() >= s
                    && m.span.end() <= e
            })
    }

    fn same_sentence(&self, a: &Segment, b: &Segment) -> bool {
        let (x, y) = self.tok_range(a.close, b.open);
        !(x..y).any(|j| self.is_sentence_end(j))
    }

    fn paragraph_is_quote(&self, seg: &Segment) -> bool {
        let (ps, pe) = self.paragraph_bounds(seg);
        let before = &self.text[ps..seg.open];
        let after = &self.text[seg.close.min(pe)..pe];
        before.trim().is_empty() && after.trim().chars().all(|c| !c.is_alphanumeric())
    }

    /// Turn source words into speakers, in text order (so pronouns see earlier speakers).
    fn resolve_all(&self, found: &mut [Found]) {
        for i in 0..found.len() {
            if let Some(c) = found[i].continues {
                if found[i].cue.is_none() {
                    found[i].speaker = found[c].speaker.clone();
                    found[i].cue = found[c].cue;
                    continue;
                }
            }
            let Some((a, b)) = found[i].source.filter(|(a, b)| a < b) else {
                continue;
            };
            found[i].speaker = self.resolve(a, b, i, found);
        }
        // A quote over paragraphs attributed at its end: the earlier parts take its speaker.
        for i in (0..found.len()).rev() {
            if let Some(c) = found[i].continues {
                if found[c].speaker.is_none() && found[i].speaker.is_some() {
                    found[c].speaker = found[i].speaker.clone();
                    found[c].cue = found[i].cue;
                }
            }
        }
        // Cataphora: "A local Ukrainian official … told CNN …" then “…,” said Yuriy
        // Sobolevskyi: an unnamed source takes the next named speaker introduced right after.
        for i in 0..found.len() {
            let unnamed = found[i]
                .speaker
                .as_ref()
                .is_some_and(|s| s.mention.is_none() && self.indefinite(s.source));
            if !unnamed {
                continue;
            }
            let seg = &self.segments[i];
            let next = (i + 1..found.len())
                .take_while(|&j| self.segments[j].paragraph <= seg.paragraph + 2)
                .find_map(|j| {
                    found[j]
                        .speaker
                        .as_ref()
                        .filter(|s| s.mention.is_some())
                        .cloned()
                });
            // "A regional official told the outlet …" then "The official, Maksym Kozytsky,": a
            // person named next with the same role word.
            let next = next.or_else(|| {
                let source = found[i].speaker.as_ref()?.source;
                let head = source
                    .slice(self.text)
                    .split_whitespace()
                    .last()
                    .map(normalize_word)?;
                let (_, pend) = self.paragraph_bounds(seg);
                self.mentions
                    .iter()
                    .enumerate()
                    .find(|(_, m)| {
                        m.kind == EntityKind::Person
                            && m.span.start() > seg.close
                            && m.span.start() < pend
                            && m.roles
                                .iter()
                                .any(|r| normalize_word(r).split_whitespace().any(|w| w == head))
                    })
                    .map(|(k, m)| Speaker {
                        name: m.name.clone(),
                        kind: m.kind,
                        source,
                        mention: Some(k),
                    })
            });
            if let Some(sp) = next {
                let first_seen = sp
                    .mention
                    .and_then(|m| self.first_mention_of(m))
                    .is_some_and(|first| first >= seg.close);
                if first_seen {
                    let source = found[i].speaker.as_ref().map_or(sp.source, |s| s.source);
                    found[i].speaker = Some(Speaker { source, ..sp });
                }
            }
        }
    }

    fn indefinite(&self, source: TextRange) -> bool {
        let words: Vec<String> = source
            .slice(self.text)
            .split_whitespace()
            .map(normalize_word)
            .collect();
        matches!(
            words.first().map(String::as_str),
            Some("a" | "an" | "another" | "one")
        )
    }

    /// Byte offset of the first mention with the same name key as mention `m`.
    fn first_mention_of(&self, m: usize) -> Option<usize> {
        let target = self.mentions.get(m)?;
        let last = last_word(&target.name);
        self.mentions
            .iter()
            .filter(|x| x.kind == target.kind && last_word(&x.name) == last)
            .map(|x| x.span.start())
            .min()
    }

    /// Resolve source tokens `[a, b)` of quote `i` to a speaker.
    fn resolve(&self, a: usize, b: usize, i: usize, found: &[Found]) -> Option<Speaker> {
        let source = self.span(a, b);
        // A named mention inside the source words: prefer a person, then an organisation.
        let inside: Vec<usize> = self
            .mentions
            .iter()
            .enumerate()
            .filter(|(_, m)| m.span.start() >= source.start() && m.span.end() <= source.end())
            .map(|(k, _)| k)
            .collect();
        let pick = inside
            .iter()
            .copied()
            .find(|&k| self.mentions[k].kind == EntityKind::Person)
            .or_else(|| {
                inside.iter().copied().find(|&k| {
                    matches!(
                        self.mentions[k].kind,
                        EntityKind::Organization | EntityKind::Other
                    )
                })
            });
        let words: Vec<&Tok<'_>> = self.toks.toks[a..b].iter().filter(|t| t.word).collect();
        let head = words.last().map(|t| t.norm.clone()).unwrap_or_default();
        let plural_np = words.len() > 1
            && head.ends_with('s')
            && !lexicon::is_known_org(&head)
            && pick.is_some_and(|k| self.mentions[k].kind != EntityKind::Person);
        if let Some(k) = pick.filter(|_| !plural_np) {
            // "Kyiv officials" is not Kyiv; a possessive org before a role noun is a role
            // ("the ministry's spokesman") unless the mention ends the phrase.
            let m = &self.mentions[k];
            let ends_phrase = m.span.end() + 3 >= source.end();
            if m.kind == EntityKind::Person || ends_phrase {
                return Some(Speaker {
                    name: m.name.clone(),
                    kind: m.kind,
                    source,
                    mention: Some(k),
                });
            }
        }
        let quote_start = self.segments[i].open;
        if words.len() == 1 {
            let w = words[0].norm.as_str();
            match w {
                "he" | "she" | "i" => {
                    let gender = match w {
                        "he" => Some(Gender::Male),
                        "she" => Some(Gender::Female),
                        _ => None,
                    };
                    // No earlier name fits ("my mother … she says", a narrator's "I"): the
                    // quote still has a speaker, known only as the pronoun.
                    let Some(k) =
                        self.antecedent_person(source.start().min(quote_start), gender, i, found)
                    else {
                        return Some(Speaker {
                            name: source.slice(self.text).to_string(),
                            kind: EntityKind::Person,
                            source,
                            mention: None,
                        });
                    };
                    return Some(self.speaker_from(k, source));
                }
                "it" | "they" | "we" => {
                    if let Some(k) =
                        self.previous_speaker(i, found, |m| m.kind == EntityKind::Organization)
                    {
                        return Some(self.speaker_from(k, source));
                    }
                    if w == "it" {
                        let k = self.nearest_mention(source.start(), |m| {
                            m.kind == EntityKind::Organization
                        })?;
                        return Some(self.speaker_from(k, source));
                    }
                }
                "who" => {
                    let k =
                        self.nearest_mention(source.start(), |m| m.kind == EntityKind::Person)?;
                    return Some(self.speaker_from(k, source));
                }
                // "the Associated Press report, which notes": the phrase before the comma.
                "which" if a >= 2 && self.tok(a - 1).text == "," => {
                    let mut head = self.clause_start(a.saturating_sub(8), a - 1);
                    // From its last determiner: "linked to the county report, which".
                    if let Some(d) = (head..a - 1).rev().find(|&j| {
                        matches!(
                            self.tok(j).norm.as_str(),
                            "the" | "a" | "an" | "its" | "his" | "her" | "their"
                        )
                    }) {
                        head = d;
                    }
                    if head < a - 1 {
                        if let Some(k) = self.mention_covering(head, a - 1) {
                            return Some(self.speaker_from(k, source));
                        }
                        return Some(Speaker {
                            name: strip_article(self.span(head, a - 1).slice(self.text)),
                            kind: EntityKind::Other,
                            source,
                            mention: None,
                        });
                    }
                    return None;
                }
                "which" | "that" => return None,
                _ => {}
            }
        }
        let name = source.slice(self.text).to_string();
        // A definite description: "the ministry", "the statement", "the channel".
        let definite = words
            .first()
            .is_some_and(|t| matches!(t.norm.as_str(), "the" | "its" | "his" | "her" | "their"));
        if definite && words.len() <= 5 {
            if lexicon::is_statement_noun(&head) {
                if let Some(k) = self.previous_speaker(i, found, |_| true) {
                    return Some(self.speaker_from(k, source));
                }
            }
            if let Some(k) = self.nearest_mention(source.start(), |m| {
                let name = normalize_word(&m.name);
                name.split_whitespace().any(|w| w == head)
                    || m.roles
                        .iter()
                        .any(|r| normalize_word(r).split_whitespace().any(|w| w == head))
            }) {
                return Some(self.speaker_from(k, source));
            }
            if !lexicon::is_role_noun(&head) && !head.ends_with('s') {
                if let Some(k) =
                    self.previous_speaker(i, found, |m| m.kind == EntityKind::Organization)
                {
                    return Some(self.speaker_from(k, source));
                }
            }
        }
        let kind = if words.iter().any(|t| {
            matches!(
                t.norm.as_str(),
                "ministry"
                    | "channel"
                    | "agency"
                    | "newspaper"
                    | "government"
                    | "statement"
                    | "office"
                    | "campaign"
                    | "committee"
                    | "website"
                    | "report"
            )
        }) {
            EntityKind::Organization
        } else if words.iter().any(|t| lexicon::is_role_noun(&t.norm)) {
            EntityKind::Person
        } else {
            EntityKind::Other
        };
        Some(Speaker {
            name: strip_article(&name),
            kind,
            source,
            mention: None,
        })
    }

    fn speaker_from(&self, k: usize, source: TextRange) -> Speaker {
        let m = &self.mentions[k];
        Speaker {
            name: m.name.clone(),
            kind: m.kind,
            source,
            mention: Some(k),
        }
    }

    /// The speaker of an earlier quote (within three paragraphs) whose mention passes `want`.
    fn previous_speaker(
        &self,
        i: usize,
        found: &[Found],
        want: impl Fn(&Mention) -> bool,
    ) -> Option<usize> {
        let para = self.segments[i].paragraph;
        (0..i)
            .rev()
            .take_while(|&j| self.segments[j].paragraph + 3 >= para)
            .find_map(|j| {
                found[j]
                    .speaker
                    .as_ref()
                    .and_then(|s| s.mention)
                    .filter(|&k| want(&self.mentions[k]))
            })
    }

    /// The nearest mention before byte `before` that passes `want`, outside quotes.
    fn nearest_mention(&self, before: usize, want: impl Fn(&Mention) -> bool) -> Option<usize> {
        self.mentions
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, m)| m.span.end() <= before && !self.inside_quote(m.span.start()))
            .find(|(_, m)| want(m))
            .map(|(k, _)| k)
    }

    fn inside_quote(&self, at: usize) -> bool {
        self.segments
            .iter()
            .any(|s| s.content.start() <= at && at < s.content.end())
    }

    /// The person a "he"/"she" before byte `before` refers to: the nearest earlier person
    /// mention of a compatible gender, outside quotes.
    fn antecedent_person(
        &self,
        before: usize,
        gender: Option<Gender>,
        _i: usize,
        _found: &[Found],
    ) -> Option<usize> {
        self.nearest_mention(before, |m| {
            m.kind == EntityKind::Person
                && gender.is_none_or(|g| {
                    self.gender_of(m)
                        .is_none_or(|mg| mg == g || mg == Gender::Unknown)
                })
        })
    }

    /// The gender of a person mention from its given name, or from a fuller mention of the
    /// same surname in the document.
    fn gender_of(&self, m: &Mention) -> Option<Gender> {
        let g = gazetteer();
        let words: Vec<&str> = m.name.split_whitespace().collect();
        if words.len() >= 2 {
            return g.given_name(&normalize_word(words[0]));
        }
        let last = last_word(&m.name);
        self.mentions
            .iter()
            .filter(|x| {
                x.kind == EntityKind::Person
                    && x.name.split_whitespace().count() >= 2
                    && last_word(&x.name) == last
            })
            .find_map(|x| {
                x.name
                    .split_whitespace()
                    .next()
                    .and_then(|f| g.given_name(&normalize_word(f)))
            })
    }
}

/// A plural noun for a group of people: a role noun with a plural "-s" ("officials",
/// "critics", "analysts") or a collective ("police", "authorities").
fn is_people_plural(word: &str) -> bool {
    word.strip_suffix('s').is_some_and(lexicon::is_role_noun)
        || matches!(
            word,
            "police" | "authorities" | "people" | "democrats" | "republicans" | "troops"
        )
}

/// A word in capitals of two letters or more ("SMITH", "O'NEILL").
fn is_caps_word(t: &Tok<'_>) -> bool {
    t.word
        && t.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && t.text
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_uppercase())
}

fn last_word(name: &str) -> String {
    name.split_whitespace()
        .last()
        .map(normalize_word)
        .unwrap_or_default()
}

fn strip_article(s: &str) -> String {
    for a in ["the ", "The ", "a ", "A ", "an ", "An "] {
        if let Some(rest) = s.strip_prefix(a) {
            return rest.to_string();
        }
    }
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mentions::mentions;

    fn run(text: &str) -> Vec<(String, Option<String>)> {
        let ms = mentions(text);
        quotes(text, &ms)
            .into_iter()
            .map(|q| (q.text, q.speaker.map(|s| s.name)))
            .collect()
    }

    #[test]
    fn after_and_inverted() {
        let got = run("“We’re keeping the ‘information silence’ mode,” said Yuriy Sobolevskyi, first deputy head.");
        assert_eq!(
            got,
            [(
                "We’re keeping the ‘information silence’ mode".to_string(),
                Some("Yuriy Sobolevskyi".to_string())
            )]
        );
        let got = run("“A span was blown up,” the channel, RVVoenkor, reported.");
        assert_eq!(got[0].1.as_deref(), Some("RVVoenkor"));
    }

    #[test]
    fn colon_and_partial() {
        let got = run("Alexander Kots spoke.\nKots added: “One was taken from the flagpole.”");
        assert_eq!(got[0].1.as_deref(), Some("Kots"));
        let got =
            run("Surovikin claimed that Ukrainian forces “are attacking schools and hospitals.”");
        assert_eq!(got[0].1.as_deref(), Some("Surovikin"));
    }

    #[test]
    fn scare_quotes_are_not_quotes() {
        assert!(run("He added that the so-called “special operation” will continue.").is_empty());
        assert!(
            run("Russia’s retreat was “humiliating” for President Vladimir Putin, asked one.")
                .is_empty()
        );
    }

    #[test]
    fn mixed_quote_marks_close() {
        let got =
            run("\"We will win this state,” she said. “The polls agree,\" Mayor Ann Fuller added.");
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, "We will win this state");
        assert_eq!(got[1].0, "The polls agree");
        assert_eq!(got[1].1.as_deref(), Some("Ann Fuller"));
        let got = run("“It is too late,“ said Mayor Ann Fuller.");
        assert_eq!(got[0].0, "It is too late");
        assert_eq!(got[0].1.as_deref(), Some("Ann Fuller"));
        // A curly pair nested in a straight quote stays inside it.
        let got = run("\"He said “no way” and then left the room entirely,\" Ann Fuller said.");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1.as_deref(), Some("Ann Fuller"));
    }

    #[test]
    fn listener_is_not_the_speaker() {
        let got = run("Mayor Ann Fuller, meanwhile, told Reuters on Monday that the town “will not back down.”");
        assert_eq!(got[0].1.as_deref(), Some("Ann Fuller"));
        let got = run(
            "Later, Mayor Ann Fuller thanked the crowd, telling Reuters, “We did this together.”",
        );
        assert_eq!(got[0].1.as_deref(), Some("Ann Fuller"));
    }

    #[test]
    fn appositive_subject_before_a_clause_with_a_name() {
        let got =
            run("Tom Baker, a farmer from Ames, says Senator Jane Moss will “win by a mile.”");
        assert_eq!(got[0].1.as_deref(), Some("Tom Baker"));
    }

    #[test]
    fn verb_then_short_adjunct() {
        let got = run("“We have waited long enough for this bill,” Gov. Jane Moss fumed on Tuesday. “Enough.”");
        assert_eq!(got[0].1.as_deref(), Some("Jane Moss"));
        assert_eq!(got[1].1.as_deref(), Some("Jane Moss"));
    }

    #[test]
    fn dateline_agency_is_not_the_subject() {
        let got = run("DENVER (Reuters) – Gov. Jane Moss attacked the plan, saying that its “costs are hidden.”");
        assert_eq!(got[0].1.as_deref(), Some("Jane Moss"));
    }

    #[test]
    fn split_quote_across_a_title() {
        let text = "“It is early,” said Tom Baker, host of the show “Farm Talk.” “But we are ready for the harvest.”";
        let got = run(text);
        assert_eq!(
            got.last().and_then(|q| q.1.as_deref()),
            Some("Tom Baker"),
            "{got:?}"
        );
    }

    #[test]
    fn subject_of_a_compound_predicate() {
        let got = run("Mayor Ann Fuller visited the plant on Monday, but later said the town had “no money left for repairs.”");
        assert_eq!(got[0].1.as_deref(), Some("Ann Fuller"));
        let got = run("Ann Fuller spoke first.\n\nShe cheered “What a night!” and said her team would keep going “to the very end.”");
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[1].1.as_deref(), Some("Ann Fuller"));
    }

    #[test]
    fn party_and_state_in_parentheses() {
        let got = run(
            "At a rally on Monday, Sen. Tom Baker (R-Tex.) said the plan is “dead on arrival.”",
        );
        assert_eq!(got[0].1.as_deref(), Some("Tom Baker"));
    }

    #[test]
    fn inverted_verb_before_a_described_person() {
        let got = run("“The filing is late,” said election lawyer Tom Baker. “It happens.”");
        assert_eq!(got[0].1.as_deref(), Some("Tom Baker"));
        assert_eq!(got[1].1.as_deref(), Some("Tom Baker"));
    }

    #[test]
    fn abbreviation_before_a_comma_does_not_end_the_sentence() {
        let got = run("“Both of them worry me,” Tom Baker, 30, of Dover, Del., who was polled, said on Monday.");
        assert_eq!(got[0].1.as_deref(), Some("Tom Baker"));
    }

    #[test]
    fn attribution_sentence_before_the_quote() {
        let got = run("Or maybe the governor, farm consultant Tom Baker says. “Several surveys point to a late surge in the north.”");
        assert_eq!(got[0].1.as_deref(), Some("Tom Baker"));
    }

    #[test]
    fn paragraphs_and_cataphora() {
        let text = "A local Ukrainian official in the region told CNN Friday that he could “neither confirm nor deny” it.\n\n“We’re keeping the mode,” said Yuriy Sobolevskyi, first deputy head of the council.\n\n“We do not comment on movement.”";
        let got = run(text);
        assert_eq!(got.len(), 3, "{got:?}");
        for (_, s) in &got {
            assert_eq!(s.as_deref(), Some("Yuriy Sobolevskyi"));
        }
    }

    fn sources(text: &str) -> Vec<(Option<String>, Option<String>)> {
        let ms = mentions(text);
        quotes(text, &ms)
            .into_iter()
            .map(|q| {
                let name = q.speaker.as_ref().map(|s| s.name.clone());
                let src = q.speaker.map(|s| s.source.slice(text).to_string());
                (name, src)
            })
            .collect()
    }

    #[test]
    fn capitalised_inverted_verb_opens_the_sentence() {
        let got = run("Said Ann Fuller, who grew up in Ames, “We were all so proud of him.”");
        assert_eq!(got[0].1.as_deref(), Some("Ann Fuller"), "{got:?}");
        let got = run("Tom Baker spoke at length.\n\nContinued Baker: “So I think it is a very real problem.”");
        assert_eq!(got[0].1.as_deref(), Some("Baker"), "{got:?}");
    }

    #[test]
    fn irregular_past_after_the_quote() {
        let got = run("“It is all fine and good, really,” Tom Baker shot back with a laugh.");
        assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
        let got = run(
            "Tom Baker spoke first.\n\n“We ought to start it up again this morning,” he went on.",
        );
        assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
    }

    #[test]
    fn quote_paragraphs_after_a_person_subject() {
        let text = "The plan is vague, since Tom Baker spoke only in bromides during the interview.\n\n“We have to do something about it right now.”\n\n“We have to be a lot tougher than we are.”";
        let got = run(text);
        assert_eq!(got.len(), 2, "{got:?}");
        for (_, s) in &got {
            assert_eq!(s.as_deref(), Some("Tom Baker"));
        }
        // A possessive is no subject.
        let got = run("The plan is vague, and Tom Baker’s aides spoke only in bromides.\n\n“We have to do something about it right now.”");
        assert_ne!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
    }

    #[test]
    fn relative_pronoun_is_the_source() {
        let got = sources("Tom Baker, who has in the past described the plan as “a total disaster for farmers,” spoke on Monday.");
        assert_eq!(
            got[0],
            (Some("Tom Baker".into()), Some("who".into())),
            "{got:?}"
        );
        // An object relative keeps its own subject.
        let got = sources(
            "Ann Fuller attacked the deal, which she called “a total disaster for farmers.”",
        );
        assert_eq!(
            got[0],
            (Some("Ann Fuller".into()), Some("she".into())),
            "{got:?}"
        );
        let got = sources("The council linked to the county report, which notes, “More than half the farms lost money last year.”");
        assert_eq!(
            got[0],
            (Some("county report".into()), Some("which".into())),
            "{got:?}"
        );
    }

    #[test]
    fn digest_items_and_signatures() {
        let got = run("FARMS LOSE MONEY AGAIN - Tom Baker: “At long last the harvest is in and the numbers are bad.”");
        assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
        let got = run("Ann Fuller spoke last.\n\n“Big firms and other multinationals pay zero taxes.”\n\n- Tom Baker.");
        assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
    }

    #[test]
    fn subjects_the_mention_rules_do_not_type_as_people() {
        // "Moore" is typed a place by the mention rules; it opens the sentence before a verb.
        let got =
            run("Moore thanked him for “stepping up and taking action when Congress will not.”");
        assert_eq!(got[0].1.as_deref(), Some("Moore"), "{got:?}");
        // A surname that is also a word, once the full name is known.
        let got = run("Columnist George Will spoke on Monday.\n\n“The eruption of war in the capital of a NATO ally is a reminder,” Will wrote.");
        assert_eq!(got[0].1.as_deref(), Some("Will"), "{got:?}");
        let got = sources(
            "Several said they would rather see the money go out in “block grants” to the states.",
        );
        assert_eq!(got[0].1.as_deref(), Some("Several"), "{got:?}");
    }

    #[test]
    fn abbreviation_before_a_lowercase_word_does_not_end_the_sentence() {
        let got = run("Tom Baker said it is unrealistic to think that if the U.S. pulls back, “our oceans are going to save us.”");
        assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
    }

    #[test]
    fn subject_after_an_opening_phrase() {
        let got = run("Greeting supporters at the party office on Monday, Ann Fuller, 70, said it was too early to call the race but added, “I think you all have an idea of the results.”");
        assert_eq!(got[0].1.as_deref(), Some("Ann Fuller"), "{got:?}");
    }

    #[test]
    fn long_description_ending_on_a_name() {
        let got = sources("“He is reprising that role,” said former Iowa Gov. and Farm Bureau Committee Chairman Tom Baker.");
        assert!(
            got[0]
                .1
                .as_deref()
                .is_some_and(|s| s.ends_with("Chairman Tom Baker")),
            "{got:?}"
        );
    }

    #[test]
    fn quote_after_a_reported_speech_sentence() {
        let got = run("Tom Baker spoke at the fair.\n\nAnn Fuller added that the board very much wants out before the vote. “They don’t like to talk about it, but I think they will move.”");
        assert_eq!(got[0].1.as_deref(), Some("Ann Fuller"), "{got:?}");
        // Not when the sentence before reports no speech.
        let got = run("Ann Fuller walked out before the vote. “They don’t like to talk about it, but I think they will move.”");
        assert_ne!(got[0].1.as_deref(), Some("Ann Fuller"), "{got:?}");
    }

    #[test]
    fn subject_before_a_parenthetical() {
        let got = run("Former Iowa Gov. Tom Baker, for his part, is labeling the plan “a blatant abuse of power.”");
        assert_eq!(got[0].1.as_deref(), Some("Tom Baker"), "{got:?}");
    }

    #[test]
    fn signature_on_the_quote_line() {
        let text = "Readers wrote in about the new bridge.\n\
                    “The toll is far too high for the people who cross it every day.” ― Dana Whitfield\n\
                    “It took ten years, but the city finally got it done.”— Omar K. Lindqvist, Riverside\n\
                    “Nobody asked us whether we wanted it.” - a reader";
        let got = sources(text);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0].1.as_deref(), Some("Dana Whitfield"), "{got:?}");
        assert_eq!(got[1].1.as_deref(), Some("Omar K. Lindqvist"), "{got:?}");
        // Not a name after the dash: no signature.
        assert_eq!(got[2].0, None, "{got:?}");
    }

    #[test]
    fn transcript_labels_inside_quotes() {
        // A quoted transcript: two labels take turns, neither named elsewhere.
        let text = "The network released this exchange:\n\
                    \"HOST: Will the mayor sign the budget this week?\n\
                    \"GUEST: The mayor has said she will sign it as soon as it reaches her desk.\n\
                    \"HOST: And if the council changes it again?\n\
                    \"GUEST: Then we will read it again, line by line, before anyone signs anything.";
        let got = sources(text);
        let srcs: Vec<Option<&str>> = got.iter().map(|g| g.1.as_deref()).collect();
        assert_eq!(
            srcs,
            [Some("HOST"), Some("GUEST"), Some("HOST"), Some("GUEST")],
            "{got:?}"
        );
        // A capitalised heading outside a transcript: no speaker from it.
        let text = "The agency sent a statement on Friday.\n\
                    “UPDATE: The office will stay closed until further notice.”";
        let got = sources(text);
        assert_ne!(
            got.first().and_then(|g| g.1.as_deref()),
            Some("UPDATE"),
            "{got:?}"
        );
    }

    #[test]
    fn unresolved_pronoun_is_still_the_speaker() {
        // No name before "she": the quote is hers all the same, unresolved.
        let text = "My aunt has run the corner bakery for forty years.\n\n\
                    “The rent doubled and the flour tripled,” she says.";
        let ms = mentions(text);
        let qs = quotes(text, &ms);
        let sp = qs[0].speaker.as_ref().expect("a speaker");
        assert_eq!(sp.source.slice(text), "she");
        assert_eq!(sp.mention, None);
        // With a fitting name before it, the pronoun resolves to the name.
        let got = run("Maria Lopez has run the corner bakery for forty years.\n\n\
                       “The rent doubled and the flour tripled,” she says.");
        assert_eq!(got[0].1.as_deref(), Some("Maria Lopez"), "{got:?}");
    }

    #[test]
    fn group_of_people_opening_the_sentence() {
        let got = sources(
            "The stadium opens on Saturday. Police say they have “more than enough officers” \
             for the crowd.\n\nThe plan drew fire. Critics argued it would “gut the budget” \
             within a year.",
        );
        assert_eq!(got[0].1.as_deref(), Some("Police"), "{got:?}");
        assert_eq!(got[1].1.as_deref(), Some("Critics"), "{got:?}");
    }
}
