from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.partner_web_hook import PartnerWebHook
from ...types import Response


def _get_kwargs(
    web_hook_id: str,
    *,
    body: PartnerWebHook,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/partner/webHooks/{web_hook_id}".format(
            web_hook_id=quote(str(web_hook_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | PartnerWebHook | None:
    if response.status_code == 200:
        response_200 = PartnerWebHook.from_dict(response.json())

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
) -> Response[ErrorResponse | PartnerWebHook]:
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
    parsed: ErrorResponse | PartnerWebHook | None
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
    web_hook_id: str,
    *,
    client: AuthenticatedClient,
    body: PartnerWebHook,
) -> Response[ErrorResponse | PartnerWebHook]:
    """Update PARTNER WebHooks

     Update an existing webhook registration by its id. Send the full PartnerWebHook object in the
    request body.

    Args:
        web_hook_id (str): The webhook registration's id (`PartnerWebHook.id`).
        body (PartnerWebHook): A webhook registration: one event type, several delivery URLs.
            There is no enabled/disabled state or status field.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PartnerWebHook]
    """

    kwargs = _get_kwargs(
        web_hook_id=web_hook_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    web_hook_id: str,
    *,
    client: AuthenticatedClient,
    body: PartnerWebHook,
) -> ErrorResponse | PartnerWebHook | None:
    """Update PARTNER WebHooks

     Update an existing webhook registration by its id. Send the full PartnerWebHook object in the
    request body.

    Args:
        web_hook_id (str): The webhook registration's id (`PartnerWebHook.id`).
        body (PartnerWebHook): A webhook registration: one event type, several delivery URLs.
            There is no enabled/disabled state or status field.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PartnerWebHook
    """

    return sync_detailed(
        web_hook_id=web_hook_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    web_hook_id: str,
    *,
    client: AuthenticatedClient,
    body: PartnerWebHook,
) -> Response[ErrorResponse | PartnerWebHook]:
    """Update PARTNER WebHooks

     Update an existing webhook registration by its id. Send the full PartnerWebHook object in the
    request body.

    Args:
        web_hook_id (str): The webhook registration's id (`PartnerWebHook.id`).
        body (PartnerWebHook): A webhook registration: one event type, several delivery URLs.
            There is no enabled/disabled state or status field.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PartnerWebHook]
    """

    kwargs = _get_kwargs(
        web_hook_id=web_hook_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    web_hook_id: str,
    *,
    client: AuthenticatedClient,
    body: PartnerWebHook,
) -> ErrorResponse | PartnerWebHook | None:
    """Update PARTNER WebHooks

     Update an existing webhook registration by its id. Send the full PartnerWebHook object in the
    request body.

    Args:
        web_hook_id (str): The webhook registration's id (`PartnerWebHook.id`).
        body (PartnerWebHook): A webhook registration: one event type, several delivery URLs.
            There is no enabled/disabled state or status field.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PartnerWebHook
    """

    return (
        await asyncio_detailed(
            web_hook_id=web_hook_id,
            client=client,
            body=body,
        )
    ).parsed
