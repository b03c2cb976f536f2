"""Receive Commerce Layer webhooks in a Flask app, each delivery verified with `unihook.webhooks.verify`.

Run: python examples/receive_flask.py          (a self-test: signed sample deliveries, in-process, no network)
     python examples/receive_flask.py --serve  (Flask's development server on 127.0.0.1:8000; PORT changes the
                                                port; in production, serve `app` with a WSGI server)

The webhook's shared_secret (returned by `hub.create("commercelayer", ...)`, as `sub.secret`) comes from
COMMERCELAYER_WEBHOOK_SECRET; while rotating, give the new and the old one comma-separated.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import sys

from flask import Flask, Response, jsonify, request

import unihook
from unihook import webhooks

SAMPLE_SECRET = "1c0994cc4e996e8c6ee56a2198f66f3c"  # noqa: S105 - a sample, for the self-test


def handle(delivery: webhooks.Delivery) -> None:
    """Your code: runs only for verified deliveries. Deliveries can repeat: key your work on the resource."""
    print(f"handled {delivery.event} for {delivery.resource_id}: {delivery!r}")


def create_app(secrets: list[str]) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = webhooks.MAX_BODY  # Flask answers 413 past it

    @app.post("/hooks/commercelayer")
    def commercelayer_webhook() -> tuple[Response, int]:
        body = request.get_data(cache=False)  # the raw bytes, exactly as received: verify before parsing
        try:
            delivery = webhooks.verify("commercelayer", body, request.headers, secrets)
        except unihook.SignatureError as exc:
            return jsonify(ok=False, error=str(exc)), 401
        except unihook.InvalidRequest as exc:  # signed, but not JSON
            return jsonify(ok=False, error=str(exc)), 400
        handle(delivery)
        return jsonify(ok=True), 200

    return app


def self_test(secrets: list[str]) -> None:
    """What Commerce Layer sends: the JSON:API document of the resource, signed with the shared_secret."""
    body = json.dumps({"data": {"id": "xYZkjABcde", "type": "orders", "attributes": {"status": "placed"}}}).encode()
    signature = base64.b64encode(hmac.new(secrets[0].encode(), body, hashlib.sha256).digest()).decode()
    headers = {
        "Content-Type": "application/vnd.api+json",
        "X-CommerceLayer-Signature": signature,
        "X-CommerceLayer-Topic": "orders.place",
    }
    client = create_app(secrets).test_client()
    signed = client.post("/hooks/commercelayer", data=body, headers=headers)
    print(f"POST /hooks/commercelayer signed:   {signed.status_code} {signed.get_json()}")
    tampered = client.post("/hooks/commercelayer", data=body.replace(b"placed", b"refunded"), headers=headers)
    print(f"POST /hooks/commercelayer tampered: {tampered.status_code} {tampered.get_json()}")
    assert (signed.status_code, tampered.status_code) == (200, 401)


def main() -> None:
    secrets = [s.strip() for s in os.environ.get("COMMERCELAYER_WEBHOOK_SECRET", "").split(",") if s.strip()]
    if "--serve" in sys.argv[1:]:
        if not secrets:
            sys.exit("set COMMERCELAYER_WEBHOOK_SECRET to the webhook's shared_secret first")
        create_app(secrets).run(host="127.0.0.1", port=int(os.environ.get("PORT", "8000")))
        return
    if not secrets:
        print("COMMERCELAYER_WEBHOOK_SECRET is not set: the self-test signs with a sample secret")
    self_test(secrets or [SAMPLE_SECRET])


if __name__ == "__main__":
    main()
