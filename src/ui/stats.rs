//! The statistics view, full screen: per topic (articles, unread and the
//! time they take, as bars), articles per year or month with ratatui's
//! `BarChart` (and one topic's share beside them), articles read per week
//! over the last year, and the top authors, series and sources. Sections
//! side by side on a wide screen, one under another on a narrow one,
//! where PgDn / PgUp bring the next ones up.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, BorderType, Borders, Widget};

use super::put;
use crate::app::App;
use crate::stats::{Named, Stats, WEEKS, duration, hbar};
use crate::timeline::{block, eighths};
use crate::width::{display_width, truncate};

/// Sections of the view, in order: topics, the chart, reading, the tops.
pub const STATS_SECTIONS: usize = 4;
/// From this width the topics sit beside the other sections.
const TWO_COLUMNS: u16 = 110;
/// Cells of a topic row's figures: articles, unread, time left.
const FIGURES: usize = 7 + 8 + 13;
/// Cells a topic's bar keeps at the least: a name gives way first.
const BAR_MIN: usize = 8;

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let block = Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Thick)
        .border_style(app.theme.border_focused)
        .title(" Statistics ")
        .title_style(app.theme.border_focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let buf = frame.buffer_mut();
    if app.stats_pending() {
        let note = "Reading every article's author, series and length once…";
        put(
            buf,
            inner,
            inner.x,
            inner.y,
            &truncate(note, usize::from(inner.width)),
            app.theme.dim,
        );
        return;
    }
    for (section, rect) in layout(app, inner) {
        match section {
            0 => topics(buf, rect, app),
            1 => periods(buf, rect, app),
            2 => reading(buf, rect, app),
            _ => tops(buf, rect, app),
        }
    }
}

/// Where each section shown goes inside the view's border.
fn layout(app: &App, inner: Rect) -> Vec<(usize, Rect)> {
    let stats = &app.stats_view.stats;
    let mut out = Vec::new();
    if inner.width >= TWO_COLUMNS {
        let left_w = inner.width / 2;
        out.push((0, Rect::new(inner.x, inner.y, left_w, inner.height)));
        let right = Rect::new(
            inner.x + left_w + 2,
            inner.y,
            inner.width - left_w - 2,
            inner.height,
        );
        stack(&mut out, right, &[1, 2, 3], stats, inner.height);
        return out;
    }
    let first = app.stats_view.scroll.min(STATS_SECTIONS - 1);
    let sections: Vec<usize> = (first..STATS_SECTIONS).collect();
    stack(&mut out, inner, &sections, stats, inner.height);
    out
}

/// Sections one under another, each as tall as it wants while there is
/// room, a blank row between.
fn stack(out: &mut Vec<(usize, Rect)>, area: Rect, sections: &[usize], stats: &Stats, h: u16) {
    let mut y = area.y;
    for &s in sections {
        let left = area.bottom().saturating_sub(y);
        if left < 3 {
            break;
        }
        let want = match s {
            // A narrow screen keeps room for the chart under the topics.
            0 => (4 + stats.topics.len() as u16).min((h / 2).max(6)),
            1 => 10,
            2 => 3,
            _ => tops_height(stats, area.width),
        };
        let take = want.min(left);
        out.push((s, Rect::new(area.x, y, area.width, take)));
        y += take + 1;
    }
}

fn title(buf: &mut Buffer, area: Rect, text: &str, app: &App) {
    put(buf, area, area.x, area.y, text, app.theme.heading);
}

/// The parts of a line joined by ` · ` that fit in `room`, each whole.
fn fit(parts: &[String], room: usize) -> String {
    let mut out = String::new();
    for p in parts {
        let next = if out.is_empty() {
            p.clone()
        } else {
            format!("{out} · {p}")
        };
        if display_width(&next) > room {
            break;
        }
        out = next;
    }
    out
}

