from __future__ import annotations

from unihook_sandbox import SandboxState

from .support import FLX, FakeClock, TestClient

ROOT = "/flxpoint/webhhok/configurations"


def create(client: TestClient, **overrides: object) -> dict[str, object]:
    body = {"webhookUrl": "https://hooks.example.com/flx", "subscribedEvents": ["OrderImportedEvent"], **overrides}
    response = client.post(ROOT, json=body, headers=FLX)
    assert response.status_code == 200, response.text
    created: dict[str, object] = response.json()
    return created


def test_lifecycle_create_list_get_update_soft_delete(client: TestClient, state: SandboxState) -> None:
    first = create(client, configurationName="Orders", sourceId=7)
    second = create(client)
    assert first["id"] == 1
    assert second["id"] == 2
    assert first["configurationName"] == "Orders"
    assert first["sourceId"] == 7
    assert first["status"] == "active"
    assert first["subscribedEvents"] == ["OrderImportedEvent"]
    assert str(first["createdAt"]).endswith("Z")
    assert second["configurationName"] == "Webhook Configuration 2"
    assert "channelId" not in first

    listed = client.get(ROOT, headers=FLX)
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()] == [1, 2]

    got = client.get(f"{ROOT}/1", headers=FLX)
    assert got.json() == first

    updated = client.patch(
        f"{ROOT}/1",
        json={"webhookUrl": "https://hooks.example.com/v2", "subscribedEvents": ["FulfillmentRequestProcessingEvent"]},
        headers=FLX,
    )
    assert updated.status_code == 200
    assert updated.json()["webhookUrl"] == "https://hooks.example.com/v2"
    assert updated.json()["subscribedEvents"] == ["FulfillmentRequestProcessingEvent"]
    assert updated.json()["status"] == "active"
    assert updated.json()["configurationName"] == "Orders"
    assert updated.json()["updatedAt"] > updated.json()["createdAt"]

    deleted = client.patch(
        f"{ROOT}/1",
        json={
            "webhookUrl": "https://hooks.example.com/v2",
            "subscribedEvents": ["OrderImportedEvent"],
            "status": "deleted",
        },
        headers=FLX,
    )
    assert deleted.json()["status"] == "deleted"
    # A soft delete: still listed and readable, with its status.
    assert [item["status"] for item in client.get(ROOT, headers=FLX).json()] == ["deleted", "active"]
    assert state.records("flxpoint")[0]["status"] == "deleted"

    missing = client.get(f"{ROOT}/99", headers=FLX)
    assert missing.status_code == 404
    assert missing.content == b""
    assert client.get(f"{ROOT}/abc", headers=FLX).status_code == 404
    assert client.patch(f"{ROOT}/99", json={"webhookUrl": "u", "subscribedEvents": []}, headers=FLX).status_code == 404


def test_no_delete_route(client: TestClient) -> None:
    create(client)
    response = client.delete(f"{ROOT}/1", headers=FLX)
    assert response.status_code == 405
    assert client.get(f"{ROOT}/1", headers=FLX).status_code == 200


def test_validation_errors_are_empty_400s(client: TestClient, state: SandboxState) -> None:
    create(client)
    no_events = client.patch(f"{ROOT}/1", json={"webhookUrl": "https://x.example"}, headers=FLX)
    assert (no_events.status_code, no_events.content) == (400, b"")
    bad_status = client.patch(
        f"{ROOT}/1", json={"webhookUrl": "https://x.example", "subscribedEvents": [], "status": "paused"}, headers=FLX
    )
    assert (bad_status.status_code, bad_status.content) == (400, b"")
    unknown_event = client.post(
        ROOT, json={"webhookUrl": "https://x.example", "subscribedEvents": ["Nope"]}, headers=FLX
    )
    assert (unknown_event.status_code, unknown_event.content) == (400, b"")
    no_url = client.post(ROOT, json={"subscribedEvents": ["OrderImportedEvent"]}, headers=FLX)
    assert no_url.status_code == 400
    not_json = client.post(ROOT, content=b"{", headers={**FLX, "Content-Type": "application/json"})
    assert not_json.status_code == 400
    assert len(state.records("flxpoint")) == 1
    assert state.records("flxpoint")[0]["subscribedEvents"] == ["OrderImportedEvent"]


def test_missing_token_is_an_empty_401(client: TestClient, state: SandboxState) -> None:
    response = client.post(ROOT, json={"webhookUrl": "https://x.example", "subscribedEvents": ["OrderImportedEvent"]})
    assert (response.status_code, response.content) == (401, b"")
    blank = client.get(ROOT, headers={"X-API-TOKEN": "  "})
    assert blank.status_code == 401
    assert state.records("flxpoint") == []


def test_third_request_within_one_second_is_429(client: TestClient, clock: FakeClock) -> None:
    clock.step = 0.0
    assert client.get(ROOT, headers=FLX).status_code == 200
    clock.now += 0.5
    assert client.get(ROOT, headers=FLX).status_code == 200
    clock.now += 0.4375  # binary fractions keep the arithmetic exact
    limited = client.get(ROOT, headers=FLX)
    assert (limited.status_code, limited.content) == (429, b"")
    assert "retry-after" not in limited.headers
    # Each token is its own bucket.
    assert client.get(ROOT, headers={"X-API-TOKEN": "other"}).status_code == 200
    # One second after the first admitted request, its slot is free again (refusals are not counted).
    clock.now += 0.0625
    assert client.get(ROOT, headers=FLX).status_code == 200
    assert client.get(ROOT, headers=FLX).status_code == 429
