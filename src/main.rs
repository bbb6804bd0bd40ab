use clap::Parser;
use gamification::{config::Config, startup::Application, telemetry};

#[tokio::main]
async fn main() -> Result<(), gamification::startup::StartupError> {
    let config = Config::parse();
    telemetry::init(config.log_format, &config.log_filter);
    let app = Application::build(config)
        .await
        .inspect_err(|e| tracing::error!(error = %e, "cannot start"))?;
    let stop = app.shutdown_token();
    tokio::spawn(async move {
        gamification::startup::shutdown_signal().await;
        stop.cancel();
    });
    app.run_until_stopped().await
}
