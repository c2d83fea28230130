"""Text values: tagged text with inline codes, engine-safe placeholder shapes, sentence splitting, slugs."""
