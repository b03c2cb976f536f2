"""What `make mutate` found untested in the request/retry policy of unihook._engine (`wait_hint`, `api_error`,
`Engine._attempts`, `Engine._after_exception`, the token grant and `Engine.exchange` with a token): each test here
kills mutants that survived the whole unit suite (scripts/mutate_notes.toml names them).

Waits are observed through the `waits` fixture (unihook's sleep, recorded); nothing here reads the wall clock.
"""

from __future__ import annotations

import email.utils
import logging

import httpx
import pytest

import unihook
from unihook import _engine

from .conftest import Script, json_response, ok, single_body, unique

pytestmark = pytest.mark.usefixtures("waits")

SC = "shipping_channels"
CL = "commercelayer"
NOW = 1_700_000_000.0


@pytest.fixture
def wall_clock(monkeypatch: pytest.MonkeyPatch) -> float:
    monkeypatch.setattr(_engine, "_wall_clock", lambda: NOW)
    return NOW


def sc_ok() -> httpx.Response:
    return json_response(200, single_body(SC))


# --- hints of zero and hints on any retried status ----------------------------------------------------------


@pytest.mark.parametrize(
    "headers", [{"Retry-After": "0"}, {"Retry-After": "-5"}], ids=["zero-seconds", "negative-seconds"]
)
def test_a_zero_or_negative_retry_after_is_no_wait(make_client, waits, headers):
    script = Script(json_response(429, {}, headers), sc_ok())
    make_client(script).get(SC, "wh_1")
    assert waits == [0.0]


def test_a_retry_after_date_in_the_past_is_no_wait(make_client, waits, wall_clock):
    past = email.utils.formatdate(wall_clock - 30, usegmt=True)
    script = Script(json_response(503, {}, {"Retry-After": past}), sc_ok())
    make_client(script).get(SC, "wh_1")
    assert waits == [0.0]


def test_a_body_retry_after_of_zero_is_no_wait(make_client, waits):
    script = Script(json_response(429, {"error": {"retry_after": 0}}), sc_ok())
    make_client(script).get(SC, "wh_1")
    assert waits == [0.0]


def test_a_vendor_hint_on_a_503_is_the_wait(make_client, waits):
    # Not only a 429: any retried status takes the vendor's own hint, here in Shipping Channels' body.
    script = Script(json_response(503, {"error": {"message": "busy", "retry_after": 2}}), sc_ok())
    make_client(script).get(SC, "wh_1")
    assert waits == [2.0]


@pytest.mark.parametrize(
    ("headers", "wait"),
    [
        ({"X-RateLimit-Interval": "5", "X-RateLimit-Remaining": "0"}, 5.0),
        ({"X-RateLimit-Interval": "0", "X-RateLimit-Remaining": "0"}, 0.0),
    ],
)
def test_commercelayer_spent_budget_waits_its_interval(make_client, waits, headers, wait):
    script = Script(json_response(429, {"errors": [{"title": "Too many requests"}]}, headers), lambda r: ok(CL, r))
    make_client(script).get(CL, "wh1")
    assert waits == [wait]


@pytest.mark.parametrize(
    "headers",
    [{"X-RateLimit-Interval": "5", "X-RateLimit-Remaining": "3"}, {"X-RateLimit-Remaining": "0"}],
    ids=["budget-left", "no-interval"],
)
def test_commercelayer_interval_is_no_hint_unless_the_budget_is_spent(make_client, waits, monkeypatch, headers):
    monkeypatch.setattr(_engine.random, "uniform", lambda a, b: 0.25)
    script = Script(json_response(429, {"errors": [{"title": "Too many requests"}]}, headers), lambda r: ok(CL, r))
    make_client(script).get(CL, "wh1")
    assert waits == [0.75]  # backoff: 0.5 * 2**0 + the jitter


def test_commercelayer_rate_limit_error_carries_the_interval(make_client):
    headers = {"X-RateLimit-Interval": "5", "X-RateLimit-Remaining": "0"}
    script = Script(json_response(429, {"errors": [{"title": "Too many requests"}]}, headers))
    with pytest.raises(unihook.RateLimitError) as info:
        make_client(script, max_retries=0).get(CL, "wh1")
    assert info.value.retry_after == 5.0


def test_retry_after_is_kept_on_a_429_only(make_client):
    script = Script(json_response(503, {"error": {"message": "busy"}}, {"Retry-After": "5"}))
    with pytest.raises(unihook.ServerError) as info:
        make_client(script, max_retries=0).get(SC, "wh_1")
    assert info.value.retry_after is None


def test_each_retry_logs_its_wait(make_client, caplog, monkeypatch):
    monkeypatch.setattr(_engine.random, "uniform", lambda a, b: 0.25)
    caplog.set_level(logging.INFO, logger="unihook")
    script = Script(json_response(503, {}), json_response(503, {}), sc_ok())
    make_client(script).get(SC, "wh_1")
    assert [r.getMessage() for r in caplog.records if r.getMessage().startswith("retrying")] == [
        "retrying in 0.75s",
        "retrying in 1.25s",
    ]


# --- statuses and messages -------------------------------------------------------------------------------------


def test_300_is_not_a_success(make_client):
    script = Script(httpx.Response(300, headers={"Location": "/elsewhere"}))
    with pytest.raises(unihook.ServerError, match="a redirect"):
        make_client(script).get(SC, "wh_1")
    assert script.count == 1


@pytest.mark.parametrize(("status", "message"), [(404, "Not Found"), (499, "error")])
def test_an_empty_error_body_is_named_by_its_reason_phrase_else_error(make_client, status, message):
    script = Script(httpx.Response(status))
    with pytest.raises(unihook.APIError) as info:
        make_client(script, max_retries=0).get(SC, "wh_1")
    assert info.value.message == message


