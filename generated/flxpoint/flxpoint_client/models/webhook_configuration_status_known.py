from enum import StrEnum


class WebhookConfigurationStatusKnown(StrEnum):
    ACTIVE = "active"
    DELETED = "deleted"
    DISABLED = "disabled"

    def __str__(self) -> str:
        return str(self.value)
