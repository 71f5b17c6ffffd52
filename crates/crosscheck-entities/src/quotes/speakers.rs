//! From source words to a speaker: names, pronouns, roles and statement nouns resolved to
//! named mentions.
//!
//! What it decides: in text order (so that a pronoun sees earlier speakers), which mention a
//! quote's source words stand for: the name itself; "he"/"she" the nearest earlier person of
//! that gender outside quotes; "the ministry", "the channel" the nearest fitting organisation;
//! "the statement" an earlier speaker; an unnamed source introduced before its name the name
//! that follows; a continuation the speaker of the quote it continues.

use super::*;

pub(super) fn strip_article(s: &str) -> String {
    for a in ["the ", "The ", "a ", "A ", "an ", "An "] {
        if let Some(rest) = s.strip_prefix(a) {
            return rest.to_string();
        }
    }
    s.to_string()
}

impl Ctx<'_> {
    /// Turn source words into speakers, in text order (so pronouns see earlier speakers).
    pub(super) fn resolve_all(&self, found: &mut [Found]) {
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

    pub(super) fn indefinite(&self, source: TextRange) -> bool {
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
    pub(super) fn first_mention_of(&self, m: usize) -> Option<usize> {
        let target = self.mentions.get(m)?;
        let last = last_word(&target.name);
        self.mentions
            .iter()
            .filter(|x| x.kind == target.kind && last_word(&x.name) == last)
            .map(|x| x.span.start())
            .min()
    }

    /// Resolve source tokens `[a, b)` of quote `i` to a speaker.
    pub(super) fn resolve(&self, a: usize, b: usize, i: usize, found: &[Found]) -> Option<Speaker> {
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

    pub(super) fn speaker_from(&self, k: usize, source: TextRange) -> Speaker {
        let m = &self.mentions[k];
        Speaker {
            name: m.name.clone(),
            kind: m.kind,
            source,
            mention: Some(k),
        }
    }

    /// The speaker of an earlier quote (within three paragraphs) whose mention passes `want`.
    pub(super) fn previous_speaker(
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
    pub(super) fn nearest_mention(
        &self,
        before: usize,
        want: impl Fn(&Mention) -> bool,
    ) -> Option<usize> {
        self.mentions
            .iter()
            .enumerate()
            .rev()
            .filter(|(_, m)| m.span.end() <= before && !self.inside_quote(m.span.start()))
            .find(|(_, m)| want(m))
            .map(|(k, _)| k)
    }

    pub(super) fn inside_quote(&self, at: usize) -> bool {
        self.segments
            .iter()
            .any(|s| s.content.start() <= at && at < s.content.end())
    }

    /// The person a "he"/"she" before byte `before` refers to: the nearest earlier person
    /// mention of a compatible gender, outside quotes.
    pub(super) fn antecedent_person(
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
    pub(super) fn gender_of(&self, m: &Mention) -> Option<Gender> {
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
