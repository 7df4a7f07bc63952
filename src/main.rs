//! The `handbook` command line: `build`, `check` and `serve`, with exit codes 0 success,
//! 1 content or config errors, 2 usage errors.

use clap::{Parser, Subcommand};
use handbook::pipeline::{Builder, Failure, Mode, Options, Report};
use handbook::preview::{self, ServeOptions};
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc keeps freed memory for reuse: the build allocates and frees many short strings on
/// every core, and the system allocator spent a fifth of a build zeroing fresh pages. How long it
/// keeps freed memory is set in `handbook::allocator`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "handbook", version, about = "Builds the BMA competency handbook site (Thai/English) from content/")]
struct Cli {
    /// The site's root directory, holding handbook.toml, content/ and themes/.
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    /// Print how long each stage took (load, validate, resolve, markdown, graph, templates, write).
    #[arg(long, global = true)]
    timings: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build content/ through the theme into the output directory (site/ by default).
    Build {
        /// Write the site here instead of the config's output_dir.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Publish under this absolute URL instead of the config's base_url.
        #[arg(long, value_parser = handbook::config::normalize_base_url)]
        base_url: Option<String>,
    },
    /// Load, validate and resolve everything and report every error; write nothing.
    Check,
    /// Build, serve on http://127.0.0.1:1111/, watch content, themes and config, rebuild on every
    /// save and reload the open pages (or show the errors over the last good page).
    Serve {
        /// The port to listen on; when it is taken, the next free one is used.
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// The address to listen on (0.0.0.0 to let other machines see the preview).
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Look for changes by polling (network shares, containers) instead of system events.
        #[arg(long)]
        poll: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    handbook::allocator::tune(matches!(cli.command, Command::Serve { .. }));
    let (mode, output, base_url) = match cli.command {
        Command::Build { output, base_url } => (Mode::Build, output, base_url),
        Command::Check => (Mode::Check, None, None),
        Command::Serve { port, bind, poll } => return serve(ServeOptions { root: cli.root, bind, port, poll }),
    };
    let options = Options { root: cli.root, output, base_url, mode };
    match Builder::default().with_progress(handbook::timings::progress_wanted()).run(&options) {
        Ok(report) => {
            if cli.timings {
                print!("{}", report.stages);
            }
            println!("{}", summary(&report, mode));
            ExitCode::SUCCESS
        }
        Err(Failure::Content(diagnostics)) => {
            for d in &diagnostics {
                eprintln!("{d}");
            }
            let n = diagnostics.len();
            eprintln!("error: {n} problem{} found; nothing was written", if n == 1 { "" } else { "s" });
            ExitCode::from(1)
        }
        Err(Failure::Other(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn serve(options: ServeOptions) -> ExitCode {
    match preview::run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

fn summary(report: &Report, mode: Mode) -> String {
    let total: usize = report.pages.values().sum();
    let per_lang: Vec<String> = report.pages.iter().map(|(lang, n)| format!("{lang} {n}")).collect();
    let ms = report.elapsed.as_millis();
    let warnings = match report.warnings {
        1 => "1 warning".to_string(),
        n => format!("{n} warnings"),
    };
    match (&report.output, mode) {
        (Some(out), _) => format!("built {total} pages ({}) into {} in {ms} ms, {warnings}", per_lang.join(", "), out.display()),
        (None, _) => format!("checked {total} pages ({}) in {ms} ms: no problems, {warnings}", per_lang.join(", ")),
    }
}
