//! Problem locations: JSON pointers, and the one linear scan that turns a
//! set of pointers into line:column positions in the source text. Only run
//! when something needs a position, so the fast path never pays for it.

use std::collections::HashMap;

/// Appends `/segment` to `out`, escaped as RFC 6901 asks (`~` → `~0`,
/// `/` → `~1`).
pub(crate) fn push_segment(out: &mut String, segment: &str) {
    out.push('/');
    if !segment.contains(['~', '/']) {
        out.push_str(segment);
        return;
    }
    for c in segment.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Appends `/index` to `out` without allocating.
pub(crate) fn push_index(out: &mut String, index: usize) {
    use std::fmt::Write;
    // Writing to a String cannot fail.
    let _ = write!(out, "/{index}");
}

/// A 1-based line and column (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Pos {
    pub line: usize,
    pub column: usize,
}

/// Finds where the value each pointer names starts. Returns one entry per
/// pointer, `None` where the text holds no such value. The scan is a single
/// pass; malformed JSON ends it early without panicking. Pointers below an
/// element of the array at `root` (the articles) are kept per element, so
/// a value costs a few string comparisons, not a hash of its pointer.
pub(crate) fn locate(text: &str, root: &str, pointers: &[&str]) -> Vec<Option<Pos>> {
    let mut found = vec![None; pointers.len()];
    let mut remaining = pointers.len();
    if remaining == 0 {
        return found;
    }
    // An index far beyond the pointers given would only waste memory:
    // elements past `limit` are looked up by number instead.
    let limit = pointers.len().saturating_mul(4).saturating_add(1024);
    let mut by_element: Vec<Vec<(&str, usize)>> = Vec::new();
    let mut far: HashMap<usize, Vec<(&str, usize)>> = HashMap::new();
    let mut others: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in pointers.iter().enumerate() {
        match split_element(p, root) {
            Some((n, rest)) if n < limit => {
                if by_element.len() <= n {
                    by_element.resize_with(n + 1, Vec::new);
                }
                if let Some(list) = by_element.get_mut(n) {
                    list.push((rest, i));
                }
            }
            Some((n, rest)) => far.entry(n).or_default().push((rest, i)),
            None => others.entry(p).or_default().push(i),
        }
    }
    let mut scan = Scanner::new(text);
    scan.run(&mut |path, pos| {
        let mut hit = |i: usize| {
            if let Some(slot) = found.get_mut(i) {
                *slot = Some(pos);
                remaining -= 1;
            }
        };
        match split_element(path, root) {
            Some((n, rest)) => {
                let list = match by_element.get_mut(n) {
                    Some(list) => Some(list),
                    None if !far.is_empty() => far.get_mut(&n),
                    None => None,
                };
                if let Some(list) = list {
                    list.retain(|&(r, i)| {
                        let matched = r == rest;
                        if matched {
                            hit(i);
                        }
                        !matched
                    });
                }
            }
            None => {
                for i in others.remove(path).unwrap_or_default() {
                    hit(i);
                }
            }
        }
        remaining > 0
    });
    found
}

/// `{root}/{n}{rest}` split into `n` and `rest` (empty or starting with `/`).
fn split_element<'p>(pointer: &'p str, root: &str) -> Option<(usize, &'p str)> {
    let after = pointer.strip_prefix(root)?.strip_prefix('/')?;
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    // Array indices have no leading zeros; anything else is an object key.
    if digits == 0 || digits > 18 || (digits > 1 && after.starts_with('0')) {
        return None;
    }
    let rest = after.get(digits..)?;
    if !(rest.is_empty() || rest.starts_with('/')) {
        return None;
    }
    Some((after.get(..digits)?.parse().ok()?, rest))
}

/// The kind of container being scanned, and the pointer length to cut back
/// to when one of its members is done.
enum Frame {
    Object { base: usize },
    Array { base: usize, index: usize },
}

struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    at: usize,
    line: usize,
    line_start: usize,
    /// The last position handed out, so columns on one long line are
    /// counted incrementally rather than from the line start each time.
    last: (usize, Pos),
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str) -> Self {
        Scanner {
            text,
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
            line_start: 0,
            last: (0, Pos { line: 1, column: 1 }),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn bump(&mut self) {
        if self.peek() == Some(b'\n') {
            self.line += 1;
            self.line_start = self.at + 1;
        }
        self.at += 1;
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }

    fn pos(&mut self) -> Pos {
        let (from, start_col) = if self.last.1.line == self.line && self.last.0 >= self.line_start {
            (self.last.0, self.last.1.column)
        } else {
            (self.line_start, 1)
        };
        let chars = self
            .bytes
            .get(from..self.at)
            .map_or(0, |b| b.iter().filter(|&&c| c & 0xc0 != 0x80).count());
        let pos = Pos {
            line: self.line,
            column: start_col + chars,
        };
        self.last = (self.at, pos);
        pos
    }

    /// Skips a string starting at `"`; returns its raw body (escapes kept).
    fn string(&mut self) -> Option<&'t str> {
        self.bump();
        let start = self.at;
        loop {
            match self.peek()? {
                b'"' => break,
                b'\\' => {
                    self.bump();
                    self.bump();
                }
                _ => self.bump(),
            }
        }
        let body = self.text.get(start..self.at);
        self.bump();
        body
    }

    /// Walks the document, calling `hit(pointer, position)` at the start of
    /// every value until it returns false.
    fn run(&mut self, hit: &mut dyn FnMut(&str, Pos) -> bool) {
        let mut path = String::new();
        let mut stack: Vec<Frame> = Vec::new();
        // Each turn starts at a value.
        loop {
            self.skip_ws();
            let pos = self.pos();
            if !hit(&path, pos) {
                return;
            }
            match self.peek() {
                Some(b'{') => {
                    self.bump();
                    stack.push(Frame::Object { base: path.len() });
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.bump();
                    } else if self.key(&mut path).is_none() {
                        return;
                    } else {
                        continue;
                    }
                    stack.pop();
                }
                Some(b'[') => {
                    self.bump();
                    stack.push(Frame::Array {
                        base: path.len(),
                        index: 0,
                    });
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.bump();
                        stack.pop();
                    } else {
                        path.push_str("/0");
                        continue;
                    }
                }
                Some(b'"') => {
                    if self.string().is_none() {
                        return;
                    }
                }
                Some(_) => {
                    while self.peek().is_some_and(|b| {
                        !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                    }) {
                        self.bump();
                    }
                }
                None => return,
            }
            // A value ended: close containers until one has a next member.
            loop {
                self.skip_ws();
                let Some(frame) = stack.last_mut() else {
                    return;
                };
                match (frame, self.peek()) {
                    (Frame::Object { base }, Some(b',')) => {
                        path.truncate(*base);
                        self.bump();
                        if self.key(&mut path).is_none() {
                            return;
                        }
                        break;
                    }
                    (Frame::Array { base, index }, Some(b',')) => {
                        path.truncate(*base);
                        *index += 1;
                        push_index(&mut path, *index);
                        self.bump();
                        break;
                    }
                    (Frame::Object { base } | Frame::Array { base, .. }, Some(b'}' | b']')) => {
                        path.truncate(*base);
                        self.bump();
                        stack.pop();
                    }
                    _ => return,
                }
            }
        }
    }

    /// Reads `"key" :` and appends the key to `path`.
    fn key(&mut self, path: &mut String) -> Option<()> {
        self.skip_ws();
        if self.peek() != Some(b'"') {
            return None;
        }
        let raw = self.string()?;
        push_segment(path, &unescape(raw));
        self.skip_ws();
        if self.peek() != Some(b':') {
            return None;
        }
        self.bump();
        Some(())
    }
}

