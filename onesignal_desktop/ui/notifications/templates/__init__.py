"""The Templates page of the Segments tab: the app's reusable push, email and SMS content."""
