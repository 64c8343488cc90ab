"""The Segments area: the visual filter builder and its field catalogue (the tab itself comes later)."""

from onesignal_desktop.ui.segments.filter_builder import FilterBuilder
from onesignal_desktop.ui.segments.filter_fields import FIELDS, FieldSpec, RelationSpec, ValueKind, field_spec

__all__ = ["FIELDS", "FieldSpec", "FilterBuilder", "RelationSpec", "ValueKind", "field_spec"]
