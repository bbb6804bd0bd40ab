//! The command line: without a subcommand the binary serves; `export-batch`
//! writes a training batch to a file for a Hugging Face `datasets` loader.
use std::{
    fs::File,
    io::{BufWriter, Write},
    path::PathBuf,
};

use clap::{Parser, Subcommand, ValueEnum};

use crate::{
    config::Config,
    db,
    shutdown::shutdown_signal,
    startup::{Application, StartupError},
    telemetry,
    training::batches::{Export, Item},
};

#[derive(Debug, Parser)]
#[command(name = "gamification", version, about = "Gamification gRPC service")]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Writes a training batch to a file (JSON Lines or CSV), in its stable order.
    ExportBatch(ExportArgs),
    /// Asks a server's gRPC health service for SERVING; exits non-zero
    /// otherwise (for container health checks where there is no shell).
    Healthcheck(HealthcheckArgs),
}

#[derive(Debug, clap::Args)]
pub struct HealthcheckArgs {
    /// The server's gRPC address.
    #[arg(long, default_value = "127.0.0.1:50051")]
    pub addr: String,
    /// Connect with TLS, trusting this PEM CA.
    #[arg(long)]
    pub ca: Option<PathBuf>,
    /// The name the server's certificate is for (with --ca).
    #[arg(long, default_value = "localhost")]
    pub domain: String,
    /// A client certificate and key (PEM), for a server requiring mutual TLS.
    #[arg(long, requires = "key")]
    pub cert: Option<PathBuf>,
    #[arg(long, requires = "cert")]
    pub key: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The batch id, as CreateTrainingBatch returned it.
    #[arg(long)]
    pub batch_id: String,
    /// Output file; written next to it first, then renamed into place.
    #[arg(long, short)]
    pub output: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    pub format: Format,
    /// Only the rows of this split (train or validation); all by default.
    #[arg(long)]
    pub split: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Jsonl,
    Csv,
}

/// Serves, or runs the subcommand.
pub async fn run(cli: Cli) -> Result<(), StartupError> {
    if let Some(Command::Healthcheck(args)) = &cli.command {
        return healthcheck(args).await;
    }
    let telemetry = telemetry::init(&cli.config)?;
    let result = match cli.command {
        None => serve(cli.config).await,
        Some(Command::ExportBatch(args)) => export_batch(&cli.config, &args)
            .await
            .map(|rows| tracing::info!(rows, output = %args.output.display(), "batch exported")),
        Some(Command::Healthcheck(_)) => Ok(()),
    };
    // Spans still buffered leave before the process does.
    telemetry.shutdown().await;
    result
}

async fn serve(config: Config) -> Result<(), StartupError> {
    let app = Application::build(config)
        .await
        .inspect_err(|e| tracing::error!(error = %e, "cannot start"))?;
    let stop = app.shutdown_token();
    tokio::spawn(async move {
        shutdown_signal().await;
        stop.cancel();
    });
    app.run_until_stopped().await
}

/// One health check of the whole server (service ""), within 5 seconds.
async fn healthcheck(args: &HealthcheckArgs) -> Result<(), StartupError> {
    use tonic::transport::{Certificate, Channel, ClientTlsConfig, Identity};
    use tonic_health::pb::{HealthCheckRequest, health_client::HealthClient};
    let scheme = if args.ca.is_some() { "https" } else { "http" };
    let mut endpoint = Channel::from_shared(format!("{scheme}://{}", args.addr))?
        .timeout(std::time::Duration::from_secs(5))
        .connect_timeout(std::time::Duration::from_secs(5));
    if let Some(ca) = &args.ca {
        let mut tls = ClientTlsConfig::new()
            .ca_certificate(Certificate::from_pem(std::fs::read(ca)?))
            .domain_name(args.domain.clone());
        if let (Some(cert), Some(key)) = (&args.cert, &args.key) {
            tls = tls.identity(Identity::from_pem(
                std::fs::read(cert)?,
                std::fs::read(key)?,
            ));
        }
        endpoint = endpoint.tls_config(tls)?;
    }
    let mut client = HealthClient::new(endpoint.connect().await?);
    let status = client
        .check(HealthCheckRequest::default())
        .await?
        .into_inner()
        .status();
    println!("{}", status.as_str_name());
    if status == tonic_health::pb::health_check_response::ServingStatus::Serving {
        Ok(())
    } else {
        Err(format!("the server is {}", status.as_str_name()).into())
    }
}

/// Writes the batch's rows; returns how many.
pub async fn export_batch(config: &Config, args: &ExportArgs) -> Result<u64, StartupError> {
    if let Some(split) = &args.split
        && !["train", "validation"].contains(&split.as_str())
    {
        return Err("--split must be train or validation".into());
    }
    let db = db::connect(config).await?;
    let mut export = Export::open(db, &args.batch_id).await?;
    let partial = args.output.with_extension("partial");
    let mut out = BufWriter::new(File::create(&partial)?);
    if args.format == Format::Csv {
        writeln!(out, "text,intent,entities,language,split,sample_id")?;
    }
    let mut rows = 0;
    loop {
        let page = export.next_page().await?;
        if page.is_empty() {
            break;
        }
        for item in page {
            if args.split.as_ref().is_some_and(|s| *s != item.split) {
                continue;
            }
            write_row(&mut out, args.format, &item)?;
            rows += 1;
        }
    }
    out.flush()?;
    drop(out);
    std::fs::rename(&partial, &args.output)?;
    Ok(rows)
}

/// Entities are written as JSON text: their shape varies by intent, and a
/// string column keeps the `datasets` schema the same for every row.
fn write_row(out: &mut impl Write, format: Format, item: &Item) -> std::io::Result<()> {
    let entities = item
        .entities
        .as_ref()
        .map(|e| e.to_string())
        .unwrap_or_default();
    let language = item.language.clone().unwrap_or_default();
    match format {
        Format::Jsonl => {
            let row = serde_json::json!({
                "text": item.text,
                "intent": item.intent,
                "entities": entities,
                "language": language,
                "split": item.split,
                "sample_id": item.sample_id,
            });
            writeln!(out, "{row}")
        }
        Format::Csv => {
            let fields = [
                item.text.as_str(),
                item.intent.as_str(),
                entities.as_str(),
                language.as_str(),
                item.split.as_str(),
            ];
            let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            writeln!(out, "{},{}", quoted.join(","), item.sample_id)
        }
    }
}

/// RFC 4180: every field quoted, quotes doubled.
fn csv_field(value: &str) -> String {
    format!("\"{}\"", value.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_escaped() {
        assert_eq!(csv_field(r#"say "hi", ok"#), r#""say ""hi"", ok""#);
    }
}
