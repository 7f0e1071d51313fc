//! `lektyr snapshot`: the same app and keymap, fed keys headlessly, drawn
//! into a test backend and printed. Tests, bug reports and the README use it.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

use std::path::Path;

use crate::app::{App, MatchMode, Source};
use crate::archive::Archive;
use crate::config::Config;
use crate::keymap::parse_keys;
use crate::state::{ArchiveKey, ArchiveState, Opened, Store, View};

use super::{FilterArgs, MatchArg};

/// Parses `WxH` (e.g. `80x24`).
pub fn parse_size(s: &str) -> Result<(u16, u16), String> {
    let (w, h) = s
        .split_once(['x', 'X', '×'])
        .ok_or_else(|| format!("size `{s}` is not WIDTHxHEIGHT, e.g. 80x24"))?;
    let num = |v: &str| {
        v.trim()
            .parse::<u16>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| format!("size `{s}`: `{v}` is not a number from 1 to 1000"))
    };
    Ok((num(w)?, num(h)?))
}

/// Builds the app the way the TUI does: filters from the command line.
/// Returns the app and the topics that matched nothing.
pub fn build_app(
    archive: Archive,
    source: Source,
    area: Rect,
    filter: &FilterArgs,
) -> (App, Vec<String>) {
    build_app_with_state(
        archive,
        source,
        area,
        filter,
        &Config::default(),
        true,
        None,
    )
}

/// Builds the app with a config applied (`colours`: whether the theme keeps
/// its colours) and a remembered state restored. Topics named on the
/// command line replace the remembered ones.
pub fn build_app_with_state(
    archive: Archive,
    source: Source,
    area: Rect,
    filter: &FilterArgs,
    config: &Config,
    colours: bool,
    state: Option<ArchiveState>,
) -> (App, Vec<String>) {
    let mut app = App::new(archive, source, area);
    app.theme = if colours {
        config.theme.clone()
    } else {
        config.theme.without_colour()
    };
    app.keymap = config.keymap();
    app.measure = config.measure;
    app.set_date_format(config.date_format.clone());
    app.search.fold_marks = config.search_folds_diacritics;
    let restored = state.is_some();
    if let Some(state) = state {
        app.restore(state);
    }
    if !config.show_read && app.view == View::All {
        app.set_view(View::Unread);
    }
    if !restored || !filter.topics.is_empty() {
        app.mode = match filter.mode {
            MatchArg::Any => MatchMode::Any,
            MatchArg::All => MatchMode::All,
        };
        if !filter.topics.is_empty() {
            app.active.iter_mut().for_each(|a| *a = false);
        }
    }
    let unknown = app
        .preselect_topics(&filter.topics)
        .into_iter()
        .map(str::to_string)
        .collect();
    app.dirty = None;
    (app, unknown)
}

/// Opens the remembered state of an archive (`path`; the sample when
/// `None`) in the state directory `dir`.
pub fn open_state(archive: &Archive, path: Option<&Path>, dir: &Path) -> Opened {
    let key = path.map_or(ArchiveKey::Sample, ArchiveKey::for_path);
    let ids: Vec<String> = archive.articles.iter().map(|a| a.id.clone()).collect();
    Store::open(dir, &key, &ids)
}

/// Replays `keys` on a `width`×`height` screen and returns the final screen
/// as text (with SGR escapes when `color`).
pub fn render_snapshot(app: &mut App, keys: &str, color: bool) -> Result<String, String> {
    let keys = parse_keys(keys).map_err(|e| format!("--keys: {e}"))?;
    for key in keys {
        if app.should_quit {
            break;
        }
        app.handle_key(key);
    }
    let area = app.area;
    let mut terminal = match Terminal::new(TestBackend::new(area.width, area.height)) {
        Ok(t) => t,
        Err(never) => match never {},
    };
    if let Err(never) = terminal.draw(|f| crate::ui::draw(f, app)) {
        match never {}
    }
    Ok(crate::ansi::buffer(terminal.backend().buffer(), color))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("80x24"), Ok((80, 24)));
        assert_eq!(parse_size("200X60"), Ok((200, 60)));
        assert!(parse_size("80").is_err());
        assert!(parse_size("0x10").is_err());
        assert!(parse_size("axb").is_err());
    }
}
