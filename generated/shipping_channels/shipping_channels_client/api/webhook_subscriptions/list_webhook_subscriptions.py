from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.rate_limit_error_response import RateLimitErrorResponse
from ...models.webhook_subscription_list_response import WebhookSubscriptionListResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["per_page"] = per_page

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/webhook-subscriptions",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | RateLimitErrorResponse | WebhookSubscriptionListResponse | None:
    if response.status_code == 200:
        response_200 = WebhookSubscriptionListResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

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
) -> Response[ErrorResponse | RateLimitErrorResponse | WebhookSubscriptionListResponse]:
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
    parsed: ErrorResponse | RateLimitErrorResponse | WebhookSubscriptionListResponse | None
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
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Response[ErrorResponse | RateLimitErrorResponse | WebhookSubscriptionListResponse]:
    """List webhook subscriptions

     Returns one page of the authenticated user's webhook subscriptions, with page numbers in `meta` and
    page URLs in `links`.

    Args:
        page (int | Unset): The page to return, counting from 1. Vendor default 1.
        per_page (int | Unset): Subscriptions per page. Vendor default 15, maximum 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RateLimitErrorResponse | WebhookSubscriptionListResponse]
    """

    kwargs = _get_kwargs(
        page=page,
        per_page=per_page,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> ErrorResponse | RateLimitErrorResponse | WebhookSubscriptionListResponse | None:
    """List webhook subscriptions

     Returns one page of the authenticated user's webhook subscriptions, with page numbers in `meta` and
    page URLs in `links`.

    Args:
        page (int | Unset): The page to return, counting from 1. Vendor default 1.
        per_page (int | Unset): Subscriptions per page. Vendor default 15, maximum 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RateLimitErrorResponse | WebhookSubscriptionListResponse
    """

    return sync_detailed(
        client=client,
        page=page,
        per_page=per_page,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> Response[ErrorResponse | RateLimitErrorResponse | WebhookSubscriptionListResponse]:
    """List webhook subscriptions

     Returns one page of the authenticated user's webhook subscriptions, with page numbers in `meta` and
    page URLs in `links`.

    Args:
        page (int | Unset): The page to return, counting from 1. Vendor default 1.
        per_page (int | Unset): Subscriptions per page. Vendor default 15, maximum 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RateLimitErrorResponse | WebhookSubscriptionListResponse]
    """

    kwargs = _get_kwargs(
        page=page,
        per_page=per_page,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    page: int | Unset = UNSET,
    per_page: int | Unset = UNSET,
) -> ErrorResponse | RateLimitErrorResponse | WebhookSubscriptionListResponse | None:
    """List webhook subscriptions

     Returns one page of the authenticated user's webhook subscriptions, with page numbers in `meta` and
    page URLs in `links`.

    Args:
        page (int | Unset): The page to return, counting from 1. Vendor default 1.
        per_page (int | Unset): Subscriptions per page. Vendor default 15, maximum 100.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RateLimitErrorResponse | WebhookSubscriptionListResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            page=page,
            per_page=per_page,
        )
    ).parsed
