"""A client library for accessing Pack.cloud webhook API (unihook)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