fn topics(buf: &mut Buffer, area: Rect, app: &App) {
    let stats = &app.stats_view.stats;
    let theme = &app.theme;
    let width = usize::from(area.width);
    let parts = stats.summary();
    put(
        buf,
        area,
        area.x,
        area.y,
        &fit(&parts, width),
        theme.heading,
    );
    if stats.topics.is_empty() {
        put(buf, area, area.x, area.y + 1, "No topics", theme.dim);
        return;
    }
    let name_w = stats
        .topics
        .iter()
        .map(|t| display_width(&t.name))
        .max()
        .unwrap_or(0)
        .min(width.saturating_sub(1 + BAR_MIN + FIGURES + 1));
    let bar_w = width.saturating_sub(name_w + 1 + FIGURES + 1);
    let head = format!(
        "{:w$}{:>7}{:>8}{:>13}",
        "",
        "all",
        "unread",
        "time left",
        w = name_w + 1 + bar_w
    );
    put(buf, area, area.x, area.y + 1, &head, theme.dim);
    // Rows: a window that keeps the selected one in view.
    let rows = usize::from(area.height.saturating_sub(3));
    let selected = app.stats_view.selected;
    let start = selected.saturating_sub(rows.saturating_sub(1));
    let max = stats.topics.iter().map(|t| t.articles).max().unwrap_or(0);
    for (k, t) in stats.topics.iter().enumerate().skip(start).take(rows) {
        let y = area.y + 2 + (k - start) as u16;
        let name_style = if k == selected {
            theme.selection
        } else if app.active.get(t.topic).copied().unwrap_or(false) {
            theme.active_topic
        } else {
            Style::new()
        };
        let name = truncate(&t.name, name_w);
        let pad = name_w.saturating_sub(display_width(&name));
        put(
            buf,
            area,
            area.x,
            y,
            &format!("{name}{}", " ".repeat(pad)),
            name_style,
        );
        let bx = area.x + (name_w + 1) as u16;
        // The articles' bar, the unread ones' whole cells over its start
        // (to the nearest cell, one at least when any is unread).
        let bar = hbar(t.articles, max, bar_w);
        put(buf, area, bx, y, &bar, theme.dim);
        let cells = display_width(&bar);
        let unread = (t.unread * bar_w * 2 + max)
            .checked_div(2 * max)
            .unwrap_or(0)
            .max(usize::from(t.unread > 0))
            .min(cells);
        put(buf, area, bx, y, &"█".repeat(unread), theme.unread);
        let figures = format!(
            "{:>7}{:>8}{:>13}",
            t.articles,
            t.unread,
            duration(t.unread_minutes)
        );
        put(buf, area, bx + bar_w as u16, y, &figures, Style::new());
    }
    if let Some(t) = stats.topics.get(selected) {
        let shown = (stats.topics.len() - start).min(rows) as u16;
        let y = area.y + 2 + shown;
        let said = format!("{} unread in {}", duration(t.unread_minutes), t.name);
        put(buf, area, area.x, y, &truncate(&said, width), theme.accent);
    }
}

/// The articles-per-period chart: the title and ratatui's `BarChart`,
/// with each bar's height worked out here in eighths of a cell, rounded
/// up, so a period with an article never shows an empty bar.
fn periods(buf: &mut Buffer, area: Rect, app: &App) {
    let stats = &app.stats_view.stats;
    let theme = &app.theme;
    let per = if stats.by_month { "month" } else { "year" };
    if stats.periods.is_empty() {
        title(buf, area, &format!("Articles per {per}"), app);
        put(
            buf,
            area,
            area.x,
            area.y + 1,
            "No article is dated",
            theme.dim,
        );
        return;
    }
    let chart = chart_area(area);
    let layout = ChartLayout::fit(stats, chart.width);
    let shown = &stats.periods[stats.periods.len() - layout.periods..];
    let max = shown.iter().map(|p| p.articles).max().unwrap_or(0);
    let (a, b) = (&shown[0].label, &shown[shown.len() - 1].label);
    let span = if a == b {
        a.clone()
    } else {
        format!("{a} – {b}")
    };
    let mut parts = vec![format!("Articles per {per}"), span];
    if let Some(t) = &stats.share_topic {
        parts.push(format!("{t} beside"));
    }
    parts.push(format!("most {max}"));
    title(buf, area, &fit(&parts, usize::from(area.width)), app);
    chart_widget(stats, shown, &layout, chart.height, theme).render(chart, buf);
}

