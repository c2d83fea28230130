"""Translating segments into one language: glossary term strategies, masking, restoring, the run."""
