from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_document import ErrorDocument
from ...models.list_webhooks_accept import ListWebhooksAccept
from ...models.webhook_list import WebhookList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    pagenumber: int | Unset = UNSET,
    pagesize: int | Unset = UNSET,
    sort: str | Unset = UNSET,
    include: str | Unset = UNSET,
    fieldswebhooks: str | Unset = UNSET,
    filterqtopic_eq: str | Unset = UNSET,
    filterqname_eq: str | Unset = UNSET,
    filterqdisabled_at_null: bool | Unset = UNSET,
    accept: ListWebhooksAccept = ListWebhooksAccept.JSON_API,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Accept"] = str(accept)

    params: dict[str, Any] = {}

    params["page[number]"] = pagenumber

    params["page[size]"] = pagesize

    params["sort"] = sort

    params["include"] = include

    params["fields[webhooks]"] = fieldswebhooks

    params["filter[q][topic_eq]"] = filterqtopic_eq

    params["filter[q][name_eq]"] = filterqname_eq

    params["filter[q][disabled_at_null]"] = filterqdisabled_at_null

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/webhooks",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorDocument | WebhookList | None:
    if response.status_code == 200:
        response_200 = WebhookList.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorDocument.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorDocument.from_dict(response.json())

        return response_401

    if response.status_code == 405:
        response_405 = ErrorDocument.from_dict(response.json())

        return response_405

    if response.status_code == 406:
        response_406 = ErrorDocument.from_dict(response.json())

        return response_406

    if response.status_code == 429:
        response_429 = ErrorDocument.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorDocument.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorDocument | WebhookList]:
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
    parsed: ErrorDocument | WebhookList | None
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
    pagenumber: int | Unset = UNSET,
    pagesize: int | Unset = UNSET,
    sort: str | Unset = UNSET,
    include: str | Unset = UNSET,
    fieldswebhooks: str | Unset = UNSET,
    filterqtopic_eq: str | Unset = UNSET,
    filterqname_eq: str | Unset = UNSET,
    filterqdisabled_at_null: bool | Unset = UNSET,
    accept: ListWebhooksAccept = ListWebhooksAccept.JSON_API,
) -> Response[ErrorDocument | WebhookList]:
    """List all webhooks

     Fetch a page of webhooks, sorted by creation date, oldest first, unless `sort` says otherwise.
    Pagination: https://docs.commercelayer.io/core/pagination.

    Args:
        pagenumber (int | Unset): The page to return, counting from 1. Vendor default 1.
        pagesize (int | Unset): Resources per page. Vendor default 10, maximum 25.
        sort (str | Unset):
        include (str | Unset):
        fieldswebhooks (str | Unset):
        filterqtopic_eq (str | Unset):
        filterqname_eq (str | Unset):
        filterqdisabled_at_null (bool | Unset):
        accept (ListWebhooksAccept): The JSON:API media type, the only value the vendor accepts.
            Default: ListWebhooksAccept.JSON_API.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorDocument | WebhookList]
    """

    kwargs = _get_kwargs(
        pagenumber=pagenumber,
        pagesize=pagesize,
        sort=sort,
        include=include,
        fieldswebhooks=fieldswebhooks,
        filterqtopic_eq=filterqtopic_eq,
        filterqname_eq=filterqname_eq,
        filterqdisabled_at_null=filterqdisabled_at_null,
        accept=accept,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    pagenumber: int | Unset = UNSET,
    pagesize: int | Unset = UNSET,
    sort: str | Unset = UNSET,
    include: str | Unset = UNSET,
    fieldswebhooks: str | Unset = UNSET,
    filterqtopic_eq: str | Unset = UNSET,
    filterqname_eq: str | Unset = UNSET,
    filterqdisabled_at_null: bool | Unset = UNSET,
    accept: ListWebhooksAccept = ListWebhooksAccept.JSON_API,
) -> ErrorDocument | WebhookList | None:
    """List all webhooks

     Fetch a page of webhooks, sorted by creation date, oldest first, unless `sort` says otherwise.
    Pagination: https://docs.commercelayer.io/core/pagination.

    Args:
        pagenumber (int | Unset): The page to return, counting from 1. Vendor default 1.
        pagesize (int | Unset): Resources per page. Vendor default 10, maximum 25.
        sort (str | Unset):
        include (str | Unset):
        fieldswebhooks (str | Unset):
        filterqtopic_eq (str | Unset):
        filterqname_eq (str | Unset):
        filterqdisabled_at_null (bool | Unset):
        accept (ListWebhooksAccept): The JSON:API media type, the only value the vendor accepts.
            Default: ListWebhooksAccept.JSON_API.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorDocument | WebhookList
    """

    return sync_detailed(
        client=client,
        pagenumber=pagenumber,
        pagesize=pagesize,
        sort=sort,
        include=include,
        fieldswebhooks=fieldswebhooks,
        filterqtopic_eq=filterqtopic_eq,
        filterqname_eq=filterqname_eq,
        filterqdisabled_at_null=filterqdisabled_at_null,
        accept=accept,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    pagenumber: int | Unset = UNSET,
    pagesize: int | Unset = UNSET,
    sort: str | Unset = UNSET,
    include: str | Unset = UNSET,
    fieldswebhooks: str | Unset = UNSET,
    filterqtopic_eq: str | Unset = UNSET,
    filterqname_eq: str | Unset = UNSET,
    filterqdisabled_at_null: bool | Unset = UNSET,
    accept: ListWebhooksAccept = ListWebhooksAccept.JSON_API,
) -> Response[ErrorDocument | WebhookList]:
    """List all webhooks

     Fetch a page of webhooks, sorted by creation date, oldest first, unless `sort` says otherwise.
    Pagination: https://docs.commercelayer.io/core/pagination.

    Args:
        pagenumber (int | Unset): The page to return, counting from 1. Vendor default 1.
        pagesize (int | Unset): Resources per page. Vendor default 10, maximum 25.
        sort (str | Unset):
        include (str | Unset):
        fieldswebhooks (str | Unset):
        filterqtopic_eq (str | Unset):
        filterqname_eq (str | Unset):
        filterqdisabled_at_null (bool | Unset):
        accept (ListWebhooksAccept): The JSON:API media type, the only value the vendor accepts.
            Default: ListWebhooksAccept.JSON_API.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorDocument | WebhookList]
    """

    kwargs = _get_kwargs(
        pagenumber=pagenumber,
        pagesize=pagesize,
        sort=sort,
        include=include,
        fieldswebhooks=fieldswebhooks,
        filterqtopic_eq=filterqtopic_eq,
        filterqname_eq=filterqname_eq,
        filterqdisabled_at_null=filterqdisabled_at_null,
        accept=accept,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    pagenumber: int | Unset = UNSET,
    pagesize: int | Unset = UNSET,
    sort: str | Unset = UNSET,
    include: str | Unset = UNSET,
    fieldswebhooks: str | Unset = UNSET,
    filterqtopic_eq: str | Unset = UNSET,
    filterqname_eq: str | Unset = UNSET,
    filterqdisabled_at_null: bool | Unset = UNSET,
    accept: ListWebhooksAccept = ListWebhooksAccept.JSON_API,
) -> ErrorDocument | WebhookList | None:
    """List all webhooks

     Fetch a page of webhooks, sorted by creation date, oldest first, unless `sort` says otherwise.
    Pagination: https://docs.commercelayer.io/core/pagination.

    Args:
        pagenumber (int | Unset): The page to return, counting from 1. Vendor default 1.
        pagesize (int | Unset): Resources per page. Vendor default 10, maximum 25.
        sort (str | Unset):
        include (str | Unset):
        fieldswebhooks (str | Unset):
        filterqtopic_eq (str | Unset):
        filterqname_eq (str | Unset):
        filterqdisabled_at_null (bool | Unset):
        accept (ListWebhooksAccept): The JSON:API media type, the only value the vendor accepts.
            Default: ListWebhooksAccept.JSON_API.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorDocument | WebhookList
    """

    return (
        await asyncio_detailed(
            client=client,
            pagenumber=pagenumber,
            pagesize=pagesize,
            sort=sort,
            include=include,
            fieldswebhooks=fieldswebhooks,
            filterqtopic_eq=filterqtopic_eq,
            filterqname_eq=filterqname_eq,
            filterqdisabled_at_null=filterqdisabled_at_null,
            accept=accept,
        )
    ).parsed
