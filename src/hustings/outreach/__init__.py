"""Outreach: the people registry (elections, areas, parties, candidates, agents, electoral
staff), imports from Democracy Club and staff lists, invitations by email or letter, guide
acknowledgements and the reach dashboard."""
