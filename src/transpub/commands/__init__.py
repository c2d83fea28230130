"""Subcommands of the ``transpub`` CLI, one module each (registered in :data:`transpub.cli.COMMANDS`)."""
