//! Quote marks: the stretches between them (segments), paragraph by paragraph, and which
//! segments continue an earlier quote.
//!
//! What it decides: where a quote opens and closes (curly and straight marks, single marks,
//! guillemets; a quote cut by the paragraph end carries over to the next paragraph), and which
//! segment continues which (a carried paragraph, the second half of a split quote, a quote alone
//! in its paragraph after an attributed one). Who speaks is decided in the sibling modules.

use super::*;

/// One stretch between quote marks, within one paragraph.
#[derive(Clone, Debug)]
pub(super) struct Segment {
    /// Byte offset of the opening mark (or of the paragraph start for a continued quote
    /// without a new opening mark).
    pub(super) open: usize,
    /// Byte offset just past the closing mark, or the paragraph end.
    pub(super) close: usize,
    /// The quoted words.
    pub(super) content: TextRange,
    /// Paragraph index.
    pub(super) paragraph: usize,
    /// Continues the previous segment's quote from the previous paragraph.
    pub(super) carried: bool,
    /// In single quote marks.
    pub(super) single: bool,
    /// Closed by a mark (not cut by the paragraph end).
    pub(super) closed: bool,
}

pub(super) fn is_open(c: char) -> bool {
    matches!(c, '“' | '«' | '„')
}

pub(super) fn is_close(c: char) -> bool {
    matches!(c, '”' | '»')
}

