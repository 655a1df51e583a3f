"""Playbooks: the format, the safe YAML reader, validation, the model, the loader and the library."""
