//! Everything a key (or a mouse gesture) can make lektyr do, named once.
//! The keymap maps keys to these; `App::update` is the only place that acts
//! on them; the help overlay describes them with `Action::describe`.
//!
//! Each action is written once, in `actions!` below: its variant, the name
//! config files use and what the help overlay says, in the order the help
//! lists them. The enum, `Action::ALL`, `name` and `describe` come from it.

/// Declares `Action` from rows of `Variant = "config_name", "description";`
/// (doc comments allowed above a row), and `ALL`, `name` and `describe`.
macro_rules! actions {
    ($($(#[$doc:meta])* $variant:ident = $name:literal, $describe:literal;)*) => {
        /// One thing the user can ask for.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $($(#[$doc])* $variant,)*
        }

        impl Action {
            /// Every action, in the order the help overlay lists them.
            pub const ALL: [Action; [$($name),*].len()] = [$(Action::$variant),*];

            /// The name used in config files (`[keys] page_down = ["<Space>"]`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)*
                }
            }

            /// What the help overlay says the action does.
            pub fn describe(self) -> &'static str {
                match self {
                    $(Action::$variant => $describe,)*
                }
            }
        }
    };
}

actions! {
    Down = "down", "move down / scroll down";
    Up = "up", "move up / scroll up";
    Top = "top", "go to the top";
    Bottom = "bottom", "go to the bottom";
    PageDown = "page_down", "page down";
    PageUp = "page_up", "page up";
    HalfPageDown = "half_page_down", "half a page down";
    HalfPageUp = "half_page_up", "half a page up";
    /// Enter: open the selected article, toggle the selected topic, or pick
    /// a related article, depending on the focused pane.
    Activate = "open", "open article / toggle topic / related links";
    NextArticle = "next_article", "next article";
    PrevArticle = "prev_article", "previous article";
    /// Open the list of related articles of the article being read.
    Related = "related", "related articles of this article";
    /// The picker of the article's links.
    Links = "links", "links of this article (its number or Enter opens, y copies)";
    /// Open the article's own url in the browser.
    OpenUrl = "open_url", "open the article's own url in the browser";
    NextUnread = "next_unread", "next unread article";
    PrevUnread = "prev_unread", "previous unread article";
    /// Mark the article read or unread.
    ToggleRead = "toggle_read", "mark read / unread";
    /// Mark every article the list shows read; pressed again at once, it
    /// puts them back unread.
    MarkAllRead = "mark_all_read", "mark every article in the list read (again at once: undo)";
    ToggleStar = "toggle_star", "star / unstar";
    /// Show only unread articles (again: all).
    ViewUnread = "view_unread", "show unread articles only (again: all)";
    /// Show only starred articles (again: all).
    ViewStarred = "view_starred", "show starred articles only (again: all)";
    FocusNext = "focus_next", "focus the next pane";
    FocusPrev = "focus_prev", "focus the previous pane";
    FocusLeft = "focus_left", "focus the pane to the left";
    FocusRight = "focus_right", "focus the pane to the right";
    /// Show (or, on narrow screens, hide) the topics pane and focus it.
    FocusTopics = "topics", "topics pane (show, focus, hide)";
    ToggleTopic = "toggle_topic", "toggle the selected topic";
    ToggleMatchMode = "match_mode", "match ANY / ALL active topics";
    ClearFilters = "clear_filters", "clear all topic and date filters";
    /// The timeline strip: the next month (or year) on it.
    DateNext = "date_next", "timeline: show the next month (or year)";
    DatePrev = "date_prev", "timeline: show the previous month (or year)";
    /// Stretch a range of months from the one picked.
    DateStretch = "date_range", "timeline: stretch a range from this month (again: keep it)";
    DateClear = "date_clear", "timeline: every date again";
    /// Open the search prompt.
    Search = "search", "search the articles";
    /// Next match of the search (into the next matching article).
    NextMatch = "next_match", "next match (on into the next article)";
    PrevMatch = "prev_match", "previous match";
    /// Back to the place left by following a link or a search hit.
    GoBack = "go_back", "back to where a link or a search hit left";
    /// Forward again.
    GoForward = "go_forward", "forward again";
    /// Start selecting text to highlight, at the sentence on top.
    Select = "select", "select text to highlight, from the sentence on top";
    SelectSentenceNext = "select_sentence_next", "selection: a sentence further";
    SelectSentencePrev = "select_sentence_prev", "selection: a sentence back";
    SelectParagraphNext = "select_paragraph_next", "selection: to the paragraph's end, or the next";
    SelectParagraphPrev = "select_paragraph_prev", "selection: a paragraph back";
    SelectOtherEnd = "select_other_end", "selection: move the other end (start / end)";
    NextHighlight = "next_highlight", "next highlight";
    PrevHighlight = "prev_highlight", "previous highlight";
    /// Add or edit the note of the highlight acted on.
    EditNote = "note", "add or edit the note of the highlight on screen";
    DeleteHighlight = "delete_highlight", "delete the highlight on screen, with its note";
    /// Undo the last highlight or note change.
    Undo = "undo", "undo the last highlight or note change";
    ToggleNotes = "toggle_notes", "show / hide notes under highlights";
    /// The view of every highlight of the articles listed.
    HighlightsView = "highlights", "every highlight in the articles listed (Enter goes there)";
    /// Show only articles with highlights (again: all).
    ViewHighlighted = "view_highlighted", "show articles with highlights only (again: all)";
    /// The statistics view of the articles listed.
    StatsView = "stats", "statistics of the articles listed (Esc comes back)";
    Help = "help", "this help";
    Back = "back", "close overlay / end search / leave the reader";
    /// Give the terminal back and stop (Ctrl-z); `fg` resumes with a redraw.
    /// The terminal loop acts on it, not `App::update`.
    Suspend = "suspend", "suspend to the shell (fg resumes)";
    Quit = "quit", "quit";

}

impl Action {
    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_config_words_and_every_action_is_described() {
        let mut names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
        assert!(
            names.iter().all(|n| {
                !n.is_empty() && n.chars().all(|c| c.is_ascii_lowercase() || c == '_')
            })
        );
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Action::ALL.len(), "a name is used twice");
        for action in Action::ALL {
            assert!(!action.describe().is_empty(), "{action:?}");
            assert_eq!(Action::from_name(action.name()), Some(action));
        }
        assert_eq!(Action::from_name("page_down"), Some(Action::PageDown));
        assert_eq!(Action::from_name("open"), Some(Action::Activate));
        assert_eq!(Action::from_name("nope"), None);
    }
}
