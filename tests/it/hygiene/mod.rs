//! Text hygiene: every string field of every request of every RPC, found in
//! the compiled descriptor set (not a hand list), is sent bad values; no
//! call may fail with INTERNAL or UNKNOWN, and the bad field is named.
mod raw;
mod turns;

use bytes::Bytes;
use gamification::{
    proto::FILE_DESCRIPTOR_SET,
    text::{TextKind, scan::Catalog},
};
use prost::Message;
use prost_reflect::{
    DynamicMessage, FieldDescriptor, Kind, MessageDescriptor, MethodDescriptor, ServiceDescriptor,
    Value,
};
use tonic::Code;

use crate::helpers::{TestApp, field_violations};

/// A string field somewhere in a request: the fields leading to it.
struct Target {
    service: ServiceDescriptor,
    method: MethodDescriptor,
    fields: Vec<FieldDescriptor>,
}

impl Target {
    /// The field's path as violations name it, e.g. `question.tags[0]`.
    fn path(&self) -> String {
        let names: Vec<String> = self
            .fields
            .iter()
            .map(|f| {
                if f.is_list() {
                    format!("{}[0]", f.name())
                } else {
                    f.name().to_string()
                }
            })
            .collect();
        names.join(".")
    }

    fn kind(&self) -> TextKind {
        TextKind::of_field(self.fields.last().expect("a field").name())
    }

    /// The request with `value` in this field (one item of each list on
    /// the way) and every other field at its default.
    fn request(&self, value: &str) -> Bytes {
        let mut root = DynamicMessage::new(self.method.input());
        set(&mut root, &self.fields, value);
        Bytes::from(root.encode_to_vec())
    }

    fn name(&self) -> String {
        format!(
            "{}.{} {}",
            self.service.name(),
            self.method.name(),
            self.path()
        )
    }
}

fn set(message: &mut DynamicMessage, fields: &[FieldDescriptor], value: &str) {
    let (field, rest) = fields.split_first().expect("a field");
    let inner = match field.kind() {
        Kind::Message(descriptor) => {
            let mut child = DynamicMessage::new(descriptor);
            set(&mut child, rest, value);
            Value::Message(child)
        }
        _ => Value::String(value.to_string()),
    };
    let inner = if field.is_list() {
        Value::List(vec![inner])
    } else {
        inner
    };
    message.set_field(field, inner);
}

/// Every string field reachable from `message` (maps do not occur here).
fn string_fields(
    message: &MessageDescriptor,
    prefix: &[FieldDescriptor],
    out: &mut Vec<Vec<FieldDescriptor>>,
) {
    for field in message.fields() {
        let mut fields = prefix.to_vec();
        fields.push(field.clone());
        match field.kind() {
            Kind::String => out.push(fields),
            Kind::Message(inner) if prefix.len() < 6 && !field.is_map() => {
                string_fields(&inner, &fields, out)
            }
            _ => {}
        }
    }
}

fn targets() -> Vec<Target> {
    let catalog = Catalog::load(FILE_DESCRIPTOR_SET).expect("descriptors");
    let mut targets = Vec::new();
    for service in catalog.pool().services() {
        assert_eq!(service.package_name(), "gamification.v1");
        for method in service.methods() {
            let mut paths = Vec::new();
            string_fields(&method.input(), &[], &mut paths);
            for fields in paths {
                targets.push(Target {
                    service: service.clone(),
                    method: method.clone(),
                    fields,
                });
            }
        }
    }
    targets
}

/// What one call with one bad value did wrong, if anything.
fn judge(
    target: &Target,
    what: &str,
    result: Result<Option<Bytes>, tonic::Status>,
    must_refuse: bool,
) -> Option<String> {
    let name = target.name();
    match result {
        Err(status) if matches!(status.code(), Code::Internal | Code::Unknown) => Some(format!(
            "{name} with {what}: {:?} {}",
            status.code(),
            status.message()
        )),
        // A client stream refuses the bad item alone and answers OK.
        _ if target.method.is_client_streaming() || !must_refuse => None,
        Err(status) if status.code() == Code::InvalidArgument => {
            let path = target.path();
            let named = field_violations(&status)
                .iter()
                .any(|(field, _)| *field == path);
            (!named).then(|| {
                format!("{name} with {what}: the violation does not name {path}: {status:?}")
            })
        }
        other => Some(format!(
            "{name} with {what}: expected INVALID_ARGUMENT, got {other:?}"
        )),
    }
}

