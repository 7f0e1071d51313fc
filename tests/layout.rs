//! Layout tests: widths at every measure, pull-quote styling, scripts that
//! are easy to misalign, the cache, and a property test over any text.

use std::rc::Rc;

use lektyr::archive::{
    Archive, Article, Author, Block, Date, Detail, Related, Rich, Run, RunStyle, Topic,
};
use lektyr::layout::{
    LOOK_AHEAD, LayoutCache, MEASURE, extend, lay_out, lay_out_until, text_place, wrap_rich,
};
use lektyr::theme::Theme;
use lektyr::views::Pane;
use lektyr::width::display_width;
use proptest::prelude::*;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;

const WIDTHS: [u16; 11] = [1, 2, 3, 5, 6, 7, 20, 40, 71, 72, 200];

fn width_of(line: &Line<'_>) -> usize {
    line.spans.iter().map(|s| display_width(&s.content)).sum()
}

fn text_of(line: &Line<'_>) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

fn texts(lines: &[Line<'_>]) -> Vec<String> {
    lines.iter().map(text_of).collect()
}

fn run(text: &str, style: RunStyle) -> Run {
    Run {
        text: text.to_string(),
        style,
    }
}

fn rich(runs: Vec<Run>) -> Rich {
    Rich { runs }
}

/// Every line fits, and none ends in whitespace.
fn assert_fits(lines: &[Line<'_>], width: usize, what: &str) {
    for (i, line) in lines.iter().enumerate() {
        let w = width_of(line);
        assert!(
            w <= width,
            "{what}: line {i} is {w} cells at width {width}: {:?}",
            text_of(line)
        );
        let text = text_of(line);
        assert_eq!(
            text.trim_end(),
            text,
            "{what}: line {i} ends in whitespace at width {width}"
        );
    }
}

const PULL: &str = "Det är kunden som bestämmer resan, inte tekniken vi råkar ha köpt.";

fn every_block() -> Vec<Block> {
    vec![
        Block::Heading {
            level: 1,
            text: Rich::plain("Kundresan börjar före första klicket"),
        },
        Block::Paragraph(rich(vec![
            run("Vi ", RunStyle::Plain),
            run("kartlägger", RunStyle::Emphasis),
            run(" varje kontaktpunkt och ", RunStyle::Plain),
            run("mäter", RunStyle::Strong),
            run(" det som spelar roll med ", RunStyle::Plain),
            run("Dynamics 365", RunStyle::Link("https://example.com".into())),
            run(" och ", RunStyle::Plain),
            run("customer_insights()", RunStyle::Code),
            run(".", RunStyle::Plain),
        ])),
        Block::PullQuote {
            text: Rich::plain(PULL),
            cite: Some("Anna Berg".into()),
        },
        Block::Quote {
            text: Rich::plain("Resan är målet, men kartan hjälper oss att hitta dit."),
            cite: Some("En klok kund".into()),
        },
        Block::List {
            items: (1..=11)
                .map(|i| Rich::plain(format!("Punkt {i} med lite mer text så att raden bryts")))
                .collect(),
            ordered: true,
        },
        Block::List {
            items: vec![
                Rich::plain("Första"),
                Rich::plain("Andra punkten är längre än den första"),
            ],
            ordered: false,
        },
        Block::Image {
            src: Some("https://example.com/bilder/resa.jpg?w=600".into()),
            alt: Some("En karta över kundresan".into()),
            caption: Some("Kartan visar sju steg från behov till lojalitet.".into()),
        },
        Block::Code(
            "fn main() {\n    println!(\"en mycket lång rad som inte får plats i rutan alls\");\n}"
                .into(),
        ),
        Block::Rule,
        Block::Heading {
            level: 3,
            text: Rich::plain("Nästa steg"),
        },
    ]
}

fn article(body: Vec<Block>) -> Article {
    Article {
        id: "a1".into(),
        title: "Upplev Dynamics 365: kundresan från början till slut".into(),
        date: Some(Date {
            text: "2024-03-05T09:00:00+01:00".into(),
            key: Some(1_709_625_600),
            day: Some("2024-03-05".into()),
        }),
        topics: vec![0, 1],
        ..Article::default()
    }
    .with_detail(Detail {
        author: Some(Author {
            name: "Anna Berg".into(),
            role: Some("Lösningsarkitekt".into()),
            bio: Some("Anna har arbetat med kundupplevelser i femton år.".into()),
            url: None,
        }),
        series: Some("Upplevelseresan".into()),
        summary: Some("Hur en kundresa kartläggs, mäts och förbättras steg för steg.".to_string())
            .into(),
        url: None,
        language: Some("sv".into()),
        related: vec![
            Related {
                text: "a2".into(),
                target: Some(1),
            },
            Related {
                text: "En artikel som inte finns".into(),
                target: None,
            },
        ],
        body: body.into(),
        words: Default::default(),
    })
}

fn archive_with(articles: Vec<Article>) -> Archive {
    let order = (0..articles.len()).collect();
    Archive {
        title: None,
        format: Default::default(),
        articles,
        topics: vec![
            Topic {
                name: "upplevdynamics365".into(),
                key: "upplevdynamics365".into(),
            },
            Topic {
                name: "kundresa".into(),
                key: "kundresa".into(),
            },
        ],
        order,
        problems: Vec::new(),
        series: None,
        sources: Default::default(),
    }
}

fn sample() -> Archive {
    let second = Article {
        id: "a2".into(),
        title: "Lojalitet som går att mäta".into(),
        ..Article::default()
    };
    archive_with(vec![article(every_block()), second])
}

/// Lines of body block `i` (without the blank line after it).
fn block_lines(laid: &lektyr::layout::Laid, i: usize) -> &[Line<'static>] {
    let start = laid.block_starts[i];
    // The last block ends where the author box or related links begin.
    let end = laid.block_starts.get(i + 1).map_or_else(
        || {
            (start..laid.lines.len())
                .find(|&j| laid.lines[j].spans.is_empty())
                .unwrap_or(laid.lines.len())
        },
        |&next| next - 1,
    );
    &laid.lines[start..end]
}

#[test]
fn every_block_kind_fits_every_width() {
    let theme = Theme::default();
    for block in every_block() {
        let archive = archive_with(vec![article(vec![block.clone()])]);
        for width in WIDTHS {
            let laid = lay_out(&archive, 0, width, &theme);
            assert_eq!(laid.width, width);
            assert!(!laid.lines.is_empty());
            assert_fits(&laid.lines, usize::from(width), &format!("{block:?}"));
        }
    }
}

#[test]
fn width_zero_and_missing_article_are_empty() {
    let archive = sample();
    let theme = Theme::default();
    assert!(lay_out(&archive, 0, 0, &theme).lines.is_empty());
    let missing = lay_out(&archive, 7, 40, &theme);
    assert!(
        missing.lines.is_empty() && missing.block_starts.is_empty() && missing.related.is_empty()
    );
}

#[test]
fn header_shows_title_meta_topics_and_summary() {
    let mut a = article(vec![Block::Paragraph(Rich::plain("ord ".repeat(1001)))]);
    a.detail_mut().summary = None.into();
    let archive = archive_with(vec![a]);
    let theme = Theme::default();
    let laid = lay_out(&archive, 0, MEASURE, &theme);
    let lines = texts(&laid.lines);
    assert_eq!(
        lines[0],
        "Upplev Dynamics 365: kundresan från början till slut"
    );
    assert_eq!(laid.lines[0].spans[0].style, theme.title);
    assert_eq!(
        lines[1],
        "2024-03-05 · Anna Berg · Upplevelseresan · 6 min read"
    );
    assert_eq!(laid.lines[1].spans[0].style, theme.meta);
    assert_eq!(lines[2], "# upplevdynamics365  # kundresa");
    assert_eq!(laid.lines[2].spans[0].style, theme.topics);
    assert_eq!(lines[3], "");
    assert_eq!(laid.block_starts, vec![4]);

    // Missing parts are left out, not left as empty separators.
    let bare = Article::default().with_detail(Detail {
        body: vec![Block::Paragraph(Rich::plain("kort"))].into(),
        ..Detail::default()
    });
    let laid = lay_out(&archive_with(vec![bare]), 0, MEASURE, &theme);
    assert_eq!(text_of(&laid.lines[1]), "1 min read");

    // The summary is set apart by blank lines and an indent.
    let laid = lay_out(&sample(), 0, MEASURE, &theme);
    let lines = texts(&laid.lines);
    assert_eq!(lines[3], "");
    assert!(lines[4].starts_with("  Hur en kundresa"));
    assert!(laid.lines[4].spans.iter().any(|s| s.style == theme.summary));
    assert_eq!(lines[laid.block_starts[0] - 1], "");
}

#[test]
fn header_meta_wraps_between_parts_at_narrow_widths() {
    let archive = sample();
    let theme = Theme::default();
    let laid = lay_out(&archive, 0, 20, &theme);
    let lines = texts(&laid.lines);
    assert!(lines.contains(&"2024-03-05".to_string()));
    assert!(lines.contains(&"# upplevdynamics365".to_string()));
    assert!(lines.contains(&"# kundresa".to_string()));
}

#[test]
fn block_starts_point_at_each_blocks_first_line() {
    let archive = sample();
    let laid = lay_out(&archive, 0, 40, &Theme::default());
    let blocks = every_block();
    assert_eq!(laid.block_starts.len(), blocks.len());
    let lines = texts(&laid.lines);
    assert_eq!(
        lines[laid.block_starts[0]],
        "Kundresan börjar före första klicket"
    );
    assert!(lines[laid.block_starts[1]].starts_with("Vi kartlägger"));
    assert!(lines[laid.block_starts[2]].starts_with('┏'));
    assert!(lines[laid.block_starts[3]].starts_with("│ Resan"));
    assert!(lines[laid.block_starts[4]].starts_with(" 1. Punkt 1"));
    assert!(lines[laid.block_starts[6]].starts_with("▣ Image: En karta"));
    for pair in laid.block_starts.windows(2) {
        assert!(pair[0] < pair[1]);
        // A blank line separates blocks.
        assert_eq!(lines[pair[1] - 1], "");
    }
}

#[test]
fn pull_quote_is_styled_on_every_wrapped_line() {
    let archive = sample();
    let theme = Theme::default();
    for width in WIDTHS {
        let w = usize::from(width);
        let laid = lay_out(&archive, 0, width, &theme);
        let lines = block_lines(&laid, 2);
        assert!(lines.len() >= 4, "rules, text and cite at width {width}");
        let (top, rest) = lines.split_first().unwrap();
        let (bottom, inner) = rest.split_last().unwrap();
        for rule in [top, bottom] {
            assert!(rule.spans.iter().all(|s| s.style == theme.pullquote_rule));
            assert_eq!(width_of(rule), w, "rules span the width");
        }
        // Text lines first, then the cite (wrapped too when narrow).
        let is_cite = |l: &Line<'_>| l.spans.iter().any(|s| s.style == theme.pullquote_cite);
        let split = inner.iter().position(is_cite).unwrap();
        let (text, cites) = inner.split_at(split);
        assert!(!text.is_empty());
        for line in cites {
            assert!(is_cite(line));
            assert_eq!(
                w >= 6,
                text_of(line).starts_with('┃'),
                "cite gutter at {width}"
            );
        }
        for line in text {
            let content: Vec<&Span> = line
                .spans
                .iter()
                .filter(|s| !s.content.starts_with('┃'))
                .collect();
            assert!(!content.is_empty());
            assert!(
                content.iter().all(|s| s.style == theme.pullquote),
                "pull-quote text style at width {width}: {line:?}"
            );
            if w >= 6 {
                let gutter = &line.spans[0];
                assert!(gutter.content.starts_with("┃ "));
                assert_eq!(gutter.style, theme.pullquote_rule);
            } else {
                assert!(!text_of(line).contains('┃'), "no gutter below 6 cells");
            }
        }
        let words: Vec<String> = text
            .iter()
            .flat_map(|l| l.spans.iter().filter(|s| s.style == theme.pullquote))
            .flat_map(|s| {
                s.content
                    .split_whitespace()
                    .map(String::from)
                    .collect::<Vec<_>>()
            })
            .collect();
        let quoted: Vec<String> = format!("“{PULL}”")
            .split_whitespace()
            .map(String::from)
            .collect();
        if w >= 20 {
            assert_eq!(
                words, quoted,
                "the text between typographic marks, in order"
            );
        }
        if w >= 20 {
            let [cite] = cites else {
                panic!("one cite line at {width}")
            };
            assert!(text_of(cite).ends_with("— Anna Berg"));
            assert_eq!(width_of(cite), w, "cite right-aligned");
        }
    }
}

#[test]
fn pull_quote_differs_from_body_and_quote() {
    let archive = sample();
    let theme = Theme::default();
    let laid = lay_out(&archive, 0, 40, &theme);
    let style_of = |i: usize| -> Style {
        let line = &block_lines(&laid, i)[0];
        line.spans
            .iter()
            .find(|s| !s.content.starts_with(['┃', '│']))
            .unwrap()
            .style
    };
    let pull_text = block_lines(&laid, 2)[1].spans[1].style;
    let body = style_of(1);
    let quote = style_of(3);
    assert_eq!(pull_text, theme.pullquote);
    assert_eq!(body, theme.body);
    assert_eq!(quote, theme.quote);
    assert_ne!(pull_text, body);
    assert_ne!(pull_text, quote);
    let pull_gutter = &block_lines(&laid, 2)[1].spans[0];
    let quote_gutter = &block_lines(&laid, 3)[0].spans[0];
    assert_ne!(pull_gutter.content, quote_gutter.content);
    assert_ne!(pull_gutter.style, quote_gutter.style);
}

#[test]
fn pull_quote_keeps_run_styles_and_hard_breaks() {
    let theme = Theme::default();
    let text = rich(vec![
        run("Mät ", RunStyle::Plain),
        run("allt som betyder något", RunStyle::Emphasis),
        run("\noch inget annat", RunStyle::Plain),
    ]);
    let archive = archive_with(vec![article(vec![Block::PullQuote { text, cite: None }])]);
    let laid = lay_out(&archive, 0, 18, &theme);
    let lines = block_lines(&laid, 0);
    let inner = &lines[1..lines.len() - 1];
    assert!(inner.len() >= 3);
    let italic = theme.pullquote.patch(theme.emphasis);
    let italic_lines = inner
        .iter()
        .filter(|l| l.spans.iter().any(|s| s.style == italic))
        .count();
    assert!(
        italic_lines >= 2,
        "the emphasis run is split and keeps its style"
    );
    for line in inner {
        assert!(line.spans[0].content.starts_with('┃'));
        assert!(
            line.spans[1..]
                .iter()
                .all(|s| s.style.fg == theme.pullquote.fg)
        );
    }
    let joined = texts(inner).join("\n");
    assert!(
        joined.contains("\n┃  och"),
        "the hard break starts a line: {joined}"
    );
    assert!(joined.ends_with("annat”"));
}

#[test]
fn quote_heading_list_image_code_and_rule() {
    let archive = sample();
    let theme = Theme::default();
    let laid = lay_out(&archive, 0, 30, &theme);
    let at = |i: usize| texts(block_lines(&laid, i));

    let heading = at(0);
    assert_eq!(
        heading.last().unwrap(),
        &"═".repeat(display_width(&heading[0]))
    );
    assert_eq!(block_lines(&laid, 0)[0].spans[0].style, theme.heading);
    assert_eq!(at(9), ["Nästa steg"], "no underline below level 2");

    let quote = at(3);
    assert!(quote.iter().all(|l| l.starts_with("│ ")));
    assert_eq!(quote.last().unwrap(), "│ — En klok kund");
    assert_eq!(
        block_lines(&laid, 3).last().unwrap().spans[1].style,
        theme.cite
    );

    let numbered = at(4);
    assert!(numbered[0].starts_with(" 1. Punkt 1 "));
    assert!(
        numbered[1].starts_with("    "),
        "hanging indent: {numbered:?}"
    );
    assert!(numbered.iter().any(|l| l.starts_with("10. Punkt 10 ")));

    let bullets = at(5);
    assert_eq!(bullets[0], "• Första");
    assert!(bullets[1].starts_with("• Andra"));
    assert!(bullets[2].starts_with("  "));

    let image = at(6);
    assert_eq!(image[0], "▣ Image: En karta över kundre…");
    assert_eq!(block_lines(&laid, 6)[0].spans[0].style, theme.image);
    assert!(image[1].starts_with("  Kartan visar"));

    let code = at(7);
    assert_eq!(code[0], "  fn main() {");
    assert!(code[2].starts_with("  ↪ "), "continuation marked: {code:?}");
    assert!(
        block_lines(&laid, 7)
            .iter()
            .all(|l| l.spans.iter().any(|s| s.style == theme.code))
    );

    let rule = at(8);
    assert_eq!(rule, [format!("{}{}", " ".repeat(10), "─".repeat(10))]);
}

#[test]
fn author_box_and_related_links() {
    let archive = sample();
    let theme = Theme::default();
    let laid = lay_out(&archive, 0, 40, &theme);
    let lines = texts(&laid.lines);
    let about = lines
        .iter()
        .position(|l| l.contains("About the author"))
        .unwrap();
    assert_eq!(lines[about - 1], "");
    assert_eq!(lines[about + 1], "Anna Berg");
    assert_eq!(laid.lines[about + 1].spans[0].style, theme.author_name);
    assert_eq!(lines[about + 2], "Lösningsarkitekt");
    assert_eq!(laid.lines[about + 2].spans[0].style, theme.author_role);
    assert!(
        laid.lines[about]
            .spans
            .iter()
            .any(|s| s.style == theme.section_label)
    );

    let label = lines.iter().position(|l| l.contains("Related")).unwrap();
    assert_eq!(lines[label + 1], "→ Lojalitet som går att mäta");
    assert_eq!(lines[label + 2], "→ En artikel som inte finns");
    assert_eq!(laid.lines[label + 1].spans[0].style, theme.related);
    assert_eq!(laid.lines[label + 2].spans[0].style, theme.dim);
    assert_eq!(laid.related, vec![(label + 1, 1)]);
    assert_eq!(label + 3, lines.len());

    // A bare name goes to the meta line only; no related section when none.
    let mut plain = article(vec![Block::Rule]);
    plain.detail_mut().author = Some(Author {
        name: "Anna Berg".into(),
        ..Author::default()
    });
    plain.detail_mut().related.clear();
    let laid = lay_out(&archive_with(vec![plain]), 0, 40, &theme);
    let lines = texts(&laid.lines);
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("About the author") || l.contains("Related"))
    );
    assert!(
        lines.iter().any(|l| l.contains("Anna Berg")),
        "name in the meta line"
    );
}

fn wrap(text: &str, width: usize) -> Vec<Line<'static>> {
    let theme = Theme::default();
    wrap_rich(&Rich::plain(text), width, theme.body, &theme, &[], &[])
}

