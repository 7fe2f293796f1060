"""Benchmarks: a seeded corpus generator and a stage-by-stage runner."""
