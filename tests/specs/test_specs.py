"""The hand-written specs: valid OpenAPI, the project's lint rules, and examples that match their schemas."""

from __future__ import annotations

import re
from typing import Any

import jsonschema
import pytest
import referencing
import referencing.jsonschema
from openapi_spec_validator import validate

from tests.support import VENDORS, load_spec, operations

DOCUMENTED_ROOTS = {
    "flxpoint": "https://api.flxpoint.com",
    "commercelayer": "https://{organization}.commercelayer.io",
    "blaze": "https://api.partners.blaze.me",
    "shipping_channels": "https://api.shipping-channels.com/v1",
    "packcloud": "https://api.pack.cloud/v1",
}
OPERATION_IDS = {
    "flxpoint": {
        "createWebhookConfiguration",
        "listWebhookConfigurations",
        "getWebhookConfiguration",
        "updateWebhookConfiguration",
    },
    "commercelayer": {"listWebhooks", "createWebhook", "getWebhook", "updateWebhook", "deleteWebhook"},
    "blaze": {
        "createPartnerWebHook",
        "listPartnerWebHooks",
        "getPartnerWebHook",
        "updatePartnerWebHook",
        "deletePartnerWebHook",
    },
    "shipping_channels": {
        "createWebhookSubscription",
        "listWebhookSubscriptions",
        "getWebhookSubscription",
        "updateWebhookSubscription",
        "deleteWebhookSubscription",
        "listAvailableEvents",
    },
    "packcloud": {"createWebhook", "listWebhooks", "getWebhook", "updateWebhook"},
}
MEDIA_TYPES = {
    "commercelayer": "application/vnd.api+json",
}


def walk(node: Any, path: str = "#"):
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, f"{path}/{index}")


@pytest.mark.parametrize("vendor", VENDORS)
def test_spec_is_valid_openapi(vendor: str) -> None:
    spec = load_spec(vendor)
    validate(spec)
    assert spec["openapi"].startswith("3.1")


@pytest.mark.parametrize("vendor", VENDORS)
def test_server_is_documented_root(vendor: str) -> None:
    assert load_spec(vendor)["servers"][0]["url"] == DOCUMENTED_ROOTS[vendor]


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_documented_operation_is_present(vendor: str) -> None:
    found = {op["operationId"] for _, _, op in operations(load_spec(vendor))}
    assert found == OPERATION_IDS[vendor]


