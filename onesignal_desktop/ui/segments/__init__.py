"""The Segments area: the visual filter builder and its field catalogue (the tab itself comes later).

``filter_fields`` has no Qt, so importing the catalogue from here does not pull Qt in; ``FilterBuilder``
is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onesignal_desktop.ui.segments.filter_builder import FilterBuilder
    from onesignal_desktop.ui.segments.filter_fields import (
        FIELDS,
        FieldSpec,
        RelationSpec,
        ValueKind,
        field_spec,
    )

# Loaded on first use: the window finds out whether the Segments tab exists by looking its module up,
# which runs this file, at every start.
_CATALOGUE = frozenset({"FIELDS", "FieldSpec", "RelationSpec", "ValueKind", "field_spec"})

__all__ = ["FIELDS", "FieldSpec", "FilterBuilder", "RelationSpec", "ValueKind", "field_spec"]


def __getattr__(name: str) -> Any:
    if name in _CATALOGUE:
        from onesignal_desktop.ui.segments import filter_fields

        return getattr(filter_fields, name)
    if name == "FilterBuilder":
        from onesignal_desktop.ui.segments.filter_builder import FilterBuilder

        return FilterBuilder
    raise AttributeError(name)