fn words_in_order(text: &str, width: usize) {
    let lines = wrap(text, width);
    assert_fits(&lines, width, text);
    let got: Vec<String> = texts(&lines)
        .join(" ")
        .split_whitespace()
        .map(String::from)
        .collect();
    let want: Vec<&str> = text.split_whitespace().collect();
    assert_eq!(got, want, "at width {width}");
}

#[test]
fn swedish_words_stay_whole_and_in_order() {
    let text = "Kundupplevelsen är världens viktigaste fråga för företag som vill växa. \
                Så här mäter vi nöjdhet, lojalitet och återköp över tid.";
    for width in [16, 17, 20, 33, 72] {
        words_in_order(text, width);
    }
    let lines = texts(&wrap(text, 20));
    assert_eq!(lines[0], "Kundupplevelsen är");
    assert_eq!(lines[1], "världens viktigaste");
}

#[test]
fn cjk_breaks_between_ideographs_without_overflow() {
    let text = "日本語のテキストを折り返します中文文本换行测试";
    for width in 1..=15 {
        let lines = wrap(text, width);
        assert_fits(&lines, width, text);
        if width >= 2 {
            assert_eq!(
                texts(&lines).concat(),
                text,
                "nothing lost at width {width}"
            );
            assert!(lines.len() >= text.chars().count() * 2 / width);
        } else {
            // A wide glyph cannot stand in one cell: a one-cell mark does.
            assert!(texts(&lines).iter().all(|l| l == "…"));
        }
    }
    // Odd widths leave the odd cell empty rather than splitting a glyph.
    let lines = texts(&wrap(text, 7));
    assert_eq!(lines[0], "日本語");
    // Ideographs next to Latin words break without spaces, too.
    let mixed = texts(&wrap("Lektyr 读者 reads 日本語 fine", 9));
    assert_eq!(mixed[0], "Lektyr 读");
}

