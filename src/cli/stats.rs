//! `lektyr stats`: the statistics view's numbers as text with small bar
//! charts, or as JSON, for the articles `list` would print with the same
//! --topic, --since, --until and --search.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use ratatui::layout::Rect;

use super::common::{CmdResult, Load, Selection, fail, print_out};
use super::{ReadArgs, build_app};
use crate::stats::{Base, Input, Named, Stats, WEEKS, duration, hbar};
use crate::timeline::{block, eighths};
use crate::width::{display_width, truncate};

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// Print the numbers as JSON
    #[arg(long)]
    pub json: bool,
    /// Read the read marks from DIR (default: $LEKTYR_STATE_DIR, else the
    /// platform data directory)
    #[arg(long, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Columns the text is laid out in.
const WIDTH: usize = 72;

pub fn run(args: StatsArgs, load: &Load<'_>) -> CmdResult {
    let (loaded, query) = args.selection.load(load)?;
    // The read marks the reader keeps (only read: nothing is written).
    let state = crate::state::resolve_dir(args.state_dir.as_deref())
        .map(|dir| super::highlights::own_state(&loaded.archive, &loaded.origins, &dir));
    let (mut app, _) = build_app(
        loaded.archive,
        loaded.source,
        Rect::new(0, 0, 80, 24),
        &args.selection.filter,
    );
    if let Some(state) = state {
        app.take_marks(state);
    }
    let archive = &app.archive;
    let chosen = super::common::chosen(&app, query.as_ref());
    let base = Base::new(archive);
    let read_at = app.read_times();
    let stats = Stats::compute(&Input {
        archive,
        base: &base,
        timeline: &app.timeline,
        articles: &chosen,
        read: &app.read,
        read_at: &read_at,
        share: None,
        now: crate::state::now(),
    });
    if args.json {
        let mut text = serde_json::to_string_pretty(&stats).map_err(fail)?;
        text.push('\n');
        print_out(&text)?;
    } else {
        print_out(&text(&stats))?;
    }
    Ok(if query.is_some() && chosen.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `name` in `width` cells, padded.
fn cell(name: &str, width: usize) -> String {
    let name = truncate(name, width);
    let pad = width.saturating_sub(display_width(&name));
    format!("{name}{}", " ".repeat(pad))
}

/// The numbers as the command prints them.
pub fn text(s: &Stats) -> String {
    let mut out = String::new();
    out.push_str(&s.summary().join(" · "));
    out.push('\n');
    if !s.topics.is_empty() {
        let name_w = s
            .topics
            .iter()
            .map(|t| display_width(&t.name))
            .max()
            .unwrap_or(0)
            .min(20);
        let bar_w = WIDTH.saturating_sub(name_w + 1 + 28 + 1).min(24);
        let max = s.topics.iter().map(|t| t.articles).max().unwrap_or(0);
        out.push_str(&format!(
            "\nPer topic\n{:w$}{:>7}{:>8}{:>13}\n",
            "",
            "all",
            "unread",
            "time left",
            w = name_w + 1 + bar_w
        ));
        for t in &s.topics {
            out.push_str(&format!(
                "{} {}{:>7}{:>8}{:>13}\n",
                cell(&t.name, name_w),
                cell(&hbar(t.articles, max, bar_w), bar_w),
                t.articles,
                t.unread,
                duration(t.unread_minutes)
            ));
        }
    }
    if !s.periods.is_empty() {
        let per = if s.by_month { "month" } else { "year" };
        out.push_str(&format!("\nArticles per {per}\n"));
        let rows: Vec<Named> = s
            .periods
            .iter()
            .map(|p| Named {
                name: p.label.clone(),
                articles: p.articles,
            })
            .collect();
        out.push_str(&bars(&rows));
    }
    let r = &s.reading;
    let max = r.weeks.iter().copied().max().unwrap_or(0);
    let row: String = r.weeks.iter().map(|&n| block(eighths(n, max))).collect();
    let recent: usize = r.weeks.iter().sum();
    out.push_str("\nYour reading: articles read per week\n");
    if recent > 0 {
        out.push_str(row.trim_end());
        out.push('\n');
    }
    out.push_str(&format!(
        "{recent} in the last {WEEKS} weeks · most {max} a week · {} before or at no known time\n",
        r.before
    ));
    for (title, rows) in [
        ("Top authors", &s.authors),
        ("Top series", &s.series),
        ("Top sources", &s.sources),
    ] {
        if title == "Top sources" && rows.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{title}\n"));
        if rows.is_empty() {
            out.push_str("none\n");
        } else {
            out.push_str(&bars(rows));
        }
    }
    out
}

/// Rows of a name, a bar and a count.
fn bars(rows: &[Named]) -> String {
    let name_w = rows
        .iter()
        .map(|r| display_width(&r.name))
        .max()
        .unwrap_or(0)
        .min(30);
    let max = rows.iter().map(|r| r.articles).max().unwrap_or(0);
    let bar_w = 24;
    rows.iter()
        .map(|r| {
            format!(
                "{} {} {}\n",
                cell(&r.name, name_w),
                cell(&hbar(r.articles, max, bar_w), bar_w),
                r.articles
            )
        })
        .collect()
}
