//! Gives lektyr a build id: a hash of what it is built from, so the archive
//! cache can tell a copy written by this build from one written by another
//! (a newer commit of the same version parses differently).
//!
//! The hash is FNV-1a, 64 bits, over the package version, every file under
//! `src/` (sorted by its path relative to `src/`, each path and its contents
//! with their lengths), then `Cargo.toml` and `Cargo.lock` when present. It
//! needs nothing but the files, so it works for `cargo install --path .`, a
//! git install and a packaged crate alike.

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    // A directory is watched whole: any file in it changed, added or
    // removed runs this again.
    for watched in ["src", "Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo:rerun-if-changed={watched}");
    }

    let mut files = Vec::new();
    walk(&root.join("src"), "src", &mut files);
    files.sort();
    for name in ["Cargo.toml", "Cargo.lock"] {
        if root.join(name).is_file() {
            files.push((name.to_string(), root.join(name)));
        }
    }

    let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
    hash.part(env!("CARGO_PKG_VERSION").as_bytes());
    for (name, path) in &files {
        let contents = fs::read(path).unwrap_or_else(|e| panic!("{name}: {e}"));
        hash.part(name.as_bytes());
        hash.part(&contents);
    }
    println!("cargo:rustc-env=LEKTYR_BUILD_ID={:016x}", hash.0);
}

/// Every file under `dir`, with its path as `/`-separated words starting
/// with `name` (the same on every platform).
fn walk(dir: &Path, name: &str, out: &mut Vec<(String, PathBuf)>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{name}: {e}"));
    for entry in entries {
        let entry = entry.unwrap_or_else(|e| panic!("{name}: {e}"));
        let path = entry.path();
        let child = format!("{name}/{}", entry.file_name().to_string_lossy());
        if path.is_dir() {
            walk(&path, &child, out);
        } else {
            out.push((child, path));
        }
    }
}

struct Fnv(u64);

impl Fnv {
    /// Adds `bytes` after their length, so no two lists of parts hash
    /// as one run of bytes.
    fn part(&mut self, bytes: &[u8]) {
        for &b in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
