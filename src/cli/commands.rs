//! The non-interactive subcommands: list, topics, show, check, snapshot.

use std::io::IsTerminal;
use std::ops::Not;
use std::process::ExitCode;

use ratatui::layout::Rect;

use super::common::{CmdResult, Load, fail, print_out, search_query};
use super::snapshot::render_snapshot;
use super::{CacheCommand, Command, ConfigCommand, FilterArgs, Loaded, load_named};
use super::{build_app, build_app_with_state, check_topics, open_states};
use crate::archive::Archive;
use crate::config::ColorMode;
use crate::layout::{MEASURE, MEASURE_RANGE, lay_out};
use crate::theme::Theme;

/// Runs a subcommand. An archive read from its file has its cache written
/// beside the command's own work, on a thread of its own; the command
/// waits for it before it ends.
pub fn run(command: Command) -> CmdResult {
    let read = command.read_args();
    let (how, no_cache) = (read.read_as(), read.no_cache);
    let cache = match &command {
        Command::Config { .. } | Command::Cache { .. } => None,
        // The config only says how big the cache may grow: the one named
        // with snapshot's --config, else the user's.
        Command::Snapshot { config, .. } => crate::open::cache(
            no_cache,
            &crate::config::load(config.as_deref()).unwrap_or_default(),
        ),
        _ => crate::open::cache(no_cache, &crate::config::load(None).unwrap_or_default()),
    };
    let writers = std::cell::RefCell::new(Vec::new());
    let kept = std::cell::RefCell::new(Vec::new());
    let load = |named: &[crate::library::Named]| {
        let mut loaded = load_named(named, how, cache.as_ref())?;
        for line in &loaded.skipped {
            eprintln!("warning: {line}");
        }
        writers.borrow_mut().extend(loaded.spawn_cache_write());
        kept.borrow_mut()
            .push(std::sync::Arc::clone(&loaded.archive));
        Ok(loaded)
    };
    let result = run_command(command, &load);
    for writer in writers.into_inner() {
        if let Err(message) = writer.join() {
            eprintln!("warning: {message}");
        }
    }
    // The process ends right after: freeing a big archive piece by piece
    // would only delay the exit.
    std::mem::forget(kept);
    result
}

