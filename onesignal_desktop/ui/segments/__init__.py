"""The Segments area: the visual filter builder and its field catalogue (the tab itself comes later)."""

# Must come before any widget is made: PySide6 6.12 on Python 3.11 drops a reference to None/True on
# every void call, and a builder makes thousands of them (see pyside_refcounts).
from onesignal_desktop.ui.export_viewer import pyside_refcounts  # noqa: F401 - first
from onesignal_desktop.ui.segments.filter_builder import FilterBuilder
from onesignal_desktop.ui.segments.filter_fields import FIELDS, FieldSpec, RelationSpec, ValueKind, field_spec

__all__ = ["FIELDS", "FieldSpec", "FilterBuilder", "RelationSpec", "ValueKind", "field_spec"]
