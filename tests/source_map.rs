//! The layout's source map, checked over random rich text and widths:
//! every source byte shown is in exactly one segment, each segment's cells
//! show exactly its bytes, and a cell leads back to the byte it shows.

use lektyr::archive::{Archive, Article, Block, Detail, Rich, Run, RunStyle};
use lektyr::layout::{Src, lay_out};
use lektyr::theme::Theme;
use lektyr::width::{display_width, grapheme_width};
use proptest::prelude::*;
use ratatui::text::Line;
use unicode_segmentation::UnicodeSegmentation;

fn archive(body: Vec<Block>) -> Archive {
    let article = Article {
        id: "a".into(),
        title: "T".into(),
        ..Article::default()
    }
    .with_detail(Detail {
        url: Some("https://own.example/a".into()),
        body: body.into(),
        ..Detail::default()
    });
    Archive {
        title: None,
        format: Default::default(),
        articles: vec![article],
        topics: Vec::new(),
        order: vec![0],
        problems: Vec::new(),
        series: None,
        sources: Default::default(),
    }
}

/// The graphemes of a drawn line, each with the cell it starts at.
fn cells(line: &Line<'_>) -> Vec<(usize, String)> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let mut x = 0;
    let mut out = Vec::new();
    for g in text.graphemes(true) {
        out.push((x, g.to_string()));
        x += grapheme_width(g);
    }
    out
}

/// What cells `x..x + w` of a line show.
fn shown(line: &[(usize, String)], x: usize, w: usize) -> String {
    line.iter()
        .filter(|(at, _)| *at >= x && *at < x + w)
        .map(|(_, g)| g.as_str())
        .collect()
}

fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zåäö]{1,9}",
        "[A-Z][a-z]{0,6}[.,:!?]?",
        "(日本語|中文|한국어|カタカナ){1,3}",
        "(🙂|👍🏽|👩‍💻|🇸🇪)",
        "e\u{301}[a-z]{0,3}",
        "[a-z]{2,5}-[a-z]{2,5}",
        "[a-z]{20,40}",
        "(“|«)[a-z]{1,5}(”|»)",
    ]
}

fn spacing() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => Just(" ".to_string()),
        1 => Just("  ".to_string()),
        1 => Just("\t".to_string()),
        1 => Just("\n".to_string()),
        1 => Just("\u{a0}".to_string()),
        1 => Just(String::new()),
    ]
}

fn style() -> impl Strategy<Value = RunStyle> {
    prop_oneof![
        4 => Just(RunStyle::Plain),
        1 => Just(RunStyle::Emphasis),
        1 => Just(RunStyle::Strong),
        1 => Just(RunStyle::Code),
        1 => Just(RunStyle::Link("https://x.example/a".into())),
        1 => Just(RunStyle::Link("https://x.example/b".into())),
        1 => Just(RunStyle::Link("javascript:void(0)".into())),
    ]
}

fn rich() -> impl Strategy<Value = Rich> {
    prop::collection::vec(
        (prop::collection::vec((word(), spacing()), 1..5), style()),
        1..5,
    )
    .prop_map(|runs| Rich {
        runs: runs
            .into_iter()
            .map(|(words, style)| Run {
                text: words.into_iter().map(|(w, s)| w + &s).collect(),
                style,
            })
            .collect(),
    })
}

fn plain() -> impl Strategy<Value = String> {
    prop::collection::vec((word(), spacing()), 1..6)
        .prop_map(|w| w.into_iter().map(|(w, s)| w + &s).collect())
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        rich().prop_map(Block::Paragraph),
        (1u8..4, rich()).prop_map(|(level, text)| Block::Heading { level, text }),
        (rich(), prop::option::of(plain())).prop_map(|(text, cite)| Block::Quote { text, cite }),
        (rich(), prop::option::of(plain()))
            .prop_map(|(text, cite)| Block::PullQuote { text, cite }),
        (prop::collection::vec(rich(), 1..4), any::<bool>())
            .prop_map(|(items, ordered)| Block::List { items, ordered }),
        prop::collection::vec(plain(), 1..4).prop_map(|l| Block::Code(l.join("\n"))),
        (plain(), plain()).prop_map(|(alt, caption)| Block::Image {
            src: None,
            alt: Some(alt),
            caption: Some(caption),
        }),
    ]
}

