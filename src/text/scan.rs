//! Finds every string field in an encoded request by walking its bytes
//! with the message's descriptor (from the compiled descriptor set), and
//! checks each one with [`super::fault`]. Nothing is allocated unless a
//! field is bad; a bad field is reported with its full path from the
//! request, e.g. `turn.user_message` or `answer_options[2]`.
//!
//! The walk reads the wire format directly rather than a decoded dynamic
//! message: it sees invalid UTF-8 too, and costs one pass over the bytes.
//! Malformed bytes end the walk silently; the ordinary decode that follows
//! reports them.
use std::{
    collections::HashSet,
    sync::{Arc, LazyLock},
};

use prost_reflect::{DescriptorPool, FieldDescriptor, Kind, MessageDescriptor};

use super::{TextKind, fault};
use crate::{error::Violation, proto::FILE_DESCRIPTOR_SET};

/// Deeper nesting than this is not walked (our messages nest a few levels;
/// the decode that follows refuses absurd depths).
const MAX_DEPTH: usize = 32;

/// The service's message descriptors and which requests the codec checks.
#[derive(Debug)]
pub struct Catalog {
    pool: DescriptorPool,
    /// Inputs of unary and server-streaming methods. A client stream's items
    /// are checked by its handler one by one, so one bad item does not end
    /// the stream (see [`check_item`]).
    codec_checked: HashSet<String>,
}

static CATALOG: LazyLock<Result<Arc<Catalog>, String>> =
    LazyLock::new(|| Catalog::load(FILE_DESCRIPTOR_SET).map(Arc::new));

/// The catalog of this build's descriptors. Start-up calls it once, so a
/// broken descriptor set stops the server instead of failing requests.
pub fn catalog() -> Result<Arc<Catalog>, String> {
    CATALOG.clone()
}

impl Catalog {
    pub fn load(encoded: &[u8]) -> Result<Catalog, String> {
        let pool = DescriptorPool::decode(encoded)
            .map_err(|e| format!("the compiled descriptor set does not load: {e}"))?;
        let codec_checked = pool
            .services()
            .flat_map(|service| service.methods().collect::<Vec<_>>())
            .filter(|method| !method.is_client_streaming())
            .map(|method| method.input().full_name().to_string())
            .collect();
        Ok(Catalog {
            pool,
            codec_checked,
        })
    }

    pub fn pool(&self) -> &DescriptorPool {
        &self.pool
    }

    /// The descriptor of a request the codec checks, by its full name.
    pub fn codec_checked(&self, full_name: &str) -> Option<MessageDescriptor> {
        if self.codec_checked.contains(full_name) {
            self.pool.get_message_by_name(full_name)
        } else {
            None
        }
    }
}

/// The faults of every string field of `bytes`, an encoded `message`.
pub fn scan(message: &MessageDescriptor, bytes: &[u8]) -> Vec<Violation> {
    let mut faults = Vec::new();
    walk(message, bytes, &mut String::new(), 0, &mut faults);
    faults
}

/// The faults of one client-stream item (its handler reports them with the
/// item's index). An item of a type not in the catalog has none.
pub fn check_item<M: prost::Message + prost::Name>(item: &M) -> Vec<Violation> {
    let Ok(catalog) = catalog() else {
        return Vec::new();
    };
    match catalog.pool.get_message_by_name(&M::full_name()) {
        Some(message) => scan(&message, &item.encode_to_vec()),
        None => Vec::new(),
    }
}

fn walk(
    message: &MessageDescriptor,
    mut bytes: &[u8],
    path: &mut String,
    depth: usize,
    faults: &mut Vec<Violation>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    // Occurrences of each repeated field so far, for `[i]` in paths.
    let mut seen: Vec<(u32, usize)> = Vec::new();
    while !bytes.is_empty() {
        let Some(key) = varint(&mut bytes) else {
            return;
        };
        // A field number has at most 29 bits; a larger one is garbage.
        let Ok(number) = u32::try_from(key >> 3) else {
            return;
        };
        let wire_type = key & 7;
        let value = match wire_type {
            0 => varint(&mut bytes).map(|_| &[][..]),
            1 => take(&mut bytes, 8),
            5 => take(&mut bytes, 4),
            2 => varint(&mut bytes)
                .and_then(|len| usize::try_from(len).ok())
                .and_then(|len| take(&mut bytes, len)),
            // Groups (proto2) do not occur in this API.
            _ => None,
        };
        let Some(value) = value else { return };
        if wire_type != 2 {
            continue;
        }
        let Some(field) = message.get_field(number) else {
            continue;
        };
        let index = (field.is_list() || field.is_map()).then(|| next_index(&mut seen, number));
        let mark = path.len();
        push_segment(path, &field, index);
        match field.kind() {
            Kind::String => check_string(&field, value, path, faults),
            Kind::Message(inner) => walk(&inner, value, path, depth + 1, faults),
            // Bytes and packed numbers hold no text.
            _ => {}
        }
        path.truncate(mark);
    }
}

