"""Receiving: `unihook.webhooks.verify` and `Receiver` against signatures computed here, independently of unihook
(hmac, hashlib and base64 directly), as Commerce Layer documents them: X-CommerceLayer-Signature =
base64(HMAC-SHA256(raw body, key = the webhook's shared_secret))."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import hashlib
import hmac
import json
import subprocess
import sys
import textwrap
from collections.abc import Callable
from typing import Any

import httpx
import pytest

import unihook
from unihook import webhooks
from unihook._vendors import VENDORS, load

SECRET = "1c0994cc4e996e8c6ee56a2198f66f3c"  # the shape of a Commerce Layer shared_secret
OLD_SECRET = "0f0e0d0c0b0a09080706050403020100"
TOPIC = "orders.place"
ORDER_ID = "xYZkjABcde"
BODY = json.dumps(
    {
        "data": {
            "id": ORDER_ID,
            "type": "orders",
            "attributes": {"number": "1234", "status": "placed", "note": "x" * 1800},
        }
    }
).encode()
UNSIGNED = ("flxpoint", "blaze")  # no signing documented at all
UNDOCUMENTED = ("shipping_channels", "packcloud")  # they sign, by a scheme they do not document


def sign(body: bytes, secret: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def cl_headers(body: bytes = BODY, secret: str = SECRET, **extra: str) -> dict[str, str]:
    return {
        "Content-Type": "application/vnd.api+json",
        "X-CommerceLayer-Signature": sign(body, secret),
        "X-CommerceLayer-Topic": TOPIC,
        **extra,
    }


# --- verify: what passes ----------------------------------------------------------------------------------------


def test_a_valid_delivery_verifies_and_reads():
    headers = cl_headers(Authorization="Basic dXNlcjpwYXNzd29yZA==")
    delivery = webhooks.verify("commercelayer", BODY, headers, SECRET)

    assert delivery.vendor == "commercelayer"
    assert delivery.event == TOPIC
    assert delivery.resource_id == ORDER_ID
    assert delivery.data == json.loads(BODY)
    assert delivery.body == BODY
    assert dict(delivery.headers) == {name.lower(): value for name, value in headers.items()}
    # read-only and case-insensitive
    assert delivery.headers["x-commercelayer-topic"] == delivery.headers["X-COMMERCELAYER-TOPIC"] == TOPIC
    assert "X-Commercelayer-Signature" in delivery.headers
    with pytest.raises(TypeError):
        delivery.headers["x-new"] = "1"  # type: ignore[index]
    with pytest.raises(dataclasses.FrozenInstanceError):
        delivery.event = "orders.cancel"  # type: ignore[misc]


def test_the_repr_is_short_and_shows_no_header_value_or_data():
    headers = cl_headers(Authorization="Basic dXNlcjpwYXNzd29yZA==")
    delivery = webhooks.verify("commercelayer", BODY, headers, SECRET)
    for text in (repr(delivery), str(delivery), repr(delivery.headers)):
        assert len(text) < 200
        assert "dXNlcjpwYXNzd29yZA" not in text
        assert SECRET not in text
        assert "placed" not in text  # no data
    assert ORDER_ID in repr(delivery)
    assert TOPIC in repr(delivery)
    assert "x-commercelayer-signature" in repr(delivery.headers)  # names only


@pytest.mark.parametrize(
    "name", ["X-CommerceLayer-Signature", "x-commercelayer-signature", "X-COMMERCELAYER-SIGNATURE"]
)
def test_header_names_match_in_any_case(name):
    headers = {name: sign(BODY, SECRET), "x-commercelayer-TOPIC": TOPIC}
    assert webhooks.verify("commercelayer", BODY, headers, SECRET).event == TOPIC


def test_headers_may_be_pairs_or_bytes_as_frameworks_give_them():
    pairs = [(b"x-commercelayer-signature", sign(BODY, SECRET).encode()), (b"x-commercelayer-topic", TOPIC.encode())]
    assert webhooks.verify("commercelayer", BODY, pairs, SECRET).event == TOPIC
    assert webhooks.verify("commercelayer", bytearray(BODY), cl_headers(), SECRET).body == BODY


def test_the_comparison_is_constant_time(monkeypatch):
    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    webhooks.verify("commercelayer", BODY, cl_headers(), SECRET)
    expected = hmac.new(SECRET.encode(), BODY, hashlib.sha256).digest()
    assert calls == [(expected, expected)]


def test_a_delivery_without_topic_header_or_id_still_verifies():
    body = json.dumps({"data": [1, 2]}).encode()
    delivery = webhooks.verify("commercelayer", body, {"X-CommerceLayer-Signature": sign(body, SECRET)}, SECRET)
    assert (delivery.event, delivery.resource_id, delivery.data) == (None, None, {"data": [1, 2]})


# --- verify: what fails -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("position", [0, len(BODY) // 2, len(BODY) - 1])
def test_a_one_byte_change_fails(position):
    tampered = bytearray(BODY)
    tampered[position] ^= 0x01
    with pytest.raises(unihook.SignatureError, match="does not match"):
        webhooks.verify("commercelayer", bytes(tampered), cl_headers(), SECRET)


def test_an_appended_or_truncated_body_fails():
    for changed in (BODY + b" ", BODY[:-1], b""):
        with pytest.raises(unihook.SignatureError):
            webhooks.verify("commercelayer", changed, cl_headers(), SECRET)


def test_a_wrong_secret_fails():
    with pytest.raises(unihook.SignatureError, match="does not match"):
        webhooks.verify("commercelayer", BODY, cl_headers(), "not-the-shared-secret")


@pytest.mark.parametrize(
    ("signature", "message"),
    [
        (None, "no X-CommerceLayer-Signature header"),
        ("", "empty"),
        ("   ", "empty"),
        ("not base64!", "not base64"),
        ("%%%%", "not base64"),
        ("YWJj", "does not hold"),  # valid base64 of 3 bytes: not an HMAC-SHA256
        ("é" * 44, "not base64"),
        ("A" * 10_000, "too long"),
        (base64.urlsafe_b64encode(b"\xfb" * 32).decode(), "not base64"),  # the url-safe alphabet is not the scheme
    ],
)
def test_a_missing_or_malformed_signature_header_fails(signature, message):
    headers = cl_headers()
    del headers["X-CommerceLayer-Signature"]
    if signature is not None:
        headers["X-CommerceLayer-Signature"] = signature
    with pytest.raises(unihook.SignatureError, match=message):
        webhooks.verify("commercelayer", BODY, headers, SECRET)


def test_a_repeated_signature_header_fails():
    good = sign(BODY, SECRET)
    pairs = [("X-CommerceLayer-Signature", good), ("x-commercelayer-signature", good)]
    with pytest.raises(unihook.SignatureError):
        webhooks.verify("commercelayer", BODY, pairs, SECRET)


@pytest.mark.parametrize("secret", ["", [], [""], [SECRET, ""], None, b"bytes-secret", [SECRET, 42]])
def test_no_usable_secret_fails(secret):
    headers = cl_headers(secret="")  # even a body signed with the empty key is refused
    with pytest.raises(unihook.SignatureError, match="secret"):
        webhooks.verify("commercelayer", BODY, headers, secret)


def test_a_signed_body_that_is_not_json_is_an_invalid_request():
    for body in (b"not json", b"", b"\xff\xfe\x00", b"[" * 100_000):
        with pytest.raises(unihook.InvalidRequest, match="not JSON") as info:
            webhooks.verify("commercelayer", body, cl_headers(body), SECRET)
        assert not isinstance(info.value, unihook.SignatureError)


def test_a_body_over_the_limit_is_refused_before_any_hmac(monkeypatch):
    big = b"{" + b" " * webhooks.MAX_BODY + b"}"
    monkeypatch.setattr(hmac, "digest", lambda *args: pytest.fail("an HMAC over an oversized body"))
    with pytest.raises(unihook.InvalidRequest, match="limit"):
        webhooks.verify("commercelayer", big, cl_headers(big), SECRET)
    with pytest.raises(unihook.InvalidRequest, match="limit"):
        webhooks.verify("commercelayer", BODY, cl_headers(), SECRET, max_body=len(BODY) - 1)


def test_text_instead_of_the_raw_body_is_refused():
    with pytest.raises(unihook.InvalidRequest, match="bytes"):
        webhooks.verify("commercelayer", BODY.decode(), cl_headers(), SECRET)  # type: ignore[arg-type]


def test_an_absurd_event_header_is_refused_after_the_signature():
    with pytest.raises(unihook.InvalidRequest, match="X-CommerceLayer-Topic"):
        webhooks.verify("commercelayer", BODY, cl_headers(**{"X-CommerceLayer-Topic": "o" * 10_000}), SECRET)


def test_an_unknown_vendor_is_an_invalid_request():
    with pytest.raises(unihook.InvalidRequest, match="unknown vendor"):
        webhooks.verify("commerce_layer", BODY, cl_headers(), SECRET)


# --- rotation ---------------------------------------------------------------------------------------------------


def test_rotation_accepts_either_secret_and_no_other():
    secrets = [SECRET, OLD_SECRET]
    for key in secrets:
        assert webhooks.verify("commercelayer", BODY, cl_headers(secret=key), secrets).resource_id == ORDER_ID
    assert webhooks.verify("commercelayer", BODY, cl_headers(secret=OLD_SECRET), (OLD_SECRET,)).event == TOPIC
    with pytest.raises(unihook.SignatureError):
        webhooks.verify("commercelayer", BODY, cl_headers(secret="a-third-secret"), secrets)


# --- vendors without a documented scheme ------------------------------------------------------------------------


@pytest.mark.parametrize("vendor", [*UNSIGNED, *UNDOCUMENTED])
def test_vendors_without_a_documented_scheme_are_refused_with_advice(vendor):
    title = load(vendor).spec.title
    # Whatever is sent, even a "signature" in Commerce Layer's form, nothing is accepted.
    with pytest.raises(unihook.UnsupportedOperation) as info:
        webhooks.verify(vendor, BODY, cl_headers(), SECRET)
    message = str(info.value)
    assert info.value.vendor == vendor
    assert info.value.operation == "signature verification"
    assert title in message
    assert "token_urlsafe" in message
    assert "compare_digest" in message
    assert ("documents neither" in message) is (vendor in UNDOCUMENTED)
    assert ("documents no signing" in message) is (vendor in UNSIGNED)
    with pytest.raises(unihook.UnsupportedOperation):
        webhooks.Receiver(vendor, SECRET, lambda delivery: None)


def test_each_vendor_declares_how_it_signs():
    for vendor in VENDORS:
        signing = load(vendor).spec.signing
        assert signing.note
        assert webhooks.can_verify(vendor) is (vendor == "commercelayer")
        assert signing.documented is (vendor == "commercelayer")
        assert signing.signs is (vendor not in UNSIGNED)
    signing = load("commercelayer").spec.signing
    assert (signing.algorithm, signing.signature_header, signing.event_header, signing.resource_id_path) == (
        "hmac-sha256-base64",
        "X-CommerceLayer-Signature",
        "X-CommerceLayer-Topic",
        ("data", "id"),
    )


def test_event_of_reads_the_unverified_event_header():
    assert webhooks.event_of("commercelayer", {"x-commercelayer-topic": TOPIC}) == TOPIC
    assert webhooks.event_of("commercelayer", {}) is None
    assert webhooks.event_of("flxpoint", {"x-commercelayer-topic": TOPIC}) is None


# --- Receiver ---------------------------------------------------------------------------------------------------


def post(app: Any, body: bytes = BODY, headers: dict[str, str] | None = None, method: str = "POST") -> httpx.Response:
    async def main() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://receiver.test") as client:
            return await client.request(method, "/hooks/commercelayer", content=body, headers=headers)

    return asyncio.run(main())


def recorder() -> tuple[list[webhooks.Delivery], Callable[[webhooks.Delivery], None]]:
    got: list[webhooks.Delivery] = []
    return got, got.append


def test_a_valid_delivery_is_handed_to_the_handler_and_answered_200():
    got, handler = recorder()
    response = post(webhooks.Receiver("commercelayer", SECRET, handler), headers=cl_headers())
    assert (response.status_code, response.json()) == (200, {"ok": True})
    assert response.headers["content-type"] == "application/json"
    (delivery,) = got
    assert (delivery.event, delivery.resource_id, delivery.body) == (TOPIC, ORDER_ID, BODY)
    assert delivery.data == json.loads(BODY)


def test_an_async_handler_is_awaited():
    got: list[webhooks.Delivery] = []

    async def handler(delivery: webhooks.Delivery) -> None:
        await asyncio.sleep(0)
        got.append(delivery)

    assert post(webhooks.Receiver("commercelayer", SECRET, handler), headers=cl_headers()).status_code == 200
    assert [d.resource_id for d in got] == [ORDER_ID]


def test_a_bad_signature_is_answered_401_and_not_handled():
    got, handler = recorder()
    app = webhooks.Receiver("commercelayer", SECRET, handler)
    for headers in (cl_headers(secret="wrong"), {"X-CommerceLayer-Topic": TOPIC}, cl_headers(BODY + b"x")):
        response = post(app, headers=headers)
        assert response.status_code == 401
        assert response.json()["ok"] is False
        assert len(response.content) < 200
    assert got == []


def test_rotation_in_the_receiver():
    got, handler = recorder()
    app = webhooks.Receiver("commercelayer", [SECRET, OLD_SECRET], handler)
    assert post(app, headers=cl_headers(secret=OLD_SECRET)).status_code == 200
    assert post(app, headers=cl_headers(secret=SECRET)).status_code == 200
    assert post(app, headers=cl_headers(secret="third")).status_code == 401
    assert len(got) == 2


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "HEAD"])
def test_other_methods_are_answered_405(method):
    got, handler = recorder()
    response = post(webhooks.Receiver("commercelayer", SECRET, handler), method=method, headers=cl_headers())
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert got == []


def test_an_oversized_body_is_answered_413():
    got, handler = recorder()
    app = webhooks.Receiver("commercelayer", SECRET, handler, max_body=1024)
    big = b"{}" + b" " * 2048
    response = post(app, body=big, headers=cl_headers(big))
    assert response.status_code == 413
    assert got == []
    assert post(app, body=b"{}", headers=cl_headers(b"{}")).status_code == 200


def test_a_streamed_oversized_body_is_answered_413_without_reading_further():
    # No Content-Length: the body arrives in chunks, and reading stops at the first one past max_body.
    app = webhooks.Receiver("commercelayer", SECRET, lambda delivery: None, max_body=1000)
    chunks = [{"type": "http.request", "body": b"x" * 400, "more_body": True} for _ in range(10)]
    read: list[dict[str, Any]] = []
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        read.append(chunks[len(read)])
        return read[-1]

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    headers = [(name.lower().encode(), value.encode()) for name, value in cl_headers(b"").items()]
    scope = {"type": "http", "method": "POST", "path": "/", "headers": headers}
    asyncio.run(app(scope, receive, send))
    assert len(read) == 3  # 1200 bytes > 1000: the fourth chunk is never asked for
    assert sent[0]["status"] == 413


def test_a_failing_handler_is_answered_500_without_a_traceback(caplog):
    def handler(delivery: webhooks.Delivery) -> None:
        raise RuntimeError("database is down: password=hunter2")

    response = post(webhooks.Receiver("commercelayer", SECRET, handler), headers=cl_headers())
    assert response.status_code == 500
    assert response.json() == {"ok": False, "error": "the delivery's handler failed"}
    assert "Traceback" not in response.text
    assert "hunter2" not in response.text
    assert "handler" in caplog.text  # logged on the server side, with the traceback


def test_a_failing_async_handler_is_answered_500():
    async def handler(delivery: webhooks.Delivery) -> None:
        raise ValueError("boom")

    assert post(webhooks.Receiver("commercelayer", SECRET, handler), headers=cl_headers()).status_code == 500


def test_handlers_by_event():
    placed, on_placed = recorder()
    others, fallback = recorder()
    app = webhooks.Receiver("commercelayer", SECRET, fallback, on={TOPIC: on_placed})
    assert post(app, headers=cl_headers()).json() == {"ok": True}
    assert post(app, headers=cl_headers(**{"X-CommerceLayer-Topic": "orders.cancel"})).status_code == 200
    assert [d.event for d in placed] == [TOPIC]
    assert [d.event for d in others] == ["orders.cancel"]

    only = webhooks.Receiver("commercelayer", SECRET, on={TOPIC: on_placed})
    response = post(only, headers=cl_headers(**{"X-CommerceLayer-Topic": "orders.cancel"}))
    assert (response.status_code, response.json()) == (200, {"ok": True, "handled": False})


def test_a_signed_body_that_is_not_json_is_answered_400():
    got, handler = recorder()
    response = post(webhooks.Receiver("commercelayer", SECRET, handler), body=b"oops", headers=cl_headers(b"oops"))
    assert response.status_code == 400
    assert got == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("",), "empty"),
        (([],), "empty"),
        ((None,), "secret"),
        (([SECRET, ""],), "empty"),
    ],
)
def test_a_receiver_refuses_missing_secrets_at_construction(arguments, message):
    with pytest.raises(unihook.InvalidRequest, match=message):
        webhooks.Receiver("commercelayer", *arguments, lambda delivery: None)


def test_a_receiver_refuses_a_bad_configuration():
    with pytest.raises(unihook.InvalidRequest, match="handler"):
        webhooks.Receiver("commercelayer", SECRET)
    with pytest.raises(unihook.InvalidRequest, match="callable"):
        webhooks.Receiver("commercelayer", SECRET, on={TOPIC: "not a function"})  # type: ignore[dict-item]
    for bad in (0, -1, 1.5, True):
        with pytest.raises(unihook.InvalidRequest, match="max_body"):
            webhooks.Receiver("commercelayer", SECRET, print, max_body=bad)  # type: ignore[arg-type]
    app = webhooks.Receiver("commercelayer", [SECRET, OLD_SECRET], print)
    assert SECRET not in repr(app)
    assert OLD_SECRET not in repr(app)


def test_the_receiver_answers_lifespan_events():
    app = webhooks.Receiver("commercelayer", SECRET, print)
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return incoming.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app({"type": "lifespan"}, receive, send))
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]


# --- the core install -------------------------------------------------------------------------------------------


def test_importing_and_using_webhooks_loads_no_web_framework():
    code = textwrap.dedent(
        f"""
        import asyncio, base64, hashlib, hmac, json, sys
        import unihook.webhooks as webhooks

        frameworks = ("starlette", "fastapi", "flask", "werkzeug", "uvicorn")
        loaded = {{"import": [m for m in frameworks if m in sys.modules]}}
        body = b'{{"data": {{"id": "x"}}}}'
        signature = base64.b64encode(hmac.new(b"k", body, hashlib.sha256).digest()).decode()
        headers = {{{"X-CommerceLayer-Signature"!r}: signature}}
        assert webhooks.verify({"commercelayer"!r}, body, headers, "k").resource_id == "x"
        webhooks.Receiver({"commercelayer"!r}, "k", print)
        loaded["use"] = [m for m in frameworks if m in sys.modules]
        print(json.dumps(loaded))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"import": [], "use": []}
