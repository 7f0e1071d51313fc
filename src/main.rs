//! The `lektyr` binary: everything lives in the library.

// mimalloc: loading and reopening a big archive is mostly making many
// small strings, which it does in about half the time of the system's
// allocator (see README, "Speed").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    lektyr::memory::small_pages_from_start();
    lektyr::cli::main()
}
