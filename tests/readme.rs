//! The README's key table must not drift from the keymap: every default
//! key appears in it.

use lektyr::keymap::Keymap;

#[test]
fn readme_lists_every_default_key() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md is readable");
    let keys_section = readme
        .split("## Keys")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("README has a Keys section");
    for binding in Keymap::default().bindings() {
        let key = format!("`{}`", binding.key);
        assert!(
            keys_section.contains(&key),
            "README's key table lacks {key} ({})",
            binding.action.name()
        );
    }
}

#[test]
fn readme_starts_with_the_two_commands() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md is readable");
    let first_block = readme.split("```").nth(1).expect("a code block");
    assert!(first_block.contains("cargo run --release"));
    assert!(first_block.contains("cargo test"));
}
