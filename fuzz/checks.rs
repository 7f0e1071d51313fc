//! What the `archive_bytes` fuzz target checks of an archive that loaded,
//! written once: the target includes this file, and so does
//! `tests/fuzz_regressions.rs`, which replays the kept inputs through it.

use lektyr::archive::{Archive, Block};

/// Nothing a terminal would act on: C0 (except newline), DEL, C1, bidi
/// controls, zero-width space and BOM.
pub fn is_safe(s: &str) -> bool {
    !s.chars().any(|c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}' | '\u{feff}')
    })
}

/// Every string the archive shows is safe, and the list order holds
/// every article; `name` heads each failure's message.
pub fn check_archive(name: &str, archive: &Archive) {
    if let Some(title) = &archive.title {
        assert!(is_safe(title), "{name}: archive title {title:?}");
    }
    for topic in &archive.topics {
        assert!(is_safe(&topic.name), "{name}: topic {:?}", topic.name);
    }
    for article in &archive.articles {
        assert!(is_safe(&article.title), "{name}: title {:?}", article.title);
        assert!(is_safe(&article.id), "{name}: id {:?}", article.id);
        for block in article.detail().body.iter() {
            if let Block::Paragraph(rich) = block {
                let text = rich.to_plain();
                assert!(is_safe(&text), "{name}: paragraph {text:?}");
            }
        }
    }
    for p in &archive.problems {
        assert!(is_safe(&p.message), "{name}: problem {:?}", p.message);
    }
    assert_eq!(archive.order.len(), archive.articles.len(), "{name}: order");
}
