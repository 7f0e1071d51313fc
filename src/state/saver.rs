//! When to save: at once after a mark or filter changed, within a moment
//! after the reader moved (so holding `j` does not write a file per line),
//! and on exit. The terminal loop asks it how long it may wait for a key.

use std::time::{Duration, Instant};

use super::Store;
use crate::app::{App, Dirty};

/// Longest a moved position or selection waits before it is saved.
pub const SAVE_DELAY: Duration = Duration::from_millis(700);

pub struct Saver {
    pub store: Store,
    /// Since when a "soon" save has been waiting.
    soon: Option<Instant>,
}

impl Saver {
    pub fn new(store: Store) -> Saver {
        Saver { store, soon: None }
    }

    /// After events were handled: saves now if a mark changed or a moved
    /// position has waited long enough.
    pub fn after_events(&mut self, app: &mut App) {
        match app.take_dirty() {
            Some(Dirty::Now) => return self.flush(app),
            Some(Dirty::Soon) => {
                self.soon.get_or_insert_with(Instant::now);
            }
            None => {}
        }
        if self.soon.is_some_and(|t| t.elapsed() >= SAVE_DELAY) {
            self.flush(app);
        }
    }

    /// How long the loop may wait for the next event before a save is due.
    pub fn timeout(&self) -> Option<Duration> {
        self.soon.map(|t| SAVE_DELAY.saturating_sub(t.elapsed()))
    }

    /// Saves whatever is unsaved and adopts the merge with other processes'
    /// marks. A failure is a warning kept on screen until dismissed.
    pub fn flush(&mut self, app: &mut App) {
        self.soon = None;
        app.dirty = None;
        match self.store.save(&app.state) {
            Ok(Some(merged)) => {
                if merged != app.state {
                    app.adopt(merged);
                }
            }
            Ok(None) => {}
            Err(why) => app.warn(why),
        }
    }
}
