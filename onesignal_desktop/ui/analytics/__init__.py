"""The Analytics tab: outcomes, delivery and click trends, email metrics."""
