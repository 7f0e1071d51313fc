//! Fuzz target: any bytes as an HTML body, a title and entity text. Nothing
//! may panic, and no output string may hold a control character other
//! than a newline.
#![no_main]

use lektyr::archive::html::{decode_entities, to_blocks, to_text};
use lektyr::archive::{Block, Rich};
use libfuzzer_sys::fuzz_target;

fn check(s: &str) {
    assert!(
        !s.chars().any(|c| c.is_control() && c != '\n'),
        "control character in {s:?}"
    );
}

fn check_rich(r: &Rich) {
    for run in &r.runs {
        check(&run.text);
        if let lektyr::archive::RunStyle::Link(url) = &run.style {
            check(url);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for block in to_blocks(&text, Some("https://example.org/a/b")) {
        match &block {
            Block::Paragraph(r) | Block::Heading { text: r, .. } => check_rich(r),
            Block::PullQuote { text, cite } | Block::Quote { text, cite } => {
                check_rich(text);
                cite.as_deref().map(check);
            }
            Block::Image { src, alt, caption } => {
                for s in [src, alt, caption].into_iter().flatten() {
                    check(s);
                }
            }
            Block::List { items, .. } => items.iter().for_each(check_rich),
            Block::Code(s) => check(s),
            Block::Rule => {}
        }
    }
    check(&to_text(&text));
    check(&decode_entities(&text));
});
