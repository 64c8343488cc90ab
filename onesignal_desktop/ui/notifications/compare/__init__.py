"""Compare: two to five notifications side by side (issue 16 item 3)."""
