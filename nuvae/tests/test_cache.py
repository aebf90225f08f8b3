"""The Redis cache backend shares its pool and client across the process (`nuvae.lib.cache`)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches

from nuvae.lib.cache import RedisCache

pytestmark = pytest.mark.skipif(
    settings.CACHES["default"]["BACKEND"] != "nuvae.lib.cache.RedisCache", reason="runs with REDIS_URL set"
)


def test_every_thread_shares_one_pool_and_one_client() -> None:
    seen: list[tuple[Any, Any, Any]] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        cache: Any = caches["default"]  # Django's cache objects are per thread
        assert isinstance(cache, RedisCache)
        cache.set(f"nuvae-test-cache-{n}", {"n": n}, timeout=30)
        assert cache.get(f"nuvae-test-cache-{n}") == {"n": n}
        client = cache._cache.get_client(write=True)
        with lock:
            seen.append((cache, client, client.connection_pool))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(seen) == 8
    assert len({id(cache) for cache, _, _ in seen}) == 8  # eight cache objects ...
    assert len({id(client) for _, client, _ in seen}) == 1  # ... one client
    assert len({id(pool) for _, _, pool in seen}) == 1  # ... one pool
    cache: Any = caches["default"]
    keys = [f"nuvae-test-cache-{n}" for n in range(8)]
    assert cache.get_many(keys) == {key: {"n": n} for n, key in enumerate(keys)}
    cache.delete_many(keys)
