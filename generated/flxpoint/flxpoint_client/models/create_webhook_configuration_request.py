from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_event_known import WebhookEventKnown
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreateWebhookConfigurationRequest")


@_attrs_define
class CreateWebhookConfigurationRequest:
    """Body of createWebhookConfiguration. `configurationName`, `sourceId` and `channelId` can be set only here (the update
    body has no such fields).

        Attributes:
            webhook_url (str): Url for the webhook configuration.
            subscribed_events (list[str | WebhookEventKnown]): List of events supported to share over webhook
                (WebhookEvents; open enum).
            configuration_name (str | Unset): Name of the configured Webhook.
            source_id (int | Unset): Source ID against which the webhook is setup.
            channel_id (int | Unset): Channel ID against which the webhook is setup.
            notification_email (str | Unset): Email address where webhook status updates are sent.
    """

    webhook_url: str
    subscribed_events: list[str | WebhookEventKnown]
    configuration_name: str | Unset = UNSET
    source_id: int | Unset = UNSET
    channel_id: int | Unset = UNSET
    notification_email: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        webhook_url = self.webhook_url

        subscribed_events = []
        for subscribed_events_item_data in self.subscribed_events:
            subscribed_events_item: str
            if isinstance(subscribed_events_item_data, WebhookEventKnown):
                subscribed_events_item = subscribed_events_item_data.value
            else:
                subscribed_events_item = subscribed_events_item_data
            subscribed_events.append(subscribed_events_item)

        configuration_name = self.configuration_name

        source_id = self.source_id

        channel_id = self.channel_id

        notification_email = self.notification_email

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "webhookUrl": webhook_url,
                "subscribedEvents": subscribed_events,
            }
        )
        if configuration_name is not UNSET:
            field_dict["configurationName"] = configuration_name
        if source_id is not UNSET:
            field_dict["sourceId"] = source_id
        if channel_id is not UNSET:
            field_dict["channelId"] = channel_id
        if notification_email is not UNSET:
            field_dict["notificationEmail"] = notification_email

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        webhook_url = d.pop("webhookUrl")

        subscribed_events = []
        _subscribed_events = d.pop("subscribedEvents")
        for subscribed_events_item_data in _subscribed_events:

            def _parse_subscribed_events_item(data: object) -> str | WebhookEventKnown:
                try:
                    if not isinstance(data, str):
                        raise TypeError()
                    subscribed_events_item_type_0 = WebhookEventKnown(data)

                    return subscribed_events_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(str | WebhookEventKnown, data)

            subscribed_events_item = _parse_subscribed_events_item(subscribed_events_item_data)

            subscribed_events.append(subscribed_events_item)

        configuration_name = d.pop("configurationName", UNSET)

        source_id = d.pop("sourceId", UNSET)

        channel_id = d.pop("channelId", UNSET)

        notification_email = d.pop("notificationEmail", UNSET)

        create_webhook_configuration_request = cls(
            webhook_url=webhook_url,
            subscribed_events=subscribed_events,
            configuration_name=configuration_name,
            source_id=source_id,
            channel_id=channel_id,
            notification_email=notification_email,
        )

        create_webhook_configuration_request.additional_properties = d
        return create_webhook_configuration_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
