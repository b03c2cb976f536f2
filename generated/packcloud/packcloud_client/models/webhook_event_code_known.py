from enum import StrEnum


class WebhookEventCodeKnown(StrEnum):
    ORDER_CANCELED = "order.canceled"
    ORDER_CREATED = "order.created"
    ORDER_SHIPPED = "order.shipped"

    def __str__(self) -> str:
        return str(self.value)
