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
    fn truncation_is_by_width() {
        assert_eq!(truncate("日本語のテキスト", 7), "日本語…");
        assert_eq!(truncate("Hallå världen", 8), "Hallå v…");
        assert_eq!(truncate("kort", 10), "kort");
        assert_eq!(truncate("kort", 0), "");
        assert_eq!(display_width(&fit("日本語", 5)), 5);
        assert_eq!(display_width(&fit("日本語", 4)), 4);
    }
}
