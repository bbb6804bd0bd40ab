"""Starts the release server (GAMIFICATION_BIN) on a fresh SQLite file and a
port of its own for the session; stops it and removes its files after."""

from __future__ import annotations

import json
import os
import pathlib
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from typing import Iterator

import pytest

from gamification_client import Clients, connect

REPO = pathlib.Path(__file__).resolve().parents[3]
#: The admin token the test server accepts (AUTH_TOKENS).
ADMIN_TOKEN = "py-client-admin-token-0123456789"


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    binary = os.environ.get("GAMIFICATION_BIN", str(REPO / "target" / "release" / "gamification"))
    workdir = tempfile.mkdtemp(prefix="gamification-py-")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DATABASE_URL": f"sqlite://{workdir}/test.db?mode=rwc",
        "LISTEN_ADDR": "127.0.0.1:0",
        "LOG_FORMAT": "json",
        "RUST_LOG": "info",
        "REWARD_POLL_MILLIS": "100",
        "SHUTDOWN_GRACE_SECS": "1",
        "AUTH_TOKENS": f"admin:{ADMIN_TOKEN}",
    }
    process = subprocess.Popen(
        [binary], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: "queue.Queue[str]" = queue.Queue()
    log: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            log.append(line.rstrip())
            lines.put(line)

    threading.Thread(target=read, daemon=True).start()
    try:
        addr = None
        deadline = time.monotonic() + 30
        while addr is None:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start:\n" + "\n".join(log))
            try:
                line = lines.get(timeout=0.2)
            except queue.Empty:
                continue
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if event.get("message") == "serving" and event.get("addr"):
                addr = event["addr"]
        yield addr
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def api(server: str) -> Iterator[Clients]:
    with connect(server, token=ADMIN_TOKEN) as clients:
        yield clients
