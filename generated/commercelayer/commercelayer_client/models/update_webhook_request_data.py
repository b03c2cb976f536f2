from __future__ import annotations

from collections.abc import Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    Self,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.update_webhook_attributes import UpdateWebhookAttributes


T = TypeVar("T", bound="UpdateWebhookRequestData")


@_attrs_define
class UpdateWebhookRequestData:
    """The resource object of an update request; `id` must match the path.

    Attributes:
        type_ (Literal['webhooks']): The JSON:API resource type, always `webhooks`. A `const`, not an open enum: the
            vendor fixes this discriminator, rejects any other value in requests and sends no other in responses.
        id (str): The webhook's id, the same as in the path.
        attributes (UpdateWebhookAttributes): Attributes to change; every one is optional and the others keep their
            values.
    """

    type_: Literal["webhooks"]
    id: str
    attributes: UpdateWebhookAttributes
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        id = self.id

        attributes = self.attributes.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "id": id,
                "attributes": attributes,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.update_webhook_attributes import UpdateWebhookAttributes

        d = dict(src_dict)
        type_ = cast(Literal["webhooks"], d.pop("type"))
        if type_ != "webhooks":
            raise ValueError(f"type must match const 'webhooks', got '{type_}'")

        id = d.pop("id")

        attributes = UpdateWebhookAttributes.from_dict(d.pop("attributes"))

        update_webhook_request_data = cls(
            type_=type_,
            id=id,
            attributes=attributes,
        )

        update_webhook_request_data.additional_properties = d
        return update_webhook_request_data

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