/// The rows under a section's title.
fn chart_area(area: Rect) -> Rect {
    Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(1),
    )
}

/// How the chart's bars fit a width: how many periods (the latest), how
/// wide a bar, and whether their labels fit under them.
#[derive(Debug, Clone, Copy)]
pub struct ChartLayout {
    pub periods: usize,
    pub bar_width: u16,
    pub labels: bool,
}

impl ChartLayout {
    pub fn fit(stats: &Stats, width: u16) -> ChartLayout {
        let per_group = if stats.share_topic.is_some() { 2 } else { 1 };
        let (inner_gap, group_gap) = Self::gaps(per_group);
        let n = stats.periods.len().max(1);
        let width = usize::from(width);
        // A group at its narrowest: bars a cell wide and their gaps.
        let narrowest = per_group + (per_group - 1) * inner_gap + group_gap;
        let periods = n.min(((width + group_gap) / narrowest).max(1));
        let room = (width + group_gap) / periods;
        let bar_width =
            (room.saturating_sub(group_gap + (per_group - 1) * inner_gap) / per_group).clamp(1, 6);
        let label_w = stats
            .periods
            .iter()
            .map(|p| short_label(&p.label, stats.by_month).len())
            .max()
            .unwrap_or(0);
        ChartLayout {
            periods,
            bar_width: bar_width as u16,
            labels: label_w <= bar_width * per_group + (per_group - 1) * inner_gap,
        }
    }

    /// The gaps between a group's bars and between groups: with a share
    /// beside each bar, a gap keeps the two apart without colour.
    fn gaps(per_group: usize) -> (usize, usize) {
        if per_group > 1 { (1, 2) } else { (0, 1) }
    }
}

/// Under a bar: the year, or the month's name.
fn short_label(label: &str, by_month: bool) -> String {
    if by_month {
        label.split(' ').next().unwrap_or(label).to_string()
    } else {
        label.to_string()
    }
}

/// A bar's value as the chart takes it: `count` against `max` in eighths
/// of the `ticks` a full bar has, rounded up.
pub fn chart_ticks(count: usize, max: usize, ticks: u64) -> u64 {
    if count == 0 || max == 0 {
        return 0;
    }
    ((count.min(max) as u64) * ticks)
        .div_ceil(max as u64)
        .max(1)
}

fn chart_widget<'a>(
    stats: &Stats,
    shown: &'a [crate::stats::Period],
    layout: &ChartLayout,
    height: u16,
    theme: &crate::theme::Theme,
) -> BarChart<'a> {
    let bars_h = height.saturating_sub(u16::from(layout.labels));
    let ticks = u64::from(bars_h) * 8;
    let max = shown.iter().map(|p| p.articles).max().unwrap_or(0);
    let (inner_gap, group_gap) = ChartLayout::gaps(if stats.share_topic.is_some() { 2 } else { 1 });
    let mut chart = BarChart::default()
        .bar_width(layout.bar_width)
        .bar_gap(inner_gap as u16)
        .group_gap(group_gap as u16)
        .max(ticks.max(1))
        .label_style(theme.dim);
    for p in shown {
        // Values are drawn by their height only; the title gives the most.
        let mut bars = vec![
            Bar::default()
                .value(chart_ticks(p.articles, max, ticks))
                .text_value(String::new())
                .style(theme.accent),
        ];
        if let Some(share) = p.share {
            bars.push(
                Bar::default()
                    .value(chart_ticks(share, max, ticks))
                    .text_value(String::new())
                    .style(theme.active_topic),
            );
        }
        let mut group = BarGroup::new(bars);
        if layout.labels {
            group = group.label(Line::from(short_label(&p.label, stats.by_month)));
        }
        chart = chart.data(group);
    }
    chart
}

