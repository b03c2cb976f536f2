from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.partner_web_hook_search_result import PartnerWebHookSearchResult
from ...models.partner_web_hook_type_known import PartnerWebHookTypeKnown
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    start: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    shop_id: str | Unset = UNSET,
    type_: PartnerWebHookTypeKnown | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["start"] = start

    params["limit"] = limit

    params["shopId"] = shop_id

    json_type_: str | Unset
    if isinstance(type_, Unset):
        json_type_ = UNSET
    elif isinstance(type_, PartnerWebHookTypeKnown):
        json_type_ = type_.value
    else:
        json_type_ = type_
    params["type"] = json_type_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/partner/webHooks",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | PartnerWebHookSearchResult | None:
    if response.status_code == 200:
        response_200 = PartnerWebHookSearchResult.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

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
) -> Response[ErrorResponse | PartnerWebHookSearchResult]:
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
    parsed: ErrorResponse | PartnerWebHookSearchResult | None
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
    start: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    shop_id: str | Unset = UNSET,
    type_: PartnerWebHookTypeKnown | str | Unset = UNSET,
) -> Response[ErrorResponse | PartnerWebHookSearchResult]:
    """Get PARTNER WebHooks list

     Retrieve a paginated list of webhook registrations, optionally filtered by event type (`type`) and
    `shopId`. Pagination: https://apidocs.blaze.me/getting-started/pagination.

    Args:
        start (int | Unset): Number of records to skip. Vendor default 0.
        limit (int | Unset): Maximum records to return. Vendor default 100.
        shop_id (str | Unset): Shop identifier to filter by.
        type_ (PartnerWebHookTypeKnown | str | Unset): Event type to filter by (a `webHookType`
            value); open enum.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PartnerWebHookSearchResult]
    """

    kwargs = _get_kwargs(
        start=start,
        limit=limit,
        shop_id=shop_id,
        type_=type_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    start: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    shop_id: str | Unset = UNSET,
    type_: PartnerWebHookTypeKnown | str | Unset = UNSET,
) -> ErrorResponse | PartnerWebHookSearchResult | None:
    """Get PARTNER WebHooks list

     Retrieve a paginated list of webhook registrations, optionally filtered by event type (`type`) and
    `shopId`. Pagination: https://apidocs.blaze.me/getting-started/pagination.

    Args:
        start (int | Unset): Number of records to skip. Vendor default 0.
        limit (int | Unset): Maximum records to return. Vendor default 100.
        shop_id (str | Unset): Shop identifier to filter by.
        type_ (PartnerWebHookTypeKnown | str | Unset): Event type to filter by (a `webHookType`
            value); open enum.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PartnerWebHookSearchResult
    """

    return sync_detailed(
        client=client,
        start=start,
        limit=limit,
        shop_id=shop_id,
        type_=type_,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    start: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    shop_id: str | Unset = UNSET,
    type_: PartnerWebHookTypeKnown | str | Unset = UNSET,
) -> Response[ErrorResponse | PartnerWebHookSearchResult]:
    """Get PARTNER WebHooks list

     Retrieve a paginated list of webhook registrations, optionally filtered by event type (`type`) and
    `shopId`. Pagination: https://apidocs.blaze.me/getting-started/pagination.

    Args:
        start (int | Unset): Number of records to skip. Vendor default 0.
        limit (int | Unset): Maximum records to return. Vendor default 100.
        shop_id (str | Unset): Shop identifier to filter by.
        type_ (PartnerWebHookTypeKnown | str | Unset): Event type to filter by (a `webHookType`
            value); open enum.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PartnerWebHookSearchResult]
    """

    kwargs = _get_kwargs(
        start=start,
        limit=limit,
        shop_id=shop_id,
        type_=type_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    start: int | Unset = UNSET,
    limit: int | Unset = UNSET,
    shop_id: str | Unset = UNSET,
    type_: PartnerWebHookTypeKnown | str | Unset = UNSET,
) -> ErrorResponse | PartnerWebHookSearchResult | None:
    """Get PARTNER WebHooks list

     Retrieve a paginated list of webhook registrations, optionally filtered by event type (`type`) and
    `shopId`. Pagination: https://apidocs.blaze.me/getting-started/pagination.

    Args:
        start (int | Unset): Number of records to skip. Vendor default 0.
        limit (int | Unset): Maximum records to return. Vendor default 100.
        shop_id (str | Unset): Shop identifier to filter by.
        type_ (PartnerWebHookTypeKnown | str | Unset): Event type to filter by (a `webHookType`
            value); open enum.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PartnerWebHookSearchResult
    """

    return (
        await asyncio_detailed(
            client=client,
            start=start,
            limit=limit,
            shop_id=shop_id,
            type_=type_,
        )
    ).parsed
