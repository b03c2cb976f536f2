"""Retry policy of unihook._engine: what is retried, how long it waits, and that a create is never duplicated."""

from __future__ import annotations

import email.utils
import logging

import httpx
import pytest

import unihook
from unihook import _engine as _http

from .conftest import EVENTS, HOOK, IDS, Script, json_response, ok, single_body

pytestmark = pytest.mark.usefixtures("waits")

SC = "shipping_channels"
SC_GET_URL = "https://api.shipping-channels.com/v1/webhook-subscriptions/wh_1"


def sc_ok(status: int = 200) -> httpx.Response:
    return json_response(status, single_body(SC))


def sc_429(retry_after: float) -> httpx.Response:
    body = {"error": {"code": "rate_limit_exceeded", "message": "Too many requests", "retry_after": retry_after}}
    return json_response(429, body)


@pytest.fixture
def max_jitter(monkeypatch: pytest.MonkeyPatch) -> None:
    """random.uniform(a, b) -> b: the largest jitter, so waits are exact."""
    monkeypatch.setattr(_http.random, "uniform", lambda a, b: b)


@pytest.fixture
def wall_clock(monkeypatch: pytest.MonkeyPatch) -> float:
    now = 1_700_000_000.0
    monkeypatch.setattr(_http, "_wall_clock", lambda: now)
    return now


# --- what is retried -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ConnectError,
        httpx.ConnectTimeout,
        json_response(429, {"error": {"code": "rate_limit_exceeded", "message": "slow down"}}),
        json_response(502, {"error": {"message": "bad gateway"}}),
        json_response(503, {"error": {"message": "unavailable"}}),
        json_response(504, {"error": {"message": "gateway timeout"}}),
        json_response(408, {"error": {"message": "request timeout"}}),
    ],
    ids=["ConnectError", "ConnectTimeout", "429", "502", "503", "504", "408"],
)
def test_retryable_failure_then_success_gives_one_result(make_client, waits, failure):
    script = Script(failure, sc_ok())
    hub = make_client(script)

    sub = hub.get(SC, "wh_1")

    assert isinstance(sub, unihook.Subscription)
    assert (sub.vendor, sub.id, sub.url) == (SC, "wh_1", HOOK)
    assert script.count == 2
    assert len(waits) == 1


def test_three_failures_then_success_uses_all_retries(make_client, waits):
    script = Script(httpx.ConnectError, json_response(503), json_response(502), sc_ok())
    hub = make_client(script)

    assert hub.get(SC, "wh_1").id == "wh_1"
    assert script.count == 4  # 1 attempt + max_retries (3)
    assert len(waits) == 3


def test_500_is_not_retried(make_client, waits):
    script = Script(json_response(500, {"error": {"message": "boom"}}), sc_ok())
    hub = make_client(script)

    with pytest.raises(unihook.ServerError) as info:
        hub.get(SC, "wh_1")
    assert info.value.status_code == 500
    assert script.count == 1
    assert waits == []


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_client_errors_are_not_retried(make_client, waits, status):
    script = Script(json_response(status, {"error": {"message": "no"}}), sc_ok())
    hub = make_client(script)

    with pytest.raises(unihook.APIError) as info:
        hub.get(SC, "wh_1")
    assert info.value.status_code == status
    assert script.count == 1
    assert waits == []


# --- how long it waits ------------------------------------------------------------------------------------


def test_backoff_waits_are_exponential_with_bounded_jitter(make_client, waits):
    script = Script(json_response(503), json_response(503), json_response(503), sc_ok())
    hub = make_client(script)

    hub.get(SC, "wh_1")

    assert len(waits) == 3
    for n, wait in enumerate(waits, start=1):
        base = 0.5 * 2 ** (n - 1)
        assert base <= wait <= base + 0.5, (n, wait)


