from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.available_event_list_response import AvailableEventListResponse
from ...models.error_response import ErrorResponse
from ...models.rate_limit_error_response import RateLimitErrorResponse
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/webhook-subscriptions/available-events",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AvailableEventListResponse | ErrorResponse | RateLimitErrorResponse | None:
    if response.status_code == 200:
        response_200 = AvailableEventListResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 429:
        response_429 = RateLimitErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AvailableEventListResponse | ErrorResponse | RateLimitErrorResponse]:
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
    parsed: AvailableEventListResponse | ErrorResponse | RateLimitErrorResponse | None
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
    *,
    client: AuthenticatedClient,
) -> Response[AvailableEventListResponse | ErrorResponse | RateLimitErrorResponse]:
    """List the available webhook events

     Returns every event type a subscription can subscribe to, with a label and a description: the live
    catalogue, which may hold events that `WebhookEventKnown` does not list yet.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AvailableEventListResponse | ErrorResponse | RateLimitErrorResponse]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> AvailableEventListResponse | ErrorResponse | RateLimitErrorResponse | None:
    """List the available webhook events

     Returns every event type a subscription can subscribe to, with a label and a description: the live
    catalogue, which may hold events that `WebhookEventKnown` does not list yet.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AvailableEventListResponse | ErrorResponse | RateLimitErrorResponse
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[AvailableEventListResponse | ErrorResponse | RateLimitErrorResponse]:
    """List the available webhook events

     Returns every event type a subscription can subscribe to, with a label and a description: the live
    catalogue, which may hold events that `WebhookEventKnown` does not list yet.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AvailableEventListResponse | ErrorResponse | RateLimitErrorResponse]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> AvailableEventListResponse | ErrorResponse | RateLimitErrorResponse | None:
    """List the available webhook events

     Returns every event type a subscription can subscribe to, with a label and a description: the live
    catalogue, which may hold events that `WebhookEventKnown` does not list yet.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AvailableEventListResponse | ErrorResponse | RateLimitErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
