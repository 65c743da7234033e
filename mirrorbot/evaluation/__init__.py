"""Evaluation: metrics as defined in the design notes, dataset runners and reports."""
