//! Fuzz target: any bytes as an archive file. Loading must never panic, and
//! whatever loads must carry no terminal controls in the strings it shows
//! (`../checks.rs`, which the regression test replays too).
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks.rs"]
mod checks;

fuzz_target!(|data: &[u8]| {
    if let Ok(archive) = lektyr::archive::load_bytes("fuzz.json", data) {
        checks::check_archive("fuzz.json", &archive);
    }
});
