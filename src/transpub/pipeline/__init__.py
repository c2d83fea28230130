"""The orchestration the flows and the CLI share: publish, engine set, republish."""
