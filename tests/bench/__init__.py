"""Benchmarks, run by `nox -s bench` (never by pytest): each compares variants side by side."""
