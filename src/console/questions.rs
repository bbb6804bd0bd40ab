//! The question bank: filters (type, language, difficulty, enabled, text),
//! create, edit, enable/disable, and CSV/JSONL import that lists each
//! rejected row and why. Forms are parsed by the same parser as
//! CreateQuestion (`questions::question_input`), after the same text checks
//! as the gRPC codec, so the violations are the same.
use axum::{
    Form,
    extract::{Multipart, Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use maud::{Markup, html};
use serde::Deserialize;

use super::{
    Console,
    form::{self, Errors},
    layout::{self, Nav},
    session::{Admin, Session},
};
use crate::{
    domain::{Difficulty, GameType},
    error::{AppError, AppResult},
    proto,
    questions::{self, Question, QuestionFilter, QuestionInput},
};

/// Rows one import takes (as ImportQuestions).
const MAX_IMPORT_ROWS: usize = 10_000;

#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    game_type: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    difficulty: String,
    #[serde(default)]
    enabled: String,
    #[serde(default)]
    q: String,
    #[serde(default)]
    after: String,
    done: Option<String>,
}

impl ListQuery {
    fn filter(&self) -> QuestionFilter {
        let some = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        QuestionFilter {
            game_type: some(&self.game_type),
            difficulty: some(&self.difficulty),
            language: some(&self.language).map(|l| l.to_ascii_lowercase()),
            enabled: match self.enabled.as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            tag: None,
            text: some(&self.q),
        }
    }

    /// This query's link with another page token.
    fn with_after(&self, after: &str) -> String {
        let pairs = [
            ("game_type", self.game_type.as_str()),
            ("language", self.language.as_str()),
            ("difficulty", self.difficulty.as_str()),
            ("enabled", self.enabled.as_str()),
            ("q", self.q.as_str()),
            ("after", after),
        ];
        let query: Vec<String> = pairs
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        format!("/questions?{}", query.join("&"))
    }
}

/// Percent-encodes a query value.
fn encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

pub async fn list(
    State(console): State<Console>,
    Admin(session): Admin,
    Query(query): Query<ListQuery>,
) -> Response {
    let found = questions::list(&console.state.db, query.filter(), 50, &query.after).await;
    let (rows, next) = match found {
        Ok(found) => found,
        Err(error) => return form::error_response(&session, &error),
    };
    let body = html! {
        (layout::notice(query.done.as_deref()))
        p.actions {
            a.button href="/questions/new" { "New question" }
            " "
            a.button href="/questions/import" { "Import CSV or JSONL" }
        }
        form.filters method="get" action="/questions" role="search" {
            label { "Type " (select("game_type", &game_types(), &query.game_type, true)) }
            label { "Language " input type="text" name="language" value=(query.language) size="5" placeholder="hi"; }
            label { "Difficulty " (select("difficulty", &difficulties(), &query.difficulty, true)) }
            label { "Enabled "
                select name="enabled" {
                    option value="" selected[query.enabled.is_empty()] { "any" }
                    option value="true" selected[query.enabled == "true"] { "enabled" }
                    option value="false" selected[query.enabled == "false"] { "disabled" }
                }
            }
            label { "Text " input type="search" name="q" value=(query.q) placeholder="contains…"; }
            button type="submit" { "Filter" }
        }
        @if rows.is_empty() {
            p { "No question matches." }
        } @else {
            table #questions {
                thead { tr {
                    th { "ID" } th { "Type" } th { "Lang" } th { "Difficulty" } th { "Question" }
                    th { "Answer" } th { "Used" } th { "Success" } th { "Enabled" } th { "" }
                } }
                tbody {
                    @for q in &rows { (row(&session, q)) }
                }
            }
        }
        @if let Some(next) = next {
            p { a href=(query.with_after(&next)) rel="next" { "Next page" } }
        }
    };
    layout::render(layout::page(
        "Question bank",
        Some(&session),
        Nav::Questions,
        body,
    ))
}