fn run_command(command: Command, load: &Load<'_>) -> CmdResult {
    match command {
        Command::List {
            archives,
            filter,
            json,
            search,
            fold_diacritics,
            ..
        } => {
            filter.dates.range()?;
            let query = search_query(search.as_deref(), fold_diacritics)?;
            list(
                load(&super::named(&archives)).map_err(fail)?,
                &filter,
                json,
                query,
            )
        }
        Command::Highlights(args) => super::highlights::run(*args, load),
        Command::Stats(args) => super::stats::run(*args, load),
        Command::Topics {
            archives, dates, ..
        } => {
            let range = dates.range()?;
            topics(
                &load(&super::named(&archives)).map_err(fail)?.archive,
                range,
            )
        }
        Command::Show {
            mut args,
            width,
            color,
            ..
        } => {
            let id = args
                .pop()
                .map(|a| a.to_string_lossy().into_owned())
                .unwrap_or_default();
            let named = super::named(&args);
            // `show FILE` alone reads FILE as the id: when no article of
            // the sample has it and a file of that name exists, the id was
            // left out.
            let loaded = load(&named).map_err(fail)?;
            let found = find_article(&loaded.archive, &id)?;
            if named.is_empty() && found.is_none() && std::path::Path::new(&id).exists() {
                let file = shell_word(&id);
                return Err(fail(format!(
                    "show needs an article id: lektyr show {file} ID (lektyr list {file} lists them)"
                )));
            }
            // Nor a file: when it looks like one's name, it was meant as
            // one, and the message says both.
            let path_like = id.contains(std::path::MAIN_SEPARATOR)
                || [".json", ".zip"].iter().any(|end| id.ends_with(end));
            if named.is_empty() && found.is_none() && path_like {
                return Err(fail(format!(
                    "no such file {}, nor an article with that id (lektyr show FILE ID shows an article of FILE)",
                    shell_word(&id)
                )));
            }
            show(&loaded.archive, found, &id, width, color)
        }
        Command::Check { archives, .. } => check(&super::named(&archives), load),
        Command::Convert { input, .. } => {
            let named = super::named(std::slice::from_ref(&input));
            let loaded = load(&named).map_err(fail)?;
            convert(&loaded.archive, &loaded.origins)
        }
        Command::Config { what } => match what {
            ConfigCommand::Path { config } => match crate::config::config_path(config.as_deref()) {
                Some((path, _)) => print_out(&format!("{}\n", path.display())),
                None => Err(fail("no home directory: name a config with --config")),
            },
            ConfigCommand::Default => print_out(&crate::config::default_text()),
        },
        Command::Cache { what } => {
            let dir = crate::archive::cache::Cache::default_dir()
                .ok_or_else(|| fail("no home directory: set LEKTYR_CACHE_DIR"))?;
            match what {
                CacheCommand::Path => print_out(&format!("{}\n", dir.display())),
                CacheCommand::Clear => {
                    let cache = crate::archive::cache::Cache::new(dir.clone(), 0);
                    let (files, bytes) = cache
                        .clear()
                        .map_err(|e| fail(format!("{}: {e}", dir.display())))?;
                    print_out(&format!(
                        "removed {files} cached archive{} ({:.1} MB) from {}\n",
                        if files == 1 { "" } else { "s" },
                        bytes as f64 / 1e6,
                        dir.display()
                    ))
                }
            }
        }
        Command::Man => print_out(&super::docs::man_page()?),
        Command::Completions { shell } => print_out(&super::docs::completions(shell)),
        Command::Snapshot {
            archives,
            size,
            keys,
            color,
            filter,
            state_dir,
            config,
            ..
        } => {
            filter.dates.range()?;
            // Only what is named explicitly is read: a snapshot is the same
            // screen every time unless asked otherwise.
            let config = match &config {
                Some(path) => crate::config::load(Some(path)).map_err(|e| e.to_string())?,
                None => crate::config::Config::default(),
            };
            let loaded = load(&super::named(&archives)).map_err(fail)?;
            check_topics(&loaded.archive, &filter.topics)?;
            let area = Rect::new(0, 0, size.0, size.1);
            let opened = state_dir
                .as_deref()
                .map(|dir| open_states(&loaded.archive, &loaded.origins, dir));
            let mut store = None;
            let mut warnings = Vec::new();
            let state = opened.map(|o| {
                warnings = o.warnings;
                store = Some(o.store);
                o.state
            });
            let colours = config.color != crate::config::ColorMode::Never;
            let (mut app, _) = build_app_with_state(
                loaded.archive,
                loaded.source,
                area,
                &filter,
                &config,
                colours,
                state,
            );
            // Drawn as the reader shows them, and said on stderr after.
            for w in warnings {
                app.warn(w);
            }
            let screen = render_snapshot(&mut app, &keys, color).map_err(fail)?;
            if let Some(store) = store {
                let mut saver = crate::state::Saver::new(store);
                saver.flush(&mut app);
            }
            for w in app.take_warnings() {
                eprintln!("warning: {w}");
            }
            // The process ends right after printing: freeing a large archive
            // piece by piece would only delay the exit.
            std::mem::forget(app);
            print_out(&screen)
        }
    }
}

