"""Trainers' tools: export curated inbox items into the training data, compare models, retrain."""
