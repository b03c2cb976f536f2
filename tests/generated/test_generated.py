"""The generated client packages: importable, in sync with the specs, and tolerant of what vendors really send."""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys
from http import HTTPStatus
from typing import Any

import httpx
import pytest

from tests.support import ROOT, VENDORS, load_spec, operations


def _snake(name: str) -> str:
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i and not name[i - 1].isupper():
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


def _module(vendor: str, operation_id: str) -> Any:
    spec = load_spec(vendor)
    for _, _, op in operations(spec):
        if op["operationId"] == operation_id:
            return importlib.import_module(f"{vendor}_client.api.{op['tags'][0]}.{_snake(operation_id)}")
    raise LookupError(operation_id)


def _success_examples(vendor: str):
    """(operationId, status, schema ref, example value) for every documented success response example."""
    for _, _, op in operations(load_spec(vendor)):
        for status, response in op["responses"].items():
            if not status.startswith("2"):
                continue
            for media in response.get("content", {}).values():
                for example in media.get("examples", {}).values():
                    yield op["operationId"], status, media["schema"], example["value"]


def _model_class(vendor: str, ref: str) -> Any:
    models = importlib.import_module(f"{vendor}_client.models")
    wanted = ref.rsplit("/", 1)[-1].replace("_", "").lower()
    for name in models.__all__:
        if name.lower() == wanted:
            return getattr(models, name)
    raise LookupError(f"no generated class for {ref}")


def _call_args(function: Any) -> dict[str, Any]:
    args: dict[str, Any] = {}
    for name, param in inspect.signature(function).parameters.items():
        if name == "client" or param.default is not param.empty:
            continue
        args[name] = 1 if param.annotation in (int, "int") else "org_1" if "organization" in name else "1"
    return args


def _client(vendor: str, handler: Any) -> Any:
    package = importlib.import_module(f"{vendor}_client")
    return package.AuthenticatedClient(
        base_url="https://vendor.invalid", token="t", httpx_args={"transport": httpx.MockTransport(handler)}
    )


GET_OPERATION = {
    "flxpoint": "getWebhookConfiguration",
    "commercelayer": "getWebhook",
    "blaze": "getPartnerWebHook",
    "shipping_channels": "getWebhookSubscription",
    "packcloud": "getWebhook",
}


def _get_example(vendor: str) -> tuple[Any, dict[str, Any]]:
    get_op = GET_OPERATION[vendor]
    spec_op = next(op for _, _, op in operations(load_spec(vendor)) if op["operationId"] == get_op)
    ref = next(iter(spec_op["responses"]["200"]["content"].values()))["schema"]["$ref"]
    for _, _, schema, value in _success_examples(vendor):
        if schema.get("$ref") == ref:
            return _model_class(vendor, ref), value
    raise LookupError(f"{vendor}: no example of {ref}")


