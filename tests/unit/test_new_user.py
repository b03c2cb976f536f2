"""What a new user meets in the library (issue "As a new user finds it"): the environment is read without
from_env(), vendor keys are typed, vendor models keep no secret in their repr, errors carry the exchange and say
which call failed, and every call takes its own timeout and retries; list takes a limit and a page size."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest

import unihook

from .conftest import PC_RESPONSE_SECRET, json_response, list_body, ok, resource

ROOT = Path(__file__).resolve().parents[2]


def test_client_reads_credentials_from_the_environment_without_from_env(clean_env) -> None:
    clean_env.setenv("FLXPOINT_API_TOKEN", "env-token")
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return ok("flxpoint", request)

    with unihook.Client(http_client=httpx.Client(transport=httpx.MockTransport(handler)), rate_limit=False) as hub:
        list(hub.list("flxpoint"))
    assert seen[0].headers["x-api-token"] == "env-token"


# --- types ---------------------------------------------------------------------------------------------------

USER_SCRIPT = """
import unihook

def main(hub: unihook.Client) -> None:
    sub = hub.get({key!r}, "42")
    model = sub.vendor_model
    print(model.to_dict(), sub.vendor)
"""


def _mypy(tmp_path: Path, key: str) -> subprocess.CompletedProcess[str]:
    script = tmp_path / "user_script.py"
    script.write_text(textwrap.dedent(USER_SCRIPT.format(key=key)))
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file", "/dev/null", str(script)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={"MYPYPATH": ":".join(str(ROOT / p) for p in ("src", *(f"generated/{v}" for v in unihook.VENDORS)))},
    )


@pytest.mark.slow
def test_a_misspelt_vendor_key_fails_strict_type_checking(tmp_path: Path) -> None:
    typo = _mypy(tmp_path, "commercelayr")
    assert typo.returncode == 1, typo.stdout
    assert "commercelayr" in typo.stdout
    assert "incompatible type \"Literal['commercelayr']\"" in typo.stdout
    right = _mypy(tmp_path, "commercelayer")
    assert right.returncode == 0, right.stdout  # and vendor_model.to_dict() type-checks


def test_a_misspelt_vendor_key_suggests_the_nearest_one_at_run_time() -> None:
    with pytest.raises(unihook.InvalidRequest, match="did you mean 'shipping_channels'"):
        unihook.Client().get("shipping_channel", "1")  # type: ignore[arg-type]


@pytest.mark.parametrize("vendor", ["packcloud", "commercelayer"])
def test_the_vendor_model_keeps_no_secret_in_its_repr(make_client, vendor: str) -> None:
    sub = make_client(lambda r: ok(vendor, r)).get(vendor, {"packcloud": "p1", "commercelayer": "wh1"}[vendor])
    assert sub.secret is not None
    assert sub.secret not in repr(sub.vendor_model)
    assert sub.secret not in repr(sub) + str(sub)
    if vendor == "packcloud":
        assert sub.secret == PC_RESPONSE_SECRET


# --- errors ----------------------------------------------------------------------------------------------------


def test_an_api_error_carries_the_exchange_and_names_the_call(make_client) -> None:
    hub = make_client(lambda r: json_response(404, {"message": "no such configuration"}))
    with pytest.raises(unihook.NotFoundError) as caught:
        hub.get("flxpoint", "4242")
    error = caught.value
    assert isinstance(error.request, httpx.Request)
    assert isinstance(error.response, httpx.Response)
    assert error.response.status_code == 404
    assert "GET /webhhok/configurations/4242" in str(error)


def test_a_transport_error_names_the_url_and_chains_its_cause(make_client) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(unihook.TransportError) as caught:
        make_client(handler, max_retries=0).get("blaze", "b1")
    error = caught.value
    assert isinstance(error.__cause__, httpx.ConnectError)
    assert "https://api.partners.blaze.me/api/v1/partner/webHooks/b1" in str(error)
    assert error.request is not None


# --- per-call options -------------------------------------------------------------------------------------------


def test_a_call_takes_its_own_timeout(make_client) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return ok("shipping_channels", request)

    hub = make_client(handler)
    hub.get("shipping_channels", "wh_1", timeout=2.5)
    hub.get("shipping_channels", "wh_1")
    assert seen[0].extensions["timeout"] == httpx.Timeout(2.5).as_dict()
    assert seen[1].extensions["timeout"] == httpx.Timeout(30.0, connect=10.0).as_dict()


def test_a_call_takes_its_own_max_retries(make_client, waits) -> None:
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return json_response(503, {"error": "busy"})

    hub = make_client(handler, max_retries=3)
    with pytest.raises(unihook.ServerError):
        hub.get("packcloud", "p1", max_retries=1)
    assert len(calls) == 2
    with pytest.raises(unihook.InvalidRequest, match="max_retries"):
        hub.get("packcloud", "p1", max_retries=-1)


def test_list_stops_at_its_limit_without_asking_for_more_pages(make_client) -> None:
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        page = int(request.url.params["page"])
        items = [resource("shipping_channels", id=f"wh_{page}_{i}") for i in range(3)]
        return json_response(200, list_body("shipping_channels", items, page=page, pages=5))

    hub = make_client(handler)
    assert [s.id for s in hub.list("shipping_channels", limit=4)] == ["wh_1_0", "wh_1_1", "wh_1_2", "wh_2_0"]
    assert len(asked) == 2


def test_list_asks_for_the_page_size_given(make_client) -> None:
    asked: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        return ok("commercelayer", request)

    hub = make_client(handler)
    list(hub.list("commercelayer", page_size=5))
    assert asked[0].url.params["page[size]"] == "5"
    with pytest.raises(unihook.InvalidRequest, match="from 1 to 25"):
        hub.list("commercelayer", page_size=26)
    with pytest.raises(unihook.InvalidRequest, match="takes no page size"):
        hub.list("flxpoint", page_size=10)
    with pytest.raises(unihook.InvalidRequest, match="limit"):
        hub.list("blaze", limit=0)


async def _async_list(vendor: str) -> list[str]:
    def handler(request: httpx.Request) -> httpx.Response:
        return ok(vendor, request)

    async with unihook.AsyncClient(
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        rate_limit=False,
        shipping_channels_api_key="k",
    ) as hub:
        return [s.id async for s in hub.list("shipping_channels", limit=1, timeout=1.0)]


def test_the_async_client_takes_the_same_options() -> None:
    import asyncio

    assert asyncio.run(_async_list("shipping_channels")) == ["wh_1"]
