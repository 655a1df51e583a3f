"""The one check for links found in playbooks before anything offers to open them."""

from __future__ import annotations

from urllib.parse import urlsplit

from livecheck.safety.text import strip_control


def safe_https_url(url: str) -> bool:
    """Only plain https:// links to a host, nothing a shell or a browser could misread."""
    if url != url.strip() or strip_control(url) != url or any(c.isspace() for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() == "https" and bool(parts.hostname)
