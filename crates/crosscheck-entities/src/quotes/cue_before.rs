//! The speaker named before the quote or elsewhere in its sentence: `Kots added: “…”`,
//! `Surovikin claimed that … “…”`, `… told CNN that he could “…”`, a reported-speech sentence
//! right before the quote, a speech verb later in the quote's sentence, or the subject that
//! opens the quote's sentence.
//!
//! What it decides: which of these cues holds for a segment no cue after it attributes, and
//! which tokens are the source.

use super::*;

impl Ctx<'_> {
    /// `Kots added: “…”`, `Surovikin claimed that … “…”`, `… told CNN that he could “…”`.
    pub(super) fn before_cue(&self, b0: usize, b1: usize) -> Option<Found> {
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
            // "As Ruth Marcus puts it, …": the idiom is a speech verb.
            if t.word
                && matches!(t.norm.as_str(), "put" | "puts")
                && self.toks.toks.get(j + 1).is_some_and(|n| n.norm == "it")
                && j > s
            {
                v = Some(j);
                break;
            }
            // "Sanders was asked by host Bill Maher, “…?”": a passive speech verb names its
            // speaker after "by".
            if t.word
                && !t.cap
                && lexicon::is_strong_speech_verb(&t.norm)
                && !self.verb_is_active(j)
                && self.toks.toks.get(j + 1).is_some_and(|n| n.norm == "by")
            {
                if let Some(src) = self
                    .np_after(j + 2, b1)
                    .filter(|&(a, e)| self.names_someone(a, e))
                {
                    return Some(Found {
                        cue: Some(self.span(j, j + 2)),
                        source: Some(src),
                        colon,
                        ..Found::default()
                    });
                }
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
                // "And she is sure that jailing Santilli will only make him louder: “…”": a
                // pronoun opening the sentence is its subject, not a name later in it.
                let lead = if matches!(self.tok(s).norm.as_str(), "and" | "but" | "so") {
                    s + 1
                } else {
                    s
                };
                let pronoun_first = lead + 1 < b1
                    && matches!(
                        self.tok(lead).norm.as_str(),
                        "he" | "she" | "they" | "i" | "we"
                    )
                    && !last_comma
                        .is_some_and(|c| in_range(self.tok(c).range.end()).is_some() && c > lead);
                let first = if pronoun_first { None } else { first };
                let s = if pronoun_first { lead } else { s };
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
        // "An official, speaking on condition of anonymity, said Wednesday that …": a day
        // after the verb is no inverted subject.
        let after_comma = v > s
            && self.tok(v - 1).text == ","
            && v + 1 < b1
            && self.tok(v + 1).cap
            && !is_day_or_month(&self.tok(v + 1).norm)
            && !takes_object
            && !self.subject_before(s, v).is_some_and(|(a, b)| {
                self.names_someone(a, b)
                    // "The lawmaker, who represents …, said Trump’s remarks …": a described
                    // subject before the comma.
                    || self.tok(a).norm == "the"
                        && self.plausible_source(a, b)
                        && self.toks.toks[a..b]
                            .iter()
                            .any(|t| lexicon::is_role_noun(&t.norm))
            });
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
        // "“…,” he said, adding, “…”", "In an AP interview, Sanders said it could be “messy,”
        // adding …", "“…,” he said at a news conference, and then predicted: “…”": a
        // participle or a verb with no subject of its own goes with the speech verb before it,
        // whose subject is the sentence's speaker.
        let with_verb = || {
            let ss = self.sentence_start_before(v);
            (ss..v.saturating_sub(1)).rev().find_map(|j| {
                let t = self.tok(j);
                if !(t.word
                    && !t.cap
                    && lexicon::is_strong_speech_verb(&t.norm)
                    && !t.norm.ends_with("ing")
                    && self.verb_is_active(j))
                {
                    return None;
                }
                self.subject_before(ss, j)
                    .filter(|&(a, b)| self.names_someone(a, b) && self.plausible_source(a, b))
            })
        };
        let src = if participle {
            let ss = self.sentence_start_before(v);
            // "On Wednesday, he seemed to agree, warning that …": or the subject after an
            // opening phrase.
            with_verb()
                .or_else(|| self.sentence_subject(ss, v))
                .or_else(|| {
                    (ss..v)
                        .filter(|&j| self.tok(j).text == ",")
                        .take(2)
                        .find_map(|c| self.opening_subject(c + 1, v))
                })?
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
                    // The opening phrase may hold commas of its own ("In a wide-ranging,
                    // in-prison interview last year, Lazar said …"): each comma in turn.
                    let after_phrase = || {
                        (ss..v)
                            .filter(|&j| self.tok(j).text == ",")
                            .take(4)
                            .find_map(|c| self.opening_subject(c + 1, v))
                    };
                    self.opening_subject(ss, v)
                        .or_else(after_phrase)
                        .or_else(with_verb)
                        .or(src)?
                }
            }
        };
        // "She said she asked the question “…”", "Coulter told Hewitt that her tweet was
        // “…”": a pronoun inside what a person is reported to have said, of that person's
        // gender, is that person; the reporting clause names them. The pronoun stays the
        // source words (it is next to the quote); the person is whom it stands for.
        let antecedent = self.reporting_subject(s, src);
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
            antecedent,
            ..Found::default()
        })
    }

    /// For a source that is a lone "he"/"she" (or "his"/"her") after a reporting verb of the
    /// same sentence ("Ana Reyes said that she …"), the reporting verb's subject when it is a
    /// person or pronoun of the same gender: tokens `[a, b)`. Not across a quote mark, so the
    /// reporting clause does not attribute a quote of its own.
    pub(super) fn reporting_subject(
        &self,
        s: usize,
        (a, b): (usize, usize),
    ) -> Option<(usize, usize)> {
        if b != a + 1 || a <= s {
            return None;
        }
        let gender = match self.tok(a).norm.as_str() {
            "he" | "his" => Gender::Male,
            "she" | "her" => Gender::Female,
            _ => return None,
        };
        if (s..a).any(|j| matches!(self.tok(j).text, "“" | "”" | "\"" | ";")) {
            return None;
        }
        let r = (s..a).find(|&j| {
            let t = self.tok(j);
            t.word
                && !t.cap
                && matches!(
                    t.norm.as_str(),
                    "said"
                        | "says"
                        | "say"
                        | "told"
                        | "tells"
                        | "wrote"
                        | "writes"
                        | "recalled"
                        | "recalls"
                        | "claimed"
                        | "claims"
                        | "noted"
                        | "notes"
                        | "argued"
                        | "argues"
                        | "insisted"
                        | "insists"
                        | "explained"
                        | "acknowledged"
                        | "admitted"
                        | "stated"
                )
                && self.verb_is_active(j)
        })?;
        let (oa, ob) = self.subject_before(s, r)?;
        if ob != oa + 1 && !self.names_someone(oa, ob) {
            return None;
        }
        let same = if ob == oa + 1 && matches!(self.tok(oa).norm.as_str(), "he" | "she") {
            (self.tok(oa).norm == "he") == (gender == Gender::Male)
        } else {
            let (from, to) = (self.tok(oa).range.start(), self.tok(ob - 1).range.end());
            let people: Vec<&Mention> = self
                .mentions
                .iter()
                .filter(|m| {
                    m.kind == EntityKind::Person && m.span.start() >= from && m.span.end() <= to
                })
                .collect();
            // One person, of the pronoun's gender or of none the gazetteer knows.
            people.len() == 1
                && self
                    .gender_of(people[0])
                    .is_none_or(|g| g == gender || g == Gender::Unknown)
        };
        same.then_some((oa, ob))
    }

    /// The subject of the quote's sentence when it opens the sentence (or the clause after an
    /// opening phrase), with the word after it as the cue.
    pub(super) fn sentence_fallback(&self, seg: &Segment) -> Option<Found> {
        let (o, _) = self.tok_range(seg.open, seg.open + 1);
        if o == 0 || o >= self.toks.len() {
            return None;
        }
        let s = self.sentence_start_before(o);
        if s >= o {
            return None;
        }
        let mut starts = vec![s];
        let next_comma = self.next_comma.get_or_init(|| {
            let toks = &self.toks.toks;
            let mut next = vec![toks.len(); toks.len() + 1];
            for j in (0..toks.len()).rev() {
                next[j] = if toks[j].text == "," { j } else { next[j + 1] };
            }
            next
        });
        if let Some(&c) = next_comma.get(s).filter(|&&c| c < o) {
            starts.push(c + 1);
        }
        for start in starts {
            if start >= o {
                continue;
            }
            // "But he wanted to know, “…”", "And she is sure that …: “…”": a conjunction or
            // linking adverb opening the sentence stands before its subject.
            let start = if matches!(
                self.tok(start).norm.as_str(),
                "but" | "and" | "so" | "yet" | "then" | "still" | "instead"
            ) && start + 1 < o
            {
                start + 1
            } else {
                start
            };
            let first = self.tok(start);
            let (a, b) = if matches!(first.norm.as_str(), "he" | "she" | "they" | "i" | "we") {
                (start, start + 1)
            } else {
                // Only role words may stand before the name ("Former Gov. Mike Huckabee").
                let opens = |m: &&Mention| {
                    let (a, _) = self.tok_range(m.span.start(), m.span.end());
                    self.toks.toks[start..a].iter().all(|t| {
                        !t.word
                            || t.cap
                            || lexicon::is_role_modifier(&t.norm)
                            || lexicon::is_role_noun(&t.norm)
                    })
                };
                let m = self
                    .mentions
                    .iter()
                    .find(|m| {
                        matches!(m.kind, EntityKind::Person | EntityKind::Organization)
                            && m.span.start() >= first.range.start()
                            && m.span.start() <= first.range.end() + 40
                            && m.span.end() <= self.tok(o).range.start()
                    })
                    .filter(opens)
                    // "Moore thanked him for “…”": a name the mention rules typed as a place
                    // or left untyped is still the subject when it opens the sentence right
                    // before a verb ("South Korea accused the North's leader, Kim Jong Un, of
                    // “…”": the place, not the person in the object).
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
                    });
                // "Thirteen years earlier, she had voted …": no name opens the sentence, so
                // the clause after the opening phrase is tried next.
                let Some(m) = m.filter(opens) else {
                    continue;
                };
                self.tok_range(m.span.start(), m.span.end())
            };
            // "Mike Huckabee, for his part, is labeling …": the verb after a parenthetical.
            let mut vb = b;
            if self.toks.toks.get(b).is_some_and(|t| t.text == ",") {
                // A short parenthetical before any verb ("for his part"), or a long appositive
                // before a word that reads as a verb ("Ted Nordhaus, co-founder of the
                // institute and advocate of …, welcomed “…”").
                let close = (b + 1..(b + 10).min(o))
                    .find(|&j| self.tok(j).text == ",")
                    .or_else(|| {
                        (b + 1..(b + 30).min(o))
                            .find(|&j| self.tok(j).text == ",")
                            .filter(|&c| {
                                self.toks.toks.get(c + 1).is_some_and(|t| {
                                    t.word && !t.cap && is_finite_verb_like(&t.norm)
                                })
                            })
                    });
                if let Some(c) = close {
                    if !(b..c).any(|j| matches!(self.tok(j).text, "“" | "”" | "\"")) {
                        // "Joe Biden, Rubio said, had been …": the parenthetical attributes
                        // the sentence.
                        if let Some((pa, pb)) = self.parenthetical_attribution(b, c + 1) {
                            return Some(Found {
                                cue: Some(self.span(pb, pb + 1)),
                                source: Some((pa, pb)),
                                ..Found::default()
                            });
                        }
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

    /// A noun phrase with no name that opens the quote's sentence (or the clause after an
    /// opening phrase) and is followed by a verb before the quote: "The judge pointed …", "His
    /// campaign protested …", "A 2014 House report found …": tokens `[a, b)`.
    pub(super) fn described_subject(&self, seg: &Segment) -> Option<(usize, usize)> {
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
        starts.into_iter().find_map(|start| {
            let start = if matches!(self.tok(start).norm.as_str(), "but" | "and" | "so" | "yet") {
                start + 1
            } else {
                start
            };
            if start >= o {
                return None;
            }
            let first = self.tok(start);
            if !matches!(
                first.norm.as_str(),
                "the" | "a" | "an" | "his" | "her" | "its" | "their" | "our" | "one" | "another"
            ) {
                return None;
            }
            // The phrase runs to the first word that reads as a verb, within eight tokens.
            let v = (start + 1..o.min(start + 9)).find(|&j| {
                let t = self.tok(j);
                !t.word || !t.cap && is_finite_verb_like(&t.norm)
            })?;
            let t = self.tok(v);
            // Not a possessive phrase ("the senator’s answer") or an unfinished phrase.
            (t.word && v > start + 1 && !self.toks.toks[start..v].iter().any(|t| !t.word))
                .then_some((start, v))
        })
    }

    /// The first token of the sentence that holds token `v`, across quotes.
    pub(super) fn sentence_start_before(&self, v: usize) -> usize {
        let starts = self.sentence_starts.get_or_init(|| {
            let n = self.toks.toks.len();
            // Byte offsets just past each closing quote mark.
            let closes: rustc_hash::FxHashSet<usize> = self
                .segments
                .iter()
                .filter(|s| s.closed)
                .map(|s| s.close)
                .collect();
            let mut starts = Vec::with_capacity(n);
            for j in 0..n {
                let t = self.tok(j);
                let stop = j == 0 || {
                    let inside_quote = matches!(t.text, "”" | "\"")
                        && self.toks.toks.get(j + 1).is_some_and(|n| n.word && !n.cap);
                    // “… far from perfect.” He cited …: the closing mark after the quote's
                    // period ends that sentence, and the next one opens after the mark.
                    let after_close = j >= 2
                        && matches!(self.tok(j - 1).text, "”" | "\"")
                        && closes.contains(&self.tok(j - 1).range.end())
                        && self.is_sentence_end(j - 2)
                        && t.word
                        && t.cap;
                    let closing_mark = matches!(t.text, "”" | "\"")
                        && closes.contains(&t.range.end())
                        && self.toks.toks.get(j + 1).is_some_and(|n| n.word && n.cap);
                    self.is_sentence_end(j - 1) && !inside_quote && !closing_mark
                        || after_close
                        || t.newline_before
                };
                starts.push(if stop { j } else { starts[j - 1] });
            }
            starts
        });
        if let Some(&start) = starts.get(v) {
            return start;
        }
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
    pub(super) fn sentence_subject(&self, s: usize, v: usize) -> Option<(usize, usize)> {
        if matches!(
            self.tok(s).norm.as_str(),
            "he" | "she" | "they" | "i" | "we" | "it"
        ) {
            return Some((s, s + 1));
        }
        let from = self.tok(s).range.start();
        let to = self.tok(v).range.start();
        // Not a dateline's agency in parentheses ("WASHINGTON (AFP) – Clinton …"), nor a name
        // inside a quote that opens the sentence ("“I think Kasich would win,” Graham said,
        // adding, “…”": the quote's words are not the sentence's subject).
        let m = self.mentions.iter().find(|m| {
            matches!(m.kind, EntityKind::Person | EntityKind::Organization)
                && m.span.start() >= from
                && m.span.end() <= to
                && !self.text[..m.span.start()].trim_end().ends_with('(')
                && !self.inside_quote(m.span.start())
        })?;
        Some(self.tok_range(m.span.start(), m.span.end()))
    }

    /// The subject that opens the sentence starting at `s`, before verb `v`: a leading
    /// personal pronoun or the first name (of any kind: "House Republican Thomas Massie" is
    /// not always typed a person) with only role words before it.
    pub(super) fn opening_subject(&self, s: usize, v: usize) -> Option<(usize, usize)> {
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

    /// The first person mention in tokens `[s, e)` that is the subject of a verb: outside
    /// quotes, not the object of a preposition or a possessive, and followed by a lowercase
    /// word ("since Trump spoke only …").
    pub(super) fn person_subject(&self, s: usize, e: usize) -> Option<(usize, usize)> {
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

    /// The person whose speech a paragraph ending in a colon introduces: a person who is the
    /// subject of a verb ("the remarks Ellen Marsh delivered:") or whose possessive precedes a
    /// speech noun ("Ellen Marsh’s full remarks:"), outside quotes; only when the paragraph
    /// names one person.
    pub(super) fn speech_owner(&self, s: usize, e: usize) -> Option<(usize, usize)> {
        if s >= e {
            return None;
        }
        let (from, to) = (self.tok(s).range.start(), self.tok(e - 1).range.end());
        let people: Vec<&Mention> = self
            .mentions
            .iter()
            .filter(|m| {
                m.kind == EntityKind::Person
                    && m.span.start() >= from
                    && m.span.end() <= to
                    && !self.inside_quote(m.span.start())
            })
            .collect();
        let first = people.first()?;
        if people
            .iter()
            .any(|m| last_word(&m.name) != last_word(&first.name))
        {
            return None;
        }
        let speech_noun = |w: &str| {
            matches!(
                w,
                "remarks"
                    | "speech"
                    | "address"
                    | "statement"
                    | "comments"
                    | "testimony"
                    | "transcript"
                    | "text"
                    | "words"
                    | "answer"
                    | "answers"
            )
        };
        let (a, b) = self.tok_range(first.span.start(), first.span.end());
        let possessive = self.text[first.span.end()..].starts_with(['’', '\''])
            && self.toks.toks[b..e]
                .iter()
                .take(4)
                .any(|t| t.word && speech_noun(&t.norm));
        let speech = possessive
            || self.toks.toks[s..e]
                .iter()
                .any(|t| t.word && speech_noun(&t.norm))
                && self.person_subject(s, e).is_some();
        speech.then_some((a, b))
    }

    /// A quote that opens a sentence right after "X says." in the same paragraph: X.
    pub(super) fn previous_sentence_cue(&self, seg: &Segment) -> Option<Found> {
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

    /// A quote that opens a sentence and ends its paragraph, right after a sentence of the same
    /// paragraph whose subject is a person and which reports speech ("Clinton touted her record
    /// as a co-sponsor. “We need …”"): that person, with no cue. The quote paragraph version is in `attribute_cue`.
    pub(super) fn person_sentence_before(&self, seg: &Segment) -> Option<Found> {
        let (o, _) = self.tok_range(seg.open, seg.open + 1);
        if o < 3 || self.tok(o).newline_before || !self.is_sentence_end(o - 1) {
            return None;
        }
        let (_, pend) = self.paragraph_bounds(seg);
        let rest = self.text.get(seg.close..pend)?;
        if !seg.closed || rest.chars().any(char::is_alphanumeric) {
            return None;
        }
        let s = self.sentence_start_before(o - 1);
        if (s..o).any(|j| matches!(self.tok(j).text, "“" | "”" | "\"" | ":")) {
            return None;
        }
        let lead = if matches!(self.tok(s).norm.as_str(), "and" | "but" | "so" | "then") {
            s + 1
        } else {
            s
        };
        let (a, b) = self.opening_subject(lead, o - 1)?;
        let person = b == a + 1 && matches!(self.tok(a).norm.as_str(), "he" | "she")
            || self.mentions.iter().any(|m| {
                m.kind == EntityKind::Person
                    && m.span.start() == self.tok(a).range.start()
                    && m.span.end() == self.tok(b - 1).range.end()
            });
        // The subject is followed by its verb, and the sentence reports speech ("touted",
        // "mentioned"); "Fuller walked out before the vote. “…”" is no attribution.
        let verb = self
            .toks
            .toks
            .get(b)
            .is_some_and(|t| t.word && !t.cap && !lexicon::is_stopword(&t.norm));
        let speech = (b..o - 1).any(|j| {
            let t = self.tok(j);
            t.word && !t.cap && lexicon::is_speech_verb(&t.norm) && self.verb_is_active(j)
        });
        (person && verb && speech).then_some(Found {
            cue: None,
            source: Some((a, b)),
            colon: true,
            ..Found::default()
        })
    }

    /// A quote opening a sentence right after a sentence of the same paragraph, outside quote
    /// marks, whose strong speech verb has a named or pronoun subject: that subject, with no
    /// cue of its own.
    pub(super) fn reported_speech_before(&self, seg: &Segment) -> Option<Found> {
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
    pub(super) fn opens_sentence(&self, s: usize, a: usize) -> bool {
        a >= s
            && a - s <= 6
            && self.toks.toks[s..a].iter().all(|t| {
                // "On Twitter, she …": a capitalised preposition opening the sentence is no
                // part of a name.
                t.cap && !lexicon::is_stopword(&t.norm)
                    || t.text == "."
                    || lexicon::is_role_noun(&t.norm)
                    || lexicon::is_role_modifier(&t.norm)
                    || matches!(t.norm.as_str(), "the" | "’s" | "'s")
            })
    }

    /// A speech verb later in the quote's sentence whose subject is a name or a pronoun.
    pub(super) fn later_in_sentence(&self, a0: usize, a1: usize, seg: &Segment) -> Option<Found> {
        // “… open its doors.” And then he promised …: the quote ended its sentence, so the
        // verb after it belongs to the next one.
        if self.quote_ends_sentence(seg) {
            return None;
        }
        let mut k = a0;
        while k < a1 && !self.is_sentence_end(k) {
            let t = self.tok(k);
            if t.word && !t.cap && lexicon::is_strong_speech_verb(&t.norm) && k > a0 {
                // "Clinton “drew well” in the primary, said Paul Beck, a professor.": an
                // inverted verb after a comma, then the speaker, ends the sentence.
                // The words after the verb are a noun phrase: a name, a role or a determiner
                // first, not a clause ("…, said he hadn’t thought about Cruz").
                let np_next = self.toks.toks.get(k + 1).is_some_and(|n| {
                    n.word
                        && (n.cap && !matches!(n.norm.as_str(), "he" | "she" | "it" | "they")
                            || lexicon::is_role_noun(&n.norm)
                            || lexicon::is_role_modifier(&n.norm)
                            || matches!(n.norm.as_str(), "the" | "a" | "an"))
                });
                if self.tok(k - 1).text == ","
                    && np_next
                    && !self.quote_ends_sentence(seg)
                    && !t.norm.ends_with("ing")
                    && self.verb_is_active(k)
                {
                    if let Some((s, e)) = self.np_after(k + 1, a1) {
                        let closes = self
                            .toks
                            .toks
                            .get(e)
                            .is_none_or(|n| matches!(n.text, "." | "," | "!" | "?"));
                        if closes && self.names_someone(s, e) {
                            return Some(Found {
                                cue: Some(self.span(k, k + 1)),
                                source: Some((s, e)),
                                after: true,
                                ..Found::default()
                            });
                        }
                    }
                }
                let (a, b) = self.subject_before(a0, k)?;
                let named = self.mentions.iter().any(|m| {
                    m.kind == EntityKind::Person
                        && m.span.start() >= self.tok(a).range.start()
                        && m.span.end() <= self.tok(b - 1).range.end()
                });
                let pronoun = b == a + 1 && matches!(self.tok(a).norm.as_str(), "he" | "she");
                // "Haley is an “articulate conservative” who has won twice, the editorial board
                // writes.": a described source set off by a comma before its verb at the end.
                let described = a > a0
                    && self.tok(a - 1).text == ","
                    && matches!(self.tok(a).norm.as_str(), "the" | "a" | "an")
                    && b - a <= 6
                    && self.plausible_source(a, b)
                    && self
                        .toks
                        .toks
                        .get(k + 1)
                        .is_some_and(|n| matches!(n.text, "." | ","));
                if named || pronoun || described {
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
}

/// Whether a lowercase word reads as the finite verb (or the adverb or auxiliary before it)
/// that ends a subject noun phrase: "-ed" past forms, an auxiliary, a speech verb, a common
/// irregular past, or a frequent adverb.
fn is_finite_verb_like(w: &str) -> bool {
    (w.len() > 4 && w.ends_with("ed") && !w.ends_with("eed"))
        || lexicon::is_speech_verb(w)
        || matches!(
            w,
            "is" | "was"
                | "are"
                | "were"
                | "has"
                | "have"
                | "had"
                | "will"
                | "would"
                | "can"
                | "could"
                | "may"
                | "might"
                | "should"
                | "also"
                | "then"
                | "later"
                | "recently"
                | "once"
                | "never"
                | "did"
                | "does"
                | "sent"
                | "put"
                | "made"
                | "took"
                | "gave"
                | "found"
                | "saw"
                | "thought"
                | "spoke"
                | "went"
                | "came"
                | "began"
                | "held"
                | "led"
                | "got"
                | "kept"
                | "left"
                | "brought"
                | "shows"
                | "finds"
                | "calls"
                | "accuses"
                | "concludes"
                | "cites"
                | "puts"
        )
}

/// A weekday or month name: a date after a verb, not its subject.
pub(super) fn is_day_or_month(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "january"
            | "february"
            | "march"
            | "april"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "today"
            | "yesterday"
            | "tonight"
    )
}