def test_backoff_with_patched_jitter_is_exact(make_client, waits, max_jitter):
    script = Script(httpx.ConnectError, httpx.ConnectError, httpx.ConnectError, sc_ok())
    hub = make_client(script)

    hub.get(SC, "wh_1")

    assert waits == [1.0, 1.5, 2.5]  # 0.5, 1, 2 plus the full 0.5 jitter


def test_backoff_is_capped_at_eight_seconds(make_client, waits, monkeypatch):
    monkeypatch.setattr(_http.random, "uniform", lambda a, b: a)  # no jitter: the bare backoff
    script = Script(json_response(503), sc_ok())
    script.steps = [json_response(503)] * 7 + [sc_ok()]
    hub = make_client(script, max_retries=7)

    hub.get(SC, "wh_1")

    assert waits == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert script.count == 8


def test_capped_backoff_jitter_stays_within_half_a_second(make_client, waits):
    script = Script(json_response(503))
    script.steps = [json_response(503)] * 6 + [sc_ok()]
    hub = make_client(script, max_retries=6)

    hub.get(SC, "wh_1")

    assert len(waits) == 6
    assert all(8.0 <= w <= 8.5 for w in waits[4:]), waits
    assert max(waits) <= 8.5


def test_retry_after_seconds_is_the_wait(make_client, waits):
    script = Script(json_response(429, {"error": {"message": "slow"}}, headers={"Retry-After": "3"}), sc_ok())
    hub = make_client(script)

    hub.get(SC, "wh_1")

    assert waits == [3.0]
    assert script.count == 2


def test_retry_after_http_date_is_the_wait(make_client, waits, wall_clock):
    date = email.utils.formatdate(wall_clock + 5, usegmt=True)
    script = Script(json_response(429, {"error": {"message": "slow"}}, headers={"Retry-After": date}), sc_ok())
    hub = make_client(script)

    hub.get(SC, "wh_1")

    assert waits == [5.0]


def test_retry_after_on_503_is_honoured(make_client, waits):
    # The policy: "the vendor's own wait hint (Retry-After, ...) when it gives one" — RFC 9110 sends it with 503.
    script = Script(json_response(503, {"error": {"message": "maintenance"}}, headers={"Retry-After": "2"}), sc_ok())
    hub = make_client(script)

    hub.get(SC, "wh_1")

    assert waits == [2.0]


def test_unparseable_retry_after_falls_back_to_backoff(make_client, waits):
    script = Script(json_response(429, {"error": {"message": "slow"}}, headers={"Retry-After": "soon"}), sc_ok())
    hub = make_client(script)

    sub = hub.get(SC, "wh_1")

    assert sub.id == "wh_1"
    assert script.count == 2
    assert len(waits) == 1
    assert 0.5 <= waits[0] <= 1.0


def test_shipping_channels_retry_after_body_field_is_the_wait(make_client, waits):
    script = Script(sc_429(7), sc_ok())
    hub = make_client(script)

    hub.get(SC, "wh_1")

    assert waits == [7.0]


def test_x_ratelimit_reset_unix_time_is_the_wait(make_client, waits, wall_clock):
    reset = str(int(wall_clock) + 4)
    script = Script(json_response(429, {"error": {"message": "slow"}}, headers={"X-RateLimit-Reset": reset}), sc_ok())
    hub = make_client(script)

    hub.get(SC, "wh_1")

    assert waits == [4.0]


def test_x_ratelimit_reset_in_the_past_waits_zero(make_client, waits, wall_clock):
    reset = str(int(wall_clock) - 30)
    script = Script(json_response(429, headers={"X-RateLimit-Reset": reset}), sc_ok())
    hub = make_client(script)

    hub.get(SC, "wh_1")

    assert waits == [0.0]


