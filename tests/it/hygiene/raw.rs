//! Calls any RPC with request bytes built at run time (prost-reflect
//! messages), through a raw tonic client whose codec passes bytes as they
//! are.
use bytes::{Buf, BufMut, Bytes};
use prost_reflect::{MethodDescriptor, ServiceDescriptor};
use tonic::{
    Request, Status,
    codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder},
    metadata::MetadataValue,
    transport::Channel,
};

use crate::helpers::ADMIN_TOKEN;

#[derive(Debug, Clone, Copy, Default)]
pub struct BytesCodec;

impl Codec for BytesCodec {
    type Encode = Bytes;
    type Decode = Bytes;
    type Encoder = BytesCodec;
    type Decoder = BytesCodec;

    fn encoder(&mut self) -> BytesCodec {
        BytesCodec
    }

    fn decoder(&mut self) -> BytesCodec {
        BytesCodec
    }
}

impl Encoder for BytesCodec {
    type Item = Bytes;
    type Error = Status;

    fn encode(&mut self, item: Bytes, buf: &mut EncodeBuf<'_>) -> Result<(), Status> {
        buf.put_slice(&item);
        Ok(())
    }
}

impl Decoder for BytesCodec {
    type Item = Bytes;
    type Error = Status;

    fn decode(&mut self, buf: &mut DecodeBuf<'_>) -> Result<Option<Bytes>, Status> {
        Ok(Some(buf.copy_to_bytes(buf.remaining())))
    }
}

fn authorized<T>(message: T) -> Request<T> {
    let mut request = Request::new(message);
    let value: MetadataValue<_> = format!("Bearer {ADMIN_TOKEN}").parse().expect("ascii");
    request.metadata_mut().insert("authorization", value);
    request
}

/// Sends `body` as the request of `method` (a one-item stream for client
/// streaming) as an admin. Ok holds the first response message, if any; a
/// server stream that sends nothing within a moment counts as started.
pub async fn call(
    channel: &Channel,
    service: &ServiceDescriptor,
    method: &MethodDescriptor,
    body: Bytes,
) -> Result<Option<Bytes>, Status> {
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready()
        .await
        .map_err(|e| Status::unavailable(e.to_string()))?;
    let path = format!("/{}/{}", service.full_name(), method.name());
    let path = http::uri::PathAndQuery::try_from(path).expect("path");
    match (method.is_client_streaming(), method.is_server_streaming()) {
        (true, _) => {
            let items = tokio_stream::iter(vec![body]);
            let response = grpc
                .client_streaming(authorized(items), path, BytesCodec)
                .await?;
            Ok(Some(response.into_inner()))
        }
        (false, true) => {
            let response = grpc
                .server_streaming(authorized(body), path, BytesCodec)
                .await?;
            let mut stream = response.into_inner();
            let wait = std::time::Duration::from_millis(300);
            match tokio::time::timeout(wait, stream.message()).await {
                Ok(first) => first,
                Err(_) => Ok(None),
            }
        }
        (false, false) => {
            let response = grpc.unary(authorized(body), path, BytesCodec).await?;
            Ok(Some(response.into_inner()))
        }
    }
}
