from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_configuration_status_known import WebhookConfigurationStatusKnown
from ..models.webhook_event_known import WebhookEventKnown
from ..types import UNSET, Unset

T = TypeVar("T", bound="WebhookConfiguration")


@_attrs_define
class WebhookConfiguration:
    """A Webhook Configuration of an account.

    Attributes:
        id (int): Webhook Configuration ID used for identification.
        configuration_name (str): Name of the configured Webhook.
        webhook_url (str): Url for the webhook configuration.
        subscribed_events (list[str | WebhookEventKnown]): List of events supported to share over webhook
            (WebhookEvents; open enum).
        source_id (int | Unset): Source ID against which the webhook is setup.
        channel_id (int | Unset): Channel ID against which the webhook is setup.
        notification_email (str | Unset): Email address where webhook status updates are sent.
        status (str | Unset | WebhookConfigurationStatusKnown): WebhookConfigurationStatus; open enum.
        created_at (datetime.datetime | Unset): When the configuration was created.
        updated_at (datetime.datetime | Unset): When the configuration was last updated.
    """

    id: int
    configuration_name: str
    webhook_url: str
    subscribed_events: list[str | WebhookEventKnown]
    source_id: int | Unset = UNSET
    channel_id: int | Unset = UNSET
    notification_email: str | Unset = UNSET
    status: str | Unset | WebhookConfigurationStatusKnown = UNSET
    created_at: datetime.datetime | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        configuration_name = self.configuration_name

        webhook_url = self.webhook_url

        subscribed_events = []
        for subscribed_events_item_data in self.subscribed_events:
            subscribed_events_item: str
            if isinstance(subscribed_events_item_data, WebhookEventKnown):
                subscribed_events_item = subscribed_events_item_data.value
            else:
                subscribed_events_item = subscribed_events_item_data
            subscribed_events.append(subscribed_events_item)

        source_id = self.source_id

        channel_id = self.channel_id

        notification_email = self.notification_email

        status: str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, WebhookConfigurationStatusKnown):
            status = self.status.value
        else:
            status = self.status

        created_at: str | Unset = UNSET
        if not isinstance(self.created_at, Unset):
            created_at = self.created_at.isoformat()

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "configurationName": configuration_name,
                "webhookUrl": webhook_url,
                "subscribedEvents": subscribed_events,
            }
        )
        if source_id is not UNSET:
            field_dict["sourceId"] = source_id
        if channel_id is not UNSET:
            field_dict["channelId"] = channel_id
        if notification_email is not UNSET:
            field_dict["notificationEmail"] = notification_email
        if status is not UNSET:
            field_dict["status"] = status
        if created_at is not UNSET:
            field_dict["createdAt"] = created_at
        if updated_at is not UNSET:
            field_dict["updatedAt"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id")

        configuration_name = d.pop("configurationName")

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

        source_id = d.pop("sourceId", UNSET)

        channel_id = d.pop("channelId", UNSET)

        notification_email = d.pop("notificationEmail", UNSET)

        def _parse_status(data: object) -> str | Unset | WebhookConfigurationStatusKnown:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = WebhookConfigurationStatusKnown(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(str | Unset | WebhookConfigurationStatusKnown, data)

        status = _parse_status(d.pop("status", UNSET))

        _created_at = d.pop("createdAt", UNSET)
        created_at: datetime.datetime | Unset
        if isinstance(_created_at, Unset):
            created_at = UNSET
        else:
            created_at = datetime.datetime.fromisoformat(_created_at)

        _updated_at = d.pop("updatedAt", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        webhook_configuration = cls(
            id=id,
            configuration_name=configuration_name,
            webhook_url=webhook_url,
            subscribed_events=subscribed_events,
            source_id=source_id,
            channel_id=channel_id,
            notification_email=notification_email,
            status=status,
            created_at=created_at,
            updated_at=updated_at,
        )

        webhook_configuration.additional_properties = d
        return webhook_configuration

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
