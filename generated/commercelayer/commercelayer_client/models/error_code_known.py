from enum import StrEnum


class ErrorCodeKnown(StrEnum):
    INVALID_TOKEN = "INVALID_TOKEN"
    RECORD_NOT_FOUND = "RECORD_NOT_FOUND"
    UNAUTHORIZED = "UNAUTHORIZED"
    VALIDATION_ERROR = "VALIDATION_ERROR"

    def __str__(self) -> str:
        return str(self.value)
