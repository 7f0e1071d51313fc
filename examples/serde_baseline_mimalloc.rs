//! The serde floor (`serde_baseline`) with the allocator lektyr's binary
//! uses, mimalloc, in place of the system's: the same parse, so the two
//! floors side by side show what the allocator alone is worth, and lektyr
//! is also compared with a floor that has its allocator.
//!
//! ```text
//! target/release/examples/serde_baseline_mimalloc [--wordpress [--self-links]] FILE
//! ```

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "serde_baseline.rs"]
#[allow(dead_code)] // read by the floor only as far as it parses
mod floor;

fn main() -> std::process::ExitCode {
    floor::main()
}