@pytest.mark.parametrize(
    "response",
    [
        json_response(429, {"error": {"message": "slow"}}, headers={"Retry-After": "120"}),
        sc_429(3600),
        json_response(429, headers={"X-RateLimit-Reset": str(1_700_000_000 + 61)}),
    ],
    ids=["Retry-After", "body retry_after", "X-RateLimit-Reset"],
)
def test_hint_over_sixty_seconds_raises_at_once(make_client, waits, wall_clock, response):
    script = Script(response, sc_ok())
    hub = make_client(script)

    with pytest.raises(unihook.RateLimitError) as info:
        hub.get(SC, "wh_1")

    assert info.value.retry_after is not None
    assert info.value.retry_after > 60
    assert info.value.status_code == 429
    assert script.count == 1
    assert waits == []


def test_hint_over_sixty_seconds_retry_after_value(make_client, waits):
    script = Script(json_response(429, headers={"Retry-After": "120"}))
    hub = make_client(script)

    with pytest.raises(unihook.RateLimitError) as info:
        hub.get(SC, "wh_1")
    assert info.value.retry_after == 120.0


def test_hint_of_exactly_sixty_seconds_is_waited(make_client, waits):
    script = Script(json_response(429, headers={"Retry-After": "60"}), sc_ok())
    hub = make_client(script)

    hub.get(SC, "wh_1")
    assert waits == [60.0]


# --- attempts exhausted -----------------------------------------------------------------------------------


def test_exhausted_429_raises_rate_limit_error(make_client, waits):
    script = Script(sc_429(1))
    hub = make_client(script)

    with pytest.raises(unihook.RateLimitError) as info:
        hub.get(SC, "wh_1")

    assert script.count == 4
    assert info.value.status_code == 429
    assert info.value.retry_after == 1.0
    assert info.value.vendor == SC
    assert waits == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("status", [502, 503, 504])
def test_exhausted_5xx_raises_server_error(make_client, waits, status):
    script = Script(json_response(status, {"error": {"message": "down"}}))
    hub = make_client(script)

    with pytest.raises(unihook.ServerError) as info:
        hub.get(SC, "wh_1")

    assert script.count == 4
    assert info.value.status_code == status
    assert info.value.vendor == SC


def test_exhausted_connection_errors_raise_transport_error_with_attempts(make_client, waits):
    script = Script(httpx.ConnectError)
    hub = make_client(script)

    with pytest.raises(unihook.TransportError) as info:
        hub.get(SC, "wh_1")

    assert script.count == 4
    assert info.value.attempts == 4
    assert info.value.vendor == SC
    assert "ConnectError" in str(info.value)
    assert not isinstance(info.value, unihook.APIError)


def test_max_retries_changes_the_number_of_attempts(make_client, waits):
    script = Script(httpx.ConnectError)
    hub = make_client(script, max_retries=1)

    with pytest.raises(unihook.TransportError) as info:
        hub.get(SC, "wh_1")
    assert script.count == 2
    assert info.value.attempts == 2
    assert len(waits) == 1


@pytest.mark.parametrize(
    ("failure", "error"),
    [
        (json_response(503), unihook.ServerError),
        (json_response(429, headers={"Retry-After": "1"}), unihook.RateLimitError),
        (httpx.ConnectError, unihook.TransportError),
        (httpx.ReadTimeout, unihook.TransportError),
    ],
    ids=["503", "429", "ConnectError", "ReadTimeout"],
)
def test_max_retries_zero_means_no_retry(make_client, waits, failure, error):
    script = Script(failure, sc_ok())
    hub = make_client(script, max_retries=0)

    with pytest.raises(error) as info:
        hub.get(SC, "wh_1")
    assert script.count == 1
    assert waits == []
    if isinstance(info.value, unihook.TransportError):
        assert info.value.attempts == 1


def test_negative_max_retries_is_refused():
    with pytest.raises(unihook.InvalidRequest):
        unihook.Client(max_retries=-1)


# --- no duplicate create ------------------------------------------------------------------------------------


def create(hub: unihook.Client, vendor: str) -> unihook.Subscription:
    return hub.create(vendor, url=HOOK, events=EVENTS[vendor])


VENDOR_KEYS = list(IDS)


