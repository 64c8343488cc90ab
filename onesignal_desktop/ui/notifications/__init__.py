"""Notifications area: list, report, composer and its live preview."""
