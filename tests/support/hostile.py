"""Hostile engines: machine translation output that tries to put live markup on a published page.

An engine is untrusted input. :class:`HostileEngine` returns one of :data:`PAYLOADS` around, between or instead of
the (masked) words it was given, so a test can publish through it and check that no page grows markup the source
did not have. The payloads cover the classic ways in: a script element, event-handler attributes, ``javascript:``
links, an attribute break-out, escaped markup that a careless ``html.unescape`` would revive, and fake inline codes
of transpub's own tagged-text syntax.

>>> HostileEngine(PAYLOADS["script"], "wrap").translate_batch(["Hello [T1]."], "en", "pt")
['<script>alert("engine")</script> Hello [T1]. <script>alert("engine")</script>']
>>> HostileEngine("<b>", "interleave").translate_batch(["a b"], "en", "pt")
['a <b> b']
>>> HostileEngine("<b>", "replace").translate_batch(["a b", "c"], "en", "pt")
['<b>', '<b>']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from transpub.errors import EngineError

PAYLOADS: Mapping[str, str] = MappingProxyType(
    {
        "script": '<script>alert("engine")</script>',
        "img-onerror": "<img src=x onerror=alert(1)>",
        "javascript-link": '<a href="javascript:alert(2)">read more</a>',
        "escaped-markup": "&lt;script&gt;alert(3)&lt;/script&gt;",
        "attribute-breakout": '" onmouseover="alert(4)" x="',
        "fake-codes": '</g><g id="1"><x id="99"/>',
        "svg-onload": "<svg/onload=alert(5)>",
        "iframe": '<iframe src="javascript:alert(6)"></iframe>',
    }
)
"""Payload name -> the string a hostile engine injects."""

MODES = ("wrap", "interleave", "replace")
"""``wrap``: payload before and after the text (placeholders intact); ``interleave``: payload between every two
words; ``replace``: the payload alone (every placeholder lost, so protection's recovery path runs)."""


@dataclass(frozen=True)
class HostileEngine:
    """An engine (see :class:`transpub.engines.base.Engine`) whose output carries ``payload``."""

    payload: str
    mode: str = "wrap"
    name: str = "hostile"

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise EngineError(f"hostile engine mode must be one of {', '.join(MODES)}", value=self.mode)

    def supports(self, source: str, target: str) -> bool:
        return True

    def model_id(self, source: str, target: str) -> str:
        return f"hostile-{self.mode}"

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        return [self._poison(text) for text in texts]

    def _poison(self, text: str) -> str:
        if self.mode == "replace":
            return self.payload
        if self.mode == "interleave":
            return f" {self.payload} ".join(text.split(" "))
        return f"{self.payload} {text} {self.payload}"

    def close(self) -> None:
        return None
