"""Per-clinic request rate limits: a sliding window of the last `RATE_LIMIT_WINDOW_SECONDS`.

With Redis (`REDIS_URL`) every web process shares one window per clinic: a sorted set of
request timestamps, trimmed, counted and appended by one Lua script, so concurrent
requests cannot both take the last slot and each check is one round trip. The script
reads Redis's own clock, so web servers with skewed clocks still agree.

Without Redis the window lives in this process's memory (the embedded single-process
setup). If Redis fails mid-run the request is still served: the limiter logs a warning,
counts in process memory for a short while, and then tries Redis again.

`Decision.reset_seconds` is the number of seconds until the oldest request in the window
leaves it (a slot frees); it is sent as `X-RateLimit-Reset` and, on 429, `Retry-After`.
"""

from __future__ import annotations

import functools
import logging
import math
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import redis
from django.conf import settings
from redis.exceptions import RedisError

from clinics.models import Clinic

logger = logging.getLogger(__name__)

# Redis is on the request path: a slow Redis must cost little, then be skipped for a while.
REDIS_SOCKET_TIMEOUT_SECONDS = 0.25
REDIS_RETRY_AFTER_FAILURE_SECONDS = 5.0
FAILURE_LOG_INTERVAL_SECONDS = 60.0

# KEYS[1]: the clinic's sorted set. ARGV: window (ms), limit, a unique member.
# Returns {allowed (0/1), requests in the window, ms until the oldest leaves the window}.
SLIDING_WINDOW_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  count = count + 1
  allowed = 1
end
redis.call('PEXPIRE', KEYS[1], window)
local reset = 0
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if oldest[2] then
  reset = tonumber(oldest[2]) + window - now
end
return {allowed, count, reset}
"""


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_seconds),
        }


def _decision(*, allowed: bool, limit: int, count: int, reset_ms: float) -> Decision:
    reset = max(0, math.ceil(reset_ms / 1000))
    if not allowed:
        reset = max(1, reset)
    return Decision(allowed=allowed, limit=limit, remaining=max(0, limit - count), reset_seconds=reset)


class Limiter(Protocol):
    def hit(self, key: str, *, limit: int, window_seconds: int) -> Decision: ...


class RedisSlidingWindow:
    """The shared window. Raises RedisError when Redis cannot answer."""

    def __init__(self, client: redis.Redis) -> None:
        self._script = client.register_script(SLIDING_WINDOW_LUA)

    def hit(self, key: str, *, limit: int, window_seconds: int) -> Decision:
        allowed, count, reset_ms = self._script(keys=[key], args=[window_seconds * 1000, limit, uuid.uuid4().hex])
        return _decision(allowed=bool(allowed), limit=limit, count=int(count), reset_ms=float(reset_ms))


class LocalSlidingWindow:
    """The same window in this process's memory; thread-safe."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._hits: dict[str, deque[float]] = {}

    def hit(self, key: str, *, limit: int, window_seconds: int) -> Decision:
        with self._lock:
            now = self._clock()
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - window_seconds:
                hits.popleft()
            allowed = len(hits) < limit
            if allowed:
                hits.append(now)
            reset_ms = (hits[0] + window_seconds - now) * 1000 if hits else 0.0
            count = len(hits)
            if not hits:
                del self._hits[key]
        return _decision(allowed=allowed, limit=limit, count=count, reset_ms=reset_ms)


class FailOpenLimiter:
    """Redis first; when it fails, log and count locally for a few seconds, then retry Redis.

    Counting locally instead of not at all keeps each process within the clinic's limit
    during an outage; a request is never refused because Redis is down.
    """

    def __init__(
        self,
        primary: Limiter,
        fallback: Limiter,
        *,
        retry_after_seconds: float = REDIS_RETRY_AFTER_FAILURE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._primary = primary
        self._fallback = fallback
        self._retry_after = retry_after_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._skip_primary_until = 0.0
        self._next_log_at = 0.0

    def hit(self, key: str, *, limit: int, window_seconds: int) -> Decision:
        if self._clock() >= self._skip_primary_until:
            try:
                return self._primary.hit(key, limit=limit, window_seconds=window_seconds)
            except RedisError as exc:
                self._primary_failed(exc)
        return self._fallback.hit(key, limit=limit, window_seconds=window_seconds)

    def _primary_failed(self, exc: RedisError) -> None:
        now = self._clock()
        with self._lock:
            self._skip_primary_until = now + self._retry_after
            should_log = now >= self._next_log_at
            if should_log:
                self._next_log_at = now + FAILURE_LOG_INTERVAL_SECONDS
        if should_log:
            # The exception text can carry the Redis URL (and its password): log the type only.
            logger.warning(
                "rate limiter: Redis unavailable (%s); counting in process memory and serving requests",
                type(exc).__name__,
            )


_local_window = LocalSlidingWindow()


@functools.lru_cache(maxsize=8)
def limiter_for(redis_url: str | None) -> Limiter:
    """One limiter (and one Redis connection pool) per process and URL."""
    if not redis_url:
        return _local_window
    client = redis.Redis.from_url(
        redis_url,
        socket_timeout=REDIS_SOCKET_TIMEOUT_SECONDS,
        socket_connect_timeout=REDIS_SOCKET_TIMEOUT_SECONDS,
        health_check_interval=30,
    )
    return FailOpenLimiter(RedisSlidingWindow(client), _local_window)


def window_key(clinic: Clinic) -> str:
    return f"{settings.CACHE_KEY_PREFIX}:ratelimit:{clinic.pk}"


def clinic_hit(clinic: Clinic) -> Decision | None:
    """Count one request for the clinic; None when the clinic is not limited."""
    limit = clinic.rate_limit_per_minute
    if not settings.RATE_LIMIT_ENABLED or limit is None:
        return None
    limiter = limiter_for(settings.REDIS_URL)
    return limiter.hit(window_key(clinic), limit=limit, window_seconds=settings.RATE_LIMIT_WINDOW_SECONDS)
