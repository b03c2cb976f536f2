"""Contains all the data models used in inputs/outputs"""

from .available_event import AvailableEvent
from .available_event_list_response import AvailableEventListResponse
from .create_webhook_subscription_request import CreateWebhookSubscriptionRequest
from .error_detail import ErrorDetail
from .error_response import ErrorResponse
from .pagination_links import PaginationLinks
from .pagination_meta import PaginationMeta
from .rate_limit_error_detail import RateLimitErrorDetail
from .rate_limit_error_response import RateLimitErrorResponse
from .update_webhook_subscription_request import UpdateWebhookSubscriptionRequest
from .validation_error_detail import ValidationErrorDetail
from .validation_error_response import ValidationErrorResponse
from .validation_errors import ValidationErrors
from .webhook_event_known import WebhookEventKnown
from .webhook_subscription import WebhookSubscription
from .webhook_subscription_list_response import WebhookSubscriptionListResponse
from .webhook_subscription_response import WebhookSubscriptionResponse

__all__ = (
    "AvailableEvent",
    "AvailableEventListResponse",
    "CreateWebhookSubscriptionRequest",
    "ErrorDetail",
    "ErrorResponse",
    "PaginationLinks",
    "PaginationMeta",
    "RateLimitErrorDetail",
    "RateLimitErrorResponse",
    "UpdateWebhookSubscriptionRequest",
    "ValidationErrorDetail",
    "ValidationErrorResponse",
    "ValidationErrors",
    "WebhookEventKnown",
    "WebhookSubscription",
    "WebhookSubscriptionListResponse",
    "WebhookSubscriptionResponse",
)
