from __future__ import annotations

import re
from typing import Any

import pytest

from unihook_sandbox import SandboxState

from .support import BLAZE, TestClient

ROOT = "/blaze/api/v1/partner/webHooks"


def create(client: TestClient, **overrides: Any) -> dict[str, Any]:
    body = {
        "url": "https://partner.example.com/blaze",
        "shopId": "shop-1",
        "webHookType": "NEW_CONSUMER_ORDER",
        "webHookUrls": ["https://partner.example.com/blaze"],
        **overrides,
    }
    response = client.post(ROOT, json=body, headers=BLAZE)
    assert response.status_code == 200, response.text
    record: dict[str, Any] = response.json()
    return record


def test_lifecycle_create_list_get_replace_delete(client: TestClient, state: SandboxState) -> None:
    created = create(client)
    webhook_id = created["id"]
    assert re.fullmatch(r"[0-9a-f]{24}", webhook_id)
    assert created["companyId"] == "sandbox-company"
    assert (created["deleted"], created["updated"]) == (False, False)
    assert isinstance(created["created"], int)
    assert created["created"] > 1_600_000_000_000  # epoch milliseconds, not seconds
    assert created["modified"] == created["created"]
    assert created["webHookUrls"] == ["https://partner.example.com/blaze"]

    assert client.get(f"{ROOT}/{webhook_id}", headers=BLAZE).json() == created
    listed = client.get(ROOT, headers=BLAZE).json()
    assert listed == {"values": [created], "skip": 0, "limit": 100, "total": 1}

    replaced = client.put(
        f"{ROOT}/{webhook_id}",
        json={
            "id": webhook_id,
            "webHookType": "UPDATE_MEMBER",
            "webHookUrls": ["https://a.example", "https://b.example"],
        },
        headers=BLAZE,
    )
    assert replaced.status_code == 200
    body = replaced.json()
    assert body["webHookType"] == "UPDATE_MEMBER"
    assert body["webHookUrls"] == ["https://a.example", "https://b.example"]
    assert body["updated"] is True
    assert body["modified"] >= body["created"]
    assert body["created"] == created["created"]
    # A replace: fields left out of the body are gone.
    assert "shopId" not in body
    assert "url" not in body
    assert state.records("blaze") == [body]

    deleted = client.delete(f"{ROOT}/{webhook_id}", headers=BLAZE)
    assert (deleted.status_code, deleted.content) == (200, b"")
    missing = client.get(f"{ROOT}/{webhook_id}", headers=BLAZE)
    assert missing.status_code == 404
    assert missing.json() == {"error": "Not Found", "message": "WebHook not found", "status": 404}
    assert client.delete(f"{ROOT}/{webhook_id}", headers=BLAZE).status_code == 404
    assert state.records("blaze") == []


def test_pagination_and_filters(client: TestClient) -> None:
    ids = [create(client, shopId=f"shop-{index % 2}")["id"] for index in range(5)]
    first = client.get(ROOT, params={"limit": 2}, headers=BLAZE).json()
    assert [item["id"] for item in first["values"]] == ids[:2]
    assert (first["skip"], first["limit"], first["total"]) == (0, 2, 5)
    last = client.get(ROOT, params={"start": 4, "limit": 2}, headers=BLAZE).json()
    assert [item["id"] for item in last["values"]] == ids[4:]
    beyond = client.get(ROOT, params={"start": 10}, headers=BLAZE).json()
    assert (beyond["values"], beyond["total"]) == ([], 5)

    shop_one = client.get(ROOT, params={"shopId": "shop-1"}, headers=BLAZE).json()
    assert [item["id"] for item in shop_one["values"]] == [ids[1], ids[3]]
    create(client, webHookType="UPDATE_PRODUCT")
    products = client.get(ROOT, params={"type": "UPDATE_PRODUCT"}, headers=BLAZE).json()
    assert products["total"] == 1
    assert products["values"][0]["webHookType"] == "UPDATE_PRODUCT"

    assert client.get(ROOT, params={"start": -1}, headers=BLAZE).status_code == 400
    assert client.get(ROOT, params={"limit": 0}, headers=BLAZE).json()["status"] == 400


FIELD_ERROR_KEYS = {"field", "message", "errorType"}


