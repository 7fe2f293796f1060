"""The HTTP client behind `sitegen pull`: GET with bounded retries and back-off, then one clear error."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

import httpx
import tenacity

from sitegen import __version__
from sitegen.errors import SitegenError

T = TypeVar("T")
USER_AGENT = f"sitegen/{__version__} (sitegen pull)"
# Answers that may well be different a moment later; any other 4xx is the request's fault.
RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class PullError(SitegenError):
    """A pull failed: the server could not be reached, refused the request, or kept answering nonsense."""


class Unusable(Exception):
    """An answer worth asking again for: a network error, 429/5xx, a truncated or invalid body."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5  # requests in all, the first one included
    backoff: float = 1.0  # the first wait; doubled after each failed attempt
    max_wait: float = 60.0  # the longest wait; a longer Retry-After is a clear error, not a hang
    timeout: float = 30.0  # seconds for connecting and for each read


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: either delta-seconds or an HTTP date (RFC 9110 10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def request_url(url: str, params: Mapping[str, object] | None) -> str:
    return str(httpx.URL(url, params={k: str(v) for k, v in (params or {}).items()}))


class HttpClient:
    """One connection pool for a pull; `get` retries what may pass next time and nothing else."""

    def __init__(
        self, policy: RetryPolicy = RetryPolicy(), sleep: Callable[[float], None] = time.sleep
    ):
        self.policy = policy
        self.sleep = sleep
        self.requests = 0
        self._client = httpx.Client(
            timeout=policy.timeout, headers={"User-Agent": USER_AGENT}, follow_redirects=True
        )

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()

    def get(
        self,
        url: str,
        params: Mapping[str, object],
        parse: Callable[[httpx.Response], T],
        explain: Callable[[httpx.Response], str] | None = None,
    ) -> T:
        """GET url?params and parse the answer; raises PullError once retries are used up.

        `explain` turns an error response into the server's own message (default: its body's start).
        """
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.policy.attempts),
            wait=self._wait,
            retry=tenacity.retry_if_exception_type(Unusable),
            sleep=self.sleep,
            reraise=True,
        )
        try:
            return retrying(self._attempt, url, params, parse, explain or body_start)
        except Unusable as exc:
            raise PullError(
                f"{request_url(url, params)}: {exc} (gave up after {self.policy.attempts} attempts)"
            ) from exc

    def _wait(self, state: tenacity.RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, Unusable) and error.retry_after is not None:
            return error.retry_after
        return min(self.policy.backoff * 2 ** (state.attempt_number - 1), self.policy.max_wait)

    def _attempt(
        self, url: str, params: Mapping[str, object], parse: Callable[[httpx.Response], T], explain
    ) -> T:
        self.requests += 1
        try:
            response = self._client.get(url, params=dict(params))
        except httpx.TransportError as exc:  # refused, reset, timed out, body cut short
            if unresolved(exc):  # a wrong host name or no network: waiting will not change it
                raise PullError(
                    f"{request_url(url, params)}: cannot resolve the host {httpx.URL(url).host!r} "
                    f"({exc}): check the URL and the network"
                ) from exc
            raise Unusable(f"network error: {exc.__class__.__name__}: {exc}") from exc
        status = response.status_code
        if status in RETRY_STATUS:
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            if wait is not None and wait > self.policy.max_wait:
                raise PullError(
                    f"{response.request.url}: HTTP {status}; the server asks to wait {wait:.0f} s, "
                    f"longer than the {self.policy.max_wait:.0f} s sitegen waits: try again later"
                )
            raise Unusable(f"HTTP {status} {response.reason_phrase}", retry_after=wait)
        if response.is_error:
            raise PullError(
                f"{response.request.url}: HTTP {status} {response.reason_phrase}: {explain(response)}"
            )
        return parse(response)


def unresolved(exc: BaseException) -> bool:
    """Whether a transport error comes from a failed DNS lookup (socket.gaierror, wrapped by httpx)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def body_start(response: httpx.Response, length: int = 200) -> str:
    """The start of a body, on one line, for error messages."""
    flat = " ".join(response.text.split())
    return flat if len(flat) <= length else flat[:length] + "…"
