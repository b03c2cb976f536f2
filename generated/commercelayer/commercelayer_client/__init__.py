"""A client library for accessing Commerce Layer webhook API (unihook)"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
