"""Offline evaluation of the NLU pipeline: held-out scores, threshold choice, data checks."""
