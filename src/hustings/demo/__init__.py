"""Demo data so that `make run` shows a living system. Each domain adds its part in demo.py."""
