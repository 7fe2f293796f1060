"""The pull client against a real local server: what it retries, how long it waits, and what it never retries."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pull_server import HF_DAY, cut_off
from starlette.responses import Response

from sitegen.pull.hf import parse_entries
from sitegen.pull.http import HttpClient, PullError, RetryPolicy, retry_after_seconds

FAST = RetryPolicy(attempts=3, backoff=0.01, max_wait=5)


def get_day(base: str, policy: RetryPolicy = FAST) -> tuple[list[dict], int]:
    with HttpClient(policy) as client:
        entries = client.get(
            f"{base}/api/daily_papers", {"date": HF_DAY, "p": 0, "limit": 50}, parse_entries
        )
        return entries, client.requests


def test_a_500_then_success_is_retried(replay):
    server, base = replay
    server.faults.append(Response("upstream down", status_code=500))
    entries, requests = get_day(base)
    assert len(entries) == 50 and requests == 2


def test_429_waits_as_long_as_retry_after_says(replay):
    server, base = replay
    server.faults.append(Response("slow down", status_code=429, headers={"Retry-After": "1"}))
    entries, requests = get_day(base)
    assert len(entries) == 50 and requests == 2
    (first, _), (second, _) = server.requests
    assert second - first >= 0.9  # a lower bound only: the client waited at least what it was told


def test_retry_after_longer_than_the_client_waits_is_a_clear_error(replay):
    server, base = replay
    server.faults.append(Response("", status_code=429, headers={"Retry-After": "3600"}))
    with pytest.raises(PullError, match="asks to wait 3600 s"):
        get_day(base)
    assert len(server.requests) == 1


def test_retries_are_bounded_and_the_error_names_the_url(replay):
    server, base = replay
    server.faults.extend(Response("busy", status_code=503) for _ in range(5))
    with pytest.raises(PullError) as error:
        get_day(base)
    assert "HTTP 503" in str(error.value) and "gave up after 3 attempts" in str(error.value)
    assert f"date={HF_DAY}" in str(error.value)
    assert len(server.requests) == 3


def test_a_client_error_is_not_retried(replay):
    server, base = replay
    server.faults.append(Response("no such day", status_code=404))
    with pytest.raises(PullError, match="HTTP 404 Not Found: no such day"):
        get_day(base)
    assert len(server.requests) == 1


def test_a_connection_cut_mid_body_is_retried(replay):
    server, base = replay
    server.faults.append(cut_off(b'[{"paper": {"id": "2601.00001"}}]' * 20, "application/json"))
    entries, requests = get_day(base)
    assert len(entries) == 50 and requests == 2


def test_a_refused_connection_is_a_network_error(replay):
    _, base = replay
    from live_server import free_port

    with pytest.raises(PullError, match="network error"):
        get_day(f"http://127.0.0.1:{free_port()}", RetryPolicy(attempts=2, backoff=0.01))


def test_a_host_that_cannot_be_resolved_fails_at_once_naming_it():
    """A DNS failure does not pass by waiting: one attempt, not the policy's five with their waits."""
    slow = RetryPolicy(attempts=5, backoff=30, max_wait=60)
    with HttpClient(slow) as client, pytest.raises(PullError, match="cannot resolve the host"):
        client.get("http://no-such-host.invalid/api/daily_papers", {}, parse_entries)
    assert client.requests == 1


def test_retry_after_as_seconds_or_http_date():
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("7", now) == 7
    assert retry_after_seconds("Thu, 01 Jan 2026 12:00:30 GMT", now) == 30
    assert retry_after_seconds("Thu, 01 Jan 2026 11:00:00 GMT", now) == 0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None
