"""Where `make fuzz` (schemathesis, every check but ignored_auth) found the stand-ins and their specs disagreeing
(issue 11, item 6): each stand-in now answers as its spec says. The expectations come from the specs and the vendors'
docs, never from the stand-ins' own output."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support import load_spec, operations
from unihook_sandbox import SandboxState

from .support import BLAZE, CL, FLX, PACK, SC, TestClient

CREDENTIALS = {"flxpoint": FLX, "commercelayer": CL, "blaze": BLAZE, "shipping_channels": SC, "packcloud": PACK}
UNDECLARED = ("GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "TRACE")


def _spec_paths() -> list[tuple[str, str, frozenset[str]]]:
    """(vendor, path with its parameters filled in, the methods the spec declares) of every documented path."""
    found = []
    for vendor in CREDENTIALS:
        methods: dict[str, set[str]] = {}
        for path, method, _ in operations(load_spec(vendor)):
            methods.setdefault(path, set()).add(method.upper())
        for path, declared in methods.items():
            filled = path.replace("{organizationId}", "org_1").replace("{", "").replace("}", "")
            found.append((vendor, filled, frozenset(declared)))
    return found


@pytest.mark.parametrize(("vendor", "path", "declared"), _spec_paths(), ids=lambda v: str(v))
def test_a_method_a_path_does_not_declare_is_a_405_that_lists_the_declared_ones(
    client: TestClient, vendor: str, path: str, declared: frozenset[str]
) -> None:
    """RFC 9110: a 405 carries `Allow` with the resource's methods; Starlette listed only one route's (`Allow: POST`
    on a path that also serves GET)."""
    for method in sorted(set(UNDECLARED) - declared):
        response = client.request(method, f"/{vendor}{path}", headers=CREDENTIALS[vendor])
        assert response.status_code == 405, (method, path, response.text)
        allowed = {name.strip() for name in response.headers["allow"].split(",")}
        # HEAD comes with GET (Starlette serves it); the spec's methods, and nothing else.
        assert allowed - {"HEAD"} == declared, (method, path, response.headers["allow"])


def test_each_vendors_405_is_in_its_own_error_shape(client: TestClient) -> None:
    flx = client.delete("/flxpoint/webhhok/configurations/1", headers=FLX)
    assert (flx.status_code, flx.content) == (405, b"")  # Flxpoint documents no error bodies
    pack = client.delete("/packcloud/organizations/o/webhooks/w", headers=PACK)
    assert (pack.status_code, pack.content) == (405, b"")
    cl = client.put("/commercelayer/api/webhooks/x", headers=CL)
    assert cl.headers["content-type"] == "application/vnd.api+json"
    assert cl.json()["errors"][0]["status"] == "405"  # the JSON:API error document, status as a string
    blaze = client.patch("/blaze/api/v1/partner/webHooks/x", headers=BLAZE)
    assert blaze.json()["status"] == 405
    sc = client.patch("/shipping_channels/webhook-subscriptions/x", headers=SC)
    assert sc.json()["error"]["status"] == 405


# --- Commerce Layer: the Accept header --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept", [None, "*/*", "application/json", "application/vnd.api+json, */*", "application/vnd.api+jsonx"]
)
def test_commerce_layer_refuses_any_accept_but_its_media_type(client: TestClient, accept: str | None) -> None:
    """ "406 Not acceptable: The Accept header was not correctly set to application/vnd.api+json" (the error-handling
    page); the spec's Accept parameter is required, with that one value."""
    request = client.build_request("GET", "/commercelayer/api/webhooks", headers={"Authorization": "Bearer t"})
    if accept is None:
        del request.headers["Accept"]  # httpx would send `*/*`
    else:
        request.headers["Accept"] = accept
    response = client.send(request)
    assert response.status_code == 406
    assert response.json()["errors"][0]["status"] == "406"
    assert client.get("/commercelayer/api/webhooks", headers=CL).status_code == 200


# --- request values JSON Schema refuses -----------------------------------------------------------------------

