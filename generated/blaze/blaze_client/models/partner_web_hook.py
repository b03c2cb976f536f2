from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.partner_web_hook_type_known import PartnerWebHookTypeKnown
from ..types import UNSET, Unset

T = TypeVar("T", bound="PartnerWebHook")


@_attrs_define
class PartnerWebHook:
    """A webhook registration: one event type, several delivery URLs. There is no enabled/disabled state or status field.

    Attributes:
        id (str | Unset): Unique identifier.
        company_id (str | Unset): Company identifier.
        shop_id (str | Unset): Shop identifier.
        dirty (bool | Unset): Dirty flag, as BLAZE's Swagger lists it on PartnerWebHook.
        created (int | Unset): Created timestamp (epoch milliseconds).
        modified (int | Unset): Last modified timestamp (epoch milliseconds).
        deleted (bool | Unset): Whether the record is deleted.
        updated (bool | Unset): Whether the record has been updated.
        url (str | Unset): Url.
        web_hook_type (PartnerWebHookTypeKnown | str | Unset): Web Hook Type (event type); open enum.
        web_hook_urls (list[str] | Unset): Web Hook Urls (the delivery URLs).
    """

    id: str | Unset = UNSET
    company_id: str | Unset = UNSET
    shop_id: str | Unset = UNSET
    dirty: bool | Unset = UNSET
    created: int | Unset = UNSET
    modified: int | Unset = UNSET
    deleted: bool | Unset = UNSET
    updated: bool | Unset = UNSET
    url: str | Unset = UNSET
    web_hook_type: PartnerWebHookTypeKnown | str | Unset = UNSET
    web_hook_urls: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        company_id = self.company_id

        shop_id = self.shop_id

        dirty = self.dirty

        created = self.created

        modified = self.modified

        deleted = self.deleted

        updated = self.updated

        url = self.url

        web_hook_type: str | Unset
        if isinstance(self.web_hook_type, Unset):
            web_hook_type = UNSET
        elif isinstance(self.web_hook_type, PartnerWebHookTypeKnown):
            web_hook_type = self.web_hook_type.value
        else:
            web_hook_type = self.web_hook_type

        web_hook_urls: list[str] | Unset = UNSET
        if not isinstance(self.web_hook_urls, Unset):
            web_hook_urls = self.web_hook_urls

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if company_id is not UNSET:
            field_dict["companyId"] = company_id
        if shop_id is not UNSET:
            field_dict["shopId"] = shop_id
        if dirty is not UNSET:
            field_dict["dirty"] = dirty
        if created is not UNSET:
            field_dict["created"] = created
        if modified is not UNSET:
            field_dict["modified"] = modified
        if deleted is not UNSET:
            field_dict["deleted"] = deleted
        if updated is not UNSET:
            field_dict["updated"] = updated
        if url is not UNSET:
            field_dict["url"] = url
        if web_hook_type is not UNSET:
            field_dict["webHookType"] = web_hook_type
        if web_hook_urls is not UNSET:
            field_dict["webHookUrls"] = web_hook_urls

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        id = d.pop("id", UNSET)

        company_id = d.pop("companyId", UNSET)

        shop_id = d.pop("shopId", UNSET)

        dirty = d.pop("dirty", UNSET)

        created = d.pop("created", UNSET)

        modified = d.pop("modified", UNSET)

        deleted = d.pop("deleted", UNSET)

        updated = d.pop("updated", UNSET)

        url = d.pop("url", UNSET)

        def _parse_web_hook_type(data: object) -> PartnerWebHookTypeKnown | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                web_hook_type_type_0 = PartnerWebHookTypeKnown(data)

                return web_hook_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(PartnerWebHookTypeKnown | str | Unset, data)

        web_hook_type = _parse_web_hook_type(d.pop("webHookType", UNSET))

        web_hook_urls = cast(list[str], d.pop("webHookUrls", UNSET))

        partner_web_hook = cls(
            id=id,
            company_id=company_id,
            shop_id=shop_id,
            dirty=dirty,
            created=created,
            modified=modified,
            deleted=deleted,
            updated=updated,
            url=url,
            web_hook_type=web_hook_type,
            web_hook_urls=web_hook_urls,
        )

        partner_web_hook.additional_properties = d
        return partner_web_hook

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
