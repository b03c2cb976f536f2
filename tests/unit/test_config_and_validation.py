"""Configuration from the environment, and the local checks that refuse a call before anything is sent."""

from __future__ import annotations

import httpx
import pytest

import unihook
from unihook._settings import Settings

from .conftest import EVENTS, HOOK, IDS, Forbidden, Script, fake_api, ok

VENDOR_KEYS = list(IDS)

ENV = {
    "FLXPOINT_API_TOKEN": "env-flx-token",
    "COMMERCELAYER_ACCESS_TOKEN": "env-cl-tk",
    "COMMERCELAYER_ORGANIZATION": "acme-shop",
    "BLAZE_PARTNER_KEY": "env-blaze-partner",
    "BLAZE_DEVELOPER_KEY": "env-blaze-developer",
    "SHIPPING_CHANNELS_API_KEY": "env-sc-key",
    "PACKCLOUD_API_TOKEN": "env-pc-tk",
    "PACKCLOUD_ORGANIZATION_ID": "org-7",
}

# What a `get` of each vendor's subscription looks like with ENV and the documented roots.
EXPECTED_GET = {
    "flxpoint": ("https://api.flxpoint.com/webhhok/configurations/42", {"x-api-token": "env-flx-token"}),
    "commercelayer": (
        "https://acme-shop.commercelayer.io/api/webhooks/wh1",
        {"authorization": "Bearer env-cl-tk", "accept": "application/vnd.api+json"},
    ),
    "blaze": (
        "https://api.partners.blaze.me/api/v1/partner/webHooks/b1",
        {"x-api-key": "env-blaze-partner", "authorization": "env-blaze-developer"},
    ),
    "shipping_channels": (
        "https://api.shipping-channels.com/v1/webhook-subscriptions/wh_1",
        {"authorization": "Bearer env-sc-key"},
    ),
    "packcloud": (
        "https://api.pack.cloud/v1/organizations/org-7/webhooks/p1",
        {"authorization": "Bearer env-pc-tk"},
    ),
}

# The same calls with every root replaced by UNIHOOK_<KEY>_BASE_URL: the path is appended to it as given.
EXPECTED_OVERRIDE_PATH = {
    "flxpoint": "/webhhok/configurations/42",
    "commercelayer": "/api/webhooks/wh1",
    "blaze": "/api/v1/partner/webHooks/b1",
    "shipping_channels": "/webhook-subscriptions/wh_1",
    "packcloud": "/organizations/org-7/webhooks/p1",
}


def by_vendor_of_path(request: httpx.Request) -> httpx.Response:
    """Answers a sandbox-style URL http://127.0.0.1:8765/<vendor>/..."""
    vendor = request.url.path.split("/")[1]
    return ok(vendor, request)


def set_env(monkeypatch: pytest.MonkeyPatch, env: dict[str, str]) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)


# --- from_env -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("vendor", VENDOR_KEYS)
def test_from_env_reads_every_credential(clean_env, vendor):
    set_env(clean_env, ENV)
    script = Script(fake_api_for_env)
    with unihook.Client.from_env(
        http_client=httpx.Client(transport=httpx.MockTransport(script)), rate_limit=False
    ) as hub:
        sub = hub.get(vendor, IDS[vendor])

    url, headers = EXPECTED_GET[vendor]
    assert sub.id == IDS[vendor]
    assert [str(r.url) for r in script.requests] == [url]
    sent = script.requests[0].headers
    for name, value in headers.items():
        assert sent[name] == value


def fake_api_for_env(request: httpx.Request) -> httpx.Response:
    host = request.url.host
    if host == "acme-shop.commercelayer.io":
        return ok("commercelayer", request)
    if request.url.path.startswith("/v1/organizations/org-7/"):
        return ok("packcloud", request)
    return fake_api(request)


def test_from_env_configured_reports_each_vendor(clean_env):
    set_env(clean_env, {"FLXPOINT_API_TOKEN": "t", "BLAZE_PARTNER_KEY": "p"})
    hub = unihook.Client.from_env()
    try:
        assert hub.configured("flxpoint") is True
        assert hub.configured("blaze") is False  # the developer key is missing
        assert hub.configured("shipping_channels") is False
        assert "flxpoint" in repr(hub)
    finally:
        hub.close()


