"""livecheck: playbooks for LIVE creator operations, searched and walked from the terminal."""

__version__ = "0.1.0"
