"""Typed clients of the gamification gRPC service.

``connect("127.0.0.1:50051", token=...)`` gives a stub of each service;
messages are in ``gamification_client.v1`` (``games_pb2``, ``users_pb2``, ...);
``error_details(err)`` decodes what a failed call carried.
"""

from gamification_client.clients import Clients, connect
from gamification_client.errors import (
    ERROR_DOMAIN,
    REASONS,
    ErrorDetails,
    decode_status_details,
    error_details,
)

__all__ = [
    "Clients",
    "connect",
    "ERROR_DOMAIN",
    "REASONS",
    "ErrorDetails",
    "decode_status_details",
    "error_details",
]
