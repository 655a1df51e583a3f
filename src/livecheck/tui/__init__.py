"""The Textual front end. Everything here may import textual; nothing outside tui/ may."""
