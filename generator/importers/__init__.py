"""Readers of the office's documents: each turns one input format into content/ (YAML)."""
