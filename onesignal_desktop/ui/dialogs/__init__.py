"""Dialogs shared by the whole console: keys, profiles, the first run."""
