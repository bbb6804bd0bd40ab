"""The error details the service sends, decoded.

Every error is a gRPC status; some carry google.rpc details in the
``grpc-status-details-bin`` trailer:

- INVALID_ARGUMENT: ``BadRequest``, one field violation per bad field;
- FAILED_PRECONDITION: ``ErrorInfo``, a stable reason (domain
  ``gamification.v1``) with ids in its metadata;
- RESOURCE_EXHAUSTED: ``QuotaFailure`` (subject ``user:<id>``, the setting
  that ran out) and ``RetryInfo`` (how long until it resets).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Iterable, Optional, Tuple, TypeVar, Union

import grpc
from google.protobuf.message import Message
from google.rpc import error_details_pb2, status_pb2

ERROR_DOMAIN: Final = "gamification.v1"
DETAILS_KEY: Final = "grpc-status-details-bin"

#: Every ``ErrorInfo.reason`` the service sends (FAILED_PRECONDITION); see the README.
REASONS: Final = (
    "GAMES_DISABLED",
    "GAME_TYPE_DISABLED",
    "NO_QUESTIONS_LEFT",
    "NO_GOLD_QUESTIONS",
    "GAME_ALREADY_ACTIVE",
    "GAME_NOT_ACTIVE",
    "GAME_EXPIRED",
    "GAME_NOT_PLAYABLE",
    "QUESTION_NOT_IN_GAME",
    "QUESTION_NOT_CURRENT",
    "QUESTION_ANSWERED_DIFFERENTLY",
    "QUESTION_REMOVED",
    "SAMPLE_NOT_PENDING",
    "SAMPLE_IN_BATCH",
    "SAMPLE_VOTES_EXHAUSTED",
    "NO_SAMPLES_FOR_BATCH",
    "NO_REWARD",
    "GAME_NOT_COMPLETED",
    "REWARD_ALREADY_CREDITED",
    "REWARD_NOT_FAILED",
    "REWARD_NOT_FOR_APPROVAL",
    "FLOW_SYSTEM_CRITICAL",
    "FLOW_DISABLED",
    "REFERENCED_ROW_MISSING",
    "REQUEST_ID_REUSED",
)

M = TypeVar("M", bound=Message)
Metadata = Iterable[Tuple[str, Union[str, bytes]]]


@dataclass(frozen=True)
class ErrorDetails:
    """A failed call: its code, its message, and the details it carried."""

    code: grpc.StatusCode
    message: str
    bad_request: Optional[error_details_pb2.BadRequest] = None
    error_info: Optional[error_details_pb2.ErrorInfo] = None
    quota_failure: Optional[error_details_pb2.QuotaFailure] = None
    retry_info: Optional[error_details_pb2.RetryInfo] = None

    @property
    def field_violations(self) -> list[tuple[str, str]]:
        """``(field, description)`` of each bad field of an INVALID_ARGUMENT."""
        if self.bad_request is None:
            return []
        return [(v.field, v.description) for v in self.bad_request.field_violations]

    @property
    def reason(self) -> Optional[str]:
        """The stable reason of a FAILED_PRECONDITION of this service."""
        if self.error_info is None or self.error_info.domain != ERROR_DOMAIN:
            return None
        reason: str = self.error_info.reason
        return reason

    @property
    def retry_after_seconds(self) -> Optional[float]:
        """How long to wait before retrying a RESOURCE_EXHAUSTED, if the server said."""
        if self.retry_info is None or not self.retry_info.HasField("retry_delay"):
            return None
        delay = self.retry_info.retry_delay
        seconds: float = delay.seconds + delay.nanos / 1e9
        return seconds


def error_details(error: grpc.RpcError) -> ErrorDetails:
    """The details of an error raised by a call (sync or ``grpc.aio``)."""
    code, message, trailers = _parts(error)
    for key, value in trailers:
        if key == DETAILS_KEY and isinstance(value, bytes):
            decoded = decode_status_details(value)
            # The status the call ended with is the truth; details complete it.
            return ErrorDetails(
                code=code,
                message=message,
                bad_request=decoded.bad_request,
                error_info=decoded.error_info,
                quota_failure=decoded.quota_failure,
                retry_info=decoded.retry_info,
            )
    return ErrorDetails(code=code, message=message)


def decode_status_details(value: bytes) -> ErrorDetails:
    """Decodes the bytes of a ``grpc-status-details-bin`` (a google.rpc.Status)."""
    status = status_pb2.Status.FromString(value)
    return ErrorDetails(
        code=_code_of(status.code),
        message=status.message,
        bad_request=_unpack(status, error_details_pb2.BadRequest),
        error_info=_unpack(status, error_details_pb2.ErrorInfo),
        quota_failure=_unpack(status, error_details_pb2.QuotaFailure),
        retry_info=_unpack(status, error_details_pb2.RetryInfo),
    )


def _unpack(status: status_pb2.Status, kind: type[M]) -> Optional[M]:
    for detail in status.details:
        if detail.TypeName() == kind.DESCRIPTOR.full_name:
            message = kind()
            detail.Unpack(message)
            return message
    return None


def _code_of(number: int) -> grpc.StatusCode:
    for code in grpc.StatusCode:
        if code.value[0] == number:
            return code
    return grpc.StatusCode.UNKNOWN


def _parts(error: grpc.RpcError) -> tuple[grpc.StatusCode, str, Metadata]:
    code = getattr(error, "code", None)
    details = getattr(error, "details", None)
    trailing = getattr(error, "trailing_metadata", None)
    if not (callable(code) and callable(details) and callable(trailing)):
        raise TypeError(f"not an error of a gRPC call: {error!r}")
    return code(), details() or "", trailing() or ()