/// Decodes JSON string escapes; borrows when there are none.
fn unescape(raw: &str) -> std::borrow::Cow<'_, str> {
    if !raw.contains('\\') {
        return raw.into();
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('f') => out.push('\u{c}'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                let unit = u32::from_str_radix(&hex, 16).unwrap_or(0xfffd);
                let c = if (0xd800..0xdc00).contains(&unit) {
                    // A high surrogate: pair it with the `\uXXXX` after it.
                    let rest = chars.as_str();
                    let low = rest
                        .strip_prefix("\\u")
                        .and_then(|r| r.get(..4))
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .filter(|l| (0xdc00..0xe000).contains(l));
                    match low {
                        Some(low) => {
                            chars.by_ref().take(6).for_each(drop);
                            char::from_u32(0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00))
                        }
                        None => None,
                    }
                } else {
                    char::from_u32(unit)
                };
                out.push(c.unwrap_or('\u{fffd}'));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, p: &str) -> Option<(usize, usize)> {
        locate(text, "/articles", &[p])[0].map(|p| (p.line, p.column))
    }

    #[test]
    fn elements_split_from_pointers() {
        assert_eq!(
            split_element("/articles/12/date", "/articles"),
            Some((12, "/date"))
        );
        assert_eq!(split_element("/articles/3", "/articles"), Some((3, "")));
        assert_eq!(split_element("/7/body/0", ""), Some((7, "/body/0")));
        assert_eq!(split_element("/articles/012", "/articles"), None);
        assert_eq!(split_element("/articles/1x", "/articles"), None);
        assert_eq!(split_element("/title", ""), None);
        assert_eq!(split_element("/articles", "/articles"), None);
    }

    #[test]
    fn pointers_escape() {
        let mut s = String::new();
        push_segment(&mut s, "a/b~c");
        assert_eq!(s, "/a~1b~0c");
    }

    #[test]
    fn finds_values() {
        let text = "{\n  \"articles\": [\n    {\"title\": \"x\", \"date\": \"bad\"},\n    {\"é\": [1, {\"k\": null}]}\n  ]\n}";
        assert_eq!(at(text, ""), Some((1, 1)));
        assert_eq!(at(text, "/articles"), Some((2, 15)));
        assert_eq!(at(text, "/articles/0"), Some((3, 5)));
        assert_eq!(at(text, "/articles/0/date"), Some((3, 28)));
        assert_eq!(at(text, "/articles/1/é/1/k"), Some((4, 21)));
        assert_eq!(at(text, "/articles/2"), None);
    }

    #[test]
    fn elements_far_beyond_the_pointers_are_found() {
        let text = format!("[{}]", vec!["{\"a\": 1}"; 3000].join(",\n"));
        let got = locate(&text, "", &["/2999/a", "/5", "/2000", "/3000"]);
        let lines: Vec<_> = got.iter().map(|p| p.map(|p| p.line)).collect();
        assert_eq!(lines, vec![Some(3000), Some(6), Some(2001), None]);
    }

    #[test]
    fn many_at_once_and_escaped_keys() {
        let text = r#"[{"a\/b": 1, "t~": "\u00e9é", "x": 2}, {"x": 3}]"#;
        let got = locate(text, "", &["/1/x", "/0/a~1b", "/0/t~0", "/0/x"]);
        let cols: Vec<_> = got.iter().map(|p| p.map(|p| p.column)).collect();
        assert_eq!(cols, vec![Some(46), Some(11), Some(20), Some(36)]);
    }

    #[test]
    fn malformed_text_does_not_panic() {
        for t in [
            "",
            "{",
            "[1,",
            "{\"a\"",
            "{\"a\":",
            "\"unterminated",
            "[}",
            "{\"a\\",
        ] {
            let _ = locate(t, "", &["/a", "/0", "", "/0/a"]);
        }
    }
}
