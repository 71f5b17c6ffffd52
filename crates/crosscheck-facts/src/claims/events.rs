//! Events: the event word a value is about ("evacuated", "annexed", "retreat"), found in
//! the value's clause, with its aspect.
//!
//! What it decides: which event word of the class table a value attaches to (rightwards or
//! leftwards of it, within a distance, not across another value), and the aspect word near it
//! ("ordered the retreat").

use super::*;

#[derive(Clone, Debug)]
pub(super) struct Hit {
    pub(super) tok: usize,
    pub(super) class: String,
    pub(super) aspect: Aspect,
    pub(super) generic: bool,
    pub(super) report: bool,
}

/// The event a value is attached to.
#[derive(Clone, Debug)]
pub(super) struct EventHit {
    pub(super) tok: usize,
    pub(super) class: String,
    pub(super) aspect: Aspect,
    /// The value dates a statement about the event, not the event.
    pub(super) reported: bool,
    /// Only a statement, no event in it.
    pub(super) statement: bool,
}

impl<'a> Extractor<'a> {
    /// The event a value at `span` belongs to.
    pub(super) fn find_event(
        &self,
        si: usize,
        span: Range<usize>,
        attach: Attach,
    ) -> Option<EventHit> {
        let sent = self.p.sents[si].toks.clone();
        let left = self.scan_event(span.start, sent.start, true, 16);
        let right = self.scan_event(span.end, sent.end, false, 12);
        let pick = match attach {
            Attach::Following => right.clone().or(left.clone()),
            Attach::Nearest => {
                let strong = |h: &Option<Hit>| h.as_ref().filter(|h| !h.generic).cloned();
                match (strong(&left), strong(&right)) {
                    (Some(l), Some(r)) => {
                        if span.start - l.tok < r.tok - span.end {
                            Some(l)
                        } else {
                            Some(r)
                        }
                    }
                    (Some(l), None) => Some(l),
                    (None, Some(r)) => Some(r),
                    // A past verb right next to the value ("displaced 10,200 people").
                    (None, None) => match (&left, &right) {
                        (Some(l), _) if span.start - l.tok <= 2 => left.clone(),
                        (_, Some(r)) if r.tok - span.end <= 2 => right.clone(),
                        _ => None,
                    },
                }
            }
            Attach::Either => {
                let strong = |h: &Option<Hit>| h.as_ref().is_some_and(|h| !h.generic);
                if strong(&left) {
                    left.clone()
                } else if strong(&right) {
                    right.clone()
                } else {
                    match (&left, &right) {
                        (Some(l), _) if span.start - l.tok <= 6 => left.clone(),
                        (_, Some(r)) if r.tok - span.end <= 4 => right.clone(),
                        _ => None,
                    }
                }
            }
        }?;
        let mut aspect = pick.aspect;
        if !pick.report {
            if aspect == Aspect::Occur {
                aspect = self.aspect_near(pick.tok, sent.clone());
            }
            return Some(EventHit {
                tok: pick.tok,
                class: pick.class,
                aspect,
                reported: false,
                statement: false,
            });
        }
        // The date or number belongs to a statement: find the event the statement is about.
        let cue = pick.tok;
        let content_before = (cue.saturating_sub(7).max(sent.start)..cue)
            .any(|k| matches!(self.tok(k).norm.as_str(), "," | "”" | "\""));
        let content = if content_before {
            self.first_event(sent.start..cue)
        } else {
            let from = span.end.max(cue + 1);
            let to = (from..sent.end.min(from + 10))
                .find(|&k| self.tok(k).norm == ",")
                .unwrap_or(sent.end.min(from + 10));
            self.first_event(from..to)
        };
        match content {
            Some(h) => Some(EventHit {
                tok: h.tok,
                class: h.class,
                aspect: if h.aspect == Aspect::Occur {
                    self.aspect_near(h.tok, sent)
                } else {
                    h.aspect
                },
                reported: true,
                statement: false,
            }),
            None => Some(EventHit {
                tok: cue,
                class: "say".to_string(),
                aspect: Aspect::Occur,
                reported: true,
                statement: true,
            }),
        }
    }

    /// The first event word (of the class table) in `range`, aspect words noted.
    pub(super) fn first_event(&self, range: Range<usize>) -> Option<Hit> {
        let mut aspect = Aspect::Occur;
        for k in range {
            let t = self.tok(k);
            if !t.is_word() || self.in_time[k] {
                continue;
            }
            if let Some(a) = lexicon::aspect(&t.norm) {
                aspect = a;
                continue;
            }
            if let Some(class) = lexicon::event_class(&t.norm) {
                return Some(Hit {
                    tok: k,
                    class: class.to_string(),
                    aspect,
                    generic: false,
                    report: false,
                });
            }
        }
        None
    }

    pub(super) fn scan_event(
        &self,
        from: usize,
        limit: usize,
        leftwards: bool,
        max: usize,
    ) -> Option<Hit> {
        let mut aspect = Aspect::Occur;
        let indices: Vec<usize> = if leftwards {
            (limit..from).rev().take(max).collect()
        } else {
            (from..limit).take(max).collect()
        };
        for idx in indices {
            let t = self.tok(idx);
            if matches!(t.norm.as_str(), ";" | "—" | "–") {
                return None;
            }
            if !t.is_word() || self.in_time[idx] {
                continue;
            }
            let w = t.norm.as_str();
            if let Some(a) = lexicon::aspect(w) {
                aspect = a;
                continue;
            }
            if lexicon::is_reporting_verb(w) || w == "according" {
                return Some(Hit {
                    tok: idx,
                    class: "say".to_string(),
                    aspect,
                    generic: false,
                    report: true,
                });
            }
            if let Some(class) = lexicon::event_class(w) {
                return Some(Hit {
                    tok: idx,
                    class: class.to_string(),
                    aspect,
                    generic: false,
                    report: false,
                });
            }
            if !t.cap && lexicon::looks_eventive(w) {
                if let Some(stem) = self.normalizer.term(w, false) {
                    return Some(Hit {
                        tok: idx,
                        class: stem,
                        aspect,
                        generic: true,
                        report: false,
                    });
                }
            }
        }
        None
    }

    /// An aspect word within three tokens of the event ("ordered the retreat").
    pub(super) fn aspect_near(&self, tok: usize, sent: Range<usize>) -> Aspect {
        let from = tok.saturating_sub(3).max(sent.start);
        let to = (tok + 3).min(sent.end);
        (from..to)
            .filter(|&k| k != tok)
            .find_map(|k| lexicon::aspect(&self.tok(k).norm))
            .unwrap_or(Aspect::Occur)
    }
}
