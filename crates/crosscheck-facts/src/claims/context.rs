//! What surrounds a value: the subject it is about and the qualities that decide how it may
//! be compared.
//!
//! What it decides: the subject terms of a value (a window around it in its clause, names
//! weighted), whether the statement is negated, whether the figure is volatile (prices, market
//! moves, running counts), and what it is counted per ("each", "per year").

use super::*;

impl<'a> Extractor<'a> {
    pub(super) fn negated(&self, event_tok: usize, sent_start: usize) -> bool {
        let from = event_tok.saturating_sub(3).max(sent_start);
        (from..event_tok).any(|k| {
            let w = self.tok(k).norm.as_str();
            matches!(w, "not" | "never" | "no" | "neither" | "nor") || w.ends_with("n't")
        })
    }

    /// Whether a figure changes over time: prices, market moves, running counts ("so far",
    /// "as of", tolls, cases), changes ("up 5%", "rose by 2 percent").
    pub(super) fn volatile(&self, sent: Range<usize>, span: Range<usize>) -> bool {
        let from = span.start.saturating_sub(8).max(sent.start);
        let to = (span.end + 8).min(sent.end);
        let word = |k: usize| self.tok(k).norm.as_str();
        // A change right before the figure: "up 5.6%", "shot up 38 percent", "rose by 2".
        let before = span.start.saturating_sub(3).max(sent.start)..span.start;
        if before.clone().any(|k| {
            matches!(
                word(k),
                "up" | "down" | "by" | "added" | "shed" | "lost" | "cut"
            )
        }) {
            return true;
        }
        (from..to).any(|k| {
            let w = word(k);
            let next = (k + 1 < sent.end).then(|| word(k + 1));
            matches!(lexicon::event_class(w), Some("rise" | "fall"))
                || matches!(
                    (w, next),
                    ("so", Some("far"))
                        | ("to", Some("date"))
                        | ("as", Some("of"))
                        | ("by", Some("today"))
                )
                || matches!(
                    w,
                    "shares"
                        | "share"
                        | "stock"
                        | "stocks"
                        | "price"
                        | "prices"
                        | "priced"
                        | "cost"
                        | "costs"
                        | "costing"
                        | "worth"
                        | "valued"
                        | "index"
                        | "toll"
                        | "tolls"
                        | "cases"
                        | "infections"
                        | "infected"
                        | "trading"
                        | "traded"
                        | "closed"
                        | "close"
                        | "closing"
                        | "yield"
                        | "yields"
                        | "rate"
                        | "rates"
                        | "lower"
                        | "higher"
                        | "nasdaq"
                        | "dow"
                        | "futures"
                        | "cents"
                        | "points"
                        | "poll"
                        | "polls"
                        | "estimate"
                        | "estimated"
                        | "expects"
                        | "expected"
                        | "forecast"
                        | "quarter"
                        | "earnings"
                        | "revenue"
                        | "profit"
                        | "sales"
                )
        })
    }

    /// What a figure is counted per ("each", "per year", "a game", "combined"): two figures
    /// on different bases are different subjects.
    pub(super) fn basis(
        &self,
        sent: Range<usize>,
        value_end: usize,
        start: usize,
    ) -> Option<String> {
        let word = |k: usize| self.tok(k).norm.as_str();
        let after = value_end..(value_end + 5).min(sent.end);
        for k in after.chain(start.saturating_sub(2).max(sent.start)..start) {
            match word(k) {
                "each" | "apiece" => return Some("each".to_string()),
                "combined" | "altogether" | "total" => return Some("total".to_string()),
                "per" | "a" | "an" if k + 1 < sent.end => {
                    let unit = word(k + 1);
                    if matches!(
                        unit,
                        "year"
                            | "month"
                            | "week"
                            | "day"
                            | "hour"
                            | "game"
                            | "share"
                            | "person"
                            | "head"
                            | "capita"
                            | "barrel"
                            | "ton"
                            | "tonne"
                            | "ounce"
                            | "night"
                    ) {
                        return Some(format!("per {unit}"));
                    }
                }
                "annual" | "annually" | "yearly" => return Some("per year".to_string()),
                "weekly" => return Some("per week".to_string()),
                "monthly" => return Some("per month".to_string()),
                "daily" => return Some("per day".to_string()),
                _ => {}
            }
        }
        None
    }

