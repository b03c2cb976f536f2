"""BLAZE: specs/blaze/openapi.yaml against the vendor's own Swagger 2.0 document, and every recorded BLAZE
interaction against that Swagger's schemas (not only ours).

Oracle: tests/oracles/blaze/swagger.webhooks.json, the webhook part of BLAZE's Swagger (provenance.json says where
it comes from): paths, methods, parameters, the PartnerWebHook definitions with the `webHookType` enum, and the
`info.description` that documents the auth headers and the error body.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.oracles.common import (
    Findings,
    body_json,
    compare_properties,
    compare_sets,
    disagreements,
    enum_values,
    formats,
    http_methods,
    interactions,
    json_types,
    load_oracle,
    load_spec,
    match_operation,
    normalise_path,
    properties,
    provenance,
    required,
    resolve,
    schema_errors,
    sha256_of,
)

VENDOR = "blaze"
SWAGGER: dict[str, Any] = load_oracle(VENDOR, "swagger.webhooks.json")
DEFINITIONS = SWAGGER["definitions"]
MEDIA = "application/json"

ERROR_STATUSES_DOCUMENTED = (
    'VENDORS.md: "Errors: `{"error": "...", "message": "...", "status": 400}`; codes 400, 401, 403, 404, 429, 500" '
    "(https://apidocs.blaze.me/getting-started/errors). The Swagger documents only `200` and `default`."
)
ELEVEN_TYPES = (
    'VENDORS.md: "The enum has the 11 values of the seed"; the Swagger "lists **8** `webHookType` values, without '
    "CREATE_/UPDATE_/CANCEL_TRANSACTION (the docs' pages list 11)\". Spec PartnerWebHookTypeKnown: the event types "
    "the seed lists; the enum is open, so a value either source lacks still parses."
)
BODY_REQUIRED = (
    "swagger-core writes `required: false` on every JAX-RS body parameter of this document; the body's own schema "
    "requires fields (PartnerWebHookAddRequest: webHookType, webHookUrls; the update replaces the whole object, spec "
    "x-assumption of updatePartnerWebHook), so a request without one cannot succeed."
)
BOTH_LIST_SHAPES = (
    'VENDORS.md: "List shape is `{values, skip, limit, total}` (the Swagger and community clients); the prose docs '
    'also describe `{count, total, searchResult}` — accept both." Spec PartnerWebHookSearchResult x-assumption.'
)

# Where we differ from the Swagger on purpose. Keys are findings of compare(); a key no longer found fails its
# area's test, so this list cannot go stale.
DELIBERATE: dict[str, str] = {
    "paths:not-in-ours:POST /api/v1/partner/store/webHook": (
        'VENDORS.md: the Swagger "has `POST /api/v1/partner/store/webHook` (an array, for plug-ins), not modelled" — '
        "a store plug-in's bulk registration, not the partner webhook API this project wraps."
    ),
    "paths:param-name:DELETE /api/v1/partner/webHooks/{}": (
        'Spec x-assumption of deletePartnerWebHook: "The seed names this path parameter `{id}`; OpenAPI allows one '
        "path item per template and the name does not reach the wire, so the parameter is `webHookId` here as for "
        "GET/PUT (same value, the registration's id).\" The Swagger names it `{id}` too."
    ),
    "envelope:body-required:POST /api/v1/partner/webHooks": BODY_REQUIRED,
    "envelope:body-required:PUT /api/v1/partner/webHooks/{}": BODY_REQUIRED,
    "attributes:GET /api/v1/partner/webHooks response:not-in-oracle:count": BOTH_LIST_SHAPES,
    "attributes:GET /api/v1/partner/webHooks response:not-in-oracle:searchResult": BOTH_LIST_SHAPES,
    "enums:webHookType:not-in-oracle:CREATE_TRANSACTION": ELEVEN_TYPES,
    "enums:webHookType:not-in-oracle:UPDATE_TRANSACTION": ELEVEN_TYPES,
    "enums:webHookType:not-in-oracle:CANCEL_TRANSACTION": ELEVEN_TYPES,
    "errors:not-in-oracle:400": ERROR_STATUSES_DOCUMENTED,
    "errors:not-in-oracle:401": ERROR_STATUSES_DOCUMENTED,
    "errors:not-in-oracle:403": ERROR_STATUSES_DOCUMENTED,
    "errors:not-in-oracle:404": ERROR_STATUSES_DOCUMENTED,
    "errors:not-in-oracle:429": ERROR_STATUSES_DOCUMENTED,
    "errors:not-in-oracle:500": ERROR_STATUSES_DOCUMENTED,
    "auth:not-in-ours:partner_key": (
        'VENDORS.md: "two headers on every call, `x-api-key: <partner key>` and `Authorization: <developer key>` ... '
        'Older material uses `partner_key` instead of `x-api-key`" (https://apidocs.blaze.me/getting-started/'
        "authentication); the Swagger is that older material."
    ),
    "auth:not-in-oracle:x-api-key": (
        "The current authentication page names the partner-key header `x-api-key` (VENDORS.md, spec securitySchemes "
        "partnerKey); the Swagger's `partner_key` is the older name."
    ),
}

AREAS = (
    "paths",
    "statuses",
    "media",
    "params",
    "envelope",
    "attributes",
    "required",
    "enums",
    "errors",
    "auth",
    "server",
)


# --- reading our spec and the Swagger ------------------------------------------------------------------------------


def _operations(doc: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """`METHOD /path/{}` -> (the path as written, the operation)."""
    return {
        f"{method.upper()} {normalise_path(path)}": (path, item[method])
        for path, item in doc.get("paths", {}).items()
        for method in http_methods(item)
    }


def _swagger_body(op: dict[str, Any]) -> dict[str, Any] | None:
    return next((p for p in op.get("parameters", []) if p["in"] == "body"), None)


def _our_body_schema(op: dict[str, Any]) -> Any:
    return ((op.get("requestBody") or {}).get("content") or {}).get(MEDIA, {}).get("schema")


def _our_response_schema(spec: dict[str, Any], op: dict[str, Any], status: str) -> Any:
    return resolve(spec, op.get("responses", {}).get(status, {})).get("content", {}).get(MEDIA, {}).get("schema")


def _swagger_section(title: str) -> str:
    match = re.search(rf"##### {title}\n(.*?)(?:\n#####|\Z)", SWAGGER["info"]["description"], flags=re.DOTALL)
    return match.group(1) if match else ""


def swagger_error_keys() -> set[str]:
    """The error body the Swagger's introduction documents: `"field":..., "message":..., "errorType": ...`."""
    block = re.search(r"```\n(.*?)```", _swagger_section("Errors"), flags=re.DOTALL)
    return set(re.findall(r'"(\w+)"\s*:', block.group(1))) if block else set()


