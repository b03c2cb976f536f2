from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.delete_webhook_accept import DeleteWebhookAccept
from ...models.error_document import ErrorDocument
from ...types import Response


def _get_kwargs(
    id: str,
    *,
    accept: DeleteWebhookAccept = DeleteWebhookAccept.JSON_API,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Accept"] = str(accept)

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/webhooks/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | ErrorDocument | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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

    if response.status_code == 423:
        response_423 = ErrorDocument.from_dict(response.json())

        return response_423

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | ErrorDocument]:
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
    parsed: Any | ErrorDocument | None
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
    accept: DeleteWebhookAccept = DeleteWebhookAccept.JSON_API,
) -> Response[Any | ErrorDocument]:
    """Delete a webhook

     Delete the webhook; deliveries for its topic stop.

    Args:
        id (str):
        accept (DeleteWebhookAccept): The JSON:API media type, the only value the vendor accepts.
            Default: DeleteWebhookAccept.JSON_API.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorDocument]
    """

    kwargs = _get_kwargs(
        id=id,
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
    accept: DeleteWebhookAccept = DeleteWebhookAccept.JSON_API,
) -> Any | ErrorDocument | None:
    """Delete a webhook

     Delete the webhook; deliveries for its topic stop.

    Args:
        id (str):
        accept (DeleteWebhookAccept): The JSON:API media type, the only value the vendor accepts.
            Default: DeleteWebhookAccept.JSON_API.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorDocument
    """

    return sync_detailed(
        id=id,
        client=client,
        accept=accept,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    accept: DeleteWebhookAccept = DeleteWebhookAccept.JSON_API,
) -> Response[Any | ErrorDocument]:
    """Delete a webhook

     Delete the webhook; deliveries for its topic stop.

    Args:
        id (str):
        accept (DeleteWebhookAccept): The JSON:API media type, the only value the vendor accepts.
            Default: DeleteWebhookAccept.JSON_API.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ErrorDocument]
    """

    kwargs = _get_kwargs(
        id=id,
        accept=accept,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    accept: DeleteWebhookAccept = DeleteWebhookAccept.JSON_API,
) -> Any | ErrorDocument | None:
    """Delete a webhook

     Delete the webhook; deliveries for its topic stop.

    Args:
        id (str):
        accept (DeleteWebhookAccept): The JSON:API media type, the only value the vendor accepts.
            Default: DeleteWebhookAccept.JSON_API.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ErrorDocument
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            accept=accept,
        )
    ).parsed
