"""The signal exchange: platforms share hashes, links, accounts and text fingerprints of what
broke their rules, so abuse that moves between services is caught in seconds.
"""