def swagger_auth_headers() -> set[str]:
    return set(re.findall(r"`([\w-]+)`", _swagger_section("Authentication")))


def swagger_event_types() -> dict[str, frozenset[str]]:
    list_op = SWAGGER["paths"]["/api/v1/partner/webHooks"]["get"]
    return {
        "PartnerWebHook.webHookType": frozenset(DEFINITIONS["PartnerWebHook"]["properties"]["webHookType"]["enum"]),
        "PartnerWebHookAddRequest.webHookType": frozenset(
            DEFINITIONS["PartnerWebHookAddRequest"]["properties"]["webHookType"]["enum"]
        ),
        "list parameter type": frozenset(next(p for p in list_op["parameters"] if p["name"] == "type")["enum"]),
    }


def _compare_object(findings: Findings, prefix: str, spec: dict[str, Any], mine: Any, vendor: Any) -> None:
    """Property names, types, formats and required of one body, and of the objects its arrays hold."""
    mine_props, vendor_props = properties(spec, mine), properties(SWAGGER, vendor)
    compare_properties(findings, f"attributes:{prefix}", spec, mine_props, SWAGGER, vendor_props)
    if required(spec, mine) != required(SWAGGER, vendor):
        ours_req, theirs_req = sorted(required(spec, mine)), sorted(required(SWAGGER, vendor))
        findings[f"required:{prefix}"] = f"ours {ours_req}, the vendor's {theirs_req}"
    for name in sorted(mine_props.keys() & vendor_props.keys()):
        mine_items = resolve(spec, resolve(spec, mine_props[name]).get("items", {}))
        vendor_items = resolve(SWAGGER, resolve(SWAGGER, vendor_props[name]).get("items", {}))
        if "properties" in vendor_items:
            _compare_object(findings, f"{prefix} {name}[]", spec, mine_items, vendor_items)


