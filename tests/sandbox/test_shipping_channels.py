from __future__ import annotations

import re
from typing import Any

from unihook_sandbox_models.shipping_channels import WebhookEventKnown

from unihook_sandbox import SandboxState

from .support import SC, TestClient

ROOT = "/shipping_channels/webhook-subscriptions"
MASK = "••••••••••••••••"


def create(client: TestClient, **overrides: Any) -> dict[str, Any]:
    body = {
        "name": "Parcel updates",
        "url": "https://hooks.example.com/sc",
        "events": ["tracking_parcel.created"],
        "secret": "my-secret-1",
        **overrides,
    }
    response = client.post(ROOT, json=body, headers=SC)
    assert response.status_code == 201, response.text
    subscription: dict[str, Any] = response.json()["data"]
    return subscription


def test_lifecycle_create_list_get_update_delete(client: TestClient, state: SandboxState) -> None:
    created = create(client)
    subscription_id = created["id"]
    assert re.fullmatch(r"wh_\d{6}", subscription_id)
    assert created["secret"] == MASK
    assert created["active"] is True
    assert created["events"] == ["tracking_parcel.created"]
    assert created["created_at"].endswith("Z")
    assert state.records("shipping_channels")[0]["secret"] == "my-secret-1"

    assert client.get(f"{ROOT}/{subscription_id}", headers=SC).json() == {"data": created}
    assert [item["id"] for item in client.get(ROOT, headers=SC).json()["data"]] == [subscription_id]

    renamed = client.put(f"{ROOT}/{subscription_id}", json={"name": "Renamed", "active": False}, headers=SC)
    assert renamed.status_code == 200
    body = renamed.json()["data"]
    assert (body["name"], body["active"], body["url"], body["secret"]) == ("Renamed", False, created["url"], MASK)
    assert body["updated_at"] > body["created_at"]
    # Omitting the secret keeps it; sending one replaces it.
    assert state.records("shipping_channels")[0]["secret"] == "my-secret-1"
    client.put(f"{ROOT}/{subscription_id}", json={"name": "Renamed", "secret": "another-secret"}, headers=SC)
    assert state.records("shipping_channels")[0]["secret"] == "another-secret"

    no_name = client.put(f"{ROOT}/{subscription_id}", json={"active": True}, headers=SC)
    assert no_name.status_code == 422
    assert no_name.json()["error"]["errors"] == {"name": ["The name field is required."]}

    deleted = client.delete(f"{ROOT}/{subscription_id}", headers=SC)
    assert (deleted.status_code, deleted.content) == (204, b"")
    missing = client.get(f"{ROOT}/{subscription_id}", headers=SC)
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert missing.json()["error"]["status"] == 404
    assert client.put(f"{ROOT}/{subscription_id}", json={"name": "x"}, headers=SC).status_code == 404
    assert state.records("shipping_channels") == []


def test_secret_is_generated_when_omitted(client: TestClient, state: SandboxState) -> None:
    created = client.post(
        ROOT, json={"name": "n", "url": "https://x.example", "events": ["shipment.created"]}, headers=SC
    ).json()["data"]
    assert created["secret"] == MASK
    secret = state.records("shipping_channels")[0]["secret"]
    assert len(secret) >= 8
    assert secret != MASK


def test_pagination(client: TestClient) -> None:
    ids = [create(client, name=f"hook {index}")["id"] for index in range(5)]
    first = client.get(ROOT, params={"per_page": 2}, headers=SC).json()
    assert first["meta"] == {
        "current_page": 1,
        "from": 1,
        "last_page": 3,
        "path": "http://testserver/shipping_channels/webhook-subscriptions",
        "per_page": 2,
        "to": 2,
        "total": 5,
    }
    assert first["links"]["prev"] is None
    assert first["links"]["next"] == "http://testserver/shipping_channels/webhook-subscriptions?per_page=2&page=2"
    seen: list[str] = []
    page = first
    while True:
        seen.extend(item["id"] for item in page["data"])
        if page["links"]["next"] is None:
            break
        page = client.get(page["links"]["next"], headers=SC).json()
    assert seen == ids
    assert (page["meta"]["current_page"], page["meta"]["from"], page["meta"]["to"]) == (3, 5, 5)

    assert len(client.get(ROOT, headers=SC).json()["data"]) == 5
    assert client.get(ROOT, headers=SC).json()["meta"]["per_page"] == 15
    empty = client.get(ROOT, params={"page": 9}, headers=SC).json()
    assert (empty["data"], empty["meta"]["from"], empty["meta"]["to"]) == ([], None, None)

    # Invalid query values are a 400 (the spec lists no 422 on list), with Laravel's messages per field.
    too_many = client.get(ROOT, params={"per_page": 101}, headers=SC)
    assert too_many.status_code == 400
    assert too_many.json()["error"]["code"] == "invalid_request"
    assert too_many.json()["error"]["errors"] == {"per_page": ["The per page field must not be greater than 100."]}
    assert client.get(ROOT, params={"page": 0}, headers=SC).status_code == 400


def test_available_events(client: TestClient) -> None:
    response = client.get(f"{ROOT}/available-events", headers=SC)
    assert response.status_code == 200
    events = response.json()["data"]
    assert [event["value"] for event in events] == [event.value for event in WebhookEventKnown]
    assert events[0] == {
        "value": "shipping_channel.created",
        "label": "Shipping Channel Created",
        "description": "Fires when a new shipping channel is created",
    }


def test_validation_errors(client: TestClient, state: SandboxState) -> None:
    short = client.post(
        ROOT,
        json={"name": "n", "url": "https://x.example", "events": ["shipment.created"], "secret": "short"},
        headers=SC,
    )
    assert short.status_code == 422
    assert short.json() == {
        "error": {
            "message": "The given data was invalid.",
            "errors": {"secret": ["The secret must be at least 8 characters."]},
        }
    }
    missing = client.post(ROOT, json={"url": "not a url", "events": ["parcel.exploded"]}, headers=SC)
    assert missing.json()["error"]["errors"] == {
        "name": ["The name field is required."],
        "url": ["The url must be a valid URL."],
        "events.0": ["The selected events.0 is invalid."],
    }
    no_events = client.post(ROOT, json={"name": "n", "url": "https://x.example", "events": []}, headers=SC)
    assert no_events.json()["error"]["errors"] == {"events": ["The events field is required."]}
    not_json = client.post(ROOT, content=b"nope", headers={**SC, "Content-Type": "application/json"})
    assert not_json.status_code == 400
    assert not_json.json()["error"]["code"] == "invalid_request"
    assert state.records("shipping_channels") == []


def test_missing_bearer_is_401(client: TestClient) -> None:
    for headers in ({}, {"Authorization": "sc-key"}, {"Authorization": "Bearer "}):
        response = client.get(ROOT, headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["status"] == 401
        assert response.json()["error"]["code"] == "unauthorized"
