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
}

#[derive(Subcommand)]
enum SeedKind {
    /// A realistic demo hierarchy with a user of every role (only into an empty database).
    Demo {
        /// Print the demo logins even when the database was not empty.
        #[arg(long)]
        print_logins: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Openapi = command {
        print!("{}", restrack::openapi::document_json());
        return ExitCode::SUCCESS;
    }
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
        Command::Migrate => migrate(&config),
        Command::Seed {
            what: SeedKind::Demo { print_logins },
        } => seed_demo(&config, print_logins),
        Command::Openapi => unreachable!(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
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
