"""Hustings: keeps election candidates safe online while leaving robust political debate alone."""

__version__ = "0.1.0"
