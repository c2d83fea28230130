"""The ``pseudo`` engine: pseudo-localisation for any target language, with no model at all.

It shows, before any real translation exists, whether pages survive accented letters, text about 30% longer and
clipped strings (the ``[!!! … !!!]`` brackets make truncation visible). Output is deterministic:

>>> PseudoEngine().translate_batch(["Save the coast"], "en", "fr")
['[!!! Šáṽé ţĥé çöášţ !!!]']

What is left untouched, byte for byte, so that :mod:`transpub.translate.protect` can restore what it masked:

* placeholder tokens: any run of ASCII letters and digits that contains two or more capitals followed by digits
  (``XTERM1X``, ``XTAG12X``, ``PH3``, and glued ones such as ``XTERM1XXTERM2X``: the whole run is kept, since
  ``[A-Z]{2,}[0-9]+[A-Z]*`` alone would split a glued pair in the wrong place), and bracketed tokens of optional
  letters plus digits (``[T1]``, ``[12]``, ``[g3]``);
* URLs (``https://…``, ``http://…``, ``www.…``, trailing punctuation excluded) and e-mail addresses;
* digits, whitespace and punctuation (only ASCII letters are accented), except that a number written with group
  or decimal separators is re-written the target language's way, as a real translation would (``40,000`` becomes
  ``40.000`` in Portuguese and ``40 000`` in French), so pseudo pages exercise the number checks honestly.

>>> PseudoEngine().translate_batch(["USD 1.2 billion for 40,000 people in 2026"], "en", "pt")
['[!!! ÛŠÐ 1,2 ƀíļļíöñ ƒöŕ 40.000 þéöþļé íñ 2026 ··· !!!]']

>>> PseudoEngine().translate_batch(["See XTERM1X and [T2] at https://gcrf.example.org."], "en", "ar")
['[!!! Šéé XTERM1X áñð [T2] áţ https://gcrf.example.org. ····· !!!]']

Empty and whitespace-only strings come back unchanged.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from transpub.errors import ConfigError

#: Spans never altered; see the module docstring.
PROTECTED = re.compile(
    r"""
    https?://[^\s<>"]*[^\s<>".,;:!?)\]}'»]      # URL, without trailing punctuation
    | www\.[^\s<>"]*[^\s<>".,;:!?)\]}'»]
    | (?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+   # e-mail address (tried from a run's start)
    | (?<![A-Za-z0-9])[A-Za-z0-9]*?[A-Z]{2}[0-9][A-Za-z0-9]*  # word holding a placeholder such as XTERM1X
    | \[[A-Za-z]*[0-9]+\]                        # placeholder such as [T1]
    """,
    re.VERBOSE,
)

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçðéƒĝĥíĵķļɱñöþǫŕšţüṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
_OPEN, _CLOSE, _PAD = "[!!! ", " !!!]", "·"
_EXPANSION = 1.3


# Numbers with a group or decimal separator; bare integers (years, counts) read the same in every locale we format.
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,]|\.\d)|(?<![\w.,])\d+\.\d+(?![\w.,]\d)")


def localise_numbers(text: str, source: str, target: str) -> str:
    """Re-write separated numbers of ``text`` from the ``source`` locale's format into the ``target``'s.

    >>> localise_numbers("40,000 and 3.5 in 2026", "en", "pt")
    '40.000 and 3,5 in 2026'
    """
    from babel import Locale, UnknownLocaleError
    from babel.numbers import NumberFormatError, format_decimal, parse_decimal

    try:
        src = Locale.parse(source.replace("-", "_"))
        tgt = Locale.parse(target.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return text

    def sub(match: re.Match[str]) -> str:
        try:
            value = parse_decimal(match.group(), locale=src, strict=True)
        except NumberFormatError:
            return match.group()
        return format_decimal(value, locale=tgt, decimal_quantization=False)

    return _NUMBER.sub(sub, text)


def pseudo_localise(text: str) -> str:
    """Accent the letters of ``text`` outside protected spans, pad it to about 130%, and bracket it.

    >>> pseudo_localise("Hello")
    '[!!! Ĥéļļö !!!]'
    >>> pseudo_localise("  ")
    '  '
    """
    if not text.strip():
        return text
    pieces = []
    last = 0
    for match in PROTECTED.finditer(text):
        pieces.append(text[last : match.start()].translate(_ACCENTED))
        pieces.append(match.group())
        last = match.end()
    pieces.append(text[last:].translate(_ACCENTED))
    body = "".join(pieces)
    wanted = math.ceil(len(text) * _EXPANSION)
    padding = wanted - len(body) - len(_OPEN) - len(_CLOSE)
    if padding > 0:
        body += " " + _PAD * padding
    return f"{_OPEN}{body}{_CLOSE}"


class PseudoEngine:
    """Pseudo-localise every text, for any language pair; no options, nothing to load."""

    name = "pseudo"

    def __init__(self, **options: object) -> None:
        if options:
            raise ConfigError("the pseudo engine takes no options", value=sorted(options))

    def supports(self, source: str, target: str) -> bool:
        return True

    def model_id(self, source: str, target: str) -> str:
        return "pseudo:2"

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        return [pseudo_localise(localise_numbers(text, source, target)) for text in texts]

    def translate_scored(self, texts: Sequence[str], source: str, target: str) -> list[tuple[str, float | None]]:
        """A pseudo-translation has no model, so no confidence: every score is ``None``."""
        return [(text, None) for text in self.translate_batch(texts, source, target)]

    def close(self) -> None:
        """Nothing to release."""
