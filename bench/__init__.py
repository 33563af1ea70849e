"""Benchmarks: figures printed as ratios against a baseline run side by side, never asserted."""
