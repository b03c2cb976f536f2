from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.webhook_list import WebhookList
from ...types import Response


def _get_kwargs(
    organization_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/organizations/{organization_id}/webhooks".format(
            organization_id=quote(str(organization_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | WebhookList | None:
    if response.status_code == 200:
        response_200 = WebhookList.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = cast(Any, None)
        return response_401

    if response.status_code == 404:
        response_404 = cast(Any, None)
        return response_404

    if response.status_code == 429:
        response_429 = cast(Any, None)
        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | WebhookList]:
    # unihook: tolerate what vendors really send (see specs/templates/README.md).
    # A status outside HTTPStatus (e.g. 520) stays a plain int instead of raising ValueError
    # (openapi-python-client#1442), and an error body that is not the documented JSON (an HTML 404 page,
    # a truncated body) leaves `parsed` None with the raw bytes in `content`, instead of raising: the parsing
    # code ignores the response's Content-Type and decodes every body as the documented JSON
    # (openapi-python-client#1248).
    status_code: HTTPStatus | int
    try:
        status_code = HTTPStatus(response.status_code)
    except ValueError:
        status_code = response.status_code
    parsed: Any | WebhookList | None
    if response.is_success:
        parsed = _parse_response(client=client, response=response)
    else:
        try:
            parsed = _parse_response(client=client, response=response)
        except (ValueError, TypeError, KeyError, AttributeError):
            parsed = None
    return Response(
        status_code=status_code,
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def sync_detailed(
    organization_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | WebhookList]:
    """List webhooks

     List the organization's webhooks, one page at a time. `next` (and `prev`) hold the URL of the
    adjacent page or null; unihook follows `next` until it is null.

    Args:
        organization_id (str): The organization that owns the webhooks.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | WebhookList]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    organization_id: str,
    *,
    client: AuthenticatedClient,
) -> Any | WebhookList | None:
    """List webhooks

     List the organization's webhooks, one page at a time. `next` (and `prev`) hold the URL of the
    adjacent page or null; unihook follows `next` until it is null.

    Args:
        organization_id (str): The organization that owns the webhooks.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | WebhookList
    """

    return sync_detailed(
        organization_id=organization_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    organization_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | WebhookList]:
    """List webhooks

     List the organization's webhooks, one page at a time. `next` (and `prev`) hold the URL of the
    adjacent page or null; unihook follows `next` until it is null.

    Args:
        organization_id (str): The organization that owns the webhooks.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | WebhookList]
    """

    kwargs = _get_kwargs(
        organization_id=organization_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    organization_id: str,
    *,
    client: AuthenticatedClient,
) -> Any | WebhookList | None:
    """List webhooks

     List the organization's webhooks, one page at a time. `next` (and `prev`) hold the URL of the
    adjacent page or null; unihook follows `next` until it is null.

    Args:
        organization_id (str): The organization that owns the webhooks.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | WebhookList
    """

    return (
        await asyncio_detailed(
            organization_id=organization_id,
            client=client,
        )
    ).parsed
