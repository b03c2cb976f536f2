from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.webhook_configuration import WebhookConfiguration
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/webhhok/configurations",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | list[WebhookConfiguration] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for componentsschemas_webhook_configuration_list_item_data in _response_200:
            componentsschemas_webhook_configuration_list_item = WebhookConfiguration.from_dict(
                componentsschemas_webhook_configuration_list_item_data
            )

            response_200.append(componentsschemas_webhook_configuration_list_item)

        return response_200

    if response.status_code == 401:
        response_401 = cast(Any, None)
        return response_401

    if response.status_code == 429:
        response_429 = cast(Any, None)
        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | list[WebhookConfiguration]]:
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
    parsed: Any | list[WebhookConfiguration] | None
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
) -> Response[Any | list[WebhookConfiguration]]:
    """List Webhook Configurations for an account

     Returns the Webhook Configurations configured for an account, as a bare JSON array. Requires an
    account token. No query parameters and no pagination are documented.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | list[WebhookConfiguration]]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> Any | list[WebhookConfiguration] | None:
    """List Webhook Configurations for an account

     Returns the Webhook Configurations configured for an account, as a bare JSON array. Requires an
    account token. No query parameters and no pagination are documented.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | list[WebhookConfiguration]
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[Any | list[WebhookConfiguration]]:
    """List Webhook Configurations for an account

     Returns the Webhook Configurations configured for an account, as a bare JSON array. Requires an
    account token. No query parameters and no pagination are documented.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | list[WebhookConfiguration]]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> Any | list[WebhookConfiguration] | None:
    """List Webhook Configurations for an account

     Returns the Webhook Configurations configured for an account, as a bare JSON array. Requires an
    account token. No query parameters and no pagination are documented.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | list[WebhookConfiguration]
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
