//! The header line, the status line, and the too-small message.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::put;
use crate::action::Action;
use crate::app::{App, Source};
use crate::keymap::{Context, Keymap};
use crate::screen::{MIN_HEIGHT, MIN_WIDTH};
use crate::views::{Hint, Pane};
use crate::width::{display_width, truncate};

/// What the header names: the archive's own title, else the file name.
pub fn archive_name(app: &App) -> String {
    match (&app.archive.title, &app.source) {
        (Some(t), Source::Sample) => format!("{t} (built-in sample)"),
        (None, Source::Sample) => "built-in sample".to_string(),
        (Some(t), Source::File(_) | Source::Stdin) => t.clone(),
        (None, Source::File(f)) => f.clone(),
        (None, Source::Stdin) => "standard input".to_string(),
        (_, Source::Library(labels)) => {
            format!("library of {}: {}", labels.len(), labels.join(", "))
        }
    }
}

/// `s` in at most `width` cells, cut after a whole word and ending in `…`
/// when it does not fit; only a first word wider than `width` is cut
/// inside. A space of `s`'s own stays at its end (the status line's
/// parts keep one from their neighbours).
pub fn cut_at_word(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    let end_space = if s.ends_with(' ') { 1 } else { 0 };
    let room = width.saturating_sub(1 + end_space);
    let mut best: Option<&str> = None;
    for (i, _) in s.match_indices(' ') {
        let head = s[..i].trim_end();
        if head.trim_start().is_empty() {
            continue;
        }
        if display_width(head) > room {
            break;
        }
        best = Some(head);
    }
    match best {
        Some(head) => format!("{head}…{}", " ".repeat(end_space)),
        None => truncate(s, width),
    }
}

/// `path` in at most `width` cells: whole when it fits, else its file
/// name after as many of the directories before it as fit behind `…/`
/// (`…/exports/wallabag.json`); a file name too long even alone is cut at
/// its end.
pub fn shorten_path(path: &str, width: usize) -> String {
    if display_width(path) <= width {
        return path.to_string();
    }
    let parts: Vec<&str> = path.split('/').collect();
    let Some((name, dirs)) = parts.split_last() else {
        return truncate(path, width);
    };
    let mut kept = format!("…/{name}");
    if display_width(&kept) > width {
        return truncate(name, width);
    }
    for dir in dirs.iter().rev() {
        let longer = format!("…/{dir}/{}", &kept["…/".len()..]);
        if display_width(&longer) > width {
            break;
        }
        kept = longer;
    }
    kept
}

/// The active filter in words, e.g. `kundresa + ux (ALL)`.
pub fn filter_label(app: &App) -> Option<String> {
    let names: Vec<&str> = app
        .active_topics()
        .filter_map(|t| app.archive.topics.get(t))
        .map(|t| t.name.as_str())
        .collect();
    // Sources picked in a library come first: `wallabag | omnivore · `.
    let sources: Vec<&str> = app
        .active_sources
        .iter()
        .enumerate()
        .filter(|(_, on)| **on)
        .filter_map(|(s, _)| app.archive.sources.labels.get(s).map(String::as_str))
        .collect();
    let sources = (!sources.is_empty()).then(|| sources.join(" | "));
    if names.is_empty() {
        return sources;
    }
    let joiner = match app.mode {
        crate::app::MatchMode::Any => " | ",
        crate::app::MatchMode::All => " + ",
    };
    let topics = format!("{} ({})", names.join(joiner), app.mode.label());
    Some(match sources {
        Some(s) => format!("{s} · {topics}"),
        None => topics,
    })
}

