"""transpub: one English press release in, published and reviewed translations out.

Nothing happens at import time: no settings are read, no folders made, no models loaded.
"""

from __future__ import annotations

__version__ = "0.1.0"
