//! The interactive terminal: set it up, feed events to the app, draw, and
//! always give the terminal back (`terminal` owns the modes, the panic hook
//! and the signal watcher; this loop only holds the session).

use std::io::IsTerminal;
use std::process::ExitCode;

use ratatui::crossterm::event::{self, Event};
use ratatui::layout::Rect;

use crate::action::Action;

/// How long one piece of idle work may hold the loop.
const IDLE_SLICE: std::time::Duration = std::time::Duration::from_millis(8);
use crate::app::App;
use crate::app::Effect;
use crate::cli::{ColorArg, OpenArgs, load};
use crate::config::{ColorMode, Config};
use crate::keymap::Key;
use crate::state::{Saver, Store};

/// How often the loop wakes without input (to save a moved position, or
/// to repaint after a stop from outside).
const TICK: std::time::Duration = std::time::Duration::from_millis(250);

/// Opens the TUI on an archive (or the built-in sample). Config and load
/// errors are reported before the terminal is touched.
pub fn run(open: &OpenArgs) -> Result<ExitCode, String> {
    let config = crate::config::load(open.config.as_deref()).map_err(|e| e.to_string())?;
    let path = open.archive.clone().or_else(|| config.archive.clone());
    let loaded = load(path.as_deref(), open.format).map_err(|e| format!("error: {e}"))?;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(
            "error: the reader needs a terminal; without one, use `lektyr list`, \
                    `lektyr show ID` or `lektyr snapshot`"
                .to_string(),
        );
    }
    let (w, h) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    let (mut app, mut saver, unknown) =
        remembered_app(open, &config, path.as_deref(), loaded, (w, h));
    crate::cli::warn_unknown_topics(&unknown);
    let mut session = crate::terminal::setup().map_err(|e| format!("error: terminal: {e}"))?;
    let result = (|| -> std::io::Result<()> {
        let size = session.terminal.size()?;
        app.resize(size.width, size.height);
        // Draw only after something changed; idle wake-ups draw nothing.
        let mut repaint = true;
        while !app.should_quit {
            if std::mem::take(&mut repaint) {
                let _screen = crate::terminal::hold();
                session.terminal.draw(|f| crate::ui::draw(f, &app))?;
            }
            // Wait for input, but wake now and then: a moved position waits
            // a moment to be saved (save it when no key comes meanwhile),
            // and after a stop from outside every cell must be repainted.
            let mut wait = saver.timeout().map_or(TICK, |w| w.min(TICK));
            // Idle moments fold the text for search, a few milliseconds at
            // a time, so a key never waits long behind it.
            if app.has_idle_work() && !event::poll(std::time::Duration::ZERO)? {
                let slice = std::time::Instant::now() + IDLE_SLICE;
                // A search waiting for the rest shows its progress.
                repaint |= app.search.pending > 0;
                if app.idle_work(slice) {
                    wait = std::time::Duration::ZERO;
                }
            }
            if !event::poll(wait)? {
                if saver.timeout().is_some_and(|w| w.is_zero()) {
                    saver.flush(&mut app);
                    repaint = true; // a failed save shows in the status line
                }
                if crate::terminal::take_resumed() {
                    let _screen = crate::terminal::hold();
                    session.terminal.clear()?;
                    let size = session.terminal.size()?;
                    app.resize(size.width, size.height);
                    repaint = true;
                }
                continue;
            }
            let mut ev = Some(event::read()?);
            repaint = true;
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
            for effect in app.take_effects() {
                match effect {
                    Effect::Open(url) => {
                        if let Err(why) = crate::open::open_url(&url) {
                            app.message = Some(why);
                        }
                    }
                    Effect::Copy(text) => {
                        use std::io::Write;
                        let mut out = std::io::stdout();
                        let copied = out
                            .write_all(crate::open::osc52(&text).as_bytes())
                            .and_then(|()| out.flush());
                        if let Err(e) = copied {
                            app.message = Some(format!("cannot copy: {e}"));
                        }
                    }
                }
            }
            saver.after_events(&mut app);
        }
        Ok(())
    })();
    // Saved before the terminal is restored: nothing after this can fail
    // in a way that loses marks.
    saver.flush(&mut app);
    drop(session);
    result.map_err(|e| format!("error: terminal: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// The app with the config applied and the archive's remembered state
/// restored, and the saver that keeps it. Warnings (a corrupt state file
/// moved aside, a read-only directory) go to the status line.
fn remembered_app(
    open: &OpenArgs,
    config: &Config,
    path: Option<&std::path::Path>,
    loaded: crate::cli::Loaded,
    (w, h): (u16, u16),
) -> (App, Saver, Vec<String>) {
    let mode = match open.color {
        ColorArg::Auto => config.color,
        ColorArg::Always => ColorMode::Always,
        ColorArg::Never => ColorMode::Never,
    };
    let colours = mode.colours(std::env::var_os("NO_COLOR").as_deref());
    let (store, state, warnings) = match crate::state::resolve_dir(open.state_dir.as_deref()) {
        Some(dir) => {
            let o = crate::cli::open_state(&loaded.archive, path, &dir);
            (o.store, o.state, o.warnings)
        }
        None => {
            let why = "no home directory to keep state in; marks are kept until you quit";
            (
                Store::memory(why),
                Default::default(),
                vec![why.to_string()],
            )
        }
    };
    let (mut app, unknown) = crate::cli::build_app_with_state(
        loaded.archive,
        loaded.source,
        Rect::new(0, 0, w, h),
        &open.filter,
        config,
        colours,
        Some(state),
    );
    if !warnings.is_empty() {
        app.message = Some(format!("warning: {}", warnings.join("; ")));
    }
    (app, Saver::new(store), unknown)
}

/// Whether `ev` is the key bound to suspending; the loop handles that one
/// itself, since it needs the terminal.
fn is_suspend(app: &App, ev: &Event) -> bool {
    let Event::Key(key) = ev else {
        return false;
    };
    Key::from_event(key).and_then(|k| app.keymap.lookup(k, app.context())) == Some(Action::Suspend)
}
