from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.rate_limit_error_response import RateLimitErrorResponse
from ...models.update_webhook_subscription_request import (
    UpdateWebhookSubscriptionRequest,
)
from ...models.validation_error_response import ValidationErrorResponse
from ...models.webhook_subscription_response import WebhookSubscriptionResponse
from ...types import Response


def _get_kwargs(
    id: str,
    *,
    body: UpdateWebhookSubscriptionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/webhook-subscriptions/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | RateLimitErrorResponse | ValidationErrorResponse | WebhookSubscriptionResponse | None:
    if response.status_code == 200:
        response_200 = WebhookSubscriptionResponse.from_dict(response.json())

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

    if response.status_code == 422:
        response_422 = ValidationErrorResponse.from_dict(response.json())

        return response_422

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
) -> Response[ErrorResponse | RateLimitErrorResponse | ValidationErrorResponse | WebhookSubscriptionResponse]:
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
    parsed: ErrorResponse | RateLimitErrorResponse | ValidationErrorResponse | WebhookSubscriptionResponse | None
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
    body: UpdateWebhookSubscriptionRequest,
) -> Response[ErrorResponse | RateLimitErrorResponse | ValidationErrorResponse | WebhookSubscriptionResponse]:
    """Update a webhook subscription

     Updates a webhook subscription. `name` is required on every call; `url`, `events`, `secret` and
    `active` are optional. Omit `secret` to keep the current one, send a new value (at least 8
    characters) to replace it. Set `active` to false / true to pause / resume deliveries.

    Args:
        id (str):
        body (UpdateWebhookSubscriptionRequest): Body of updateWebhookSubscription. `name` is
            required; every other field is optional.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RateLimitErrorResponse | ValidationErrorResponse | WebhookSubscriptionResponse]
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
    id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateWebhookSubscriptionRequest,
) -> ErrorResponse | RateLimitErrorResponse | ValidationErrorResponse | WebhookSubscriptionResponse | None:
    """Update a webhook subscription

     Updates a webhook subscription. `name` is required on every call; `url`, `events`, `secret` and
    `active` are optional. Omit `secret` to keep the current one, send a new value (at least 8
    characters) to replace it. Set `active` to false / true to pause / resume deliveries.

    Args:
        id (str):
        body (UpdateWebhookSubscriptionRequest): Body of updateWebhookSubscription. `name` is
            required; every other field is optional.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RateLimitErrorResponse | ValidationErrorResponse | WebhookSubscriptionResponse
    """

    return sync_detailed(
        id=id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateWebhookSubscriptionRequest,
) -> Response[ErrorResponse | RateLimitErrorResponse | ValidationErrorResponse | WebhookSubscriptionResponse]:
    """Update a webhook subscription

     Updates a webhook subscription. `name` is required on every call; `url`, `events`, `secret` and
    `active` are optional. Omit `secret` to keep the current one, send a new value (at least 8
    characters) to replace it. Set `active` to false / true to pause / resume deliveries.

    Args:
        id (str):
        body (UpdateWebhookSubscriptionRequest): Body of updateWebhookSubscription. `name` is
            required; every other field is optional.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RateLimitErrorResponse | ValidationErrorResponse | WebhookSubscriptionResponse]
    """

    kwargs = _get_kwargs(
        id=id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    body: UpdateWebhookSubscriptionRequest,
) -> ErrorResponse | RateLimitErrorResponse | ValidationErrorResponse | WebhookSubscriptionResponse | None:
    """Update a webhook subscription

     Updates a webhook subscription. `name` is required on every call; `url`, `events`, `secret` and
    `active` are optional. Omit `secret` to keep the current one, send a new value (at least 8
    characters) to replace it. Set `active` to false / true to pause / resume deliveries.

    Args:
        id (str):
        body (UpdateWebhookSubscriptionRequest): Body of updateWebhookSubscription. `name` is
            required; every other field is optional.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RateLimitErrorResponse | ValidationErrorResponse | WebhookSubscriptionResponse
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            body=body,
        )
    ).parsed
