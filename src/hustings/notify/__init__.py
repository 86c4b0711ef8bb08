"""Telling people things: email over SMTP today; a notifier is one class per channel."""