#[test]
fn emoji_sequences_and_flags_stay_whole() {
    let coder = "👩\u{200d}💻";
    let family = "👨\u{200d}👩\u{200d}👧\u{200d}👦";
    // A skin-tone modifier after a letter joins it in one grapheme, though
    // the line-break rules allow a break between them.
    let text = format!("Team {coder}{coder}{coder} {family} 🇸🇪🇸🇪🇸🇪 👍🏽👍🏽 a🏽a🏽a🏽 klart \u{301}x");
    let graphemes: Vec<&str> = text
        .graphemes(true)
        .filter(|g| !g.trim().is_empty())
        .collect();
    assert_eq!(display_width("a🏽"), 3);
    for width in 3..=12 {
        let lines = wrap(&text, width);
        assert_fits(&lines, width, &text);
        let joined = texts(&lines).concat();
        let got: Vec<&str> = joined
            .graphemes(true)
            .filter(|g| !g.trim().is_empty())
            .collect();
        assert_eq!(got, graphemes, "at width {width}");
        for line in texts(&lines) {
            let first = line.chars().next().unwrap();
            assert!(first != '\u{200d}' && !('\u{1f3fb}'..='\u{1f3ff}').contains(&first));
        }
    }
    // Graphemes wider than the line become a one-cell mark, never a split.
    let narrow = texts(&wrap(&text, 2)).concat();
    assert!(narrow.contains("👍🏽👍🏽") && narrow.contains("……") && !narrow.contains("a🏽"));
    let lines = wrap(&text, 1);
    assert_fits(&lines, 1, &text);
}

