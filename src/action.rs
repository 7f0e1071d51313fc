//! Everything a key (or a mouse gesture) can make lektyr do, named once.
//! The keymap maps keys to these; `App::update` is the only place that acts
//! on them; the help overlay describes them with `Action::describe`.

/// One thing the user can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    FocusNext,
    FocusPrev,
    FocusLeft,
    FocusRight,
    /// Enter: open the selected article, toggle the selected topic, or pick
    /// a related article, depending on the focused pane.
    Activate,
    NextArticle,
    PrevArticle,
    /// Show (or, on narrow screens, hide) the topics pane and focus it.
    FocusTopics,
    ToggleTopic,
    ToggleMatchMode,
    ClearFilters,
    /// Open the list of related articles of the article being read.
    Related,
    /// Mark the article read or unread.
    ToggleRead,
    ToggleStar,
    /// Show only unread articles (again: all).
    ViewUnread,
    /// Show only starred articles (again: all).
    ViewStarred,
    NextUnread,
    PrevUnread,
    /// The picker of the article's links.
    Links,
    /// Open the article's own url in the browser.
    OpenUrl,
    /// Back to the place left by following a link or a search hit.
    GoBack,
    /// Forward again.
    GoForward,
    /// Open the search prompt.
    Search,
    /// Next match of the search (into the next matching article).
    NextMatch,
    PrevMatch,
    Help,
    Back,
    /// Give the terminal back and stop (Ctrl-z); `fg` resumes with a redraw.
    /// The terminal loop acts on it, not `App::update`.
    Suspend,
    Quit,
}

impl Action {
    /// Every action, in the order the help overlay lists them.
    pub const ALL: [Action; 37] = [
        Action::Down,
        Action::Up,
        Action::Top,
        Action::Bottom,
        Action::PageDown,
        Action::PageUp,
        Action::HalfPageDown,
        Action::HalfPageUp,
        Action::Activate,
        Action::NextArticle,
        Action::PrevArticle,
        Action::Related,
        Action::Links,
        Action::OpenUrl,
        Action::NextUnread,
        Action::PrevUnread,
        Action::ToggleRead,
        Action::ToggleStar,
        Action::ViewUnread,
        Action::ViewStarred,
        Action::FocusNext,
        Action::FocusPrev,
        Action::FocusLeft,
        Action::FocusRight,
        Action::FocusTopics,
        Action::ToggleTopic,
        Action::ToggleMatchMode,
        Action::ClearFilters,
        Action::Search,
        Action::NextMatch,
        Action::PrevMatch,
        Action::GoBack,
        Action::GoForward,
        Action::Help,
        Action::Back,
        Action::Suspend,
        Action::Quit,
    ];

    /// The name used in config files (`[keys] page_down = ["<Space>"]`).
    pub fn name(self) -> &'static str {
        match self {
            Action::Up => "up",
            Action::Down => "down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::PageDown => "page_down",
            Action::PageUp => "page_up",
            Action::HalfPageDown => "half_page_down",
            Action::HalfPageUp => "half_page_up",
            Action::FocusNext => "focus_next",
            Action::FocusPrev => "focus_prev",
            Action::FocusLeft => "focus_left",
            Action::FocusRight => "focus_right",
            Action::Activate => "open",
            Action::NextArticle => "next_article",
            Action::PrevArticle => "prev_article",
            Action::FocusTopics => "topics",
            Action::ToggleTopic => "toggle_topic",
            Action::ToggleMatchMode => "match_mode",
            Action::ClearFilters => "clear_filters",
            Action::Related => "related",
            Action::ToggleRead => "toggle_read",
            Action::ToggleStar => "toggle_star",
            Action::ViewUnread => "view_unread",
            Action::ViewStarred => "view_starred",
            Action::NextUnread => "next_unread",
            Action::PrevUnread => "prev_unread",
            Action::Links => "links",
            Action::OpenUrl => "open_url",
            Action::GoBack => "go_back",
            Action::GoForward => "go_forward",
            Action::Search => "search",
            Action::NextMatch => "next_match",
            Action::PrevMatch => "prev_match",
            Action::Help => "help",
            Action::Back => "back",
            Action::Suspend => "suspend",
            Action::Quit => "quit",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.name() == name)
    }

    /// What the help overlay says the action does.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Up => "move up / scroll up",
            Action::Down => "move down / scroll down",
            Action::Top => "go to the top",
            Action::Bottom => "go to the bottom",
            Action::PageDown => "page down",
            Action::PageUp => "page up",
            Action::HalfPageDown => "half a page down",
            Action::HalfPageUp => "half a page up",
            Action::FocusNext => "focus the next pane",
            Action::FocusPrev => "focus the previous pane",
            Action::FocusLeft => "focus the pane to the left",
            Action::FocusRight => "focus the pane to the right",
            Action::Activate => "open article / toggle topic / related links",
            Action::NextArticle => "next article",
            Action::PrevArticle => "previous article",
            Action::FocusTopics => "topics pane (show, focus, hide)",
            Action::ToggleTopic => "toggle the selected topic",
            Action::ToggleMatchMode => "match ANY / ALL active topics",
            Action::ClearFilters => "clear all topic filters",
            Action::Related => "related articles of this article",
            Action::ToggleRead => "mark read / unread",
            Action::ToggleStar => "star / unstar",
            Action::ViewUnread => "show unread articles only (again: all)",
            Action::ViewStarred => "show starred articles only (again: all)",
            Action::NextUnread => "next unread article",
            Action::PrevUnread => "previous unread article",
            Action::Links => "links of this article (1–9 or Enter opens, y copies)",
            Action::OpenUrl => "open the article's own url in the browser",
            Action::GoBack => "back to where a link or a search hit left",
            Action::GoForward => "forward again",
            Action::Search => "search the articles",
            Action::NextMatch => "next match (on into the next article)",
            Action::PrevMatch => "previous match",
            Action::Help => "this help",
            Action::Back => "close overlay / end search / leave the reader",
            Action::Suspend => "suspend to the shell (fg resumes)",
            Action::Quit => "quit",
        }
    }
}