def test_from_env_blank_variables_count_as_missing(clean_env):
    set_env(clean_env, {"FLXPOINT_API_TOKEN": "   "})
    forbidden = Forbidden()
    with (
        unihook.Client.from_env(http_client=httpx.Client(transport=httpx.MockTransport(forbidden))) as hub,
        pytest.raises(unihook.InvalidRequest, match="FLXPOINT_API_TOKEN"),
    ):
        hub.get("flxpoint", "42")
    assert forbidden.requests == []


def test_explicit_arguments_override_the_environment(clean_env):
    set_env(clean_env, ENV)
    script = Script(fake_api)
    http = httpx.Client(transport=httpx.MockTransport(script))
    with unihook.Client.from_env(http_client=http, rate_limit=False, shipping_channels_api_key="explicit") as hub:
        hub.get("shipping_channels", "wh_1")
    assert script.requests[0].headers["authorization"] == "Bearer explicit"


@pytest.mark.parametrize("vendor", VENDOR_KEYS)
def test_base_url_variable_replaces_the_root_exactly(clean_env, vendor):
    set_env(clean_env, ENV)
    root = f"http://127.0.0.1:8765/{vendor}"
    clean_env.setenv(f"UNIHOOK_{vendor.upper()}_BASE_URL", root)
    script = Script(by_vendor_of_path)
    with unihook.Client.from_env(
        http_client=httpx.Client(transport=httpx.MockTransport(script)), rate_limit=False
    ) as hub:
        hub.get(vendor, IDS[vendor])

    assert [str(r.url) for r in script.requests] == [root + EXPECTED_OVERRIDE_PATH[vendor]]


def test_base_url_variable_trailing_slash_is_dropped(clean_env):
    set_env(clean_env, ENV)
    clean_env.setenv("UNIHOOK_SHIPPING_CHANNELS_BASE_URL", "http://127.0.0.1:8765/shipping_channels/")
    script = Script(by_vendor_of_path)
    with unihook.Client.from_env(http_client=httpx.Client(transport=httpx.MockTransport(script))) as hub:
        hub.get("shipping_channels", "wh_1")
    assert str(script.requests[0].url) == "http://127.0.0.1:8765/shipping_channels/webhook-subscriptions/wh_1"


def test_commercelayer_base_url_override_needs_no_organization(clean_env):
    clean_env.setenv("COMMERCELAYER_ACCESS_TOKEN", "tok")
    clean_env.setenv("UNIHOOK_COMMERCELAYER_BASE_URL", "http://127.0.0.1:8765/commercelayer")
    script = Script(by_vendor_of_path)
    with unihook.Client.from_env(http_client=httpx.Client(transport=httpx.MockTransport(script))) as hub:
        hub.get("commercelayer", "wh1")
    assert str(script.requests[0].url) == "http://127.0.0.1:8765/commercelayer/api/webhooks/wh1"


def test_commercelayer_organization_builds_the_root(clean_env):
    clean_env.setenv("COMMERCELAYER_ACCESS_TOKEN", "tok")
    clean_env.setenv("COMMERCELAYER_ORGANIZATION", "my-org")
    assert Settings.from_env().base_url("commercelayer") == "https://my-org.commercelayer.io"


def test_documented_roots_without_overrides(clean_env):
    settings = Settings.from_env()
    assert settings.base_url("flxpoint") == "https://api.flxpoint.com"
    assert settings.base_url("blaze") == "https://api.partners.blaze.me"
    assert settings.base_url("shipping_channels") == "https://api.shipping-channels.com/v1"
    assert settings.base_url("packcloud") == "https://api.pack.cloud/v1"


@pytest.mark.parametrize("organization", ["acme.evil.com", "acme/x", "a b", "acme?x=1"])
def test_commercelayer_organization_must_be_a_slug(clean_env, organization):
    clean_env.setenv("COMMERCELAYER_ACCESS_TOKEN", "tok")
    clean_env.setenv("COMMERCELAYER_ORGANIZATION", organization)
    forbidden = Forbidden()
    with (
        unihook.Client.from_env(http_client=httpx.Client(transport=httpx.MockTransport(forbidden))) as hub,
        pytest.raises(unihook.InvalidRequest, match="COMMERCELAYER_ORGANIZATION"),
    ):
        hub.get("commercelayer", "wh1")
    assert forbidden.requests == []


# --- missing credentials ----------------------------------------------------------------------------------------

