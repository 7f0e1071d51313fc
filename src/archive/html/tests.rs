//! The conversion rules, one by one.

use super::{decode_entities, to_blocks, to_text};
use crate::archive::model::{Block, Rich, Run, RunStyle};

fn b(html: &str) -> Vec<Block> {
    to_blocks(html, Some("https://blog.example.se/2024/05/post/"))
}

fn run(text: &str, style: RunStyle) -> Run {
    Run {
        text: text.to_string(),
        style,
    }
}

fn p(text: &str) -> Block {
    Block::Paragraph(Rich::plain(text))
}

fn rich(runs: Vec<Run>) -> Rich {
    Rich { runs }
}

fn link(text: &str, url: &str) -> Run {
    run(text, RunStyle::Link(url.to_string()))
}

fn image(src: &str, alt: Option<&str>, caption: Option<&str>) -> Block {
    Block::Image {
        src: Some(src.to_string()),
        alt: alt.map(str::to_string),
        caption: caption.map(str::to_string),
    }
}

fn quote(text: &str, cite: Option<&str>) -> Block {
    Block::Quote {
        text: Rich::plain(text),
        cite: cite.map(str::to_string),
    }
}

fn pull(text: &str, cite: Option<&str>) -> Block {
    Block::PullQuote {
        text: Rich::plain(text),
        cite: cite.map(str::to_string),
    }
}

fn list(items: &[&str], ordered: bool) -> Block {
    Block::List {
        items: items.iter().map(|i| Rich::plain(*i)).collect(),
        ordered,
    }
}

fn all_text(blocks: &[Block]) -> String {
    format!("{blocks:?}")
}

// --- blocks -----------------------------------------------------------

#[test]
fn paragraphs_and_headings() {
    assert_eq!(
        b("<h2>Title</h2><p>One.</p><p>Two.</p><h6>Small</h6>"),
        vec![
            Block::Heading {
                level: 2,
                text: Rich::plain("Title")
            },
            p("One."),
            p("Two."),
            Block::Heading {
                level: 6,
                text: Rich::plain("Small")
            },
        ]
    );
}

