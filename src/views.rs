//! The one list of what the screen can show: the panes, side by side, and
//! the full-screen views (a "board"), one at a time over the panes. Each is
//! a row below: its name (saved in session files and shown as the keymap's
//! context), the code that draws it, the code its keys and clicks go to,
//! and its status-line hints. Everything else (the keymap's contexts, the
//! screen's slots, focus cycling, the mouse's hit test, drawing) walks
//! `Pane::ALL` and `Board::ALL`, so a new pane or board is a row here and
//! its own module.
//!
//! Where the panes go for a size stays in [`crate::screen`]: placing them
//! is a choice of layout, not a fact of the list.

use ratatui::Frame;
use ratatui::crossterm::event::MouseEvent;
use ratatui::layout::Rect;

use crate::action::Action;
use crate::app::App;

/// A status-line hint: actions (first key of each, joined by `/`), what
/// they do, and its rank: when the line is short, hints are left out from
/// the highest rank down, so `help` (rank 0), which leads to every other
/// key, is the last to go.
pub type Hint = (&'static [Action], &'static str, u8);

/// What a pane or board is made of, beside its name.
pub struct Parts {
    /// Draws it into its rectangle; only reads the state.
    pub draw: fn(&mut Frame, Rect, &App),
    /// An action while it has the keys.
    pub keys: fn(&mut App, Action),
    /// A left click at a cell inside its rectangle.
    pub click: fn(&mut App, &MouseEvent, Rect),
    /// The mouse wheel over it: `true` scrolls down.
    pub wheel: fn(&mut App, bool, Rect),
    /// The status line's hints while it has the keys.
    pub hints: &'static [Hint],
}

