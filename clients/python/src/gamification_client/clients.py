"""Typed stubs of every service on one channel, with the bearer token."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Callable, Optional, Sequence, Tuple, Union

import grpc

from gamification_client.v1 import (
    conversations_pb2_grpc,
    crowd_pb2_grpc,
    engagement_pb2_grpc,
    flows_pb2_grpc,
    games_pb2_grpc,
    leagues_pb2_grpc,
    questions_pb2_grpc,
    rewards_pb2_grpc,
    settings_pb2_grpc,
    training_pb2_grpc,
    users_pb2_grpc,
)


class _BearerToken(
    grpc.UnaryUnaryClientInterceptor,
    grpc.UnaryStreamClientInterceptor,
    grpc.StreamUnaryClientInterceptor,
    grpc.StreamStreamClientInterceptor,
):
    """Adds ``authorization: Bearer <token>`` to every call."""

    def __init__(self, token: str) -> None:
        self._header = ("authorization", f"Bearer {token}")

    def _with_token(self, details: Any) -> Any:
        metadata: list[Tuple[str, Union[str, bytes]]] = [*(details.metadata or ()), self._header]
        return _CallDetails(details, metadata)

    def intercept_unary_unary(self, continuation: Callable[..., Any], details: Any, request: Any) -> Any:
        return continuation(self._with_token(details), request)

    def intercept_unary_stream(self, continuation: Callable[..., Any], details: Any, request: Any) -> Any:
        return continuation(self._with_token(details), request)

    def intercept_stream_unary(self, continuation: Callable[..., Any], details: Any, requests: Any) -> Any:
        return continuation(self._with_token(details), requests)

    def intercept_stream_stream(self, continuation: Callable[..., Any], details: Any, requests: Any) -> Any:
        return continuation(self._with_token(details), requests)


class _CallDetails(grpc.ClientCallDetails):
    def __init__(self, details: Any, metadata: Sequence[Tuple[str, Union[str, bytes]]]) -> None:
        self.method = details.method
        self.timeout = details.timeout
        self.metadata = tuple(metadata)
        self.credentials = details.credentials
        self.wait_for_ready = details.wait_for_ready
        self.compression = details.compression


class Clients:
    """A stub of each service of gamification.v1 on one channel.

    ``target`` is ``host:port``; the channel is plaintext unless
    ``credentials`` (``grpc.ssl_channel_credentials(...)``) are given.
    Use it as a context manager, or call ``close()``.
    """

    def __init__(
        self,
        target: str,
        token: Optional[str] = None,
        credentials: Optional[grpc.ChannelCredentials] = None,
        options: Optional[Sequence[Tuple[str, Any]]] = None,
    ) -> None:
        if credentials is None:
            channel = grpc.insecure_channel(target, options=options)
        else:
            channel = grpc.secure_channel(target, credentials, options=options)
        self._channel = channel
        if token:
            channel = grpc.intercept_channel(channel, _BearerToken(token))
        self.settings = settings_pb2_grpc.SettingsServiceStub(channel)
        self.users = users_pb2_grpc.UserServiceStub(channel)
        self.flows = flows_pb2_grpc.FlowServiceStub(channel)
        self.games = games_pb2_grpc.GameServiceStub(channel)
        self.questions = questions_pb2_grpc.QuestionServiceStub(channel)
        self.rewards = rewards_pb2_grpc.RewardServiceStub(channel)
        self.conversations = conversations_pb2_grpc.ConversationLogServiceStub(channel)
        self.training = training_pb2_grpc.TrainingDataServiceStub(channel)
        self.crowd = crowd_pb2_grpc.CrowdLabelServiceStub(channel)
        self.engagement = engagement_pb2_grpc.EngagementServiceStub(channel)
        self.leagues = leagues_pb2_grpc.LeagueServiceStub(channel)

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> "Clients":
        return self

    def __exit__(
        self,
        kind: Optional[type[BaseException]],
        value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.close()


def connect(
    target: str,
    token: Optional[str] = None,
    credentials: Optional[grpc.ChannelCredentials] = None,
) -> Clients:
    """Stubs of every service at ``target`` (``host:port``)."""
    return Clients(target, token=token, credentials=credentials)
