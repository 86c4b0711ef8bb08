"""An append-only, hash-chained log of every view, change, routing and export."""
