"""The policy knowledge base: harms, platform rules and routes, offences, police and support routes.

The data lives in versioned YAML files under data/, validated by schemas.py; service.py answers
questions about it for the guide pages, the PDF pack, the JSON API and the other domains.
"""