# --- the comparison ----------------------------------------------------------------------------------------------


def compare(spec: dict[str, Any]) -> Findings:
    """Every disagreement between our spec and the Swagger, as findings."""
    findings: Findings = {}
    ours, theirs = _operations(spec), _operations(SWAGGER)
    compare_sets(findings, "paths", set(ours), set(theirs))

    our_error_statuses: set[str] = set()
    for _, op in ours.values():
        our_error_statuses |= {str(s) for s in op.get("responses", {}) if not str(s).startswith("2")}

    for key in sorted(set(ours) & set(theirs)):
        (mine_path, mine), (vendor_path, vendor) = ours[key], theirs[key]
        if re.findall(r"\{([^}]+)\}", mine_path) != re.findall(r"\{([^}]+)\}", vendor_path):
            findings[f"paths:param-name:{key}"] = f"ours {mine_path}, the vendor's {vendor_path}"

        # success statuses; swagger-core writes `default` for a method that returns nothing: any one 2xx conforms
        mine_2xx = {str(s) for s in mine.get("responses", {}) if str(s).startswith("2")}
        vendor_2xx = {s for s in vendor["responses"] if s.startswith("2")}
        if (vendor_2xx and mine_2xx != vendor_2xx) or (not vendor_2xx and len(mine_2xx) != 1):
            findings[f"statuses:{key}"] = f"success ours {sorted(mine_2xx)}, the vendor's {sorted(vendor['responses'])}"

        # media types of the answers (the Swagger sets no `consumes`: nothing to compare for requests)
        for status in sorted(mine_2xx):
            media = set(resolve(spec, mine["responses"][status]).get("content", {}))
            if media and media != set(vendor.get("produces", [])):
                findings[f"media:response:{key} {status}"] = f"ours {sorted(media)}, the vendor's {vendor['produces']}"

        # query parameters
        mine_query = {
            p["name"]: p for p in (resolve(spec, x) for x in mine.get("parameters", [])) if p.get("in") == "query"
        }
        vendor_query = {p["name"]: p for p in vendor.get("parameters", []) if p["in"] == "query"}
        compare_sets(findings, f"params:{key}", set(mine_query), set(vendor_query))
        for name in sorted(mine_query.keys() & vendor_query.keys()):
            schema = mine_query[name].get("schema", {})
            if json_types(spec, schema) != json_types(SWAGGER, vendor_query[name]):
                findings[f"params:{key}:type:{name}"] = f"ours {sorted(json_types(spec, schema))}"
            mine_formats, vendor_formats = formats(spec, schema), formats(SWAGGER, vendor_query[name])
            if mine_formats and mine_formats != vendor_formats:
                findings[f"params:{key}:format:{name}"] = f"ours {sorted(mine_formats)}, the vendor's {vendor_formats}"
            if bool(mine_query[name].get("required")) != bool(vendor_query[name].get("required")):
                findings[f"params:{key}:required:{name}"] = "required differs"

        # request body
        vendor_body = _swagger_body(vendor)
        if (vendor_body is None) != ("requestBody" not in mine):
            findings[f"envelope:body:{key}"] = "one side has a request body, the other not"
        elif vendor_body is not None:
            if bool(mine["requestBody"].get("required")) != bool(vendor_body.get("required")):
                findings[f"envelope:body-required:{key}"] = (
                    f"ours {mine['requestBody'].get('required')}, the vendor's {vendor_body.get('required')}"
                )
            _compare_object(findings, f"{key} request", spec, _our_body_schema(mine), vendor_body["schema"])

        # response bodies
        for status in sorted(vendor_2xx & mine_2xx):
            if "schema" in vendor["responses"][status]:
                mine_schema = _our_response_schema(spec, mine, status)
                _compare_object(findings, f"{key} response", spec, mine_schema, vendor["responses"][status]["schema"])

    _compare_event_types(spec, findings)

    # errors: the Swagger documents no error status; its introduction documents the error body
    vendor_errors = {s for _, op in theirs.values() for s in op["responses"] if s != "default" and s[0] != "2"}
    compare_sets(findings, "errors", our_error_statuses, vendor_errors)
    for _, op in ours.values():
        for status in sorted(s for s in op.get("responses", {}) if not str(s).startswith("2")):
            error_props = properties(spec, _our_response_schema(spec, op, str(status)) or {})
            for name in sorted(swagger_error_keys() - set(error_props)):
                findings[f"errors:swagger-key-not-in-ours:{name}"] = "the Swagger's error body has it"
            for name in sorted(swagger_error_keys() & set(error_props)):
                if json_types(spec, error_props[name]) != {"string"}:
                    findings[f"errors:swagger-key-type:{name}"] = "the Swagger's example gives a string"
    if not swagger_error_keys():
        findings["errors:swagger-error-body-missing"] = "no error body parsed from the Swagger's introduction"

    # auth headers, server
    schemes = spec.get("components", {}).get("securitySchemes", {}).values()
    our_headers = {s["name"] for s in schemes if s.get("type") == "apiKey" and s.get("in") == "header"}
    compare_sets(findings, "auth", our_headers, swagger_auth_headers())
    scheme = "https" if "https" in SWAGGER["schemes"] else SWAGGER["schemes"][0]
    vendor_url = f"{scheme}://{SWAGGER['host']}{SWAGGER['basePath'].rstrip('/')}"
    our_url = (spec.get("servers") or [{}])[0].get("url")
    if our_url != vendor_url:
        findings["server:url"] = f"ours {our_url}, the vendor's {vendor_url}"
    return findings