fn row(session: &Session, q: &Question) -> Markup {
    let m = &q.model;
    let enabled = m.enabled.unwrap_or(true);
    html! {
        tr {
            td { (m.id) }
            td { (m.game_type) }
            td { (m.language) }
            td { (m.difficulty.as_deref().unwrap_or("")) }
            td lang=(m.language) { (m.question_text) }
            td lang=(m.language) { (m.correct_answer) }
            td.num { (m.usage_count.unwrap_or(0)) }
            td.num { (m.success_rate.map(|r| format!("{:.0}%", r.0 * rust_decimal::Decimal::from(100))).unwrap_or_else(|| "—".into())) }
            td { @if enabled { "yes" } @else { "no" } }
            td.row-actions {
                a href={ "/questions/" (m.id) } aria-label={ "Edit question " (m.id) } { "Edit" }
                form.inline method="post" action={ "/questions/" (m.id) "/enabled" } {
                    (layout::csrf(session))
                    input type="hidden" name="enabled" value=(if enabled { "false" } else { "true" });
                    button type="submit" aria-label={ (if enabled { "Disable" } else { "Enable" }) " question " (m.id) } {
                        @if enabled { "Disable" } @else { "Enable" }
                    }
                }
            }
        }
    }
}

fn game_types() -> Vec<&'static str> {
    GameType::ALL.iter().map(|g| g.as_str()).collect()
}

fn difficulties() -> Vec<&'static str> {
    [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard]
        .iter()
        .map(|d| d.as_str())
        .collect()
}

fn select(name: &str, options: &[&str], chosen: &str, any: bool) -> Markup {
    html! {
        select name=(name) id=(name) {
            @if any { option value="" selected[chosen.is_empty()] { "any" } }
            @for o in options { option value=(o) selected[*o == chosen] { (o) } }
        }
    }
}

/// The question form as typed.
#[derive(Deserialize, Default, Clone)]
pub struct QuestionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    game_type: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    question_text: String,
    #[serde(default)]
    question_context: String,
    #[serde(default)]
    correct_answer: String,
    /// One option a line.
    #[serde(default)]
    answer_options: String,
    #[serde(default)]
    difficulty: String,
    #[serde(default)]
    reward_amount: String,
    /// Separated by commas.
    #[serde(default)]
    tags: String,
    context_required: Option<String>,
    enabled: Option<String>,
}

impl QuestionForm {
    fn from_question(q: &Question) -> QuestionForm {
        let m = &q.model;
        let options: Vec<String> = m
            .answer_options
            .as_ref()
            .and_then(|j| serde_json::from_value(j.clone()).ok())
            .unwrap_or_default();
        QuestionForm {
            csrf: String::new(),
            game_type: m.game_type.clone(),
            language: m.language.clone(),
            question_text: m.question_text.clone(),
            question_context: m.question_context.clone().unwrap_or_default(),
            correct_answer: m.correct_answer.clone(),
            answer_options: options.join("\n"),
            difficulty: m.difficulty.clone().unwrap_or_default(),
            reward_amount: m.reward_amount.map(|a| a.0.to_string()).unwrap_or_default(),
            tags: q.tags.join(", "),
            context_required: m.context_required.unwrap_or(false).then(|| "on".into()),
            enabled: m.enabled.unwrap_or(true).then(|| "on".into()),
        }
    }

    fn to_proto(&self) -> proto::QuestionInput {
        let split = |text: &str, by: char| -> Vec<String> {
            text.split(by)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        };
        proto::QuestionInput {
            game_type: self.game_type.clone(),
            language: self.language.clone(),
            question_text: self.question_text.clone(),
            question_context: self.question_context.clone(),
            correct_answer: self.correct_answer.clone(),
            answer_options: split(&self.answer_options, '\n'),
            difficulty: self.difficulty.clone(),
            reward_amount: self.reward_amount.clone(),
            context_required: self.context_required.is_some(),
            tags: split(&self.tags, ','),
            enabled: Some(self.enabled.is_some()),
        }
    }
}

/// Checks a question as CreateQuestion does: the codec's text checks, then
/// the field parsers and its game type's shape.
async fn parse(console: &Console, input: proto::QuestionInput) -> AppResult<QuestionInput> {
    let faults = crate::text::scan::check_item(&proto::CreateQuestionRequest {
        question: Some(input.clone()),
        request_id: String::new(),
    });
    if !faults.is_empty() {
        return Err(AppError::InvalidArgument(faults));
    }
    let max = console.state.settings.current().await.max_text_length;
    questions::question_input(input, max)
}

