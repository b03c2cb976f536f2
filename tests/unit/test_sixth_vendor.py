"""Adding a vendor is one spec, one vendor file and one registry line: a made-up sixth vendor (Acme) whose client
is generated from its spec, registered from its one file, then used through every layer that reads the
registry (client, configuration, errors, CLI) without any of them naming it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import unihook
from unihook import _vendors

HERE = Path(__file__).resolve().parent / "sixth_vendor"
ROOT = HERE.parents[2]

pytestmark = pytest.mark.slow  # generates a client package in a subprocess


@pytest.fixture(scope="module")
def acme_client_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """acme_client generated from the spec alone, as `make generate` does for the five real vendors."""
    out = tmp_path_factory.mktemp("acme") / "acme_client"
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(HERE / "openapi.yaml"),
            "--config",
            str(HERE / "codegen.yaml"),
            "--meta",
            "none",
            "--output-path",
            str(out),
            "--fail-on-warning",
        ],
        check=True,
        capture_output=True,
    )
    return out.parent


@pytest.fixture
def acme(acme_client_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.syspath_prepend(str(acme_client_path))
    _vendors.register("acme", "tests.unit.sixth_vendor.acme")  # the one registry line
    try:
        yield
    finally:
        _vendors.unregister("acme")
        for name in [m for m in sys.modules if m == "acme_client" or m.startswith("acme_client.")]:
            del sys.modules[name]


class AcmeApi:
    """A fake Acme: hooks in memory, two to a page, Bearer auth required."""

    def __init__(self) -> None:
        self.hooks: dict[str, dict[str, object]] = {}
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.headers.get("authorization") != "Bearer acme-key":
            return httpx.Response(401, json={"message": "no key"})
        path = request.url.path.removeprefix("/v1")
        if path == "/hooks" and request.method == "POST":
            hook = {"id": f"h{len(self.hooks) + 1}", "enabled": True, **json.loads(request.content)}
            self.hooks[hook["id"]] = hook
            return httpx.Response(201, json=hook)
        if path == "/hooks":
            page = int(request.url.params.get("page", "1"))
            hooks = list(self.hooks.values())
            return httpx.Response(
                200, json={"items": hooks[(page - 1) * 2 : page * 2], "has_more": page * 2 < len(hooks)}
            )
        hook_id = path.removeprefix("/hooks/")
        if hook_id not in self.hooks:
            return httpx.Response(404, json={"message": f"no hook {hook_id}"})
        if request.method == "PATCH":
            self.hooks[hook_id].update(json.loads(request.content))
        elif request.method == "DELETE":
            del self.hooks[hook_id]
            return httpx.Response(204)
        return httpx.Response(200, json=self.hooks[hook_id])


@pytest.mark.usefixtures("acme")
def test_a_registered_vendor_works_through_the_client() -> None:
    api = AcmeApi()
    with unihook.Client(acme_api_key="acme-key", http_client=httpx.Client(transport=httpx.MockTransport(api))) as hub:
        made = [
            hub.create("acme", url=f"https://example.com/{i}", events=["order.paid", "order.sent"]) for i in range(3)
        ]
        assert [s.id for s in made] == ["h1", "h2", "h3"]
        assert made[0].events == ("order.paid", "order.sent")
        assert [s.id for s in hub.list("acme")] == ["h1", "h2", "h3"]  # two pages
        assert hub.disable("acme", "h2").active is False
        assert hub.update("acme", "h2", url="https://example.com/moved").url == "https://example.com/moved"
        hub.delete("acme", "h1")
        with pytest.raises(unihook.NotFoundError, match="no hook h1"):
            hub.get("acme", "h1")
        assert type(hub.get("acme", "h3").vendor_model).__module__.startswith("acme_client.")
    assert [(r.method, r.url.path) for r in api.requests][:2] == [("POST", "/v1/hooks")] * 2
    assert {r.url.host for r in api.requests} == {"api.acme.test"}


@pytest.mark.usefixtures("acme")
def test_a_registered_vendor_reads_its_environment_and_capabilities(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACME_API_KEY", raising=False)
    hub = unihook.Client()
    assert hub.configured("acme") is False
    with pytest.raises(unihook.InvalidRequest, match="ACME_API_KEY"):
        hub.get("acme", "h1")
    monkeypatch.setenv("ACME_API_KEY", "acme-key")
    assert unihook.Client().configured("acme") is True
    assert unihook.Client.supports("acme", "disable") is True
    assert "acme" in hub.vendors
    with pytest.raises(unihook.InvalidRequest, match="did you mean 'acme_api_key'"):
        unihook.Client(acme_api_kee="x").get("acme", "h1")


@pytest.mark.usefixtures("acme")
def test_a_registered_vendor_shows_in_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    from unihook._cli import run

    assert run(["vendors", "--json"]) == 0
    rows = {row["vendor"]: row for row in json.loads(capsys.readouterr().out)["data"]["vendors"]}
    assert rows["acme"]["environment"] == ["ACME_API_KEY"]
    assert rows["acme"]["operations"]["delete"]["supported"] is True


def test_unknown_vendor_suggests_the_nearest_key() -> None:
    with pytest.raises(unihook.InvalidRequest, match="did you mean 'commercelayer'"):
        unihook.Client().get("commercelayr", "x")
