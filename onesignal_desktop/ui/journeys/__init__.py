"""The Journeys tab: the current app's journeys, each drawn as a node graph with live stats."""