const FIELDS: [&str; 11] = [
    "game_type",
    "language",
    "question_text",
    "question_context",
    "correct_answer",
    "answer_options",
    "difficulty",
    "reward_amount",
    "tags",
    "context_required",
    "enabled",
];

fn editor(session: &Session, action: &str, form: &QuestionForm, errors: &Errors) -> Markup {
    let text_input = |name: &str, label: &str, value: &str, hint: &str| {
        html! {
            label for=(name) { (label) }
            @if !hint.is_empty() { span.hint id={ (name) "-hint" } { (hint) } }
            input id=(name) type="text" name=(name) value=(value) lang=(form.language)
                aria-invalid=[errors.has(name).then_some("true")]
                aria-describedby=[errors.describedby(name)];
            (errors.at(name))
        }
    };
    html! {
        (errors.summary(&FIELDS))
        form.stack #question-form method="post" action=(action) {
            (layout::csrf(session))
            label for="game_type" { "Game type" }
            (select("game_type", &game_types(), &form.game_type, false))
            (errors.at("game_type"))
            (text_input("language", "Language", &form.language, "A language tag such as hi or en."))
            label for="question_text" { "Question" }
            textarea #question_text name="question_text" rows="3" lang=(form.language)
                aria-invalid=[errors.has("question_text").then_some("true")]
                aria-describedby=[errors.describedby("question_text")] { (form.question_text) }
            (errors.at("question_text"))
            (text_input("question_context", "Context", &form.question_context, "entity_hunter: the entity to find."))
            (text_input("correct_answer", "Correct answer", &form.correct_answer, ""))
            label for="answer_options" { "Answer options (one a line)" }
            textarea #answer_options name="answer_options" rows="4" lang=(form.language)
                aria-invalid=[errors.has("answer_options").then_some("true")]
                aria-describedby=[errors.describedby("answer_options")] { (form.answer_options) }
            (errors.at("answer_options"))
            label for="difficulty" { "Difficulty" }
            (select("difficulty", &difficulties(), &form.difficulty, false))
            (errors.at("difficulty"))
            (text_input("reward_amount", "Reward amount", &form.reward_amount, "Empty: the difficulty's reward."))
            (text_input("tags", "Tags", &form.tags, "Separated by commas."))
            label.check {
                input #context_required type="checkbox" name="context_required" checked[form.context_required.is_some()];
                " Personalised template (intent_quest with {message})"
            }
            (errors.at("context_required"))
            label.check {
                input #enabled type="checkbox" name="enabled" checked[form.enabled.is_some()];
                " Enabled"
            }
            button type="submit" { "Save question" }
        }
    }
}

pub async fn new_form(State(_console): State<Console>, Admin(session): Admin) -> Response {
    let form = QuestionForm {
        game_type: GameType::IntentQuest.as_str().into(),
        language: "hi".into(),
        difficulty: Difficulty::Medium.as_str().into(),
        enabled: Some("on".into()),
        ..QuestionForm::default()
    };
    let body = editor(&session, "/questions/new", &form, &Errors::default());
    layout::render(layout::page(
        "New question",
        Some(&session),
        Nav::Questions,
        body,
    ))
}

pub async fn create(
    State(console): State<Console>,
    Admin(session): Admin,
    Form(form): Form<QuestionForm>,
) -> Response {
    if let Some(refused) = form::csrf_refusal(&session, &form.csrf) {
        return refused;
    }
    let result = match parse(&console, form.to_proto()).await {
        Ok(input) => questions::create(&console.state.db, input, console.state.clock.now()).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(question) => {
            Redirect::to(&format!("/questions/{}?done=created", question.model.id)).into_response()
        }
        Err(error) => {
            let body = editor(
                &session,
                "/questions/new",
                &form,
                &Errors::from_error(&error),
            );
            let page = layout::page("New question", Some(&session), Nav::Questions, body);
            layout::render_status(form::status_of(&error), page)
        }
    }
}

#[derive(Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

