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
//!
//! Layout: this module holds the types, the driver ([`quotes`]) and the order in which cues
//! are tried for one segment (`attribute`); `segments` finds the quote marks and links
//! continuations, `cue_after` and `cue_before` find the cue after and before a quote,
//! `transcripts` reads transcript labels and signatures, `source` the noun phrase that names
//! the source, and `speakers` turns source words (names, pronouns, roles) into speakers.

use serde::{Deserialize, Serialize};

use crosscheck::text::normalize_word;
use crosscheck::TextRange;

use crate::gazetteer::{gazetteer, Gender};
use crate::lexicon;
use crate::mentions::{EntityKind, Mention, Tok, Toks};

mod cue_after;
mod cue_before;
mod segments;
mod source;
mod speakers;
#[cfg(test)]
mod tests;
mod transcripts;

use segments::{is_title_like, preceding_words, segments, word_count, Segment};

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
    /// Coordinated speakers ("Cummings and Conyers said"): the mention of each person named,
    /// in text order. A report holds one speaker per quote, so such a quote has `mention` set
    /// to `None` and `name` joining the names ("Cummings and Conyers"); this keeps each one.
    /// Empty for a single speaker.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coordinated: Vec<usize>,
}

/// Quotation segments read per text (see [`quotes`]).
pub const MAX_SEGMENTS: usize = 5_000;

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
    let mut segments = segments(text);
    // Attribution looks back over earlier quotes and mentions, so its cost grows with the
    // square of the quotes in a text; no article a reader follows has thousands. Past the
    // bound the rest of a text's quotation marks are not read as quotes.
    segments.truncate(MAX_SEGMENTS);
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
        sentence_starts: std::cell::OnceCell::new(),
        next_comma: std::cell::OnceCell::new(),
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
        // A thing is not a speaker: words read off a flag or a billboard are unattributed.
        let speaker = f.speaker.filter(|s| {
            s.mention.is_some()
                || !s
                    .name
                    .split_whitespace()
                    .last()
                    .is_some_and(|head| crate::lexicon::is_thing_noun(&normalize_word(head)))
        });
        out.push(Quote {
            span: seg.content,
            text: seg.content.slice(text).to_string(),
            speaker,
            cue: f.cue,
            continues: f.continues.and_then(|c| index[c]),
        });
    }
    out
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
    /// For a pronoun source inside reported speech ("Reyes said that she …"), the tokens
    /// `[a, b)` of the reporting clause's subject, whom the pronoun stands for.
    antecedent: Option<(usize, usize)>,
}

struct Ctx<'a> {
    text: &'a str,
    toks: &'a Toks<'a>,
    mentions: &'a [Mention],
    segments: &'a [Segment],
    /// Paragraph ranges of the text, computed once.
    paras: Vec<TextRange>,
    /// For each token, the first token of its sentence (`sentence_start_before`), computed on
    /// first use so that a sentence of 100,000 quotes is not walked back once per quote.
    sentence_starts: std::cell::OnceCell<Vec<usize>>,
    /// For each token index, the first `,` token at or after it (the token count if none).
    next_comma: std::cell::OnceCell<Vec<usize>>,
}

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

    /// Find the cue and source words for segment `i`. A source the rest of the sentence cites
    /// ("…,” Ana Reyes said, according to the Herald.") does not take over: Ana Reyes said the
    /// words, and the Herald is where the writer read them. Who said what is the person's.
    /// (PolNeAR's annotators mark the outer source, so this costs its metric a few quotes.)
    fn attribute(&self, i: usize) -> Found {
        self.attribute_cue(i)
    }

    /// Whether the quoted words end their sentence (“…?” or “….”) and a capitalised word
    /// opens the next one right after the closing mark, so that what follows the quote is not
    /// in its sentence.
    fn quote_ends_sentence(&self, seg: &Segment) -> bool {
        let inner = self.text[seg.content.start()..seg.close.min(self.text.len())]
            .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '”' | '"' | '»' | '’'));
        let (a0, _) = self.tok_range(seg.close, seg.close + 1);
        inner.ends_with(['.', '?', '!'])
            && self
                .toks
                .toks
                .get(a0)
                .is_some_and(|t| t.word && t.cap && !t.newline_before)
    }

    /// Find the cue and source words for segment `i`.
    fn attribute_cue(&self, i: usize) -> Found {
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
        if let Some(f) = self.later_in_sentence(a0, a1, seg).filter(plausible) {
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
            // The previous paragraph is itself a quote (a turn of the same speech), not prose
            // that merely holds a scare quote ("What “go after them” means …, since Marsh
            // spoke only in generalities.").
            let prev_is_quote = i > 0
                && self.segments[i - 1].paragraph + 1 == seg.paragraph
                && self.paragraph_is_quote(&self.segments[i - 1]);
            if let Some(prev) = paras.get(seg.paragraph - 1) {
                let prev_text = prev.slice(self.text).trim_end();
                let (p0, p1) = self.tok_range(prev.start(), prev.end());
                if prev_text.ends_with(':') || prev_text.ends_with(',') {
                    let found = self.before_cue(p0, p1);
                    // "Here are the remarks Governor Ellen Marsh delivered on Saturday:": a
                    // speech introduced by a line that names its speaker but no speech verb.
                    let named = |f: &Found| f.source.is_some_and(|(a, b)| self.names_someone(a, b));
                    if !found.as_ref().is_some_and(named) && prev_text.ends_with(':') {
                        if let Some(src) = self.speech_owner(p0, p1) {
                            return Found {
                                cue: None,
                                source: Some(src),
                                colon: true,
                                ..Found::default()
                            };
                        }
                    }
                    if let Some(mut f) = found {
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
        if let Some(f) = self.person_sentence_before(seg) {
            return f;
        }
        // "Carson … called the political system “rotten to the core.”": a partial quote in a
        // sentence whose subject is a name or a pronoun belongs to that subject.
        // A cue whose source words are no name ("said Tuesday that …") still marks a quote.
        let mut f = self
            .sentence_fallback(seg)
            .or_else(|| {
                raw_after
                    .or(raw_before)
                    .map(|f| Found { source: None, ..f })
            })
            .unwrap_or_default();
        // "The judge pointed to a previous case to say that courts must weigh “…”", "His
        // campaign protested that …": a noun phrase with no name opening the sentence is the
        // source. It adds no cue, so which quotes are kept does not change.
        if f.source.is_none() {
            f.source = self.described_subject(seg);
        }
        f
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
            // "if the U.S. pulls back": an abbreviation's period before a lowercase word, or
            // before a capitalised word that is no function word ("the U.S. Embassy in
            // Israel"; but "moved to the U.S. He said" ends).
            && !(j > 0
                && self.tok(j - 1).text.contains('.')
                && self
                    .toks
                    .toks
                    .get(j + 1)
                    .is_some_and(|n| n.word && (!n.cap || !lexicon::is_stopword(&n.norm))))
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
}

fn last_word(name: &str) -> String {
    name.split_whitespace()
        .last()
        .map(normalize_word)
        .unwrap_or_default()
}
