"""Prefect flows of transpub (installed as the ``transpub_flows`` package). Importing this package runs nothing."""