OPERATIONS = {
    "create": lambda hub, vendor: hub.create(vendor, url=HOOK, events=EVENTS[vendor]),
    "list": lambda hub, vendor: list(hub.list(vendor)),
    "get": lambda hub, vendor: hub.get(vendor, IDS[vendor]),
    "update": lambda hub, vendor: hub.update(vendor, IDS[vendor], url=HOOK),
    "delete": lambda hub, vendor: hub.delete(vendor, IDS[vendor]),
}


@pytest.mark.parametrize(
    ("env", "vendor", "variable"),
    [
        ({}, "flxpoint", "FLXPOINT_API_TOKEN"),
        ({}, "commercelayer", "COMMERCELAYER_ACCESS_TOKEN"),
        ({"COMMERCELAYER_ACCESS_TOKEN": "t"}, "commercelayer", "COMMERCELAYER_ORGANIZATION"),
        (
            {"COMMERCELAYER_CLIENT_ID": "id", "COMMERCELAYER_ORGANIZATION": "acme"},
            "commercelayer",
            "COMMERCELAYER_CLIENT_SECRET",
        ),
        (
            {"COMMERCELAYER_CLIENT_SECRET": "s", "COMMERCELAYER_ORGANIZATION": "acme"},
            "commercelayer",
            "COMMERCELAYER_CLIENT_ID",
        ),
        (
            {"COMMERCELAYER_CLIENT_ID": "id", "COMMERCELAYER_CLIENT_SECRET": "s"},
            "commercelayer",
            "COMMERCELAYER_ORGANIZATION",
        ),
        ({}, "blaze", "BLAZE_PARTNER_KEY"),
        ({"BLAZE_PARTNER_KEY": "p"}, "blaze", "BLAZE_DEVELOPER_KEY"),
        ({"BLAZE_DEVELOPER_KEY": "d"}, "blaze", "BLAZE_PARTNER_KEY"),
        ({}, "shipping_channels", "SHIPPING_CHANNELS_API_KEY"),
        ({}, "packcloud", "PACKCLOUD_API_TOKEN"),
        ({"PACKCLOUD_API_TOKEN": "t"}, "packcloud", "PACKCLOUD_ORGANIZATION_ID"),
        ({"PACKCLOUD_ORGANIZATION_ID": "o"}, "packcloud", "PACKCLOUD_API_TOKEN"),
    ],
)
@pytest.mark.parametrize("operation", ["create", "list", "get", "update", "delete"])
def test_missing_credential_names_the_variable_and_sends_nothing(clean_env, env, vendor, variable, operation):
    set_env(clean_env, env)
    forbidden = Forbidden()
    call = OPERATIONS[operation]
    with (
        unihook.Client.from_env(http_client=httpx.Client(transport=httpx.MockTransport(forbidden))) as hub,
        pytest.raises(unihook.InvalidRequest, match=variable),
    ):
        call(hub, vendor)
    assert forbidden.requests == []


def test_missing_credential_error_is_a_value_error_too(clean_env):
    with unihook.Client.from_env() as hub, pytest.raises(ValueError, match="FLXPOINT_API_TOKEN"):
        hub.get("flxpoint", "1")


def test_other_vendors_need_no_credentials(clean_env):
    clean_env.setenv("SHIPPING_CHANNELS_API_KEY", "k")
    script = Script(fake_api)
    with unihook.Client.from_env(http_client=httpx.Client(transport=httpx.MockTransport(script))) as hub:
        assert hub.get("shipping_channels", "wh_1").id == "wh_1"


# --- unknown vendor -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("vendor", ["shopify", "", "FLXPOINT", "flx point", None, 3])
def test_unknown_vendor_is_refused(make_client, vendor):
    forbidden = Forbidden()
    hub = make_client(forbidden)
    calls = [
        lambda: hub.create(vendor, url=HOOK, events=["x"]),
        lambda: hub.list(vendor),
        lambda: hub.get(vendor, "1"),
        lambda: hub.update(vendor, "1", url=HOOK),
        lambda: hub.enable(vendor, "1"),
        lambda: hub.disable(vendor, "1"),
        lambda: hub.delete(vendor, "1"),
        lambda: hub.configured(vendor),
        lambda: hub.supports(vendor, "create"),
    ]
    for call in calls:
        with pytest.raises(unihook.InvalidRequest, match="unknown vendor"):
            call()
    assert forbidden.requests == []


def test_unknown_vendor_in_base_urls_is_refused():
    with pytest.raises(unihook.InvalidRequest, match="unknown vendor"):
        unihook.Client(base_urls={"shopify": "https://example.com"})


