//! lektyr — a terminal reader for JSON article archives.
//!
//! Data flows one way: file → [`archive`] (loader, model) → [`app`] (state,
//! `update(Action)`) → [`layout`] (styled lines, cached per article and
//! width) → [`ui`] (panes drawn from borrowed state). A key flows one way
//! too: event → [`keymap`] → [`action::Action`] → `App::update` → redraw.
//!
//! - [`archive`]: model, the readers of every format (one per file in
//!   `archive/formats/`), HTML to blocks, sanitizer; knows nothing of
//!   terminals.
//! - [`width`]: the one display-width function.
//! - [`theme`]: every style.
//! - [`layout`]: blocks → wrapped, styled lines; the wrap cache.
//! - [`terminal`]: terminal modes, given back on exit, panic and signals.
//! - [`facets`]: topic filters and their live counts; [`timeline`]: the
//!   date filter and the strip's counts; [`search`]: the query
//!   language and full-text matching; [`search_index`]: the trigram index
//!   that tells which articles a query can match.
//! - [`stats`]: the numbers of the statistics view and `lektyr stats`.
//! - [`state`]: what lektyr remembers per archive; [`config`]: config.toml.
//! - [`views`]: the one list of panes and full-screen views;
//!   [`screen`]: where the panes go for a terminal size.
//! - [`open`]: the one place that opens an archive for the reader and the
//!   commands; [`browser`]: links handed to the browser or the clipboard.
//! - [`suggest`]: the nearest names to a misspelt one, for usage errors.
//! - [`cli`]: the subcommands (`list`, `topics`, `stats`, `show`, `check`,
//!   `convert`, `snapshot`, `config`), and the man page and completions generated from
//!   their definition.

pub mod action;
pub mod ansi;
pub mod app;
pub mod archive;
pub mod browser;
pub mod cli;
pub mod config;
pub mod facets;
pub mod hash;
pub mod highlight;
pub mod hyperlinks;
pub mod keymap;
pub mod layout;
pub mod library;
pub mod memory;
pub mod open;
pub mod prompt;
pub mod screen;
pub mod search;
pub mod search_index;
pub mod state;
pub mod stats;
pub mod suggest;
pub mod terminal;
pub mod theme;
pub mod timeline;
pub mod tui;
pub mod ui;
pub mod views;
pub mod watch;
pub mod width;
