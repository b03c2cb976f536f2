"""Credentials and signing secrets never show in repr()/str() of public objects, errors or log output."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest

import unihook
from unihook._settings import Settings

from .conftest import (
    CL_SHARED_SECRET,
    EVENTS,
    HOOK,
    IDS,
    PC_RESPONSE_SECRET,
    Script,
    fake_api,
    json_response,
    unique,
)

pytestmark = pytest.mark.usefixtures("waits")

CL_ACCESS_FROM_OAUTH_PREFIX = "cloauthaccess"


def all_credentials() -> dict[str, str]:
    return {
        "flxpoint_api_token": unique("SECRETflx"),
        "commercelayer_client_id": unique("SECRETclid"),
        "commercelayer_client_secret": unique("SECRETclsecret"),
        "commercelayer_organization": "acme",
        "blaze_partner_key": unique("SECRETbpk"),
        "blaze_developer_key": unique("SECRETbdk"),
        "shipping_channels_api_key": unique("SECRETsck"),
        "packcloud_api_token": unique("SECRETpct"),
        "packcloud_organization_id": "org1",
    }


def secret_values(creds: dict[str, str]) -> list[str]:
    return [v for k, v in creds.items() if k not in ("commercelayer_organization", "packcloud_organization_id")]


class FlakyAPI:
    """The vendors' APIs (and Commerce Layer's token endpoint); every distinct request is first answered 429,
    so the retry path and its logging run too."""

    def __init__(self, flaky: bool = True) -> None:
        self.flaky = flaky
        self.seen: set[tuple[str, str, bytes]] = set()
        self.access_token = unique(CL_ACCESS_FROM_OAUTH_PREFIX)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = (request.method, str(request.url), request.content)
        if self.flaky and key not in self.seen:
            self.seen.add(key)
            return json_response(429, {"error": {"message": "slow down"}}, headers={"Retry-After": "0"})
        if request.url.host == "auth.commercelayer.io":
            return json_response(200, {"access_token": self.access_token, "token_type": "bearer", "expires_in": 7200})
        return fake_api(request)


def exercise_sync(hub: unihook.Client, given_secret: str) -> list[unihook.Subscription]:
    subs: list[unihook.Subscription] = []
    for vendor in IDS:
        id = IDS[vendor]
        subs.append(hub.create(vendor, url=HOOK, events=EVENTS[vendor]))
        if vendor in ("shipping_channels", "packcloud"):
            subs.append(hub.create(vendor, url=HOOK, events=EVENTS[vendor], secret=given_secret))
            subs.append(hub.update(vendor, id, secret=given_secret))
        subs.extend(hub.list(vendor))
        subs.append(hub.get(vendor, id))
        subs.append(hub.update(vendor, id, url="https://example.com/other"))
        if hub.supports(vendor, "disable"):
            subs.append(hub.disable(vendor, id))
            subs.append(hub.enable(vendor, id))
        if hub.supports(vendor, "delete"):
            hub.delete(vendor, id)
    return subs


async def exercise_async(hub: unihook.AsyncClient, given_secret: str) -> list[unihook.Subscription]:
    subs: list[unihook.Subscription] = []
    for vendor in IDS:
        id = IDS[vendor]
        subs.append(await hub.create(vendor, url=HOOK, events=EVENTS[vendor]))
        if vendor in ("shipping_channels", "packcloud"):
            subs.append(await hub.create(vendor, url=HOOK, events=EVENTS[vendor], secret=given_secret))
            subs.append(await hub.update(vendor, id, secret=given_secret))
        subs.extend([s async for s in hub.list(vendor)])
        subs.append(await hub.get(vendor, id))
        subs.append(await hub.update(vendor, id, url="https://example.com/other"))
        if hub.supports(vendor, "disable"):
            subs.append(await hub.disable(vendor, id))
            subs.append(await hub.enable(vendor, id))
        if hub.supports(vendor, "delete"):
            await hub.delete(vendor, id)
    return subs


def log_output(caplog: pytest.LogCaptureFixture, logger: str) -> list[str]:
    out = []
    for record in caplog.records:
        if record.name == logger or record.name.startswith(logger + "."):
            out.append(record.getMessage())
            out.append(repr(record.args))
            out.append(repr(vars(record)))
    return out


def assert_hidden(secrets: list[str], texts: list[str]) -> None:
    for secret in secrets:
        for text in texts:
            assert secret not in text, f"secret {secret[:12]}... leaked in: {text[:300]}"


def sub_texts(subs: list[unihook.Subscription]) -> list[str]:
    return [t for s in subs for t in (repr(s), str(s), f"{s}", f"{s!r}")]


# --- everything through a sync client -----------------------------------------------------------------------


@pytest.mark.parametrize("commercelayer_auth", ["access_token", "client_credentials"])
def test_sync_client_hides_every_secret(caplog, commercelayer_auth):
    caplog.set_level(logging.DEBUG)
    creds = all_credentials()
    if commercelayer_auth == "access_token":
        creds["commercelayer_access_token"] = unique("SECRETclaccess")
    given_secret = unique("SECRETgiven")
    api = FlakyAPI()
    hub = unihook.Client(http_client=httpx.Client(transport=httpx.MockTransport(api)), rate_limit=False, **creds)

    subs = exercise_sync(hub, given_secret)

    secrets = [*secret_values(creds), given_secret, api.access_token, CL_SHARED_SECRET, PC_RESPONSE_SECRET]
    generated = [s.secret for s in subs if s.secret and s.secret not in secrets]
    assert generated, "shipping_channels / packcloud creates without a secret hand back a generated one"
    secrets += generated

    # The secrets really were in play (else this test proves nothing).
    assert any(s.secret == CL_SHARED_SECRET for s in subs)
    assert any(s.secret == PC_RESPONSE_SECRET for s in subs)
    assert any(s.secret == given_secret for s in subs)
    sent_headers = " ".join(str(dict(r.headers)) for r in api.requests)
    assert creds["flxpoint_api_token"] in sent_headers
    if commercelayer_auth == "client_credentials":
        assert any(r.url.host == "auth.commercelayer.io" for r in api.requests)

    unihook_logs = log_output(caplog, "unihook")
    httpx_logs = log_output(caplog, "httpx")
    assert len([m for m in unihook_logs if "(attempt 2)" in m]) > 10  # retries were logged
    assert any("HTTP Request" in m for m in httpx_logs)
    assert_hidden(secrets, unihook_logs)
    assert_hidden(secrets, httpx_logs)
    assert_hidden(secrets, [caplog.text])
    assert_hidden(secrets, sub_texts(subs))
    assert_hidden(secrets, [repr(hub), str(hub)])
    hub._http.close()


def test_async_client_hides_every_secret(caplog):
    caplog.set_level(logging.DEBUG)
    creds = all_credentials()
    given_secret = unique("SECRETgiven")
    api = FlakyAPI(flaky=False)  # async retries are covered in test_async_policy.py

    async def main() -> tuple[list[unihook.Subscription], str]:
        async with httpx.AsyncClient(transport=httpx.MockTransport(api)) as http:
            hub = unihook.AsyncClient(http_client=http, rate_limit=False, **creds)
            return await exercise_async(hub, given_secret), repr(hub) + str(hub)

    subs, hub_text = asyncio.run(main())

    secrets = [*secret_values(creds), given_secret, api.access_token, CL_SHARED_SECRET, PC_RESPONSE_SECRET]
    secrets += [s.secret for s in subs if s.secret]
    assert any(s.secret == PC_RESPONSE_SECRET for s in subs)
    assert_hidden(secrets, log_output(caplog, "unihook"))
    assert_hidden(secrets, log_output(caplog, "httpx"))
    assert_hidden(secrets, [caplog.text, hub_text])
    assert_hidden(secrets, sub_texts(subs))


# --- repr / str of the public objects ---------------------------------------------------------------------------


def test_client_repr_shows_configured_vendors_only():
    creds = all_credentials()
    hub = unihook.Client(**creds)
    try:
        text = repr(hub) + str(hub)
        assert_hidden(secret_values(creds), [text])
        assert "flxpoint" in text
    finally:
        hub.close()


def test_async_client_repr_hides_credentials():
    creds = all_credentials()
    hub = unihook.AsyncClient(**creds)
    text = repr(hub) + str(hub)
    assert_hidden(secret_values(creds), [text])
    assert "AsyncClient" in text
    asyncio.run(hub.aclose())


def test_settings_repr_masks_credentials(clean_env):
    env = {
        "FLXPOINT_API_TOKEN": unique("SECRETflx"),
        "COMMERCELAYER_ACCESS_TOKEN": unique("SECRETclat"),
        "COMMERCELAYER_CLIENT_ID": unique("SECRETclid"),
        "COMMERCELAYER_CLIENT_SECRET": unique("SECRETclsecret"),
        "COMMERCELAYER_ORGANIZATION": "acme",
        "BLAZE_PARTNER_KEY": unique("SECRETbpk"),
        "BLAZE_DEVELOPER_KEY": unique("SECRETbdk"),
        "SHIPPING_CHANNELS_API_KEY": unique("SECRETsck"),
        "PACKCLOUD_API_TOKEN": unique("SECRETpct"),
        "PACKCLOUD_ORGANIZATION_ID": "org1",
    }
    for name, value in env.items():
        clean_env.setenv(name, value)
    settings = Settings.from_env()
    secrets = [v for k, v in env.items() if not k.endswith(("ORGANIZATION", "ORGANIZATION_ID"))]

    assert_hidden(secrets, [repr(settings), str(settings)])
    assert "acme" in repr(settings)  # non-secret settings stay visible
    assert "***" in repr(settings)
    hub = unihook.Client.from_env()
    assert_hidden(secrets, [repr(hub), str(hub), repr(hub._engine.settings)])
    hub.close()


def test_subscription_repr_and_str_hide_the_secret():
    secret = unique("SECRETsub")
    sub = unihook.Subscription(
        vendor="packcloud",
        id="p1",
        url=HOOK,
        events=("order.created",),
        active=True,
        secret=secret,
        vendor_model={"secret": secret},
    )
    assert sub.secret == secret
    assert_hidden([secret], [repr(sub), str(sub), f"{sub}", f"{sub!r}", repr([sub]), str({"s": sub})])
    assert "p1" in repr(sub)
    assert "p1" in str(sub)


# --- errors ------------------------------------------------------------------------------------------------------


def error_texts(exc: BaseException) -> list[str]:
    return [repr(exc), str(exc), repr(exc.args), repr(vars(exc))]


@pytest.mark.parametrize(
    ("failure", "error"),
    [
        (json_response(401, {"error": {"message": "Unauthenticated"}}), unihook.AuthenticationError),
        (json_response(403, {"errors": [{"title": "forbidden", "status": "403"}]}), unihook.AuthenticationError),
        (json_response(404, {"error": "not found"}), unihook.NotFoundError),
        (json_response(422, {"error": {"message": "bad", "errors": {"url": ["bad"]}}}), unihook.ValidationError),
        (json_response(429, headers={"Retry-After": "120"}), unihook.RateLimitError),
        (json_response(500, {"message": "boom"}), unihook.ServerError),
        (httpx.ConnectError, unihook.TransportError),
        (httpx.ReadTimeout, unihook.TransportError),
        (json_response(200, [1, 2]), unihook.ServerError),
    ],
    ids=["401", "403", "404", "422", "429", "500", "ConnectError", "ReadTimeout", "malformed"],
)
@pytest.mark.parametrize("vendor", list(IDS))
def test_errors_hide_credentials(caplog, vendor, failure, error):
    caplog.set_level(logging.DEBUG)
    creds = all_credentials()
    creds["commercelayer_access_token"] = unique("SECRETclaccess")
    given_secret = unique("SECRETgiven")
    hub = unihook.Client(
        http_client=httpx.Client(transport=httpx.MockTransport(Script(failure))),
        rate_limit=False,
        max_retries=0,
        **creds,
    )
    secret = given_secret if vendor in ("shipping_channels", "packcloud") else None
    with pytest.raises(error) as info:
        hub.create(vendor, url=HOOK, events=EVENTS[vendor], secret=secret)

    secrets = [*secret_values(creds), given_secret]
    assert_hidden(secrets, error_texts(info.value))
    assert_hidden(secrets, [caplog.text])
    hub._http.close()


def test_local_errors_hide_secrets(make_client):
    secret = "SECRET with space " + unique("x")
    hub = make_client(Script(fake_api))
    with pytest.raises(unihook.InvalidRequest) as info:
        hub.create("packcloud", url=HOOK, events=["order.created"], secret=secret)
    assert_hidden([secret], error_texts(info.value))

    short = "SECRET7"
    with pytest.raises(unihook.InvalidRequest) as info:
        hub.create("shipping_channels", url=HOOK, events=["shipment.created"], secret=short)
    assert_hidden([short], error_texts(info.value))


def test_token_endpoint_errors_hide_client_secret(caplog, waits):
    caplog.set_level(logging.DEBUG)
    creds = all_credentials()

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.host == "auth.commercelayer.io"
        return json_response(401, {"errors": [{"title": "invalid client", "status": "401"}]})

    hub = unihook.Client(http_client=httpx.Client(transport=httpx.MockTransport(handler)), **creds)
    with pytest.raises(unihook.AuthenticationError) as info:
        hub.get("commercelayer", "wh1")
    assert_hidden(secret_values(creds), [*error_texts(info.value), caplog.text])
    hub._http.close()


# --- url credentials are not logged ----------------------------------------------------------------------------


def test_base_url_userinfo_is_not_logged(caplog):
    caplog.set_level(logging.DEBUG, logger="unihook")
    password = unique("SECRETpw")
    script = Script(lambda r: json_response(200, {"data": {"id": "wh_1", "url": HOOK, "events": []}}))
    hub = unihook.Client(
        http_client=httpx.Client(transport=httpx.MockTransport(script)),
        shipping_channels_api_key="k",
        base_urls={"shipping_channels": f"https://user:{password}@proxy.example.com/sc"},
    )
    hub.get("shipping_channels", "wh_1")
    messages = [r.getMessage() for r in caplog.records if r.name == "unihook"]
    assert messages
    assert_hidden([password], messages)
    hub._http.close()
