//! Styles of every part of the screen, in one place. Layout and panes take
//! their styles from a `Theme`, never from literals, so a config file can
//! recolour lektyr and the tests can tell a pull quote from body text.

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
            pullquote: fg(Color::Yellow).add_modifier(Modifier::BOLD),
            pullquote_rule: fg(Color::Yellow),
            pullquote_cite: fg(Color::Yellow).add_modifier(Modifier::ITALIC),
            quote: Style::new().add_modifier(Modifier::ITALIC),
            quote_bar: fg(Color::DarkGray),
            cite: fg(Color::DarkGray),
            image: fg(Color::Magenta),
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
            active_topic: fg(Color::Yellow).add_modifier(Modifier::BOLD),
        }
    }
}
