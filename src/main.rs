//! The `seatplan` binary: parse arguments, run, map errors to exit codes.

use clap::Parser;

fn main() {
    let cli = seatplan::cli::Cli::parse();
    if let Err(e) = seatplan::cli::run(cli) {
        eprint!("error: {e}");
        if !e.to_string().ends_with('\n') {
            eprintln!();
        }
        std::process::exit(e.exit_code());
    }
}
