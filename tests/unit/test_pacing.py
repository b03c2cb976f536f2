"""Client-side pacing: the GCRA limiter itself, and how the clients use it (Flxpoint 2 req/s per token)."""

from __future__ import annotations

import pytest

import unihook
from unihook import VENDORS
from unihook._ratelimit import RateLimiter, limiter_for
from unihook._vendors import load

from .conftest import FakeClock, Script, json_response, ok, unique

FLX = "flxpoint"


def flx_ok(request):
    return ok(FLX, request)


def paced(monkeypatch: pytest.MonkeyPatch, clock: FakeClock, token: str, rate: float = 2.0) -> RateLimiter:
    """The process-wide bucket a client with `token` will use, running on the fake clock."""
    limiter = limiter_for(FLX, token, rate)
    monkeypatch.setattr(limiter, "_clock", clock)
    return limiter


# --- the limiter ----------------------------------------------------------------------------------------------


def test_spacing_is_the_rate_with_a_two_percent_margin():
    assert RateLimiter(2.0).interval == pytest.approx(0.51)
    assert RateLimiter(4.0).interval == pytest.approx(0.255)
    assert RateLimiter(1.0).interval == pytest.approx(1.02)


def test_reserve_returns_growing_waits_for_a_burst():
    fake = FakeClock()
    limiter = RateLimiter(2.0, clock=fake)

    waits = [limiter.reserve() for _ in range(4)]

    assert waits == pytest.approx([0.0, 0.51, 1.02, 1.53])


def test_no_wait_after_idle_time():
    fake = FakeClock()
    limiter = RateLimiter(2.0, clock=fake)
    limiter.reserve()
    limiter.reserve()

    fake.now += 10.0

    assert limiter.reserve() == 0.0
    assert limiter.reserve() == pytest.approx(0.51)


def test_partial_idle_time_shortens_the_wait():
    fake = FakeClock()
    limiter = RateLimiter(2.0, clock=fake)
    limiter.reserve()

    fake.now += 0.3

    assert limiter.reserve() == pytest.approx(0.21)


def test_acquire_sleeps_only_when_needed():
    fake = FakeClock()
    limiter = RateLimiter(2.0, clock=fake)

    delays = [limiter.acquire(fake.sleep) for _ in range(3)]

    assert delays == pytest.approx([0.0, 0.51, 0.51])
    assert fake.waits == pytest.approx([0.51, 0.51])  # no sleep(0) for the free slot


@pytest.mark.parametrize("rate", [0, -1.0])
def test_rate_must_be_positive(rate):
    with pytest.raises(ValueError, match="positive"):
        RateLimiter(rate)


def test_limiter_for_keys_buckets_by_vendor_token_and_rate():
    token = unique("flx")
    a = limiter_for(FLX, token, 2.0)
    assert limiter_for(FLX, token, 2.0) is a
    assert limiter_for(FLX, unique("flx"), 2.0) is not a
    assert limiter_for("shipping_channels", token, 2.0) is not a
    assert limiter_for(FLX, token, 4.0) is not a


def test_flxpoint_is_the_only_vendor_paced_by_default():
    assert {key: load(key).spec.rate for key in VENDORS if load(key).spec.rate} == {"flxpoint": 2.0}


# --- the client -----------------------------------------------------------------------------------------------


def test_flxpoint_client_paces_calls(make_client, clock, monkeypatch):
    token = unique("flx")
    paced(monkeypatch, clock, token)
    script = Script(flx_ok)
    hub = make_client(script, flxpoint_api_token=token, rate_limit=True)

    for _ in range(4):
        hub.get(FLX, "42")

    assert script.count == 4
    assert clock.waits == pytest.approx([0.51, 0.51, 0.51])


def test_flxpoint_client_does_not_wait_after_idle_time(make_client, clock, monkeypatch):
    token = unique("flx")
    paced(monkeypatch, clock, token)
    hub = make_client(Script(flx_ok), flxpoint_api_token=token, rate_limit=True)

    hub.get(FLX, "42")
    clock.now += 5.0
    hub.get(FLX, "42")

    assert clock.waits == []


def test_flxpoint_pacing_covers_every_request_of_an_operation(make_client, clock, monkeypatch):
    # An update is GET + PATCH: the PATCH waits its turn too.
    token = unique("flx")
    paced(monkeypatch, clock, token)
    script = Script(flx_ok)
    hub = make_client(script, flxpoint_api_token=token, rate_limit=True)

    hub.update(FLX, "42", url="https://example.com/other")

    assert script.methods == ["GET", "PATCH"]
    assert clock.waits == pytest.approx([0.51])