#[test]
fn combining_marks_stay_with_their_letters() {
    let text = "cafe\u{301} re\u{301}sume\u{301} na\u{308}ive lo\u{308}pande a\u{30a}r";
    for width in 1..=14 {
        let lines = wrap(text, width);
        assert_fits(&lines, width, text);
        for line in texts(&lines) {
            let first = line.chars().next().unwrap();
            assert!(
                !('\u{300}'..='\u{36f}').contains(&first),
                "mark split off at {width}"
            );
        }
        assert_eq!(
            texts(&lines).concat().replace(' ', ""),
            text.replace(' ', "")
        );
    }
    assert_eq!(texts(&wrap(text, 6))[0], "cafe\u{301}");
}

#[test]
fn very_long_word_is_broken_at_grapheme_boundaries() {
    let word = "a".repeat(10_000);
    let lines = wrap(&format!("start {word} slut"), 37);
    assert_fits(&lines, 37, "long word");
    assert_eq!(texts(&lines)[0], "start");
    let all = texts(&lines).join(" ");
    let got: Vec<&str> = all.split_whitespace().collect();
    assert_eq!((got[0], got[got.len() - 1]), ("start", "slut"));
    assert_eq!(
        got[1..got.len() - 1].concat(),
        word,
        "no grapheme lost or added"
    );
    assert!(lines[1..lines.len() - 2].iter().all(|l| width_of(l) == 37));

    let wide = "å\u{308}語".repeat(3_333);
    for width in [1, 2, 3, 4, 37] {
        let lines = wrap(&wide, width);
        assert_fits(&lines, width, "long wide word");
    }
    assert_eq!(texts(&wrap(&wide, 3)).concat(), wide);
}

