from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_document import ErrorDocument
from ...models.update_webhook_accept import UpdateWebhookAccept
from ...models.update_webhook_request import UpdateWebhookRequest
from ...models.webhook_document import WebhookDocument
from ...types import Response


def _get_kwargs(
    id: str,
    *,
    body: UpdateWebhookRequest,
    accept: UpdateWebhookAccept = UpdateWebhookAccept.JSON_API,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Accept"] = str(accept)

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/webhooks/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/vnd.api+json"

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

    if response.status_code == 409:
        response_409 = ErrorDocument.from_dict(response.json())

        return response_409

    if response.status_code == 415:
        response_415 = ErrorDocument.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = ErrorDocument.from_dict(response.json())

        return response_422

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
    body: UpdateWebhookRequest,
    accept: UpdateWebhookAccept = UpdateWebhookAccept.JSON_API,
) -> Response[ErrorDocument | WebhookDocument]:
    """Update a webhook

     Change any of the attributes sent; the others keep their values. The triggers `_disable`, `_enable`
    and `_reset_circuit` disable the webhook, enable it again, and close an open circuit breaker
    (resetting its failure count).

    Args:
        id (str):
        accept (UpdateWebhookAccept): The JSON:API media type, the only value the vendor accepts.
            Default: UpdateWebhookAccept.JSON_API.
        body (UpdateWebhookRequest): JSON:API document of an update request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorDocument | WebhookDocument]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
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
    body: UpdateWebhookRequest,
    accept: UpdateWebhookAccept = UpdateWebhookAccept.JSON_API,
) -> ErrorDocument | WebhookDocument | None:
    """Update a webhook

     Change any of the attributes sent; the others keep their values. The triggers `_disable`, `_enable`
    and `_reset_circuit` disable the webhook, enable it again, and close an open circuit breaker
    (resetting its failure count).

    Args:
        id (str):
        accept (UpdateWebhookAccept): The JSON:API media type, the only value the vendor accepts.
            Default: UpdateWebhookAccept.JSON_API.
        body (UpdateWebhookRequest): JSON:API document of an update request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorDocument | WebhookDocument
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
        accept=accept,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateWebhookRequest,
    accept: UpdateWebhookAccept = UpdateWebhookAccept.JSON_API,
) -> Response[ErrorDocument | WebhookDocument]:
    """Update a webhook

     Change any of the attributes sent; the others keep their values. The triggers `_disable`, `_enable`
    and `_reset_circuit` disable the webhook, enable it again, and close an open circuit breaker
    (resetting its failure count).

    Args:
        id (str):
        accept (UpdateWebhookAccept): The JSON:API media type, the only value the vendor accepts.
            Default: UpdateWebhookAccept.JSON_API.
        body (UpdateWebhookRequest): JSON:API document of an update request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorDocument | WebhookDocument]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
        accept=accept,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateWebhookRequest,
    accept: UpdateWebhookAccept = UpdateWebhookAccept.JSON_API,
) -> ErrorDocument | WebhookDocument | None:
    """Update a webhook

     Change any of the attributes sent; the others keep their values. The triggers `_disable`, `_enable`
    and `_reset_circuit` disable the webhook, enable it again, and close an open circuit breaker
    (resetting its failure count).

    Args:
        id (str):
        accept (UpdateWebhookAccept): The JSON:API media type, the only value the vendor accepts.
            Default: UpdateWebhookAccept.JSON_API.
        body (UpdateWebhookRequest): JSON:API document of an update request.

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
            body=body,
            accept=accept,
        )
    ).parsed
