//! Styles of every part of the screen, in one place. Layout and panes take
//! their styles from a `Theme`, never from literals, so a config file can
//! recolour lektyr and the tests can tell a pull quote from body text.
//! Defaults use the 16 named ANSI colours plus modifiers, so they follow
//! the terminal's palette and stay readable on light and dark backgrounds;
//! no colour carries meaning alone (pull quotes are also bold, with rules).

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    // reader
    pub title: Style,
    pub meta: Style,
    pub topics: Style,
    pub summary: Style,
    pub body: Style,
    pub heading: Style,
    pub pullquote: Style,
    pub pullquote_rule: Style,
    pub pullquote_cite: Style,
    pub quote: Style,
    pub quote_bar: Style,
    pub cite: Style,
    pub image: Style,
    pub code: Style,
    pub rule: Style,
    pub link: Style,
    pub emphasis: Style,
    pub strong: Style,
    pub author_name: Style,
    pub author_role: Style,
    pub section_label: Style,
    pub related: Style,
    // chrome
    pub header: Style,
    pub status: Style,
    pub border: Style,
    pub border_focused: Style,
    pub selection: Style,
    pub selection_unfocused: Style,
    pub accent: Style,
    pub dim: Style,
    pub active_topic: Style,
    /// The unread mark (and the header's unread count).
    pub unread: Style,
    pub star: Style,
    /// A search match in the reader (reverse, so it shows without colour).
    pub search_match: Style,
    /// The match `n`/`N` went to: more than a match.
    pub search_current: Style,
    /// A passage the reader highlighted.
    pub highlight: Style,
    /// The highlight notes, deleting and the jumps act on.
    pub highlight_current: Style,
    /// Text being selected to highlight.
    pub selecting: Style,
    /// A note under its highlight.
    pub note: Style,
    /// How dates are written, in the list and in the reader's meta line
    /// (part of the look: a change re-lays articles out like a new colour).
    pub dates: DateFormat,
}

impl Default for Theme {
    fn default() -> Self {
        let fg = |c: Color| Style::new().fg(c);
        Theme {
            title: Style::new().add_modifier(Modifier::BOLD),
            meta: fg(Color::DarkGray),
            topics: fg(Color::Cyan),
            summary: Style::new().add_modifier(Modifier::ITALIC),
            body: Style::new(),
            heading: Style::new().add_modifier(Modifier::BOLD),
            // Magenta rather than yellow: yellow fades on light backgrounds.
            pullquote: fg(Color::Magenta).add_modifier(Modifier::BOLD),
            pullquote_rule: fg(Color::Magenta),
            pullquote_cite: fg(Color::Magenta).add_modifier(Modifier::ITALIC),
            quote: Style::new().add_modifier(Modifier::ITALIC),
            quote_bar: fg(Color::DarkGray),
            cite: fg(Color::DarkGray),
            image: fg(Color::Blue),
            code: fg(Color::Green),
            rule: fg(Color::DarkGray),
            link: fg(Color::Blue).add_modifier(Modifier::UNDERLINED),
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            strong: Style::new().add_modifier(Modifier::BOLD),
            author_name: Style::new().add_modifier(Modifier::BOLD),
            author_role: fg(Color::DarkGray),
            section_label: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            related: fg(Color::Blue),
            header: Style::new().add_modifier(Modifier::REVERSED),
            status: fg(Color::DarkGray),
            border: fg(Color::DarkGray),
            border_focused: fg(Color::Cyan),
            selection: Style::new().add_modifier(Modifier::REVERSED),
            selection_unfocused: Style::new().add_modifier(Modifier::UNDERLINED),
            accent: fg(Color::Cyan),
            dim: fg(Color::DarkGray),
            active_topic: fg(Color::Magenta).add_modifier(Modifier::BOLD),
            unread: fg(Color::Cyan).add_modifier(Modifier::BOLD),
            star: fg(Color::Yellow),
            search_match: fg(Color::Yellow).add_modifier(Modifier::REVERSED),
            search_current: fg(Color::Magenta)
                .add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED),
            highlight: Style::new().bg(Color::Yellow).fg(Color::Black),
            highlight_current: Style::new()
                .bg(Color::Yellow)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            selecting: Style::new().bg(Color::Cyan).fg(Color::Black),
            note: fg(Color::DarkGray).add_modifier(Modifier::ITALIC),
            dates: DateFormat::default(),
        }
    }
}

