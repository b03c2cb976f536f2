"""The declared public API: __all__, lazy imports, the error tree, py.typed, and sync/async parity."""

from __future__ import annotations

import dataclasses
import inspect
import json
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import httpx
import pytest

import unihook

EXPECTED_PUBLIC = [
    "APIError",
    "AsyncClient",
    "AuthenticationError",
    "Client",
    "ConflictError",
    "Coordination",
    "CoordinationError",
    "InvalidRequest",
    "LocalCoordination",
    "NotFoundError",
    "RateLimitError",
    "RedisCoordination",
    "ServerError",
    "SignatureError",
    "Subscription",
    "TransportError",
    "UnihookError",
    "UnsupportedOperation",
    "VENDORS",
    "ValidationError",
    "VendorKey",
    "__version__",
]
GENERATED = [
    "flxpoint_client",
    "commercelayer_client",
    "blaze_client",
    "shipping_channels_client",
    "packcloud_client",
]
HEAVY = [*GENERATED, "tenacity", "authlib", "redis", "filelock"]


def isort_style(name: str) -> tuple[int, str]:
    """The order ruff's RUF022 (enabled in pyproject.toml) keeps __all__ in: SCREAMING_CASE, CamelCase, rest."""
    if len(name) > 1 and name.isupper():
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


# --- __all__ ---------------------------------------------------------------------------------------------------


def test_all_is_the_expected_public_names():
    assert set(unihook.__all__) == set(EXPECTED_PUBLIC)
    assert len(unihook.__all__) == len(set(unihook.__all__))


def test_all_is_sorted():
    assert unihook.__all__ == sorted(unihook.__all__, key=isort_style)


def test_all_matches_the_names_unihook_defines():
    defined = {
        name
        for name, value in vars(unihook).items()
        if not name.startswith("_")
        and not isinstance(value, types.ModuleType)
        and not (name == "annotations" and getattr(value, "__module__", None) == "__future__")
    } | set(unihook._LAZY)  # resolved on first use, by the module's __getattr__
    assert defined | {"__version__"} == set(unihook.__all__)
    assert {name for name in dir(unihook) if not name.startswith("_")} - defined <= {
        name for name in dir(unihook) if isinstance(getattr(unihook, name), types.ModuleType)
    }


def test_every_exported_name_resolves():
    for name in unihook.__all__:
        assert getattr(unihook, name) is not None
    assert unihook.VENDORS == ("flxpoint", "commercelayer", "blaze", "shipping_channels", "packcloud")
    assert isinstance(unihook.__version__, str)
    assert unihook.__version__.count(".") >= 1


def test_public_classes_present_themselves_as_unihook_names():
    for name in unihook.__all__:
        value = getattr(unihook, name)
        if isinstance(value, type):
            assert value.__name__ == name
            assert value.__module__.startswith("unihook.")


# --- lazy imports ---------------------------------------------------------------------------------------------------


def run_python(code: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"},
    )


def result(process: subprocess.Popen[str]) -> object:
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


USE_EACH_VENDOR = """
    import json, sys

    heavy = {heavy!r}
    report = {{}}
    report["bare"] = [m for m in heavy if m in sys.modules]
    import httpx
    import unihook
    report["import"] = [m for m in heavy if m in sys.modules]

    bodies = {{
        "flxpoint": {{"id": 42, "configurationName": "c", "webhookUrl": "https://e.com/h", "subscribedEvents": []}},
        "commercelayer": {{"data": {{"id": "wh1", "type": "webhooks", "attributes": {{"topic": "orders.place"}}}}}},
        "blaze": {{"id": "b1", "webHookUrls": ["https://e.com/h"]}},
        "shipping_channels": {{"data": {{"id": "wh_1", "url": "https://e.com/h", "events": []}}}},
        "packcloud": {{"id": "p1", "endpoint": "https://e.com/h", "secret": "s", "enabled": True,
                      "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z"}},
    }}
    ids = {{"flxpoint": "42", "commercelayer": "wh1", "blaze": "b1", "shipping_channels": "wh_1", "packcloud": "p1"}}
    vendor_of_host = {{
        "api.flxpoint.com": "flxpoint", "acme.commercelayer.io": "commercelayer", "api.partners.blaze.me": "blaze",
        "api.shipping-channels.com": "shipping_channels", "api.pack.cloud": "packcloud",
    }}
    handler = lambda request: httpx.Response(200, json=bodies[vendor_of_host[request.url.host]])
    hub = unihook.Client(
        flxpoint_api_token="t", commercelayer_access_token="t", commercelayer_organization="acme",
        blaze_partner_key="p", blaze_developer_key="d", shipping_channels_api_key="k",
        packcloud_api_token="t", packcloud_organization_id="o", rate_limit=False,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    repr(hub)
    report["construct"] = [m for m in heavy if m in sys.modules]
    for vendor in {order!r}:
        before = set(m for m in heavy if m in sys.modules)
        assert hub.get(vendor, ids[vendor]).id == ids[vendor]
        report[vendor] = sorted(m for m in heavy if m in sys.modules and m not in before)
    print(json.dumps(report))
"""

