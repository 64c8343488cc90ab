"""The Segments area: the visual filter builder and its field catalogue (the tab itself comes later).

``filter_fields`` has no Qt, so importing the catalogue from here does not pull Qt in; ``FilterBuilder``
is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from onesignal_desktop.ui.segments.filter_fields import FIELDS, FieldSpec, RelationSpec, ValueKind, field_spec

if TYPE_CHECKING:
    from onesignal_desktop.ui.segments.filter_builder import FilterBuilder

__all__ = ["FIELDS", "FieldSpec", "FilterBuilder", "RelationSpec", "ValueKind", "field_spec"]


def __getattr__(name: str) -> Any:
    if name == "FilterBuilder":
        from onesignal_desktop.ui.segments.filter_builder import FilterBuilder

        return FilterBuilder
    raise AttributeError(name)
