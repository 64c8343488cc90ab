"""Widgets and reference data shared by several tabs."""