# vendor, create URL, headers, a valid body, the status a refused body gets
CREATES: list[tuple[str, str, dict[str, str], dict[str, Any], int]] = [
    (
        "flxpoint",
        "/flxpoint/webhhok/configurations",
        FLX,
        {"webhookUrl": "https://x.example", "subscribedEvents": ["OrderImportedEvent"]},
        400,
    ),
    (
        "commercelayer",
        "/commercelayer/api/webhooks",
        CL,
        {"data": {"type": "webhooks", "attributes": {"topic": "orders.place", "callback_url": "https://x.example"}}},
        422,
    ),
    (
        "blaze",
        "/blaze/api/v1/partner/webHooks",
        BLAZE,
        {"webHookType": "NEW_MEMBER", "webHookUrls": ["https://x"]},
        400,
    ),
    (
        "shipping_channels",
        "/shipping_channels/webhook-subscriptions",
        SC,
        {"name": "n", "url": "https://x.example", "events": ["shipment.created"]},
        422,
    ),
    (
        "packcloud",
        "/packcloud/organizations/o/webhooks",
        PACK,
        {"event_code": "order.created", "endpoint": "https://x.example", "secret": "s3cret"},
        422,
    ),
]
# vendor -> (where in the valid body, an optional field the spec types non-nullable, a value of another JSON type)
FIELDS: dict[str, list[tuple[tuple[str, ...], Any]]] = {
    # (path to the field, a value the spec's schema refuses)
    "flxpoint": [(("notificationEmail",), None), (("channelId",), False), (("sourceId",), "5")],
    "commercelayer": [
        (("data", "attributes", "_enable"), None),
        (("data", "attributes", "_enable"), 0),
        (("data", "attributes", "reference"), None),
    ],
    "blaze": [(("shopId",), None), (("url",), None), (("url",), 5)],
    "shipping_channels": [(("active",), None), (("active",), 0), (("secret",), None)],
    "packcloud": [(("enabled",), None), (("enabled",), 0), (("enabled",), "true")],
}


def _with(body: dict[str, Any], where: tuple[str, ...], value: Any) -> dict[str, Any]:
    changed: dict[str, Any] = json.loads(json.dumps(body))
    target = changed
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    return changed


CASES = [
    pytest.param(url, headers, body, status, where, value, id=f"{vendor}-{'.'.join(where)}={value!r}")
    for vendor, url, headers, body, status in CREATES
    for where, value in FIELDS[vendor]
]


@pytest.mark.parametrize(("url", "headers", "body", "status", "where", "value"), CASES)
def test_a_null_or_a_value_of_another_type_is_refused(
    client: TestClient,
    state: SandboxState,
    url: str,
    headers: dict[str, str],
    body: dict[str, Any],
    status: int,
    where: tuple[str, ...],
    value: Any,
) -> None:
    """No request field of any spec is nullable, and JSON Schema does not coerce: `null` for an optional string,
    `0` or `"true"` for a boolean, `false` or `"5"` for an integer are all refused (pydantic's defaults took them)."""
    content = json.dumps(_with(body, where, value))
    response = client.post(url, content=content, headers={"Content-Type": "application/json", **headers})
    assert response.status_code == status, response.text
    assert all(not records for records in state.snapshot().values())


def test_free_form_members_may_hold_nulls_and_an_integral_number_is_an_integer(
    client: TestClient, state: SandboxState
) -> None:
    metadata = {"data": {"type": "webhooks", "attributes": {"topic": "t.x", "callback_url": "https://x.example"}}}
    metadata["data"]["attributes"]["metadata"] = {"note": None}
    assert client.post("/commercelayer/api/webhooks", content=json.dumps(metadata), headers=CL).status_code == 201
    # JSON Schema counts 5.0 as an integer.
    body = {"webhookUrl": "https://x.example", "subscribedEvents": ["OrderImportedEvent"], "sourceId": 5.0}
    created = client.post("/flxpoint/webhhok/configurations", json=body, headers=FLX)
    assert (created.status_code, created.json()["sourceId"]) == (200, 5)


def test_blaze_timestamps_beyond_int64_are_refused(client: TestClient) -> None:
    created = client.post(
        "/blaze/api/v1/partner/webHooks",
        json={"webHookType": "NEW_MEMBER", "webHookUrls": ["https://x"]},
        headers=BLAZE,
    ).json()
    replaced = {**created, "modified": 2**63}  # the spec: integer, format int64
    response = client.put(f"/blaze/api/v1/partner/webHooks/{created['id']}", json=replaced, headers=BLAZE)
    assert (response.status_code, response.json()["field"]) == (400, "modified")
    within = {**created, "modified": 2**63 - 1}
    assert client.put(f"/blaze/api/v1/partner/webHooks/{created['id']}", json=within, headers=BLAZE).status_code == 200