impl Theme {
    /// The theme with every colour removed and the modifiers kept, for
    /// `--color never` and `NO_COLOR`: structure still shows through bold,
    /// italic, underline and reverse.
    pub fn without_colour(&self) -> Theme {
        let strip = |s: Style| Style {
            fg: None,
            bg: None,
            underline_color: None,
            ..s
        };
        let mut t = self.clone();
        for style in [
            &mut t.title,
            &mut t.meta,
            &mut t.topics,
            &mut t.summary,
            &mut t.body,
            &mut t.heading,
            &mut t.pullquote,
            &mut t.pullquote_rule,
            &mut t.pullquote_cite,
            &mut t.quote,
            &mut t.quote_bar,
            &mut t.cite,
            &mut t.image,
            &mut t.code,
            &mut t.rule,
            &mut t.link,
            &mut t.emphasis,
            &mut t.strong,
            &mut t.author_name,
            &mut t.author_role,
            &mut t.section_label,
            &mut t.related,
            &mut t.header,
            &mut t.status,
            &mut t.border,
            &mut t.border_focused,
            &mut t.selection,
            &mut t.selection_unfocused,
            &mut t.accent,
            &mut t.dim,
            &mut t.active_topic,
            &mut t.unread,
            &mut t.star,
            &mut t.search_match,
            &mut t.search_current,
            &mut t.highlight,
            &mut t.highlight_current,
            &mut t.selecting,
            &mut t.note,
        ] {
            *style = strip(*style);
        }
        // Without colour a highlight still shows: underlined and italic (a
        // link is underlined alone, with its number after it), the one notes
        // act on bold too, and a selection reversed.
        let marked = |s: Style, m: Modifier| {
            if s == Style::new() {
                s.add_modifier(m)
            } else {
                s
            }
        };
        t.highlight = marked(t.highlight, Modifier::UNDERLINED | Modifier::ITALIC);
        t.highlight_current = t
            .highlight_current
            .add_modifier(Modifier::UNDERLINED | Modifier::ITALIC | Modifier::BOLD);
        t.selecting = marked(t.selecting, Modifier::REVERSED);
        t
    }
}

/// A date format: `%Y` year, `%y` two-digit year, `%m` month, `%d` day,
/// `%e` day without a leading zero, `%b` month abbreviation, `%B` month
/// name, `%%` a percent sign; anything else as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateFormat(String);

impl Default for DateFormat {
    fn default() -> Self {
        DateFormat("%Y-%m-%d".into())
    }
}

impl DateFormat {
    pub fn parse(spec: &str) -> Result<DateFormat, String> {
        let mut chars = spec.chars();
        while let Some(c) = chars.next() {
            if c == '%' {
                match chars.next() {
                    Some('Y' | 'y' | 'm' | 'd' | 'e' | 'b' | 'B' | '%') => {}
                    Some(other) => {
                        return Err(format!(
                            "unknown date field `%{other}` (use %Y %y %m %d %e %b %B %%)"
                        ));
                    }
                    None => return Err("date format ends in a lone `%`".into()),
                }
            }
        }
        Ok(DateFormat(spec.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Formats a `YYYY-MM-DD` day; anything else is returned unchanged.
    pub fn format(&self, day: &str) -> String {
        let mut parts = day.splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return day.to_string();
        };
        let month = m
            .parse::<usize>()
            .ok()
            .and_then(|n| crate::archive::MONTHS.get(n.wrapping_sub(1)));
        let (Some(month), true, true) = (month, y.len() == 4, d.len() == 2) else {
            return day.to_string();
        };
        let mut out = String::new();
        let mut chars = self.0.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('Y') => out.push_str(y),
                Some('y') => out.push_str(y.get(2..).unwrap_or(y)),
                Some('m') => out.push_str(m),
                Some('d') => out.push_str(d),
                Some('e') => out.push_str(d.trim_start_matches('0')),
                Some('b') => out.extend(month.chars().take(3)),
                Some('B') => out.push_str(month),
                Some(other) => out.push(other),
                None => out.push('%'),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_colour_keeps_modifiers_only() {
        let t = Theme::default().without_colour();
        assert_eq!(t.pullquote, Style::new().add_modifier(Modifier::BOLD));
        assert_eq!(t.meta, Style::new());
        assert_eq!(t.selection, Style::new().add_modifier(Modifier::REVERSED));
        assert_eq!(
            t.search_match,
            Style::new().add_modifier(Modifier::REVERSED)
        );
        assert_ne!(t.search_current, t.search_match);
    }
}
