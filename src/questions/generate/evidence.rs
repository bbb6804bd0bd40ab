//! What the data says about intents, read for the options of generated
//! questions: which intents get mistaken for which, and which are common.
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Query, SelectStatement},
};
use serde_json::Value as Json;

use super::options::{Confusions, Frequencies};
use crate::{
    entity::{conversation_logs as logs, label_votes as votes, training_samples as samples},
    error::AppResult,
};

/// The newest turns read for their alternate intents: enough to rank the
/// usual confusions, bounded so a large log stays cheap to read.
const ALTERNATE_TURNS: u64 = 20_000;

/// Confusions of `intents` with others, from three sources: the alternates
/// the NLU considered on turns it labeled with one of them, the NLU labels
/// reviewers corrected into one of them, and players' dissenting votes.
pub async fn confusions<C: ConnectionTrait>(db: &C, intents: &[String]) -> AppResult<Confusions> {
    let mut confusions = Confusions::default();
    if intents.is_empty() {
        return Ok(confusions);
    }
    let turns: Vec<(Option<String>, Option<Json>)> = logs::Entity::find()
        .select_only()
        .columns([logs::Column::NluIntent, logs::Column::NluAlternateIntents])
        .filter(logs::Column::NluIntent.is_in(intents.iter().map(String::as_str)))
        .filter(logs::Column::NluAlternateIntents.is_not_null())
        .order_by_desc(logs::Column::Id)
        .limit(ALTERNATE_TURNS)
        .into_tuple()
        .all(db)
        .await?;
    for (intent, alternates) in turns {
        if let (Some(intent), Some(alternates)) = (intent, alternates) {
            for other in alternate_names(&alternates) {
                confusions.add(&intent, other, 1);
            }
        }
    }
    for query in [corrections(), dissenting_votes()] {
        for row in db.query_all(&query).await? {
            let (truth, other): (String, String) =
                (row.try_get("", "truth")?, row.try_get("", "other")?);
            let times: i64 = row.try_get("", "times")?;
            confusions.add(&truth, &other, u64::try_from(times).unwrap_or(0));
        }
    }
    Ok(confusions)
}

/// Intent names in `[{"intent": "x", ...}, ...]` or `{"x": 0.2, ...}`, the
/// two shapes LogTurn accepts.
fn alternate_names(json: &Json) -> Vec<&str> {
    match json {
        Json::Array(items) => items
            .iter()
            .filter_map(|item| item.get("intent").and_then(Json::as_str))
            .collect(),
        Json::Object(map) => map.keys().map(String::as_str).collect(),
        _ => Vec::new(),
    }
}

/// (truth, other, times): approved samples promoted from a turn whose NLU
/// label the reviewer changed.
fn corrections() -> SelectStatement {
    Query::select()
        .expr_as(
            Expr::col((samples::Entity, samples::Column::Intent)),
            "truth",
        )
        .expr_as(Expr::col((logs::Entity, logs::Column::NluIntent)), "other")
        .expr_as(
            Expr::col((samples::Entity, samples::Column::Id)).count(),
            "times",
        )
        .from(samples::Entity)
        .inner_join(
            logs::Entity,
            Expr::col((logs::Entity, logs::Column::Id))
                .equals((samples::Entity, samples::Column::ConversationLogId)),
        )
        .and_where(Expr::col((samples::Entity, samples::Column::Approved)).eq(true))
        .and_where(
            Expr::col((logs::Entity, logs::Column::NluIntent))
                .ne(Expr::col((samples::Entity, samples::Column::Intent))),
        )
        .group_by_col((samples::Entity, samples::Column::Intent))
        .group_by_col((logs::Entity, logs::Column::NluIntent))
        .to_owned()
}

/// (truth, other, times): players' votes for another intent than the one
/// a sample carries now.
fn dissenting_votes() -> SelectStatement {
    Query::select()
        .expr_as(
            Expr::col((samples::Entity, samples::Column::Intent)),
            "truth",
        )
        .expr_as(Expr::col((votes::Entity, votes::Column::Intent)), "other")
        .expr_as(
            Expr::col((votes::Entity, votes::Column::Id)).count(),
            "times",
        )
        .from(votes::Entity)
        .inner_join(
            samples::Entity,
            Expr::col((samples::Entity, samples::Column::Id))
                .equals((votes::Entity, votes::Column::SampleId)),
        )
        .and_where(
            Expr::col((votes::Entity, votes::Column::Intent))
                .ne(Expr::col((samples::Entity, samples::Column::Intent))),
        )
        .group_by_col((samples::Entity, samples::Column::Intent))
        .group_by_col((votes::Entity, votes::Column::Intent))
        .to_owned()
}

/// How often each intent occurs among approved samples, per language.
pub async fn frequencies<C: ConnectionTrait>(db: &C) -> AppResult<Frequencies> {
    let rows: Vec<(Option<String>, String, i64)> = samples::Entity::find()
        .select_only()
        .column(samples::Column::Language)
        .column(samples::Column::Intent)
        .column_as(Expr::col(samples::Column::Id).count(), "times")
        .filter(samples::Column::Approved.eq(true))
        .group_by(samples::Column::Language)
        .group_by(samples::Column::Intent)
        .into_tuple()
        .all(db)
        .await?;
    let mut frequencies = Frequencies::default();
    for (language, intent, times) in rows {
        frequencies.add(
            language.as_deref(),
            &intent,
            u64::try_from(times).unwrap_or(0),
        );
    }
    Ok(frequencies)
}