def _compare_event_types(spec: dict[str, Any], findings: Findings) -> None:
    vendor_lists = swagger_event_types()
    if len(set(vendor_lists.values())) != 1:
        findings["enums:oracle-lists-differ"] = f"the Swagger's own lists disagree: {vendor_lists}"
    schemas = spec.get("components", {}).get("schemas", {})
    list_op = spec.get("paths", {}).get("/api/v1/partner/webHooks", {}).get("get", {})
    type_param = next((p for p in list_op.get("parameters", []) if p.get("name") == "type"), {})
    mine_lists = {
        "PartnerWebHook.webHookType": enum_values(spec, properties(spec, schemas.get("PartnerWebHook", {})).get(
            "webHookType", {})),
        "CreatePartnerWebHookRequest.webHookType": enum_values(
            spec, properties(spec, schemas.get("CreatePartnerWebHookRequest", {})).get("webHookType", {})
        ),
        "list parameter type": enum_values(spec, type_param.get("schema", {})),
    }  # fmt: skip
    if len(set(mine_lists.values())) != 1:
        findings["enums:ours-lists-differ"] = f"our own lists disagree: {mine_lists}"
    compare_sets(findings, "enums:webHookType", set().union(*mine_lists.values()), next(iter(vendor_lists.values())))


BASELINE = compare(load_spec(VENDOR))


# --- tests: the spec ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("area", AREAS)
def test_spec_agrees_with_the_swagger(area: str) -> None:
    problems = disagreements(BASELINE, DELIBERATE, area)
    assert not problems, f"{area}: our spec and BLAZE's Swagger disagree:\n" + "\n".join(problems)


def test_event_types_are_the_swaggers_eight_plus_the_documented_three() -> None:
    """Spelled out, because it is the difference everyone asks about: 11 documented, 8 in the Swagger."""
    ours = enum_values(load_spec(VENDOR), {"$ref": "#/components/schemas/PartnerWebHookTypeKnown"})
    swagger = next(iter(swagger_event_types().values()))
    assert len(ours) == 11
    assert len(swagger) == 8
    assert swagger <= ours
    extra = {k.rsplit(":", 1)[1] for k in DELIBERATE if k.startswith("enums:webHookType:not-in-oracle:")}
    assert ours - swagger == extra


def test_every_deliberate_difference_has_an_area_and_a_reason() -> None:
    for key, reason in DELIBERATE.items():
        assert key.split(":", 1)[0] in AREAS, f"{key}: no test checks this area"
        assert len(reason) > 40, f"{key}: say why"