VENDOR_ORDER = ["shipping_channels", "flxpoint", "packcloud", "commercelayer", "blaze"]


def test_import_and_use_of_one_vendor_loads_only_that_vendor():
    report = result(run_python(USE_EACH_VENDOR.format(heavy=HEAVY, order=VENDOR_ORDER)))

    assert report["bare"] == []
    assert report["import"] == []  # `import unihook` loads no generated package, tenacity, authlib, redis, filelock
    assert report["construct"] == []  # nor does building a client
    for vendor in VENDOR_ORDER:
        # A successful call with a ready token needs neither tenacity (no retry) nor authlib (no grant).
        assert report[vendor] == [f"{vendor}_client"], vendor


# --- errors -----------------------------------------------------------------------------------------------------------


def test_error_hierarchy_matches_the_design():
    top = unihook.UnihookError
    assert issubclass(top, Exception)
    for name in ("InvalidRequest", "UnsupportedOperation", "TransportError", "APIError"):
        assert issubclass(getattr(unihook, name), top), name
    for name in (
        "AuthenticationError",
        "NotFoundError",
        "ConflictError",
        "ValidationError",
        "RateLimitError",
        "ServerError",
    ):
        assert issubclass(getattr(unihook, name), unihook.APIError), name
    assert not issubclass(unihook.ConflictError, unihook.ValidationError | unihook.ServerError)
    # the branches are separate
    assert not issubclass(unihook.TransportError, unihook.APIError)
    assert not issubclass(unihook.InvalidRequest, unihook.APIError)
    assert not issubclass(unihook.UnsupportedOperation, unihook.APIError)
    assert not issubclass(unihook.InvalidRequest, unihook.UnsupportedOperation)
    assert not issubclass(unihook.ServerError, unihook.RateLimitError)
    assert not issubclass(unihook.RateLimitError, unihook.ServerError)
    # nothing was sent when coordination fails: a transport failure, never the vendor's answer
    assert issubclass(unihook.CoordinationError, unihook.TransportError)


def test_the_error_tree_docstring_names_every_exported_error():
    from unihook import _exceptions

    doc = _exceptions.__doc__ or ""
    errors = [n for n in unihook.__all__ if isinstance(getattr(unihook, n), type) and n.endswith(("Error", "Request"))]
    missing = [name for name in errors if f"* {name} - " not in doc and f"* {name}\n" not in doc]
    assert missing == [], f"the exception tree in _exceptions.py leaves out {missing}"


