"""Accounts, roles, organisations, sessions, second factor and API keys."""