def test_an_error_body_the_vendor_cannot_parse_still_gives_the_typed_error(make_client):
    # Commerce Layer's reader fails on an `errors` item that is not an object: the reason phrase stands in.
    script = Script(json_response(422, {"errors": [5]}))
    with pytest.raises(unihook.ValidationError) as info:
        make_client(script).get(CL, "wh1")
    assert (info.value.message, info.value.field_errors) == ("Unprocessable Entity", {})


def test_a_request_the_http_library_refuses_is_a_transport_error_that_names_the_call(make_client):
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.LocalProtocolError("Illegal header value b'sk-secret\\n'", request=request)

    with pytest.raises(unihook.TransportError) as info:
        make_client(refuse).get(SC, "wh_1")
    error = info.value
    assert str(error) == (
        "GET shipping_channels: LocalProtocolError: the request could not be sent (an invalid header or URL); "
        "nothing was sent"
    )
    assert (error.vendor, error.attempts, error.may_exist) == (SC, 1, False)
    assert error.request is not None
    assert error.request.method == "GET"
    assert error.__cause__ is None


@pytest.mark.parametrize(("text", "end"), [("", "ConnectError"), ("refused by X", "ConnectError: refused by X")])
def test_a_transport_error_ends_with_its_name_and_text(make_client, text, end):
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(text, request=request)

    with pytest.raises(unihook.TransportError) as info:
        make_client(refuse, max_retries=0).get(SC, "wh_1")
    assert (
        str(info.value)
        == f"GET shipping_channels https://api.shipping-channels.com/v1/webhook-subscriptions/wh_1: {end}"
    )


def test_a_refused_request_counts_the_attempts_before_it(make_client):
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.LocalProtocolError("Illegal header value", request=request)

    script = Script(json_response(503, {}), refuse)
    with pytest.raises(unihook.TransportError) as info:
        make_client(script).get(SC, "wh_1")
    assert info.value.attempts == 2


def test_a_create_dropped_after_sending_keeps_the_request(make_client):
    script = Script(httpx.ReadTimeout)
    with pytest.raises(unihook.TransportError) as info:
        make_client(script).create(SC, url="https://hooks.example.com/in", events=["shipment.created"])
    assert info.value.may_exist is True
    assert info.value.request is not None
    assert (info.value.request.method, info.value.request.url) == ("POST", script.requests[0].url)


def test_a_blaze_delete_whose_retry_finds_404_is_done(make_client):
    script = Script(httpx.ReadTimeout, json_response(404, {"message": "WebHook not found"}))
    assert make_client(script).delete("blaze", "b1") is None
    assert [r.method for r in script.requests] == ["DELETE", "DELETE"]


# --- the token grant and calls made with a token -----------------------------------------------------------


class CommerceLayer:
    """A token endpoint and the webhooks API on one base URL; records both kinds of request."""

    def __init__(self, *api: httpx.Response) -> None:
        self.api = list(api)
        self.token_requests: list[httpx.Request] = []
        self.api_requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth/token"):
            self.token_requests.append(request)
            return json_response(200, {"access_token": "tok-1", "token_type": "bearer", "expires_in": 7200})
        self.api_requests.append(request)
        if self.api:
            answer = self.api.pop(0)
            return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)
        return ok(CL, request)


def oauth_client(api: CommerceLayer, **kwargs) -> unihook.Client:
    options = {
        "commercelayer_client_id": unique("id"),
        "commercelayer_client_secret": "my-client-secret",
        "base_urls": {CL: "http://cl.test/commercelayer"},
        "rate_limit": False,
    }
    options.update(kwargs)
    return unihook.Client(http_client=httpx.Client(transport=httpx.MockTransport(api)), **options)


def test_the_token_request_asks_for_json_within_the_clients_timeout():
    api = CommerceLayer()
    oauth_client(api, timeout=7.0).get(CL, "wh1")
    (token,) = api.token_requests
    assert token.headers["Accept"] == "application/json"
    assert token.extensions["timeout"] == httpx.Timeout(7.0).as_dict()


def test_the_token_request_without_a_timeout_keeps_the_http_clients_own():
    api = CommerceLayer()
    http = httpx.Client(transport=httpx.MockTransport(api), timeout=9.0)
    unihook.Client(
        http_client=http,
        commercelayer_client_id=unique("id"),
        commercelayer_client_secret="my-client-secret",
        base_urls={CL: "http://cl.test/commercelayer"},
    ).get(CL, "wh1")
    assert api.token_requests[0].extensions["timeout"] == httpx.Timeout(9.0).as_dict()


def test_a_call_with_a_token_keeps_its_own_timeout():
    api = CommerceLayer()
    oauth_client(api).get(CL, "wh1", timeout=3.0)
    assert api.api_requests[0].extensions["timeout"] == httpx.Timeout(3.0).as_dict()


def test_a_create_with_a_token_answered_503_is_not_retried(waits):
    api = CommerceLayer(json_response(503, {"errors": [{"title": "Service unavailable"}]}))
    with pytest.raises(unihook.ServerError) as info:
        oauth_client(api).create(CL, url="https://hooks.example.com/in", events=["orders.place"])
    assert [r.method for r in api.api_requests] == ["POST"]
    assert info.value.may_exist is True
    assert waits == []


def test_calls_with_a_token_are_paced(clock):
    # Paced like any call: one request per 1.02 s at 1/s, on the fake clock (the clock moves only when unihook sleeps).
    api = CommerceLayer()
    hub = oauth_client(api, rate_limit={CL: 1.0}, coordination=unihook.LocalCoordination(clock=clock))
    hub.get(CL, "wh1")
    hub.get(CL, "wh1")
    assert len(api.api_requests) == 2
    assert clock.waits == pytest.approx([1.02])
