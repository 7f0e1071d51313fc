//! The article list: unread and star marks, date, title and a pull-quote
//! mark per row. Only the rows in the window are drawn, so drawing costs
//! the same at any size.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{pane_block, put};
use crate::app::titles::{compact_date, list_title};
use crate::app::{App, Pane};
use crate::screen::Screen;
use crate::width::{display_width, fit, truncate};

/// `s` cut to `width` cells and padded on the left, so days line up.
fn fit_right(s: &str, width: usize) -> String {
    let s = truncate(s, width);
    let pad = width.saturating_sub(display_width(&s));
    format!("{}{s}", " ".repeat(pad))
}

/// Marks an article that has a pull quote.
pub const PULLQUOTE_MARK: &str = "❝";
/// Marks the selected row (also in monochrome and in plain snapshots).
pub const SELECTED_MARK: &str = "▌";
/// Marks an unread article.
pub const UNREAD_MARK: &str = "•";
/// Marks a starred article.
pub const STAR_MARK: &str = "★";

/// Cells a library's source label takes at most in a row.
const SOURCE_W: usize = 16;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let title = match app.view {
        crate::state::View::All => format!(
            " Articles {}/{} ",
            app.visible.len(),
            app.archive.articles.len()
        ),
        view => format!(
            " Articles {}/{} · {} ",
            app.visible.len(),
            app.archive.articles.len(),
            view.label()
        ),
    };
    let block = pane_block(app, Pane::List, title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let buf = frame.buffer_mut();
    let theme = &app.theme;
    if app.visible.is_empty() {
        let msg: &[&str] = if app.archive.articles.is_empty() {
            &[
                "This archive has no articles.",
                "Add some to its \"articles\" array;",
                "`lektyr check FILE` explains problems.",
            ]
        } else {
            match app.view {
                crate::state::View::All => &[
                    "No article matches the filter.",
                    "a: switch ANY/ALL · c: clear filters",
                ],
                crate::state::View::Unread => {
                    &["No unread article here.", "U: show all · c: clear filters"]
                }
                crate::state::View::Starred => {
                    &["No starred article here.", "s stars one · S: show all"]
                }
                crate::state::View::Highlighted => &[
                    "No article with highlights here.",
                    "v in the reader selects text · V: show all",
                ],
            }
        };
        for (i, line) in msg.iter().enumerate() {
            let text = truncate(line, usize::from(inner.width.saturating_sub(1)));
            put(
                buf,
                inner,
                inner.x + 1,
                inner.y + i as u16,
                &text,
                theme.dim,
            );
        }
        return;
    }
    let height = Screen::inner_height(area);
    let width = usize::from(inner.width);
    // The date as configured while titles keep 40 cells beside it; in a
    // tighter list, compact (`29 Aug`, or the year).
    let (date_w, compact) = crate::screen::list_dates(width, app.date_width);
    let start = app.list.offset.min(app.visible.len());
    let end = (start + height).min(app.visible.len());
    for (row, &index) in app.visible[start..end].iter().enumerate() {
        let y = inner.y + row as u16;
        let Some(article) = app.archive.articles.get(index) else {
            continue;
        };
        let selected = start + row == app.list.selected;
        let base = super::row_style(app, Pane::List, selected);
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), base);
        let mark_w = if article.has_pullquote() { 2 } else { 0 };
        let show_date = width >= 24;
        // A mark in the first column shows the selection without colour.
        if selected {
            put(
                buf,
                inner,
                inner.x,
                y,
                SELECTED_MARK,
                base.patch(theme.accent),
            );
        }
        // Two mark columns after the selection mark: unread, then star.
        if !app.is_read(index) {
            put(
                buf,
                inner,
                inner.x + 1,
                y,
                UNREAD_MARK,
                base.patch(theme.unread),
            );
        }
        if app.is_starred(index) {
            put(
                buf,
                inner,
                inner.x + 2,
                y,
                STAR_MARK,
                base.patch(theme.star),
            );
        }
        let mut x = inner.x + 3;
        if show_date {
            let (text, style) = match &article.date {
                Some(d) if compact => {
                    let short = match &d.day {
                        Some(day) => compact_date(day, app.newest_year.as_deref()),
                        None => d.text.to_string(),
                    };
                    (fit_right(&short, date_w), theme.meta)
                }
                Some(d) => (fit(&app.list_date(d), date_w), theme.meta),
                None if compact => (fit_right("–", date_w), theme.dim),
                None => (fit("undated", date_w), theme.dim),
            };
            x = put(buf, inner, x + 1, y, &text, base.patch(style)) + 1;
        } else {
            x += 1;
        }
        let base = if app.is_read(index) {
            base
        } else {
            base.add_modifier(ratatui::style::Modifier::BOLD)
        };
        // With a search in force, each row ends with its number of hits.
        let hits = app
            .search
            .is_active()
            .then(|| {
                app.search
                    .matches
                    .get(index)
                    .copied()
                    .flatten()
                    .unwrap_or(0)
            })
            .filter(|&n| n > 0)
            .map(|n| format!(" {n}"));
        let hits_w = hits.as_deref().map_or(0, display_width);
        let marks_w = if hits_w > 0 { 2 } else { mark_w };
        // In a library, the article's sources before the marks: `@feed`,
        // `@wallabag,omnivore` for one found in two.
        let source = app
            .archive
            .sources
            .names_of(index)
            .filter(|_| width >= 50)
            .map(|n| truncate(&format!("@{n}"), SOURCE_W));
        // The label and the space before it, left of the mark columns.
        let source_w = source.as_deref().map_or(0, |s| display_width(s) + 1);
        let right = if source.is_some() {
            marks_w.max(2) + hits_w
        } else {
            marks_w + hits_w
        };
        let title_w = width.saturating_sub(usize::from(x - inner.x) + right + source_w + 1);
        let cut = app.series.get(index).copied().unwrap_or(0);
        let title = list_title(&article.title, cut, title_w);
        put(buf, inner, x, y, &title, base);
        if let Some(source) = source {
            let sx = (inner.right() + 1).saturating_sub((right + source_w) as u16);
            put(buf, inner, sx, y, &source, base.patch(theme.meta));
        }
        if let Some(hits) = hits
            && width > hits_w + 2 + 8
        {
            // In a column of their own, before the pull-quote mark's.
            let hx = inner.right() - (2 + hits_w) as u16;
            put(buf, inner, hx, y, &hits, base.patch(theme.meta));
        }
        if mark_w > 0 && width > display_width(PULLQUOTE_MARK) + 1 {
            let mx = inner.right() - 2;
            put(
                buf,
                inner,
                mx,
                y,
                PULLQUOTE_MARK,
                base.patch(theme.pullquote_rule),
            );
        }
    }
    if app.visible.len() > height {
        let window = (app.list.offset, app.visible.len(), height);
        super::reader::scrollbar(frame, area, Pane::List, window, app);
    }
}
