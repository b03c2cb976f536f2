"""Contains all the data models used in inputs/outputs"""

from .create_webhook_request import CreateWebhookRequest
from .update_webhook_request import UpdateWebhookRequest
from .webhook import Webhook
from .webhook_event_code_known import WebhookEventCodeKnown
from .webhook_list import WebhookList

__all__ = (
    "CreateWebhookRequest",
    "UpdateWebhookRequest",
    "Webhook",
    "WebhookEventCodeKnown",
    "WebhookList",
)
