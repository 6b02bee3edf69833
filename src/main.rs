//! The `seatplan` binary: parse arguments, run, map errors to exit codes.

use clap::Parser;

fn main() {
    // Die quietly on a closed pipe (`seatplan forecast | head`) like other Unix tools, instead
    // of panicking in println!.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = seatplan::cli::Cli::parse();
    if let Err(e) = seatplan::cli::run(cli) {
        eprint!("error: {e}");
        if !e.to_string().ends_with('\n') {
            eprintln!();
        }
        std::process::exit(e.exit_code());
    }
}