def test_flxpoint_pacing_applies_to_retries(make_client, clock, monkeypatch):
    monkeypatch.setattr("unihook._engine.random.uniform", lambda a, b: 0.0)
    token = unique("flx")
    paced(monkeypatch, clock, token)
    script = Script(json_response(503), flx_ok)
    hub = make_client(script, flxpoint_api_token=token, rate_limit=True)

    hub.get(FLX, "42")

    # backoff 0.5 s, then the limiter adds what is left of the 0.51 s spacing
    assert clock.waits == pytest.approx([0.5, 0.01])
    assert script.count == 2


def test_rate_limit_false_means_no_waits(make_client, clock, monkeypatch):
    token = unique("flx")
    paced(monkeypatch, clock, token)  # the bucket exists, but this client must not use it
    hub = make_client(Script(flx_ok), flxpoint_api_token=token, rate_limit=False)

    for _ in range(5):
        hub.get(FLX, "42")

    assert clock.waits == []


def test_rate_limit_mapping_changes_flxpoint_spacing(make_client, clock, monkeypatch):
    token = unique("flx")
    paced(monkeypatch, clock, token, rate=4)
    hub = make_client(Script(flx_ok), flxpoint_api_token=token, rate_limit={"flxpoint": 4})

    for _ in range(3):
        hub.get(FLX, "42")

    assert clock.waits == pytest.approx([0.255, 0.255])


def test_rate_limit_mapping_can_pace_another_vendor(make_client, clock, monkeypatch):
    key = unique("sc")
    limiter = limiter_for("shipping_channels", key, 1)
    monkeypatch.setattr(limiter, "_clock", clock)
    hub = make_client(
        Script(lambda r: ok("shipping_channels", r)), shipping_channels_api_key=key, rate_limit={"shipping_channels": 1}
    )

    hub.get("shipping_channels", "wh_1")
    hub.get("shipping_channels", "wh_1")

    assert clock.waits == pytest.approx([1.02])


@pytest.mark.parametrize("rate_limit", [{"flxpoint": 0}, {"flxpoint": -2}, {"nope": 1}])
def test_bad_rate_limit_mapping_is_refused(rate_limit):
    with pytest.raises(unihook.InvalidRequest):
        unihook.Client(rate_limit=rate_limit)


def test_two_clients_with_the_same_token_share_one_bucket(make_client, clock, monkeypatch):
    token = unique("flx")
    paced(monkeypatch, clock, token)
    first = make_client(Script(flx_ok), flxpoint_api_token=token, rate_limit=True)
    second = make_client(Script(flx_ok), flxpoint_api_token=token, rate_limit=True)

    first.get(FLX, "42")
    second.get(FLX, "42")
    first.get(FLX, "42")

    assert clock.waits == pytest.approx([0.51, 0.51])


def test_clients_with_different_tokens_have_their_own_buckets(make_client, clock, monkeypatch):
    token_a, token_b = unique("flx"), unique("flx")
    paced(monkeypatch, clock, token_a)
    paced(monkeypatch, clock, token_b)
    first = make_client(Script(flx_ok), flxpoint_api_token=token_a, rate_limit=True)
    second = make_client(Script(flx_ok), flxpoint_api_token=token_b, rate_limit=True)

    first.get(FLX, "42")
    second.get(FLX, "42")

    assert clock.waits == []

    first.get(FLX, "42")  # token_a's bucket is busy for another 0.51 s
    assert clock.waits == pytest.approx([0.51])


@pytest.mark.parametrize(
    ("vendor", "id"),
    [("commercelayer", "wh1"), ("blaze", "b1"), ("shipping_channels", "wh_1"), ("packcloud", "p1")],
)
def test_other_vendors_are_not_paced_by_default(make_client, waits, vendor, id):
    # The real monotonic clock: a limiter would ask for ~0.5 s waits between these back-to-back calls.
    hub = make_client(Script(lambda r: ok(vendor, r)), rate_limit=True)

    for _ in range(5):
        hub.get(vendor, id)

    assert waits == []


def test_flxpoint_is_paced_by_default_on_the_real_clock(make_client, waits):
    hub = make_client(Script(flx_ok), rate_limit=True)

    for _ in range(3):
        hub.get(FLX, "42")

    assert len(waits) == 2
    assert all(0.4 < w <= 1.02 for w in waits), waits
