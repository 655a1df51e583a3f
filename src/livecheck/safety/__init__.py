"""Safety of what livecheck prints and writes: neutralised text, private files."""