@pytest.mark.parametrize("vendor", VENDOR_KEYS)
@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_create_answered_5xx_is_not_retried(make_client, waits, vendor, status):
    script = Script(json_response(status, {"message": "down"}), lambda r: ok(vendor, r))
    hub = make_client(script)

    with pytest.raises(unihook.ServerError) as info:
        create(hub, vendor)

    assert info.value.status_code == status
    assert script.methods == ["POST"]
    assert waits == []


@pytest.mark.parametrize("vendor", VENDOR_KEYS)
def test_create_whose_connection_failed_before_sending_is_retried(make_client, waits, vendor):
    script = Script(httpx.ConnectError, lambda r: ok(vendor, r))
    hub = make_client(script)

    sub = create(hub, vendor)

    assert sub.vendor == vendor
    assert sub.id == IDS[vendor]
    assert script.methods == ["POST", "POST"]
    assert len(waits) == 1


@pytest.mark.parametrize("vendor", VENDOR_KEYS)
@pytest.mark.parametrize(
    "failure",
    [httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.WriteTimeout, httpx.ReadError],
    ids=lambda e: e.__name__,
)
def test_create_failed_after_sending_is_not_retried(make_client, waits, vendor, failure):
    script = Script(failure, lambda r: ok(vendor, r))
    hub = make_client(script)

    with pytest.raises(unihook.TransportError) as info:
        create(hub, vendor)

    assert script.methods == ["POST"]
    assert waits == []
    assert "may exist" in str(info.value)
    assert info.value.attempts == 1
    assert info.value.vendor == vendor


@pytest.mark.parametrize("vendor", VENDOR_KEYS)
def test_create_answered_429_is_retried(make_client, waits, vendor):
    script = Script(json_response(429, {"message": "slow"}, headers={"Retry-After": "2"}), lambda r: ok(vendor, r))
    hub = make_client(script)

    sub = create(hub, vendor)

    assert sub.id == IDS[vendor]
    assert script.methods == ["POST", "POST"]
    assert waits == [2.0]


def test_create_answered_408_is_not_retried(make_client, waits):
    script = Script(json_response(408), lambda r: ok(SC, r))
    hub = make_client(script)

    with pytest.raises(unihook.APIError):
        create(hub, SC)
    assert script.methods == ["POST"]


def test_create_timeout_after_a_retried_429_still_says_it_may_exist(make_client, waits):
    script = Script(json_response(429, headers={"Retry-After": "1"}), httpx.ReadTimeout, lambda r: ok(SC, r))
    hub = make_client(script)

    with pytest.raises(unihook.TransportError) as info:
        create(hub, SC)
    assert script.methods == ["POST", "POST"]
    assert info.value.attempts == 2
    assert "may exist" in str(info.value)


# --- other methods are retried on timeouts ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vendor", "operation", "method"),
    [
        (SC, lambda hub: hub.get(SC, "wh_1"), "GET"),
        (SC, lambda hub: hub.update(SC, "wh_1", name="renamed"), "PUT"),
        ("commercelayer", lambda hub: hub.update("commercelayer", "wh1", name="renamed"), "PATCH"),
        (SC, lambda hub: hub.delete(SC, "wh_1"), "DELETE"),
        ("blaze", lambda hub: hub.delete("blaze", "b1"), "DELETE"),
        (SC, lambda hub: list(hub.list(SC)), "GET"),
    ],
    ids=["GET", "PUT", "PATCH", "DELETE-sc", "DELETE-blaze", "list"],
)
@pytest.mark.parametrize("failure", [httpx.ReadTimeout, httpx.RemoteProtocolError], ids=lambda e: e.__name__)
def test_non_create_calls_are_retried_after_a_timeout(make_client, waits, vendor, operation, method, failure):
    script = Script(failure, lambda r: ok(vendor, r))
    hub = make_client(script)

    operation(hub)

    assert script.methods == [method, method]
    assert len(waits) == 1


