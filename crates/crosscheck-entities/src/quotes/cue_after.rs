//! The speaker named after the quote: `“…,” he said`, `“…,” said Yuriy Sobolevskyi`,
//! `“…,” the channel, RVVoenkor, reported`.
//!
//! What it decides: whether the words right after a quote are a speech cue (a subject then a
//! speech verb, or an inverted verb then a noun phrase, with at most a short adjunct before the
//! sentence ends), and which tokens are the source.

use super::*;

impl Ctx<'_> {
    /// `“…,” he said`, `“…,” said Yuriy Sobolevskyi`, `“…,” the channel, RVVoenkor, reported`.
    pub(super) fn after_cue(&self, a0: usize, a1: usize, seg: &Segment) -> Option<Found> {
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

    pub(super) fn after_cue_inner(&self, a0: usize, a1: usize, seg: &Segment) -> Option<Found> {
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
        // "said election lawyer Joe Birkenstock", "said undecided Republican voter Ana
        // Reyes": describing words, lowercase or capitalised, before a person's name. No
        // function word may stand among them ("said in Ohio that Ana Reyes …" is no
        // description).
        let described_person = |k: usize| {
            (k..(k + 6).min(a1)).any(|n| {
                let t = self.tok(n);
                t.cap
                    && self
                        .mentions
                        .iter()
                        .any(|m| m.kind == EntityKind::Person && m.span.start() == t.range.start())
                    && self.toks.toks[k..n]
                        .iter()
                        .all(|x| x.word && !lexicon::is_stopword(&x.norm))
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
    pub(super) fn short_adjunct(&self, k: usize, limit: usize) -> bool {
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
    pub(super) fn verb_is_active(&self, v: usize) -> bool {
        if v > 0 && self.tok(v - 1).text == "-" {
            return false;
        }
        // "Trump’s remarks", "his answers": after a possessive the word is a noun.
        if v > 0 && {
            let p = self.tok(v - 1);
            p.word
                && (p.possessive && p.cap
                    || matches!(p.norm.as_str(), "his" | "their" | "its" | "my" | "our"))
        } {
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
    pub(super) fn quote_ends_with_comma_or_mark(&self, seg: &Segment) -> bool {
        let inner = &self.text[seg.content.end()..seg.close];
        inner.contains(',') || seg.content.slice(self.text).ends_with(['?', '!', '.'])
    }

    /// The words between a quote and its verb must look like a subject: no verbs of their
    /// own, no sentence punctuation.
    pub(super) fn subject_ok(&self, s: usize, v: usize) -> bool {
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
}
