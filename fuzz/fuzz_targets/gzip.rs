#![no_main]
//! Gzip-compressed inputs: the first byte picks the inner format, the rest is compressed
//! (so the fuzzer reaches the readers behind the decoder), or fed raw (broken streams).

use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let name = match selector % 4 {
        0 => "article.txt.gz",
        1 => "page.html.gz",
        2 => "feed.jsonl.gz",
        _ => "crawl.warc.gz",
    };
    if selector & 0x80 != 0 {
        // Raw bytes: truncated, corrupt or multi-member streams.
        crosscheck_fuzz::read_bytes_as(name, rest);
    } else {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        if encoder.write_all(rest).is_ok() {
            if let Ok(compressed) = encoder.finish() {
                crosscheck_fuzz::read_bytes_as(name, &compressed);
            }
        }
    }
});
