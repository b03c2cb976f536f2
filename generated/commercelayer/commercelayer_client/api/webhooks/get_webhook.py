from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_document import ErrorDocument
from ...models.get_webhook_accept import GetWebhookAccept
from ...models.webhook_document import WebhookDocument
from ...types import UNSET, Response, Unset


def _get_kwargs(
    id: str,
    *,
    include: str | Unset = UNSET,
    fieldswebhooks: str | Unset = UNSET,
    accept: GetWebhookAccept = GetWebhookAccept.JSON_API,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Accept"] = str(accept)

    params: dict[str, Any] = {}

    params["include"] = include

    params["fields[webhooks]"] = fieldswebhooks

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/webhooks/{id}".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorDocument | WebhookDocument | None:
    if response.status_code == 200:
        response_200 = WebhookDocument.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorDocument.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorDocument.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorDocument.from_dict(response.json())

        return response_404

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
) -> Response[ErrorDocument | WebhookDocument]:
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
    parsed: ErrorDocument | WebhookDocument | None
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
    id: str,
    *,
    client: AuthenticatedClient,
    include: str | Unset = UNSET,
    fieldswebhooks: str | Unset = UNSET,
    accept: GetWebhookAccept = GetWebhookAccept.JSON_API,
) -> Response[ErrorDocument | WebhookDocument]:
    """Retrieve a webhook

     Fetch one webhook by its id.

    Args:
        id (str):
        include (str | Unset):
        fieldswebhooks (str | Unset):
        accept (GetWebhookAccept): The JSON:API media type, the only value the vendor accepts.
            Default: GetWebhookAccept.JSON_API.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorDocument | WebhookDocument]
    """

    kwargs = _get_kwargs(
        id=id,
        include=include,
        fieldswebhooks=fieldswebhooks,
        accept=accept,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    include: str | Unset = UNSET,
    fieldswebhooks: str | Unset = UNSET,
    accept: GetWebhookAccept = GetWebhookAccept.JSON_API,
) -> ErrorDocument | WebhookDocument | None:
    """Retrieve a webhook

     Fetch one webhook by its id.

    Args:
        id (str):
        include (str | Unset):
        fieldswebhooks (str | Unset):
        accept (GetWebhookAccept): The JSON:API media type, the only value the vendor accepts.
            Default: GetWebhookAccept.JSON_API.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorDocument | WebhookDocument
    """

    return sync_detailed(
        id=id,
        client=client,
        include=include,
        fieldswebhooks=fieldswebhooks,
        accept=accept,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    include: str | Unset = UNSET,
    fieldswebhooks: str | Unset = UNSET,
    accept: GetWebhookAccept = GetWebhookAccept.JSON_API,
) -> Response[ErrorDocument | WebhookDocument]:
    """Retrieve a webhook

     Fetch one webhook by its id.

    Args:
        id (str):
        include (str | Unset):
        fieldswebhooks (str | Unset):
        accept (GetWebhookAccept): The JSON:API media type, the only value the vendor accepts.
            Default: GetWebhookAccept.JSON_API.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorDocument | WebhookDocument]
    """

    kwargs = _get_kwargs(
        id=id,
        include=include,
        fieldswebhooks=fieldswebhooks,
        accept=accept,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    include: str | Unset = UNSET,
    fieldswebhooks: str | Unset = UNSET,
    accept: GetWebhookAccept = GetWebhookAccept.JSON_API,
) -> ErrorDocument | WebhookDocument | None:
    """Retrieve a webhook

     Fetch one webhook by its id.

    Args:
        id (str):
        include (str | Unset):
        fieldswebhooks (str | Unset):
        accept (GetWebhookAccept): The JSON:API media type, the only value the vendor accepts.
            Default: GetWebhookAccept.JSON_API.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorDocument | WebhookDocument
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            include=include,
            fieldswebhooks=fieldswebhooks,
            accept=accept,
        )
    ).parsed