pub fn header(frame: &mut Frame, area: Rect, app: &App) {
    let buf = frame.buffer_mut();
    let style = app.theme.header;
    buf.set_style(area, style);
    let mut parts = Vec::new();
    // A search speaks first: what it is, and what it found.
    let searching = app.search.prompt.is_some() || app.search.is_active();
    if searching && !app.search.text.is_empty() {
        let n = app.visible.len();
        parts.push(format!(
            "/{} · {n} article{} · {} match{}",
            app.search.text,
            if n == 1 { "" } else { "s" },
            app.search_total(),
            if app.search_total() == 1 { "" } else { "es" },
        ));
    } else {
        parts.push(format!("{} unread", app.unread_total));
    }
    if app.view != crate::state::View::All {
        parts.push(app.view.label().to_string());
    }
    if app.dates.is_set() {
        parts.push(app.dates.label());
    }
    let topics = filter_label(app).map(|f| format!("filter: {f}"));
    let width = usize::from(area.width);
    let room = width.saturating_sub(10).max(width / 2);
    // `all topics` says the least: a header too narrow for it and dates
    // leaves it out rather than cut a word or the archive's name.
    const NAME_KEPT: usize = 24;
    let said = |parts: &[String]| display_width(&format!(" {} ", parts.join(" · ")));
    match topics {
        Some(f) => parts.push(f),
        None => {
            let mut with = parts.clone();
            with.push("all topics".to_string());
            // With dates, it gives way before the archive's name does.
            let name_room = width.saturating_sub(said(&with));
            if !app.dates.is_set() || (said(&with) <= room && name_room >= NAME_KEPT) {
                parts = with;
            }
        }
    }
    let right = format!(" {} ", parts.join(" · "));
    // The filter always shows; the name gives way to it.
    let right = truncate(&right, width.saturating_sub(10).max(width / 2));
    let right_w = display_width(&right);
    const PREFIX: &str = " lektyr · ";
    let name = match (&app.archive.title, &app.source) {
        // A path gives up its directories before its file name.
        (None, Source::File(path)) => {
            let room = width.saturating_sub(right_w + display_width(PREFIX) + 1);
            shorten_path(path, room)
        }
        _ => archive_name(app),
    };
    let left = cut_at_word(&format!("{PREFIX}{name} "), width.saturating_sub(right_w));
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

/// The key hints of the status line in `context`, in the order they are
/// shown: a pane's or a board's own (see [`crate::views`]), else these.
fn hints(context: Context) -> Vec<Hint> {
    use Action::*;
    match context {
        Context::Pane(pane) => pane.parts().hints.to_vec(),
        Context::Board(board) => board.parts().hints.to_vec(),
        Context::Global => Pane::List.parts().hints.to_vec(),
        Context::Overlay => vec![
            (&[Down, Up], "move", 2),
            (&[Activate], "open", 1),
            (&[Back], "close", 0),
        ],
        Context::Selection => vec![
            (&[SelectSentenceNext, SelectSentencePrev], "sentence", 2),
            (&[Down, Up], "line", 4),
            (&[SelectParagraphNext, SelectParagraphPrev], "paragraph", 5),
            (&[SelectOtherEnd], "other end", 3),
            (&[Activate], "highlight", 0),
            (&[Back], "cancel", 1),
        ],
    }
}

/// The hints of `context` as written with `keymap`'s keys (`j/k move`),
/// each with its rank; a hint whose actions have no key is left out.
fn hint_parts(keymap: &Keymap, context: Context) -> Vec<(String, u8)> {
    // Overlay keys fall through to the global map.
    let lookup = if context == Context::Overlay {
        Context::Global
    } else {
        context
    };
    hints(context)
        .into_iter()
        .filter_map(|(actions, label, rank)| {
            let keys: Vec<String> = actions
                .iter()
                .filter_map(|&a| keymap.hint(a, lookup))
                .collect();
            (!keys.is_empty()).then(|| (format!("{} {label}", keys.join("/")), rank))
        })
        .collect()
}

/// The hints that fit in `room` cells, shown in their own order:
/// ` a · b · c`. They are taken by rank, most important first, and the
/// first that does not fit ends the taking: a hint shows only when every
/// more important one does. Hints are left out whole, never cut.
fn fit_hints(parts: &[(String, u8)], room: usize) -> String {
    let mut by_rank: Vec<usize> = (0..parts.len()).collect();
    by_rank.sort_by_key(|&i| parts[i].1);
    let mut kept = vec![false; parts.len()];
    // One leading space, then ` · ` between hints.
    let mut used = 1;
    for i in by_rank {
        let w = display_width(&parts[i].0);
        let extra = if used > 1 { w + 3 } else { w };
        if used + extra > room {
            break;
        }
        used += extra;
        kept[i] = true;
    }
    let shown: Vec<&str> = parts
        .iter()
        .zip(&kept)
        .filter(|(_, k)| **k)
        .map(|((text, _), _)| text.as_str())
        .collect();
    if shown.is_empty() {
        String::new()
    } else {
        format!(" {}", shown.join(" · "))
    }
}

pub fn status(frame: &mut Frame, area: Rect, app: &App) {
    if let Some((prompt, _)) = &app.hl.note {
        let note = " Enter keeps · Esc cancels ".to_string();
        return prompt_line(frame, area, app, ("Note: ", prompt), (note, false));
    }
    if let Some(prompt) = &app.search.prompt {
        return search_prompt(frame, area, app, prompt);
    }
    let buf = frame.buffer_mut();
    let theme = &app.theme;
    let total = app.archive.articles.len();
    let mut right = match app.loading_note() {
        Some(note) => format!(" {note} "),
        None => format!(" {} of {} articles ", app.visible.len(), total),
    };
    let troubled = app.archive.articles_with_problems();
    if troubled > 0 {
        right = format!(" {troubled} with problems (lektyr check) ·{right}");
    }
    let width = usize::from(area.width);
    // The count gives way to the help hint on a narrow line.
    let right = cut_at_word(&right, (width / 2).min(width.saturating_sub(HELP_ROOM)));
    let right_w = display_width(&right);
    let room = width.saturating_sub(right_w + 1);
    let left = match &app.message {
        Some(m) => format!(" {m}"),
        None => fit_hints(&hint_parts(&app.keymap, app.context()), room),
    };
    let left = cut_at_word(&left, room);
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

/// The search prompt on the status line: `/`, the text (its end in view
/// when it is longer than the line), the terminal's cursor in it, and on
/// the right what it found or that it found nothing.
fn search_prompt(frame: &mut Frame, area: Rect, app: &App, prompt: &crate::prompt::Prompt) {
    let note = match &app.search.failed {
        Some(_) => " no match ".to_string(),
        None if app.search.pending > 0 => format!(
            " {} found · searching {}% ",
            app.visible.len(),
            app.search_progress().min(100)
        ),
        None if app.search.is_active() => format!(" {} found ", app.visible.len()),
        None => String::new(),
    };
    prompt_line(
        frame,
        area,
        app,
        ("/", prompt),
        (note, app.search.failed.is_some()),
    );
}

/// A prompt on the status line: `lead`, the text (its end in view when it
/// is longer than the line), the terminal's cursor in it, and `note` on
/// the right (`alarm`: in the warning style).
fn prompt_line(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    (lead, prompt): (&str, &crate::prompt::Prompt),
    (note, alarm): (String, bool),
) {
    let theme = &app.theme;
    let width = usize::from(area.width);
    let note = truncate(&note, width / 3);
    let lead_w = display_width(lead);
    let room = width
        .saturating_sub(display_width(&note) + 1)
        .max(lead_w + 1);
    let text = prompt.text();
    let before = text.get(..prompt.cursor()).unwrap_or(text);
    // Keep the cursor in view: drop characters from the left as needed.
    let mut shown_from = 0;
    while display_width(&before[shown_from..]) + lead_w + 1 > room {
        shown_from += before[shown_from..]
            .chars()
            .next()
            .map_or(1, char::len_utf8);
    }
    let visible = &text[shown_from..];
    let line = truncate(&format!("{lead}{visible}"), room);
    let buf = frame.buffer_mut();
    buf.set_style(area, theme.status);
    put(
        buf,
        area,
        area.x,
        area.y,
        &line,
        theme.status.patch(theme.accent),
    );
    let cursor_x = area.x + (lead_w + display_width(&before[shown_from..])) as u16;
    if !note.is_empty() {
        let style = if alarm {
            theme.active_topic
        } else {
            theme.status
        };
        let x = area.right().saturating_sub(display_width(&note) as u16);
        put(buf, area, x, area.y, &note, style);
    }
    frame.set_cursor_position((cursor_x.min(area.right().saturating_sub(1)), area.y));
}

/// The warnings kept on screen, wrapped, one cell in from each side.
pub fn banner(frame: &mut Frame, area: Rect, app: &App) {
    let buf = frame.buffer_mut();
    buf.set_style(area, app.theme.status);
    let lines = app.banner_lines(area.width);
    let style = app.theme.status.patch(app.theme.accent);
    for (row, line) in lines.iter().take(usize::from(area.height)).enumerate() {
        put(buf, area, area.x + 1, area.y + row as u16, line, style);
    }
}

/// Cells the status line keeps for the hints (` ? help` and a space).
const HELP_ROOM: usize = 8;

/// What the too-small screen says in `width`×`height` cells: the longest
/// message that fits wrapped at spaces with no word cut (down to `!` in a
/// single cell; nothing in no cell).
pub fn too_small_lines(width: u16, height: u16) -> Vec<String> {
    let (w, h) = (usize::from(width), usize::from(height));
    let need = format!("{MIN_WIDTH}×{MIN_HEIGHT}");
    let messages = [
        format!("Terminal too small ({width}×{height}); lektyr needs {need}"),
        format!("Too small ({width}×{height}); needs {need}"),
        format!("Too small; needs {need}"),
        format!("Needs {need}"),
        need,
        "!".to_string(),
    ];
    messages
        .iter()
        .filter(|m| m.split(' ').all(|word| display_width(word) <= w))
        .map(|m| crate::width::wrap_words(m, w))
        .find(|lines| lines.len() <= h)
        .unwrap_or_default()
}

pub fn too_small(frame: &mut Frame, area: Rect) {
    let buf = frame.buffer_mut();
    for (i, line) in too_small_lines(area.width, area.height).iter().enumerate() {
        put(buf, area, area.x, area.y + i as u16, line, Style::new());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hints `fit_hints` kept, read back from the line it gives.
    fn kept(line: &str) -> Vec<&str> {
        match line.strip_prefix(' ') {
            Some(rest) => rest.split(" · ").collect(),
            None => Vec::new(),
        }
    }

    #[test]
    fn the_status_line_is_cut_after_whole_words() {
        let note = " 3 with problems (lektyr check) · 17 of 17 articles ";
        assert_eq!(cut_at_word(note, 60), note);
        assert_eq!(cut_at_word(note, 30), " 3 with problems (lektyr… ");
        assert_eq!(cut_at_word(note, 25), " 3 with problems… ");
        assert_eq!(
            cut_at_word(" Opening https://example.org/a/long/path", 20),
            " Opening…"
        );
        assert_eq!(
            cut_at_word(" https://example.org/a/long/path", 12),
            " https://ex…"
        );
        for w in 0..60 {
            let cut = cut_at_word(note, w);
            assert!(display_width(&cut) <= w, "{w}: {cut:?}");
            let words: Vec<&str> = note.split_whitespace().collect();
            let shown: Vec<&str> = cut
                .trim_end_matches([' ', '…'])
                .split_whitespace()
                .collect();
            if w >= 6 {
                assert!(words.starts_with(&shown), "{w}: {cut:?} cuts a word");
            }
        }
    }

    #[test]
    fn a_long_path_gives_up_its_directories_before_its_file_name() {
        let path = "home/ana/archives/exports/wallabag.json";
        assert_eq!(shorten_path(path, 60), path);
        assert_eq!(shorten_path(path, 39), path);
        assert_eq!(
            shorten_path(path, 38),
            "…/ana/archives/exports/wallabag.json"
        );
        assert_eq!(shorten_path(path, 32), "…/archives/exports/wallabag.json");
        assert_eq!(shorten_path(path, 31), "…/exports/wallabag.json");
        assert_eq!(shorten_path(path, 23), "…/exports/wallabag.json");
        assert_eq!(shorten_path(path, 22), "…/wallabag.json");
        assert_eq!(shorten_path(path, 15), "…/wallabag.json");
        assert_eq!(shorten_path(path, 14), "wallabag.json");
        assert_eq!(shorten_path(path, 8), "wallaba…");
        assert_eq!(shorten_path("/exports/ä.json", 9), "…/ä.json");
        for w in 0..50 {
            assert!(display_width(&shorten_path(path, w)) <= w, "{w}");
        }
    }

    #[test]
    fn hints_are_dropped_strictly_by_rank() {
        let keymap = Keymap::default();
        for context in [
            Context::Pane(Pane::List),
            Context::Pane(Pane::Reader),
            Context::Pane(Pane::Topics),
            Context::Overlay,
        ] {
            let parts = hint_parts(&keymap, context);
            let mut by_rank = parts.clone();
            by_rank.sort_by_key(|p| p.1);
            let by_rank: Vec<&str> = by_rank.iter().map(|p| p.0.as_str()).collect();
            for room in 0..=200 {
                let line = fit_hints(&parts, room);
                assert!(
                    display_width(&line) <= room,
                    "{context:?} at {room}: {line:?}"
                );
                let mut shown = kept(&line);
                // Shown in their own order, so ranked again to compare.
                shown.sort_by_key(|s| by_rank.iter().position(|h| h == s));
                assert_eq!(
                    shown,
                    by_rank[..shown.len()],
                    "{context:?} at {room}: {line:?} skips a more needed hint"
                );
                // And no fewer than fit: the next one would not.
                if let Some(next) = by_rank.get(shown.len()) {
                    let gap = if shown.is_empty() { 1 } else { 3 };
                    assert!(
                        display_width(&line) + gap + display_width(next) > room,
                        "{context:?} at {room}: {line:?} leaves out {next:?} that fits"
                    );
                }
            }
        }
    }
}
