"""The console's windows, tabs, dialogs and their Qt models (one module per tab or dialog)."""