# --- local validation ------------------------------------------------------------------------------------------


BAD_URLS = [
    "/hook",
    "example.com/hook",
    "ftp://example.com/hook",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "https://example.com/a b",
    " https://example.com/hook",
    "https://example.com/hook\n",
    "https://example.com/\x00hook",
    "https://example.com/\u200bhook",
    "https://user:pass@example.com/hook",
    "https://",
    "https://example.com:99999/hook",
    "https://example.com:0/hook",
    "https://example.com/" + "a" * 2100,
    "",
    None,
    b"https://example.com/hook",
]


@pytest.mark.parametrize("url", BAD_URLS, ids=repr)
@pytest.mark.parametrize("vendor", ["flxpoint", "commercelayer", "packcloud"])
def test_create_with_a_bad_url_sends_nothing(make_client, vendor, url):
    forbidden = Forbidden()
    hub = make_client(forbidden)
    with pytest.raises(unihook.InvalidRequest, match="url"):
        hub.create(vendor, url=url, events=EVENTS[vendor])
    assert forbidden.requests == []


@pytest.mark.parametrize(
    "url", ["/hook", "ftp://example.com/hook", "https://example.com/a b", "https://x/\t"], ids=repr
)
def test_update_with_a_bad_url_sends_nothing(make_client, url):
    forbidden = Forbidden()
    hub = make_client(forbidden)
    with pytest.raises(unihook.InvalidRequest, match="url"):
        hub.update("shipping_channels", "wh_1", url=url)
    assert forbidden.requests == []


BAD_EVENTS = [
    ([], "at least one"),
    ((), "at least one"),
    ("orders.place", "list of event names"),
    (b"orders.place", "list of event names"),
    (None, "list of event names"),
    ({"orders.place": True}, "list of event names"),
    (["orders.place", "orders.place"], "twice"),
    ([1], "must be a string"),
    ([None], "must be a string"),
    ([""], "non-empty"),
    (["orders place"], "no spaces"),
    ([" orders.place"], "no spaces"),
    (["e" * 201], "longer"),
    ([f"event{i}" for i in range(101)], "at most"),
]


@pytest.mark.parametrize(("events", "message"), BAD_EVENTS, ids=lambda v: repr(v)[:30])
@pytest.mark.parametrize("vendor", ["flxpoint", "shipping_channels", "commercelayer"])
def test_create_with_bad_events_sends_nothing(make_client, vendor, events, message):
    forbidden = Forbidden()
    hub = make_client(forbidden)
    with pytest.raises(unihook.InvalidRequest, match=message):
        hub.create(vendor, url=HOOK, events=events)
    assert forbidden.requests == []


@pytest.mark.parametrize(
    ("events", "message"), [e for e in BAD_EVENTS[:8] if e[0] is not None], ids=lambda v: repr(v)[:30]
)
def test_update_with_bad_events_sends_nothing(make_client, events, message):
    forbidden = Forbidden()
    hub = make_client(forbidden)
    with pytest.raises(unihook.InvalidRequest, match=message):
        hub.update("shipping_channels", "wh_1", events=events)
    assert forbidden.requests == []


@pytest.mark.parametrize("vendor", ["commercelayer", "blaze", "packcloud"])
def test_several_events_on_a_one_event_vendor_sends_nothing(make_client, vendor):
    forbidden = Forbidden()
    hub = make_client(forbidden)
    with pytest.raises(unihook.InvalidRequest, match="create_many"):
        hub.create(vendor, url=HOOK, events=[EVENTS[vendor][0], "other.event"])
    assert forbidden.requests == []


@pytest.mark.parametrize(
    ("name", "message"),
    [("n" * 256, "at most 255"), ("", "non-empty"), ("   ", "non-empty"), ("a\x07b", "printable"), (5, "string")],
    ids=repr,
)
@pytest.mark.parametrize("vendor", ["flxpoint", "commercelayer", "shipping_channels"])
def test_create_with_a_bad_name_sends_nothing(make_client, vendor, name, message):
    forbidden = Forbidden()
    hub = make_client(forbidden)
    with pytest.raises(unihook.InvalidRequest, match=message):
        hub.create(vendor, url=HOOK, events=EVENTS[vendor], name=name)
    assert forbidden.requests == []


def test_name_of_255_characters_is_accepted(make_client):
    script = Script(lambda r: ok("shipping_channels", r))
    hub = make_client(script)
    hub.create("shipping_channels", url=HOOK, events=["shipment.created"], name="n" * 255)
    assert script.methods == ["POST"]


