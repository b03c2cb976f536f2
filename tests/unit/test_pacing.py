"""Client-side pacing through the coordination layer (Flxpoint: 2 requests/second per token).

Every client here gets its own `LocalCoordination` on the fake clock, so its waits are exact: the clock moves
only when unihook sleeps (or when a handler below says a request took time). The expected waits are worked out
from the rule in `unihook._coordination`: a request starts when fewer than `burst` requests are in flight or
ended within the last `window` seconds, and not sooner than `interval` after the previous start. For 2/s that is
burst 2, window 1 s, interval 0.51 s (the rate with a 2 % margin).
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

import unihook
from unihook import VENDORS
from unihook._coordination import Limit
from unihook._vendors import load

from .conftest import FakeClock, Script, json_response, ok, unique

FLX = "flxpoint"


def flx_ok(request: httpx.Request) -> httpx.Response:
    return ok(FLX, request)


def taking(clock: FakeClock, seconds: float) -> Callable[[httpx.Request], httpx.Response]:
    """A Flxpoint answer that takes `seconds` on the fake clock (the request travels while it moves)."""

    def handler(request: httpx.Request) -> httpx.Response:
        clock.now += seconds
        return flx_ok(request)

    return handler


# --- the limit a rate becomes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "burst", "window", "interval"),
    [
        (2.0, 2, 1.0, 0.51),
        (4, 4, 1.0, 0.255),
        (1, 1, 1.0, 1.02),
        (2.5, 2, 0.8, 0.408),  # 2 in any 0.8 s is 2.5/s
        (0.5, 1, 2.0, 2.04),  # one every 2 s
    ],
)
def test_a_rate_becomes_a_burst_per_window_with_a_two_percent_spacing(rate, burst, window, interval):
    limit = Limit.per_second(rate)
    assert limit.burst == burst
    assert limit.window == pytest.approx(window)
    assert limit.interval == pytest.approx(interval)


@pytest.mark.parametrize("rate", [0, -1.0, float("nan")])
def test_rate_must_be_positive(rate):
    with pytest.raises(unihook.InvalidRequest, match="positive"):
        Limit.per_second(rate)


def test_flxpoint_is_the_only_vendor_paced_by_default():
    assert {key: load(key).spec.rate for key in VENDORS if load(key).spec.rate} == {"flxpoint": 2.0}


# --- one client -----------------------------------------------------------------------------------------------


def test_flxpoint_client_paces_calls(make_client, clock):
    script = Script(flx_ok)
    hub = make_client(script, rate_limit=True, coordination=unihook.LocalCoordination(clock=clock))

    for _ in range(4):
        hub.get(FLX, "42")

    assert script.count == 4
    # Answered at once, so only the spacing binds: 2 starts in any 1 s never comes up at 0.51 s apart.
    assert clock.waits == pytest.approx([0.51, 0.51, 0.51])


def test_flxpoint_is_paced_without_asking(clock):
    # rate_limit left at its default.
    script = Script(flx_ok)
    hub = unihook.Client(
        flxpoint_api_token=unique("flx"),
        coordination=unihook.LocalCoordination(clock=clock),
        http_client=httpx.Client(transport=httpx.MockTransport(script)),
    )

    for _ in range(3):
        hub.get(FLX, "42")

    assert clock.waits == pytest.approx([0.51, 0.51])


def test_flxpoint_client_does_not_wait_after_idle_time(make_client, clock):
    hub = make_client(Script(flx_ok), rate_limit=True, coordination=unihook.LocalCoordination(clock=clock))

    hub.get(FLX, "42")
    clock.now += 5.0
    hub.get(FLX, "42")

    assert clock.waits == []


def test_partial_idle_time_shortens_the_wait(make_client, clock):
    hub = make_client(Script(flx_ok), rate_limit=True, coordination=unihook.LocalCoordination(clock=clock))

    hub.get(FLX, "42")
    clock.now += 0.3
    hub.get(FLX, "42")

    assert clock.waits == pytest.approx([0.21])


def test_requests_in_flight_and_recently_ended_count_against_the_window(make_client, clock):
    # Each answer takes 0.3 s. Starts: 0 (ends 0.3); 0.51 after waiting 0.21 for the spacing (ends 0.81);
    # the third, asked at 0.81, has two ended within the last second: it waits until the first has been over for
    # 1 s (1.3), i.e. 0.49; the fourth, asked at 1.6, waits until the second has (1.81), i.e. 0.21.
    script = Script(taking(clock, 0.3))
    hub = make_client(script, rate_limit=True, coordination=unihook.LocalCoordination(clock=clock))

    for _ in range(4):
        hub.get(FLX, "42")

    assert script.count == 4
    assert clock.waits == pytest.approx([0.21, 0.49, 0.21])


def test_flxpoint_pacing_covers_every_request_of_an_operation(make_client, clock):
    # An update is GET + PATCH: the PATCH waits its turn too.
    script = Script(flx_ok)
    hub = make_client(script, rate_limit=True, coordination=unihook.LocalCoordination(clock=clock))

    hub.update(FLX, "42", url="https://example.com/other")

    assert script.methods == ["GET", "PATCH"]
    assert clock.waits == pytest.approx([0.51])


def test_flxpoint_pacing_applies_to_retries(make_client, clock, monkeypatch):
    monkeypatch.setattr("unihook._engine.random.uniform", lambda a, b: 0.0)
    script = Script(json_response(503), flx_ok)
    hub = make_client(script, rate_limit=True, coordination=unihook.LocalCoordination(clock=clock))

    hub.get(FLX, "42")

    # backoff 0.5 s, then what is left of the 0.51 s spacing
    assert clock.waits == pytest.approx([0.5, 0.01])
    assert script.count == 2


def test_rate_limit_false_means_no_waits(make_client, clock):
    hub = make_client(Script(flx_ok), rate_limit=False, coordination=unihook.LocalCoordination(clock=clock))

    for _ in range(5):
        hub.get(FLX, "42")

    assert clock.waits == []


def test_rate_limit_mapping_changes_flxpoint_spacing(make_client, clock):
    hub = make_client(Script(flx_ok), rate_limit={"flxpoint": 4}, coordination=unihook.LocalCoordination(clock=clock))

    for _ in range(3):
        hub.get(FLX, "42")

    assert clock.waits == pytest.approx([0.255, 0.255])


def test_rate_limit_mapping_can_pace_another_vendor(make_client, clock):
    hub = make_client(
        Script(lambda r: ok("shipping_channels", r)),
        rate_limit={"shipping_channels": 1},
        coordination=unihook.LocalCoordination(clock=clock),
    )

    hub.get("shipping_channels", "wh_1")
    hub.get("shipping_channels", "wh_1")

    assert clock.waits == pytest.approx([1.02])


@pytest.mark.parametrize("rate_limit", [{"flxpoint": 0}, {"flxpoint": -2}, {"nope": 1}])
def test_bad_rate_limit_mapping_is_refused(rate_limit):
    with pytest.raises(unihook.InvalidRequest):
        unihook.Client(rate_limit=rate_limit)


@pytest.mark.parametrize(
    ("vendor", "id"),
    [("commercelayer", "wh1"), ("blaze", "b1"), ("shipping_channels", "wh_1"), ("packcloud", "p1")],
)
def test_other_vendors_are_not_paced_by_default(make_client, clock, vendor, id):
    hub = make_client(
        Script(lambda r: ok(vendor, r)), rate_limit=True, coordination=unihook.LocalCoordination(clock=clock)
    )

    for _ in range(5):
        hub.get(vendor, id)

    assert clock.waits == []


# --- clients sharing a coordination ---------------------------------------------------------------------------


def test_two_clients_with_the_same_token_share_one_budget(make_client, clock):
    shared = unihook.LocalCoordination(clock=clock)
    token = unique("flx")
    first = make_client(Script(flx_ok), flxpoint_api_token=token, rate_limit=True, coordination=shared)
    second = make_client(Script(flx_ok), flxpoint_api_token=token, rate_limit=True, coordination=shared)

    first.get(FLX, "42")
    second.get(FLX, "42")
    first.get(FLX, "42")

    assert clock.waits == pytest.approx([0.51, 0.51])


def test_clients_with_different_tokens_have_their_own_budgets(make_client, clock):
    shared = unihook.LocalCoordination(clock=clock)
    first = make_client(Script(flx_ok), flxpoint_api_token=unique("flx"), rate_limit=True, coordination=shared)
    second = make_client(Script(flx_ok), flxpoint_api_token=unique("flx"), rate_limit=True, coordination=shared)

    first.get(FLX, "42")
    second.get(FLX, "42")

    assert clock.waits == []

    first.get(FLX, "42")  # the first token's spacing still runs for 0.51 s
    assert clock.waits == pytest.approx([0.51])


def test_clients_on_separate_coordinations_do_not_share_a_budget(make_client, clock):
    token = unique("flx")
    first = make_client(
        Script(flx_ok), flxpoint_api_token=token, rate_limit=True, coordination=unihook.LocalCoordination(clock=clock)
    )
    second = make_client(
        Script(flx_ok), flxpoint_api_token=token, rate_limit=True, coordination=unihook.LocalCoordination(clock=clock)
    )

    first.get(FLX, "42")
    second.get(FLX, "42")

    assert clock.waits == []


def test_clients_given_no_coordination_share_the_process_wide_one(make_client, clock, monkeypatch):
    # The process-wide default runs on the real clock: what is checked is that the second client is refused the
    # start the first one just took (it is asked to wait), not how long.
    monkeypatch.delenv("UNIHOOK_REDIS_URL", raising=False)
    token = unique("flx")
    first = make_client(Script(flx_ok), flxpoint_api_token=token, rate_limit=True)
    second = make_client(Script(flx_ok), flxpoint_api_token=token, rate_limit=True)
    first.get(FLX, "42")
    monkeypatch.setattr("unihook._engine._sleep", _stop)

    with pytest.raises(_Stop):
        second.get(FLX, "42")


class _Stop(Exception):
    pass


def _stop(seconds: float) -> None:
    assert 0 < seconds <= 0.51
    raise _Stop