#[test]
fn run_styles_survive_wrapping() {
    let theme = Theme::default();
    let text = rich(vec![
        run("Vanlig text och sedan ", RunStyle::Plain),
        run("ett fetstilt stycke som bryts", RunStyle::Strong),
        run(" och en ", RunStyle::Plain),
        run("länk", RunStyle::Link("https://example.com".into())),
    ]);
    let lines = wrap_rich(&text, 16, theme.body, &theme, &[], &[]);
    assert_fits(&lines, 16, "styled");
    let strong = theme.body.patch(theme.strong);
    let with_strong: Vec<String> = lines
        .iter()
        .flat_map(|l| l.spans.iter())
        .filter(|s| s.style == strong)
        .map(|s| s.content.to_string())
        .collect();
    assert!(
        with_strong.len() >= 2,
        "the strong run is split across lines"
    );
    assert_eq!(with_strong.join(" "), "ett fetstilt stycke som bryts");
    let link = lines.last().unwrap().spans.last().unwrap();
    assert_eq!(link.content, "länk");
    assert_eq!(link.style, theme.body.patch(theme.link));
    assert!(link.style.add_modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn hard_breaks_and_indents() {
    let theme = Theme::default();
    let first = [Span::styled("> ", Style::new().fg(Color::Red))];
    let rest = [Span::raw("  ")];
    let lines = wrap_rich(
        &Rich::plain("ett\ntvå tre\n\nfyra"),
        10,
        theme.body,
        &theme,
        &first,
        &rest,
    );
    assert_eq!(texts(&lines), ["> ett", "  två tre", "", "  fyra"]);
    assert_eq!(lines[0].spans[0].style.fg, Some(Color::Red));
    // An indent that leaves no cell for text is dropped.
    let lines = wrap_rich(&Rich::plain("ab"), 2, theme.body, &theme, &first, &rest);
    assert_eq!(texts(&lines), ["ab"]);
    assert!(wrap("text", 0).is_empty());
    assert!(wrap("  \n ", 10).is_empty());
}

#[test]
fn hyphens_and_dashes_are_break_opportunities() {
    let lines = texts(&wrap("kundupplevelse-mätning", 16));
    assert_eq!(lines, ["kundupplevelse-", "mätning"]);
    let lines = texts(&wrap("resan—målet", 7));
    assert_eq!(lines[0], "resan—");
}

#[test]
fn cache_lays_out_once_per_article_and_width() {
    let archive = sample();
    let theme = Theme::default();
    let mut cache = LayoutCache::new();
    assert!(cache.peek(0, 40).is_none());
    let a = cache.get(&archive, 0, 40, &theme);
    let b = cache.get(&archive, 0, 40, &theme);
    assert!(Rc::ptr_eq(&a, &b));
    assert_eq!(cache.layouts(), 1);
    assert!(Rc::ptr_eq(&a, &cache.peek(0, 40).unwrap()));

    let c = cache.get(&archive, 0, 41, &theme);
    assert!(!Rc::ptr_eq(&a, &c));
    assert_eq!(c.width, 41);
    let d = cache.get(&archive, 1, 40, &theme);
    assert!(!Rc::ptr_eq(&a, &d));
    assert_eq!(cache.layouts(), 3);
    assert_eq!(*a, lay_out(&archive, 0, 40, &theme));

    // The most recent entries are kept; the oldest go.
    for width in 50..66 {
        cache.get(&archive, 0, width, &theme);
    }
    assert_eq!(cache.len(), 16);
    assert!(cache.peek(0, 40).is_none());
    assert!(cache.peek(0, 65).is_some());

    // Using an entry keeps it fresh.
    cache.get(&archive, 0, 50, &theme);
    cache.get(&archive, 0, 70, &theme);
    assert!(cache.peek(0, 50).is_some());
    assert!(cache.peek(0, 51).is_none());

    let layouts = cache.layouts();
    let mut other = theme.clone();
    other.pullquote = other.pullquote.fg(Color::Red);
    let e = cache.get(&archive, 0, 70, &other);
    assert_eq!(cache.layouts(), layouts + 1, "a new theme lays out again");
    assert_eq!(cache.len(), 1);
    assert!(Rc::ptr_eq(&e, &cache.get(&archive, 0, 70, &other)));

    cache.clear();
    assert!(cache.is_empty() && cache.peek(0, 70).is_none());
}

/// An article of `n` numbered paragraphs, long enough to lay out in parts.
fn long_archive(n: usize) -> Archive {
    let body = (0..n)
        .map(|i| Block::Paragraph(Rich::plain(format!("Stycke {i}: {}", "ord ".repeat(30)))))
        .collect();
    archive_with(vec![article(body)])
}

#[test]
fn a_layout_in_parts_is_the_whole_layout() {
    let archive = long_archive(300);
    let theme = Theme::default();
    let whole = lay_out(&archive, 0, 40, &theme);
    assert!(whole.complete);
    let mut part = lay_out_until(&archive, 0, 40, &theme, 100);
    assert!(!part.complete, "300 paragraphs are more than 100 lines");
    assert!(part.lines.len() >= 100 && part.lines.len() < whole.lines.len());
    assert_eq!(part.lines[..], whole.lines[..part.lines.len()]);
    let estimate = part.estimated_len(&archive);
    assert!(
        estimate * 10 >= whole.lines.len() * 8 && estimate * 10 <= whole.lines.len() * 12,
        "estimate {estimate} of {}",
        whole.lines.len()
    );
    extend(&mut part, &archive, &theme, 700);
    assert!(!part.complete && part.lines.len() >= 700);
    extend(&mut part, &archive, &theme, usize::MAX);
    assert_eq!(part, whole);
    assert_eq!(part.estimated_len(&archive), whole.lines.len());
}

#[test]
fn the_cache_lays_out_only_what_is_read_and_extends_in_place() {
    let archive = long_archive(2_000);
    let theme = Theme::default();
    let whole = lay_out(&archive, 0, 60, &theme);
    let mut cache = LayoutCache::new();
    let first = cache.get_until(&archive, 0, 60, &theme, 50);
    assert!(!first.complete);
    assert!(first.lines.len() >= 50 + LOOK_AHEAD && first.lines.len() < whole.lines.len() / 4);
    drop(first);
    let more = cache.get_until(&archive, 0, 60, &theme, 2_000);
    assert!(more.lines.len() >= 2_000);
    assert_eq!(more.lines[..], whole.lines[..more.lines.len()]);
    drop(more);
    assert_eq!(*cache.get(&archive, 0, 60, &theme), whole);
    assert_eq!(cache.layouts(), 1, "extended, never laid out again");
}

#[test]
fn the_reader_pages_through_a_long_article_and_reaches_its_end() {
    use lektyr::action::Action;
    use lektyr::app::{App, Source};
    let archive = long_archive(2_000);
    let theme = Theme::default();
    let mut app = App::new(
        archive.clone(),
        Source::Sample,
        ratatui::layout::Rect::new(0, 0, 100, 30),
    );
    app.update(Action::Activate);
    let width = app.reader_width().expect("reader shown");
    let whole = lay_out(&archive, 0, width, &theme);
    assert!(
        !app.laid().expect("laid out").complete,
        "opening lays out a part"
    );
    // Another key while laying out stops the jump to the end.
    app.update(Action::Bottom);
    if app.laying_out() {
        app.update(Action::Up);
        assert!(!app.laying_out(), "a key takes over");
    }
    app.update(Action::Top);

    let mut last = 0;
    for _ in 0..50 {
        app.update(Action::PageDown);
        assert!(app.scroll > last, "paging moves on");
        last = app.scroll;
    }
    let laid = app.laid().expect("laid out");
    assert_eq!(laid.lines[app.scroll], whole.lines[app.scroll]);
    app.update(Action::Bottom);
    // End answers at once; the rest is laid out in idle moments, a slice
    // at a time, saying how far it is, and then the reader is at the end.
    let mut slices = 0;
    while app.laying_out() {
        assert!(
            app.message.as_deref().unwrap_or("").contains("Laying out"),
            "{:?}",
            app.message
        );
        app.idle_work(std::time::Instant::now() + std::time::Duration::from_millis(5));
        slices += 1;
        assert!(slices < 100_000, "laying out ends");
    }
    assert!(app.laid().expect("laid out").complete);
    assert_eq!(app.scroll, app.max_scroll());
    assert_eq!(app.laid().map_or(0, |l| l.lines.len()), whole.lines.len());
    let shown = whole.lines.len() - app.scroll;
    assert!(shown > 0 && shown < 30, "the last screenful: {shown} lines");
}

fn any_style() -> impl Strategy<Value = RunStyle> {
    prop_oneof![
        Just(RunStyle::Plain),
        Just(RunStyle::Emphasis),
        Just(RunStyle::Strong),
        Just(RunStyle::Code),
        Just(RunStyle::Link(String::new())),
    ]
}

fn any_rich() -> impl Strategy<Value = Rich> {
    let text = prop_oneof![
        any::<String>(),
        "[a-zåäö \\-—\n]{0,40}",
        "[\u{3040}-\u{30ff}\u{4e00}-\u{4e40} ]{0,30}",
        "[\u{1f300}-\u{1f64f}\u{200d}\u{1f3fb}-\u{1f3ff}\u{1f1e6}-\u{1f1ff}\u{300}-\u{36f}e ]{0,30}",
    ];
    prop::collection::vec((text, any_style()), 0..5).prop_map(|runs| Rich {
        runs: runs
            .into_iter()
            .map(|(text, style)| Run { text, style })
            .collect(),
    })
}

proptest! {
    #[test]
    fn any_text_fits_any_width(text in any_rich(), width in 1usize..=300) {
        let theme = Theme::default();
        let bar = [Span::styled("┃ ", theme.pullquote_rule)];
        let lines = wrap_rich(&text, width, theme.body, &theme, &bar, &[]);
        for line in &lines {
            prop_assert!(width_of(line) <= width);
        }
    }

    #[test]
    fn any_article_fits_any_width(text in any_rich(), cite in any::<String>(), width in 1u16..=300) {
        let plain = text.to_plain();
        let body = vec![
            Block::Paragraph(text.clone()),
            Block::Heading { level: 2, text: text.clone() },
            Block::PullQuote { text: text.clone(), cite: Some(cite.clone()) },
            Block::Quote { text: text.clone(), cite: Some(cite.clone()) },
            Block::List { items: vec![text.clone(), text.clone()], ordered: true },
            Block::Image { src: Some(cite.clone()), alt: Some(plain.clone()), caption: Some(cite.clone()) },
            Block::Code(plain.clone()),
            Block::Rule,
        ];
        let mut a = article(body);
        a.title = plain.clone().into();
        a.detail_mut().summary = Some(cite.clone()).into();
        a.detail_mut().series = Some(plain);
        let laid = lay_out(&archive_with(vec![a]), 0, width, &Theme::default());
        prop_assert_eq!(laid.block_starts.len(), 8);
        for line in &laid.lines {
            prop_assert!(width_of(line) <= usize::from(width));
        }
    }
}

/// The size of the wrapping benchmark (`cargo bench -- wrap` times it);
/// here only correctness is checked, since timings in tests are noise.
#[test]
fn fifty_thousand_words_lay_out_within_width() {
    let words = [
        "kundresan",
        "är",
        "en",
        "väg",
        "genom",
        "många",
        "kontaktpunkter,",
        "och",
        "日本語",
        "👩\u{200d}💻",
    ];
    let mut body = Vec::new();
    let mut n = 0;
    while n < 50_000 {
        let paragraph: Vec<&str> = (0..100).map(|i| words[(n + i * 7) % words.len()]).collect();
        body.push(Block::Paragraph(Rich::plain(paragraph.join(" "))));
        n += 100;
    }
    let archive = archive_with(vec![article(body)]);
    let theme = Theme::default();
    let laid = lay_out(&archive, 0, MEASURE, &theme);
    assert!(laid.lines.len() > 5_000, "{} lines", laid.lines.len());
    assert_fits(&laid.lines, usize::from(MEASURE), "50k words");
}

#[test]
fn pull_quote_brings_its_own_marks() {
    let theme = Theme::default();
    let text = Rich::plain("  «Redan citerad text som bryts på flera rader»  ");
    let archive = archive_with(vec![article(vec![Block::PullQuote { text, cite: None }])]);
    let laid = lay_out(&archive, 0, 20, &theme);
    let lines = texts(block_lines(&laid, 0));
    assert_eq!(lines[1], "┃ «Redan citerad");
    assert!(
        lines[2].starts_with("┃ text"),
        "no hang without an added mark"
    );
    assert!(!lines.concat().contains('“'));

    // Whitespace inside the added marks never separates them from the text.
    let text = rich(vec![
        run("  ", RunStyle::Plain),
        run(" Mät allt ", RunStyle::Strong),
        run(" ", RunStyle::Plain),
    ]);
    let archive = archive_with(vec![article(vec![Block::PullQuote { text, cite: None }])]);
    let laid = lay_out(&archive, 0, 40, &theme);
    assert_eq!(texts(block_lines(&laid, 0))[1], "┃ “Mät allt”");
}

// ---------------------------------------------------------------------------
// Title room: from 80 columns a list row keeps 40 cells of title, and a
// wider window never gives it fewer while the same panes are on screen.

#[test]
fn list_titles_keep_forty_cells_and_never_shrink_as_the_window_widens() {
    use lektyr::screen::{Screen, WIDE, Wants, title_room};
    for height in [6, 24, 60] {
        for topics in [false, true] {
            for reader_open in [false, true] {
                for date_width in [6, 10, 12] {
                    let wants = Wants {
                        topics,
                        reader_open,
                        date_width,
                        ..Wants::default()
                    };
                    // (panes on screen, room) at the width before.
                    let mut last: Option<((bool, bool), usize)> = None;
                    let mut lists = 0;
                    for w in 80..=300u16 {
                        let area = ratatui::layout::Rect::new(0, 0, w, height);
                        let s = Screen::compute(area, wants);
                        let Some(list) = s.get(Pane::List) else {
                            assert!(w < WIDE, "{w}: a wide screen always shows the list");
                            last = None;
                            continue;
                        };
                        lists += 1;
                        let room = title_room(list.width, date_width);
                        let what = format!("{w}x{height} {wants:?} dates {date_width}");
                        assert!(room >= 40, "{what}: {room} cells of title");
                        let panes = (s.get(Pane::Topics).is_some(), s.get(Pane::Reader).is_some());
                        if let Some((before, before_room)) = last
                            && before == panes
                        {
                            assert!(room >= before_room, "{what}: {room} < {before_room}");
                        }
                        last = Some((panes, room));
                    }
                    assert!(lists > 0, "{wants:?}: a list somewhere");
                }
            }
        }
    }
}

/// The lines of each part a reading position is kept in: the header, then
/// each body block with the lines after it up to the next block.
fn parts(laid: &lektyr::layout::Laid) -> Vec<std::ops::Range<usize>> {
    let n = laid.lines.len();
    let mut starts = vec![0];
    starts.extend(laid.block_starts.iter().copied());
    starts.push(n);
    starts.dedup();
    starts.windows(2).map(|w| w[0]..w[1]).collect()
}

#[test]
fn offsets_rise_within_each_part_at_every_width() {
    let archive = sample();
    let theme = Theme::default();
    for width in WIDTHS.into_iter().chain([8, 13, 31, 36, 50, 76]) {
        let laid = lay_out(&archive, 0, width, &theme);
        assert_eq!(laid.offsets.len(), laid.lines.len(), "width {width}");
        for part in parts(&laid) {
            let offsets = &laid.offsets[part.clone()];
            assert!(
                offsets.windows(2).all(|w| w[0] < w[1]),
                "width {width}, lines {part:?}: {offsets:?}"
            );
        }
        // Lines that stand for no text keep their place at every width:
        // the heading's underline after its text, the pull quote's rules
        // around it.
        let heading = "Kundresan börjar före första klicket";
        let under = laid.block_starts[1] - 2;
        assert!(
            text_of(&laid.lines[under]).starts_with('═'),
            "width {width}"
        );
        assert_eq!(laid.offsets[under], heading.len() << 8, "width {width}");
        // The rule leads up to the quote's first text, byte 0 (at one
        // column its opening mark takes a line of its own before it).
        let quote = laid.block_starts[2];
        let place = laid.offsets[quote];
        assert!(
            (text_place(0) - 0xff..text_place(0)).contains(&place),
            "width {width}: {place}"
        );
        let bottom = laid.block_starts[3] - 2;
        assert!(text_of(&laid.lines[bottom]).contains('━'), "width {width}");
        let first = lay_out(&archive, 0, 200, &theme);
        assert_eq!(
            laid.offsets[bottom],
            first.offsets[first.block_starts[3] - 2],
            "width {width}"
        );
    }
}

#[test]
fn a_line_starts_at_its_offset_in_the_blocks_text() {
    let text = "Kundresan börjar före första klicket, och den slutar inte när \
                ärendet stängs: kund-upplevelsen är summan av alla samtal.";
    let code = "fn main() {\n\n    println!(\"en mycket lång rad som inte får plats\");\n}";
    let archive = archive_with(vec![article(vec![
        Block::Paragraph(Rich::plain(text)),
        Block::Code(code.into()),
    ])]);
    let theme = Theme::default();
    for width in 1..=80 {
        let laid = lay_out(&archive, 0, width, &theme);
        let para = laid.block_starts[0]..laid.block_starts[1] - 1;
        for l in para {
            let shown = text_of(&laid.lines[l]);
            let first = shown.split(' ').next().unwrap_or("");
            assert!(
                text[(laid.offsets[l] >> 8)..].starts_with(first),
                "width {width}: line {shown:?} at {}",
                (laid.offsets[l] >> 8)
            );
        }
        // The code's lines, up to the blank line before the author box
        // (whose offset is past the code's text).
        let code_lines = (laid.block_starts[1]..laid.lines.len())
            .take_while(|&l| (laid.offsets[l] >> 8) < code.len());
        assert!(code_lines.clone().count() >= 4, "width {width}");
        for l in code_lines {
            let shown = text_of(&laid.lines[l]);
            // The indent, where the width has room for it, and the mark.
            let indent = if width >= 10 { "  " } else { "" };
            let shown = shown
                .strip_prefix(indent)
                .unwrap_or(&shown)
                .trim_start_matches("↪ ");
            if shown == "…" {
                continue;
            }
            assert!(
                code[(laid.offsets[l] >> 8)..].starts_with(shown),
                "width {width}: code line {shown:?} at {}",
                (laid.offsets[l] >> 8)
            );
        }
    }
}
