"""Presentation: the words and text layouts both front ends show."""
