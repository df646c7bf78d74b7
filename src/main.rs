//! The `frontline` binary: parses the command line and hands over to `frontline::cli`.

use clap::Parser;

fn main() {
    let cli = frontline::cli::Cli::parse();
    std::process::exit(frontline::cli::run(cli));
}