pub async fn edit_form(
    State(console): State<Console>,
    Admin(session): Admin,
    Path(id): Path<i32>,
    Query(query): Query<DoneQuery>,
) -> Response {
    let question = match questions::get(&console.state.db, id).await {
        Ok(question) => question,
        Err(error) => return form::error_response(&session, &error),
    };
    let form = QuestionForm::from_question(&question);
    let body = html! {
        (layout::notice(query.done.as_deref()))
        (usage(&question))
        (editor(&session, &format!("/questions/{id}"), &form, &Errors::default()))
    };
    let title = format!("Question {id}");
    layout::render(layout::page(&title, Some(&session), Nav::Questions, body))
}

fn usage(question: &Question) -> Markup {
    let m = &question.model;
    html! {
        dl.facts {
            dt { "Used in games" } dd { (m.usage_count.unwrap_or(0)) " times" }
            dt { "Success rate" } dd { (m.success_rate.map(|r| format!("{:.1}%", r.0 * rust_decimal::Decimal::from(100))).unwrap_or_else(|| "not played yet".into())) }
            dt { "Kind" } dd { (format!("{:?}", questions::QuestionKind::of(m))) }
        }
    }
}

pub async fn update(
    State(console): State<Console>,
    Admin(session): Admin,
    Path(id): Path<i32>,
    Form(form): Form<QuestionForm>,
) -> Response {
    if let Some(refused) = form::csrf_refusal(&session, &form.csrf) {
        return refused;
    }
    let result = match parse(&console, form.to_proto()).await {
        Ok(input) => {
            questions::update(&console.state.db, id, input, console.state.clock.now()).await
        }
        Err(error) => Err(error),
    };
    match result {
        Ok(_) => Redirect::to(&format!("/questions/{id}?done=saved")).into_response(),
        Err(error) => {
            let body = editor(
                &session,
                &format!("/questions/{id}"),
                &form,
                &Errors::from_error(&error),
            );
            let title = format!("Question {id}");
            let page = layout::page(&title, Some(&session), Nav::Questions, body);
            layout::render_status(form::status_of(&error), page)
        }
    }
}

pub async fn set_enabled(
    State(console): State<Console>,
    Admin(session): Admin,
    Path(id): Path<i32>,
    Form(input): Form<form::EnabledForm>,
) -> Response {
    if let Some(refused) = form::csrf_refusal(&session, &input.csrf) {
        return refused;
    }
    let enabled = input.enabled;
    match questions::set_enabled(&console.state.db, id, enabled, console.state.clock.now()).await {
        Ok(_) => {
            let done = if enabled { "enabled" } else { "disabled" };
            Redirect::to(&format!("/questions?done={done}")).into_response()
        }
        Err(error) => form::error_response(&session, &error),
    }
}

pub async fn import_form(Admin(session): Admin) -> Response {
    let body = import_page(&session, None, &Errors::default());
    layout::render(layout::page(
        "Import questions",
        Some(&session),
        Nav::Questions,
        body,
    ))
}

fn import_page(session: &Session, outcome: Option<Markup>, errors: &Errors) -> Markup {
    html! {
        @if let Some(outcome) = outcome { (outcome) }
        (errors.summary(&["file"]))
        form.stack #import-form method="post" action="/questions/import" enctype="multipart/form-data" {
            (layout::csrf(session))
            label for="file" { "File" }
            span.hint id="file-hint" {
                "CSV with a header row, or JSON Lines (one object a line; a .jsonl name). "
                "Columns: game_type, language, question_text, correct_answer, and optionally "
                "question_context, answer_options and tags (separated by | in CSV, arrays in JSONL), "
                "difficulty, reward_amount, context_required, enabled. Each row is checked like "
                "a question created here; bad rows are listed and the others imported."
            }
            input #file type="file" name="file" accept=".csv,.jsonl,.json,text/csv" required aria-describedby="file-hint";
            (errors.at("file"))
            button type="submit" { "Import" }
        }
        details {
            summary { "Example CSV" }
            pre lang="hi" { "game_type,language,question_text,correct_answer,answer_options,difficulty,tags\n"
                "intent_quest,hi,मुझे पिज़्ज़ा चाहिए,order_food,order_food|greeting|cancel_order,easy,food|hindi\n" }
        }
    }
}

