//! Which elements never reach the reader (scripts, forms, hidden elements,
//! share widgets, tracking pixels) and the class tests the converter uses.

use super::tree::{Id, Tree};

/// Elements dropped with everything inside them.
pub(super) fn is_dropped_name(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "base"
            | "object"
            | "embed"
            | "applet"
            | "param"
            | "canvas"
            | "form"
            | "button"
            | "select"
            | "option"
            | "optgroup"
            | "datalist"
            | "textarea"
            | "input"
            | "video"
            | "audio"
            | "source"
            | "track"
            | "map"
            | "area"
            | "frame"
            | "frameset"
            | "noframes"
            | "noembed"
            | "dialog"
    )
}

/// The element's class tokens.
pub(super) fn classes(tree: &Tree, id: Id) -> impl Iterator<Item = &str> {
    tree.attr(id, "class")
        .unwrap_or_default()
        .split_ascii_whitespace()
}

/// A class token that marks a pull quote: `pullquote`, `pull-quote`,
/// `wp-block-pullquote`, `article__pull-quote`, `pullout`, `pull-out`…
/// Bootstrap's `pull-left`/`pull-right` (floats) do not match.
pub(super) fn is_pull_class(token: &str) -> bool {
    let squeezed: String = token
        .chars()
        .filter(|c| !matches!(c, '-' | '_'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    squeezed.contains("pullquote") || squeezed.contains("pullout")
}

pub(super) fn has_pull_class(tree: &Tree, id: Id) -> bool {
    classes(tree, id).any(is_pull_class)
}

/// `hidden`, `aria-hidden="true"`, or an inline style that hides it.
pub(super) fn is_hidden(tree: &Tree, id: Id) -> bool {
    if tree.attr(id, "hidden").is_some() {
        return true;
    }
    if tree
        .attr(id, "aria-hidden")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    {
        return true;
    }
    tree.attr(id, "style").is_some_and(|style| {
        let squeezed = squeeze_style(style);
        squeezed.contains("display:none") || squeezed.contains("visibility:hidden")
    })
}

/// Lower-cased CSS text without whitespace.
fn squeeze_style(style: &str) -> String {
    style
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Share buttons and related-post lists that blog engines add to a post.
pub(super) fn is_widget(tree: &Tree, id: Id) -> bool {
    const CLASSES: &[&str] = &[
        "sharedaddy",
        "sd-sharing-enabled",
        "sd-sharing",
        "sd-like",
        "jp-relatedposts",
        "share",
        "social-share",
        "social-sharing",
        "share-buttons",
        "addtoany_share_save_container",
    ];
    classes(tree, id).any(|c| CLASSES.iter().any(|k| c.eq_ignore_ascii_case(k)))
        || tree
            .attr(id, "id")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("jp-relatedposts"))
}

/// A length of at most one pixel: `0`, `1`, `1px`, `0.5px`.
fn is_tiny(value: &str) -> bool {
    let v = value.trim().trim_end_matches("px").trim();
    v.parse::<f64>().is_ok_and(|n| n <= 1.0)
}

/// Width and height from attributes or the inline style, as written.
fn dimensions<'a>(tree: &'a Tree, id: Id, style: &'a str) -> [Option<&'a str>; 2] {
    let mut out = [tree.attr(id, "width"), tree.attr(id, "height")];
    for decl in style.split(';') {
        let Some((prop, value)) = decl.split_once(':') else {
            continue;
        };
        match prop.trim().to_ascii_lowercase().as_str() {
            "width" => out[0] = Some(value),
            "height" => out[1] = Some(value),
            _ => {}
        }
    }
    out
}

/// A tracking pixel: sized at most one pixel (and never larger in the
/// other direction), or served from a known counter, or a file named like
/// one (`pixel.gif`, `track?…`). Real images are never matched: a size
/// above one pixel or an ordinary file name keeps an image.
pub(super) fn is_tracking_image(tree: &Tree, id: Id, src: &str) -> bool {
    let style = tree.attr(id, "style").unwrap_or_default();
    let [w, h] = dimensions(tree, id, style);
    let big = |d: Option<&str>| d.is_some_and(|v| !is_tiny(v));
    let tiny = |d: Option<&str>| d.is_some_and(is_tiny);
    if (tiny(w) || tiny(h)) && !big(w) && !big(h) {
        return true;
    }
    let Some(rest) = src
        .trim()
        .split_once("//")
        .map(|(_, r)| r)
        .or(Some(src.trim()))
    else {
        return false;
    };
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = host.to_ascii_lowercase();
    const HOSTS: &[&str] = &[
        "stats.wp.com",
        "pixel.wp.com",
        "www.google-analytics.com",
        "google-analytics.com",
        "pixel.quantserve.com",
        "sb.scorecardresearch.com",
        "b.scorecardresearch.com",
    ];
    if src.contains("//") && HOSTS.contains(&host.as_str()) {
        return true;
    }
    if host == "feeds.feedburner.com" && (path.starts_with("/~r/") || path.starts_with("/~ff/")) {
        return true;
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let file = path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let (stem, ext) = file.rsplit_once('.').unwrap_or((file.as_str(), ""));
    matches!(
        stem,
        "pixel" | "track" | "tracking" | "tracker" | "beacon" | "1x1"
    ) && matches!(ext, "" | "gif" | "png")
}

/// A line-number gutter beside or inside code, which a browser's copy of
/// the code leaves out: a class token that names line numbers
/// (`line-number`, `linenumber`, `lineno`, `linenos`, `linenodiv`, `ln`,
/// `lnt`, `gutter`, `hljs-ln-numbers`, `line-numbers-rows`, `blob-num`),
/// a `data-line-number` attribute, or an inline style with
/// `user-select: none`. The converter asks only inside `pre` and of table
/// cells, where these mark numbers and not text.
pub(super) fn is_line_number_gutter(tree: &Tree, id: Id) -> bool {
    const CLASSES: &[&str] = &[
        "line-number",
        "line-numbers-rows",
        "linenumber",
        "lineno",
        "linenos",
        "linenodiv",
        "ln",
        "lnt",
        "gutter",
        "hljs-ln-numbers",
        "hljs-ln-n",
        "blob-num",
    ];
    if classes(tree, id).any(|c| CLASSES.iter().any(|k| c.eq_ignore_ascii_case(k))) {
        return true;
    }
    if tree.attr(id, "data-line-number").is_some() {
        return true;
    }
    tree.attr(id, "style").is_some_and(|style| {
        let squeezed = squeeze_style(style);
        squeezed.contains("user-select:none")
    })
}

/// A class token that makes an inline element inside `pre` a line of its
/// own (`line`, `code-line`), as highlighters that draw lines as blocks
/// write them.
pub(super) fn is_code_line(tree: &Tree, id: Id) -> bool {
    classes(tree, id).any(|c| c.eq_ignore_ascii_case("line") || c.eq_ignore_ascii_case("code-line"))
}
