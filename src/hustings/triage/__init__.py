"""Triage: decides whether a message is abuse, of what kind, how serious, and what to do next.

The entry point for other domains is `hustings.triage.service.triage_texts`.
"""