/// Checks the map of one article at one width; `Err` says what is wrong.
fn check(blocks: &[Block], width: u16) -> Result<(), String> {
    let archive = archive(blocks.to_vec());
    let laid = lay_out(&archive, 0, width, &Theme::default());
    let sources: Vec<String> = blocks.iter().map(Block::source).collect();
    // Bytes shown, per block: each byte at most once.
    let mut seen: Vec<Vec<u8>> = sources.iter().map(|s| vec![0; s.len()]).collect();
    for (l, line) in laid.lines.iter().enumerate() {
        let drawn = cells(line);
        let mut taken = vec![false; usize::from(width) + 2];
        for seg in laid.line_segs(l) {
            let Src::Block(b) = seg.src else {
                continue;
            };
            let (b, x, w) = (b as usize, usize::from(seg.x), usize::from(seg.width));
            let source = &sources[b];
            let text = source
                .get(seg.range())
                .ok_or(format!("line {l}: {seg:?} is not on a character boundary"))?;
            if x + w > usize::from(width) {
                return Err(format!("line {l}: {seg:?} runs past the width"));
            }
            for cell in taken.iter_mut().skip(x).take(w) {
                if *cell {
                    return Err(format!("line {l}: two segments share a cell"));
                }
                *cell = true;
            }
            let on_screen = shown(&drawn, x, w);
            if seg.elided {
                if on_screen != "…" || text.graphemes(true).count() != 1 {
                    return Err(format!("line {l}: elided {text:?} drawn {on_screen:?}"));
                }
            } else if on_screen != text || display_width(text) != w {
                return Err(format!(
                    "line {l}: {seg:?} shows {on_screen:?}, the source has {text:?}"
                ));
            }
            for i in seg.range() {
                seen[b][i] += 1;
                if seen[b][i] > 1 {
                    return Err(format!("block {b}: byte {i} shown twice"));
                }
            }
            // And back: each cell leads to the byte it shows, and that
            // byte's cells hold it.
            for cell in seg.x..seg.x + seg.width {
                let byte = seg
                    .byte_at(source, cell)
                    .ok_or(format!("line {l}: cell {cell} leads nowhere"))?;
                let (cx, cw) = seg
                    .cells(source, &(byte..byte + 1))
                    .ok_or(format!("line {l}: byte {byte} has no cells"))?;
                if !(cx..cx + cw).contains(&cell) {
                    return Err(format!("line {l}: cell {cell} → byte {byte} → {cx}+{cw}"));
                }
            }
        }
    }
    // Every byte of text that is not whitespace is shown, except an image's
    // alt text, which is cut to one line.
    for (b, block) in blocks.iter().enumerate() {
        let skip = match block {
            Block::Image { alt, .. } => alt.as_ref().map_or(0, |a| a.len() + 1),
            _ => 0,
        };
        for (i, c) in sources[b].char_indices().skip_while(|(i, _)| *i < skip) {
            if !c.is_whitespace() && seen[b][i] == 0 {
                return Err(format!("block {b}: {c:?} at byte {i} is shown nowhere"));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_shown_byte_maps_to_one_cell_range_and_back(
        blocks in prop::collection::vec(block(), 1..4),
        width in 1u16..90,
    ) {
        if let Err(e) = check(&blocks, width) {
            prop_assert!(false, "width {}: {}", width, e);
        }
    }
}

#[test]
fn a_folded_space_is_no_source_and_a_link_number_is_none_either() {
    let text = Rich {
        runs: vec![
            Run {
                text: "Läs  ".into(),
                style: RunStyle::Plain,
            },
            Run {
                text: "Verner Panton".into(),
                style: RunStyle::Link("https://design.example/".into()),
            },
            Run {
                text: " nu.".into(),
                style: RunStyle::Plain,
            },
        ],
    };
    let blocks = vec![Block::Paragraph(text)];
    check(&blocks, 60).expect("a sound map");
    let archive = archive(blocks);
    let laid = lay_out(&archive, 0, 60, &Theme::default());
    let line = laid.block_starts[0];
    let segs: Vec<(u16, u16, std::ops::Range<usize>)> = laid
        .line_segs(line)
        .iter()
        .map(|s| (s.x, s.width, s.range()))
        .collect();
    // `Läs` (the double space drawn as one shows neither), the link's text
    // with its one space, then ` nu.` after the `[1]` the layout adds.
    assert_eq!(
        segs,
        [(0, 3, 0..4), (4, 13, 6..19), (20, 4, 19..23)],
        "{:?}",
        laid.lines[line]
    );
}
