"""Players tab: the players list, details, create/delete, tags, CSV export (tab.py: PlayersTab)."""
