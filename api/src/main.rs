use std::process::ExitCode;

use clap::{Parser, Subcommand};
use restrack::app::Application;
use restrack::config::Config;
use restrack::db::Db;
use restrack::seed::{self, SeedOutcome};

/// Resolution Tracker: monitoring the implementation of strategic resolutions.
#[derive(Parser)]
#[command(name = "restrack", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the web app (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load data into the database.
    Seed {
        #[command(subcommand)]
        what: SeedKind,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Copy a consistent snapshot of a SQLite database to a file while the server runs.
    Backup {
        /// The file to write (must not exist).
        #[arg(long)]
        output: std::path::PathBuf,
    },
    /// Upload a CSV or JSON file to a server's bulk import (all or nothing).
    Import {
        /// The server, for example https://restrack.example.gov.vn
        #[arg(long, env = "RESTRACK_SERVER")]
        server: String,
        /// An API key or access token.
        #[arg(long, env = "RESTRACK_TOKEN", hide_env_values = true)]
        token: String,
        /// agencies, tasks, indicators or indicator-values
        #[arg(long)]
        kind: String,
        /// Validate every row and report, writing nothing.
        #[arg(long)]
        dry_run: bool,
        /// For indicator-values: submit the figures for approval at once.
        #[arg(long)]
        submit: bool,
        /// Makes a retry safe: the same key and file are applied once.
        #[arg(long)]
        idempotency_key: Option<String>,
        /// The file (.csv, or .json for a JSON array).
        file: std::path::PathBuf,
    },
    /// Download what a server exports (the import columns).
    Export {
        #[arg(long, env = "RESTRACK_SERVER")]
        server: String,
        #[arg(long, env = "RESTRACK_TOKEN", hide_env_values = true)]
        token: String,
        #[arg(long)]
        kind: String,
        /// csv or json
        #[arg(long, default_value = "csv")]
        format: String,
        /// Write here instead of standard output.
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
enum SeedKind {
    /// A realistic demo hierarchy with a user of every role (only into an empty database).
    Demo {
        /// Print the demo logins even when the database was not empty.
        #[arg(long)]
        print_logins: bool,
    },
    /// The national map: the 34 provinces and 3,321 commune-level units since 1 July 2025 with
    /// their official codes (any database; units already recorded are kept).
    Map,
    /// A deterministic national dataset for benchmarks (only into an empty database).
    Synthetic {
        /// Agencies in all (central bodies, ministries, 34 provinces, departments, communes).
        #[arg(long, default_value_t = 5_000)]
        agencies: usize,
        /// Tasks in all, over seven resolutions.
        #[arg(long, default_value_t = 1_000_000)]
        tasks: usize,
        /// KPI figures (revisions) in all.
        #[arg(long, default_value_t = 10_000_000)]
        values: usize,
        /// The same seed gives the same data.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve);
    match &command {
        Command::Openapi => {
            print!("{}", restrack::openapi::document_json());
            return ExitCode::SUCCESS;
        }
        Command::Import {
            server,
            token,
            kind,
            dry_run,
            submit,
            idempotency_key,
            file,
        } => {
            let args = restrack::cli::ImportArgs {
                server,
                token,
                kind,
                file,
                dry_run: *dry_run,
                submit: *submit,
                idempotency_key: idempotency_key.as_deref(),
            };
            return client_exit(restrack::cli::import(args));
        }
        Command::Export {
            server,
            token,
            kind,
            format,
            output,
        } => {
            return client_exit(restrack::cli::export(
                server,
                token,
                kind,
                format,
                output.as_deref(),
            ));
        }
        _ => {}
    }
    return_large_blocks_to_the_os();
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    restrack::telemetry::init(&config.log_filter, config.log_json);
    let result = match command {
        Command::Serve => serve(config),
        Command::Backup { output } => backup(&config, &output),
        Command::Migrate => migrate(&config),
        Command::Seed {
            what: SeedKind::Demo { print_logins },
        } => seed_demo(&config, print_logins),
        Command::Seed {
            what: SeedKind::Map,
        } => seed_map(&config),
        Command::Seed {
            what:
                SeedKind::Synthetic {
                    agencies,
                    tasks,
                    values,
                    seed,
                },
        } => seed_synthetic(
            &config,
            restrack::synthetic::Size {
                agencies,
                tasks,
                values,
                seed,
            },
        ),
        Command::Openapi | Command::Import { .. } | Command::Export { .. } => {
            unreachable!("handled above")
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn client_exit(result: anyhow::Result<restrack::cli::ExitStatus>) -> ExitCode {
    match result {
        Ok(status) => ExitCode::from(status.0),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn serve(config: Config) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let bind = config.bind.clone();
        let db = config.database_url.to_string();
        let app = Application::build(config).await?;
        tracing::info!(%bind, port = app.port(), database = %db, "serving");
        println!("Resolution Tracker is listening on http://{bind} (database {db})");
        app.run_until_stopped().await?;
        Ok(())
    })
}

fn backup(config: &Config, output: &std::path::Path) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 1)?;
    let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
    restrack::db::backup(&mut conn, output)?;
    println!(
        "Wrote a consistent copy of {} to {}.",
        config.database_url,
        output.display()
    );
    Ok(())
}

fn migrate(config: &Config) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 1)?;
    let applied = db.migrate()?;
    if applied.is_empty() {
        println!("database is up to date");
    } else {
        for m in applied {
            println!("applied {m}");
        }
    }
    Ok(())
}

fn seed_synthetic(config: &Config, size: restrack::synthetic::Size) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 1)?;
    db.migrate()?;
    let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
    let started = std::time::Instant::now();
    let loaded = restrack::synthetic::load(&mut conn, size, restrack::tasks::today())
        .map_err(|e| anyhow::anyhow!("{}", e.detail))?;
    println!(
        "Loaded {} agencies, {} resolutions, {} tasks, {} progress reports, {} indicators and {} KPI figures in {:.1} s.",
        loaded.agencies,
        loaded.resolutions,
        loaded.tasks,
        loaded.reports,
        loaded.indicators,
        loaded.values,
        started.elapsed().as_secs_f64()
    );
    println!("Logins (password {}): admin", restrack::seed::DEMO_PASSWORD);
    for (user, agency, _) in restrack::synthetic::LOGINS {
        println!("  {user} ({agency})");
    }
    Ok(())
}