@pytest.mark.parametrize("vendor", VENDORS)
def test_operations_follow_the_house_rules(vendor: str) -> None:
    spec = load_spec(vendor)
    schemes = set(spec["components"]["securitySchemes"])
    problems = []
    for path, method, op in operations(spec):
        where = f"{method.upper()} {path}"
        if len(op.get("tags", [])) != 1:
            problems.append(f"{where}: needs exactly one tag")
        if not op.get("summary"):
            problems.append(f"{where}: no summary")
        if not str(op.get("externalDocs", {}).get("url", "")).startswith("https://"):
            problems.append(f"{where}: no externalDocs.url")
        security = op.get("security")
        if not security or not all(set(req) <= schemes and req for req in security):
            problems.append(f"{where}: operation-level security missing or naming an unknown scheme")
        if not any(code.startswith("2") for code in op["responses"]):
            problems.append(f"{where}: no success response")
        for code, response in op["responses"].items():
            for media in response.get("content", {}):
                expected = MEDIA_TYPES.get(vendor, "application/json")
                if media != expected:
                    problems.append(f"{where} {code}: media type {media}, expected {expected}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("vendor", VENDORS)
def test_schema_rules(vendor: str) -> None:
    """Open enums only, no request defaults, no format: uri (see specs/README.md)."""
    spec = load_spec(vendor)
    schemas = spec["components"]["schemas"]
    problems = []
    for pointer, node in walk(spec):
        if not isinstance(node, dict):
            continue
        if node.get("format") == "uri":
            problems.append(f"{pointer}: format uri")
        if "enum" in node and len(node["enum"]) > 1:
            owner = pointer.removeprefix("#/components/schemas/")
            if "/" in owner or not owner.endswith("Known"):
                problems.append(f"{pointer}: an enum outside a *Known component (use the open-enum anyOf)")
    for name, schema in schemas.items():
        if name.endswith("Request"):
            for prop, body in schema.get("properties", {}).items():
                if isinstance(body, dict) and "default" in body:
                    problems.append(f"{name}.{prop}: default on a request property is always sent")
    for name in schemas:
        if name.endswith("Known"):
            uses = [p for p, n in walk(spec) if isinstance(n, dict) and n.get("$ref", "").endswith(f"/{name}")]
            assert uses, f"{name} is never used"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("vendor", VENDORS)
def test_assumptions_are_marked(vendor: str) -> None:
    notes = [n for p, n in walk(load_spec(vendor)) if p.endswith("/x-assumption")]
    assert notes, "every spec settles something the docs do not; mark it with x-assumption"
    assert all(isinstance(n, str) and len(n) > 20 for n in notes)


def _registry(spec: dict[str, Any]) -> referencing.Registry:
    resource = referencing.Resource.from_contents(spec, default_specification=referencing.jsonschema.DRAFT202012)
    return referencing.Registry().with_resource("urn:spec", resource)


def examples(spec: dict[str, Any]):
    """(where, schema, value) for every media-type example and schema example in the document."""
    for pointer, node in walk(spec):
        if not isinstance(node, dict) or "schema" not in node:
            continue
        if isinstance(node.get("examples"), dict):
            for name, example in node["examples"].items():
                yield f"{pointer}/examples/{name}", node["schema"], example["value"]
        if "example" in node:
            yield f"{pointer}/example", node["schema"], node["example"]
    for name, schema in spec["components"]["schemas"].items():
        for index, value in enumerate(schema.get("examples", [])):
            yield f"#/components/schemas/{name}/examples/{index}", {"$ref": f"#/components/schemas/{name}"}, value


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_example_validates_against_its_schema(vendor: str) -> None:
    spec = load_spec(vendor)
    registry = _registry(spec)
    found = list(examples(spec))
    assert found, "the seed's examples must be embedded"
    for where, schema, value in found:
        rooted = {"$ref": "urn:spec" + schema["$ref"]} if "$ref" in schema else _reroot(schema)
        validator = jsonschema.Draft202012Validator(
            rooted, registry=registry, format_checker=jsonschema.FormatChecker()
        )
        errors = sorted(validator.iter_errors(value), key=str)
        assert not errors, f"{vendor} {where}: {errors[0].message}"


def _reroot(schema: Any) -> Any:
    if isinstance(schema, dict):
        return {
            k: ("urn:spec" + v if k == "$ref" and isinstance(v, str) and v.startswith("#") else _reroot(v))
            for k, v in schema.items()
        }
    if isinstance(schema, list):
        return [_reroot(v) for v in schema]
    return schema


def test_flxpoint_keeps_the_documented_typo() -> None:
    assert all(re.match(r"^/webhhok/configurations", p) for p in load_spec("flxpoint")["paths"])


# --- request constraints the vendors (and the sandbox) enforce, stated in the schemas (issue 11, item 6) ----------

# specs/README.md: "not blank", at least one character outside Unicode's white space as str.isspace() reads it.
NOT_BLANK = r"[^\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


def _patterns(spec: dict[str, Any]) -> list[str]:
    return [
        node["pattern"] for _, node in walk(spec) if isinstance(node, dict) and isinstance(node.get("pattern"), str)
    ]


def test_the_not_blank_pattern_is_read_alike_by_every_engine_that_checks_it() -> None:
    """JSON Schema's validator (jsonschema_rs, as schemathesis uses it), pydantic (the sandbox's request models) and
    Python's `re` (the sandbox's own checks, hypothesis) must agree character by character, and agree with
    `str.isspace()`, the sandbox's idea of blank. `\\S` would not: each engine reads `\\s` differently."""
    import jsonschema_rs
    from pydantic import BaseModel, Field, ValidationError

    class Text(BaseModel):
        value: str = Field(pattern=NOT_BLANK)

    validator = jsonschema_rs.validator_for({"type": "string", "pattern": NOT_BLANK})
    python = re.compile(NOT_BLANK)
    # Every white-space character lies below U+3100; above, a sample.
    code_points = [*range(0x3100), *range(0x3100, 0x110000, 251)]
    disagreements = []
    for code_point in code_points:
        if 0xD800 <= code_point <= 0xDFFF:
            continue
        char = chr(code_point)
        try:
            Text(value=char)
            pydantic_reading = True
        except ValidationError:
            pydantic_reading = False
        readings = (bool(python.search(char)), pydantic_reading, validator.is_valid(char))
        if readings != (not char.isspace(),) * 3:
            disagreements.append((hex(code_point), readings))
    assert not disagreements


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_not_blank_pattern_is_the_documented_one(vendor: str) -> None:
    for pattern in _patterns(load_spec(vendor)):
        assert "\\s" not in pattern.lower(), f"{pattern}: spell white space out (specs/README.md)"
        if pattern.startswith("[^"):
            assert pattern == NOT_BLANK


def _resolve(spec: dict[str, Any], node: Any, seen: frozenset[str] = frozenset()) -> Any:
    """The schema with its component references inlined (each component once per branch)."""
    if isinstance(node, list):
        return [_resolve(spec, item, seen) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/") and ref not in seen:
        target = spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]
        return _resolve(spec, {**target, **{k: v for k, v in node.items() if k != "$ref"}}, seen | {ref})
    return {key: _resolve(spec, value, seen) for key, value in node.items()}


def _request_schemas(spec: dict[str, Any]) -> list[tuple[str, Any]]:
    return [
        (f"{method.upper()} {path}", _resolve(spec, media["schema"]))
        for path, method, op in operations(spec)
        for media in op.get("requestBody", {}).get("content", {}).values()
    ]


@pytest.mark.parametrize("vendor", VENDORS)
def test_no_request_field_is_nullable(vendor: str) -> None:
    """The sandbox refuses an explicit null in every field its request models declare (unihook_sandbox._core.validated)
    because no spec lets a request field be null; a nullable one would need the sandbox to learn which."""
    found = []
    for where, schema in _request_schemas(load_spec(vendor)):
        for pointer, node in walk(schema):
            if not isinstance(node, dict) or pointer.endswith("/examples"):
                continue
            kinds = node.get("type")
            if node.get("nullable") is True or kinds == "null" or (isinstance(kinds, list) and "null" in kinds):
                found.append(f"{where} {pointer}")
    assert not found


def _request_schema(vendor: str, path: str, method: str) -> Any:
    spec = load_spec(vendor)
    content = spec["paths"][path][method]["requestBody"]["content"]
    return _reroot(next(iter(content.values()))["schema"]), _registry(spec)


# vendor, path, method, a body the vendor refuses (and the sandbox with it), a body it takes
REFUSED_BODIES = [
    (
        "commercelayer",
        "/api/webhooks",
        "post",
        {"data": {"type": "webhooks", "attributes": {"topic": "orders.place", "callback_url": " "}}},
        {"data": {"type": "webhooks", "attributes": {"topic": "orders.place", "callback_url": "https://x.example"}}},
    ),
    (
        "commercelayer",
        "/api/webhooks/{id}",
        "patch",
        {"data": {"type": "webhooks", "id": "a", "attributes": {"topic": "\u3000"}}},
        {"data": {"type": "webhooks", "id": "a", "attributes": {"topic": "orders.place"}}},
    ),
    (
        "blaze",
        "/api/v1/partner/webHooks",
        "post",
        {"webHookType": "NEW_MEMBER", "webHookUrls": [""]},
        {"webHookType": "NEW_MEMBER", "webHookUrls": ["https://x.example"]},
    ),
    (
        "blaze",
        "/api/v1/partner/webHooks",
        "post",
        {"webHookType": "NEW_MEMBER", "webHookUrls": []},
        {"webHookType": "NEW_MEMBER", "webHookUrls": ["\ufeff"]},
    ),
    (
        "shipping_channels",
        "/webhook-subscriptions",
        "post",
        {"name": "\t", "url": "https://x.example", "events": ["shipment.created"]},
        {"name": "n", "url": "https://x.example", "events": ["shipment.created"]},
    ),
    (
        "shipping_channels",
        "/webhook-subscriptions",
        "post",
        {"name": "n", "url": "https://x.example", "events": []},
        {"name": "n", "url": "http://localhost:8080/a?b#c", "events": ["shipment.created"]},
    ),
    (
        "shipping_channels",
        "/webhook-subscriptions/{id}",
        "put",
        {"name": "n", "url": "x.example/hook"},
        {"name": "n", "url": "https://x.example/hook"},
    ),
    (
        "packcloud",
        "/organizations/{organizationId}/webhooks",
        "post",
        {"event_code": "order.created", "endpoint": "https://x.example", "secret": " \n"},
        {"event_code": "order.created", "endpoint": "https://x.example", "secret": "s3cret"},
    ),
    (
        "packcloud",
        "/organizations/{organizationId}/webhooks/{webhookId}",
        "put",
        {"endpoint": ""},
        {"endpoint": "https://x.example"},
    ),
]


@pytest.mark.parametrize(
    ("vendor", "path", "method", "refused", "taken"),
    REFUSED_BODIES,
    ids=[f"{v}-{m}-{p}-{i}" for i, (v, p, m, _, _) in enumerate(REFUSED_BODIES)],
)
def test_the_request_schemas_refuse_what_the_vendors_refuse(
    vendor: str, path: str, method: str, refused: Any, taken: Any
) -> None:
    """A blank text, an empty list of delivery URLs or events, a URL that is none:
    refused by the vendor (documented, or assumed and marked) and by the sandbox, so the schema says so too, and
    `make fuzz` never sends them as valid data."""
    schema, registry = _request_schema(vendor, path, method)
    validator = jsonschema.Draft202012Validator(schema, registry=registry)
    assert not validator.is_valid(refused)
    assert validator.is_valid(taken), sorted(str(e.message) for e in validator.iter_errors(taken))


def test_commerce_layer_requires_its_accept_header_on_every_operation() -> None:
    """ "406 Not acceptable: The Accept header was not correctly set to application/vnd.api+json"
    (https://docs.commercelayer.io/core/handling-errors)."""
    spec = load_spec("commercelayer")
    wanted = "application/vnd.api+json"
    for path, method, op in operations(spec):
        parameters = [*spec["paths"][path].get("parameters", []), *op.get("parameters", [])]
        resolved = [
            spec["components"]["parameters"][p["$ref"].rsplit("/", 1)[-1]] if "$ref" in p else p for p in parameters
        ]
        accept = [p for p in resolved if p["in"] == "header" and p["name"].lower() == "accept"]
        assert len(accept) == 1, f"{method.upper()} {path}"
        assert accept[0]["required"] is True
        assert accept[0]["schema"]["enum"] == [wanted]
        assert accept[0]["schema"]["default"] == wanted  # the generated client sends it unasked
        assert "406" in op["responses"], f"{method.upper()} {path}"
    assert "Allow" in spec["components"]["responses"]["MethodNotAllowed"]["headers"]
