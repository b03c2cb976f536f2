"""Receiving webhooks: verify each delivery a vendor sends, with the secret of its subscription.

    from unihook import webhooks

    delivery = webhooks.verify("commercelayer", raw_body, request_headers, secret)  # or [new, old] while rotating
    delivery.event, delivery.resource_id, delivery.data

`verify` is framework-free (pass the raw body bytes and the headers of any framework's request); `Receiver` is a
ready ASGI app around it (serve it with uvicorn, or mount it in FastAPI/Starlette). Only the standard library is
used: `import unihook.webhooks` loads no web framework.

Which vendors can be verified is each vendor's declaration (`VendorSpec.signing`): only a documented scheme is
checked, and nothing is ever accepted unverified. A vendor that signs by an undocumented scheme, or documents no
signing at all, raises `UnsupportedOperation` saying what to do instead.

Decisions:

* `SignatureError` (answer 401) for everything that fails to prove the sender: a missing, empty, over-long or
  non-base64 signature header, a repeated one, no matching secret (wrong secret, or a changed body), and no usable
  secret (an empty string, an empty list, or an empty entry in the list: an empty key is one anyone can sign with).
* `InvalidRequest` (answer 400, or 413) for what is refused without judging the sender: a body over `max_body`
  (1 MiB by default; never fed to an HMAC), a body given as text instead of bytes, and a body that is validly signed
  but not JSON (the vendor sent it; a SignatureError would wrongly suggest a bad secret).
* Header values read are bounded (`MAX_HEADER` characters). The signature covers the body only: the event header
  (`Delivery.event`) and the time of delivery are not signed, so a captured delivery can be replayed; make
  handlers idempotent (key on the resource id and its state) and trust the body over the event header.
"""

from __future__ import annotations

from ._receiver import Handler, Receiver
from ._verify import MAX_BODY, MAX_HEADER, Delivery, Headers, HeadersLike, can_verify, event_of, verify

__all__ = [
    "MAX_BODY",
    "MAX_HEADER",
    "Delivery",
    "Handler",
    "Headers",
    "HeadersLike",
    "Receiver",
    "can_verify",
    "event_of",
    "verify",
]
