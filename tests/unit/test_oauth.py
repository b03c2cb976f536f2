"""Commerce Layer's client-credentials grant: fetched once, reused, renewed early, renewed once on a 401, shared
by the clients of one coordination backend.

Every client gets its own `LocalCoordination` unless a test says otherwise: the process-wide default would hand a
token cached by one test to the next (they use the same credentials).
"""

from __future__ import annotations

import asyncio
import functools
from urllib.parse import parse_qs

import httpx
import pytest

import unihook
from unihook import _engine
from unihook._oauth import TokenSource

from .conftest import FakeClock, Script, VirtualTime, json_response, ok, unique

pytestmark = pytest.mark.usefixtures("waits")

BASE = "http://cl.test/commercelayer"
TOKEN_URL = f"{BASE}/oauth/token"
DEFAULT_TOKEN_URL = "https://auth.commercelayer.io/oauth/token"


class CommerceLayer:
    """Token endpoint + webhooks API. Tokens are tok-1, tok-2, ...; `rejected` tokens get a 401."""

    def __init__(self, expires_in: int | None = 7200, token_body: dict | None = None) -> None:
        self.expires_in = expires_in
        self.token_body = token_body
        self.issued = 0
        self.rejected: set[str] = set()
        self.token_requests: list[httpx.Request] = []
        self.api_requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth/token"):
            self.token_requests.append(request)
            if self.token_body is not None:
                return json_response(200, self.token_body)
            self.issued += 1
            body = {"access_token": f"tok-{self.issued}", "token_type": "bearer", "scope": "market:all"}
            if self.expires_in is not None:
                body["expires_in"] = self.expires_in
            return json_response(200, body)
        self.api_requests.append(request)
        auth = request.headers.get("authorization", "")
        if not auth.startswith("Bearer ") or auth.removeprefix("Bearer ") in self.rejected:
            return json_response(
                401, {"errors": [{"title": "Invalid token", "code": "INVALID_TOKEN", "status": "401"}]}
            )
        return ok("commercelayer", request)

    @property
    def api_tokens(self) -> list[str]:
        return [r.headers["authorization"] for r in self.api_requests]


def client(api: CommerceLayer, **kwargs) -> unihook.Client:
    options = {
        "commercelayer_client_id": "my-client-id",
        "commercelayer_client_secret": "my-client-secret",
        "base_urls": {"commercelayer": BASE},
    }
    options.update(kwargs)
    options.setdefault("coordination", unihook.LocalCoordination())
    return unihook.Client(http_client=httpx.Client(transport=httpx.MockTransport(api)), **options)