/// One row of an import file, whatever its format.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct ImportRow {
    game_type: String,
    language: String,
    question_text: String,
    question_context: String,
    correct_answer: String,
    answer_options: Vec<String>,
    difficulty: String,
    reward_amount: String,
    context_required: bool,
    tags: Vec<String>,
    enabled: Option<bool>,
}

impl ImportRow {
    fn into_proto(self) -> proto::QuestionInput {
        proto::QuestionInput {
            game_type: self.game_type,
            language: self.language,
            question_text: self.question_text,
            question_context: self.question_context,
            correct_answer: self.correct_answer,
            answer_options: self.answer_options,
            difficulty: self.difficulty,
            reward_amount: self.reward_amount,
            context_required: self.context_required,
            tags: self.tags,
            enabled: self.enabled,
        }
    }
}

/// A parsed row (or why it could not be read) with its line in the file.
type Parsed = (usize, Result<proto::QuestionInput, String>);

fn parse_jsonl(text: &str) -> Vec<Parsed> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let row = serde_json::from_str::<ImportRow>(line)
                .map(ImportRow::into_proto)
                .map_err(|e| format!("not a question object: {e}"));
            (i + 1, row)
        })
        .collect()
}

fn parse_csv(text: &str) -> Result<Vec<Parsed>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("the header row cannot be read: {e}"))?
        .clone();
    let known = [
        "game_type",
        "language",
        "question_text",
        "question_context",
        "correct_answer",
        "answer_options",
        "difficulty",
        "reward_amount",
        "context_required",
        "tags",
        "enabled",
    ];
    if let Some(unknown) = headers.iter().find(|h| !known.contains(h)) {
        return Err(format!(
            "unknown column {unknown:?}; the columns are {}",
            known.join(", ")
        ));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let line = record
            .as_ref()
            .ok()
            .and_then(|r| r.position())
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
        let parsed = record
            .map_err(|e| format!("the row cannot be read: {e}"))
            .and_then(|record| csv_row(&headers, &record));
        rows.push((line, parsed));
    }
    Ok(rows)
}

