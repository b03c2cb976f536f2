"""A client library for accessing BLAZE Partner webhook API (unihook)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
