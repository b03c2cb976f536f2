"""Contains all the data models used in inputs/outputs"""

from .api_mode_known import ApiModeKnown
from .create_webhook_accept import CreateWebhookAccept
from .create_webhook_attributes import CreateWebhookAttributes
from .create_webhook_request import CreateWebhookRequest
from .create_webhook_request_data import CreateWebhookRequestData
from .delete_webhook_accept import DeleteWebhookAccept
from .error_code_known import ErrorCodeKnown
from .error_document import ErrorDocument
from .error_object import ErrorObject
from .error_object_meta import ErrorObjectMeta
from .error_source import ErrorSource
from .get_webhook_accept import GetWebhookAccept
from .included_resource import IncludedResource
from .included_resource_attributes import IncludedResourceAttributes
from .included_resource_meta import IncludedResourceMeta
from .included_resource_relationships import IncludedResourceRelationships
from .list_webhooks_accept import ListWebhooksAccept
from .metadata import Metadata
from .relationship import Relationship
from .relationship_links import RelationshipLinks
from .resource_identifier import ResourceIdentifier
from .resource_links import ResourceLinks
from .update_webhook_accept import UpdateWebhookAccept
from .update_webhook_attributes import UpdateWebhookAttributes
from .update_webhook_request import UpdateWebhookRequest
from .update_webhook_request_data import UpdateWebhookRequestData
from .webhook import Webhook
from .webhook_attributes import WebhookAttributes
from .webhook_circuit_state_known import WebhookCircuitStateKnown
from .webhook_document import WebhookDocument
from .webhook_list import WebhookList
from .webhook_list_links import WebhookListLinks
from .webhook_list_meta import WebhookListMeta
from .webhook_meta import WebhookMeta
from .webhook_relationships import WebhookRelationships

__all__ = (
    "ApiModeKnown",
    "CreateWebhookAccept",
    "CreateWebhookAttributes",
    "CreateWebhookRequest",
    "CreateWebhookRequestData",
    "DeleteWebhookAccept",
    "ErrorCodeKnown",
    "ErrorDocument",
    "ErrorObject",
    "ErrorObjectMeta",
    "ErrorSource",
    "GetWebhookAccept",
    "IncludedResource",
    "IncludedResourceAttributes",
    "IncludedResourceMeta",
    "IncludedResourceRelationships",
    "ListWebhooksAccept",
    "Metadata",
    "Relationship",
    "RelationshipLinks",
    "ResourceIdentifier",
    "ResourceLinks",
    "UpdateWebhookAccept",
    "UpdateWebhookAttributes",
    "UpdateWebhookRequest",
    "UpdateWebhookRequestData",
    "Webhook",
    "WebhookAttributes",
    "WebhookCircuitStateKnown",
    "WebhookDocument",
    "WebhookList",
    "WebhookListLinks",
    "WebhookListMeta",
    "WebhookMeta",
    "WebhookRelationships",
)
