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
    let telemetry = telemetry::init(&cli.config)?;
    let result = match cli.command {
        None => serve(cli.config).await,
        Some(Command::ExportBatch(args)) => export_batch(&cli.config, &args)
            .await
            .map(|rows| tracing::info!(rows, output = %args.output.display(), "batch exported")),
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