/// `word` as a shell reads it back, to be copied from a message: as it is
/// when plain, else in single quotes; made safe to print either way.
fn shell_word(word: &str) -> String {
    let word = crate::archive::sanitize(word);
    let plain = |c: char| c.is_alphanumeric() || "-_./:@%+=,~".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.into_owned()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

fn list(
    loaded: Loaded,
    filter: &FilterArgs,
    json: bool,
    query: Option<crate::search::Query>,
) -> CmdResult {
    check_topics(&loaded.archive, &filter.topics)?;
    let (app, _) = build_app(
        loaded.archive,
        loaded.source,
        Rect::new(0, 0, 80, 24),
        filter,
    );
    let archive = &app.archive;
    let topic_names = |a: &crate::archive::Article| -> Vec<String> {
        a.topics
            .iter()
            .filter_map(|&t| archive.topics.get(t))
            .map(|t| t.name.clone())
            .collect()
    };
    // With a search, only the articles it matches, each with its hit.
    let rows: Vec<(usize, Option<crate::search::Hit>)> = match &query {
        Some(q) => app
            .visible
            .iter()
            .filter_map(|&i| q.hit(archive, i).map(|h| (i, Some(h))))
            .collect(),
        None => app.visible.iter().map(|&i| (i, None)).collect(),
    };
    let mut out = String::new();
    if json {
        let row = |(i, hit): &(usize, Option<crate::search::Hit>)| {
            let a = archive.articles.get(*i)?;
            let mut row = serde_json::json!({
                "id": a.id,
                "date": a.date.as_ref().map(|d| d.text.clone()),
                "title": a.title,
                "topics": topic_names(a),
                "url": a.peek_detail(|d| d.url.clone()),
            });
            // In a library, the source each article came from.
            if let (Some(label), Some(map)) = (archive.sources.label_of(*i), row.as_object_mut()) {
                map.insert("source".into(), label.into());
                let again: Vec<String> = archive
                    .sources
                    .again_of(*i)
                    .map(|(l, id)| format!("{l}:{id}"))
                    .collect();
                if !again.is_empty() {
                    map.insert("also_in".into(), again.into());
                }
            }
            if let (Some(hit), Some(map)) = (hit, row.as_object_mut()) {
                map.insert("matches".into(), hit.matches.into());
                map.insert("snippet".into(), snippet(&hit.first.0, &hit.first.1).into());
            }
            Some(row)
        };
        // Row by row: 100,000 rows held as JSON values took 150 MB more.
        let mut text = Vec::new();
        serde_json::to_writer_pretty(&mut text, &JsonRows { rows: &rows, row }).map_err(fail)?;
        out = String::from_utf8(text).map_err(fail)?;
        out.push('\n');
    } else {
        for (i, a) in rows
            .iter()
            .filter_map(|(i, _)| Some((*i, archive.articles.get(*i)?)))
        {
            // In a library, the source first: `SOURCE\tID` names it.
            if let Some(names) = archive.sources.names_of(i) {
                out.push_str(&names);
                out.push('\t');
            }
            let date = a.date.as_ref().map_or("", |d| d.display());
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\n",
                a.id,
                date,
                a.title,
                topic_names(a).join(", ")
            ));
        }
    }
    print_out(&out)?;
    // Like grep: a search that matches nothing exits 1.
    if query.is_some() && rows.is_empty() {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// `rows` as a JSON array, each made by `row` as it is written.
struct JsonRows<'r, T, F> {
    rows: &'r [T],
    row: F,
}

impl<T, F: Fn(&T) -> Option<serde_json::Value>> serde::Serialize for JsonRows<'_, T, F> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.rows.iter().filter_map(&self.row))
    }
}

