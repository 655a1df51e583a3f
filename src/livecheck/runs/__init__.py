"""Runs as pure logic: the events, the engine that replays them, templates, feedback reasons."""