/// Quote segments of the whole text, paragraph by paragraph.
pub(super) fn segments(text: &str) -> Vec<Segment> {
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
pub(super) fn looks_closing(prev: char, next: char) -> bool {
    !prev.is_whitespace() && !next.is_alphanumeric()
}

pub(super) fn first_in_para(out: &[Segment], p: usize) -> bool {
    out.last().is_none_or(|s| s.paragraph != p)
}

#[allow(clippy::too_many_arguments)]
pub(super) fn push(
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

pub(super) fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

pub(super) fn is_title_like(s: &str) -> bool {
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
///
/// Looks back word by word, and no further than [`MAX_WORD_BYTES`] into one word, so a text
/// without white space (a run of quote marks) costs no more per call than a normal one.
pub(super) fn preceding_words(text: &str, at: usize, n: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(n);
    let mut head = text.get(..at).unwrap_or(text);
    while out.len() < n {
        head = head.trim_end();
        if head.is_empty() {
            break;
        }
        let mut floor = head.len().saturating_sub(MAX_WORD_BYTES);
        while !head.is_char_boundary(floor) {
            floor += 1;
        }
        let window = &head[floor..];
        let (start, whole) = match window.rfind(char::is_whitespace) {
            Some(ws) => {
                let ws_len = window[ws..].chars().next().map_or(1, char::len_utf8);
                (floor + ws + ws_len, true)
            }
            None => (floor, floor == 0),
        };
        let word = &head[start..];
        out.push(
            word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase(),
        );
        if !whole {
            // A "word" longer than the window: nothing before it is a word to look at.
            break;
        }
        head = &head[..start];
    }
    out
}

/// The longest word [`preceding_words`] reads whole.
const MAX_WORD_BYTES: usize = 256;

impl Ctx<'_> {
    /// Continuations: a carried paragraph, the second half of a split quote, a quote alone in
    /// its paragraph right after a quote.
    pub(super) fn link_continuations(&self, found: &mut [Found]) {
        // Where skipping back over short segments from segment `q` within its paragraph ends:
        // computed once, so a paragraph of 100,000 one-word quotes is not walked once per quote.
        let mut skip_back: Vec<usize> = Vec::with_capacity(self.segments.len());
        for (q, seg) in self.segments.iter().enumerate() {
            // A show or book title ("CNN’s “State of the Union”") is skipped like a one-word
            // mark: it stands between the two halves of a split quote.
            let content = seg.content.slice(self.text);
            let title = is_title_like(content)
                && !content.trim_end().ends_with(['.', ',', '?', '!'])
                && !found[q].introduces;
            let skippable = q > 0 && (word_count(content) < 3 || title) && !found[q].after;
            skip_back.push(if !skippable {
                q
            } else if self.segments[q - 1].paragraph == seg.paragraph {
                skip_back[q - 1]
            } else {
                q - 1
            });
        }
        // Sentence ends before each token, counted once, for `same_sentence`.
        let mut ends_before: Vec<usize> = Vec::new();
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
            let p = if self.segments[i - 1].paragraph == seg.paragraph {
                skip_back[i - 1]
            } else {
                i - 1
            };
            let prev = &self.segments[p];
            let same_para = prev.paragraph == seg.paragraph;
            let between = &self.text[prev.close.min(seg.open)..seg.open];
            // “…” in the legislature, he said in an interview. “…”: the first half's speech
            // verb stands between the halves.
            // “…,” she recounted in her memoir. “…”: or an attribution stands between them
            // though a cue before the first half won.
            let between_cue = (same_para && prev.closed)
                .then(|| {
                    let (a0, a1) = self.tok_range(prev.close, seg.open);
                    self.after_cue(a0, a1, prev)
                })
                .flatten()
                .filter(|f| f.source.is_some_and(|(a, b)| self.names_someone(a, b)));
            let cue_between = found[p]
                .cue
                .is_some_and(|c| c.start() >= prev.close && c.end() <= seg.open)
                || between_cue.is_some();
            // The second half is attributed by the words between the halves ("she said"), the
            // words next to it.
            if let Some(f) = between_cue {
                if found[p].cue.is_some_and(|c| c.end() <= prev.open) {
                    found[i].cue = f.cue;
                    found[i].source = f.source;
                }
            }
            let split = same_para
                && found[p].cue.is_some()
                && (found[p].after
                    || cue_between
                    // “… far from perfect.” He cited … “…”: a quote that ends its sentence
                    // does not go on in the next one when that sentence opens on a subject
                    // of its own.
                    || self.same_sentence(prev, seg, &mut ends_before)
                        && !(self.quote_ends_sentence(prev)
                            && self.sentence_fallback(seg).is_some()));
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
                // "Fundraising was “stagnant” as donors waited out a “turbulent cycle,” he
                // said.": an attribution after the sentence's last quote covers its earlier
                // partial quotes too.
                let same_attributed_sentence =
                    found[i + 1].cue.is_some_and(|c| c.start() >= next.close)
                        && !self.quote_ends_sentence(seg)
                        && self.same_sentence(seg, next, &mut ends_before);
                if next.paragraph == seg.paragraph
                    && (between.trim().chars().all(|c| !c.is_alphanumeric())
                        || same_attributed_sentence)
                    && found[i + 1].cue.is_some()
                {
                    found[i].cue = found[i + 1].cue;
                    found[i].source = found[i + 1].source;
                }
            }
        }
    }

    /// Whether no sentence ends between segments `a` and `b`; `ends_before` caches the count
    /// of sentence ends before each token (filled on first use).
    pub(super) fn same_sentence(
        &self,
        a: &Segment,
        b: &Segment,
        ends_before: &mut Vec<usize>,
    ) -> bool {
        let (x, y) = self.tok_range(a.close, b.open);
        if y <= x {
            return true;
        }
        if ends_before.is_empty() {
            let n = self.toks.toks.len();
            ends_before.reserve(n + 1);
            ends_before.push(0);
            for j in 0..n {
                let count = ends_before[j] + usize::from(self.is_sentence_end(j));
                ends_before.push(count);
            }
        }
        match (ends_before.get(x), ends_before.get(y)) {
            (Some(before), Some(after)) => before == after,
            _ => !(x..y).any(|j| self.is_sentence_end(j)),
        }
    }

    pub(super) fn paragraph_is_quote(&self, seg: &Segment) -> bool {
        let (ps, pe) = self.paragraph_bounds(seg);
        let before = &self.text[ps..seg.open];
        let after = &self.text[seg.close.min(pe)..pe];
        before.trim().is_empty() && after.trim().chars().all(|c| !c.is_alphanumeric())
    }
}
