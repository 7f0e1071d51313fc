//! Fuzz target: any bytes as an archive file. Loading must never panic, and
//! whatever loads must carry no terminal controls in the strings it shows.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// Nothing a terminal would act on: C0 (except newline), DEL, C1, bidi
/// controls, zero-width space and BOM.
fn is_safe(s: &str) -> bool {
    !s.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}' | '\u{feff}')
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(archive) = lektyr::archive::load_bytes("fuzz.json", data) else {
        return;
    };
    if let Some(title) = &archive.title {
        assert!(is_safe(title), "archive title {title:?}");
    }
    for topic in &archive.topics {
        assert!(is_safe(&topic.name), "topic {:?}", topic.name);
    }
    for article in &archive.articles {
        assert!(is_safe(&article.title), "title {:?}", article.title);
        assert!(is_safe(&article.id), "id {:?}", article.id);
        for block in article.detail().body.iter() {
            if let lektyr::archive::Block::Paragraph(rich) = block {
                assert!(is_safe(&rich.to_plain()), "paragraph {:?}", rich.to_plain());
            }
        }
    }
    for p in &archive.problems {
        assert!(is_safe(&p.message), "problem {:?}", p.message);
    }
    assert_eq!(archive.order.len(), archive.articles.len());
});
