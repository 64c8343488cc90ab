"""The Analytics tab's Trends page: sends, delivery rate, CTR and clicks per day, per platform."""
