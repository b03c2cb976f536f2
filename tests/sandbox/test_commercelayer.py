from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest

import unihook
from unihook_sandbox import SandboxState

from .support import CL, TestClient, cl_document

ROOT = "/commercelayer/api/webhooks"
MEDIA_TYPE = "application/vnd.api+json"


def create(client: TestClient, **attributes: Any) -> dict[str, Any]:
    body = {"topic": "orders.place", "callback_url": "https://hooks.example.com/cl", **attributes}
    response = client.post(ROOT, content=cl_document(body), headers=CL)
    assert response.status_code == 201, response.text
    resource: dict[str, Any] = response.json()["data"]
    return resource


def test_client_credentials_token(client: TestClient) -> None:
    form = {"grant_type": "client_credentials", "client_id": "id-1", "client_secret": "secret-1"}
    response = client.post("/commercelayer/oauth/token", data=form)
    assert response.status_code == 200
    token = response.json()
    assert token["token_type"] == "bearer"
    assert token["expires_in"] == 7200
    assert token["scope"] == "market:all"
    assert isinstance(token["created_at"], int)
    assert len(token["access_token"]) >= 32
    again = client.post("/commercelayer/oauth/token", data=form).json()["access_token"]
    assert again != token["access_token"]

    basic = base64.b64encode(b"id-1:secret-1").decode()
    via_basic = client.post(
        "/commercelayer/oauth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert via_basic.status_code == 200

    no_secret = client.post(
        "/commercelayer/oauth/token", data={"grant_type": "client_credentials", "client_id": "id-1"}
    )
    assert no_secret.status_code == 401
    assert no_secret.json()["error"] == "invalid_client"
    wrong_grant = client.post("/commercelayer/oauth/token", data={**form, "grant_type": "password"})
    assert (wrong_grant.status_code, wrong_grant.json()["error"]) == (400, "unsupported_grant_type")


def test_lifecycle_create_list_get_update_delete(client: TestClient, state: SandboxState) -> None:
    created = create(client, include_resources=["customer"])
    webhook_id = created["id"]
    attributes = created["attributes"]
    assert re.fullmatch(r"[A-Za-z0-9]{10}", webhook_id)
    assert created["type"] == "webhooks"
    assert created["links"]["self"] == f"http://testserver{ROOT}/{webhook_id}"
    assert attributes["name"] == f"Webhook {webhook_id}"
    assert re.fullmatch(r"[0-9a-f]{32}", attributes["shared_secret"])
    assert attributes["disabled_at"] is None
    assert (attributes["circuit_state"], attributes["circuit_failure_count"]) == ("closed", 0)
    assert attributes["include_resources"] == ["customer"]
    assert attributes["created_at"].endswith("Z")

    got = client.get(f"{ROOT}/{webhook_id}", headers=CL)
    assert got.headers["content-type"] == MEDIA_TYPE
    assert got.json()["data"] == created
    listed = client.get(ROOT, headers=CL).json()
    assert [item["id"] for item in listed["data"]] == [webhook_id]
    assert listed["meta"] == {"record_count": 1, "page_count": 1}

    def patch(attributes: dict[str, Any]) -> dict[str, Any]:
        response = client.patch(f"{ROOT}/{webhook_id}", content=cl_document(attributes, webhook_id), headers=CL)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == MEDIA_TYPE
        updated: dict[str, Any] = response.json()["data"]["attributes"]
        return updated

    disabled = patch({"_disable": True})
    assert disabled["disabled_at"] is not None
    assert disabled["disabled_at"].endswith("Z")
    assert patch({"_enable": True})["disabled_at"] is None
    moved = patch({"callback_url": "https://hooks.example.com/v2", "name": "orders"})
    assert (moved["callback_url"], moved["name"], moved["topic"]) == (
        "https://hooks.example.com/v2",
        "orders",
        "orders.place",
    )
    assert moved["shared_secret"] == attributes["shared_secret"]
    assert state.records("commercelayer")[0]["attributes"]["callback_url"] == "https://hooks.example.com/v2"

    deleted = client.delete(f"{ROOT}/{webhook_id}", headers=CL)
    assert (deleted.status_code, deleted.content) == (204, b"")
    missing = client.get(f"{ROOT}/{webhook_id}", headers=CL)
    assert missing.status_code == 404
    assert missing.json()["errors"][0]["code"] == "RECORD_NOT_FOUND"
    assert missing.json()["errors"][0]["status"] == "404"
    assert client.delete(f"{ROOT}/{webhook_id}", headers=CL).status_code == 404
    assert state.records("commercelayer") == []


def test_pagination_filters_and_sort(client: TestClient) -> None:
    ids = [
        create(
            client,
            name=f"hook-{index:02d}",
            reference=f"ref-{index:02d}",
            topic="orders.place" if index % 2 else "orders.cancel",
        )["id"]
        for index in range(12)
    ]

    first = client.get(ROOT, params={"page[size]": "5"}, headers=CL).json()
    assert first["meta"] == {"record_count": 12, "page_count": 3}
    assert first["links"]["prev"] is None
    assert first["links"]["first"] == "http://testserver/commercelayer/api/webhooks?page%5Bnumber%5D=1&page%5Bsize%5D=5"
    assert first["links"]["last"].endswith("page%5Bnumber%5D=3&page%5Bsize%5D=5")
    seen: list[str] = []
    page = first
    while True:
        seen.extend(item["id"] for item in page["data"])
        if page["links"]["next"] is None:
            break
        page = client.get(page["links"]["next"], headers=CL).json()
    assert seen == ids
    assert page["links"]["prev"].endswith("page%5Bnumber%5D=2&page%5Bsize%5D=5")

    default = client.get(ROOT, headers=CL).json()
    assert len(default["data"]) == 10
    assert default["meta"]["page_count"] == 2

    cancels = client.get(ROOT, params={"filter[q][topic_eq]": "orders.cancel", "sort": "-reference"}, headers=CL).json()
    assert [item["attributes"]["name"] for item in cancels["data"]] == [f"hook-{i:02d}" for i in (10, 8, 6, 4, 2, 0)]
    assert "filter%5Bq%5D%5Btopic_eq%5D=orders.cancel" in cancels["links"]["first"]
    by_url = client.get(ROOT, params={"filter[q][name_eq]": "hook-03"}, headers=CL).json()
    assert [item["id"] for item in by_url["data"]] == [ids[3]]

    too_big = client.get(ROOT, params={"page[size]": "26"}, headers=CL)
    assert too_big.status_code == 400
    assert too_big.json()["errors"][0]["status"] == "400"
    assert client.get(ROOT, params={"page[number]": "0"}, headers=CL).status_code == 400
    assert client.get(ROOT, params={"sort": "colour"}, headers=CL).status_code == 400
    assert client.get(ROOT, params={"filter[q][colour_eq]": "red"}, headers=CL).status_code == 400


def test_sort_and_filter_only_on_what_the_vendor_allows(client: TestClient) -> None:
    """Sortable and filterable attributes as the vendor SDK's resources.json marks them: `name`, `topic` and
    `callback_url` do not sort; `callback_url` and `shared_secret` do not filter (an unknown filter, 400)."""
    made = create(client, name="only", reference="r-1")
    for sortable in ("id", "-disabled_at", "circuit_state", "circuit_failure_count", "created_at", "-updated_at"):
        assert client.get(ROOT, params={"sort": sortable}, headers=CL).status_code == 200, sortable
    assert client.get(ROOT, params={"sort": "reference,-reference_origin"}, headers=CL).status_code == 200
    for unsortable in ("name", "-name", "topic", "callback_url", "created_at,name"):
        refused = client.get(ROOT, params={"sort": unsortable}, headers=CL)
        assert refused.status_code == 400, unsortable
        error = refused.json()["errors"][0]
        assert (error["status"], error["code"]) == ("400", "BAD_REQUEST")
        assert "sort" in error["detail"]

    url = made["attributes"]["callback_url"]
    for unfilterable in ("callback_url_eq", "callback_url_cont", "shared_secret_eq", "include_resources_eq"):
        refused = client.get(ROOT, params={f"filter[q][{unfilterable}]": url}, headers=CL)
        assert refused.status_code == 400, unfilterable
        assert "is not allowed" in refused.json()["errors"][0]["detail"]
    for filterable, value in (("name_eq", "only"), ("topic_eq", "orders.place"), ("reference_eq", "r-1")):
        found = client.get(ROOT, params={f"filter[q][{filterable}]": value}, headers=CL).json()["data"]
        assert [item["id"] for item in found] == [made["id"]], filterable


def test_a_name_is_unique(client: TestClient, state: SandboxState) -> None:
    """ "Unique name for the webhook" (the vendor SDK): a name another webhook has is a 422 on the name."""
    first = create(client, name="orders")
    taken = client.post(
        ROOT,
        content=cl_document({"topic": "orders.cancel", "callback_url": "https://x.example", "name": "orders"}),
        headers=CL,
    )
    assert taken.status_code == 422
    assert taken.headers["content-type"] == MEDIA_TYPE
    assert taken.json()["errors"] == [
        {
            "title": "has already been taken",
            "detail": "name - has already been taken",
            "code": "VALIDATION_ERROR",
            "status": "422",
            "source": {"pointer": "/data/attributes/name"},
            "meta": {"error": "taken"},
        }
    ]
    assert len(state.records("commercelayer")) == 1

    # Unnamed webhooks get the vendor's default, "Webhook {id}": never a clash.
    unnamed = [create(client), create(client)]
    assert [w["attributes"]["name"] for w in unnamed] == [f"Webhook {w['id']}" for w in unnamed]

    # Renaming onto another's name is refused too; keeping one's own name is not a clash.
    other = unnamed[0]["id"]
    renamed = client.patch(f"{ROOT}/{other}", content=cl_document({"name": "orders"}, other), headers=CL)
    assert renamed.status_code == 422
    assert renamed.json()["errors"][0]["source"] == {"pointer": "/data/attributes/name"}
    again = client.patch(f"{ROOT}/{first['id']}", content=cl_document({"name": "orders"}, first["id"]), headers=CL)
    assert again.status_code == 200
    # Once freed, the name can be taken.
    assert client.delete(f"{ROOT}/{first['id']}", headers=CL).status_code == 204
    create(client, name="orders")


def test_validation_errors(client: TestClient, state: SandboxState) -> None:
    no_url = client.post(ROOT, content=cl_document({"topic": "orders.place"}), headers=CL)
    assert no_url.status_code == 422
    assert no_url.headers["content-type"] == MEDIA_TYPE
    error = no_url.json()["errors"][0]
    assert error["code"] == "VALIDATION_ERROR"
    assert error["status"] == "422"
    assert error["source"] == {"pointer": "/data/attributes/callback_url"}
    blank_topic = client.post(
        ROOT, content=cl_document({"topic": " ", "callback_url": "https://x.example"}), headers=CL
    )
    assert blank_topic.json()["errors"][0]["source"]["pointer"] == "/data/attributes/topic"
    assert state.records("commercelayer") == []

    webhook_id = create(client)["id"]
    mismatch = client.patch(f"{ROOT}/{webhook_id}", content=cl_document({"name": "x"}, "otherid123"), headers=CL)
    assert mismatch.status_code == 400
    assert mismatch.json()["errors"][0]["source"] == {"pointer": "/data/id"}
    wrong_type = client.patch(
        f"{ROOT}/{webhook_id}",
        content=json.dumps({"data": {"type": "orders", "id": webhook_id, "attributes": {}}}),
        headers=CL,
    )
    assert wrong_type.status_code == 400
    assert wrong_type.json()["errors"][0]["source"] == {"pointer": "/data/type"}
    unknown = client.patch(f"{ROOT}/nothere000", content=cl_document({"name": "x"}, "nothere000"), headers=CL)
    assert unknown.status_code == 404


def test_auth_and_media_types(client: TestClient, state: SandboxState) -> None:
    no_token = client.get(ROOT, headers={"Accept": MEDIA_TYPE})
    assert no_token.status_code == 401
    assert no_token.headers["content-type"] == MEDIA_TYPE
    assert no_token.json()["errors"][0] | {"detail": None} == {
        "title": "Unauthorized",
        "detail": None,
        "code": "INVALID_TOKEN",
        "status": "401",
    }
    basic = client.get(ROOT, headers={"Authorization": "Basic abc", "Accept": MEDIA_TYPE})
    assert basic.status_code == 401

    any_accept = client.get(ROOT, headers={"Authorization": "Bearer t", "Accept": "*/*"})
    assert any_accept.status_code == 406
    plain_json = client.post(
        ROOT,
        content=cl_document({"topic": "orders.place", "callback_url": "https://x.example"}),
        headers={**CL, "Content-Type": "application/json"},
    )
    assert plain_json.status_code == 415
    assert plain_json.json()["errors"][0]["status"] == "415"
    assert state.records("commercelayer") == []


# --- the facade against the stand-in: unique names ----------------------------------------------------------------


def _hub(client: TestClient) -> unihook.Client:
    return unihook.Client(
        commercelayer_access_token="cl-token",
        base_urls={"commercelayer": "http://testserver/commercelayer"},
        http_client=client,
        max_retries=0,
    )


def test_create_many_names_each_webhook_and_a_real_duplicate_is_a_name_error(client: TestClient) -> None:
    with _hub(client) as hub:
        subs = hub.create_many(
            "commercelayer", url="https://hooks.example.com/cl", events=["orders.place", "orders.cancel"], name="Orders"
        )
        assert [s.name for s in subs] == ["Orders orders.place", "Orders orders.cancel"]
        one = hub.create_many("commercelayer", url="https://hooks.example.com/cl", events=["orders.approve"], name="A")
        assert [s.name for s in one] == ["A"]

        with pytest.raises(unihook.ValidationError) as caught:
            hub.create("commercelayer", url="https://other.example.com", events=["orders.place"], name="A")
        assert caught.value.status_code == 422
        assert caught.value.field_errors == {"name": ["name - has already been taken"]}

        # The same batch again: its first name is taken, so nothing is made and nothing is left behind.
        with pytest.raises(unihook.ValidationError) as again:
            hub.create_many(
                "commercelayer",
                url="https://hooks.example.com/cl",
                events=["orders.place", "orders.cancel"],
                name="Orders",
            )
        assert again.value.field_errors == {"name": ["name - has already been taken"]}
        assert sorted(s.name or "" for s in hub.list("commercelayer")) == [
            "A",
            "Orders orders.cancel",
            "Orders orders.place",
        ]


def test_apply_a_named_entry_with_several_topics(client: TestClient) -> None:
    from unihook._plan import apply_plan, make_plan, parse_plan

    plan_file = parse_plan(
        "subscriptions:\n"
        "  - {vendor: commercelayer, url: 'https://hooks.example.com/p', events: [orders.place, orders.cancel],"
        " name: Orders}\n"
    )
    with _hub(client) as hub:
        applied = apply_plan(hub, make_plan(hub, plan_file))
        assert [(a.change.action, a.change.name) for a in applied] == [
            ("create", "Orders orders.place"),
            ("create", "Orders orders.cancel"),
        ]
        assert sorted((s.events, s.name) for s in hub.list("commercelayer")) == [
            (("orders.cancel",), "Orders orders.cancel"),
            (("orders.place",), "Orders orders.place"),
        ]
        again = make_plan(hub, plan_file)
        assert (again.changes, again.unchanged) == ((), 2)  # in sync: the names it gave are the file's
