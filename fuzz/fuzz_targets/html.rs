#![no_main]
//! HTML pages: main-content extraction, markup metadata, block rendering.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(page) = std::str::from_utf8(data) {
        let _ = crosscheck::ingest::extract_html(page, Some("https://example.org/2022/11/15/a"));
        if let Ok(doc) =
            crosscheck::ingest::build_from_html("fuzz", page, None, &crosscheck_fuzz::options())
        {
            crosscheck_fuzz::check_document(&doc);
        }
    } else {
        // Undecodable bytes go through the file path's charset handling.
        crosscheck_fuzz::read_bytes_as("page.html", data);
    }
});