    /// Whether token `k` is a name: capitalised inside a sentence, or capitalised at its start
    /// and never written in lowercase in the document.
    pub(super) fn is_name(&self, k: usize) -> bool {
        let t = self.tok(k);
        if !t.is_word() || !t.cap {
            return false;
        }
        if lexicon::month(&t.base).is_some() || lexicon::weekday(&t.base).is_some() {
            return false;
        }
        !t.sentence_start
            || !lexicon::is_stopword(&t.norm) && !self.lowercase_seen.contains(&t.base)
    }

    /// The subject of a value at `span` in `sent`: terms from a window around the value (and
    /// the event word), within the clause.
    pub(super) fn subject(
        &self,
        sent: Range<usize>,
        span: Range<usize>,
        event: Option<&EventHit>,
        head: String,
    ) -> Subject {
        let (cs, ce) = self.clause(sent.clone(), span.start);
        let mut window: Vec<usize> =
            ((span.start.saturating_sub(20)).max(cs)..(span.end + 20).min(ce)).collect();
        if let Some(e) = event {
            window.extend(e.tok.saturating_sub(4).max(sent.start)..(e.tok + 5).min(sent.end));
        }
        window.sort_unstable();
        window.dedup();
        let mut names = Vec::new();
        let mut terms: Vec<(String, bool)> = Vec::new();
        let near = |k: usize| {
            let to_value = if k < span.start {
                span.start - k
            } else {
                k.saturating_sub(span.end)
            };
            let to_event = event.map_or(usize::MAX, |e| e.tok.abs_diff(k));
            to_value.min(to_event) <= 6
        };
        for k in window {
            if span.contains(&k) || self.in_time[k] {
                continue;
            }
            let t = self.tok(k);
            if !t.is_word() && !t.is_number() {
                continue;
            }
            if t.is_word() && lexicon::is_reporting_verb(&t.norm) {
                continue;
            }
            let name = self.is_name(k);
            let Some(term) = self.normalizer.term(&t.base, name) else {
                continue;
            };
            if name && !names.contains(&term) {
                names.push(term.clone());
            }
            terms.push((term, near(k)));
        }
        if let Some(e) = event {
            terms.push((e.class.clone(), true));
        }
        // Sorted by term, nearest occurrence first, then one entry per term.
        terms.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        terms.dedup_by(|a, b| a.0 == b.0);
        let (terms, near): (Vec<String>, Vec<bool>) = terms.into_iter().unzip();
        names.sort();
        let mut label_terms: Vec<&str> = names.iter().map(String::as_str).take(4).collect();
        if label_terms.is_empty() {
            label_terms = terms
                .iter()
                .map(String::as_str)
                .filter(|t| *t != head)
                .take(3)
                .collect();
        }
        let label = match event {
            Some(e) if e.class != head => {
                format!("{head} / {}: {}", e.class, label_terms.join(", "))
            }
            _ => format!("{head}: {}", label_terms.join(", ")),
        };
        Subject {
            head,
            event: event.map(|e| e.class.clone()),
            aspect: event.map_or(Aspect::Occur, |e| e.aspect),
            names,
            terms,
            near,
            label,
        }
    }

    /// The clause around token `k`: bounded by ; : — – ( ) and quote marks.
    pub(super) fn clause(&self, sent: Range<usize>, k: usize) -> (usize, usize) {
        // Token `i` opens a new clause: after ; : — ( ) or a quote mark, or a contrasting
        // conjunction after a comma (", while the authorities estimated ...").
        let opens = |i: usize| {
            let prev = self.tok(i - 1).norm.as_str();
            matches!(prev, ";" | ":" | "—" | "–" | "(" | ")" | "“" | "”")
                || prev == ","
                    && matches!(
                        self.tok(i).norm.as_str(),
                        "while" | "whereas" | "but" | "although" | "though" | "however"
                    )
        };
        let mut s = k;
        while s > sent.start && !opens(s) {
            s -= 1;
        }
        let mut e = k + 1;
        while e < sent.end && !opens(e) {
            e += 1;
        }
        // A closing mark ends the clause before it.
        while e > k + 1
            && matches!(
                self.tok(e - 1).norm.as_str(),
                ";" | ":" | "—" | "–" | "(" | ")" | "“" | "”" | ","
            )
        {
            e -= 1;
        }
        (s, e.min(sent.end))
    }
}
