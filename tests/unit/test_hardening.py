"""Issue 10's defects, each pinned: credentials never leave for another origin (list links, redirects), ids
that would climb out of a path are refused, secrets stay out of error bodies, and a failed create_many leaves
nothing active behind, saying so on the error."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

import unihook

from .conftest import PC_ORG, json_response, resource

pytestmark = pytest.mark.usefixtures("waits")


def test_a_list_link_to_another_origin_is_not_followed(make_client) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        page = {"data": [resource("packcloud")], "next": "https://evil.example.net/collect?p=2", "per_page": 1}
        return json_response(200, page)

    hub = make_client(handler)
    with pytest.raises(unihook.ServerError, match=r"evil\.example\.net.*not followed"):
        list(hub.list("packcloud"))
    assert [r.url.host for r in sent] == ["api.pack.cloud"]


def test_a_list_link_on_the_vendors_own_origin_is_followed(make_client) -> None:
    pages = {
        "/v1/organizations/org1/webhooks": {"data": [resource("packcloud", id="p1")], "next": "?page=2"},
        "/v1/organizations/org1/webhooks?page=2": {"data": [resource("packcloud", id="p2")], "next": None},
    }

    def handler(request: httpx.Request) -> httpx.Response:
        key = request.url.raw_path.decode()
        return json_response(200, pages[key])

    assert [s.id for s in make_client(handler).list("packcloud")] == ["p1", "p2"]


@pytest.mark.parametrize("vendor", ["flxpoint", "blaze", "shipping_channels", "commercelayer", "packcloud"])
@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_redirect_is_never_followed_with_credentials(make_client, vendor: str, status: int) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(status, headers={"location": "https://evil.example.net/steal"})

    hub = make_client(handler)
    hub._http.follow_redirects = True  # the caller's client follows redirects: unihook must not
    with pytest.raises(unihook.ServerError, match=r"redirect to https://evil\.example\.net") as caught:
        hub.get(vendor, {"flxpoint": "42"}.get(vendor, "x1"))
    assert caught.value.status_code == status
    assert len(sent) == 1
    assert sent[0].url.host != "evil.example.net"


def test_an_injected_following_client_still_sends_no_credential_elsewhere() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.host == "api.flxpoint.com":
            return httpx.Response(307, headers={"location": "https://evil.example.net/x"})
        return json_response(200, resource("flxpoint"))

    http = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)
    hub = unihook.Client(flxpoint_api_token="tok-abc", http_client=http, rate_limit=False)
    with pytest.raises(unihook.ServerError):
        hub.get("flxpoint", "42")
    leaked = [r for r in sent if r.url.host == "evil.example.net"]
    assert leaked == []


@pytest.mark.parametrize("organization", ["..", "../x", "org/..", "org%2F..", ".", "org?x=1"])
def test_packcloud_organization_id_must_be_a_path_segment(make_client, organization: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"nothing may be sent, got {request.url}")

    hub = make_client(handler, packcloud_organization_id=organization)
    with pytest.raises(unihook.InvalidRequest, match="PACKCLOUD_ORGANIZATION_ID"):
        hub.get("packcloud", "p1")


def test_an_unreadable_success_body_keeps_no_secret(make_client) -> None:
    secret = "pc-plaintext-signing-secret-0123"
    truncated = json.dumps({"id": "p1", "endpoint": "https://e.com/h", "secret": secret, "enabled": True})[:-9]

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(201, content=truncated.encode(), headers={"content-type": "application/json"})

    hub = make_client(handler)
    with pytest.raises(unihook.ServerError) as caught:
        hub.create("packcloud", url="https://e.com/h", events=["order.created"], secret=secret)
    error = caught.value
    assert secret not in repr(error.body)
    assert secret not in str(error)
    assert '"secret": "***"' in str(error.body)
    assert error.may_exist is True  # a 201 came back: it was stored


def test_a_parsed_error_body_keeps_no_secret(make_client) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return json_response(500, {"error": "boom", "echo": {"secret": "sekret-in-an-error-body-12345"}})

    with pytest.raises(unihook.ServerError) as caught:
        make_client(handler).get("packcloud", "p1")
    assert "sekret-in-an-error-body-12345" not in repr(caught.value.body)


@pytest.mark.parametrize(
    ("answer", "may_exist"),
    [
        (lambda r: httpx.Response(201, content=b'{"id": "p9", "endp'), True),
        (lambda r: json_response(500, {"error": "boom"}), True),
        (lambda r: json_response(422, {"message": "bad"}), False),
        (lambda r: json_response(401, {"message": "who"}), False),
    ],
    ids=["unreadable-201", "500", "422", "401"],
)
def test_may_exist_says_whether_a_failed_create_may_have_been_stored(make_client, answer, may_exist) -> None:
    with pytest.raises(unihook.APIError) as caught:
        make_client(answer).create("packcloud", url="https://e.com/h", events=["order.created"], secret="s" * 12)
    assert caught.value.may_exist is may_exist


def test_a_create_dropped_after_sending_may_exist(make_client) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadError("connection dropped", request=request)

    with pytest.raises(unihook.TransportError) as caught:
        make_client(handler).create("shipping_channels", url="https://e.com/h", events=["shipment.created"])
    assert caught.value.may_exist is True


class PackcloudStore:
    """A fake Pack.cloud that stores creates; `fail_on` names an event whose create is stored but answered
    with an unreadable body (as a proxy truncating it would)."""

    def __init__(self, fail_on: str, listing_fails: bool = False) -> None:
        self.hooks: dict[str, dict[str, Any]] = {}
        self.fail_on = fail_on
        self.listing_fails = listing_fails

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        collection = f"/v1/organizations/{PC_ORG}/webhooks"
        if path == collection and request.method == "POST":
            body = json.loads(request.content)
            hook = {**body, "id": f"p{len(self.hooks) + 1}", "created_at": "2024-01-01T00:00:00Z"}
            hook["updated_at"] = hook["created_at"]
            self.hooks[hook["id"]] = hook
            if body["event_code"] == self.fail_on:
                return httpx.Response(201, content=json.dumps(hook).encode()[:-5])
            return json_response(201, hook)
        if path == collection:
            if self.listing_fails:
                return json_response(503, {"error": "down"})
            return json_response(200, {"data": list(self.hooks.values()), "next": None})
        hook_id = path.rsplit("/", 1)[-1]
        self.hooks[hook_id].update(json.loads(request.content))
        return json_response(200, self.hooks[hook_id])


def test_a_failed_create_many_leaves_nothing_active(make_client) -> None:
    api = PackcloudStore(fail_on="order.shipped")
    hub = make_client(api)
    with pytest.raises(unihook.ServerError) as caught:
        hub.create_many("packcloud", url="https://e.com/h", events=["order.created", "order.shipped"], secret="s" * 12)
    assert [(h["event_code"], h["enabled"]) for h in api.hooks.values()] == [
        ("order.created", False),
        ("order.shipped", False),  # the ambiguous one was found by url and event, and disabled too
    ]
    assert caught.value.may_exist is False
    assert any("found packcloud order.shipped" in note for note in caught.value.__notes__)


def test_a_failed_create_many_says_what_may_remain_when_it_cannot_look(make_client) -> None:
    api = PackcloudStore(fail_on="order.shipped", listing_fails=True)
    hub = make_client(api, max_retries=0)
    with pytest.raises(unihook.ServerError) as caught:
        hub.create_many("packcloud", url="https://e.com/h", events=["order.created", "order.shipped"], secret="s" * 12)
    assert caught.value.may_exist is True
    assert any("order.shipped at https://e.com/h" in n and "may remain" in n for n in caught.value.__notes__)