#[test]
fn heading_anchor_marks_are_dropped() {
    let want = vec![Block::Heading {
        level: 2,
        text: Rich::plain("Setup"),
    }];
    assert_eq!(
        b(r##"<h2 id="s">Setup <a class="header-anchor" href="#s">#</a></h2>"##),
        want
    );
    assert_eq!(
        b(r##"<h2><a class="anchor" href="#s">¶</a>Setup</h2>"##),
        want
    );
    assert_eq!(
        b(r##"<h2>Setup<a class="heading-anchor" href="#s" aria-label="link"></a></h2>"##),
        want
    );
    assert_eq!(b(r##"<h2>Setup <a href="#s">§</a></h2>"##), want);
    // A link that is the heading's text stays.
    assert_eq!(
        b(r#"<h3><a href="/x">Real title</a></h3>"#),
        vec![Block::Heading {
            level: 3,
            text: rich(vec![link("Real title", "https://blog.example.se/x")])
        }]
    );
}

#[test]
fn loose_text_in_containers_becomes_paragraphs() {
    assert_eq!(
        b("<div>loose <em>text</em><section><p>inner</p>tail</section></div>after"),
        vec![
            Block::Paragraph(rich(vec![
                run("loose ", RunStyle::Plain),
                run("text", RunStyle::Emphasis)
            ])),
            p("inner"),
            p("tail"),
            p("after"),
        ]
    );
}

#[test]
fn block_inside_inline_still_comes_out() {
    assert_eq!(
        b(r#"<a href="/card"><div><h3>Card</h3><p>Body</p></div></a>"#),
        vec![
            Block::Heading {
                level: 3,
                text: rich(vec![link("Card", "https://blog.example.se/card")])
            },
            Block::Paragraph(rich(vec![link("Body", "https://blog.example.se/card")])),
        ]
    );
    assert_eq!(
        b("<span>a<div>b</div>c</span>"),
        vec![p("a"), p("b"), p("c")]
    );
}

#[test]
fn quotes_and_citations() {
    assert_eq!(
        b("<blockquote><p>Stay hungry.</p><cite>Someone</cite></blockquote>"),
        vec![quote("Stay hungry.", Some("Someone"))]
    );
    assert_eq!(
        b(
            "<blockquote><p>One.</p><p>Two.</p><footer>— <a href='/p'>A. Person</a>, 1999</footer></blockquote>"
        ),
        vec![quote("One.\nTwo.", Some("A. Person, 1999"))]
    );
    assert_eq!(
        b("<blockquote><p>Text here.</p><p>— Astrid Lindgren</p></blockquote>"),
        vec![quote("Text here.", Some("Astrid Lindgren"))]
    );
    assert_eq!(
        b("<blockquote><p>Text here.<br>– Vilhelm Moberg</p></blockquote>"),
        vec![quote("Text here.", Some("Vilhelm Moberg"))]
    );
    assert_eq!(
        b("<blockquote><p>Text here. <cite>Hamlet</cite></p></blockquote>"),
        vec![quote("Text here.", Some("Hamlet"))]
    );
    // A cite in the running text is a title, not the source.
    assert_eq!(
        b("<blockquote><p>As <cite>Hamlet</cite> says, words.</p></blockquote>"),
        vec![Block::Quote {
            text: rich(vec![
                run("As ", RunStyle::Plain),
                run("Hamlet", RunStyle::Emphasis),
                run(" says, words.", RunStyle::Plain)
            ]),
            cite: None
        }]
    );
    // Dialogue lines are not citations, and a lone dash line is the quote.
    assert_eq!(
        b("<blockquote><p>– Kom nu!</p><p>– Jag kommer.</p></blockquote>"),
        vec![quote("– Kom nu!\n– Jag kommer.", None)]
    );
    assert_eq!(
        b("<blockquote><p>— Just this</p></blockquote>"),
        vec![quote("— Just this", None)]
    );
}

#[test]
fn a_quote_of_only_a_citation_still_shows_it() {
    assert_eq!(
        b("<blockquote><cite> 0 </cite></blockquote>"),
        vec![quote("0", None)]
    );
}

#[test]
fn lists_flat_and_nested() {
    assert_eq!(
        b("<ul><li>a</li><li> b <b>c</b></li><li></li></ul><ol><li>x</li></ol>"),
        vec![
            Block::List {
                items: vec![
                    Rich::plain("a"),
                    rich(vec![run("b ", RunStyle::Plain), run("c", RunStyle::Strong)])
                ],
                ordered: false
            },
            list(&["x"], true),
        ]
    );
    assert_eq!(
        b(
            "<ol><li>one<ul><li>sub a</li><li>sub b<ol><li>deep</li></ol></li></ul></li><li>two</li></ol>"
        ),
        vec![list(
            &[
                "one\n\u{a0}\u{a0}•\u{a0}sub a\n\u{a0}\u{a0}•\u{a0}sub b\n\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}1.\u{a0}deep",
                "two"
            ],
            true
        )]
    );
    // A list right inside a list (invalid but common) joins the item before.
    assert_eq!(
        b("<ul><li>a</li><ul><li>b</li></ul><li>c</li></ul>"),
        vec![list(&["a\n\u{a0}\u{a0}•\u{a0}b", "c"], false)]
    );
}

#[test]
fn preformatted_code() {
    assert_eq!(
        b("<pre class=\"wp-block-code\"><code>fn main() {\n\tlet x = 1;  \r\n}\n\n\n</code></pre>"),
        vec![Block::Code(
            "fn main() {\n        let x = 1;  \n}".to_string()
        )]
    );
    assert_eq!(
        b("<pre>a<br>b <span>c</span>\n</pre>"),
        vec![Block::Code("a\nb c".to_string())]
    );
    assert_eq!(
        b("<pre>\n\n  indented</pre>"),
        vec![Block::Code("  indented".to_string())]
    );
    assert_eq!(b("<pre>  \n </pre>"), vec![]);
}

#[test]
fn code_lines_drawn_as_blocks_keep_their_breaks() {
    let code = |s: &str| vec![Block::Code(s.to_string())];
    // One div per line with a line-number span, as many highlighters write.
    assert_eq!(
        b(
            "<pre><code><div class=\"line\"><span class=\"line-number\">1</span><span>&lt;?php</span></div>\
           <div class=\"line\"><span class=\"line-number\">2</span>require_once 'a.php';</div></code></pre>"
        ),
        code("<?php\nrequire_once 'a.php';")
    );
    // Spans of class `line` with line feeds between them: no blank lines.
    assert_eq!(
        b(
            "<pre><code><span class=\"line\">let a = 1;</span>\n<span class=\"line\">let b = 2;</span>\n</code></pre>"
        ),
        code("let a = 1;\nlet b = 2;")
    );
    // Spans of class `line` joined by `br` (Hexo): one break, not two.
    assert_eq!(
        b("<pre><span class=\"line\">a()</span><br><span class=\"line\">b()</span><br></pre>"),
        code("a()\nb()")
    );
    // A blank line written as an empty div stays; `p` and `li` are lines too.
    assert_eq!(
        b("<pre><div>x</div><div><br></div><p>y</p><ul><li>z</li></ul></pre>"),
        code("x\n\ny\nz")
    );
    // Gutters named other ways: data-line-number, user-select: none, Chroma's `lnt`.
    assert_eq!(
        b("<pre><span data-line-number=\"1\">1</span>one\n\
           <span style=\"-webkit-user-select: none; user-select:none\">2 </span>two\n\
           <span class=\"lnt\">3\n</span></pre>"),
        code("one\ntwo")
    );
}

#[test]
fn line_number_tables_beside_code_give_the_code_alone() {
    // Hexo and Pygments (`linenos=table`): a gutter cell and a code cell.
    assert_eq!(
        b("<figure class=\"highlight js\"><table><tr>\
           <td class=\"gutter\"><pre><span class=\"line\">1</span><br><span class=\"line\">2</span><br></pre></td>\
           <td class=\"code\"><pre><span class=\"line\">var a = 1;</span><br><span class=\"line\">  a++;</span><br></pre></td>\
           </tr></table></figure>"),
        vec![Block::Code("var a = 1;\n  a++;".to_string())]
    );
    assert_eq!(
        b(
            "<table class=\"highlighttable\"><tr><td class=\"linenos\"><div class=\"linenodiv\"><pre>1\n2</pre></div></td>\
           <td class=\"code\"><div class=\"highlight\"><pre>x = 1\ny = 2\n</pre></div></td></tr></table>"
        ),
        vec![Block::Code("x = 1\ny = 2".to_string())]
    );
    // An ordinary table keeps its cells, numbers and all.
    assert_eq!(
        b("<table><tr><td>1</td><td>one</td></tr><tr><td>2</td><td>two</td></tr></table>"),
        vec![list(&["1 │ one", "2 │ two"], false)]
    );
}

#[test]
fn rules() {
    assert_eq!(
        b("<p>a</p><hr class='wp-block-separator'><p>b</p>"),
        vec![p("a"), Block::Rule, p("b")]
    );
}

// --- images -----------------------------------------------------------

#[test]
fn figures_and_bare_images() {
    assert_eq!(
        b(
            r#"<figure class="wp-block-image"><img src="a.jpg" alt="A lake"><figcaption>The <em>lake</em> at dawn</figcaption></figure>"#
        ),
        vec![image(
            "https://blog.example.se/2024/05/post/a.jpg",
            Some("A lake"),
            Some("The lake at dawn")
        )]
    );
    assert_eq!(
        b(r#"<img src="/b.png">"#),
        vec![image("https://blog.example.se/b.png", None, None)]
    );
    assert_eq!(b(r#"<img alt="">"#), vec![]);
}

#[test]
fn lazy_sources_and_srcset() {
    assert_eq!(
        b(r#"<img data-src="//cdn.example.net/c.jpg" src="data:image/gif;base64,R0lGOD">"#),
        vec![image("https://cdn.example.net/c.jpg", None, None)]
    );
    assert_eq!(
        b(r#"<img data-lazy-src="d.jpg">"#),
        vec![image(
            "https://blog.example.se/2024/05/post/d.jpg",
            None,
            None
        )]
    );
    assert_eq!(
        b(r#"<img srcset="../e-300.jpg 300w, ../e-600.jpg 600w">"#),
        vec![image(
            "https://blog.example.se/2024/05/e-300.jpg",
            None,
            None
        )]
    );
    assert_eq!(
        b(r#"<img data-srcset=" f.jpg 1x, f2.jpg 2x">"#),
        vec![image(
            "https://blog.example.se/2024/05/post/f.jpg",
            None,
            None
        )]
    );
    // A real source wins over the lazy attributes.
    assert_eq!(
        b(r#"<img src="g.jpg" data-src="h.jpg">"#),
        vec![image(
            "https://blog.example.se/2024/05/post/g.jpg",
            None,
            None
        )]
    );
    // Without a base the source stays as written.
    assert_eq!(
        to_blocks(r#"<img src=" x/y.jpg ">"#, None),
        vec![image("x/y.jpg", None, None)]
    );
}

#[test]
fn an_image_splits_its_paragraph() {
    assert_eq!(
        b(r#"<p>before <img src="/i.jpg" alt="i"> after</p>"#),
        vec![
            p("before"),
            image("https://blog.example.se/i.jpg", Some("i"), None),
            p("after")
        ]
    );
}

#[test]
fn figures_without_images() {
    assert_eq!(
        b("<figure><blockquote><p>Words.</p></blockquote><figcaption>Source</figcaption></figure>"),
        vec![quote("Words.", Some("Source"))]
    );
    assert_eq!(
        b("<figure><pre>x = 1</pre><figcaption>Listing 1</figcaption></figure>"),
        vec![Block::Code("x = 1".to_string()), p("Listing 1")]
    );
    assert_eq!(
        b(
            "<figure class='wp-block-table'><table><tr><td>a</td><td>b</td></tr></table><figcaption>Tab</figcaption></figure>"
        ),
        vec![list(&["a │ b"], false), p("Tab")]
    );
}

// --- tables -----------------------------------------------------------

#[test]
fn small_tables_become_rows() {
    let html = "<table><caption>Prices</caption><thead><tr><th>Fruit</th><td>Price</td></tr></thead>\
                <tbody><tr><td>Apple</td><td><a href='/a'>12 kr</a></td></tr>\
                <tr><td></td><td></td></tr><tr><td colspan=2>Sold out</td></tr></tbody></table>";
    assert_eq!(
        b(html),
        vec![
            p("Prices"),
            Block::List {
                items: vec![
                    rich(vec![
                        run("Fruit", RunStyle::Strong),
                        run(" │ ", RunStyle::Plain),
                        run("Price", RunStyle::Strong)
                    ]),
                    rich(vec![
                        run("Apple │ ", RunStyle::Plain),
                        link("12 kr", "https://blog.example.se/a")
                    ]),
                    Rich::plain("Sold out"),
                ],
                ordered: false
            }
        ]
    );
}

#[test]
fn big_tables_become_a_placeholder() {
    let mut html = String::from("<table>");
    for r in 0..120 {
        html.push_str("<tr>");
        for c in 0..9 {
            html.push_str(&format!("<td>{r}.{c}</td>"));
        }
        html.push_str("</tr>");
    }
    html.push_str("</table>");
    assert_eq!(b(&html), vec![p("[table: 120 rows × 9 columns]")]);
    let wide = format!("<table><tr>{}</tr></table>", "<td>x</td>".repeat(9));
    assert_eq!(b(&wide), vec![p("[table: 1 rows × 9 columns]")]);
    let long = format!("<table>{}</table>", "<tr><td>x</td></tr>".repeat(40));
    assert!(matches!(b(&long).as_slice(), [Block::List { items, .. }] if items.len() == 40));
}

// --- pull quotes --------------------------------------------------------

#[test]
fn pull_quote_markups() {
    let want = vec![pull("Big words.", Some("Me"))];
    assert_eq!(
        b(
            "<figure class=\"wp-block-pullquote\"><blockquote><p>Big words.</p><cite>Me</cite></blockquote></figure>"
        ),
        want
    );
    assert_eq!(
        b("<blockquote class=\"wp-block-pullquote\"><p>Big words.</p><cite>Me</cite></blockquote>"),
        want
    );
    assert_eq!(
        b("<div class=\"c-article__pull-quote\"><p>Big words.</p><p>— Me</p></div>"),
        want
    );
    assert_eq!(
        b("<aside class=\"pullout\">Big words.<br>— Me</aside>"),
        want
    );
    assert_eq!(
        b("<p class=\"pullquote right\">Big words.<br>— Me</p>"),
        want
    );
    assert_eq!(
        b("<aside><blockquote>Big words.<cite>Me</cite></blockquote></aside>"),
        want
    );
    assert_eq!(
        b("<aside><p>“Big words.”</p></aside>"),
        vec![pull("“Big words.”", None)]
    );
}

#[test]
fn a_pull_quote_attribution_is_its_cite_and_its_marks_pair_up() {
    // The name after the closing mark is the citation, and the dangling
    // closing mark gets its opening partner.
    assert_eq!(
        b(
            "<div class=\"pullquote\"><p>The camera never blinks, so it is a night film. \u{201d}</p><p>Edda Lundin</p></div>"
        ),
        vec![pull(
            "\u{201c}The camera never blinks, so it is a night film.\u{201d}",
            Some("Edda Lundin")
        )]
    );
    // An opening mark left open is closed.
    assert_eq!(
        b("<aside class=\"pull-quote\"><p>\u{201c}We kept the lamps lit all winter.</p></aside>"),
        vec![pull(
            "\u{201c}We kept the lamps lit all winter.\u{201d}",
            None
        )]
    );
    // Marks that already pair up, French and Swedish ones too, stay as written.
    for text in [
        "\u{201c}Both marks are here.\u{201d}",
        "\u{ab}Les deux sont l\u{e0}.\u{bb}",
        "\u{201d}B\u{e5}da finns h\u{e4}r.\u{201d}",
        "\u{bb}B\u{e5}da finns h\u{e4}r.\u{bb}",
        "No marks at all here.",
    ] {
        assert_eq!(
            b(&format!("<div class=\"pullquote\"><p>{text}</p></div>")),
            vec![pull(text, None)],
            "{text}"
        );
    }
    // A second paragraph after a quote with no closing mark is quoted text.
    assert_eq!(
        b("<div class=\"pullquote\"><p>The lamps were lit.</p><p>All winter long</p></div>"),
        vec![pull("The lamps were lit.\nAll winter long", None)]
    );
}

#[test]
fn pull_left_is_only_a_float() {
    assert_eq!(
        b(
            r#"<img class="pull-left" src="/l.jpg" alt="l"><div class="pull-right"><p>Side text.</p></div>"#
        ),
        vec![
            image("https://blog.example.se/l.jpg", Some("l"), None),
            p("Side text.")
        ]
    );
    // An aside that is no quote, or too long, stays text.
    assert_eq!(
        b("<aside><p>Note: see below.</p></aside>"),
        vec![p("Note: see below.")]
    );
    let long = format!("<aside><p>“{}”</p></aside>", "ord ".repeat(61));
    assert!(matches!(b(&long).as_slice(), [Block::Paragraph(_)]));
}

#[test]
fn quotes_repeating_the_body_are_pull_quotes() {
    let html = "<p>The harbour was quiet. In the end the ferry simply stopped running in November, and nobody complained.</p>\
                <blockquote><p>“The ferry simply stopped running in November.”</p></blockquote>\
                <blockquote><p>A harbour is only as good as its worst storm.</p><cite>Old saying</cite></blockquote>";
    assert_eq!(
        b(html)[1..],
        [
            pull("“The ferry simply stopped running in November.”", None),
            quote(
                "A harbour is only as good as its worst storm.",
                Some("Old saying")
            ),
        ]
    );
}

// --- inline -------------------------------------------------------------

#[test]
fn inline_styles() {
    assert_eq!(
        b(
            r#"<p>a <em>e</em> <i>i</i> <strong>s</strong><b>b</b> <code>c</code><kbd>k</kbd> <a href="https://x.se/">l</a> <a href="javascript:alert(1)">j</a> <a>n</a></p>"#
        ),
        vec![Block::Paragraph(rich(vec![
            run("a ", RunStyle::Plain),
            run("e", RunStyle::Emphasis),
            run(" ", RunStyle::Plain),
            run("i", RunStyle::Emphasis),
            run(" ", RunStyle::Plain),
            run("sb", RunStyle::Strong),
            run(" ", RunStyle::Plain),
            run("ck", RunStyle::Code),
            run(" ", RunStyle::Plain),
            link("l", "https://x.se/"),
            run(" j n", RunStyle::Plain),
        ]))]
    );
}

#[test]
fn nested_styles_take_the_innermost_but_keep_links() {
    assert_eq!(
        b(
            r#"<p><strong>bold <em>both</em></strong> <em><a href="/u">in</a></em> <a href="/v"><b>out</b></a></p>"#
        ),
        vec![Block::Paragraph(rich(vec![
            run("bold ", RunStyle::Strong),
            run("both", RunStyle::Emphasis),
            run(" ", RunStyle::Plain),
            link("in", "https://blog.example.se/u"),
            run(" ", RunStyle::Plain),
            link("out", "https://blog.example.se/v"),
        ]))]
    );
}

#[test]
fn line_breaks() {
    assert_eq!(b("<p><br>a <br> b<br><br>c<br> </p>"), vec![p("a\nb\n\nc")]);
    assert_eq!(
        b("<p><em>a<br>b</em></p>"),
        vec![Block::Paragraph(rich(vec![run(
            "a\nb",
            RunStyle::Emphasis
        )]))]
    );
}

#[test]
fn q_gets_quotation_marks() {
    assert_eq!(b("<p>She said <q>hej</q>.</p>"), vec![p("She said “hej”.")]);
}

// --- dropped ------------------------------------------------------------

#[test]
fn dropped_elements_never_show() {
    let html = "<p>keep</p><script>var a = 'SCRIPT';</script><style>.x{}</style>\
                <noscript><p>NOSCRIPT</p><img src='/ns.gif'></noscript><template><p>TEMPLATE</p></template>\
                <svg><text>SVG</text></svg><math><mi>MATH</mi></math><form><p>FORM</p><input value=INPUT></form>\
                <button>BUTTON</button><select><option>OPTION</option></select><textarea>TEXTAREA</textarea>\
                <object data='x'>OBJECT</object><canvas>CANVAS</canvas><p>also <title>TITLE</title>kept</p>";
    assert_eq!(b(html), vec![p("keep"), p("also kept")]);
}

#[test]
fn hidden_elements_never_show() {
    let html = "<p hidden>H1</p><div aria-hidden=\"true\">H2</div><span style=\"color:red; display: none\">H3</span>\
                <p style=\"VISIBILITY:hidden\">H4</p><p aria-hidden=\"false\">shown</p>";
    assert_eq!(b(html), vec![p("shown")]);
}

#[test]
fn tracking_pixels_go_real_images_stay() {
    let html = r#"<img src="https://pixel.wp.com/g.gif?v=ext&blog=1" width="1" height="1" alt="">
        <img src="https://stats.wp.com/x.png">
        <img src="http://feeds.feedburner.com/~r/blog/~4/abc">
        <img src="/t.gif?u=1" style="width:1px;height:1px">
        <img src="https://ads.example.com/pixel?id=3">
        <img src="https://mail.example.com/track/open.gif?u=2" width="0">
        <img src="/pixel-art.png" alt="Pixel art" width="640" height="1">
        <img src="/photos/track/race.jpg" alt="Race">
        <img src="/icon.png" width="16" height="16">"#;
    assert_eq!(
        b(html),
        vec![
            image(
                "https://blog.example.se/pixel-art.png",
                Some("Pixel art"),
                None
            ),
            image(
                "https://blog.example.se/photos/track/race.jpg",
                Some("Race"),
                None
            ),
            image("https://blog.example.se/icon.png", None, None),
        ]
    );
}

#[test]
fn share_widgets_go_buttons_stay() {
    let html = r#"<p>text</p><div class="sharedaddy sd-sharing-enabled"><h3>Share this:</h3><ul><li><a href="/s">Twitter</a></li></ul></div>
        <div id="jp-relatedposts" class="jp-relatedposts"><p>Related</p></div><div class="share">Share!</div>
        <div class="social-share">S</div><div class="wp-block-buttons"><div class="wp-block-button"><a href="/go">Read more</a></div></div>"#;
    assert_eq!(
        b(html),
        vec![
            p("text"),
            Block::Paragraph(rich(vec![link("Read more", "https://blog.example.se/go")]))
        ]
    );
}

#[test]
fn navigation_of_links_at_top_level_goes() {
    assert_eq!(
        b("<nav><a href='/a'>A</a> | <a href='/b'>B</a></nav><p>x</p>"),
        vec![p("x")]
    );
    assert_eq!(
        b("<p>x</p><footer><a href='/a'>Tags</a>, <a href='/b'>B</a></footer>"),
        vec![p("x")]
    );
    assert_eq!(
        b("<p>x</p><footer>Written in Umeå</footer>"),
        vec![p("x"), p("Written in Umeå")]
    );
}

#[test]
fn iframes_become_link_lines() {
    assert_eq!(
        b(
            r#"<figure class="wp-block-embed"><div class="wp-block-embed__wrapper"><iframe src="https://www.youtube.com/embed/abc123?feature=oembed" title="Video"></iframe></div></figure>"#
        ),
        vec![Block::Paragraph(rich(vec![
            run("▶ Embedded: ", RunStyle::Plain),
            link(
                "www.youtube.com/embed/abc123",
                "https://www.youtube.com/embed/abc123?feature=oembed"
            ),
        ]))]
    );
    assert_eq!(
        b(r#"<iframe src="/maps/"></iframe><iframe></iframe><iframe src="javascript:x"></iframe>"#),
        vec![Block::Paragraph(rich(vec![
            run("▶ Embedded: ", RunStyle::Plain),
            link("blog.example.se/maps", "https://blog.example.se/maps/"),
        ]))]
    );
}

// --- text ---------------------------------------------------------------

#[test]
fn whitespace_collapses_like_a_browser() {
    assert_eq!(
        b("<p>  a \n\t <em>b</em>  c  </p>"),
        vec![Block::Paragraph(rich(vec![
            run("a ", RunStyle::Plain),
            run("b", RunStyle::Emphasis),
            run(" c", RunStyle::Plain)
        ]))]
    );
    assert_eq!(
        b("<p>a<em>b</em></p>"),
        vec![Block::Paragraph(rich(vec![
            run("a", RunStyle::Plain),
            run("b", RunStyle::Emphasis)
        ]))]
    );
    assert_eq!(
        b("<p>a<em> b </em> c</p>"),
        vec![Block::Paragraph(rich(vec![
            run("a", RunStyle::Plain),
            run(" b ", RunStyle::Emphasis),
            run("c", RunStyle::Plain)
        ]))]
    );
}

#[test]
fn no_break_spaces_are_kept_and_empty_paragraphs_go() {
    assert_eq!(
        b("<p>1&nbsp;000&nbsp; kr</p><p>&nbsp;</p><p> \u{a0} </p><p></p>"),
        vec![p("1\u{a0}000\u{a0} kr")]
    );
}

#[test]
fn entities_and_soft_hyphens() {
    assert_eq!(
        b("<p>&lt;b&gt; &amp;amp; &#8220;hej&#8221; &eacute; &notit; s&shy;oft</p>"),
        vec![p("<b> &amp; “hej” é ¬it; soft")]
    );
}

#[test]
fn escapes_never_survive() {
    let out = b("<p>a&#27;[31mred&#x1b;]0;title&#7;b</p>");
    assert_eq!(out, vec![p("aredb")]);
    // `&#x9b;` is a Windows-1252 reference by the HTML5 rules (`›`); a
    // raw U+009B is a CSI and goes with its sequence.
    let out = b(
        "<p title=x>\u{1b}[2J<em>&#x9b;\u{9b}1m</em>\u{202e}rtl</p><img src='a&#27;.png' alt='&#7;alt'>",
    );
    for c in all_text(&out).chars() {
        assert!(!c.is_control() || c == '\n', "{c:?} in {out:?}");
    }
    assert_eq!(
        out[0],
        Block::Paragraph(rich(vec![
            run("›", RunStyle::Emphasis),
            run("rtl", RunStyle::Plain)
        ]))
    );
}

// --- limits ---------------------------------------------------------------

#[test]
fn deep_div_nesting_keeps_its_text() {
    let html = "<div>".repeat(60_000) + "deepword" + &"</div>".repeat(60_000);
    assert_eq!(b(&html), vec![p("deepword")]);
    assert_eq!(to_text(&html), "deepword");
}

#[test]
fn deep_quote_nesting_keeps_its_text() {
    let html = "<blockquote>".repeat(5_000) + "quoted" + &"</blockquote>".repeat(5_000);
    assert_eq!(b(&html), vec![quote("quoted", None)]);
    assert_eq!(to_text(&html), "quoted");
}

#[test]
fn deep_list_nesting_keeps_its_text() {
    let html = "<ul><li>".repeat(2_000) + "item";
    let out = b(&html);
    assert!(all_text(&out).contains("item"));
}

// --- plain text -------------------------------------------------------------

#[test]
fn to_text_rules() {
    assert_eq!(
        to_text("Hello &#8220;world&#8221; &amp; more"),
        "Hello “world” & more"
    );
    assert_eq!(to_text("  plain   title \n"), "plain title");
    assert_eq!(to_text("<p>One</p><p>Two <b>bold</b></p>"), "One\nTwo bold");
    assert_eq!(
        to_text("<div><p>a</p></div><br><ul><li>x</li><li>y</li></ul>"),
        "a\nx\ny"
    );
    assert_eq!(
        to_text("a<br>b<script>no</script><noscript>no</noscript><span hidden>no</span>"),
        "a\nb"
    );
    assert_eq!(to_text("<p>&nbsp;a&nbsp;</p>"), "\u{a0}a\u{a0}");
    assert_eq!(to_text("x&#27;[31my\u{7}"), "xy");
    assert_eq!(to_text(""), "");
}

#[test]
fn decode_entities_rules() {
    assert_eq!(
        decode_entities("Facebook &amp; Självförvaltning"),
        "Facebook & Självförvaltning"
    );
    assert_eq!(
        decode_entities("<b>bold</b> &lt;3 &#x1F600; &copy"),
        "<b>bold</b> <3 😀 ©"
    );
    assert_eq!(decode_entities("a</textarea>b &amp"), "a</textarea>b &");
    assert_eq!(
        decode_entities("keep  two\tspaces&#9;"),
        "keep  two spaces "
    );
    assert_eq!(decode_entities("&#27;[1mx&#0;"), "x\u{fffd}");
}

mod well_formed_references {
    use super::super::{decode_well_formed, decode_with_tokenizer};
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "plain ",
        "å ",
        "&amp;",
        "&lt;",
        "&#8220;",
        "&#x201D;",
        "&#X41;",
        "&#x1F600;",
        "&#0;",
        "&#128;",
        "&#x9D;",
        "&#55296;",
        "&#99999999999;",
        "&#x110000;",
        "&notin;",
        "&notit;",
        "&amp",
        "&;",
        "& ",
        "&#;",
        "&#x;",
        "&#-1;",
        "&#+5;",
        "&AElig;",
        "&nbsp;",
        "&bogus;",
        "&NotNestedGreaterGreater;",
        "&acE;",
        "&#27;",
        "&#x7f;",
        "&#65534;",
        "AT&T",
        "&hellip;&#8230;",
        ";",
        "#",
    ];

    #[test]
    fn common_titles_take_the_fast_path() {
        for t in [
            "Hello &#8220;world&#8221; &amp; more",
            "Caf&eacute;",
            "no refs",
        ] {
            assert!(decode_well_formed(t).is_some(), "{t}");
        }
        for t in ["AT&T", "&amp no semicolon", "&bogus;"] {
            assert!(decode_well_formed(t).is_none(), "{t}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Where the fast path answers, it answers as the tokenizer does.
        #[test]
        fn agrees_with_the_tokenizer(parts in proptest::collection::vec(
            prop_oneof![
                proptest::sample::select(PIECES).prop_map(str::to_string),
                "[a-z&#;0-9x ]{0,8}",
            ],
            0..8,
        )) {
            let text: String = parts.concat();
            if let Some(fast) = decode_well_formed(&text) {
                prop_assert_eq!(fast, decode_with_tokenizer(&text), "{}", text);
            }
        }
    }
}