#[tokio::test]
async fn no_string_field_of_any_request_can_make_a_call_fail_internally() {
    let app = TestApp::spawn().await;
    let channel = app.channel();
    let targets = targets();
    assert!(
        targets.len() > 100,
        "found only {} string fields",
        targets.len()
    );
    let long = "x".repeat(100_000);
    let mut faults = Vec::new();
    for target in &targets {
        let longest_allowed = "x".repeat(target.kind().max_chars());
        let cases: [(&str, &str, bool); 5] = [
            ("a NUL", "a\0b", true),
            ("100 kB", &long, true),
            ("U+0001", "\u{1}", true),
            ("U+007F", "\u{7f}", true),
            ("the longest allowed text", &longest_allowed, false),
        ];
        for (what, value, must_refuse) in cases {
            let result = raw::call(
                &channel,
                &target.service,
                &target.method,
                target.request(value),
            )
            .await;
            faults.extend(judge(target, what, result, must_refuse));
        }
    }
    assert!(
        faults.is_empty(),
        "{} calls went wrong:\n{}",
        faults.len(),
        faults.join("\n")
    );
}

#[tokio::test]
async fn bytes_that_are_no_valid_request_are_invalid_argument() {
    let app = TestApp::spawn().await;
    let catalog = Catalog::load(FILE_DESCRIPTOR_SET).expect("descriptors");
    let service = catalog
        .pool()
        .get_service_by_name("gamification.v1.SettingsService")
        .expect("service");
    let method = service
        .methods()
        .find(|m| m.name() == "GetSetting")
        .expect("method");
    let cases: [(&str, &[u8], Option<&str>); 2] = [
        // Field 1 (key) holding bytes that are not UTF-8.
        ("invalid UTF-8", &[0x0a, 0x02, 0xff, 0xfe], Some("key")),
        // A length running past the end of the message.
        ("truncated", &[0x0a, 0x05, b'a'], None),
    ];
    for (what, bytes, field) in cases {
        let result = raw::call(&app.channel(), &service, &method, Bytes::from_static(bytes)).await;
        let status = result.expect_err(what);
        assert_eq!(status.code(), Code::InvalidArgument, "{what}: {status:?}");
        if let Some(field) = field {
            let fields: Vec<String> = field_violations(&status)
                .into_iter()
                .map(|(f, _)| f)
                .collect();
            assert_eq!(fields, [field], "{what}");
        }
    }
}

#[tokio::test]
async fn an_imported_question_row_with_a_control_character_is_refused_alone() {
    use gamification::proto::{ImportQuestionsRequest, QuestionInput};
    let app = TestApp::spawn().await;
    let row = |text: &str, option: &str| ImportQuestionsRequest {
        question: Some(QuestionInput {
            game_type: "tone_detective".into(),
            question_text: text.into(),
            correct_answer: "happy".into(),
            answer_options: vec!["happy".into(), option.into()],
            ..Default::default()
        }),
    };
    let rows = vec![
        row("Finally! It arrived.\nThank you!", "angry"),
        row("Where is my order?", "ang\u{1b}ry"),
    ];
    let report = app
        .questions()
        .import_questions(tokio_stream::iter(rows))
        .await
        .expect("import")
        .into_inner();
    assert_eq!(report.imported_count, 1, "{report:?}");
    assert_eq!(report.rejections.len(), 1);
    assert_eq!(report.rejections[0].row, 1);
    assert!(
        report.rejections[0]
            .reason
            .contains("question.answer_options[1]"),
        "{:?}",
        report.rejections[0]
    );
}
