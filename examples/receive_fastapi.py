"""Receive Commerce Layer webhooks in a FastAPI app, each delivery verified with `unihook.webhooks.verify`.

Run: python examples/receive_fastapi.py          (a self-test: signed sample deliveries, in-process, no network)
     python examples/receive_fastapi.py --serve  (uvicorn on 127.0.0.1:8000; PORT changes the port)

The webhook's shared_secret (returned by `hub.create("commercelayer", ...)`, as `sub.secret`) comes from
COMMERCELAYER_WEBHOOK_SECRET; while rotating, give the new and the old one comma-separated. Two receivers are
shown: a route that calls `verify` itself (POST /hooks/commercelayer), and unihook's ready ASGI `Receiver`
mounted as a sub-application (POST /receiver/). Both answer 401 to a delivery that fails verification.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import os
import sys

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

import unihook
from unihook import webhooks

SAMPLE_SECRET = "1c0994cc4e996e8c6ee56a2198f66f3c"  # noqa: S105 - a sample, for the self-test


def handle(delivery: webhooks.Delivery) -> None:
    """Your code: runs only for verified deliveries. Deliveries can repeat: key your work on the resource."""
    print(f"handled {delivery.event} for {delivery.resource_id}: {delivery!r}")


async def read_body(request: Request, limit: int = webhooks.MAX_BODY) -> bytes | None:
    """The raw body, or None once it is over `limit` (the rest is not read)."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            return None
    return bytes(body)


def create_app(secrets: list[str]) -> FastAPI:
    app = FastAPI()

    @app.post("/hooks/commercelayer")
    async def commercelayer_webhook(request: Request) -> JSONResponse:
        body = await read_body(request)
        if body is None:
            return JSONResponse({"ok": False, "error": "body too large"}, status_code=413)
        try:
            delivery = webhooks.verify("commercelayer", body, request.headers, secrets)
        except unihook.SignatureError as exc:
            return JSONResponse({"ok": False, "error": str(exc)}, status_code=401)
        except unihook.InvalidRequest as exc:  # signed, but not JSON
            return JSONResponse({"ok": False, "error": str(exc)}, status_code=400)
        handle(delivery)
        return JSONResponse({"ok": True})

    # The same, ready-made: verification, limits and answers included (handlers may also be async).
    app.mount("/receiver", webhooks.Receiver("commercelayer", secrets, handle))
    return app


async def self_test(secrets: list[str]) -> None:
    """What Commerce Layer sends: the JSON:API document of the resource, signed with the shared_secret; posted
    to the app in-process (httpx's ASGI transport), as a server would hand it over."""
    body = json.dumps({"data": {"id": "xYZkjABcde", "type": "orders", "attributes": {"status": "placed"}}}).encode()
    signature = base64.b64encode(hmac.new(secrets[0].encode(), body, hashlib.sha256).digest()).decode()
    headers = {
        "Content-Type": "application/vnd.api+json",
        "X-CommerceLayer-Signature": signature,
        "X-CommerceLayer-Topic": "orders.place",
    }
    transport = httpx.ASGITransport(app=create_app(secrets))
    async with httpx.AsyncClient(transport=transport, base_url="http://receiver.test") as client:
        for path in ("/hooks/commercelayer", "/receiver/"):
            signed = await client.post(path, content=body, headers=headers)
            print(f"POST {path} signed:   {signed.status_code} {signed.json()}")
            tampered = await client.post(path, content=body.replace(b"placed", b"refunded"), headers=headers)
            print(f"POST {path} tampered: {tampered.status_code} {tampered.json()}")
            assert (signed.status_code, tampered.status_code) == (200, 401)


def main() -> None:
    secrets = [s.strip() for s in os.environ.get("COMMERCELAYER_WEBHOOK_SECRET", "").split(",") if s.strip()]
    if "--serve" in sys.argv[1:]:
        if not secrets:
            sys.exit("set COMMERCELAYER_WEBHOOK_SECRET to the webhook's shared_secret first")
        import uvicorn

        uvicorn.run(create_app(secrets), host="127.0.0.1", port=int(os.environ.get("PORT", "8000")))
        return
    if not secrets:
        print("COMMERCELAYER_WEBHOOK_SECRET is not set: the self-test signs with a sample secret")
    asyncio.run(self_test(secrets or [SAMPLE_SECRET]))


if __name__ == "__main__":
    main()
