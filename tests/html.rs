//! HTML import through the public API: a whole WordPress post, the plain
//! text helpers, and properties that must hold for any input.

use lektyr::archive::html::{decode_entities, to_blocks, to_text};
use lektyr::archive::url::resolve;
use lektyr::archive::{Block, Rich, Run, RunStyle};
use proptest::prelude::*;

fn run(text: &str, style: RunStyle) -> Run {
    Run {
        text: text.to_string(),
        style,
    }
}

fn plain(text: &str) -> Run {
    run(text, RunStyle::Plain)
}

fn para(runs: Vec<Run>) -> Block {
    Block::Paragraph(Rich { runs })
}

/// A Gutenberg post as WordPress serves it in `content.rendered`.
const POST: &str = r##"
<p>When the allotment society in Norrby voted to dig up the <a href="../../05/car-park/">old car park</a>, nobody expected the first harvest before midsummer.</p>

<h2 class="wp-block-heading" id="the-plan">The plan <a class="header-anchor" href="#the-plan" aria-hidden="false">#</a></h2>

<p>The soil came from a farm outside town. Volunteers carried it in wheelbarrows, one load at a time, for three weekends in a row.</p>

<blockquote class="wp-block-quote is-layout-flow"><p>We had more shovels than people on the first day, and more people than shovels on the second.</p><cite>Maja Lind, chair of the society</cite></blockquote>

<figure class="wp-block-image size-large"><img decoding="async" width="1024" height="683" src="/wp-content/uploads/2024/05/beds-1024x683.jpg" alt="Raised beds along the fence" class="wp-image-41" srcset="/wp-content/uploads/2024/05/beds-1024x683.jpg 1024w, /wp-content/uploads/2024/05/beds-300x200.jpg 300w" sizes="(max-width: 1024px) 100vw, 1024px" /><figcaption class="wp-element-caption">The first twelve beds, in May.</figcaption></figure>

<p>By June the beds were green. The lettuce grew faster than anyone could eat it, so the surplus went to the school kitchen next door.</p>

<figure class="wp-block-pullquote"><blockquote><p>The lettuce grew faster than anyone could eat it.</p></blockquote></figure>

<h3 class="wp-block-heading">What we planted</h3>

<ul class="wp-block-list">
<li>Potatoes, <strong>early</strong> varieties</li>
<li>Lettuce and radishes</li>
<li>Herbs: dill, chives&nbsp;and parsley</li>
</ul>

<p>The watering rota lives in a small script:</p>

<pre class="wp-block-code"><code>for bed in beds:
	water(bed, litres=4)
</code></pre>

<hr class="wp-block-separator has-alpha-channel-opacity"/>

<figure class="wp-block-table"><table><thead><tr><th>Crop</th><th>Kilos</th></tr></thead><tbody><tr><td>Potatoes</td><td>84</td></tr><tr><td>Lettuce</td><td>31</td></tr></tbody></table><figcaption class="wp-element-caption">Harvest up to August.</figcaption></figure>

<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper">
<iframe loading="lazy" title="Digging day" width="500" height="281" src="https://www.youtube.com/embed/abcDEF123?feature=oembed" frameborder="0" allowfullscreen></iframe>
</div></figure>

<p>Next spring the society hopes to build a greenhouse.</p>
<img src="https://pixel.wp.com/g.gif?v=ext&#038;blog=12345&#038;post=678&#038;rand=0.5" width="1" height="1" alt="" />
<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social sd-social-icon-text sd-sharing"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul><li class="share-facebook"><a rel="nofollow noopener noreferrer" class="share-facebook sd-button share-icon" href="https://garden.example.se/2024/09/harvest/?share=facebook" target="_blank"><span>Facebook</span></a></li><li class="share-end"></li></ul></div></div></div>
"##;