def test_validation_errors(client: TestClient, state: SandboxState) -> None:
    # A body field at fault is answered in the Swagger's {field, message, errorType} shape.
    no_type = client.post(ROOT, json={"webHookUrls": ["https://x.example"]}, headers=BLAZE)
    assert no_type.status_code == 400
    assert set(no_type.json()) == FIELD_ERROR_KEYS
    assert no_type.json()["field"] == "webHookType"
    assert "webHookType" in no_type.json()["message"]
    no_urls = client.post(ROOT, json={"webHookType": "NEW_MEMBER"}, headers=BLAZE)
    assert no_urls.status_code == 400
    assert no_urls.json()["field"] == "webHookUrls"
    assert "webHookUrls" in no_urls.json()["message"]
    empty_urls = client.post(ROOT, json={"webHookType": "NEW_MEMBER", "webHookUrls": []}, headers=BLAZE)
    assert empty_urls.json() == {
        "field": "webHookUrls",
        "message": "webHookUrls must not be empty",
        "errorType": "invalid.argument.exception",
    }
    unknown = client.post(
        ROOT, json={"webHookType": "TRANSACTION_UPDATE", "webHookUrls": ["https://x.example"]}, headers=BLAZE
    )
    assert unknown.status_code == 400
    assert unknown.json()["field"] == "webHookType"
    assert "TRANSACTION_UPDATE" in unknown.json()["message"]
    wrong_type = client.post(ROOT, json={"webHookType": "NEW_MEMBER", "webHookUrls": "https://x"}, headers=BLAZE)
    assert (wrong_type.status_code, wrong_type.json()["field"]) == (400, "webHookUrls")
    # A body that is no JSON object names no field: the {error, message, status} shape.
    not_json = client.post(ROOT, content=b"{", headers={**BLAZE, "Content-Type": "application/json"})
    assert not_json.status_code == 400
    assert set(not_json.json()) == {"error", "message", "status"}
    assert state.records("blaze") == []

    webhook_id = create(client)["id"]
    other_id = client.put(
        f"{ROOT}/{webhook_id}",
        json={"id": "0" * 24, "webHookType": "NEW_MEMBER", "webHookUrls": ["https://x.example"]},
        headers=BLAZE,
    )
    # The path names the registration: an id in the body, like the server's other fields, is the object as read and
    # is ignored (BLAZE documents no refusal; the spec's PUT body is the whole PartnerWebHook).
    assert (other_id.status_code, other_id.json()["id"]) == (200, webhook_id)
    assert [record["id"] for record in state.records("blaze")] == [webhook_id]
    # The replace takes the PartnerWebHook object, which the vendor's Swagger (and the spec) constrain in nothing:
    # an empty list of delivery URLs is stored as sent (a create needs one, DeliveryUrls).
    emptied = client.put(
        f"{ROOT}/{webhook_id}", json={"id": webhook_id, "webHookType": "NEW_MEMBER", "webHookUrls": []}, headers=BLAZE
    )
    assert (emptied.status_code, emptied.json()["webHookUrls"]) == (200, [])
    put_missing = client.put(
        f"{ROOT}/{'f' * 24}", json={"webHookType": "NEW_MEMBER", "webHookUrls": ["https://x.example"]}, headers=BLAZE
    )
    assert put_missing.status_code == 404


def test_both_keys_are_required(client: TestClient, state: SandboxState) -> None:
    body = {"webHookType": "NEW_MEMBER", "webHookUrls": ["https://x.example"]}
    no_developer_key = client.post(ROOT, json=body, headers={"x-api-key": "partner-key"})
    assert no_developer_key.status_code == 401
    assert no_developer_key.json()["error"] == "Unauthorized"
    assert no_developer_key.json()["status"] == 401
    no_partner_key = client.post(ROOT, json=body, headers={"Authorization": "developer-key"})
    assert no_partner_key.status_code == 401
    assert state.records("blaze") == []


def test_a_field_error_reaches_field_errors_through_the_facade(client: TestClient, state: SandboxState) -> None:
    import unihook

    with (
        unihook.Client(
            blaze_partner_key="partner-key",
            blaze_developer_key="developer-key",
            base_urls={"blaze": "http://testserver/blaze"},
            http_client=client,
            max_retries=0,
        ) as hub,
        pytest.raises(unihook.ValidationError) as caught,
    ):
        hub.create("blaze", url="https://partner.example.com/blaze", events=["NO_SUCH_TYPE"])
    error = caught.value
    assert error.status_code == 400
    assert list(error.field_errors) == ["webHookType"]
    assert "NO_SUCH_TYPE" in error.field_errors["webHookType"][0]
    assert error.body["errorType"] == "invalid.argument.exception"
    assert state.records("blaze") == []
