from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.webhook_configuration_status_known import WebhookConfigurationStatusKnown
from ..models.webhook_event_known import WebhookEventKnown
from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateWebhookConfigurationRequest")


@_attrs_define
class UpdateWebhookConfigurationRequest:
    """Body of updateWebhookConfiguration. Although the method is PATCH, `webhookUrl` and `subscribedEvents` are required.

    Attributes:
        webhook_url (str): Url for the webhook configuration.
        subscribed_events (list[str | WebhookEventKnown]): List of events supported to share over webhook
            (WebhookEvents; open enum). Replaces the current list.
        notification_email (str | Unset): Email address where webhook status updates are sent.
        status (str | Unset | WebhookConfigurationStatusKnown): WebhookConfigurationStatus; open enum. `disabled` pauses
            deliveries, `active` resumes them, `deleted` removes the configuration. No default documented.
    """

    webhook_url: str
    subscribed_events: list[str | WebhookEventKnown]
    notification_email: str | Unset = UNSET
    status: str | Unset | WebhookConfigurationStatusKnown = UNSET
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

        notification_email = self.notification_email

        status: str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, WebhookConfigurationStatusKnown):
            status = self.status.value
        else:
            status = self.status

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "webhookUrl": webhook_url,
                "subscribedEvents": subscribed_events,
            }
        )
        if notification_email is not UNSET:
            field_dict["notificationEmail"] = notification_email
        if status is not UNSET:
            field_dict["status"] = status

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

        update_webhook_configuration_request = cls(
            webhook_url=webhook_url,
            subscribed_events=subscribed_events,
            notification_email=notification_email,
            status=status,
        )

        update_webhook_configuration_request.additional_properties = d
        return update_webhook_configuration_request

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