def test_error_attributes():
    error = unihook.ValidationError(
        "bad", vendor="shipping_channels", status_code=422, body={"x": 1}, field_errors={"url": ["bad url"]}
    )
    assert (error.status_code, error.vendor, error.body) == (422, "shipping_channels", {"x": 1})
    assert error.field_errors == {"url": ["bad url"]}
    limited = unihook.RateLimitError("slow", vendor="blaze", status_code=429, retry_after=5.0)
    assert limited.retry_after == 5.0
    assert unihook.APIError("x", vendor="blaze", status_code=500).field_errors == {}
    transport = unihook.TransportError("down", vendor="flxpoint", attempts=3)
    assert (transport.vendor, transport.attempts) == ("flxpoint", 3)


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, unihook.ValidationError),
        (401, unihook.AuthenticationError),
        (403, unihook.AuthenticationError),
        (404, unihook.NotFoundError),
        (405, unihook.APIError),  # a client error with no class of its own: not the server's fault
        (409, unihook.ConflictError),
        (418, unihook.ServerError),  # a status no class covers stays a ServerError
        (423, unihook.ConflictError),
        (422, unihook.ValidationError),
        (429, unihook.RateLimitError),
        (500, unihook.ServerError),
        (503, unihook.ServerError),
        (599, unihook.ServerError),
    ],
)
def test_status_codes_map_to_the_documented_errors(make_client, status, error):
    hub = make_client(lambda request: httpx.Response(status, json={"error": {"message": "m"}}), max_retries=0)
    with pytest.raises(error) as info:
        hub.get("shipping_channels", "wh_1")
    assert type(info.value) is error
    assert info.value.status_code == status
    assert info.value.vendor == "shipping_channels"
    assert info.value.body == {"error": {"message": "m"}}


def test_validation_error_carries_field_errors(make_client):
    body = {"error": {"message": "The given data was invalid.", "errors": {"url": ["The url is invalid."]}}}
    hub = make_client(lambda request: httpx.Response(422, json=body))
    with pytest.raises(unihook.ValidationError) as info:
        hub.create("shipping_channels", url="https://example.com/h", events=["shipment.created"])
    assert info.value.field_errors == {"url": ["The url is invalid."]}


# --- packaging and parity -----------------------------------------------------------------------------------------


def test_py_typed_ships_in_the_package():
    package = Path(unihook.__file__).parent
    assert package.name == "unihook"
    assert (package / "py.typed").is_file()
    assert package.parent.name == "src"


def test_subscription_fields_match_the_design():
    names = [field.name for field in dataclasses.fields(unihook.Subscription)]
    for name in ("vendor", "id", "url", "events", "active", "name", "secret", "created_at", "updated_at"):
        assert name in names
    sub = unihook.Subscription(vendor="blaze", id="b1", url="https://e.com/h", events=("NEW_MEMBER",))
    assert sub.active is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        sub.id = "x"  # type: ignore[misc]


# `close` is `aclose` on the async side, as on httpx.AsyncClient.
ASYNC_NAME = {"close": "aclose", "__enter__": "__aenter__", "__exit__": "__aexit__"}


def public_methods(cls: type) -> list[str]:
    return sorted(name for name in dir(cls) if not name.startswith("_") and callable(getattr(cls, name)))


def parameters(function: object) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(function).parameters.values()]


def test_async_client_has_every_public_method_of_client():
    sync_methods = public_methods(unihook.Client)
    assert {"create", "create_many", "list", "get", "update", "enable", "disable", "delete", "from_env"} <= set(
        sync_methods
    )
    for name in sync_methods:
        async_name = ASYNC_NAME.get(name, name)
        assert hasattr(unihook.AsyncClient, async_name), name
        assert parameters(getattr(unihook.Client, name)) == parameters(getattr(unihook.AsyncClient, async_name)), name
    assert public_methods(unihook.AsyncClient) == sorted(ASYNC_NAME.get(n, n) for n in sync_methods)


def test_constructors_take_the_same_parameters():
    assert parameters(unihook.Client.__init__) == parameters(unihook.AsyncClient.__init__)
    assert [p[0] for p in parameters(unihook.Client.from_env)][:2] == ["http_client", "rate_limit"]


def test_context_manager_methods_exist_on_both():
    for name in ("__enter__", "__exit__"):
        assert parameters(getattr(unihook.Client, name)) == parameters(getattr(unihook.AsyncClient, ASYNC_NAME[name]))


@pytest.mark.parametrize("name", ["create", "create_many", "get", "update", "enable", "disable", "delete", "aclose"])
def test_async_operations_are_coroutines(name):
    assert inspect.iscoroutinefunction(getattr(unihook.AsyncClient, name))


def test_async_list_is_not_a_coroutine():
    # list() returns an async iterator directly: `async for s in hub.list(...)`
    assert not inspect.iscoroutinefunction(unihook.AsyncClient.list)


def test_vendors_property_lists_the_five_keys(make_client):
    hub = make_client(lambda request: httpx.Response(500))
    assert hub.vendors == unihook.VENDORS
