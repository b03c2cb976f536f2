"""Contains all the data models used in inputs/outputs"""

from .create_webhook_configuration_request import CreateWebhookConfigurationRequest
from .update_webhook_configuration_request import UpdateWebhookConfigurationRequest
from .webhook_configuration import WebhookConfiguration
from .webhook_configuration_status_known import WebhookConfigurationStatusKnown
from .webhook_event_known import WebhookEventKnown

__all__ = (
    "CreateWebhookConfigurationRequest",
    "UpdateWebhookConfigurationRequest",
    "WebhookConfiguration",
    "WebhookConfigurationStatusKnown",
    "WebhookEventKnown",
)
