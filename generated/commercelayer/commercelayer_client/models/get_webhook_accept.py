from enum import StrEnum


class GetWebhookAccept(StrEnum):
    JSON_API = "application/vnd.api+json"

    def __str__(self) -> str:
        return str(self.value)
