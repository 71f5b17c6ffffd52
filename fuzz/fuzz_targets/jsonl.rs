#![no_main]
//! JSON Lines feeds: one article per line, declared fields, HTML bodies.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    crosscheck_fuzz::read_bytes_as("feed.jsonl", data);
});
