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
