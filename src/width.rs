//! The one display-width function of lektyr. It measures text exactly the
//! way ratatui's buffer lays it out in cells: grapheme by grapheme, control
//! graphemes and zero-width graphemes take no cell, every other grapheme
//! takes `CellWidth::cell_width` cells. Everything that truncates, pads,
//! centres or wraps goes through here, so no line can overflow its pane.

use ratatui::buffer::CellWidth;
use unicode_segmentation::UnicodeSegmentation;

/// Cells one grapheme takes when drawn into a ratatui buffer.
pub fn grapheme_width(g: &str) -> usize {
    if g.contains(char::is_control) {
        0
    } else {
        usize::from(g.cell_width())
    }
}

/// Cells a string takes when drawn into a ratatui buffer.
pub fn display_width(s: &str) -> usize {
    if s.is_ascii() {
        // Fast path: printable ASCII is one cell each, controls none.
        return s.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    s.graphemes(true).map(grapheme_width).sum()
}

/// The longest prefix of `s` that fits in `width` cells, cut at a grapheme
/// boundary, and its width.
pub fn prefix_fitting(s: &str, width: usize) -> (&str, usize) {
    let mut used = 0;
    for (i, g) in s.grapheme_indices(true) {
        let w = grapheme_width(g);
        if used + w > width {
            return (&s[..i], used);
        }
        used += w;
    }
    (s, used)
}

/// `s` cut to at most `width` cells, ending in `…` when anything was cut.
pub fn truncate(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let (head, _) = prefix_fitting(s, width - 1);
    let mut out = head.trim_end().to_string();
    out.push('…');
    out
}

/// `s` truncated to `width` cells and padded with spaces to exactly `width`.
pub fn fit(s: &str, width: usize) -> String {
    let mut out = truncate(s, width);
    let w = display_width(&out);
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// `s` broken into lines of at most `width` cells at spaces only, so a
/// path or a url stays whole on its line when it fits one; a word wider
/// than a line is cut into pieces that fill lines.
pub fn wrap_words(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        let mut word = word;
        let mut w = display_width(word);
        if used > 0 && used + 1 + w <= width {
            line.push(' ');
            line.push_str(word);
            used += 1 + w;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
        }
        while w > width {
            let (head, head_w) = prefix_fitting(word, width);
            // A grapheme wider than the whole line still goes somewhere.
            let head = if head.is_empty() {
                word.graphemes(true).next().unwrap_or(word)
            } else {
                head
            };
            lines.push(head.to_string());
            word = &word[head.len()..];
            w -= head_w.max(display_width(head)).min(w);
        }
        line.push_str(word);
        used = w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_match_terminal_cells() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("åäö"), 3);
        assert_eq!(display_width("e\u{301}"), 1); // combining acute
        assert_eq!(display_width("日本語"), 6);
        assert_eq!(display_width("👩\u{200d}💻"), 2); // ZWJ sequence
        assert_eq!(display_width("a\tb"), 2); // controls take no cell
    }

    #[test]
    fn words_wrap_at_spaces_and_long_words_are_cut() {
        assert_eq!(
            wrap_words("moved it to /a/long/path.json and", 12),
            ["moved it to", "/a/long/path", ".json and"]
        );
        assert_eq!(wrap_words("ett två  tre", 7), ["ett två", "tre"]);
        assert_eq!(wrap_words("日本語です", 4), ["日本", "語で", "す"]);
        assert_eq!(wrap_words("", 5), [""]);
        assert_eq!(wrap_words("日本", 1), ["日", "本"]);
        for line in wrap_words("a path /x/y/z that is long enough to wrap", 9) {
            assert!(display_width(&line) <= 9, "{line:?}");
        }
    }

    #[test]
    fn truncation_is_by_width() {
        assert_eq!(truncate("日本語のテキスト", 7), "日本語…");
        assert_eq!(truncate("Hallå världen", 8), "Hallå v…");
        assert_eq!(truncate("kort", 10), "kort");
        assert_eq!(truncate("kort", 0), "");
        assert_eq!(display_width(&fit("日本語", 5)), 5);
        assert_eq!(display_width(&fit("日本語", 4)), 4);
    }
}
