#![no_main]
//! Plain text: header lines, datelines, boilerplate cleaning, sentence splitting.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(doc) =
            crosscheck::ingest::build_from_text("fuzz", text, &crosscheck_fuzz::options())
        {
            crosscheck_fuzz::check_document(&doc);
        }
    }
    // The file path too: decoding, binary detection, charset sniffing.
    crosscheck_fuzz::read_bytes_as("article.txt", data);
});
