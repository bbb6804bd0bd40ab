//! Throughput of `LogTurns` (streamed, multi-row INSERTs) against the same
//! turns sent one by one with `LogTurn`, at the same concurrency.
//!
//! Starts the server in-process on a port of its own against `DATABASE_URL`
//! (use a scratch database: it is migrated and written to), then prints
//! rows per second for both ways and their ratio:
//!
//! ```sh
//! DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench cargo run --example log_turns_bench -- 20000 8
//! ```
use std::time::Instant;

use gamification::{
    config::Config,
    proto::{
        LogTurnRequest, LogTurnsRequest, TurnInput,
        conversation_log_service_client::ConversationLogServiceClient,
    },
    startup::Application,
};
use tonic::transport::Channel;

type Error = Box<dyn std::error::Error + Send + Sync>;

fn turn(i: usize) -> TurnInput {
    TurnInput {
        user_id: Some(1 + (i % 1000) as i32),
        session_id: format!("bench-{}", i % 500),
        channel: "whatsapp".into(),
        user_message: format!("mujhe kal subah {i} baje ki train ka status batao"),
        bot_response: "Aapki train samay par hai.".into(),
        nlu_intent: "train_status".into(),
        nlu_confidence: format!("0.{:04}", (i * 37) % 10_000),
        nlu_alternate_intents_json: r#"[{"intent":"ticket_booking","confidence":0.21}]"#.into(),
        nlu_entities_json: r#"{"time":"kal subah"}"#.into(),
        nlu_language: "hi".into(),
        nlu_provider: "indicbert".into(),
        nlu_processing_time_ms: Some(12),
        response_time_ms: Some(80),
        turn_number: Some((i % 20) as i32),
        ..Default::default()
    }
}

async fn one_by_one(channel: Channel, rows: usize, workers: usize) -> Result<f64, Error> {
    let start = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..workers {
        let mut client = ConversationLogServiceClient::new(channel.clone());
        tasks.push(tokio::spawn(async move {
            for i in (w..rows).step_by(workers) {
                client
                    .log_turn(LogTurnRequest {
                        turn: Some(turn(i)),
                    })
                    .await?;
            }
            Ok::<(), tonic::Status>(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    Ok(rows as f64 / start.elapsed().as_secs_f64())
}

async fn streamed(channel: Channel, rows: usize, workers: usize) -> Result<f64, Error> {
    let start = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..workers {
        let mut client = ConversationLogServiceClient::new(channel.clone());
        let items: Vec<LogTurnsRequest> = (w..rows)
            .step_by(workers)
            .map(|i| LogTurnsRequest {
                turn: Some(turn(i)),
            })
            .collect();
        tasks.push(tokio::spawn(async move {
            client.log_turns(tokio_stream::iter(items)).await
        }));
    }
    for task in tasks {
        let report = task.await??.into_inner();
        assert!(report.rejected.is_empty(), "{:?}", report.rejected);
    }
    Ok(rows as f64 / start.elapsed().as_secs_f64())
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let rows: usize = args.next().map_or(Ok(20_000), |a| a.parse())?;
    let workers: usize = args.next().map_or(Ok(8), |a| a.parse())?;
    let url = std::env::var("DATABASE_URL")?;
    let mut config = Config::for_database(url);
    config.db_pool_size = 16;
    config.request_timeout_secs = 600;
    let app = Application::build(config).await?;
    let addr = app.local_addr();
    let stop = app.shutdown_token();
    let server = tokio::spawn(app.run_until_stopped());
    let channel = Channel::from_shared(format!("http://{addr}"))?
        .connect()
        .await?;
    let single = one_by_one(channel.clone(), rows, workers).await?;
    let batched = streamed(channel, rows, workers).await?;
    println!("rows={rows} concurrency={workers}");
    println!("LogTurn  one by one: {single:>10.0} rows/s");
    println!("LogTurns streamed:   {batched:>10.0} rows/s");
    println!("ratio: {:.1}x", batched / single);
    stop.cancel();
    server.await??;
    Ok(())
}
