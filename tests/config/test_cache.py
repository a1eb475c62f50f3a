"""Fragment caching: a Redis outage is a miss, never an error."""

from config.cache import ResilientRedisCache


def test_an_unreachable_redis_reads_as_a_miss_and_ignores_writes():
    cache = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    cache.set("key", "value")
    assert cache.get("key", "fallback") == "fallback"
