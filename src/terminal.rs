//! The terminal's modes: entering and leaving raw mode, the alternate screen
//! and mouse capture, and giving the terminal back whatever happens — normal
//! exit, error, panic, SIGTERM/SIGHUP/SIGINT — plus Ctrl-z suspend and resume.

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, Once, PoisonError, TryLockError};
use std::time::Duration;

use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::{DefaultTerminal, Terminal, backend::CrosstermBackend};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGTSTP};
use signal_hook::iterator::{Handle, Signals};

/// Signals that end lektyr after the terminal is given back.
pub const FATAL_SIGNALS: [i32; 3] = [SIGTERM, SIGHUP, SIGINT];

/// Set when setup asks lektyr to panic right after the terminal is set up,
/// so a test can see the panic message printed after the terminal is given
/// back (a panic cannot be caused from outside the process any other way).
pub const TEST_PANIC_ENV: &str = "LEKTYR_TEST_PANIC";

/// Whether the terminal is in lektyr's modes now; makes `leave` idempotent,
/// which matters: leaving the alternate screen twice moves the cursor back
/// over whatever the first leave let print (a panic message, say).
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Held while the screen is written, so a signal that restores the terminal
/// never lands in the middle of a frame.
static SCREEN: Mutex<()> = Mutex::new(());

/// Set when lektyr was stopped from outside (`kill -TSTP`) and continued:
/// the loop must repaint every cell.
static RESUMED: AtomicBool = AtomicBool::new(false);

/// Whether lektyr was stopped and continued since the last call.
pub fn take_resumed() -> bool {
    RESUMED.swap(false, Ordering::SeqCst)
}

/// Takes the screen lock; a poisoned lock is still a lock.
pub fn hold() -> MutexGuard<'static, ()> {
    SCREEN.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The screen lock if it comes within a moment: a frame stuck writing to
/// a terminal that no longer reads must not keep a signal from ending
/// lektyr.
fn hold_briefly() -> Option<MutexGuard<'static, ()>> {
    for _ in 0..50 {
        match SCREEN.try_lock() {
            Ok(guard) => return Some(guard),
            Err(TryLockError::Poisoned(p)) => return Some(p.into_inner()),
            Err(TryLockError::WouldBlock) => std::thread::sleep(Duration::from_millis(4)),
        }
    }
    None
}

/// Raw mode, alternate screen, mouse capture. Undone by [`leave`].
pub fn enter() -> io::Result<()> {
    ACTIVE.store(true, Ordering::SeqCst);
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)
}

/// Gives the terminal back: mouse capture off, main screen, cursor shown,
/// cooked mode. Every step is tried even if one fails; the first error is
/// returned. Does nothing when the terminal is not in lektyr's modes.
pub fn leave() -> io::Result<()> {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return Ok(());
    }
    let mut out = io::stdout();
    let mouse = execute!(out, DisableMouseCapture);
    let screen = execute!(out, LeaveAlternateScreen, cursor::Show);
    let raw = disable_raw_mode();
    mouse.and(screen).and(raw)
}

/// The terminal while lektyr owns it. Dropping it gives the terminal back
/// and stops watching for signals.
pub struct Session {
    pub terminal: DefaultTerminal,
    signals: Handle,
}

impl Drop for Session {
    fn drop(&mut self) {
        self.signals.close();
        let _screen = hold();
        let _ = leave();
    }
}

/// Takes the terminal: installs the panic hook, starts the signal watcher,
/// enters raw mode, the alternate screen and mouse capture.
pub fn setup() -> io::Result<Session> {
    install_panic_hook();
    let signals = watch_signals()?;
    let started = enter().and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())));
    let terminal = match started {
        Ok(t) => t,
        Err(e) => {
            signals.close();
            let _ = leave();
            return Err(e);
        }
    };
    let session = Session { terminal, signals };
    if std::env::var_os(TEST_PANIC_ENV).is_some_and(|v| v == "1") {
        panic!("{TEST_PANIC_ENV}=1: panicking on purpose after terminal setup");
    }
    Ok(session)
}

/// Ctrl-z: gives the terminal back, stops the process as the shell's own
/// Ctrl-z would, and once continued (`fg`) takes the terminal again and
/// clears it so the next draw repaints every cell.
pub fn suspend(session: &mut Session) -> io::Result<()> {
    {
        let _screen = hold();
        leave()?;
    }
    // Stop as SIGTSTP's default action would (by SIGSTOP), without going
    // through lektyr's own SIGTSTP watcher; continues on SIGCONT (`fg`).
    signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
    let _screen = hold();
    enter()?;
    session.terminal.clear()
}

/// Restores the terminal before the default hook prints the panic message,
/// so the message lands on the main screen in cooked mode.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // Not `hold()`: the panicking thread may own the lock.
            let _ = leave();
            previous(info);
        }));
    });
}

/// A thread that waits for signals. A fatal one gives the terminal back and
/// exits with 128 + the signal number, as a shell reports a killed process.
/// SIGTSTP from outside (`kill -TSTP`; Ctrl-z arrives as a key instead)
/// gives the terminal back, stops, and on SIGCONT takes it again and asks
/// the loop to repaint.
fn watch_signals() -> io::Result<Handle> {
    let mut signals = Signals::new(FATAL_SIGNALS.iter().copied().chain([SIGTSTP]))?;
    let handle = signals.handle();
    std::thread::Builder::new()
        .name("lektyr-signals".into())
        .spawn(move || {
            // `forever` ends when the session closes the handle.
            for signal in signals.forever() {
                if signal == SIGTSTP {
                    let was_active = ACTIVE.load(Ordering::SeqCst);
                    {
                        let _screen = hold_briefly();
                        let _ = leave();
                    }
                    let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
                    if was_active {
                        let _screen = hold_briefly();
                        let _ = enter();
                        RESUMED.store(true, Ordering::SeqCst);
                    }
                    continue;
                }
                let _screen = hold_briefly();
                let _ = leave();
                std::process::exit(128 + signal);
            }
        })?;
    Ok(handle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaving_when_not_entered_writes_nothing_and_succeeds() {
        // Not in lektyr's modes: must be a no-op, whatever stdout is.
        assert!(!ACTIVE.load(Ordering::SeqCst));
        assert!(leave().is_ok());
        assert!(!ACTIVE.load(Ordering::SeqCst));
    }
}
