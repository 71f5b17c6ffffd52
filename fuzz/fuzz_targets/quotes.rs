#![no_main]
//! Quotes and speakers: entity mentions, quotation segments, cues, speaker attribution.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mentions = crosscheck_entities::mentions(text);
    for m in &mentions {
        crosscheck_fuzz::check_range(text, m.span, "mention");
    }
    for q in crosscheck_entities::quotes(text, &mentions) {
        crosscheck_fuzz::check_range(text, q.span, "quote");
        if let Some(cue) = q.cue {
            crosscheck_fuzz::check_range(text, cue, "cue");
        }
        if let Some(speaker) = &q.speaker {
            crosscheck_fuzz::check_range(text, speaker.source, "speaker");
            if let Some(m) = speaker.mention {
                assert!(m < mentions.len(), "speaker mention {m} out of range");
            }
        }
    }
});