fn seed_map(config: &Config) -> anyhow::Result<()> {
    use restrack::bootstrap::Bootstrap;
    let db = Db::connect(&config.database_url, 1)?;
    db.migrate()?;
    let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
    let admin_password = config.bootstrap_admin_password.as_ref().map(|s| s.expose());
    let started = std::time::Instant::now();
    let (bootstrapped, loaded) = restrack::agencies::national_map::seed(&mut conn, admin_password)
        .map_err(|e| anyhow::anyhow!("{}", e.detail))?;
    if let Bootstrap::Created {
        generated_password: Some(password),
    } = bootstrapped
    {
        println!("Created the root agency and the user admin with the password {password}");
    }
    println!(
        "National map: {} units created, {} existing units given their official code, {} already recorded ({:.1} s).",
        loaded.created,
        loaded.coded,
        loaded.present,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn seed_demo(config: &Config, print_logins: bool) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 1)?;
    db.migrate()?;
    let mut conn = db.get().map_err(|e| anyhow::anyhow!("{e}"))?;
    let admin_password = config.bootstrap_admin_password.as_ref().map(|s| s.expose());
    let outcome = seed::demo(&mut conn, admin_password).map_err(|e| anyhow::anyhow!("{e}"))?;
    let show = match outcome {
        SeedOutcome::Loaded => {
            println!("Loaded the demo data into {}.", config.database_url);
            true
        }
        SeedOutcome::Skipped { reason } => {
            println!("Demo data not loaded: {reason}.");
            print_logins
        }
    };
    if show {
        println!("\nDemo logins:");
        println!(
            "  {:<18} {:<36} {:<12} roles",
            "username", "password", "agency"
        );
        for (user, pass, agency, roles) in seed::demo_logins(admin_password.is_some()) {
            println!("  {user:<18} {pass:<36} {agency:<12} {roles}");
        }
    }
    Ok(())
}

/// Checking a password (argon2id) allocates 19 MiB. glibc serves blocks that size from the calling
/// thread's arena once its dynamic mmap threshold has grown, and keeps them there after they are
/// freed: every worker thread that ever checked a password held on to 20–60 MB (a few hundred MB
/// after bursts of logins, found by `make soak`). From 1 MiB on, blocks are mapped and unmapped
/// directly, so the memory goes back to the system when the check ends.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_large_blocks_to_the_os() {
    // SAFETY: mallopt only sets an allocator parameter; it is called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_large_blocks_to_the_os() {}
