//! The interactive terminal: set it up, feed events to the app, draw, and
//! always give the terminal back (`terminal` owns the modes, the panic hook
//! and the signal watcher; this loop only holds the session).

use std::io::IsTerminal;
use std::process::ExitCode;

use ratatui::crossterm::event::{self, Event};
use ratatui::layout::Rect;

use crate::action::Action;
use crate::app::{App, Effect};
use crate::config::Config;
use crate::keymap::Key;
use crate::open::Options;

/// How long one piece of idle work may hold the loop.
const IDLE_SLICE: std::time::Duration = std::time::Duration::from_millis(8);

/// How often the loop wakes without input (to save a moved position, or
/// to repaint after a stop from outside).
const TICK: std::time::Duration = std::time::Duration::from_millis(250);

/// How often the loop looks for rows while a file is read.
const LOAD_TICK: std::time::Duration = std::time::Duration::from_millis(50);

/// Opens the TUI on an archive (or the built-in sample). Load errors are
/// reported before the terminal is touched.
pub fn run(
    options: &Options,
    config: &Config,
    dates: crate::timeline::DateRange,
) -> Result<ExitCode, String> {
    // Loaded first: a bad archive is an error message, not a blank screen.
    let (w, h) = ratatui::crossterm::terminal::size().unwrap_or((80, 24));
    // With `-` the archive comes on standard input and keys from the
    // terminal itself (crossterm reads them from /dev/tty then).
    let named = crate::open::named_or_config(&options.archives, config);
    let keys = std::io::stdin().is_terminal()
        || (named.contains(&crate::library::Named::Stdin) && controlling_terminal());
    if !std::io::stdout().is_terminal() || !keys {
        // Still load it, so a bad file or topic says so rather than this.
        let loaded = crate::open::load_named(&named, options.read, None)
            .map_err(|e| format!("error: {e}"))?;
        crate::open::check_topics(&loaded.archive, &options.filter.topics)?;
        return Err(
            "error: the reader needs a terminal; without one, use `lektyr list`, \
                    `lektyr show ID` or `lektyr snapshot`"
                .to_string(),
        );
    }
    let opened = crate::open::reader(options, config, Rect::new(0, 0, w, h))
        .map_err(|e| format!("error: {e}"))?;
    // A usage error, so it comes before the terminal is taken over.
    crate::open::check_topics(&opened.app.archive, &options.filter.topics)?;
    let (mut app, mut saver) = (opened.app, opened.saver);
    if dates.is_set() {
        app.set_dates(dates);
    }
    // Written once the first frame is on screen, on a thread of its own.
    let mut cache = opened.cache;
    let mut cache_writer = None;
    // A big file not in the cache: rows arrive while it is read.
    let mut stream = opened.stream;
    // The search index, on its way once every row is in.
    let mut index_job: Option<crate::open::SearchIndexJob> = None;
    let mut index_asked = false;
    let mut load_error = None;
    // Whether a key was pressed (a remembered place is put back when the
    // load ends only if not).
    let mut touched = false;
    let hyperlinks = config.hyperlinks.enabled(|k| std::env::var(k).ok());
    // Files changed on disk while the reader is open are read again (a
    // big file read while it is shown: once it is in).
    let mut watch = if stream.is_none() {
        crate::watch::Watch::new(&named)
    } else {
        None
    };
    let mut session = crate::terminal::setup().map_err(|e| format!("error: terminal: {e}"))?;
    let result = (|| -> std::io::Result<()> {
        let size = session.terminal.size()?;
        app.resize(size.width, size.height);
        // Draw only after something changed; idle wake-ups draw nothing.
        let mut repaint = true;
        while !app.should_quit {
            if let Some(s) = &mut stream {
                match s.poll(&mut app, &mut saver, touched) {
                    Ok(done) => {
                        if done {
                            cache = s.take_cache();
                            stream = None;
                            // Watched from now on, as it is now.
                            watch = crate::watch::Watch::new(&named);
                        }
                    }
                    Err(e) => {
                        load_error = Some(e);
                        break;
                    }
                }
                repaint = true;
            }
            if std::mem::take(&mut repaint) {
                let _screen = crate::terminal::hold();
                let frame = session.terminal.draw(|f| crate::ui::draw(f, &app))?;
                if hyperlinks {
                    let buffer = frame.buffer.clone();
                    let regions = crate::hyperlinks::regions(&app);
                    crate::hyperlinks::write(session.terminal.backend_mut(), &buffer, &regions)?;
                }
                if let Some(write) = cache.take() {
                    cache_writer = write.spawn(std::sync::Arc::clone(&app.archive));
                }
                // Once every row is in, the search index is read or built.
                if stream.is_none()
                    && index_job.is_none()
                    && !index_asked
                    && let [crate::library::Named::Path(path)] = named.as_slice()
                {
                    index_asked = true;
                    index_job = crate::open::search_index(
                        path,
                        options.read,
                        options.cache.as_ref(),
                        &app.archive,
                    );
                }
            }
            // A cache that could not be written says so, once: on screen
            // until dismissed, and again on stderr when the reader closes.
            if let Some(message) = cache_failure(&mut cache_writer) {
                app.warn(message);
                repaint = true;
            }
            if let Some(index) = index_job.as_ref().and_then(|job| job.ready()) {
                app.set_search_index(index);
                index_job = None;
            }
            // Wait for input, but wake now and then: a moved position waits
            // a moment to be saved (save it when no key comes meanwhile),
            // and after a stop from outside every cell must be repainted.
            let mut wait = saver.timeout().map_or(TICK, |w| w.min(TICK));
            if stream.is_some() {
                wait = wait.min(LOAD_TICK);
            }
            // A link number typed in the picker opens after a pause.
            if let Some(at) = app.deadline() {
                wait = wait.min(at.saturating_duration_since(std::time::Instant::now()));
            }
            // Idle moments fold the text for search, a few milliseconds at
            // a time, so a key never waits long behind it.
            if app.has_idle_work() && !event::poll(std::time::Duration::ZERO)? {
                let slice = std::time::Instant::now() + IDLE_SLICE;
                // A search waiting for the rest shows its progress.
                repaint |= app.search.pending > 0
                    || app.laying_out()
                    || app.series_pending()
                    || app.stats_pending();
                if app.idle_work(slice) {
                    wait = std::time::Duration::ZERO;
                }
            }
            // What idle work changed is drawn now, not after a wait for
            // input: the slice that ends a search would otherwise show its
            // final count only a tick later.
            if repaint {
                wait = std::time::Duration::ZERO;
            }
            if !event::poll(wait)? {
                if let Some(w) = &mut watch
                    && let Some(names) = w
                        .changed(std::time::Instant::now())
                        .or_else(|| changed_in_place(&app, w.named()))
                {
                    reread(&mut app, &mut saver, w.named(), options, names);
                    repaint = true;
                }
                if app.tick(std::time::Instant::now()) {
                    apply_effects(&mut app);
                    repaint = true;
                }
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
            touched |= matches!(ev, Some(Event::Key(_) | Event::Mouse(_)));
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
            apply_effects(&mut app);
            saver.after_events(&mut app);
        }
        Ok(())
    })();
    // Saved before the terminal is restored: nothing after this can fail
    // in a way that loses marks. (Left while still reading the file with
    // no key pressed, the session shown is not the one remembered: it
    // stays as it was.)
    if stream.is_none() || touched {
        saver.flush(&mut app);
    }
    drop(session);
    // A cache write that failed as the reader closed is said too; one
    // still going stops where it is (quitting never waits for a big
    // archive's cache) and leaves nothing behind: the next open writes it.
    if let Some(message) = cache_failure(&mut cache_writer) {
        app.warn(message);
    }
    if let Some(writing) = cache_writer.take() {
        writing.stop();
    }
    // What was warned about on screen is said again where it stays.
    for w in app.take_warnings() {
        eprintln!("warning: {w}");
    }
    result.map_err(|e| format!("error: terminal: {e}"))?;
    if let Some(e) = load_error {
        return Err(format!("error: {e}"));
    }
    Ok(ExitCode::SUCCESS)
}

/// Why the cache writer failed, once it has finished (the writer is
/// taken then, so it is said once).
/// Does what the app left for the terminal loop: opens links in the
/// browser, copies to the clipboard; a failure shows on the status line.
fn apply_effects(app: &mut App) {
    for effect in app.take_effects() {
        match effect {
            Effect::Open(url) => {
                if let Err(why) = crate::browser::open_url(&url) {
                    app.message = Some(why);
                }
            }
            Effect::Copy(text) => {
                use std::io::Write;
                let mut out = std::io::stdout();
                let copied = out
                    .write_all(crate::browser::osc52(&text).as_bytes())
                    .and_then(|()| out.flush());
                if let Err(e) = copied {
                    app.message = Some(format!("cannot copy: {e}"));
                }
            }
        }
    }
}

fn cache_failure(writer: &mut Option<crate::open::Writing>) -> Option<String> {
    if !writer.as_ref().is_some_and(|w| w.is_finished()) {
        return None;
    }
    writer.take()?.join().err()
}

/// Whether `ev` is the key bound to suspending; the loop handles that one
/// itself, since it needs the terminal.
fn is_suspend(app: &App, ev: &Event) -> bool {
    let Event::Key(key) = ev else {
        return false;
    };
    Key::from_event(key).and_then(|k| app.keymap.lookup(k, app.context())) == Some(Action::Suspend)
}

/// Whether this process has a terminal to read keys from when standard
/// input is taken by the archive.
fn controlling_terminal() -> bool {
    cfg!(unix)
        && std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/tty")
            .is_ok()
}

/// Reads the library again after `names` changed on disk: marks are saved
/// first, the state is opened again when the set of files changed (a
/// file's marks stay in its own state file), and the reader keeps its
/// place. A read that fails leaves what is on screen and says why.
/// The archive of the article shown, when reading its text found the
/// file's bytes changed where the article was (an edit that kept the size
/// and put the modification time back, which only the checksum tells).
fn changed_in_place(app: &App, named: &[crate::library::Named]) -> Option<Vec<String>> {
    let i = app.selected_article()?;
    if !app.archive.articles.get(i)?.source_changed() {
        return None;
    }
    let name = match app.archive.sources.label_of(i) {
        Some(label) => label.to_string(),
        None => match named {
            [crate::library::Named::Path(p)] => p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
            _ => "the archive".to_string(),
        },
    };
    Some(vec![name])
}

fn reread(
    app: &mut App,
    saver: &mut crate::state::Saver,
    named: &[crate::library::Named],
    options: &Options,
    names: Vec<String>,
) {
    saver.flush(app);
    let loaded = match crate::open::load_named(named, options.read, options.cache.as_ref()) {
        Ok(l) => l,
        Err(e) => {
            app.warn(format!("changed on disk, but not read again: {e}"));
            return;
        }
    };
    let archive = std::sync::Arc::try_unwrap(loaded.archive).unwrap_or_else(|a| (*a).clone());
    let same_sources = archive.sources.labels == app.archive.sources.labels;
    if !same_sources && let Some(dir) = crate::state::resolve_dir(options.state_dir.as_deref()) {
        let opened = crate::open::open_states(&archive, &loaded.origins, &dir);
        *saver = crate::state::Saver::new(opened.store);
        app.adopt(opened.state);
    }
    let said = match names.as_slice() {
        [one] => format!("{one} changed on disk: read again"),
        many => format!("{} files changed on disk: read again", many.len()),
    };
    app.replace_archive(archive, said);
}
