//! Styled text to ANSI SGR escape codes, for `show` on a terminal and
//! `snapshot --color`. Only lektyr's own styles become escapes; archive text
//! was sanitized at load, so nothing else can reach the terminal.

use std::fmt::Write;

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;

fn color_code(c: Color, fg: bool) -> Option<String> {
    let base = if fg { 30 } else { 40 };
    let code = match c {
        Color::Reset => return None,
        Color::Black => base,
        Color::Red => base + 1,
        Color::Green => base + 2,
        Color::Yellow => base + 3,
        Color::Blue => base + 4,
        Color::Magenta => base + 5,
        Color::Cyan => base + 6,
        Color::Gray => base + 7,
        Color::DarkGray => base + 60,
        Color::LightRed => base + 61,
        Color::LightGreen => base + 62,
        Color::LightYellow => base + 63,
        Color::LightBlue => base + 64,
        Color::LightMagenta => base + 65,
        Color::LightCyan => base + 66,
        Color::White => base + 67,
        Color::Indexed(i) => return Some(format!("{};5;{i}", base + 8)),
        Color::Rgb(r, g, b) => return Some(format!("{};2;{r};{g};{b}", base + 8)),
    };
    Some(code.to_string())
}

/// The SGR sequence that sets `style` from a reset state (empty for none).
pub fn sgr(style: Style) -> String {
    let mut codes: Vec<String> = Vec::new();
    let m = style.add_modifier;
    for (flag, code) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        if m.contains(flag) {
            codes.push(code.to_string());
        }
    }
    codes.extend(style.fg.and_then(|c| color_code(c, true)));
    codes.extend(style.bg.and_then(|c| color_code(c, false)));
    if codes.is_empty() {
        String::new()
    } else {
        format!("\x1b[{}m", codes.join(";"))
    }
}

/// One laid-out line as text, with escapes when `color`.
pub fn line(line: &Line, color: bool) -> String {
    let mut out = String::new();
    for span in &line.spans {
        let style = line.style.patch(span.style);
        let code = if color { sgr(style) } else { String::new() };
        out.push_str(&code);
        out.push_str(&span.content);
        if !code.is_empty() {
            out.push_str("\x1b[0m");
        }
    }
    if color {
        out
    } else {
        out.trim_end().to_string()
    }
}

/// A whole buffer as lines of text; with `color`, each change of style is
/// an SGR sequence. Trailing blanks are trimmed when not colouring.
pub fn buffer(buf: &Buffer, color: bool) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut row = String::new();
        let mut current = Style::reset();
        let mut skip = 0usize;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let cell = &buf[(x, y)];
            if color {
                let style = cell.style();
                if style != current {
                    row.push_str("\x1b[0m");
                    row.push_str(&sgr(style));
                    current = style;
                }
            }
            let symbol = cell.symbol();
            row.push_str(symbol);
            skip = crate::width::display_width(symbol).saturating_sub(1);
        }
        if color {
            row.push_str("\x1b[0m");
            let _ = writeln!(out, "{row}");
        } else {
            let _ = writeln!(out, "{}", row.trim_end());
        }
    }
    out
}
