"""Campaign update reports for coordinators: figures from cases (and later the exchange)."""