/// About 80 characters of `text` around `range`, on one line, with `…`
/// where it is cut.
fn snippet(text: &str, range: &std::ops::Range<usize>) -> String {
    const BEFORE: usize = 30;
    const AFTER: usize = 50;
    let head: Vec<char> = text.get(..range.start).unwrap_or("").chars().collect();
    let tail: Vec<char> = text.get(range.start..).unwrap_or("").chars().collect();
    let from = head.len().saturating_sub(BEFORE);
    let to = tail.len().min(range.len().max(AFTER));
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    out.extend(head.iter().skip(from));
    out.extend(tail.iter().take(to));
    if to < tail.len() {
        out.push('…');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn topics(archive: &Archive, dates: crate::timeline::DateRange) -> CmdResult {
    let (mut totals, mut rows) = crate::app::topic_totals(archive);
    if dates.is_set() {
        // Counted over the articles in the range, most first (ties as
        // the whole archive orders them).
        let timeline = crate::timeline::Timeline::new(archive);
        totals.iter_mut().for_each(|n| *n = 0);
        for (i, a) in archive.articles.iter().enumerate() {
            if dates.contains(timeline.day(i)) {
                for &t in &a.topics {
                    if let Some(n) = totals.get_mut(t) {
                        *n += 1;
                    }
                }
            }
        }
        rows.sort_by_key(|&t| std::cmp::Reverse(totals.get(t).copied().unwrap_or(0)));
    }
    let mut out = String::new();
    for t in rows {
        if let Some(topic) = archive.topics.get(t) {
            out.push_str(&format!("{}\t{}\n", topic.name, totals[t]));
        }
    }
    print_out(&out)
}

/// The article `id` names: in a library, `SOURCE:ID`, or an id only one
/// source has (an id two share is an error naming both ways to say it).
fn find_article(archive: &Archive, id: &str) -> Result<Option<usize>, String> {
    let sources = &archive.sources;
    if !sources.is_library() {
        return Ok(archive.find_id(id));
    }
    if let Some((label, rest)) = id.split_once(':')
        && let Some(s) = sources.labels.iter().position(|l| l == label)
    {
        return Ok(archive
            .articles
            .iter()
            .enumerate()
            .position(|(i, a)| sources.of(i) == s && a.id == rest));
    }
    let all: Vec<usize> = archive
        .articles
        .iter()
        .enumerate()
        .filter(|(_, a)| a.id == id)
        .map(|(i, _)| i)
        .collect();
    match all.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(*one)),
        many => Err(fail(format!(
            "id “{id}” is in {} sources; name one: {}",
            many.len(),
            many.iter()
                .filter_map(|&i| sources.label_of(i).map(|l| format!("{l}:{id}")))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

fn show(
    archive: &Archive,
    found: Option<usize>,
    id: &str,
    width: Option<u16>,
    color: ColorMode,
) -> CmdResult {
    let Some(index) = found else {
        let mut msg = format!("no article with id “{id}”");
        if let Some(near) = archive
            .articles
            .iter()
            .find(|a| a.id.contains(id) || a.title.to_lowercase().contains(&id.to_lowercase()))
        {
            msg.push_str(&format!(" (did you mean “{}”?)", near.id));
        }
        msg.push_str(" — `lektyr list` shows the ids");
        return Err(fail(msg));
    };
    let terminal = std::io::stdout().is_terminal();
    // Whether to write escapes at all, and whether they keep colours.
    let (styled, colours) = match color {
        ColorMode::Never => (false, false),
        ColorMode::Always => (true, true),
        ColorMode::Auto => (
            terminal,
            color.colours(std::env::var_os("NO_COLOR").as_deref()),
        ),
    };
    let theme = if colours {
        Theme::default()
    } else {
        Theme::default().without_colour()
    };
    // The terminal's width, held to the range a chosen width has.
    let width = width.unwrap_or_else(|| {
        if terminal {
            ratatui::crossterm::terminal::size()
                .map(|(w, _)| w.clamp(*MEASURE_RANGE.start(), MEASURE))
                .unwrap_or(MEASURE)
        } else {
            MEASURE
        }
    });
    let mut laid = lay_out(archive, index, width, &theme);
    let own = archive
        .articles
        .get(index)
        .and_then(|a| a.peek_detail(|d| d.url.clone()))
        .map(|url| url.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|url| !url.is_empty());
    if let Some(url) = &own {
        whole_url(&mut laid.lines, url, usize::from(width));
    }
    let mut out = String::new();
    for line in &laid.lines {
        out.push_str(&crate::ansi::line(line, styled));
        out.push('\n');
    }
    // The article's own address, then the numbered links as the text
    // refers to them, one per line and never cut.
    if own.is_some() || !laid.links.is_empty() {
        out.push_str("\nLinks\n");
        if let Some(url) = &own {
            out.push_str(&format!("Article: {url}\n"));
        }
        for (i, url) in laid.links.iter().enumerate() {
            out.push_str(&format!("[{}] {url}\n", i + 1));
        }
    }
    print_out(&out)
}

/// The header's line of the article's own address, which the reader cuts
/// to the width, made the whole address again: broken into lines of
/// `width` cells only where it is longer, with no `…`, so a copy or a
/// terminal's url detection gets all of it.
fn whole_url(lines: &mut Vec<ratatui::text::Line<'static>>, url: &str, width: usize) {
    let cut = crate::width::truncate(url, width);
    if cut == url {
        return;
    }
    let text = |line: &ratatui::text::Line| -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    };
    let Some(at) = lines.iter().position(|l| text(l) == cut) else {
        return;
    };
    let style = lines[at].spans.first().map(|s| s.style).unwrap_or_default();
    let mut pieces = Vec::new();
    let mut rest = url;
    while !rest.is_empty() {
        let (mut head, _) = crate::width::prefix_fitting(rest, width);
        if head.is_empty() {
            // A character wider than the line still goes on one.
            let first = rest.chars().next().map_or(rest.len(), char::len_utf8);
            head = &rest[..first];
        }
        pieces.push(ratatui::text::Line::from(ratatui::text::Span::styled(
            head.to_string(),
            style,
        )));
        rest = &rest[head.len()..];
    }
    lines.splice(at..=at, pieces);
}

/// `; read as a JSON Feed` for an archive not in lektyr's own format.
fn read_as(archive: &Archive) -> String {
    match archive.format {
        crate::archive::Format::V1 => String::new(),
        f => format!("; read as {}", f.describe()),
    }
}

/// Writes the archive at `path` as v1, with the highlights its reader
/// sees: the archive's own, with the reader's changes and own highlights
/// from the state file over them (deleted ones left out).
fn convert(archive: &Archive, origins: &[crate::library::Origin]) -> CmdResult {
    let state = match origins {
        [crate::library::Origin::File(path)] => reader_state(path),
        _ => None,
    };
    let none = std::collections::BTreeMap::new();
    let highlights = |a: &crate::archive::Article| {
        let own = state
            .as_ref()
            .and_then(|s| s.highlights(&a.id))
            .unwrap_or(&none);
        // In reading order: each found in the text first.
        let mut list = crate::highlight::effective(&a.highlights, own);
        a.peek_detail(|d| crate::highlight::anchor_all(&mut list, d.body.blocks()));
        crate::highlight::effective(&list, &none)
    };
    let mut text = Vec::new();
    crate::archive::write_v1_with(archive, &highlights, &mut text).map_err(fail)?;
    print_out(&String::from_utf8_lossy(&text))
}

/// The reader's state of the archive at `path`, read and never written:
/// `convert` changes nothing. `None` when there is none; one that cannot
/// be read is said on stderr and passed over.
fn reader_state(path: &std::path::Path) -> Option<crate::state::ArchiveState> {
    let dir = crate::state::resolve_dir(None)?;
    let file = dir.join(crate::state::ArchiveKey::for_path(path).file_name());
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            eprintln!(
                "warning: the reader's highlights are left out: {}: {e}",
                file.display()
            );
            return None;
        }
    };
    match serde_json::from_str::<crate::state::ArchiveState>(&text) {
        Ok(s) if s.lektyr_state == crate::state::FORMAT => Some(s),
        Ok(s) => {
            eprintln!(
                "warning: the reader's highlights are left out: {}: unknown format version {}",
                file.display(),
                s.lektyr_state
            );
            None
        }
        Err(e) => {
            eprintln!(
                "warning: the reader's highlights are left out: {}: {e}",
                file.display()
            );
            None
        }
    }
}

/// Checks each archive named (each of a folder's too), one report each;
/// files of a folder passed over are listed. Exit 1 when any has a
/// problem or could not be read.
fn check(named: &[crate::library::Named], load: &Load<'_>) -> CmdResult {
    let (origins, skipped) = crate::library::expand(named);
    if origins.is_empty() || (origins.len() == 1 && skipped.is_empty()) {
        return check_one(named, load);
    }
    let mut failed = skipped.is_empty().not();
    for s in &skipped {
        print_out(&format!("{}: passed over: {}\n", s.path.display(), s.why))?;
    }
    for origin in origins {
        let one = match origin {
            crate::library::Origin::File(p) => crate::library::Named::Path(p),
            crate::library::Origin::Stdin => crate::library::Named::Stdin,
        };
        match check_one(&[one], load) {
            Ok(code) if code == ExitCode::SUCCESS => {}
            Ok(_) => failed = true,
            Err(e) => {
                print_out(&format!("{e}\n"))?;
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn check_one(named: &[crate::library::Named], load: &Load<'_>) -> CmdResult {
    let loaded = load(named).map_err(fail)?;
    let name = match loaded.origins.as_slice() {
        [] => "built-in sample".to_string(),
        [one] => one.display(),
        _ => "library".to_string(),
    };
    let archive = &loaded.archive;
    let mut out = String::new();
    for p in &archive.problems {
        out.push_str(&format!(
            "{name}:{}:{}: {}: {}\n",
            p.line, p.column, p.pointer, p.message
        ));
    }
    // Imported highlights whose quote the text lacks: said, though the
    // archive itself is sound.
    let lost = crate::highlight::not_found(archive);
    for (i, h) in &lost {
        let id = archive.articles.get(*i).map_or("", |a| a.id.as_str());
        out.push_str(&format!(
            "{name}: article {id}: highlight \"{}\" not found in the text\n",
            quote_start(&h.quote)
        ));
    }
    let lost = match lost.len() {
        0 => String::new(),
        1 => "; 1 imported highlight not found in its article's text".into(),
        n => format!("; {n} imported highlights not found in their articles' text"),
    };
    let n = archive.articles.len();
    if archive.problems.is_empty() {
        let articles = if n == 1 { "article" } else { "articles" };
        out.push_str(&format!(
            "{name}: no problems ({n} {articles}{}){lost}\n",
            read_as(archive)
        ));
        print_out(&out)
    } else {
        let whole = archive
            .problems
            .iter()
            .filter(|p| p.article.is_none())
            .count();
        out.push_str(&format!(
            "{name}: {}{}\n",
            problem_count(
                archive.problems.len(),
                whole,
                archive.articles_with_problems(),
                n
            ),
            read_as(archive),
        ));
        if !lost.is_empty() {
            out.insert_str(out.len() - 1, &lost);
        }
        print_out(&out)?;
        Ok(ExitCode::from(1))
    }
}

/// The start of a quote, on one line: its first words up to about 30
/// characters, `…` where it is cut.
fn quote_start(quote: &str) -> String {
    let folded = crate::highlight::fold_space(quote);
    if folded.chars().count() <= 30 {
        return folded;
    }
    let cut: String = folded.chars().take(30).collect();
    // At a word's end when there is one.
    let cut = match cut.rfind(' ') {
        Some(at) if at > 10 => cut[..at].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

/// `check`'s count of `problems`, `whole` of them about the archive itself
/// (not in an article), the rest in `with` of the `articles`: "2 problems
/// in 1 of 10 articles", "1 problem in the archive itself, none in its 10
/// articles", "3 problems: 1 in the archive, 2 in 1 of 10 articles".
fn problem_count(problems: usize, whole: usize, with: usize, articles: usize) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let total = plural(problems, "problem", "problems");
    // "1 of 1 articles", as one of the articles.
    let of = |with: usize| format!("{with} of {articles} articles");
    match (whole, problems - whole.min(problems)) {
        (0, _) => format!("{total} in {}", of(with)),
        (_, 0) if articles == 0 => format!("{total} in the archive itself, which has no articles"),
        (_, 0) if articles == 1 => {
            format!("{total} in the archive itself, none in its one article")
        }
        (_, 0) => format!("{total} in the archive itself, none in its {articles} articles"),
        (whole, rest) => format!("{total}: {whole} in the archive, {rest} in {}", of(with)),
    }
}

#[cfg(test)]
mod tests {
    use super::{problem_count, quote_start, shell_word};

    #[test]
    fn a_lost_highlight_is_named_by_the_start_of_its_quote() {
        assert_eq!(quote_start("Kort\ncitat "), "Kort citat");
        assert_eq!(
            quote_start("Vi började om från början med ny deg"),
            "Vi började om från början med…"
        );
        assert_eq!(quote_start(&"x".repeat(40)), format!("{}…", "x".repeat(30)));
    }

    #[test]
    fn a_file_name_in_a_hint_is_quoted_for_the_shell_when_it_must_be() {
        for (word, says) in [
            ("dumps/ja.json", "dumps/ja.json"),
            ("åäö.json", "åäö.json"),
            ("my dumps/a.json", "'my dumps/a.json'"),
            ("it's.json", r"'it'\''s.json'"),
            ("a\x1b[2Jb", "ab"),
            ("", "''"),
        ] {
            assert_eq!(shell_word(word), says, "{word:?}");
        }
    }

    #[test]
    fn problems_of_the_archive_itself_are_counted_as_such() {
        for ((problems, whole, with, articles), says) in [
            ((2, 0, 1, 10), "2 problems in 1 of 10 articles"),
            ((1, 0, 1, 1), "1 problem in 1 of 1 articles"),
            (
                (1, 1, 0, 10),
                "1 problem in the archive itself, none in its 10 articles",
            ),
            (
                (2, 2, 0, 1),
                "2 problems in the archive itself, none in its one article",
            ),
            (
                (1, 1, 0, 0),
                "1 problem in the archive itself, which has no articles",
            ),
            (
                (3, 1, 1, 10),
                "3 problems: 1 in the archive, 2 in 1 of 10 articles",
            ),
        ] {
            assert_eq!(problem_count(problems, whole, with, articles), says);
        }
    }
}
