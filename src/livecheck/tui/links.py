"""The one check for links found in playbooks before anything offers to open them."""

from __future__ import annotations

from urllib.parse import urlsplit

from livecheck.i18n import _
from livecheck.safety.text import strip_control
from livecheck.tui.context import OnScreen


def safe_https_url(url: str) -> bool:
    """Only plain https:// links to a host, nothing a shell or a browser could misread."""
    if url != url.strip() or strip_control(url) != url or any(c.isspace() for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() == "https" and bool(parts.hostname)


def refuse_link(screen: OnScreen, url: str) -> None:
    """Tell the user a playbook's link was not opened, and why (the one wording of it)."""
    screen.notify(
        _("Only https:// links to a host can be opened from a playbook. Not opened: {url}").format(
            url=strip_control(url)
        ),
        title=_("Link refused"),
        severity="warning",
        markup=False,
    )