fn check_string(field: &FieldDescriptor, value: &[u8], path: &str, faults: &mut Vec<Violation>) {
    let problem = match std::str::from_utf8(value) {
        Err(_) => Some("is not valid UTF-8".to_string()),
        Ok(text) => {
            let kind = TextKind::of_field(field.name());
            fault(text, kind, kind.max_chars())
        }
    };
    if let Some(problem) = problem {
        faults.push(Violation::new(path, problem));
    }
}

fn push_segment(path: &mut String, field: &FieldDescriptor, index: Option<usize>) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(field.name());
    if let Some(i) = index {
        path.push_str(&format!("[{i}]"));
    }
}

fn next_index(seen: &mut Vec<(u32, usize)>, number: u32) -> usize {
    match seen.iter_mut().find(|(n, _)| *n == number) {
        Some((_, count)) => {
            *count += 1;
            *count - 1
        }
        None => {
            seen.push((number, 1));
            0
        }
    }
}

/// A base-128 varint, advancing `bytes`; None when malformed or cut short.
fn varint(bytes: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for (i, byte) in bytes.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            *bytes = &bytes[i + 1..];
            return Some(value);
        }
    }
    None
}

fn take<'a>(bytes: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    if bytes.len() < n {
        return None;
    }
    let (head, rest) = bytes.split_at(n);
    *bytes = rest;
    Some(head)
}

#[cfg(test)]
mod tests {
    use prost::Message;

    use super::*;
    use crate::proto;

    fn faults_of<M: Message + prost::Name>(message: &M) -> Vec<(String, String)> {
        let catalog = catalog().expect("catalog");
        let descriptor = catalog
            .pool()
            .get_message_by_name(&M::full_name())
            .expect("descriptor");
        scan(&descriptor, &message.encode_to_vec())
            .into_iter()
            .map(|v| (v.field, v.description))
            .collect()
    }

    #[test]
    fn nested_and_repeated_fields_are_named_by_their_path() {
        let request = proto::CreateQuestionRequest {
            question: Some(proto::QuestionInput {
                question_text: "fine\nwith a line break".into(),
                tags: vec!["ok".into(), "bad\u{7}".into()],
                language: "e\0n".into(),
                ..Default::default()
            }),
            ..Default::default()
        };
        let faults = faults_of(&request);
        let fields: Vec<&str> = faults.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            ["question.language", "question.tags[1]"],
            "{faults:?}"
        );
        assert!(faults[0].1.contains("NUL"), "{faults:?}");
    }

    #[test]
    fn clean_requests_have_no_faults() {
        let request = proto::LogTurnRequest {
            turn: Some(proto::TurnInput {
                session_id: "wa-9812".into(),
                user_message: "कल का मौसम कैसा है?\nbatao".into(),
                nlu_confidence: "0.42".into(),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert!(faults_of(&request).is_empty());
    }

    #[test]
    fn invalid_utf8_is_reported_on_its_field() {
        let catalog = catalog().expect("catalog");
        let descriptor = catalog
            .pool()
            .get_message_by_name("gamification.v1.GetSettingRequest")
            .expect("descriptor");
        // Field 1 (key), length 2, bytes that are not UTF-8.
        let faults = scan(&descriptor, &[0x0a, 0x02, 0xff, 0xfe]);
        assert_eq!(faults.len(), 1);
        assert_eq!(faults[0].field, "key");
        assert!(faults[0].description.contains("UTF-8"));
    }

    #[test]
    fn client_stream_items_are_left_to_their_handlers() {
        let catalog = catalog().expect("catalog");
        assert!(
            catalog
                .codec_checked("gamification.v1.LogTurnRequest")
                .is_some()
        );
        assert!(
            catalog
                .codec_checked("gamification.v1.LogTurnsRequest")
                .is_none()
        );
        assert!(
            catalog
                .codec_checked("gamification.v1.LogTurnResponse")
                .is_none()
        );
    }
}
