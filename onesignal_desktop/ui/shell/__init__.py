"""The window's frame: start-up, main window, tab list, status and message bars, app selector,
context, connection, crash reporting, theme, icons, settings."""
