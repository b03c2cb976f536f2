"""A client library for accessing Flxpoint webhook API (unihook)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