macro_rules! views {
    (
        $(#[$pane_doc:meta])* pub enum $pane:ident {
            $($(#[$pdoc:meta])* $pvar:ident = $pname:literal $pparts:expr,)*
        }
        $(#[$board_doc:meta])* pub enum $board:ident {
            $($(#[$bdoc:meta])* $bvar:ident = $bname:literal, opened_by $bopen:expr, on_open $bon:expr, $bparts:expr,)*
        }
    ) => {
        $(#[$pane_doc])*
        #[derive(
            Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
        )]
        pub enum $pane {
            $($(#[$pdoc])* #[serde(rename = $pname)] $pvar,)*
        }

        impl $pane {
            /// Every pane, left to right as the screen places them.
            pub const ALL: [$pane; <[&str]>::len(&[$($pname),*])] = [$($pane::$pvar),*];
            /// How many panes there are (the screen's slots).
            pub const COUNT: usize = Self::ALL.len();

            /// The pane's name: in session files, config hints and the help.
            pub fn name(self) -> &'static str {
                match self {
                    $($pane::$pvar => $pname,)*
                }
            }

            /// Its place in [`Pane::ALL`].
            pub fn index(self) -> usize {
                self as usize
            }

            pub fn parts(self) -> &'static Parts {
                match self {
                    $($pane::$pvar => {
                        const PARTS: Parts = $pparts;
                        &PARTS
                    })*
                }
            }
        }

        $(#[$board_doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $board {
            $($(#[$bdoc])* $bvar,)*
        }

        impl $board {
            pub const ALL: [$board; <[&str]>::len(&[$($bname),*])] = [$($board::$bvar),*];

            pub fn name(self) -> &'static str {
                match self {
                    $($board::$bvar => $bname,)*
                }
            }

            /// The action that opens it (and, pressed again, closes it).
            pub fn opened_by(self) -> Action {
                match self {
                    $($board::$bvar => $bopen,)*
                }
            }

            /// Readies what it shows, as it opens.
            pub fn open(self, app: &mut App) {
                match self {
                    $($board::$bvar => ($bon)(app),)*
                }
            }

            pub fn parts(self) -> &'static Parts {
                match self {
                    $($board::$bvar => {
                        const PARTS: Parts = $bparts;
                        &PARTS
                    })*
                }
            }
        }
    };
}

views! {
    /// A pane of the reader's screen: the one with focus in the app, and
    /// the one that had it in the session stored (by its name).
    pub enum Pane {
        /// Topics (and a library's sources) to filter by.
        Topics = "topics" Parts {
            draw: crate::ui::topics::draw,
            keys: App::update_topics,
            click: App::click_topics,
            wheel: App::wheel_topics,
            hints: &[
                (&[Action::ToggleTopic], "toggle", 1),
                (&[Action::ToggleMatchMode], "any/all", 3),
                (&[Action::ClearFilters], "clear", 4),
                (&[Action::Back], "back", 2),
                (&[Action::Help], "help", 0),
            ],
        },
        /// The articles the filter lets through (focused at first).
        #[default]
        List = "list" Parts {
            draw: crate::ui::list::draw,
            keys: App::update_list,
            click: App::click_list,
            wheel: App::wheel_list,
            hints: &[
                (&[Action::Down, Action::Up], "move", 4),
                (&[Action::Activate], "open", 2),
                (&[Action::FocusTopics], "topics", 3),
                (&[Action::FocusNext], "pane", 5),
                (&[Action::Help], "help", 0),
                (&[Action::Quit], "quit", 1),
            ],
        },
        /// The article being read.
        Reader = "reader" Parts {
            draw: crate::ui::reader::draw,
            keys: App::update_reader,
            click: App::click_reader,
            wheel: App::wheel_reader,
            hints: &[
                (&[Action::Down, Action::Up], "scroll", 3),
                (&[Action::PageDown], "page", 5),
                (&[Action::NextArticle, Action::PrevArticle], "next/prev", 2),
                (&[Action::Related], "related", 4),
                (&[Action::Select], "select", 6),
                (&[Action::Back], "back", 1),
                (&[Action::Help], "help", 0),
            ],
        },
    }

    /// A full-screen view over the panes (the name `View` is the list's
    /// unread/starred filter): the panes keep their state beneath it, and
    /// `Back` (or the key that opened it) comes back to them.
    pub enum Board {
        /// Statistics of the articles listed.
        Stats = "stats", opened_by Action::StatsView, on_open App::open_stats, Parts {
            draw: crate::ui::stats::draw,
            keys: App::update_stats,
            click: App::click_stats,
            wheel: App::wheel_stats,
            hints: &[
                (&[Action::Down, Action::Up], "topic", 3),
                (&[Action::Activate], "its share", 2),
                (&[Action::PageDown, Action::PageUp], "more", 5),
                (&[Action::Back], "back", 1),
                (&[Action::Help], "help", 0),
            ],
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Session;

    #[test]
    fn panes_keep_the_names_session_files_were_written_with() {
        // A session as lektyr wrote it before panes were one list: the
        // names of the focused pane must read back as the same panes.
        for (name, pane) in [
            ("topics", Pane::Topics),
            ("list", Pane::List),
            ("reader", Pane::Reader),
        ] {
            let json = format!(
                r#"{{"selected":"a1","topics":["ux"],"match":"all","view":"unread",
                    "reader_open":true,"focus":"{name}","at":17}}"#
            );
            let session: Session = serde_json::from_str(&json).expect("an old session loads");
            assert_eq!(session.focus, pane, "{name}");
            assert_eq!(pane.name(), name);
            let again = serde_json::to_string(&session).expect("writes");
            assert!(again.contains(&format!(r#""focus":"{name}""#)), "{again}");
        }
        // No focus written: the list, as before.
        let session: Session = serde_json::from_str("{}").expect("an empty session loads");
        assert_eq!(session.focus, Pane::List);
    }

    #[test]
    fn every_pane_has_its_slot_and_its_parts() {
        for (i, pane) in Pane::ALL.into_iter().enumerate() {
            assert_eq!(pane.index(), i);
            assert!(!pane.parts().hints.is_empty(), "{pane:?}");
        }
        assert_eq!(Pane::COUNT, Pane::ALL.len());
        for board in Board::ALL {
            assert!(!board.parts().hints.is_empty(), "{board:?}");
            assert_ne!(board.opened_by(), Action::Back, "{board:?}");
        }
    }
}
