"""Shared test set-up: every test session gets its own PREFECT_HOME and Argos folders, never the user's."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Set before anything imports prefect or argostranslate (both read settings at import time).
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="transpub-tests-"))
os.environ["PREFECT_HOME"] = str(_SESSION_HOME / "prefect")
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["PREFECT_API_URL"] = ""
os.environ.pop("PREFECT_API_URL")
os.environ["ARGOS_PACKAGES_DIR"] = str(_SESSION_HOME / "argos-packages")
os.environ["XDG_DATA_HOME"] = str(_SESSION_HOME / "xdg-data")
os.environ["XDG_CACHE_HOME"] = str(_SESSION_HOME / "xdg-cache")
os.environ["XDG_CONFIG_HOME"] = str(_SESSION_HOME / "xdg-config")

# CI runs Hypothesis derandomized, so a landing never depends on which random examples came up that day; local
# runs keep exploring new examples (and a failure they find becomes a fixed regression case).
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    _hypothesis_settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
# Built test models are cached here between runs (ignored by git).
CACHE = REPO / "tests" / ".cache"


@pytest.fixture(scope="session")
def session_home() -> Path:
    return _SESSION_HOME


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seed_release() -> Path:
    """The third-party seed release from ../shared; tests that need it skip only when it is absent."""
    path = SHARED / "seed-release.txt"
    if not path.exists():
        pytest.skip("../shared/seed-release.txt is not present in this checkout")
    return path


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect API for the whole session (about 10 s), shared by every test that runs a flow."""
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield
