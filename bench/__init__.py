"""Benchmarks run by `make bench`. Each module registered in __main__ writes its own section."""
