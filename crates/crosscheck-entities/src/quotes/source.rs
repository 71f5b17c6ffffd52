//! Source noun phrases: which tokens next to a speech verb name the one who speaks.
//!
//! What it decides: where the noun phrase before a verb starts (back over names, titles, roles
//! and appositives to a clause boundary), the noun phrase after an inverted verb or "according
//! to", whether a stretch of tokens can name a source at all (a name, a pronoun, a role, a
//! statement noun; not a listener, not a dateline agency), and which mention covers it.

use super::*;

/// Whether `word` may stand before a cue: the shared speech adverbs or quote-only extras.
pub(super) fn is_adverb(word: &str) -> bool {
    lexicon::SPEECH_ADVERBS.contains(&word) || EXTRA_ADVERBS.contains(&word)
}

/// Adverbs allowed before a cue beyond [`lexicon::SPEECH_ADVERBS`].
pub(super) const EXTRA_ADVERBS: &[&str] = &[
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

/// A plural noun for a group of people: a role noun with a plural "-s" ("officials",
/// "critics", "analysts") or a collective ("police", "authorities").
pub(super) fn is_people_plural(word: &str) -> bool {
    word.strip_suffix('s').is_some_and(lexicon::is_role_noun)
        || matches!(
            word,
            "police" | "authorities" | "people" | "democrats" | "republicans" | "troops"
        )
}

impl Ctx<'_> {
    /// The source noun phrase that ends right before verb `v`, starting at or after `s`:
    /// tokens `[a, b)`.
    pub(super) fn subject_before(&self, s: usize, v: usize) -> Option<(usize, usize)> {
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
        // "At the town hall this week she said …": a nominative pronoun right before the verb
        // is its subject, whatever phrase stands before it.
        if b - 1 > s
            && matches!(
                self.tok(b - 1).norm.as_str(),
                "he" | "she" | "they" | "we" | "i"
            )
            && !matches!(self.tok(b - 2).text, ",")
        {
            return Some((b - 1, b));
        }
        // "…, he laughed and said, “…”": a pronoun before a verb coordinated with this one.
        if b >= s + 3
            && self.tok(b - 1).norm == "and"
            && self.tok(b - 2).word
            && !self.tok(b - 2).cap
            && matches!(
                self.tok(b - 3).norm.as_str(),
                "he" | "she" | "they" | "we" | "i"
            )
        {
            return Some((b - 3, b - 2));
        }
        // "Sen. Ron Johnson, R-Wis., said", "Gov. Phil Bryant (R) said", "Clinton, during a
        // town hall meeting in Columbus, Ohio, said": the first name of the clause chain that
        // is not the object of a preposition.
        // "CNN, Cruz said, called the announcement “…”": an attribution set off by commas
        // inside the clause is the source of what the clause reports.
        if let Some(src) = self.parenthetical_attribution(s, b) {
            return Some(src);
        }
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
                let (mut ma, mb) = self.tok_range(m.span.start(), m.span.end());
                // "Ana Ramirez and Tom Holloway, who lead the panel, said": every name of the
                // coordination.
                while ma >= s + 2 && self.tok(ma - 1).norm == "and" && self.names_joined(ma - 2, ma)
                {
                    let Some(p) = self.name_ending_at(self.tok(ma - 2).range.end()) else {
                        break;
                    };
                    ma = self
                        .tok_range(self.mentions[p].span.start(), self.mentions[p].span.end())
                        .0;
                }
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

    /// "…, Cruz said," ending at token `b` (just past the comma), after a comma at or after
    /// `s`: the name or pronoun between the two commas, when a strong speech verb ends the
    /// parenthetical.
    pub(super) fn parenthetical_attribution(&self, s: usize, b: usize) -> Option<(usize, usize)> {
        if b < s + 4 || self.tok(b - 1).text != "," {
            return None;
        }
        let verb = self.tok(b - 2);
        if !(verb.word && !verb.cap && lexicon::is_strong_speech_verb(&verb.norm))
            || verb.norm.ends_with("ing")
        {
            return None;
        }
        let c = (s..b - 2).rev().find(|&j| self.tok(j).text == ",")?;
        let (a, e) = (c + 1, b - 2);
        (e > a && e - a <= 4 && self.names_someone(a, e) && self.tok(a).cap).then_some((a, e))
    }

    /// A mention that exactly spans tokens `[a, b)` (allowing a leading article).
    pub(super) fn mention_covering(&self, a: usize, b: usize) -> Option<usize> {
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
    pub(super) fn clause_start(&self, s: usize, b: usize) -> usize {
        let mut a = b;
        while a > s {
            let t = self.tok(a - 1);
            // "Ramirez and Holloway said": names joined by "and" are one subject.
            if t.norm == "and" && a < b && a >= s + 2 && self.names_joined(a - 2, a) {
                a -= 1;
                continue;
            }
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

    /// The mention of a person (or an undecided name) starting exactly at byte `at`.
    pub(super) fn name_starting_at(&self, at: usize) -> Option<usize> {
        let k = self.mentions.partition_point(|m| m.span.start() < at);
        self.mentions
            .get(k)
            .is_some_and(|m| {
                m.span.start() == at && matches!(m.kind, EntityKind::Person | EntityKind::Other)
            })
            .then_some(k)
    }

    /// The mention of a person (or an undecided name) ending exactly at byte `at`.
    pub(super) fn name_ending_at(&self, at: usize) -> Option<usize> {
        let k = self.mentions.partition_point(|m| m.span.end() < at);
        self.mentions
            .get(k)
            .is_some_and(|m| {
                m.span.end() == at && matches!(m.kind, EntityKind::Person | EntityKind::Other)
            })
            .then_some(k)
    }

    /// Whether token `x` ends a name and token `y` starts one, at least one of them a
    /// person's, so that "x and y" coordinates two people.
    pub(super) fn names_joined(&self, x: usize, y: usize) -> bool {
        let (tx, ty) = (self.tok(x), self.tok(y));
        if !(tx.cap && ty.cap) {
            return false;
        }
        match (
            self.name_ending_at(tx.range.end()),
            self.name_starting_at(ty.range.start()),
        ) {
            (Some(p), Some(q)) => {
                self.mentions[p].kind == EntityKind::Person
                    || self.mentions[q].kind == EntityKind::Person
            }
            _ => false,
        }
    }

    /// The noun phrase starting at `s` (after an inverted verb or "according to").
    pub(super) fn np_after(&self, s: usize, limit: usize) -> Option<(usize, usize)> {
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
        // "said a spokeswoman for Harmon Properties, Julia Kessler": a role phrase and then,
        // after a comma, the name of the person who holds it.
        if e > s
            && e + 1 < limit.min(self.toks.len())
            && self.tok(e).text == ","
            && self.toks.toks[s..e]
                .iter()
                .any(|t| t.word && !t.cap && lexicon::is_role_noun(&t.norm))
        {
            if let Some(k) = self.name_starting_at(self.tok(e + 1).range.start()) {
                let m = &self.mentions[k];
                let (_, mb) = self.tok_range(m.span.start(), m.span.end());
                let closes = self
                    .toks
                    .toks
                    .get(mb)
                    .is_none_or(|t| matches!(t.text, "," | "." | ";" | "”" | "\""))
                    || mb >= limit;
                if m.kind == EntityKind::Person && closes && mb <= limit {
                    return Some((s, mb));
                }
            }
        }
        (e > s).then_some((s, e))
    }

    /// Whether tokens `[a, b)` can name a source: a short noun phrase (a name, a pronoun, "the
    /// statement", "Kyiv officials"), not a clause ("that he is responsible") or a date.
    pub(super) fn plausible_source(&self, a: usize, b: usize) -> bool {
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
    pub(super) fn surname_of_person(&self, word: &str) -> bool {
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

    /// Whether tokens `[a, b)` hold a person or organisation mention, or a personal pronoun.
    pub(super) fn names_someone(&self, a: usize, b: usize) -> bool {
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
}