@pytest.mark.parametrize("vendor", ["blaze", "packcloud"])
def test_name_on_a_vendor_without_names_sends_nothing(make_client, vendor):
    forbidden = Forbidden()
    hub = make_client(forbidden)
    with pytest.raises(unihook.InvalidRequest, match="no name"):
        hub.create(vendor, url=HOOK, events=EVENTS[vendor], name="mine")
    assert forbidden.requests == []


@pytest.mark.parametrize("secret", ["", "short", "1234567"])
def test_shipping_channels_secret_under_eight_characters_sends_nothing(make_client, secret):
    forbidden = Forbidden()
    hub = make_client(forbidden)
    with pytest.raises(unihook.InvalidRequest, match="at least 8"):
        hub.create("shipping_channels", url=HOOK, events=["shipment.created"], secret=secret)
    with pytest.raises(unihook.InvalidRequest, match="at least 8"):
        hub.update("shipping_channels", "wh_1", secret=secret)
    assert forbidden.requests == []


def test_shipping_channels_secret_of_eight_characters_is_sent(make_client):
    script = Script(lambda r: ok("shipping_channels", r))
    hub = make_client(script)
    sub = hub.create("shipping_channels", url=HOOK, events=["shipment.created"], secret="12345678")
    assert script.methods == ["POST"]
    assert sub.secret == "12345678"


@pytest.mark.parametrize("secret", ["has space", "tab\there", "x" * 1025, 12345678], ids=repr)
def test_bad_secret_sends_nothing(make_client, secret):
    forbidden = Forbidden()
    hub = make_client(forbidden)
    with pytest.raises(unihook.InvalidRequest, match="secret"):
        hub.create("packcloud", url=HOOK, events=["order.created"], secret=secret)
    assert forbidden.requests == []


@pytest.mark.parametrize("active", ["yes", 1, None])
def test_create_active_must_be_a_bool(make_client, active):
    forbidden = Forbidden()
    hub = make_client(forbidden)
    with pytest.raises(unihook.InvalidRequest, match="active"):
        hub.create("shipping_channels", url=HOOK, events=["shipment.created"], active=active)
    assert forbidden.requests == []


@pytest.mark.parametrize("vendor", VENDOR_KEYS)
def test_update_with_nothing_to_change_sends_nothing(make_client, vendor):
    forbidden = Forbidden()
    hub = make_client(forbidden)
    with pytest.raises(unihook.InvalidRequest, match="at least one"):
        hub.update(vendor, IDS[vendor])
    assert forbidden.requests == []


BAD_IDS = ["", "../x", "..", "a b", "a/b", "a?b", "a#b", "%2e%2e", "x\n", " x", "-x", "x" * 201, None, 1.5, True]


@pytest.mark.parametrize("id", BAD_IDS, ids=repr)
@pytest.mark.parametrize("vendor", VENDOR_KEYS)
def test_bad_ids_send_nothing(make_client, vendor, id):
    forbidden = Forbidden()
    hub = make_client(forbidden)
    operations = [
        lambda: hub.get(vendor, id),
        lambda: hub.update(vendor, id, url=HOOK),
    ]
    if vendor != "packcloud":
        operations.append(lambda: hub.delete(vendor, id))
    for operation in operations:
        with pytest.raises(unihook.InvalidRequest, match="id"):
            operation()
    assert forbidden.requests == []


@pytest.mark.parametrize("id", ["abc", "12a", "1.5", "1e3", "wh_1", "٣"])
def test_flxpoint_non_numeric_id_sends_nothing(make_client, id):
    forbidden = Forbidden()
    hub = make_client(forbidden)
    for operation in (
        lambda: hub.get("flxpoint", id),
        lambda: hub.update("flxpoint", id, url=HOOK),
        lambda: hub.enable("flxpoint", id),
        lambda: hub.delete("flxpoint", id),
    ):
        with pytest.raises(unihook.InvalidRequest, match=r"integer|identifier"):
            operation()
    assert forbidden.requests == []


def test_flxpoint_integer_id_is_accepted(make_client):
    script = Script(lambda r: ok("flxpoint", r))
    hub = make_client(script)
    assert hub.get("flxpoint", 42).id == "42"
    assert str(script.requests[0].url) == "https://api.flxpoint.com/webhhok/configurations/42"


