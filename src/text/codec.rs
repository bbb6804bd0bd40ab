//! The codec of every gamification.v1 service (set in build.rs): prost's,
//! with two changes on the way in.
//!
//! - A request of a unary or server-streaming method is scanned
//!   ([`super::scan`]) before it is decoded: a bad string field is
//!   INVALID_ARGUMENT naming the field, and the handler never runs.
//! - Bytes that are not a valid message are INVALID_ARGUMENT (the caller
//!   sent them), where prost's codec says INTERNAL.
//!
//! Responses and client-stream items pass as prost decodes them; client
//! streams check each item in their handler ([`super::scan::check_item`]).
use std::marker::PhantomData;

use bytes::Buf;
use prost::{Message, Name};
use prost_reflect::MessageDescriptor;
use tonic::{
    Status,
    codec::{Codec, DecodeBuf, Decoder},
};
use tonic_prost::ProstEncoder;

use super::scan;
use crate::error::AppError;

#[derive(Debug, Clone)]
pub struct CheckedCodec<T, U> {
    _types: PhantomData<(T, U)>,
}

impl<T, U> Default for CheckedCodec<T, U> {
    fn default() -> Self {
        CheckedCodec {
            _types: PhantomData,
        }
    }
}

impl<T, U> Codec for CheckedCodec<T, U>
where
    T: Message + Send + 'static,
    U: Message + Name + Default + Send + 'static,
{
    type Encode = T;
    type Decode = U;
    type Encoder = ProstEncoder<T>;
    type Decoder = CheckedDecoder<U>;

    fn encoder(&mut self) -> Self::Encoder {
        ProstEncoder::default()
    }

    fn decoder(&mut self) -> Self::Decoder {
        let checked = scan::catalog()
            .ok()
            .and_then(|catalog| catalog.codec_checked(&U::full_name()));
        CheckedDecoder {
            checked,
            _type: PhantomData,
        }
    }
}

#[derive(Debug)]
pub struct CheckedDecoder<U> {
    /// The request's descriptor when it is scanned.
    checked: Option<MessageDescriptor>,
    _type: PhantomData<U>,
}

impl<U: Message + Name + Default> Decoder for CheckedDecoder<U> {
    type Item = U;
    type Error = Status;

    fn decode(&mut self, buf: &mut DecodeBuf<'_>) -> Result<Option<U>, Status> {
        let bytes = buf.copy_to_bytes(buf.remaining());
        if let Some(message) = &self.checked {
            let faults = scan::scan(message, &bytes);
            if !faults.is_empty() {
                return Err(AppError::InvalidArgument(faults).into());
            }
        }
        U::decode(bytes).map(Some).map_err(|error| {
            Status::invalid_argument(format!("not a valid {}: {error}", U::full_name()))
        })
    }
}
