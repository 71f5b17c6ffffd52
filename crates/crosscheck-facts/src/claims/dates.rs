//! Date claims: the date of an event, from the time expressions of a sentence.
//!
//! What it decides: which resolved time expressions date an event of their sentence (and so
//! make a claim), and which event that is.

use super::*;

impl<'a> Extractor<'a> {
    pub(super) fn dates(&self, document: usize, si: usize, out: &mut Vec<Claim>) {
        let sent = self.p.sents[si].toks.clone();
        for (ti, t) in self.times.iter().enumerate() {
            if t.sentence != si {
                continue;
            }
            let possessive = t.toks.end > t.toks.start
                && self.tok(t.toks.end - 1).norm != self.tok(t.toks.end - 1).base;
            let attach = if possessive {
                Attach::Following
            } else {
                t.attach
            };
            let Some(event) = self.find_event(si, t.toks.clone(), attach) else {
                continue;
            };
            if event.statement {
                continue;
            }
            let subject = self.subject(
                sent.clone(),
                t.toks.clone(),
                Some(&event),
                event.class.clone(),
            );
            let value = ClaimValue::Date(DateValue {
                date: t.date,
                bounds: t.bounds,
                precision: t.precision,
                written: t.written,
                time: ti,
            });
            let mut claim = self.claim(
                document,
                si,
                t.toks.clone(),
                ClaimKind::Date,
                subject,
                value,
                Some(&event),
                false,
            );
            claim.reported = event.reported;
            out.push(claim);
        }
    }
}
