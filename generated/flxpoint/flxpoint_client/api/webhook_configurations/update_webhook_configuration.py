from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.update_webhook_configuration_request import (
    UpdateWebhookConfigurationRequest,
)
from ...models.webhook_configuration import WebhookConfiguration
from ...types import Response


def _get_kwargs(
    id: int,
    *,
    body: UpdateWebhookConfigurationRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/webhhok/configurations/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | WebhookConfiguration | None:
    if response.status_code == 200:
        response_200 = WebhookConfiguration.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = cast(Any, None)
        return response_400

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | WebhookConfiguration]:
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
    parsed: Any | WebhookConfiguration | None
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
    id: int,
    *,
    client: AuthenticatedClient,
    body: UpdateWebhookConfigurationRequest,
) -> Response[Any | WebhookConfiguration]:
    """Update Webhook Configuration

     Updates a Webhook Configuration. Requires an account token. `webhookUrl` and `subscribedEvents` are
    required on every call, so send the current values of whatever is not changing. `configurationName`,
    `sourceId` and `channelId` cannot be changed after create. Set `status` to `disabled` / `active` to
    pause / resume deliveries, or to `deleted` to remove the configuration.

    Args:
        id (int): The Webhook Configuration's id (`WebhookConfiguration.id`).
        body (UpdateWebhookConfigurationRequest): Body of updateWebhookConfiguration. Although the
            method is PATCH, `webhookUrl` and `subscribedEvents` are required.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | WebhookConfiguration]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: int,
    *,
    client: AuthenticatedClient,
    body: UpdateWebhookConfigurationRequest,
) -> Any | WebhookConfiguration | None:
    """Update Webhook Configuration

     Updates a Webhook Configuration. Requires an account token. `webhookUrl` and `subscribedEvents` are
    required on every call, so send the current values of whatever is not changing. `configurationName`,
    `sourceId` and `channelId` cannot be changed after create. Set `status` to `disabled` / `active` to
    pause / resume deliveries, or to `deleted` to remove the configuration.

    Args:
        id (int): The Webhook Configuration's id (`WebhookConfiguration.id`).
        body (UpdateWebhookConfigurationRequest): Body of updateWebhookConfiguration. Although the
            method is PATCH, `webhookUrl` and `subscribedEvents` are required.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | WebhookConfiguration
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: int,
    *,
    client: AuthenticatedClient,
    body: UpdateWebhookConfigurationRequest,
) -> Response[Any | WebhookConfiguration]:
    """Update Webhook Configuration

     Updates a Webhook Configuration. Requires an account token. `webhookUrl` and `subscribedEvents` are
    required on every call, so send the current values of whatever is not changing. `configurationName`,
    `sourceId` and `channelId` cannot be changed after create. Set `status` to `disabled` / `active` to
    pause / resume deliveries, or to `deleted` to remove the configuration.

    Args:
        id (int): The Webhook Configuration's id (`WebhookConfiguration.id`).
        body (UpdateWebhookConfigurationRequest): Body of updateWebhookConfiguration. Although the
            method is PATCH, `webhookUrl` and `subscribedEvents` are required.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | WebhookConfiguration]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: int,
    *,
    client: AuthenticatedClient,
    body: UpdateWebhookConfigurationRequest,
) -> Any | WebhookConfiguration | None:
    """Update Webhook Configuration

     Updates a Webhook Configuration. Requires an account token. `webhookUrl` and `subscribedEvents` are
    required on every call, so send the current values of whatever is not changing. `configurationName`,
    `sourceId` and `channelId` cannot be changed after create. Set `status` to `disabled` / `active` to
    pause / resume deliveries, or to `deleted` to remove the configuration.

    Args:
        id (int): The Webhook Configuration's id (`WebhookConfiguration.id`).
        body (UpdateWebhookConfigurationRequest): Body of updateWebhookConfiguration. Although the
            method is PATCH, `webhookUrl` and `subscribedEvents` are required.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | WebhookConfiguration
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