def _schemas(spec: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = spec["components"]["schemas"]
    return schemas


def _drop_list(spec: dict[str, Any]) -> None:
    del spec["paths"]["/api/v1/partner/webHooks"]["get"]


def _rename_item_parameter(spec: dict[str, Any]) -> None:
    item = spec["paths"].pop("/api/v1/partner/webHooks/{webHookId}")
    item["parameters"][0]["name"] = "registrationId"
    spec["paths"]["/api/v1/partner/webHooks/{registrationId}"] = item


def _create_answers_201(spec: dict[str, Any]) -> None:
    responses = spec["paths"]["/api/v1/partner/webHooks"]["post"]["responses"]
    responses["201"] = responses.pop("200")


def _get_as_text(spec: dict[str, Any]) -> None:
    content = spec["paths"]["/api/v1/partner/webHooks/{webHookId}"]["get"]["responses"]["200"]["content"]
    content["text/plain"] = content.pop(MEDIA)


def _drop_type_filter(spec: dict[str, Any]) -> None:
    params = spec["paths"]["/api/v1/partner/webHooks"]["get"]["parameters"]
    params[:] = [p for p in params if p["name"] != "type"]


def _start_as_text(spec: dict[str, Any]) -> None:
    params = spec["paths"]["/api/v1/partner/webHooks"]["get"]["parameters"]
    next(p for p in params if p["name"] == "start")["schema"] = {"type": "string"}


def _urls_as_one_string(spec: dict[str, Any]) -> None:
    _schemas(spec)["CreatePartnerWebHookRequest"]["properties"]["webHookUrls"] = {"type": "string"}


def _urls_of_integers(spec: dict[str, Any]) -> None:
    _schemas(spec)["PartnerWebHook"]["properties"]["webHookUrls"]["items"] = {"type": "integer"}


def _created_as_int32(spec: dict[str, Any]) -> None:
    _schemas(spec)["PartnerWebHook"]["properties"]["created"]["format"] = "int32"


def _type_optional_on_create(spec: dict[str, Any]) -> None:
    _schemas(spec)["CreatePartnerWebHookRequest"]["required"] = ["webHookUrls"]


def _drop_new_member(spec: dict[str, Any]) -> None:
    _schemas(spec)["PartnerWebHookTypeKnown"]["enum"].remove("NEW_MEMBER")


def _drop_error_type(spec: dict[str, Any]) -> None:
    del _schemas(spec)["ErrorResponse"]["properties"]["errorType"]


def _add_teapot(spec: dict[str, Any]) -> None:
    spec["paths"]["/api/v1/partner/webHooks"]["get"]["responses"]["418"] = {"description": "I'm a teapot"}


def _wrong_server(spec: dict[str, Any]) -> None:
    spec["servers"][0]["url"] = "https://api.blaze.me"


def _developer_key_header(spec: dict[str, Any]) -> None:
    spec["components"]["securitySchemes"]["developerKey"]["name"] = "X-Developer-Key"


def _put_without_body(spec: dict[str, Any]) -> None:
    del spec["paths"]["/api/v1/partner/webHooks/{webHookId}"]["put"]["requestBody"]


def _drop_values(spec: dict[str, Any]) -> None:
    del _schemas(spec)["PartnerWebHookSearchResult"]["properties"]["values"]


MUTATIONS: list[tuple[Callable[[dict[str, Any]], None], str]] = [
    (_drop_list, "paths:not-in-ours:GET /api/v1/partner/webHooks"),
    (_rename_item_parameter, "paths:param-name:GET /api/v1/partner/webHooks/{}"),
    (_create_answers_201, "statuses:POST /api/v1/partner/webHooks"),
    (_get_as_text, "media:response:GET /api/v1/partner/webHooks/{} 200"),
    (_drop_type_filter, "params:GET /api/v1/partner/webHooks:not-in-ours:type"),
    (_start_as_text, "params:GET /api/v1/partner/webHooks:type:start"),
    (_urls_as_one_string, "attributes:POST /api/v1/partner/webHooks request:type:webHookUrls"),
    (_urls_of_integers, "attributes:GET /api/v1/partner/webHooks/{} response:items:webHookUrls"),
    (_created_as_int32, "attributes:GET /api/v1/partner/webHooks/{} response:format:created"),
    (_type_optional_on_create, "required:POST /api/v1/partner/webHooks request"),
    (_drop_new_member, "enums:webHookType:not-in-ours:NEW_MEMBER"),
    (_drop_error_type, "errors:swagger-key-not-in-ours:errorType"),
    (_add_teapot, "errors:not-in-oracle:418"),
    (_wrong_server, "server:url"),
    (_developer_key_header, "auth:not-in-ours:Authorization"),
    (_put_without_body, "envelope:body:PUT /api/v1/partner/webHooks/{}"),
    (_drop_values, "attributes:GET /api/v1/partner/webHooks response:not-in-ours:values"),
]


@pytest.mark.parametrize(("mutate", "expected"), MUTATIONS, ids=[f"{m.__name__}->{k}" for m, k in MUTATIONS])
def test_a_wrong_spec_is_reported(mutate: Callable[[dict[str, Any]], None], expected: str) -> None:
    """Each check can fail: a deliberately wrong copy of our spec is reported for exactly that."""
    spec = load_spec(VENDOR)
    mutate(spec)
    assert expected not in BASELINE, "the unmutated spec must not have the finding"
    findings = compare(spec)
    assert expected in findings, f"{expected} not reported; got {sorted(set(findings) - set(BASELINE))}"


def test_oracle_file_is_the_recorded_extract() -> None:
    """Edited by hand? The extract is data copied from the vendor; provenance.json holds its checksum."""
    for item in provenance(VENDOR)["files"]:
        assert sha256_of(VENDOR, item["file"]) == item["sha256"], f"{item['file']} differs from its recorded extract"


# --- tests: every recorded interaction against the Swagger's schemas -----------------------------------------------

# What the Swagger cannot judge, or gets wrong about BLAZE's own answers, each with why. A key is
# `<request|response|status>:<path>:<check>` (any recording) or `<test id> <key>` (that test's recordings only).
ERROR_BODY_SHAPES = (
    'Spec ErrorResponse x-assumption: "The two BLAZE sources disagree on the error body and neither says when which '
    "is sent, so both are accepted\" — the Swagger's {field, message, errorType} and the errors page's "
    "{error, message, status} (https://apidocs.blaze.me/getting-started/errors), which these recordings carry."
)
CASSETTE_EXCEPTIONS: dict[str, str] = {
    "status:400:not-in-swagger": ERROR_STATUSES_DOCUMENTED,
    "status:401:not-in-swagger": ERROR_STATUSES_DOCUMENTED,
    "status:404:not-in-swagger": ERROR_STATUSES_DOCUMENTED,
    "status:429:not-in-swagger": ERROR_STATUSES_DOCUMENTED,
    "response:error-body.error:not-in-swagger": ERROR_BODY_SHAPES,
    "response:error-body.status:not-in-swagger": ERROR_BODY_SHAPES,
    "response:error-body.field:missing": ERROR_BODY_SHAPES,
    "response:error-body.errorType:missing": ERROR_BODY_SHAPES,
    "test_vendor_refuses_an_unknown_event[blaze] request:webHookType:enum": (
        "The test sends a `webHookType` BLAZE does not know on purpose, to record the refusal (400)."
    ),
}
# Answers the Swagger gives no schema for: only their status is judged.
UNJUDGED_BODIES = {
    "DELETE /api/v1/partner/webHooks/{}": "the Swagger documents `default: successful operation` with no schema",
}


def _is_blaze(uri: str) -> bool:
    return urlsplit(uri).hostname == SWAGGER["host"]


INTERACTIONS = interactions(_is_blaze)


def _with_definitions(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "definitions": DEFINITIONS}


def judge(interaction: dict[str, Any]) -> tuple[list[str], Findings]:
    """What the Swagger says about one recorded exchange: what was checked, and every error."""
    request, response = interaction["request"], interaction["response"]
    checked: list[str] = []
    errors: Findings = {}
    path = urlsplit(request["uri"]).path
    hit = match_operation(SWAGGER["paths"], request["method"], path)
    if hit is None:
        return checked, {"operation:not-in-oracle": f"{request['method']} {path} is not in the Swagger"}
    template, method = hit
    key = f"{method.upper()} {normalise_path(template)}"
    op = SWAGGER["paths"][template][method]

    body_param = _swagger_body(op)
    if body_param is not None:
        errors |= schema_errors(_with_definitions(body_param["schema"]), body_json(request.get("body")), "request")
        checked.append(f"request body vs {body_param['schema'].get('$ref')}")

    status = response["status"]["code"]
    body = body_json(response["body"].get("string"))
    success = {s for s in op["responses"] if s.startswith("2")}
    if 200 <= status < 300:
        if success and str(status) not in success:
            errors[f"status:{status}:not-the-vendor-success"] = f"the Swagger answers {sorted(success)}"
        checked.append(f"success status {status}")
        schema = op["responses"].get(str(status), {}).get("schema")
        if schema is not None:
            errors |= schema_errors(_with_definitions(schema), body, "response")
            checked.append(f"response body vs {schema.get('$ref')}")
        elif key not in UNJUDGED_BODIES:
            errors["response:no-vendor-schema"] = "the Swagger has no schema here and the body is not listed"
    else:
        if str(status) not in op["responses"]:
            errors[f"status:{status}:not-in-swagger"] = "the Swagger documents no such status"
        keys = swagger_error_keys()
        for name in sorted(set(body or {}) - keys):
            errors[f"response:error-body.{name}:not-in-swagger"] = "the Swagger's error body has no such key"
        for name in sorted(keys - set(body or {})):
            errors[f"response:error-body.{name}:missing"] = "the Swagger says every error carries it"
        checked.append(f"error status {status} and body vs the Swagger's error body")
    return checked, errors


JUDGED = {f"{name}#{index}": judge(interaction) for name, index, interaction in INTERACTIONS}


def _test_of(case: str) -> str:
    return case.split("/")[-1].split(".yaml")[0]


def test_blaze_interactions_are_recorded() -> None:
    assert len(INTERACTIONS) >= 15, "expected the BLAZE contract cassettes (tests/contract/cassettes)"


@pytest.mark.parametrize("case", sorted(JUDGED))
def test_recorded_interaction_conforms_to_the_swagger(case: str) -> None:
    checked, errors = JUDGED[case]
    assert checked, f"{case}: nothing judged it"
    unexcused = {
        k: v
        for k, v in errors.items()
        if k not in CASSETTE_EXCEPTIONS and f"{_test_of(case)} {k}" not in CASSETTE_EXCEPTIONS
    }
    assert not unexcused, f"{case} ({'; '.join(checked)}):\n" + "\n".join(f"{k}: {v}" for k, v in unexcused.items())


def test_every_cassette_exception_is_still_needed() -> None:
    used = {k for _, errors in JUDGED.values() for k in errors}
    used |= {f"{_test_of(case)} {k}" for case, (_, errors) in JUDGED.items() for k in errors}
    assert not set(CASSETTE_EXCEPTIONS) - used, f"no recording needs: {sorted(set(CASSETTE_EXCEPTIONS) - used)}"


def test_every_unjudged_body_is_still_unjudged() -> None:
    ops = _operations(SWAGGER)
    for key in UNJUDGED_BODIES:
        assert not any("schema" in r for r in ops[key][1]["responses"].values()), f"{key} now has a schema: use it"


def _replayed(test: str, index: int) -> dict[str, Any]:
    return copy.deepcopy(next(x for name, i, x in INTERACTIONS if test in name and i == index))


def _doctored(index: int, part: str, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    interaction = _replayed("test_lifecycle[blaze]", index)
    if part == "request":
        body = json.loads(interaction["request"]["body"])
        change(body)
        interaction["request"]["body"] = json.dumps(body)
    else:
        body = json.loads(interaction["response"]["body"]["string"])
        change(body)
        interaction["response"]["body"]["string"] = json.dumps(body)
    return interaction


BAD_INTERACTIONS: list[tuple[str, dict[str, Any], str]] = [
    ("no urls on create", _doctored(0, "request", lambda b: b.pop("webHookUrls")), "request:$:required"),
    ("type unknown in answer", _doctored(1, "response", lambda b: b.update(webHookType="NOPE")),
     "response:webHookType:enum"),
    ("created as text", _doctored(1, "response", lambda b: b.update(created="yesterday")), "response:created:type"),
    ("url list of numbers", _doctored(4, "request", lambda b: b.update(webHookUrls=[1])), "request:webHookUrls.*:type"),
    ("total as text in list", _doctored(2, "response", lambda b: b.update(total="1")), "response:total:type"),
]  # fmt: skip


@pytest.mark.parametrize(("interaction", "expected"), [(x, k) for _, x, k in BAD_INTERACTIONS],
                         ids=[d for d, _, _ in BAD_INTERACTIONS])  # fmt: skip
def test_a_wrong_recording_is_reported(interaction: dict[str, Any], expected: str) -> None:
    """The cassette check can fail: a doctored exchange is reported by the Swagger's schema."""
    _, errors = judge(interaction)
    assert expected in errors, sorted(errors)
