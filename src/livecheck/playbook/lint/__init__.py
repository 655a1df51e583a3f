"""Lint rules beyond the field tables: structure, references, the step graph, translations."""
