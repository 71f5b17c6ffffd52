//! Speakers that a quote's layout names without a speech verb: transcript labels
//! (`“DOE: We will …”`) and signatures after a dash (`“…” ― Ana Reyes`) in roundups of reader
//! or voter quotes.
//!
//! What it decides: whether the document alternates labelled turns, and whether a quote's line
//! or the paragraph after it only signs it.

use super::segments::is_open;
use super::*;

/// A word in capitals of two letters or more ("SMITH", "O'NEILL").
pub(super) fn is_caps_word(t: &Tok<'_>) -> bool {
    t.word
        && t.text.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && t.text
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_uppercase())
}

impl Ctx<'_> {
    /// `“DOE: We will …”`: a quote that opens with a transcript label, a name in capitals and
    /// a colon, in a document that alternates such turns (see [`Ctx::is_transcript`]).
    pub(super) fn transcript_label(&self, seg: &Segment) -> Option<Found> {
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
    pub(super) fn is_transcript(&self) -> bool {
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
    pub(super) fn signature_in_paragraph(&self, i: usize) -> Option<Found> {
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
    pub(super) fn signature_after(&self, seg: &Segment) -> Option<Found> {
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
}
