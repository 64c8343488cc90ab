"""Charts shared by the reports and the Analytics tab (pyqtgraph, imported when a chart is first drawn)."""
