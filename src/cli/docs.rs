//! `lektyr man` and `lektyr completions`: the manual page and the shell
//! completion scripts, both generated from the clap definition, so a new
//! command or flag shows in them without a second list to keep.

use clap::CommandFactory;
use clap_mangen::Man;
use roff::{Roff, bold, roman};

use super::Cli;

/// The whole command line: `lektyr` and every command under it.
pub fn command() -> clap::Command {
    let mut cmd = Cli::command();
    cmd.build();
    cmd
}

/// Every command under `cmd` (not clap's own `help`), depth first, with
/// its full name: `list`, …, `config path`, `config default`.
pub fn commands(cmd: &clap::Command) -> Vec<(String, clap::Command)> {
    let mut out = Vec::new();
    collect(cmd, "", &mut out);
    out
}

fn collect(cmd: &clap::Command, prefix: &str, out: &mut Vec<(String, clap::Command)>) {
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" || sub.is_hide_set() {
            continue;
        }
        let name = format!("{prefix}{}", sub.get_name());
        out.push((name.clone(), sub.clone()));
        collect(sub, &format!("{name} "), out);
    }
}

/// The manual page, lektyr(1), in roff: name, synopsis, description and
/// options of `lektyr`, then a COMMANDS section with each command's usage,
/// what it does and its options, a KEYS section with the reader's keys,
/// then the notes of `lektyr --help`.
pub fn man_page() -> Result<String, String> {
    let root = command();
    let man = Man::new(root.clone());
    let mut page = render(|w| man.render_title(w))?;
    for part in [
        Man::render_name_section,
        Man::render_synopsis_section,
        Man::render_description_section,
        Man::render_options_section,
    ] {
        page.push_str(&without_preamble(&render(|w| part(&man, w))?));
    }
    let mut commands = Roff::new();
    commands.control("SH", ["COMMANDS"]);
    page.push_str(&commands.to_roff());
    for (_, mut cmd) in commands_of(&root) {
        let usage = cmd.render_usage().to_string();
        let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage).to_string();
        let mut head = Roff::new();
        head.control("SS", [usage.as_str()]);
        let about = cmd.get_long_about().or(cmd.get_about());
        for line in about.map(|a| a.to_string()).unwrap_or_default().lines() {
            head.text([roman(line)]);
        }
        page.push_str(&head.to_roff());
        // --help is told once, above.
        let shared: Vec<clap::Id> = cmd
            .get_arguments()
            .filter(|a| a.get_id() == "help")
            .map(|a| a.get_id().clone())
            .collect();
        for id in shared {
            cmd = cmd.mut_arg(id, |a| a.hide(true));
        }
        if cmd.get_arguments().any(|a| !a.is_hide_set()) {
            let man = Man::new(cmd);
            let options = without_preamble(&render(|w| man.render_options_section(w))?);
            // Under the command's own heading, not a section of their own.
            let options: Vec<&str> = options.lines().filter(|l| !l.starts_with(".SH ")).collect();
            page.push_str(&options.join("\n"));
            page.push('\n');
        }
    }
    page.push_str(&keys_section());
    if let Some(notes) = root.get_after_help() {
        let mut r = Roff::new();
        r.control("SH", ["NOTES"]);
        for paragraph in notes.to_string().split("\n\n") {
            r.control("PP", []);
            r.text([roman(paragraph.replace('\n', " "))]);
        }
        r.control("SH", ["SEE ALSO"]);
        r.text([
            roman("The README for the archive format and the config file; "),
            bold("lektyr config default"),
            roman(" prints a commented config."),
        ]);
        page.push_str(&r.to_roff());
    }
    Ok(page)
}

/// The KEYS section: every action with its default keys, from the same
/// rows the reader's `?` overlay shows.
fn keys_section() -> String {
    let mut r = Roff::new();
    r.control("SH", ["KEYS"]);
    r.text([roman(
        "The reader's keys, as its ? overlay lists them (a pane in parentheses \
         when the key acts only there); the config's [keys] table binds others, \
         and snapshot --keys replays them.",
    )]);
    for (keys, what) in crate::keymap::Keymap::default().help_rows() {
        r.control("TP", []);
        r.text([bold(keys)]);
        r.text([roman(what)]);
    }
    r.to_roff()
}

fn commands_of(root: &clap::Command) -> Vec<(String, clap::Command)> {
    commands(root)
        .into_iter()
        .filter(|(_, cmd)| !cmd.has_subcommands())
        .collect()
}

/// Runs a clap_mangen renderer into a string.
fn render(f: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> Result<String, String> {
    let mut out = Vec::new();
    f(&mut out).map_err(|e| format!("error: rendering the man page: {e}"))?;
    String::from_utf8(out).map_err(|e| format!("error: rendering the man page: {e}"))
}

/// A rendered part without the apostrophe definitions every part starts
/// with (the page keeps the title's).
fn without_preamble(part: &str) -> String {
    let preamble = Roff::new().render();
    part.strip_prefix(&preamble).unwrap_or(part).to_string()
}

/// The completion script for `shell`.
pub fn completions(shell: clap_complete::Shell) -> String {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "lektyr", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use crate::keymap::Keymap;

    /// The man page's KEYS section as the reader sees it: roff's escapes
    /// of `-` and `\\` undone.
    fn keys_text() -> String {
        let page = super::man_page().expect("the man page renders");
        let from = page.find(".SH KEYS").expect("a KEYS section");
        let section = &page[from..];
        let end = section[1..].find("\n.SH ").map_or(section.len(), |e| e + 1);
        section[..end]
            .replace("\\-", "-")
            .replace("\\\\", "\\")
            .replace("\\&", "")
    }

    #[test]
    fn the_man_page_names_every_actions_keys() {
        let keys = keys_text();
        let keymap = Keymap::default();
        assert!(!keymap.bindings().is_empty());
        for binding in keymap.bindings() {
            let key = binding.key.to_string();
            let what = binding.action.describe();
            // The action's row: its description after its keys.
            let row = keys
                .split(".TP\n")
                .find(|row| row.lines().nth(1) == Some(what))
                .unwrap_or_else(|| panic!("no row for {:?}:\n{keys}", binding.action));
            assert!(
                row.contains(&key),
                "{key} of {:?} missing: {row}",
                binding.action
            );
        }
    }
}
