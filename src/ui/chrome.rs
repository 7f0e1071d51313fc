//! The header line, the status line, and the too-small message.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::put;
use crate::action::Action;
use crate::app::{App, Pane, Source};
use crate::keymap::Context;
use crate::screen::{MIN_HEIGHT, MIN_WIDTH};
use crate::width::{display_width, truncate};

/// What the header names: the archive's own title, else the file name.
pub fn archive_name(app: &App) -> String {
    match (&app.archive.title, &app.source) {
        (Some(t), Source::Sample) => format!("{t} (built-in sample)"),
        (None, Source::Sample) => "built-in sample".to_string(),
        (Some(t), Source::File(_)) => t.clone(),
        (None, Source::File(f)) => f.clone(),
    }
}

/// The active filter in words, e.g. `kundresa + ux (ALL)`.
pub fn filter_label(app: &App) -> Option<String> {
    let names: Vec<&str> = app
        .active_topics()
        .filter_map(|t| app.archive.topics.get(t))
        .map(|t| t.name.as_str())
        .collect();
    if names.is_empty() {
        return None;
    }
    let joiner = match app.mode {
        crate::app::MatchMode::Any => " | ",
        crate::app::MatchMode::All => " + ",
    };
    Some(format!("{} ({})", names.join(joiner), app.mode.label()))
}

pub fn header(frame: &mut Frame, area: Rect, app: &App) {
    let buf = frame.buffer_mut();
    let style = app.theme.header;
    buf.set_style(area, style);
    let mut parts = vec![format!("{} unread", app.unread_total)];
    if app.view != crate::state::View::All {
        parts.push(app.view.label().to_string());
    }
    parts.push(match filter_label(app) {
        Some(f) => format!("filter: {f}"),
        None => "all topics".to_string(),
    });
    let right = format!(" {} ", parts.join(" · "));
    let width = usize::from(area.width);
    // The filter always shows; the name gives way to it.
    let right = truncate(&right, width.saturating_sub(10).max(width / 2));
    let right_w = display_width(&right);
    let left = truncate(
        &format!(" lektyr · {} ", archive_name(app)),
        width.saturating_sub(right_w),
    );
    put(buf, area, area.x, area.y, &left, style);
    let x = area.right().saturating_sub(right_w as u16);
    put(
        buf,
        area,
        x,
        area.y,
        &right,
        style.patch(app.theme.active_topic),
    );
}

/// The key hints of the status line: actions (first key of each, joined
/// by `/`) and what they do where the focus is.
fn hints(app: &App) -> Vec<(&'static [Action], &'static str)> {
    use Action::*;
    if app.overlay.is_some() {
        return vec![
            (&[Down, Up], "move"),
            (&[Activate], "open"),
            (&[Back], "close"),
        ];
    }
    match app.focus {
        Pane::List => vec![
            (&[Down, Up], "move"),
            (&[Activate], "open"),
            (&[FocusTopics], "topics"),
            (&[FocusNext], "pane"),
            (&[Help], "help"),
            (&[Quit], "quit"),
        ],
        Pane::Reader => vec![
            (&[Down, Up], "scroll"),
            (&[PageDown], "page"),
            (&[NextArticle, PrevArticle], "next/prev"),
            (&[Related], "related"),
            (&[Back], "back"),
            (&[Help], "help"),
        ],
        Pane::Topics => vec![
            (&[ToggleTopic], "toggle"),
            (&[ToggleMatchMode], "any/all"),
            (&[ClearFilters], "clear"),
            (&[Back], "back"),
            (&[Help], "help"),
        ],
    }
}

pub fn status(frame: &mut Frame, area: Rect, app: &App) {
    let buf = frame.buffer_mut();
    let theme = &app.theme;
    let total = app.archive.articles.len();
    let mut right = format!(" {} of {} articles ", app.visible.len(), total);
    let troubled = app.archive.articles_with_problems();
    if troubled > 0 {
        right = format!(" {troubled} with problems (lektyr check) ·{right}");
    }
    let width = usize::from(area.width);
    let right = truncate(&right, width / 2);
    let right_w = display_width(&right);
    let room = width.saturating_sub(right_w + 1);
    let left = match &app.message {
        Some(m) => format!(" {m}"),
        None => {
            let ctx = app.context();
            let parts: Vec<String> = hints(app)
                .into_iter()
                .filter_map(|(actions, label)| {
                    let keys: Vec<String> = actions
                        .iter()
                        .filter_map(|&a| {
                            // Overlay keys fall through to the global map.
                            let ctx = if ctx == Context::Overlay {
                                Context::Global
                            } else {
                                ctx
                            };
                            app.keymap.hint(a, ctx)
                        })
                        .collect();
                    (!keys.is_empty()).then(|| format!("{} {label}", keys.join("/")))
                })
                .collect();
            // Hints that do not fit are left out whole, never cut.
            let mut line = String::new();
            for part in parts {
                let next = if line.is_empty() {
                    format!(" {part}")
                } else {
                    format!("{line} · {part}")
                };
                if display_width(&next) > room {
                    break;
                }
                line = next;
            }
            line
        }
    };
    let left = truncate(&left, room);
    let left_style = if app.message.is_some() {
        theme.accent
    } else {
        theme.status
    };
    put(buf, area, area.x, area.y, &left, left_style);
    let x = area.right().saturating_sub(right_w as u16);
    let right_style = if troubled > 0 {
        theme.active_topic
    } else {
        theme.status
    };
    put(buf, area, x, area.y, &right, right_style);
}

pub fn too_small(frame: &mut Frame, area: Rect) {
    let buf = frame.buffer_mut();
    let lines = [
        format!("Terminal too small ({}×{})", area.width, area.height),
        format!("lektyr needs {MIN_WIDTH}×{MIN_HEIGHT}"),
    ];
    for (i, line) in lines.iter().enumerate() {
        let y = area.y + i as u16;
        if y >= area.bottom() {
            break;
        }
        let text = truncate(line, usize::from(area.width));
        put(buf, area, area.x, y, &text, Style::new());
    }
}