@pytest.mark.parametrize("vendor", VENDORS)
def test_package_imports_and_is_marked(vendor: str) -> None:
    package = importlib.import_module(f"{vendor}_client")
    folder = ROOT / "generated" / vendor
    assert (folder / f"{vendor}_client" / "py.typed").exists()
    assert "do not edit" in (folder / "README.md").read_text().lower()
    provenance = json.loads((folder / "provenance.json").read_text())
    assert provenance["openapi-python-client_version"] == "0.29.1"
    assert not any(k in json.dumps(provenance) for k in ("timestamp", "date"))
    assert hasattr(package, "AuthenticatedClient")


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_operation_has_a_generated_module(vendor: str) -> None:
    for _, _, op in operations(load_spec(vendor)):
        module = _module(vendor, op["operationId"])
        assert callable(module.sync_detailed) and callable(module.asyncio_detailed)


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_example_response_parses_and_round_trips(vendor: str) -> None:
    seen = 0
    for operation_id, status, schema, value in _success_examples(vendor):
        if "$ref" not in schema:
            continue
        component = load_spec(vendor)["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        if component.get("type") == "array":  # a bare JSON array: the generator parses item by item
            pairs = [(_model_class(vendor, component["items"]["$ref"]), item) for item in value]
        else:
            pairs = [(_model_class(vendor, schema["$ref"]), value)]
        for cls, body in pairs:
            model = cls.from_dict(body)
            again = cls.from_dict(model.to_dict())
            assert again == model, f"{operation_id} {status}"
            assert set(model.to_dict()) == set(body), f"{operation_id} {status}: fields lost or invented"
            seen += 1
    assert seen, "no success example to parse"


def _inject_unknowns(value: Any, known: set[str]) -> tuple[Any, int]:
    """Replace every known enum value by an unseen one and add an unknown field to every object."""
    count = 0

    def visit(node: Any) -> Any:
        nonlocal count
        if isinstance(node, dict):
            out = {k: visit(v) for k, v in node.items()}
            out["x_unihook_future_field"] = {"nested": [1, 2]}
            return out
        if isinstance(node, list):
            return [visit(v) for v in node]
        if isinstance(node, str) and node in known:
            count += 1
            return "SOMETHING_NEW_" + node.upper()
        return node

    return visit(value), count


def _known_enum_values(vendor: str) -> set[str]:
    schemas = load_spec(vendor)["components"]["schemas"]
    return {str(v) for name, s in schemas.items() if name.endswith("Known") for v in s.get("enum", [])}


@pytest.mark.parametrize("vendor", VENDORS)
def test_unknown_enum_values_and_fields_do_not_raise(vendor: str) -> None:
    _, example = _get_example(vendor)
    body, replaced = _inject_unknowns(example, _known_enum_values(vendor) - {"webhooks"})
    assert replaced, "the example should carry at least one enum value"
    module = _module(vendor, GET_OPERATION[vendor])
    client = _client(vendor, lambda request: httpx.Response(200, json=body))
    response = module.sync_detailed(client=client, **_call_args(module.sync_detailed))
    assert response.status_code == HTTPStatus.OK
    assert response.parsed is not None
    dumped = json.dumps(response.parsed.to_dict(), default=str)
    assert "SOMETHING_NEW_" in dumped
    assert "x_unihook_future_field" in dumped


@pytest.mark.parametrize("vendor", VENDORS)
@pytest.mark.parametrize(
    ("status", "content", "content_type"),
    [
        (404, b"<html><body><h1>404 Not Found</h1></body></html>", "text/html"),
        (500, b'{"truncated": ', "application/json"),
        (520, b"<html>Web server is returning an unknown error</html>", "text/html"),
        (400, b"", "application/json"),
    ],
)
def test_odd_error_responses_do_not_raise(vendor: str, status: int, content: bytes, content_type: str) -> None:
    module = _module(vendor, GET_OPERATION[vendor])
    client = _client(vendor, lambda r: httpx.Response(status, content=content, headers={"content-type": content_type}))
    response = module.sync_detailed(client=client, **_call_args(module.sync_detailed))
    assert response.status_code == status
    assert response.parsed is None
    assert response.content == content


@pytest.mark.parametrize("vendor", VENDORS)
def test_async_path_is_tolerant_too(vendor: str) -> None:
    import asyncio

    module = _module(vendor, GET_OPERATION[vendor])
    client = _client(vendor, lambda r: httpx.Response(520, content=b"<html>oops</html>"))
    response = asyncio.run(module.asyncio_detailed(client=client, **_call_args(module.asyncio_detailed)))
    assert response.status_code == 520


def test_generated_matches_specs() -> None:
    """The drift check: regenerating from specs/ reproduces generated/ byte for byte."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("operation_id", ["listWebhooks", "getWebhook", "deleteWebhook"])
def test_commerce_layer_client_sends_its_accept_header_unasked(operation_id: str) -> None:
    """PITFALLS.md: openapi-python-client never sets Accept, and Commerce Layer answers 406 without
    `Accept: application/vnd.api+json`; the spec's required Accept parameter, one value and its default, makes the
    generated client send it without being told."""
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("accept"))
        return httpx.Response(404, json={"errors": []})

    function = _module("commercelayer", operation_id).sync_detailed
    function(client=_client("commercelayer", handler), **_call_args(function))
    assert seen == ["application/vnd.api+json"]
