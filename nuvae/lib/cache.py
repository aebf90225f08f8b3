"""Django's Redis cache, with connection pools and clients shared by the whole process.

Django builds a cache object per thread (and under ASGI each request runs on a thread of
its own), each with its own connection pool, and a new `redis.Redis` object on every
cache call, which rebuilds redis-py's table of response callbacks (some 170 entries).
For the receptionist that was a fresh Redis connection per request and about a
millisecond of every turn. Pools and `redis.Redis` clients are safe to share between
threads, so this backend keeps one of each per server and role for the process.
"""

from __future__ import annotations

import threading
from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient

_shared_lock = threading.Lock()
# (servers, pool options) -> (pools by index, clients by index)
_shared: dict[tuple[str, ...], tuple[dict[int, Any], dict[int, Any]]] = {}


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, servers: list[str], **options: Any) -> None:
        super().__init__(servers, **options)
        me: Any = self
        key = (*servers, repr(sorted(me._pool_options.items(), key=lambda item: item[0])))
        with _shared_lock:
            pools, clients = _shared.setdefault(key, ({}, {}))
        me._pools = pools
        self._clients = clients

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        me: Any = self
        index = me._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            with _shared_lock:
                client = self._clients.get(index)
                if client is None:
                    client = self._clients[index] = me._client(connection_pool=me._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