def test_delete_whose_retry_finds_404_counts_as_done(make_client, waits):
    script = Script(json_response(503), json_response(404, {"error": {"message": "not found"}}))
    hub = make_client(script)

    assert hub.delete(SC, "wh_1") is None
    assert script.methods == ["DELETE", "DELETE"]


def test_delete_whose_timed_out_attempt_went_through_counts_as_done(make_client, waits):
    script = Script(httpx.ReadTimeout, json_response(404, {"errors": [{"title": "not found", "status": "404"}]}))
    hub = make_client(script)

    assert hub.delete("commercelayer", "wh1") is None
    assert script.methods == ["DELETE", "DELETE"]


def test_delete_404_on_first_attempt_is_not_found(make_client, waits):
    script = Script(json_response(404, {"error": {"message": "not found"}}))
    hub = make_client(script)

    with pytest.raises(unihook.NotFoundError):
        hub.delete(SC, "wh_1")
    assert script.count == 1


def test_get_404_after_retry_is_still_not_found(make_client, waits):
    script = Script(json_response(503), json_response(404, {"error": {"message": "not found"}}))
    hub = make_client(script)

    with pytest.raises(unihook.NotFoundError):
        hub.get(SC, "wh_1")
    assert script.count == 2


# --- logging ------------------------------------------------------------------------------------------------


def attempt_records(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "unihook" and "attempt" in r.getMessage()]


def test_one_log_record_per_attempt(make_client, waits, caplog):
    caplog.set_level(logging.DEBUG, logger="unihook")
    script = Script(json_response(503), httpx.ConnectError, sc_ok())
    hub = make_client(script)

    hub.get(SC, "wh_1")

    assert attempt_records(caplog) == [
        f"GET {SC_GET_URL} -> 503 (attempt 1)",
        f"GET {SC_GET_URL} -> ConnectError (attempt 2)",
        f"GET {SC_GET_URL} -> 200 (attempt 3)",
    ]


def test_a_successful_call_logs_one_record(make_client, caplog):
    caplog.set_level(logging.DEBUG, logger="unihook")
    hub = make_client(Script(sc_ok()))

    hub.get(SC, "wh_1")

    assert attempt_records(caplog) == [f"GET {SC_GET_URL} -> 200 (attempt 1)"]


def test_create_logs_its_single_attempt(make_client, waits, caplog):
    caplog.set_level(logging.DEBUG, logger="unihook")
    hub = make_client(Script(json_response(502)))

    with pytest.raises(unihook.ServerError):
        create(hub, SC)

    assert attempt_records(caplog) == [
        "POST https://api.shipping-channels.com/v1/webhook-subscriptions -> 502 (attempt 1)"
    ]


# --- every failure is a UnihookError ------------------------------------------------------------------------------


def broken_gzip(request: httpx.Request) -> httpx.Response:
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    return httpx.Response(200, headers=headers, content=b"definitely not gzip")


def test_undecodable_body_is_a_unihook_error(make_client, waits):
    # A proxy serving a broken gzip body: httpx raises DecodingError (a RequestError, not a TransportError).
    script = Script(broken_gzip)
    hub = make_client(script)

    with pytest.raises(unihook.UnihookError) as info:
        hub.get(SC, "wh_1")
    assert info.value.vendor == SC  # type: ignore[attr-defined]


def test_undecodable_body_on_create_is_a_unihook_error_and_not_retried(make_client, waits):
    script = Script(broken_gzip)
    hub = make_client(script)

    with pytest.raises(unihook.UnihookError):
        create(hub, SC)
    assert script.methods == ["POST"]


def test_redirect_loop_through_an_injected_client_is_a_unihook_error(waits):
    # The injected client's own settings apply (here follow_redirects=True); its failures are still unihook's.
    def loop(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": str(request.url)})

    http = httpx.Client(transport=httpx.MockTransport(loop), follow_redirects=True)
    hub = unihook.Client(shipping_channels_api_key="k", http_client=http, max_retries=0)
    try:
        with pytest.raises(unihook.UnihookError):
            hub.get(SC, "wh_1")
    finally:
        http.close()