#[test]
fn a_gutenberg_post_becomes_the_expected_blocks() {
    let blocks = to_blocks(POST, Some("https://garden.example.se/2024/09/harvest/"));
    let expected = vec![
        para(vec![
            plain("When the allotment society in Norrby voted to dig up the "),
            run(
                "old car park",
                RunStyle::Link("https://garden.example.se/2024/05/car-park/".to_string()),
            ),
            plain(", nobody expected the first harvest before midsummer."),
        ]),
        Block::Heading {
            level: 2,
            text: Rich::plain("The plan"),
        },
        para(vec![plain(
            "The soil came from a farm outside town. Volunteers carried it in wheelbarrows, \
             one load at a time, for three weekends in a row.",
        )]),
        Block::Quote {
            text: Rich::plain(
                "We had more shovels than people on the first day, and more people than \
                 shovels on the second.",
            ),
            cite: Some("Maja Lind, chair of the society".to_string()),
        },
        Block::Image {
            src: Some(
                "https://garden.example.se/wp-content/uploads/2024/05/beds-1024x683.jpg"
                    .to_string(),
            ),
            alt: Some("Raised beds along the fence".to_string()),
            caption: Some("The first twelve beds, in May.".to_string()),
        },
        para(vec![plain(
            "By June the beds were green. The lettuce grew faster than anyone could eat it, \
             so the surplus went to the school kitchen next door.",
        )]),
        Block::PullQuote {
            text: Rich::plain("The lettuce grew faster than anyone could eat it."),
            cite: None,
        },
        Block::Heading {
            level: 3,
            text: Rich::plain("What we planted"),
        },
        Block::List {
            items: vec![
                Rich {
                    runs: vec![
                        plain("Potatoes, "),
                        run("early", RunStyle::Strong),
                        plain(" varieties"),
                    ],
                },
                Rich::plain("Lettuce and radishes"),
                Rich::plain("Herbs: dill, chives\u{a0}and parsley"),
            ],
            ordered: false,
        },
        para(vec![plain("The watering rota lives in a small script:")]),
        Block::Code("for bed in beds:\n        water(bed, litres=4)".to_string()),
        Block::Rule,
        Block::List {
            items: vec![
                Rich {
                    runs: vec![
                        run("Crop", RunStyle::Strong),
                        plain(" │ "),
                        run("Kilos", RunStyle::Strong),
                    ],
                },
                Rich::plain("Potatoes │ 84"),
                Rich::plain("Lettuce │ 31"),
            ],
            ordered: false,
        },
        para(vec![plain("Harvest up to August.")]),
        para(vec![
            plain("▶ Embedded: "),
            run(
                "www.youtube.com/embed/abcDEF123",
                RunStyle::Link(
                    "https://www.youtube.com/embed/abcDEF123?feature=oembed".to_string(),
                ),
            ),
        ]),
        para(vec![plain(
            "Next spring the society hopes to build a greenhouse.",
        )]),
    ];
    assert_eq!(blocks.len(), expected.len(), "{blocks:#?}");
    for (got, want) in blocks.iter().zip(&expected) {
        assert_eq!(got, want);
    }
}

#[test]
fn titles_and_excerpts() {
    assert_eq!(
        to_text("Hello &#8220;world&#8221; &amp; more"),
        "Hello “world” & more"
    );
    assert_eq!(
        to_text(
            "<p>An excerpt that <em>ends</em> here&hellip;</p>\n<p class=\"more\"><a href=\"/x\">Read more</a></p>"
        ),
        "An excerpt that ends here…\nRead more"
    );
    assert_eq!(to_text("Plain title"), "Plain title");
    assert_eq!(
        decode_entities("Facebook &amp; Självförvaltning"),
        "Facebook & Självförvaltning"
    );
    assert_eq!(decode_entities("<b>not bold</b>"), "<b>not bold</b>");
}

#[test]
fn links_resolve_against_the_base() {
    assert_eq!(resolve(Some("https://a.se/b/c"), "../d"), "https://a.se/d");
    assert_eq!(resolve(None, " ../d "), "../d");
}