@pytest.fixture
def token_clock(clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The fake clock for a token's lifetime: give clients `coordination=LocalCoordination(clock=token_clock)`;
    each client's own copy of the token ages on it too."""
    monkeypatch.setattr(_engine, "TokenSource", functools.partial(TokenSource, clock=clock))
    return clock


def test_first_call_fetches_a_token_with_the_client_credentials_grant():
    api = CommerceLayer()
    hub = client(api)

    sub = hub.get("commercelayer", "wh1")

    assert sub.id == "wh1"
    assert len(api.token_requests) == 1
    token_request = api.token_requests[0]
    assert token_request.method == "POST"
    assert str(token_request.url) == TOKEN_URL
    assert token_request.headers["content-type"] == "application/x-www-form-urlencoded"
    form = parse_qs(token_request.content.decode())
    assert form == {
        "grant_type": ["client_credentials"],
        "client_id": ["my-client-id"],
        "client_secret": ["my-client-secret"],
    }
    assert api.api_tokens == ["Bearer tok-1"]
    assert str(api.api_requests[0].url) == f"{BASE}/api/webhooks/wh1"
    # The token request carries no API credential of its own.
    assert "authorization" not in token_request.headers


def test_token_url_without_override_is_the_central_auth_host():
    api = CommerceLayer()
    hub = client(api, base_urls=None, commercelayer_organization="acme")

    hub.get("commercelayer", "wh1")

    assert [str(r.url) for r in api.token_requests] == [DEFAULT_TOKEN_URL]
    assert [str(r.url) for r in api.api_requests] == ["https://acme.commercelayer.io/api/webhooks/wh1"]


def test_token_is_reused_across_calls():
    api = CommerceLayer(expires_in=7200)
    hub = client(api)

    hub.get("commercelayer", "wh1")
    list(hub.list("commercelayer"))
    hub.update("commercelayer", "wh1", name="renamed")
    hub.delete("commercelayer", "wh1")

    assert len(api.token_requests) == 1
    assert api.api_tokens == ["Bearer tok-1"] * 4


def test_token_without_expiry_is_reused():
    api = CommerceLayer(expires_in=None)
    hub = client(api)

    hub.get("commercelayer", "wh1")
    hub.get("commercelayer", "wh1")

    assert len(api.token_requests) == 1


@pytest.mark.parametrize(
    ("expires_in", "used_for"),
    [
        (7200, 7080),  # renewed 120 s before it expires
        (300, 180),
        (240, 120),  # 120 s is half its lifetime
        (200, 100),  # shorter: renewed half its lifetime early
        (60, 30),
        (1, 0.5),
    ],
)
def test_a_token_is_used_until_it_is_near_expiry(token_clock, expires_in, used_for):
    api = CommerceLayer(expires_in=expires_in)
    hub = client(api, coordination=unihook.LocalCoordination(clock=token_clock))

    hub.get("commercelayer", "wh1")
    token_clock.now += used_for - 0.01
    hub.get("commercelayer", "wh1")

    assert len(api.token_requests) == 1

    token_clock.now += 0.02
    hub.get("commercelayer", "wh1")
    hub.get("commercelayer", "wh1")

    assert len(api.token_requests) == 2
    assert api.api_tokens == ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2", "Bearer tok-2"]


def test_a_short_lived_token_is_not_fetched_for_every_call(token_clock):
    # 60 s tokens are inside the 120 s renewal margin: used for 30 s each, not renewed on every call.
    api = CommerceLayer(expires_in=60)
    hub = client(api, coordination=unihook.LocalCoordination(clock=token_clock))

    for _ in range(10):
        hub.get("commercelayer", "wh1")
        token_clock.now += 10.0  # 100 s in all: tok-1 for 0-20 s, tok-2 from 30 s, tok-3 from 60 s, tok-4 from 90 s

    assert len(api.token_requests) == 4
    assert api.api_tokens == ["Bearer tok-1"] * 3 + ["Bearer tok-2"] * 3 + ["Bearer tok-3"] * 3 + ["Bearer tok-4"]


def test_a_token_that_expires_at_once_is_fetched_for_each_call(token_clock):
    api = CommerceLayer(expires_in=0)
    hub = client(api, coordination=unihook.LocalCoordination(clock=token_clock))

    hub.get("commercelayer", "wh1")
    hub.get("commercelayer", "wh1")

    assert len(api.token_requests) == 2


def test_a_second_client_uses_the_shared_token_for_what_is_left_of_it(token_clock):
    # The second client does not get a fresh 30 s: the token it finds in the backend has 10 s of use left.
    api = CommerceLayer(expires_in=60)
    shared = unihook.LocalCoordination(clock=token_clock)
    first, second = client(api, coordination=shared), client(api, coordination=shared)

    first.get("commercelayer", "wh1")
    token_clock.now += 20.0
    second.get("commercelayer", "wh1")
    token_clock.now += 9.0
    second.get("commercelayer", "wh1")
    assert len(api.token_requests) == 1

    token_clock.now += 2.0  # 31 s after it was fetched
    second.get("commercelayer", "wh1")
    assert len(api.token_requests) == 2
    assert api.api_tokens == ["Bearer tok-1", "Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]


def test_401_with_a_cached_token_renews_once_and_retries():
    api = CommerceLayer()
    hub = client(api)
    hub.get("commercelayer", "wh1")
    api.rejected.add("tok-1")  # revoked on the vendor's side

    sub = hub.get("commercelayer", "wh1")

    assert sub.id == "wh1"
    assert len(api.token_requests) == 2
    assert api.api_tokens == ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]

    hub.get("commercelayer", "wh1")  # the renewed token is cached in turn
    assert len(api.token_requests) == 2
    assert api.api_tokens[-1] == "Bearer tok-2"


def test_a_second_401_after_renewal_is_raised():
    api = CommerceLayer()
    hub = client(api)
    hub.get("commercelayer", "wh1")
    api.rejected.update({"tok-1", "tok-2", "tok-3"})

    with pytest.raises(unihook.AuthenticationError) as info:
        hub.get("commercelayer", "wh1")

    assert info.value.status_code == 401
    assert len(api.token_requests) == 2  # exactly one renewal
    assert api.api_tokens == ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"]


def test_401_on_a_create_renews_once_and_posts_again():
    # a 401 means nothing was stored, so posting again cannot duplicate
    api = CommerceLayer()
    hub = client(api)
    hub.get("commercelayer", "wh1")
    api.rejected.add("tok-1")

    sub = hub.create("commercelayer", url="https://example.com/hook", events=["orders.place"])

    assert sub.id == "wh1"
    assert [r.method for r in api.api_requests] == ["GET", "POST", "POST"]
    assert len(api.token_requests) == 2


@pytest.mark.parametrize(
    "body",
    [
        {"token_type": "bearer", "expires_in": 7200},
        {"access_token": "", "token_type": "bearer"},
        {"access_token": None},
        {"access_token": 12345},
        {"error": "invalid_client"},
    ],
    ids=["missing", "empty", "null", "number", "error"],
)
def test_token_endpoint_without_access_token_is_an_authentication_error(body):
    api = CommerceLayer(token_body=body)
    hub = client(api)

    with pytest.raises(unihook.AuthenticationError) as info:
        hub.get("commercelayer", "wh1")

    assert info.value.vendor == "commercelayer"
    assert "access_token" in str(info.value)
    assert api.api_requests == []


@pytest.mark.parametrize(
    "answer", [json_response(200, [1, 2]), httpx.Response(200, content=b"<html>ok</html>")], ids=["json-list", "html"]
)
def test_token_endpoint_with_an_unreadable_body_is_an_authentication_error(answer):
    script = Script(answer)
    hub = client(script)  # type: ignore[arg-type]

    with pytest.raises(unihook.AuthenticationError):
        hub.get("commercelayer", "wh1")
    assert [str(r.url) for r in script.requests] == [TOKEN_URL]


def test_token_endpoint_401_is_an_authentication_error():
    script = Script(json_response(401, {"errors": [{"title": "invalid client", "status": "401"}]}))
    hub = client(script)  # type: ignore[arg-type]

    with pytest.raises(unihook.AuthenticationError) as info:
        hub.get("commercelayer", "wh1")

    assert info.value.status_code == 401
    assert [str(r.url) for r in script.requests] == [TOKEN_URL]


def test_token_endpoint_503_is_retried(waits):
    api = CommerceLayer()
    script = Script(json_response(503), api)
    hub = client(script)  # type: ignore[arg-type]

    hub.get("commercelayer", "wh1")

    assert [str(r.url) for r in script.requests] == [TOKEN_URL, TOKEN_URL, f"{BASE}/api/webhooks/wh1"]
    assert len(waits) == 1


def test_ready_access_token_makes_no_token_request():
    api = CommerceLayer()
    hub = client(api, commercelayer_access_token="ready-token")

    hub.get("commercelayer", "wh1")
    hub.get("commercelayer", "wh1")

    assert api.token_requests == []
    assert api.api_tokens == ["Bearer ready-token"] * 2


def test_ready_access_token_from_env_makes_no_token_request(clean_env):
    clean_env.setenv("COMMERCELAYER_ACCESS_TOKEN", "env-ready")
    clean_env.setenv("COMMERCELAYER_CLIENT_ID", "id")
    clean_env.setenv("COMMERCELAYER_CLIENT_SECRET", "secret")
    clean_env.setenv("UNIHOOK_COMMERCELAYER_BASE_URL", BASE)
    api = CommerceLayer()
    with unihook.Client.from_env(http_client=httpx.Client(transport=httpx.MockTransport(api))) as hub:
        hub.get("commercelayer", "wh1")

    assert api.token_requests == []
    assert api.api_tokens == ["Bearer env-ready"]


def test_client_credentials_from_env(clean_env):
    clean_env.setenv("COMMERCELAYER_CLIENT_ID", "env-id")
    clean_env.setenv("COMMERCELAYER_CLIENT_SECRET", "env-secret")
    clean_env.setenv("UNIHOOK_COMMERCELAYER_BASE_URL", BASE)
    api = CommerceLayer()
    http = httpx.Client(transport=httpx.MockTransport(api))
    # Its own token cache: the process-wide one may hold this credential's token from an earlier run.
    with unihook.Client.from_env(http_client=http, coordination=unihook.LocalCoordination()) as hub:
        hub.get("commercelayer", "wh1")

    assert parse_qs(api.token_requests[0].content.decode())["client_id"] == ["env-id"]
    assert parse_qs(api.token_requests[0].content.decode())["client_secret"] == ["env-secret"]
    assert api.api_tokens == ["Bearer tok-1"]


def test_ready_access_token_401_is_raised_without_renewal():
    api = CommerceLayer()
    api.rejected.add("ready-token")
    hub = client(api, commercelayer_access_token="ready-token")

    with pytest.raises(unihook.AuthenticationError):
        hub.get("commercelayer", "wh1")
    assert api.token_requests == []
    assert len(api.api_requests) == 1


def test_two_clients_on_one_coordination_share_one_token():
    api = CommerceLayer()
    shared = unihook.LocalCoordination()
    first, second = client(api, coordination=shared), client(api, coordination=shared)

    first.get("commercelayer", "wh1")
    second.get("commercelayer", "wh1")
    first.get("commercelayer", "wh1")

    assert len(api.token_requests) == 1
    assert api.api_tokens == ["Bearer tok-1"] * 3


def test_clients_with_different_credentials_do_not_share_a_token():
    api = CommerceLayer()
    shared = unihook.LocalCoordination()
    first = client(api, coordination=shared)
    other_id = client(api, coordination=shared, commercelayer_client_id=unique("other"))
    other_secret = client(api, coordination=shared, commercelayer_client_secret=unique("other"))
    other_host = client(api, coordination=shared, base_urls={"commercelayer": "http://cl2.test/commercelayer"})

    for hub in (first, other_id, other_secret, other_host):
        hub.get("commercelayer", "wh1")

    assert len(api.token_requests) == 4
    assert api.api_tokens == ["Bearer tok-1", "Bearer tok-2", "Bearer tok-3", "Bearer tok-4"]


def test_clients_on_separate_coordinations_do_not_share_a_token():
    api = CommerceLayer()
    first, second = client(api), client(api)  # each its own LocalCoordination

    first.get("commercelayer", "wh1")
    second.get("commercelayer", "wh1")

    assert len(api.token_requests) == 2
    assert api.api_tokens == ["Bearer tok-1", "Bearer tok-2"]


def test_clients_given_no_coordination_share_a_token_in_the_process(monkeypatch):
    monkeypatch.delenv("UNIHOOK_REDIS_URL", raising=False)
    api = CommerceLayer()
    client_id = unique("default")  # nobody else in the process has a token cached for it
    first = client(api, coordination=None, commercelayer_client_id=client_id)
    second = client(api, coordination=None, commercelayer_client_id=client_id)

    first.get("commercelayer", "wh1")
    second.get("commercelayer", "wh1")

    assert len(api.token_requests) == 1


def test_a_client_refused_its_copy_picks_up_the_token_another_client_renewed():
    # first renews after tok-1 is revoked; second, still holding tok-1, is refused once, must not throw tok-2
    # away, and uses it without a token request of its own.
    api = CommerceLayer()
    shared = unihook.LocalCoordination()
    first, second = client(api, coordination=shared), client(api, coordination=shared)
    first.get("commercelayer", "wh1")
    second.get("commercelayer", "wh1")
    api.rejected.add("tok-1")

    first.get("commercelayer", "wh1")
    second.get("commercelayer", "wh1")
    first.get("commercelayer", "wh1")

    assert len(api.token_requests) == 2
    assert api.api_tokens == ["Bearer tok-1"] * 2 + ["Bearer tok-1", "Bearer tok-2"] * 2 + ["Bearer tok-2"]


def test_a_failed_token_request_lets_the_next_call_fetch_one(clock):
    # The failed fetch gives up its claim: the next call does not wait out CLAIM_TTL for it.
    api = CommerceLayer()
    script = Script(json_response(400, {"error": "invalid_request"}), api)
    hub = client(script, coordination=unihook.LocalCoordination(clock=clock))  # type: ignore[arg-type]

    with pytest.raises(unihook.APIError):
        hub.get("commercelayer", "wh1")
    hub.get("commercelayer", "wh1")

    assert [str(r.url) for r in script.requests] == [TOKEN_URL, TOKEN_URL, f"{BASE}/api/webhooks/wh1"]
    assert clock.waits == []


def test_concurrent_first_calls_make_one_token_request(clock, monkeypatch):
    # 20 first calls at once on one AsyncClient: one fetches the token, the others wait for it.
    token_requests: list[httpx.Request] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth/token"):
            token_requests.append(request)
            await asyncio.sleep(0)  # the others run meanwhile, and find the fetch under way
            return json_response(200, {"access_token": "shared-tok", "token_type": "bearer", "expires_in": 7200})
        assert request.headers["authorization"] == "Bearer shared-tok"
        return ok("commercelayer", request)

    virtual = VirtualTime(clock)
    monkeypatch.setattr(_engine, "_async_sleep", virtual.sleep)
    hub = unihook.AsyncClient(
        commercelayer_client_id="my-client-id",
        commercelayer_client_secret="my-client-secret",
        base_urls={"commercelayer": BASE},
        coordination=unihook.LocalCoordination(clock=clock),
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    )

    async def main() -> list[unihook.Subscription]:
        async with hub:
            return await virtual.gather(*(hub.get("commercelayer", "wh1") for _ in range(20)))

    found = asyncio.run(main())

    assert len(found) == 20
    assert len(token_requests) == 1
    assert clock.waits  # the others did wait for it
