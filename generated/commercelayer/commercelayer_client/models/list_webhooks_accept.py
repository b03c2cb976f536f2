from enum import StrEnum


class ListWebhooksAccept(StrEnum):
    JSON_API = "application/vnd.api+json"

    def __str__(self) -> str:
        return str(self.value)