#[test]
fn hostile_text_comes_out_clean() {
    let blocks = to_blocks("<p>a&#27;[31mred&#x1b;]0;title&#7;b</p>", None);
    assert_eq!(blocks, vec![para(vec![plain("aredb")])]);
    assert_eq!(to_text("<b>&#27;]0;x&#7;</b>t"), "t");
    assert_eq!(decode_entities("&#x1b;[2Jt"), "t");
}

/// Every string a block holds, links and sources included.
fn strings(blocks: &[Block]) -> Vec<String> {
    let mut out = Vec::new();
    let rich = |r: &Rich, out: &mut Vec<String>| {
        for run in &r.runs {
            out.push(run.text.clone());
            if let RunStyle::Link(url) = &run.style {
                out.push(url.clone());
            }
        }
    };
    for block in blocks {
        match block {
            Block::Paragraph(r) | Block::Heading { text: r, .. } => rich(r, &mut out),
            Block::PullQuote { text, cite } | Block::Quote { text, cite } => {
                rich(text, &mut out);
                out.extend(cite.clone());
            }
            Block::Image { src, alt, caption } => {
                out.extend([src, alt, caption].into_iter().flatten().cloned());
            }
            Block::List { items, .. } => items.iter().for_each(|i| rich(i, &mut out)),
            Block::Code(s) => out.push(s.clone()),
            Block::Rule => {}
        }
    }
    out
}

fn assert_clean(s: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        !s.chars().any(|c| c.is_control() && c != '\n'),
        "control character in {:?}",
        s
    );
    Ok(())
}

/// Elements that keep their text (the converter drops others whole).
const KEPT: &[&str] = &[
    "p",
    "div",
    "span",
    "em",
    "strong",
    "b",
    "i",
    "code",
    "a href=\"/x\"",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h4",
    "section",
    "article",
    "figure",
    "figcaption",
    "pre",
    "q",
    "cite",
    "aside",
    "header",
    "small",
    "sup",
    "dl",
    "dt",
    "dd",
    "details",
    "summary",
    "kbd",
    "main",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9]{1,8}".prop_map(|w| format!(" {w} ")),
        proptest::sample::select(KEPT).prop_map(|t| format!("<{t}>")),
        proptest::sample::select(KEPT).prop_map(|t| {
            let name = t.split(' ').next().unwrap_or(t);
            format!("</{name}>")
        }),
        Just("<br>".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_string_converts_without_panic(html in any::<String>()) {
        for s in strings(&to_blocks(&html, Some("https://example.org/a/"))) {
            assert_clean(&s)?;
        }
        assert_clean(&to_text(&html))?;
        assert_clean(&decode_entities(&html))?;
    }

    #[test]
    fn markup_soup_with_escapes_stays_clean(
        html in "([a-z ]|<p>|</p>|<b>|<pre>|<br>|&#27;|&#x1b;|&#7;|&#155;|&#x9d;|\u{1b}|\u{9b}|\u{202e}|\r|\t|\\[|;|&amp;|<img alt='&#27;\\[1m' src='&#7;'>|<a href='&#27;x'>){0,40}"
    ) {
        for s in strings(&to_blocks(&html, None)) {
            assert_clean(&s)?;
        }
        assert_clean(&to_text(&html))?;
        assert_clean(&decode_entities(&html))?;
    }

    #[test]
    fn every_word_in_kept_tags_stays_visible(pieces in proptest::collection::vec(piece(), 0..60)) {
        let html: String = pieces.concat();
        let blocks = to_blocks(&html, None);
        let shown: Vec<String> = strings(&blocks);
        let shown_words: std::collections::HashSet<&str> = shown
            .iter()
            .flat_map(|s| s.split(|c: char| !c.is_alphanumeric()))
            .collect();
        let text = to_text(&html);
        let text_words: std::collections::HashSet<&str> =
            text.split(|c: char| !c.is_alphanumeric()).collect();
        for piece in &pieces {
            if piece.starts_with(' ') {
                let word = piece.trim();
                prop_assert!(shown_words.contains(word), "{} lost from {:?}: {:?}", word, html, blocks);
                prop_assert!(text_words.contains(word), "{} lost from {:?}: {:?}", word, html, text);
            }
        }
    }
}
