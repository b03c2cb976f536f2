from enum import StrEnum


class WebhookCircuitStateKnown(StrEnum):
    CLOSED = "closed"
    OPEN = "open"

    def __str__(self) -> str:
        return str(self.value)
