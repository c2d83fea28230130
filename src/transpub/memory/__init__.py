"""The translation memory (SQLite): the store, the publish state and the reuse policy."""
