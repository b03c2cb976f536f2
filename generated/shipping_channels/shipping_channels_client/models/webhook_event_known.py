from enum import StrEnum


class WebhookEventKnown(StrEnum):
    SHIPMENT_CREATED = "shipment.created"
    SHIPMENT_DELETED = "shipment.deleted"
    SHIPMENT_STATUS_CHANGED = "shipment.status_changed"
    SHIPMENT_UPDATED = "shipment.updated"
    SHIPPING_CHANNEL_CREATED = "shipping_channel.created"
    SHIPPING_CHANNEL_DELETED = "shipping_channel.deleted"
    SHIPPING_CHANNEL_STATUS_CHANGED = "shipping_channel.status_changed"
    SHIPPING_CHANNEL_UPDATED = "shipping_channel.updated"
    SHIPPING_CHANNEL_VALIDATED = "shipping_channel.validated"
    TRACKING_PARCEL_CREATED = "tracking_parcel.created"
    TRACKING_PARCEL_DELETED = "tracking_parcel.deleted"
    TRACKING_PARCEL_STATUS_CHANGED = "tracking_parcel.status_changed"
    TRACKING_PARCEL_UPDATED = "tracking_parcel.updated"

    def __str__(self) -> str:
        return str(self.value)