def test_blaze_replace_takes_the_object_as_the_swagger_types_it(client: TestClient, state: SandboxState) -> None:
    """The vendor's Swagger types the PUT body as PartnerWebHook, which requires nothing (the spec follows it): a
    replace without the event type is taken and leaves the registration without one; an unlisted type is not."""
    created = client.post(
        "/blaze/api/v1/partner/webHooks",
        json={"webHookType": "NEW_MEMBER", "webHookUrls": ["https://x"]},
        headers=BLAZE,
    ).json()
    url = f"/blaze/api/v1/partner/webHooks/{created['id']}"
    no_type = client.put(url, json={"webHookUrls": ["https://x"]}, headers=BLAZE)
    assert no_type.status_code == 200
    assert "webHookType" not in state.records("blaze")[0]
    unlisted = client.put(url, json={"webHookType": "TRANSACTION_UPDATE"}, headers=BLAZE)
    assert (unlisted.status_code, unlisted.json()["field"]) == (400, "webHookType")


# --- Commerce Layer: sort, include and sparse fieldsets, as the spec's patterns say -----------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("sort", " created_at"),
        ("sort", "created_at,"),
        ("sort", "name"),
        ("include", "versions,,event_stores"),
        ("include", "versions "),
        ("fields[webhooks]", "topic, name"),
        ("fields[webhooks]", "secret"),
        ("filter[q][disabled_at_null]", "null"),
        ("filter[q][disabled_at_null]", "1"),
    ],
)
def test_commerce_layer_refuses_list_parameters_its_spec_refuses(client: TestClient, name: str, value: str) -> None:
    response = client.get("/commercelayer/api/webhooks", params={name: value}, headers=CL)
    assert response.status_code == 400, response.text


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("sort", ""),
        ("sort", "-created_at,reference"),
        ("include", "versions,event_stores"),
        ("fields[webhooks]", "topic,callback_url"),
        ("fields[webhooks]", ""),
        ("filter[q][disabled_at_null]", "false"),
    ],
)
def test_commerce_layer_takes_list_parameters_its_spec_allows(client: TestClient, name: str, value: str) -> None:
    assert client.get("/commercelayer/api/webhooks", params={name: value}, headers=CL).status_code == 200


# --- Shipping Channels: "The url must be a valid URL." as the spec's pattern says ------------------------------


@pytest.mark.parametrize(
    ("url", "valid"),
    [
        ("https://hooks.example.com/sc?x=1#y", True),
        ("http://localhost:8080", True),
        ("http://a b", False),  # urlsplit takes it, the pattern does not
        (" https://hooks.example.com", False),
        ("https://hooks.example.com\n", False),
        ("http:///path", False),
        ("ftp://hooks.example.com", False),
        ("http://[", False),
    ],
)
def test_shipping_channels_url_validity_is_the_specs(client: TestClient, url: str, valid: bool) -> None:
    body = {"name": "n", "url": url, "events": ["shipment.created"]}
    response = client.post("/shipping_channels/webhook-subscriptions", json=body, headers=SC)
    if valid:
        assert response.status_code == 201, response.text
    else:
        assert response.status_code == 422
        assert response.json()["error"]["errors"]["url"] == ["The url must be a valid URL."]


def test_commerce_layers_list_parameter_patterns_are_the_specs() -> None:
    """The stand-in matches `sort`, `include` and `fields[webhooks]` against patterns built from its own lists of
    sortable attributes, relationships and attributes; they must be the spec's, character for character."""
    from unihook_sandbox import commercelayer

    parameters = load_spec("commercelayer")["components"]["parameters"]
    assert commercelayer.SORT_PATTERN.pattern == parameters["Sort"]["schema"]["pattern"]
    assert commercelayer.INCLUDE_PATTERN.pattern == parameters["Include"]["schema"]["pattern"]
    assert commercelayer.FIELDS_PATTERN.pattern == parameters["FieldsWebhooks"]["schema"]["pattern"]
