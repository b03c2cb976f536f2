"""Commerce Layer: specs/commercelayer/openapi.yaml against the vendor's own machine-readable material, and every
recorded Commerce Layer interaction against the vendor's own schema (not only ours).

Oracles (tests/oracles/commercelayer/, provenance.json says where each comes from):
- openapi.webhooks.json — the webhook part of the vendor's OpenAPI document (its SDK's gen/openapi.json): paths,
  methods, success statuses, media types, the JSON:API bodies;
- resources.webhook.json — the webhook resource of the SDK's gen/resources.json: each field's type, whether it is
  creatable / updatable / fetchable / filterable / sortable / required, the relationships, the actions;
- handling-errors.md — the docs repo's error page: the status table, the error object's examples.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest

from tests.oracles.common import (
    Findings,
    body_json,
    compare_properties,
    compare_sets,
    disagreements,
    enum_values,
    http_methods,
    interactions,
    iso_datetime,
    json_type_of,
    json_types,
    load_oracle,
    load_spec,
    match_operation,
    normalise_path,
    oracle_text,
    properties,
    provenance,
    required,
    resolve,
    schema_errors,
    sha256_of,
)

VENDOR = "commercelayer"
OPENAPI: dict[str, Any] = load_oracle(VENDOR, "openapi.webhooks.json")
RESOURCE: dict[str, Any] = load_oracle(VENDOR, "resources.webhook.json")[0]["attributes"]
FIELDS: dict[str, dict[str, Any]] = RESOURCE["fields"]
ERRORS_PAGE = oracle_text(VENDOR, "handling-errors.md")

MEDIA = "application/vnd.api+json"
# The vendor's openapi.json paths start below the API root; ours keep it (VENDORS.md: "paths under `/api`").
API_ROOT = "/api"
# JSON:API's fixed mapping of resources.json's actions onto methods and paths.
ACTIONS = {
    "list": "GET /webhooks",
    "create": "POST /webhooks",
    "retrieve": "GET /webhooks/{}",
    "update": "PATCH /webhooks/{}",
    "delete": "DELETE /webhooks/{}",
}
# resources.json's field types as JSON types; `datetime` (older files) is an ISO 8601 string.
RESOURCE_TYPES = {
    "string": "string",
    "integer": "integer",
    "boolean": "boolean",
    "array": "array",
    "object": "object",
    "float": "number",
    "datetime": "string",
}
# Ransack matchers of `filter[q][<attribute>_<matcher>]` (docs.commercelayer.io/core/filtering-data), longest first.
MATCHERS = sorted(
    (
        "eq", "not_eq", "matches", "does_not_match", "matches_any", "matches_all", "does_not_match_any",
        "does_not_match_all", "lt", "lteq", "gt", "gteq", "present", "blank", "null", "not_null", "in", "not_in",
        "lt_any", "lteq_any", "gt_any", "gteq_any", "cont", "cont_any", "cont_all", "not_cont",
        "not_cont_any", "not_cont_all", "start", "start_any", "start_all", "not_start", "end", "end_any", "end_all",
        "not_end", "true", "false", "jcont",
    ),
    key=len,
    reverse=True,
)  # fmt: skip
# A doc artefact, normalised before parsing: the 422 example writes a Ruby hash rocket, not JSON.
DOC_ARTEFACT = ('"status"=>"422"', '"status": "422"')

SPEC_DESCRIPTION_NO_PARAMS = (
    "spec info.description: \"The vendor's own OpenAPI document (https://data.commercelayer.app/schemas/openapi.json) "
    "has no error responses and no query parameters; both are added here from the pagination and error-handling "
    'pages". VENDORS.md: "list | GET /api/webhooks with page[number] (default 1), page[size] (default 10, max 25), '
    '`filter[q][<attr>_<matcher>]`, `sort`, `include`, `fields[webhooks]`".'
)
TRIGGERS_NEWER = (
    "openapi.json (API 2.9.5) predates the trigger; resources.json (newer) lists it creatable and updatable, and "
    'VENDORS.md says "Create also accepts `_disable`/`_enable`" and lists them among the update triggers.'
)

# Where we differ from the vendor's files on purpose. Keys are findings of compare(); a key that is no longer found
# fails its area's test, so this list cannot go stale.
DELIBERATE: dict[str, str] = {
    "paths:not-in-ours:GET /webhooks/{}/last_event_callbacks": (
        "A relationship endpoint (the log of delivery attempts), not a subscription operation: VENDORS.md's Commerce "
        "Layer table models list, create, get, update, delete; `last_event_callbacks` stays a relationship of the "
        "resource (WebhookRelationships)."
    ),
    "params:not-in-oracle:GET /webhooks page[number]": SPEC_DESCRIPTION_NO_PARAMS,
    "params:not-in-oracle:GET /webhooks page[size]": SPEC_DESCRIPTION_NO_PARAMS,
    "params:not-in-oracle:GET /webhooks include": SPEC_DESCRIPTION_NO_PARAMS,
    "params:not-in-oracle:GET /webhooks fields[webhooks]": SPEC_DESCRIPTION_NO_PARAMS,
    "params:not-in-oracle:GET /webhooks/{} include": SPEC_DESCRIPTION_NO_PARAMS,
    "params:not-in-oracle:GET /webhooks/{} fields[webhooks]": SPEC_DESCRIPTION_NO_PARAMS,
    "attributes:create-vs-openapi:not-in-oracle:_disable": TRIGGERS_NEWER,
    "attributes:create-vs-openapi:not-in-oracle:_enable": TRIGGERS_NEWER,
    "attributes:update-vs-openapi:not-in-oracle:_disable": TRIGGERS_NEWER,
    "attributes:update-vs-openapi:not-in-oracle:_enable": TRIGGERS_NEWER,
    "attributes:update-vs-resources:not-in-ours:_regenerate_shared_secret": (
        'resources.json marks it `"deprecated": true`; VENDORS.md: "`_regenerate_shared_secret` is a deprecated '
        'update trigger". Not offered.'
    ),
    "attributes:response-vs-openapi:not-in-ours:id": (
        "openapi.json lists `id` among the attributes; JSON:API puts it on the resource object, where every "
        "documented and recorded response has it (our Webhook.id, required; resources.json: required)."
    ),
    "attributes:response-vs-openapi:not-in-oracle:disabled_at": (
        "openapi.json (API 2.9.5) predates it; resources.json (newer) lists `disabled_at` fetchable, and VENDORS.md "
        "lists it among the resource attributes (set by `_disable`)."
    ),
    "attributes:response-vs-openapi:not-in-oracle:shared_secret": (
        'openapi.json leaves it out (resources.json marks it `"confidential": true, "exportable": false`), yet '
        "resources.json lists it fetchable and the seed's create response carries it: it signs every delivery "
        "(VENDORS.md, X-CommerceLayer-Signature)."
    ),
    "relationships:vs-openapi:not-in-oracle:event_stores": (
        "openapi.json (API 2.9.5) predates it; resources.json (newer) lists the `event_stores` relationship."
    ),
    "relationships:vs-openapi:not-in-oracle:versions": (
        'VENDORS.md: "Relationships include `last_event_callbacks`, `versions`, `event_stores`" — the seed\'s '
        "create response shows `versions`, and an older resources.json (commit 98ea1d2a) lists it."
    ),
    "relationships:vs-resources:not-in-oracle:versions": (
        "The seed's create response shows `versions` and an older resources.json (commit 98ea1d2a) lists it; the "
        "kept resources.json no longer does. Harmless: any other relationship is accepted too "
        "(WebhookRelationships.additionalProperties)."
    ),
    "errors:not-in-docs-table:409 POST /webhooks": (
        'VENDORS.md ("Checked against vendor-authored material"): "the error table also lists 405, **409** '
        '("Record not unique") and 423" on docs.commercelayer.io/core/handling-errors; the docs repo\'s page kept '
        "here (commit 059a7364) predates 409. Spec RecordNotUnique x-assumption: declared on create and update."
    ),
    "errors:not-in-docs-table:409 PATCH /webhooks/{}": (
        'As for create: 409 "Record not unique" is on docs.commercelayer.io/core/handling-errors, not yet in the '
        "docs repo's page kept here; `name` is unique, so an update can break the constraint too."
    ),
    "errors:code-not-in-docs:UNAUTHORIZED": (
        'VENDORS.md: "codes include 400, 401 (`UNAUTHORIZED`, `INVALID_TOKEN`), 404 (`RECORD_NOT_FOUND`) ..."; the '
        "error page's examples show only VALIDATION_ERROR, KEY_NOT_INCLUDED_IN_URL and RECORD_NOT_FOUND."
    ),
    "errors:code-not-in-docs:INVALID_TOKEN": (
        'VENDORS.md: "401 (`UNAUTHORIZED`, `INVALID_TOKEN`)" (docs.commercelayer.io/core/authentication); not among '
        "the error page's examples."
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
    "filters",
    "sorts",
    "relationships",
    "errors",
)


# --- reading our spec and the oracles ------------------------------------------------------------------------------


def _our_operations(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {}
    for path, item in spec.get("paths", {}).items():
        for method in http_methods(item):
            found[f"{method.upper()} {normalise_path(path.removeprefix(API_ROOT))}"] = item[method]
    return found


def _oracle_operations() -> dict[str, dict[str, Any]]:
    found = {}
    for path, item in OPENAPI["paths"].items():
        for method in http_methods(item):
            found[f"{method.upper()} {normalise_path(path)}"] = item[method]
    return found


def _request_schema(doc: dict[str, Any], op: dict[str, Any] | None) -> Any:
    content = ((op or {}).get("requestBody") or {}).get("content", {})
    return content.get(MEDIA, {}).get("schema", {})


def _response_schema(doc: dict[str, Any], op: dict[str, Any] | None, status: str) -> Any:
    response = resolve(doc, ((op or {}).get("responses") or {}).get(status, {}))
    return response.get("content", {}).get(MEDIA, {}).get("schema", {})


def _data(doc: dict[str, Any], document_schema: Any) -> Any:
    """The `data` member of a JSON:API document schema (an array's items for a list)."""
    data = resolve(doc, properties(doc, document_schema).get("data", {}))
    return resolve(doc, data.get("items", data)) if data.get("type") == "array" else data


def _attributes(doc: dict[str, Any], document_schema: Any) -> dict[str, Any]:
    return properties(doc, properties(doc, _data(doc, document_schema)).get("attributes", {}))


def _resource_properties(predicate: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """resources.json's fields as schema-like property maps, so compare_properties() can take them."""
    found = {}
    for name, field in FIELDS.items():
        if predicate(field):
            schema: dict[str, Any] = {"type": RESOURCE_TYPES[field["type"]]}
            if field.get("format") == "datetime" or field["type"] == "datetime":
                schema["format"] = "date-time"
            found[name] = schema
    return found


def _vendor_required(field: dict[str, Any]) -> bool:
    return field.get("required") == "required"


def _quoted(text: str) -> set[str]:
    return set(re.findall(r"'(\w+)'", text))


def _filter_attribute(name: str) -> tuple[str, str] | None:
    """`filter[q][disabled_at_null]` -> (`disabled_at`, `null`)."""
    match = re.fullmatch(r"filter\[q\]\[(\w+)\]", name)
    if not match:
        return None
    predicate = match.group(1)
    for matcher in MATCHERS:
        if predicate.endswith(f"_{matcher}"):
            return predicate[: -len(matcher) - 1], matcher
    return predicate, ""


def _doc_status_table() -> set[int]:
    return {int(code) for code in re.findall(r"^\| \*\*`(\d{3})`\*\*", ERRORS_PAGE, flags=re.MULTILINE)}


def _doc_error_examples(findings: Findings | None = None) -> list[dict[str, Any]]:
    text = ERRORS_PAGE
    if DOC_ARTEFACT[0] in text:
        text = text.replace(*DOC_ARTEFACT)
    elif findings is not None:
        findings["errors:doc-artefact-gone"] = 'the 422 example no longer has `"status"=>`: drop DOC_ARTEFACT'
    blocks = re.findall(r"```javascript\n(\{\n  \"errors\".*?\n\})\n```", text, flags=re.DOTALL)
    return [json.loads(block) for block in blocks]


def _our_validator(spec: dict[str, Any], schema: Any) -> jsonschema.Draft202012Validator:
    # Our specs are OpenAPI 3.1: JSON Schema 2020-12 with refs into components.
    return jsonschema.Draft202012Validator({**schema, "components": spec.get("components", {})})


# --- the comparison ----------------------------------------------------------------------------------------------


def compare(spec: dict[str, Any]) -> Findings:
    """Every disagreement between our spec and the vendor's files, as findings."""
    findings: Findings = {}
    ours, theirs = _our_operations(spec), _oracle_operations()

    # paths and methods, and resources.json's actions
    compare_sets(findings, "paths", set(ours), set(theirs))
    for action in RESOURCE["actions"]:
        if ACTIONS[action] not in ours:
            findings[f"paths:action-not-in-ours:{action}"] = f"resources.json offers `{action}` ({ACTIONS[action]})"
    for key in sorted(set(ours) - set(ACTIONS.values())):
        findings[f"paths:not-an-action:{key}"] = "resources.json has no action for this operation"

    common = sorted(set(ours) & set(theirs))
    for key in common:
        mine, vendor = ours[key], theirs[key]
        # success statuses
        mine_2xx = {s for s in mine.get("responses", {}) if str(s).startswith("2")}
        vendor_2xx = {s for s in vendor["responses"] if s.startswith("2")}
        if mine_2xx != vendor_2xx:
            findings[f"statuses:{key}"] = f"success ours {sorted(mine_2xx)}, the vendor's {sorted(vendor_2xx)}"
        # media types
        if "requestBody" in vendor:
            mine_media = set((mine.get("requestBody") or {}).get("content", {}))
            if mine_media != set(vendor["requestBody"]["content"]):
                findings[f"media:request:{key}"] = f"ours {sorted(mine_media)}, the vendor's {MEDIA}"
            if bool((mine.get("requestBody") or {}).get("required")) != vendor["requestBody"]["required"]:
                findings[f"envelope:body-required:{key}"] = "requestBody.required differs"
        for status, response in vendor["responses"].items():
            if "content" in response:
                mine_media = set(resolve(spec, mine.get("responses", {}).get(status, {})).get("content", {}))
                if mine_media != set(response["content"]):
                    findings[f"media:response:{key} {status}"] = f"ours {sorted(mine_media)}, the vendor's {MEDIA}"
    vendor_media = {MEDIA}
    for key, op in ours.items():
        for status, response in op.get("responses", {}).items():
            for media in set(resolve(spec, response).get("content", {})) - vendor_media:
                findings[f"media:not-in-oracle:{key} {status} {media}"] = "the vendor uses application/vnd.api+json"

    # query parameters: openapi.json has none; filters and sort are judged against resources.json below
    for key, op in ours.items():
        for param in (resolve(spec, p) for p in op.get("parameters", [])):
            if param.get("in") == "query" and param["name"] != "sort" and not param["name"].startswith("filter["):
                findings[f"params:not-in-oracle:{key} {param['name']}"] = "openapi.json documents no query parameters"

    _compare_bodies(spec, ours, findings)
    _compare_filters_and_sorts(spec, ours.get("GET /webhooks", {}), findings)
    _compare_errors(spec, ours, findings)
    return findings


def _compare_bodies(spec: dict[str, Any], ours: dict[str, dict[str, Any]], findings: Findings) -> None:
    components = OPENAPI["components"]["schemas"]
    bodies = {
        "create": (_request_schema(spec, ours.get("POST /webhooks")), components["webhookCreate"]),
        "update": (_request_schema(spec, ours.get("PATCH /webhooks/{}")), components["webhookUpdate"]),
        "response": (_response_schema(spec, ours.get("GET /webhooks/{}"), "200"), components["webhook"]),
    }
    vendor_type = {name: properties(OPENAPI, _data(OPENAPI, s))["type"]["default"] for name, (_, s) in bodies.items()}
    for name, (mine, vendor) in bodies.items():
        mine_data, vendor_data = _data(spec, mine), _data(OPENAPI, vendor)
        # the JSON:API envelope: the resource type, what `data` requires
        mine_type = enum_values(spec, properties(spec, mine_data).get("type", {}))
        if mine_type != {vendor_type[name]}:
            findings[f"envelope:{name}:type"] = f"ours {sorted(mine_type)}, the vendor's `{vendor_type[name]}`"
        if name == "response":
            # README: response schemas mark required only what the vendor marks required (marking less is allowed).
            vendor_marks = required(OPENAPI, vendor_data) | {n for n, f in FIELDS.items() if _vendor_required(f)}
            for extra in sorted(required(spec, mine_data) - vendor_marks):
                findings[f"envelope:response:required-not-by-vendor:{extra}"] = "the vendor does not require it"
            if json_types(spec, properties(spec, mine_data).get("id", {})) != {RESOURCE_TYPES[FIELDS["id"]["type"]]}:
                findings["attributes:response-vs-resources:id"] = "resources.json's `id` is not our Webhook.id string"
        elif required(spec, mine_data) != required(OPENAPI, vendor_data):
            ours_req, theirs_req = sorted(required(spec, mine_data)), sorted(required(OPENAPI, vendor_data))
            findings[f"envelope:{name}:data-required"] = f"ours {ours_req}, the vendor's {theirs_req}"

        # attributes: names, types, items, formats — against openapi.json and resources.json
        mine_attrs = _attributes(spec, mine)
        compare_properties(
            findings, f"attributes:{name}-vs-openapi", spec, mine_attrs, OPENAPI, _attributes(OPENAPI, vendor)
        )
        mode = {"create": "creatable", "update": "updatable", "response": "fetchable"}[name]
        vendor_fields = _resource_properties(lambda f, m=mode: bool(f.get(m)))
        if name == "response":
            vendor_fields.pop("id")  # JSON:API: compared above as the resource object's own `id`
        compare_properties(findings, f"attributes:{name}-vs-resources", spec, mine_attrs, {}, vendor_fields)

        # required attributes
        mine_required = required(spec, properties(spec, mine_data).get("attributes", {}))
        vendor_required = required(OPENAPI, properties(OPENAPI, vendor_data).get("attributes", {}))
        if name == "create":
            if mine_required != vendor_required:
                findings["required:create-vs-openapi"] = (
                    f"ours {sorted(mine_required)}, vendor {sorted(vendor_required)}"
                )
            by_resources = {n for n, f in FIELDS.items() if f.get("creatable") and _vendor_required(f)}
            if mine_required != by_resources:
                findings["required:create-vs-resources"] = (
                    f"ours {sorted(mine_required)}, vendor {sorted(by_resources)}"
                )
        else:
            allowed = vendor_required | (
                {n for n, f in FIELDS.items() if _vendor_required(f)} if name == "response" else set()
            )
            for extra in sorted(mine_required - allowed):
                findings[f"required:{name}:{extra}"] = "required by us, not by the vendor"

    # the same resource object comes back from create, update and (as items) list: one schema for all
    single = resolve(spec, properties(spec, bodies["response"][0]).get("data", {}))
    for key, status, many in (
        ("POST /webhooks", "201", False),
        ("PATCH /webhooks/{}", "200", False),
        ("GET /webhooks", "200", True),
    ):
        data = resolve(spec, properties(spec, _response_schema(spec, ours.get(key), status)).get("data", {}))
        if many:
            data = resolve(spec, data.get("items", {})) if data.get("type") == "array" else None
        if data != single:
            findings[f"envelope:response-differs:{key}"] = "not the resource object GET /webhooks/{} returns"

    # enums: the circuit-breaker states named in the vendor's descriptions
    mine_states = enum_values(spec, _attributes(spec, bodies["response"][0]).get("circuit_state", {}))
    compare_sets(
        findings,
        "enums:circuit_state-vs-openapi",
        mine_states,
        _quoted(_attributes(OPENAPI, components["webhook"])["circuit_state"]["description"]),
    )
    compare_sets(findings, "enums:circuit_state-vs-resources", mine_states, _quoted(FIELDS["circuit_state"]["desc"]))

    # relationships
    mine_rels = set(properties(spec, properties(spec, _data(spec, bodies["response"][0])).get("relationships", {})))
    compare_sets(findings, "relationships:vs-resources", mine_rels, set(RESOURCE["relationships"]))
    vendor_rels = set(properties(OPENAPI, properties(OPENAPI, _data(OPENAPI, components["webhook"]))["relationships"]))
    compare_sets(findings, "relationships:vs-openapi", mine_rels, vendor_rels)


def _compare_filters_and_sorts(spec: dict[str, Any], list_op: dict[str, Any], findings: Findings) -> None:
    filterable = {n for n, f in FIELDS.items() if f.get("filterable")}
    sortable = {n for n, f in FIELDS.items() if f.get("sortable")}
    params = [resolve(spec, p) for p in list_op.get("parameters", [])]
    for param in params:
        parsed = _filter_attribute(param["name"])
        if parsed is None:
            continue
        attribute, matcher = parsed
        if not matcher:
            findings[f"filters:unknown-matcher:{param['name']}"] = "no Ransack matcher ends this filter"
        elif attribute not in filterable:
            findings[f"filters:not-filterable:{param['name']}"] = f"resources.json: `{attribute}` is not filterable"
    # the x-assumption names the filterable attributes and the ones that are not: both must hold
    note = list_op.get("x-assumption", "")
    named = re.search(r"resources\.json: ([^;]+);(.*?)are not\s+filterable", note, flags=re.DOTALL)
    if named is None:
        findings["filters:note-missing"] = "listWebhooks' x-assumption no longer names the filterable attributes"
    else:
        compare_sets(findings, "filters:named", {n.strip() for n in named.group(1).split(",")}, filterable)
        for name in re.findall(r"`(\w+)`", named.group(2)):
            if name in filterable:
                findings[f"filters:said-not-filterable:{name}"] = "resources.json says it is filterable"

    sort = next((p for p in params if p["name"] == "sort"), None)
    if sort is None:
        findings["sorts:param-missing"] = "listWebhooks has no `sort` parameter"
        return
    said = re.search(r"Sortable: ([^(]+)\((.*?)\)", sort.get("description", ""), flags=re.DOTALL)
    if said is None:
        findings["sorts:note-missing"] = "the sort description no longer names the sortable attributes"
    else:
        compare_sets(findings, "sorts:named", {n.strip() for n in said.group(1).split(",")}, sortable)
        for name in re.findall(r"`(\w+)`", said.group(2)):
            if name in sortable:
                findings[f"sorts:said-not-sortable:{name}"] = "resources.json says it is sortable"
    for value in enum_values(spec, sort.get("schema", {})):
        if value.lstrip("-") not in sortable:
            findings[f"sorts:enum-not-sortable:{value}"] = "resources.json says it is not sortable"


def _compare_errors(spec: dict[str, Any], ours: dict[str, dict[str, Any]], findings: Findings) -> None:
    table = DOC_STATUSES
    used: set[int] = set()
    for key, op in ours.items():
        for status in op.get("responses", {}):
            code = int(status)
            used.add(code)
            if code >= 300 and code not in table:
                findings[f"errors:not-in-docs-table:{code} {key}"] = "not in the error page's status table"
    for code in sorted(c for c in table - used if c >= 400):
        findings[f"errors:documented-not-in-ours:{code}"] = "the error page lists it; no operation declares it"

    examples = _doc_error_examples(findings)
    if not examples:
        findings["errors:doc-examples-missing"] = "no error example parsed from the error page"
    example_keys: set[str] = set()
    for example in examples:
        code = example["errors"][0]["status"]
        schema = next((_response_schema(spec, op, code) for op in ours.values() if code in op.get("responses", {})), {})
        for error in _our_validator(spec, schema).iter_errors(example):
            findings[f"errors:doc-example-invalid:{code}"] = error.message
        example_keys.update(k for e in example["errors"] for k in e)
    error_object = next(
        (
            properties(spec, resolve(spec, properties(spec, _response_schema(spec, op, "404"))["errors"]).get("items"))
            for op in ours.values()
            if "404" in op.get("responses", {})
        ),
        {},
    )
    for key in sorted(example_keys - set(error_object)):
        findings[f"errors:doc-key-not-in-ours:{key}"] = "the error page's error object has it; our ErrorObject does not"
    doc_codes = {e["code"] for example in examples for e in example["errors"]}
    for code in sorted(enum_values(spec, error_object.get("code", {})) - doc_codes):
        findings[f"errors:code-not-in-docs:{code}"] = "our ErrorCodeKnown has it; the error page's examples do not"


DOC_STATUSES = _doc_status_table()
DOC_ERROR_KEYS = {key for example in _doc_error_examples() for error in example["errors"] for key in error}
BASELINE = compare(load_spec(VENDOR))


# --- tests: the spec ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("area", AREAS)
def test_spec_agrees_with_the_vendors_files(area: str) -> None:
    problems = disagreements(BASELINE, DELIBERATE, area)
    assert not problems, f"{area}: our spec and Commerce Layer's own files disagree:\n" + "\n".join(problems)


def test_every_deliberate_difference_has_an_area_and_a_reason() -> None:
    for key, reason in DELIBERATE.items():
        assert key.split(":", 1)[0] in AREAS, f"{key}: no test checks this area"
        assert len(reason) > 40, f"{key}: say why"


def _drop_delete(spec: dict[str, Any]) -> None:
    del spec["paths"]["/api/webhooks/{id}"]["delete"]


def _delete_answers_200(spec: dict[str, Any]) -> None:
    responses = spec["paths"]["/api/webhooks/{id}"]["delete"]["responses"]
    responses["200"] = responses.pop("204")


def _create_as_plain_json(spec: dict[str, Any]) -> None:
    content = spec["paths"]["/api/webhooks"]["post"]["requestBody"]["content"]
    content["application/json"] = content.pop(MEDIA)


def _topic_as_integer(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["CreateWebhookAttributes"]["properties"]["topic"] = {"type": "integer"}


def _include_resources_of_integers(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["WebhookAttributes"]["properties"]["include_resources"]["items"] = {"type": "integer"}


def _created_at_as_date(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["WebhookAttributes"]["properties"]["created_at"]["format"] = "date"


def _name_required_on_create(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["CreateWebhookAttributes"]["required"].append("name")


def _drop_shared_secret(spec: dict[str, Any]) -> None:
    del spec["components"]["schemas"]["WebhookAttributes"]["properties"]["shared_secret"]


def _add_update_field(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["UpdateWebhookAttributes"]["properties"]["shared_secret"] = {"type": "string"}


def _half_open_circuit(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["WebhookCircuitStateKnown"]["enum"].append("half_open")


def _wrong_type_const(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["WebhookResourceType"]["const"] = "webhook"


def _filter_on_callback_url(spec: dict[str, Any]) -> None:
    spec["components"]["parameters"]["FilterTopicEq"]["name"] = "filter[q][callback_url_eq]"


def _say_callback_url_filterable(spec: dict[str, Any]) -> None:
    op = spec["paths"]["/api/webhooks"]["get"]
    op["x-assumption"] = op["x-assumption"].replace(
        "reference_origin, metadata;", "reference_origin, metadata, callback_url;"
    )


def _sort_by_name(spec: dict[str, Any]) -> None:
    sort = spec["components"]["parameters"]["Sort"]
    sort["description"] = sort["description"].replace("Sortable: id,", "Sortable: id, name,")


def _sort_enum_topic(spec: dict[str, Any]) -> None:
    spec["components"]["parameters"]["Sort"]["schema"]["enum"] = ["created_at", "-topic"]


def _add_teapot(spec: dict[str, Any]) -> None:
    spec["paths"]["/api/webhooks"]["get"]["responses"]["418"] = {"description": "I'm a teapot"}


def _drop_error_detail(spec: dict[str, Any]) -> None:
    del spec["components"]["schemas"]["ErrorObject"]["properties"]["detail"]


def _status_as_integer(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["ErrorObject"]["properties"]["status"] = {"type": "integer"}


def _drop_event_stores(spec: dict[str, Any]) -> None:
    del spec["components"]["schemas"]["WebhookRelationships"]["properties"]["event_stores"]


def _update_answers_a_list(spec: dict[str, Any]) -> None:
    content = spec["paths"]["/api/webhooks/{id}"]["patch"]["responses"]["200"]["content"]
    content[MEDIA]["schema"] = {"$ref": "#/components/schemas/WebhookList"}


def _page_param_on_get(spec: dict[str, Any]) -> None:
    spec["paths"]["/api/webhooks/{id}"]["get"]["parameters"].append({"$ref": "#/components/parameters/PageSize"})


MUTATIONS: list[tuple[Callable[[dict[str, Any]], None], str]] = [
    (_drop_delete, "paths:not-in-ours:DELETE /webhooks/{}"),
    (_drop_delete, "paths:action-not-in-ours:delete"),
    (_delete_answers_200, "statuses:DELETE /webhooks/{}"),
    (_create_as_plain_json, "media:request:POST /webhooks"),
    (_topic_as_integer, "attributes:create-vs-openapi:type:topic"),
    (_topic_as_integer, "attributes:create-vs-resources:type:topic"),
    (_include_resources_of_integers, "attributes:response-vs-openapi:items:include_resources"),
    (_created_at_as_date, "attributes:response-vs-resources:format:created_at"),
    (_name_required_on_create, "required:create-vs-openapi"),
    (_name_required_on_create, "required:create-vs-resources"),
    (_drop_shared_secret, "attributes:response-vs-resources:not-in-ours:shared_secret"),
    (_add_update_field, "attributes:update-vs-resources:not-in-oracle:shared_secret"),
    (_half_open_circuit, "enums:circuit_state-vs-resources:not-in-oracle:half_open"),
    (_wrong_type_const, "envelope:create:type"),
    (_filter_on_callback_url, "filters:not-filterable:filter[q][callback_url_eq]"),
    (_say_callback_url_filterable, "filters:named:not-in-oracle:callback_url"),
    (_sort_by_name, "sorts:named:not-in-oracle:name"),
    (_sort_enum_topic, "sorts:enum-not-sortable:-topic"),
    (_add_teapot, "errors:not-in-docs-table:418 GET /webhooks"),
    (_drop_error_detail, "errors:doc-key-not-in-ours:detail"),
    (_status_as_integer, "errors:doc-example-invalid:404"),
    (_drop_event_stores, "relationships:vs-resources:not-in-ours:event_stores"),
    (_update_answers_a_list, "envelope:response-differs:PATCH /webhooks/{}"),
    (_page_param_on_get, "params:not-in-oracle:GET /webhooks/{} page[size]"),
]


@pytest.mark.parametrize(("mutate", "expected"), MUTATIONS, ids=[f"{m.__name__}->{k}" for m, k in MUTATIONS])
def test_a_wrong_spec_is_reported(mutate: Callable[[dict[str, Any]], None], expected: str) -> None:
    """Each check can fail: a deliberately wrong copy of our spec is reported for exactly that."""
    spec = load_spec(VENDOR)
    mutate(spec)
    assert expected not in BASELINE, "the unmutated spec must not have the finding"
    findings = compare(spec)
    assert expected in findings, f"{expected} not reported; got {sorted(set(findings) - set(BASELINE))}"


def test_oracle_files_are_the_recorded_extracts() -> None:
    """Edited by hand? The extracts are data copied from the vendor; provenance.json holds their checksums."""
    record = provenance(VENDOR)
    for item in record["files"]:
        assert sha256_of(VENDOR, item["file"]) == item["sha256"], f"{item['file']} differs from its recorded extract"


# --- tests: every recorded interaction against the vendor's own schema --------------------------------------------

OPENAPI_SCHEMAS = OPENAPI["components"]["schemas"]
# openapi.json attaches a response schema to retrieve only; the same resource object comes back from create and
# update (VENDORS.md: "201 single resource", "200 single resource") and as each item of a list.
BORROWED_RESPONSE_SCHEMA = {
    "POST /webhooks": "openapi.json: `201 The created webhook object`, no schema; the document is `webhook`'s",
    "PATCH /webhooks/{}": "openapi.json: `200 The updated webhook object`, no schema; the document is `webhook`'s",
    "GET /webhooks": "openapi.json: `200 A list of webhook objects`, no schema; each item is `webhook`'s `data`",
}
# What the vendor's own schema gets wrong about the vendor's own answers (or cannot judge), each with why. A key is
# `<request|response>:<path>:<check>` (any recording) or `<test id> <key>` (that test's recordings only).
NULLABLE_IN_PRACTICE = (
    'openapi.json (OpenAPI 3.0.1) never sets `nullable`, yet resources.json marks the field `"required": '
    '"optional"` and the vendor\'s docs return null for it (the seed\'s list example: `"reference": null`).'
)
CASSETTE_EXCEPTIONS: dict[str, str] = {
    "response:data.attributes.include_resources:type(null)": NULLABLE_IN_PRACTICE,
    "response:data.attributes.reference:type(null)": NULLABLE_IN_PRACTICE,
    "response:data.attributes.reference_origin:type(null)": NULLABLE_IN_PRACTICE,
    "response:data.relationships.last_event_callbacks:required": (
        "openapi.json models each relationship as a bare resource identifier `{type, id}` (the linkage a request "
        "sends); a JSON:API response carries a relationship object `{links, data?}` (jsonapi.org, §Relationships), "
        "as the seed's responses do."
    ),
    "response:data.relationships.versions:not-a-vendor-relationship": DELIBERATE[
        "relationships:vs-resources:not-in-oracle:versions"
    ],
}
# resources.json fields excused from the null check above must really be optional there.
assert all(
    FIELDS[k.split(".")[2].split(":")[0]].get("required") == "optional"
    for k in CASSETTE_EXCEPTIONS
    if k.endswith(":type(null)")
)


def _is_commercelayer(uri: str) -> bool:
    return (urlsplit(uri).hostname or "").endswith(".commercelayer.io")


INTERACTIONS = interactions(_is_commercelayer)
ACTION_OF = {value: key for key, value in ACTIONS.items()}


def _resource_errors(kind: str, resource: dict[str, Any], mode: str) -> Findings:
    """A recorded resource object against resources.json: each attribute known, allowed in this direction
    (creatable / updatable / fetchable), of the field's type, null only where optional; relationships known."""
    errors: Findings = {}
    attributes = resource.get("attributes") or {}
    for name, value in attributes.items():
        where = f"{kind}:data.attributes.{name}"
        field = FIELDS.get(name)
        if field is None:
            errors[f"{where}:unknown-field"] = "resources.json has no such field"
        elif not field.get(mode):
            errors[f"{where}:not-{mode}"] = f"resources.json: not {mode}"
        elif value is None:
            if _vendor_required(field):
                errors[f"{where}:null-but-required"] = "resources.json: required"
        elif RESOURCE_TYPES[field["type"]] != json_type_of(value):
            errors[f"{where}:type"] = f"{value!r} is not a {field['type']}"
        elif (field.get("format") == "datetime" or field["type"] == "datetime") and not iso_datetime(value):
            errors[f"{where}:not-iso-datetime"] = f"{value!r}"
    if mode == "creatable":
        for name, field in FIELDS.items():
            if field.get("creatable") and _vendor_required(field) and name not in attributes:
                errors[f"{kind}:data.attributes.{name}:missing-required"] = "resources.json: required on create"
    for name in resource.get("relationships") or {}:
        if name not in RESOURCE["relationships"]:
            errors[f"{kind}:data.relationships.{name}:not-a-vendor-relationship"] = "not in resources.json"
    return errors


def judge(interaction: dict[str, Any]) -> tuple[list[str], Findings]:
    """What the vendor's own files say about one recorded exchange: what was checked, and every error."""
    request, response = interaction["request"], interaction["response"]
    checked: list[str] = []
    errors: Findings = {}
    path = urlsplit(request["uri"]).path.removeprefix(API_ROOT)
    hit = match_operation(OPENAPI["paths"], request["method"], path)
    if hit is None:
        return checked, {"operation:not-in-oracle": f"{request['method']} {path} is not in openapi.json"}
    template, method = hit
    key = f"{method.upper()} {normalise_path(template)}"
    op = OPENAPI["paths"][template][method]

    if "requestBody" in op:
        body = body_json(request.get("body"))
        media = (request.get("headers", {}).get("content-type") or [None])[0]
        if media not in op["requestBody"]["content"]:
            errors["request:content-type"] = f"{media} is not the vendor's {MEDIA}"
        errors |= schema_errors(resolve(OPENAPI, _request_schema(OPENAPI, op)), body, "request")
        mode = {"POST": "creatable", "PATCH": "updatable"}[request["method"]]
        errors |= _resource_errors("request", (body or {}).get("data") or {}, mode)
        checked.append(f"request body vs {op['requestBody']['content'][MEDIA]['schema']['$ref']} and resources.json")

    status = response["status"]["code"]
    body = body_json(response["body"].get("string"))
    if 200 <= status < 300:
        if str(status) not in op["responses"]:
            errors[f"status:{status}:not-the-vendor-success"] = f"openapi.json answers {sorted(op['responses'])}"
        checked.append(f"success status {status}")
        if key == "DELETE /webhooks/{}":
            if body is not None:
                errors["response:body-not-empty"] = "204 No content"
            return checked, errors
        schema = resolve(OPENAPI, _response_schema(OPENAPI, op, str(status)))
        if not schema and key not in BORROWED_RESPONSE_SCHEMA:
            errors["response:no-vendor-schema"] = "openapi.json has no schema here and none is borrowed"
        schema = schema or OPENAPI_SCHEMAS["webhook"]
        if not isinstance(body, dict) or "data" not in body:
            errors["response:data:missing"] = "a JSON:API document was expected"
            return checked, errors
        items = body["data"] if key == "GET /webhooks" else [body["data"]]
        for item in items:
            errors |= schema_errors(schema, {"data": item}, "response")
            errors |= _resource_errors("response", item, "fetchable")
            if item.get("type") != properties(OPENAPI, _data(OPENAPI, schema))["type"]["default"]:
                errors["response:data.type:not-the-vendor-type"] = f"{item.get('type')!r}"
        checked.append("response body vs webhook and resources.json")
    else:
        if status not in DOC_STATUSES:
            errors[f"status:{status}:not-in-docs-table"] = "not in the error page's status table"
        if 400 <= status < 500 and not (isinstance(body, dict) and body.get("errors")):
            errors["response:errors:missing"] = 'the error page: "All the 4xx responses include an error object"'
        for error in (body or {}).get("errors", []):
            for name in sorted(set(error) - DOC_ERROR_KEYS):
                errors[f"response:errors.*.{name}:not-in-docs"] = "the error page's error objects have no such key"
            if error.get("status") != str(status):
                errors["response:errors.*.status:not-the-http-status"] = f"{error.get('status')!r} vs {status}"
        checked.append(f"error status {status} and error object vs handling-errors.md")
    return checked, errors


JUDGED = {f"{name}#{index}": judge(interaction) for name, index, interaction in INTERACTIONS}


def test_commercelayer_interactions_are_recorded() -> None:
    assert len(INTERACTIONS) >= 40, "expected the Commerce Layer contract cassettes (tests/contract/cassettes)"


@pytest.mark.parametrize("case", sorted(JUDGED))
def test_recorded_interaction_conforms_to_the_vendors_schema(case: str) -> None:
    checked, errors = JUDGED[case]
    test = case.split("/")[-1].split(".yaml")[0]
    assert checked, f"{case}: nothing judged it"
    unexcused = {
        k: v for k, v in errors.items() if k not in CASSETTE_EXCEPTIONS and f"{test} {k}" not in CASSETTE_EXCEPTIONS
    }
    assert not unexcused, f"{case} ({'; '.join(checked)}):\n" + "\n".join(f"{k}: {v}" for k, v in unexcused.items())


def test_every_cassette_exception_is_still_needed() -> None:
    used = {k for _, errors in JUDGED.values() for k in errors}
    used |= {f"{case.split('/')[-1].split('.yaml')[0]} {k}" for case, (_, errors) in JUDGED.items() for k in errors}
    assert not set(CASSETTE_EXCEPTIONS) - used, f"no recording needs: {sorted(set(CASSETTE_EXCEPTIONS) - used)}"


def test_borrowed_response_schemas_are_still_borrowed() -> None:
    """If openapi.json ever documents these responses, use its schema instead of `webhook`'s."""
    ops = _oracle_operations()
    for key in BORROWED_RESPONSE_SCHEMA:
        assert not any("content" in r for r in ops[key]["responses"].values()), f"{key} now has its own schema"


def _create(attributes: dict[str, Any]) -> dict[str, Any]:
    body = {"data": {"type": "webhooks", "attributes": attributes}}
    return {
        "request": {
            "method": "POST",
            "uri": "https://sandbox-org.commercelayer.io/api/webhooks",
            "headers": {"content-type": [MEDIA]},
            "body": json.dumps(body),
        },
        "response": {"status": {"code": 201}, "body": {"string": ""}},
    }


def _replayed(test: str, index: int) -> dict[str, Any]:
    return copy.deepcopy(next(x for name, i, x in INTERACTIONS if test in name and i == index))


def _with_response_attribute(name: str, value: Any) -> dict[str, Any]:
    interaction = _replayed("test_lifecycle[commercelayer]", 1)
    body = json.loads(interaction["response"]["body"]["string"])
    body["data"]["attributes"][name] = value
    interaction["response"]["body"]["string"] = json.dumps(body)
    return interaction


BAD_INTERACTIONS: list[tuple[str, dict[str, Any], str]] = [
    ("secret sent on create", _create({"topic": "orders.place", "callback_url": "https://x", "shared_secret": "s"}),
     "request:data.attributes.shared_secret:not-creatable"),
    ("topic missing", _create({"callback_url": "https://x"}), "request:data.attributes:required"),
    ("topic missing (resources.json)", _create({"callback_url": "https://x"}),
     "request:data.attributes.topic:missing-required"),
    ("count as text", _with_response_attribute("circuit_failure_count", "5"),
     "response:data.attributes.circuit_failure_count:type"),
    ("unknown field", _with_response_attribute("colour", "red"), "response:data.attributes.colour:unknown-field"),
    ("bad timestamp", _with_response_attribute("created_at", "yesterday"),
     "response:data.attributes.created_at:not-iso-datetime"),
    ("null topic", _with_response_attribute("topic", None), "response:data.attributes.topic:null-but-required"),
    ("4xx without errors", {**_replayed("test_get_missing_is_not_found[commercelayer]", 0),
     "response": {"status": {"code": 404}, "body": {"string": "{}"}}}, "response:errors:missing"),
]  # fmt: skip


@pytest.mark.parametrize(("interaction", "expected"), [(x, k) for _, x, k in BAD_INTERACTIONS],
                         ids=[d for d, _, _ in BAD_INTERACTIONS])  # fmt: skip
def test_a_wrong_recording_is_reported(interaction: dict[str, Any], expected: str) -> None:
    """The cassette check can fail: a doctored exchange is reported by the vendor's schema."""
    _, errors = judge(interaction)
    assert expected in errors, sorted(errors)
