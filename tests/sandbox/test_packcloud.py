from __future__ import annotations

import uuid
from typing import Any

from unihook_sandbox import SandboxState

from .support import PACK, TestClient

ORG = "/packcloud/organizations/org_1/webhooks"


def create(client: TestClient, root: str = ORG, **overrides: Any) -> dict[str, Any]:
    body = {
        "event_code": "order.created",
        "endpoint": "https://hooks.example.com/pack",
        "secret": "q9NhjkjV9o",
        **overrides,
    }
    response = client.post(root, json=body, headers=PACK)
    assert response.status_code == 201, response.text
    webhook: dict[str, Any] = response.json()
    return webhook


def test_lifecycle_create_list_get_update_disable(client: TestClient, state: SandboxState) -> None:
    created = create(client)
    webhook_id = created["id"]
    assert uuid.UUID(webhook_id).version == 4
    assert created["secret"] == "q9NhjkjV9o"  # returned in plain text
    assert created["enabled"] is True
    assert created["event_code"] == "order.created"
    assert created["created_at"].endswith("Z")

    listed = client.get(ORG, headers=PACK).json()
    assert listed == {"data": [created], "prev": None, "next": None, "per_page": 25}
    assert client.get(f"{ORG}/{webhook_id}", headers=PACK).json() == created

    updated = client.put(f"{ORG}/{webhook_id}", json={"enabled": False}, headers=PACK)
    assert updated.status_code == 200
    body = updated.json()
    assert body["enabled"] is False
    assert (body["endpoint"], body["secret"], body["event_code"]) == (
        created["endpoint"],
        "q9NhjkjV9o",
        "order.created",
    )
    assert body["updated_at"] > body["created_at"]
    assert state.records("packcloud", scope="org_1") == [body]

    # No DELETE is documented.
    assert client.delete(f"{ORG}/{webhook_id}", headers=PACK).status_code == 405
    missing = client.get(f"{ORG}/{uuid.uuid4()}", headers=PACK)
    assert (missing.status_code, missing.content) == (404, b"")
    assert client.put(f"{ORG}/{uuid.uuid4()}", json={"enabled": True}, headers=PACK).status_code == 404


def test_organizations_are_separate(client: TestClient, state: SandboxState) -> None:
    mine = create(client)
    theirs = create(client, "/packcloud/organizations/org_2/webhooks")
    assert [item["id"] for item in client.get(ORG, headers=PACK).json()["data"]] == [mine["id"]]
    foreign = client.get(f"{ORG}/{theirs['id']}", headers=PACK)
    assert (foreign.status_code, foreign.content) == (404, b"")
    assert [record["id"] for record in state.records("packcloud")] == [mine["id"], theirs["id"]]


def test_pagination_follows_next(client: TestClient) -> None:
    ids = [create(client, endpoint=f"https://hooks.example.com/{index}")["id"] for index in range(30)]
    first = client.get(ORG, headers=PACK).json()
    assert len(first["data"]) == 25
    assert first["prev"] is None
    assert first["next"] == "http://testserver/packcloud/organizations/org_1/webhooks?page=2"
    second = client.get(first["next"], headers=PACK).json()
    assert [item["id"] for item in first["data"] + second["data"]] == ids
    assert second["next"] is None
    assert second["prev"] == "http://testserver/packcloud/organizations/org_1/webhooks?page=1"
    assert client.get(ORG, params={"page": "zero"}, headers=PACK).status_code == 400


def test_validation_errors_are_empty_422s(client: TestClient, state: SandboxState) -> None:
    no_secret = client.post(ORG, json={"event_code": "order.created", "endpoint": "https://x.example"}, headers=PACK)
    assert (no_secret.status_code, no_secret.content) == (422, b"")
    unknown_event = client.post(
        ORG, json={"event_code": "orders.created", "endpoint": "https://x.example", "secret": "s3cret"}, headers=PACK
    )
    assert (unknown_event.status_code, unknown_event.content) == (422, b"")
    assert state.records("packcloud") == []
    webhook_id = create(client)["id"]
    blank_endpoint = client.put(f"{ORG}/{webhook_id}", json={"endpoint": ""}, headers=PACK)
    assert blank_endpoint.status_code == 422
    assert state.records("packcloud")[0]["endpoint"] == "https://hooks.example.com/pack"


def test_missing_bearer_is_an_empty_401(client: TestClient, state: SandboxState) -> None:
    response = client.post(ORG, json={"event_code": "order.created", "endpoint": "https://x.example", "secret": "s"})
    assert (response.status_code, response.content) == (401, b"")
    assert client.get(ORG, headers={"Authorization": "Token abc"}).status_code == 401
    assert state.records("packcloud") == []