@pytest.mark.parametrize("root", ["ftp://127.0.0.1/flxpoint", "127.0.0.1:8765", "file:///tmp/x", "//host/x"])
@pytest.mark.parametrize("vendor", VENDOR_KEYS)
def test_base_url_override_must_be_http(make_client, vendor, root):
    forbidden = Forbidden()
    hub = make_client(forbidden, base_urls={vendor: root})
    with pytest.raises(unihook.InvalidRequest, match="http"):
        hub.get(vendor, IDS[vendor])
    assert forbidden.requests == []


def test_base_url_variable_must_be_http(clean_env):
    clean_env.setenv("SHIPPING_CHANNELS_API_KEY", "k")
    clean_env.setenv("UNIHOOK_SHIPPING_CHANNELS_BASE_URL", "ftp://127.0.0.1/sc")
    forbidden = Forbidden()
    with (
        unihook.Client.from_env(http_client=httpx.Client(transport=httpx.MockTransport(forbidden))) as hub,
        pytest.raises(unihook.InvalidRequest, match="UNIHOOK_SHIPPING_CHANNELS_BASE_URL"),
    ):
        hub.get("shipping_channels", "wh_1")
    assert forbidden.requests == []


@pytest.mark.parametrize(
    ("vendor", "operation"),
    [("packcloud", "delete"), ("blaze", "enable"), ("blaze", "disable")],
)
def test_undocumented_operations_send_nothing(make_client, vendor, operation):
    forbidden = Forbidden()
    hub = make_client(forbidden)
    with pytest.raises(unihook.UnsupportedOperation):
        getattr(hub, operation)(vendor, IDS[vendor])
    assert forbidden.requests == []
    assert hub.supports(vendor, operation) is False


def test_valid_create_is_sent_once(make_client):
    script = Script(lambda r: ok("commercelayer", r))
    hub = make_client(script)
    sub = hub.create("commercelayer", url=HOOK, events=["orders.place"])
    assert sub.id == "wh1"
    assert script.methods == ["POST"]


@pytest.mark.parametrize(
    "root",
    [
        "http:///flxpoint",  # no host
        "https://exa mple.com",  # a space in the host
        "https://127.0.0.1:8765/x\ny",  # a control character
        "http://127.0.0.1:8765/x?y=1",  # the API path would land in the query string
        "http://127.0.0.1:8765/x#frag",  # ... or in the fragment
    ],
    ids=repr,
)
def test_base_url_override_must_be_an_absolute_url(make_client, root):
    # "UNIHOOK_<KEY>_BASE_URL must be an absolute http(s) URL": a root the path cannot be appended to is refused.
    forbidden = Forbidden()
    hub = make_client(forbidden, base_urls={"shipping_channels": root})
    with pytest.raises(unihook.InvalidRequest, match="BASE_URL"):
        hub.get("shipping_channels", "wh_1")
    assert forbidden.requests == []


@pytest.mark.parametrize("vendor", ["flxpoint", "commercelayer", "blaze"])
def test_secret_on_a_vendor_without_a_settable_secret_sends_nothing(make_client, vendor):
    # Flxpoint and BLAZE document no secret; Commerce Layer generates shared_secret itself and takes none on
    # create or update. A secret given there would be dropped silently, so it is refused, like `name` on BLAZE.
    forbidden = Forbidden()
    hub = make_client(forbidden)
    with pytest.raises(unihook.InvalidRequest, match="secret"):
        hub.create(vendor, url=HOOK, events=EVENTS[vendor], secret="my-own-secret-123")
    with pytest.raises(unihook.InvalidRequest, match="secret"):
        hub.update(vendor, IDS[vendor], secret="my-own-secret-123")
    assert forbidden.requests == []


@pytest.mark.parametrize("vendor", ["shipping_channels", "packcloud"])
def test_secret_is_sent_where_the_vendor_takes_one(make_client, vendor):
    script = Script(lambda r: ok(vendor, r))
    hub = make_client(script)
    hub.create(vendor, url=HOOK, events=EVENTS[vendor], secret="my-own-secret-123")
    hub.update(vendor, IDS[vendor], secret="my-own-secret-124")
    bodies = [r.content.decode() for r in script.requests if r.method in ("POST", "PUT")]
    assert len(bodies) == 2
    assert '"secret":"my-own-secret-123"' in bodies[0]
    assert '"secret":"my-own-secret-124"' in bodies[1]