fn csv_row(
    headers: &csv::StringRecord,
    record: &csv::StringRecord,
) -> Result<proto::QuestionInput, String> {
    if record.len() != headers.len() {
        return Err(format!(
            "has {} fields, the header {}",
            record.len(),
            headers.len()
        ));
    }
    let mut row = ImportRow::default();
    let list = |v: &str| -> Vec<String> {
        v.split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let flag = |name: &str, v: &str| -> Result<Option<bool>, String> {
        match v.to_ascii_lowercase().as_str() {
            "" => Ok(None),
            "true" | "1" | "yes" => Ok(Some(true)),
            "false" | "0" | "no" => Ok(Some(false)),
            _ => Err(format!("{name}: must be true or false")),
        }
    };
    for (name, value) in headers.iter().zip(record.iter()) {
        let value = value.to_string();
        match name {
            "game_type" => row.game_type = value,
            "language" => row.language = value,
            "question_text" => row.question_text = value,
            "question_context" => row.question_context = value,
            "correct_answer" => row.correct_answer = value,
            "answer_options" => row.answer_options = list(&value),
            "difficulty" => row.difficulty = value,
            "reward_amount" => row.reward_amount = value,
            "context_required" => row.context_required = flag(name, &value)?.unwrap_or(false),
            "tags" => row.tags = list(&value),
            "enabled" => row.enabled = flag(name, &value)?,
            _ => {}
        }
    }
    Ok(row.into_proto())
}

pub async fn import(
    State(console): State<Console>,
    Admin(session): Admin,
    mut multipart: Multipart,
) -> Response {
    let mut csrf = String::new();
    let mut file: Option<(String, String)> = None;
    let mut errors = Errors::default();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or_default().to_string();
                let file_name = field.file_name().unwrap_or_default().to_string();
                match (name.as_str(), field.text().await) {
                    ("csrf", Ok(text)) => csrf = text,
                    ("file", Ok(text)) => file = Some((file_name, text)),
                    (_, Ok(_)) => {}
                    (_, Err(e)) => errors.general.push(format!("The upload failed: {e}")),
                }
            }
            Ok(None) => break,
            Err(e) => {
                errors.general.push(format!("The upload failed: {e}"));
                break;
            }
        }
    }
    if let Some(refused) = form::csrf_refusal(&session, &csrf) {
        return refused;
    }
    let show = |errors: &Errors, outcome: Option<Markup>, status: StatusCode| {
        let body = import_page(&session, outcome, errors);
        layout::render_status(
            status,
            layout::page("Import questions", Some(&session), Nav::Questions, body),
        )
    };
    let Some((file_name, text)) = file.filter(|(_, t)| !t.trim().is_empty()) else {
        errors.add_all(&[crate::error::Violation::new(
            "file",
            "is required: choose a CSV or JSONL file with at least one row",
        )]);
        return show(&errors, None, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let jsonl = file_name.ends_with(".jsonl") || file_name.ends_with(".json");
    let parsed = if jsonl {
        parse_jsonl(&text)
    } else {
        match parse_csv(&text) {
            Ok(rows) => rows,
            Err(reason) => {
                errors.add_all(&[crate::error::Violation::new("file", reason)]);
                return show(&errors, None, StatusCode::UNPROCESSABLE_ENTITY);
            }
        }
    };
    if parsed.len() > MAX_IMPORT_ROWS {
        let limit = format!("one import takes at most {MAX_IMPORT_ROWS} rows");
        errors.add_all(&[crate::error::Violation::new("file", limit)]);
        return show(&errors, None, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let lines: Vec<usize> = parsed.iter().map(|(line, _)| *line).collect();
    let mut rows = Vec::with_capacity(parsed.len());
    for (_, row) in parsed {
        rows.push(match row {
            Ok(input) => parse(&console, input).await.map_err(|e| e.to_string()),
            Err(reason) => Err(reason),
        });
    }
    let imported = match questions::import(&console.state.db, rows, console.state.clock.now()).await
    {
        Ok(imported) => imported,
        Err(error) => return form::error_response(&session, &error),
    };
    let outcome = html! {
        div.notice #import-result role="status" {
            p { "Imported " strong #imported-count { (imported.ids.len()) } " question(s)"
                @if !imported.rejections.is_empty() { "; " strong #rejected-count { (imported.rejections.len()) } " row(s) rejected" }
                "." }
        }
        @if !imported.rejections.is_empty() {
            table #rejections {
                caption { "Rejected rows" }
                thead { tr { th { "Row" } th { "Line" } th { "Why" } } }
                tbody {
                    @for (row, reason) in &imported.rejections {
                        tr {
                            td { (row + 1) }
                            td { (lines.get(*row).copied().unwrap_or(0)) }
                            td { (reason) }
                        }
                    }
                }
            }
        }
    };
    show(&Errors::default(), Some(outcome), StatusCode::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_are_read_with_their_lines_and_lists() {
        let text = "game_type,language,question_text,correct_answer,answer_options,tags\n\
                    intent_quest,hi,\"मुझे पिज़्ज़ा, अभी\",order_food,order_food|greeting,food|hi\n\
                    intent_quest,hi,x\n";
        let rows = parse_csv(text).expect("csv");
        assert_eq!(rows.len(), 2);
        let (line, first) = &rows[0];
        assert_eq!(*line, 2);
        let first = first.as_ref().expect("first row");
        assert_eq!(first.question_text, "मुझे पिज़्ज़ा, अभी");
        assert_eq!(first.answer_options, ["order_food", "greeting"]);
        assert!(rows[1].1.is_err(), "a short row is rejected");
        assert!(parse_csv("nonsense\nx\n").is_err());
    }

    #[test]
    fn jsonl_rows_are_read_and_unknown_fields_refused() {
        let text =
            "{\"game_type\":\"intent_quest\",\"answer_options\":[\"a\",\"b\"]}\n\n{\"oops\":1}\n";
        let rows = parse_jsonl(text);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, 1);
        assert!(rows[0].1.is_ok());
        assert_eq!(rows[1].0, 3);
        assert!(rows[1].1.is_err());
    }
}
