from enum import StrEnum


class WebhookEventKnown(StrEnum):
    FULFILLMENT_REQUEST_PROCESSING_EVENT = "FulfillmentRequestProcessingEvent"
    ORDER_IMPORTED_EVENT = "OrderImportedEvent"

    def __str__(self) -> str:
        return str(self.value)
