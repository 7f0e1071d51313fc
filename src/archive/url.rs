//! Reference resolution (RFC 3986, section 5) for the links and image
//! sources of imported HTML: enough for the URLs articles really hold.
//! Nothing here checks that a URL is valid; text that does not look like a
//! URL is passed through.
//!
//! Written here rather than taken from the `url` crate, on purpose. That
//! crate gives a URL's wire form: every link joined to a base comes back
//! percent-encoded and with its host in punycode, so `år.html` on
//! `https://bücher.example/` would show in the links picker as
//! `https://xn--bcher-kva.example/%C3%A5r.html`. lektyr keeps the form a
//! person reads and encodes only where a URL leaves it (the terminal's
//! hyperlinks). Half and half would be worse: an absolute link is kept as
//! written, so an article's own address and its anchors joined by the
//! crate would no longer match, and in-page links would get numbers. It
//! would also add the crate's IDNA and Unicode tables to the binary. With
//! it, the fixtures' links all came out the same; the differences were
//! only in that encoding, in lower-cased hosts and dropped default ports,
//! and in backslashes read as slashes, as browsers do.

/// `href` resolved against `base`. An absolute `href` (one with a scheme,
/// `data:` and `mailto:` included) is kept as written; without a usable
/// base (none, or one without a scheme) `href` comes back unchanged.
/// Surrounding whitespace is trimmed in every case.
pub fn resolve(base: Option<&str>, href: &str) -> String {
    // As the URL standard does, tabs and newlines inside are dropped.
    let squeezed;
    let href = if href.contains(['\t', '\n', '\r']) {
        squeezed = href.replace(['\t', '\n', '\r'], "");
        squeezed.trim()
    } else {
        href.trim()
    };
    let squeezed_base;
    let base = match base {
        Some(b) if b.contains(['\t', '\n', '\r']) => {
            squeezed_base = b.replace(['\t', '\n', '\r'], "");
            Some(squeezed_base.as_str())
        }
        other => other,
    };
    if scheme_len(href).is_some() {
        return href.to_string();
    }
    let Some(base) = base.map(str::trim).and_then(Parts::parse) else {
        return href.to_string();
    };
    let (href_path, href_tail) = split_tail(href);
    let mut out = String::with_capacity(base.scheme.len() + base.authority.len() + href.len() + 8);
    out.push_str(base.scheme);
    out.push(':');
    if let Some(rest) = href.strip_prefix("//") {
        // Network-path reference: only the scheme comes from the base.
        let (authority, path_and_tail) = split_authority(rest);
        let (path, tail) = split_tail(path_and_tail);
        out.push_str("//");
        out.push_str(authority);
        out.push_str(&remove_dots(path));
        out.push_str(tail);
        return out;
    }
    if base.has_authority {
        out.push_str("//");
        out.push_str(base.authority);
    }
    if href_path.is_empty() {
        out.push_str(base.path);
        if !href_tail.starts_with('?') {
            out.push_str(base.query);
        }
        out.push_str(href_tail);
        return out;
    }
    let path = if href_path.starts_with('/') {
        remove_dots(href_path)
    } else if base.has_authority && base.path.is_empty() {
        remove_dots(&format!("/{href_path}"))
    } else {
        let dir = base.path.rfind('/').map_or("", |i| &base.path[..=i]);
        remove_dots(&format!("{dir}{href_path}"))
    };
    out.push_str(&path);
    out.push_str(href_tail);
    out
}

/// A base URL taken apart. `query` keeps its `?`; the fragment is dropped.
struct Parts<'a> {
    scheme: &'a str,
    has_authority: bool,
    authority: &'a str,
    path: &'a str,
    query: &'a str,
}

impl<'a> Parts<'a> {
    fn parse(url: &'a str) -> Option<Self> {
        let n = scheme_len(url)?;
        let scheme = &url[..n];
        let rest = &url[n + 1..];
        let rest = rest.find('#').map_or(rest, |i| &rest[..i]);
        let (has_authority, authority, rest) = match rest.strip_prefix("//") {
            Some(r) => {
                let (a, p) = split_authority(r);
                (true, a, p)
            }
            None => (false, "", rest),
        };
        let (path, query) = rest.find('?').map_or((rest, ""), |i| rest.split_at(i));
        Some(Parts {
            scheme,
            has_authority,
            authority,
            path,
            query,
        })
    }
}

/// An article's address as two exports of it agree on: scheme and host
/// in lower case, the fragment and `utm_*` parameters dropped, a lone
/// trailing `/` of the path too. `None` for what is no web address.
pub fn canonical(url: &str) -> Option<String> {
    let url = url.trim();
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let rest = rest.split('#').next().unwrap_or("");
    let (host_path, query) = match rest.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (rest, None),
    };
    let (host, path) = match host_path.find('/') {
        Some(i) => host_path.split_at(i),
        None => (host_path, ""),
    };
    if host.is_empty() {
        return None;
    }
    let path = path.trim_end_matches('/');
    let kept: Vec<&str> = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .filter(|p| !p.is_empty() && !p.to_ascii_lowercase().starts_with("utm_"))
        .collect();
    let mut out = format!("{scheme}://{}{path}", host.to_ascii_lowercase());
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    Some(out)
}

