"""Users and subscriptions (current API), shown inside the Players tab (view.py: UsersView)."""
