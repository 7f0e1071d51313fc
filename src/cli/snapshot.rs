//! `lektyr snapshot`: the same app and keymap, fed keys headlessly, drawn
//! into a test backend and printed. Tests, bug reports and the README use it.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::app::App;
use crate::keymap::parse_keys;

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

/// Replays `keys` on a `width`×`height` screen and returns the final screen
/// as text (with SGR escapes when `color`).
pub fn render_snapshot(app: &mut App, keys: &str, color: bool) -> Result<String, String> {
    let keys = parse_keys(keys).map_err(|e| format!("--keys: {e}"))?;
    app.wait_series();
    let idle = |app: &mut App| {
        app.idle_work(std::time::Instant::now() + std::time::Duration::from_secs(1));
    };
    for key in keys {
        if app.should_quit {
            break;
        }
        // Between keys, the idle moments a person's pause gives: the text
        // folded for search, a jump to the end or `n` looking on finished.
        // Otherwise the screen would depend on how busy the machine is.
        while app.has_idle_work() {
            idle(app);
        }
        app.handle_key(key);
    }
    // And what the last key set going, as a person would wait for it.
    while (app.laying_out() || app.seeking() || app.search.pending > 0 || app.stats_pending())
        && app.has_idle_work()
    {
        idle(app);
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
