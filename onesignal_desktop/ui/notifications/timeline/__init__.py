"""A notification's events over time (the report's "Over time" section), from its event export."""
