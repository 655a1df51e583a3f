"""The one error authoring commands raise: its message is fit to show as it is."""

from __future__ import annotations


class AuthoringError(Exception):
    """An authoring request that cannot be done; the message says why, on one line."""
