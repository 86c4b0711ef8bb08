"""Cases: a candidate's report of abuse, its evidence, routing to platforms, deadlines, police
escalation, evidence packs and retention. The heart of the product (issue 4).
"""
