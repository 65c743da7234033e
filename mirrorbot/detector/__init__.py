"""The detector: reads an Affect from text."""
