"""Which timeout a request carries, and that an injected client is never changed."""

from __future__ import annotations


def test_timeout_given_injected_or_default_and_the_injected_client_is_left_alone() -> None:
    import httpx

    import unihook

    seen: list[dict[str, float | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.extensions["timeout"])
        return httpx.Response(200, json={"data": []})

    for client_timeout, given, expected_read in ((None, None, 30.0), (7.0, None, 7.0), (7.0, 2.0, 2.0)):
        http = (
            httpx.Client(transport=httpx.MockTransport(handler))
            if client_timeout is None
            else httpx.Client(transport=httpx.MockTransport(handler), timeout=client_timeout)
        )
        before = http.timeout
        hub = unihook.Client(shipping_channels_api_key="k", http_client=http, timeout=given)
        list(hub.list("shipping_channels"))
        assert seen[-1]["read"] == expected_read
        assert http.timeout == before
