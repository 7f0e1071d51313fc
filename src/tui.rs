//! The interactive terminal: set it up, feed events to the app, draw, and
//! always give the terminal back (ratatui's `init` installs a panic hook
//! that restores it before the panic message prints).

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

use crate::cli::{FilterArgs, load};

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
    let mut terminal = ratatui::init();
    let _ = execute!(std::io::stdout(), EnableMouseCapture);
    let result = (|| -> std::io::Result<()> {
        let size = terminal.size()?;
        app.resize(size.width, size.height);
        while !app.should_quit {
            terminal.draw(|f| crate::ui::draw(f, &app))?;
            let ev = event::read()?;
            app.handle_event(&ev);
            // Drain what is already queued before drawing again, so a burst
            // of key repeats costs one frame.
            while !app.should_quit && event::poll(std::time::Duration::ZERO)? {
                app.handle_event(&event::read()?);
            }
        }
        Ok(())
    })();
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    result.map_err(|e| format!("error: terminal: {e}"))?;
    Ok(ExitCode::SUCCESS)
}
