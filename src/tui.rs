//! The interactive terminal: set it up, feed events to the app, draw, and
//! always give the terminal back (`terminal` owns the modes, the panic hook
//! and the signal watcher; this loop only holds the session).

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use ratatui::crossterm::event::{self, Event};
use ratatui::layout::Rect;

use crate::action::Action;
use crate::cli::{FilterArgs, load};
use crate::keymap::Key;

/// Opens the TUI on an archive (or the built-in sample). Load errors are
/// reported before the terminal is touched.
pub fn run(path: Option<&Path>, filter: &FilterArgs) -> Result<ExitCode, String> {
    let loaded = load(path).map_err(|e| format!("error: {e}"))?;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(
            "error: the reader needs a terminal; without one, use `lektyr list`, \
                    `lektyr show ID` or `lektyr snapshot`"
                .to_string(),
        );
    }
    let (w, h) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let (mut app, unknown) =
        crate::cli::build_app(loaded.archive, loaded.source, Rect::new(0, 0, w, h), filter);
    crate::cli::warn_unknown_topics(&unknown);
    let mut session = crate::terminal::setup().map_err(|e| format!("error: terminal: {e}"))?;
    let result = (|| -> std::io::Result<()> {
        let size = session.terminal.size()?;
        app.resize(size.width, size.height);
        while !app.should_quit {
            {
                let _screen = crate::terminal::hold();
                session.terminal.draw(|f| crate::ui::draw(f, &app))?;
            }
            let mut ev = Some(event::read()?);
            // Drain what is already queued before drawing again, so a burst
            // of key repeats costs one frame.
            while let Some(e) = ev.take() {
                if is_suspend(&app, &e) {
                    crate::terminal::suspend(&mut session)?;
                    // The size may have changed while stopped.
                    let size = session.terminal.size()?;
                    app.resize(size.width, size.height);
                    break;
                }
                app.handle_event(&e);
                if !app.should_quit && event::poll(std::time::Duration::ZERO)? {
                    ev = Some(event::read()?);
                }
            }
        }
        Ok(())
    })();
    drop(session);
    result.map_err(|e| format!("error: terminal: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// Whether `ev` is the key bound to suspending; the loop handles that one
/// itself, since it needs the terminal.
fn is_suspend(app: &crate::app::App, ev: &Event) -> bool {
    let Event::Key(key) = ev else {
        return false;
    };
    Key::from_event(key).and_then(|k| app.keymap.lookup(k, app.context())) == Some(Action::Suspend)
}
