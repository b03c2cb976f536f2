from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.partner_web_hook_type_known import PartnerWebHookTypeKnown
from ..types import UNSET, Unset

T = TypeVar("T", bound="CreatePartnerWebHookRequest")


@_attrs_define
class CreatePartnerWebHookRequest:
    """Body of createPartnerWebHook.

    Attributes:
        web_hook_type (PartnerWebHookTypeKnown | str): Web Hook Type (event type); open enum.
        web_hook_urls (list[str]): The URLs that receive a new registration's notifications (`webHookUrls` of
            createPartnerWebHook); at least one, none blank.
        url (str | Unset): Url.
        shop_id (str | Unset): Shop identifier.
    """

    web_hook_type: PartnerWebHookTypeKnown | str
    web_hook_urls: list[str]
    url: str | Unset = UNSET
    shop_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        web_hook_type: str
        if isinstance(self.web_hook_type, PartnerWebHookTypeKnown):
            web_hook_type = self.web_hook_type.value
        else:
            web_hook_type = self.web_hook_type

        web_hook_urls = self.web_hook_urls

        url = self.url

        shop_id = self.shop_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "webHookType": web_hook_type,
                "webHookUrls": web_hook_urls,
            }
        )
        if url is not UNSET:
            field_dict["url"] = url
        if shop_id is not UNSET:
            field_dict["shopId"] = shop_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_web_hook_type(data: object) -> PartnerWebHookTypeKnown | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                web_hook_type_type_0 = PartnerWebHookTypeKnown(data)

                return web_hook_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(PartnerWebHookTypeKnown | str, data)

        web_hook_type = _parse_web_hook_type(d.pop("webHookType"))

        web_hook_urls = cast(list[str], d.pop("webHookUrls"))

        url = d.pop("url", UNSET)

        shop_id = d.pop("shopId", UNSET)

        create_partner_web_hook_request = cls(
            web_hook_type=web_hook_type,
            web_hook_urls=web_hook_urls,
            url=url,
            shop_id=shop_id,
        )

        create_partner_web_hook_request.additional_properties = d
        return create_partner_web_hook_request

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
