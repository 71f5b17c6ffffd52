#![no_main]
//! WARC files: record headers, HTTP responses, chunked and compressed payloads.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    crosscheck_fuzz::read_bytes_as("crawl.warc", data);
});
