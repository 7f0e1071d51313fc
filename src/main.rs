//! The `lektyr` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    lektyr::cli::main()
}
