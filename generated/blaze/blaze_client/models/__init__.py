"""Contains all the data models used in inputs/outputs"""

from .create_partner_web_hook_request import CreatePartnerWebHookRequest
from .error_response import ErrorResponse
from .partner_web_hook import PartnerWebHook
from .partner_web_hook_search_result import PartnerWebHookSearchResult
from .partner_web_hook_type_known import PartnerWebHookTypeKnown

__all__ = (
    "CreatePartnerWebHookRequest",
    "ErrorResponse",
    "PartnerWebHook",
    "PartnerWebHookSearchResult",
    "PartnerWebHookTypeKnown",
)