fn reading(buf: &mut Buffer, area: Rect, app: &App) {
    let r = &app.stats_view.stats.reading;
    let theme = &app.theme;
    title(buf, area, "Your reading: articles read per week", app);
    let width = usize::from(area.width);
    let weeks = &r.weeks[WEEKS.saturating_sub(width)..];
    let max = weeks.iter().copied().max().unwrap_or(0);
    let row: String = weeks.iter().map(|&n| block(eighths(n, max))).collect();
    put(buf, area, area.x, area.y + 1, &row, theme.accent);
    let total: usize = weeks.iter().sum();
    let parts = [
        format!("{total} in the last {} weeks", weeks.len()),
        format!("{} earlier or unknown", r.before),
        format!("most {max} a week"),
    ];
    put(
        buf,
        area,
        area.x,
        area.y + 2,
        &fit(&parts, width),
        theme.dim,
    );
}

/// The top lists shown, with their titles.
fn top_lists(stats: &Stats) -> Vec<(&'static str, &[Named])> {
    let mut lists: Vec<(&'static str, &[Named])> = vec![
        ("Top authors", &stats.authors),
        ("Top series", &stats.series),
    ];
    if !stats.sources.is_empty() {
        lists.push(("Top sources", &stats.sources));
    }
    lists
}

fn tops_height(stats: &Stats, width: u16) -> u16 {
    let lists = top_lists(stats);
    let tall = |l: &[Named]| 1 + l.len().max(1) as u16;
    if width >= 80 {
        lists.iter().map(|(_, l)| tall(l)).max().unwrap_or(1)
    } else {
        lists.iter().map(|(_, l)| tall(l) + 1).sum::<u16>() - 1
    }
}

fn tops(buf: &mut Buffer, area: Rect, app: &App) {
    let stats = &app.stats_view.stats;
    let lists = top_lists(stats);
    let side_by_side = area.width >= 80;
    let col_w = if side_by_side {
        (area.width + 2) / lists.len() as u16 - 2
    } else {
        area.width
    };
    let mut x = area.x;
    let mut y = area.y;
    for (name, rows) in lists {
        let col = Rect::new(x, y, col_w, area.bottom().saturating_sub(y));
        top_list(buf, col, name, rows, app);
        if side_by_side {
            x += col_w + 2;
        } else {
            y += 2 + rows.len().max(1) as u16;
            if y >= area.bottom() {
                break;
            }
        }
    }
}

fn top_list(buf: &mut Buffer, area: Rect, name: &str, rows: &[Named], app: &App) {
    let theme = &app.theme;
    title(buf, area, name, app);
    if rows.is_empty() {
        put(buf, area, area.x, area.y + 1, "none", theme.dim);
        return;
    }
    let max = rows.iter().map(|r| r.articles).max().unwrap_or(0);
    let width = usize::from(area.width);
    let bar_w = (width / 4).clamp(1, 12);
    let count_w = 5;
    let name_w = width.saturating_sub(bar_w + count_w + 1);
    for (k, r) in rows.iter().enumerate() {
        let y = area.y + 1 + k as u16;
        put(
            buf,
            area,
            area.x,
            y,
            &truncate(&r.name, name_w),
            Style::new(),
        );
        let x = area.x + name_w as u16;
        put(
            buf,
            area,
            x,
            y,
            &format!("{:>count_w$} ", r.articles),
            Style::new(),
        );
        put(
            buf,
            area,
            x + count_w as u16 + 1,
            y,
            &hbar(r.articles, max, bar_w),
            theme.accent,
        );
    }
}

/// The topic row (of `stats.topics`) under a cell of the view, if any.
pub fn stats_topic_at(app: &App, board: Rect, x: u16, y: u16) -> Option<usize> {
    let inner = Rect::new(
        board.x + 1,
        board.y + 1,
        board.width.saturating_sub(2),
        board.height.saturating_sub(2),
    );
    let (_, area) = layout(app, inner).into_iter().find(|(s, _)| *s == 0)?;
    if x < area.x || x >= area.right() || y < area.y + 2 || y + 1 >= area.bottom() {
        return None;
    }
    let rows = usize::from(area.height.saturating_sub(3));
    let start = app
        .stats_view
        .selected
        .saturating_sub(rows.saturating_sub(1));
    let k = start + usize::from(y - area.y - 2);
    (k < app.stats_view.stats.topics.len()).then_some(k)
}
