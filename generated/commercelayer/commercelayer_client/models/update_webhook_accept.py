from enum import StrEnum


class UpdateWebhookAccept(StrEnum):
    JSON_API = "application/vnd.api+json"

    def __str__(self) -> str:
        return str(self.value)