/// A key for the canonical form of `url` ([`canonical`]): two exports of
/// one article get the same key; 0 for none. FNV-1a, 64 bits, stable
/// across builds (it is kept in the archive cache).
pub fn key(url: Option<&str>) -> u64 {
    let Some(c) = url.and_then(canonical) else {
        return 0;
    };
    crate::hash::fnv1a(c.as_bytes()).max(1)
}

/// Length of the scheme when `s` starts with one (`ALPHA *( ALPHA / DIGIT
/// / "+" / "-" / "." ) ":"`).
fn scheme_len(s: &str) -> Option<usize> {
    let colon = s.find(':')?;
    let scheme = &s[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(colon)
}

/// Authority and the rest, for text just after `//`.
fn split_authority(s: &str) -> (&str, &str) {
    let end = s.find(['/', '?', '#']).unwrap_or(s.len());
    s.split_at(end)
}

/// Path and the query-and-fragment tail (starting at `?` or `#`).
fn split_tail(s: &str) -> (&str, &str) {
    let end = s.find(['?', '#']).unwrap_or(s.len());
    s.split_at(end)
}

/// RFC 3986 `remove_dot_segments`, done on whole segments.
fn remove_dots(path: &str) -> String {
    if !path.contains('.') {
        return path.to_string();
    }
    let absolute = path.starts_with('/');
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    let mut out: Vec<&str> = Vec::with_capacity(segments.len());
    for (i, seg) in segments.iter().enumerate().skip(usize::from(absolute)) {
        match *seg {
            "." => {}
            ".." => {
                out.pop();
            }
            s => {
                out.push(s);
                continue;
            }
        }
        // A dot segment at the end leaves the path ending in `/`.
        if i == last {
            out.push("");
        }
    }
    let joined = out.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::resolve;

    const BASE: &str = "https://example.org/blog/2024/post.html?p=1#top";

    fn r(href: &str) -> String {
        resolve(Some(BASE), href)
    }

    #[test]
    fn absolute_references_are_kept() {
        assert_eq!(r("http://other.net/a/../b"), "http://other.net/a/../b");
        assert_eq!(r("mailto:a@b.se"), "mailto:a@b.se");
        assert_eq!(
            r("data:image/png;base64,AAAA"),
            "data:image/png;base64,AAAA"
        );
        assert_eq!(r("  https://x.y/z  "), "https://x.y/z");
    }

    #[test]
    fn network_path_takes_the_scheme() {
        assert_eq!(
            r("//cdn.example.net/i/a.jpg"),
            "https://cdn.example.net/i/a.jpg"
        );
        assert_eq!(r("//cdn.example.net"), "https://cdn.example.net");
        assert_eq!(
            resolve(Some("http://a.b/"), "//c.d/./e/../f?x"),
            "http://c.d/f?x"
        );
    }

    #[test]
    fn absolute_paths_take_the_origin() {
        assert_eq!(
            r("/wp-content/a.jpg"),
            "https://example.org/wp-content/a.jpg"
        );
        assert_eq!(r("/a/./b/../c"), "https://example.org/a/c");
        assert_eq!(r("/../x"), "https://example.org/x");
    }

    #[test]
    fn query_and_fragment_only() {
        assert_eq!(r("?q=2"), "https://example.org/blog/2024/post.html?q=2");
        assert_eq!(
            r("#notes"),
            "https://example.org/blog/2024/post.html?p=1#notes"
        );
        assert_eq!(r(""), "https://example.org/blog/2024/post.html?p=1");
    }

    #[test]
    fn relative_paths_against_the_directory() {
        assert_eq!(r("img.png"), "https://example.org/blog/2024/img.png");
        assert_eq!(r("./img.png"), "https://example.org/blog/2024/img.png");
        assert_eq!(r("../img.png"), "https://example.org/blog/img.png");
        assert_eq!(r("../../../../img.png"), "https://example.org/img.png");
        assert_eq!(r("a/b/.."), "https://example.org/blog/2024/a/");
        assert_eq!(r("."), "https://example.org/blog/2024/");
        assert_eq!(r("x?y#z"), "https://example.org/blog/2024/x?y#z");
        assert_eq!(
            resolve(Some("https://site.se"), "a.jpg"),
            "https://site.se/a.jpg"
        );
        assert_eq!(
            resolve(Some("https://site.se/dir/"), "a.jpg"),
            "https://site.se/dir/a.jpg"
        );
    }

    #[test]
    fn without_a_usable_base_nothing_changes() {
        assert_eq!(resolve(None, " a/../b.png "), "a/../b.png");
        assert_eq!(resolve(Some(""), "/x"), "/x");
        assert_eq!(resolve(Some("example.org/blog"), "x"), "x");
        assert_eq!(resolve(None, "//cdn.x/y"), "//cdn.x/y");
    }

    #[test]
    fn tabs_and_newlines_inside_are_dropped() {
        assert_eq!(resolve(None, "a\tb\nc.jpg"), "abc.jpg");
        assert_eq!(
            resolve(Some("https://x.se/\td/"), "e\r"),
            "https://x.se/d/e"
        );
    }
}
