"""Whether a word in Arabic script writes a Latin-script name of the source ("غوتيريش" for "Guterres").

Arabic has no capital letters, so a name cannot be told from a word by its case, and names written in Arabic
letters are not in a dictionary. Such a name keeps the consonants of the original: both words are reduced to a
consonant skeleton (vowels, vowel letters, ``h``, ``w`` and ``y`` left out, letters an Arabic spelling merges
merged: ``p``/``b``, ``v``/``f``, ``c``/``k``/``q``, ``s``/``z``, ``th``/``t``…) and compared by
:func:`rapidfuzz.fuzz.ratio`. Arabic proclitics ("و", "ب", "ل", "ال"…) are tried off.

>>> transliterates("غوتيريش", ["Guterres"]), transliterates("وموزمبيق", ["Mozambique"])
(True, True)
>>> transliterates("المياه", ["Guterres", "Mozambique"])
False
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz

_ARABIC = str.maketrans(
    {
        "ب": "b",
        "پ": "b",
        "ت": "t",
        "ث": "t",
        "ط": "t",
        "ج": "j",
        "چ": "j",
        "د": "d",
        "ذ": "d",
        "ض": "d",
        "ر": "r",
        "ز": "s",
        "س": "s",
        "ش": "s",
        "ص": "s",
        "ظ": "s",
        "ف": "f",
        "ڤ": "f",
        "ق": "k",
        "ك": "k",
        "خ": "k",
        "غ": "g",
        "گ": "g",
        "ل": "l",
        "م": "m",
        "ن": "n",
    }
)
_LATIN = (
    (r"ph", "f"),
    (r"ch|sh|sch", "s"),
    (r"th", "t"),
    (r"kh|ck|qu?|x", "k"),
    (r"dh", "d"),
    (r"gh", "g"),
    (r"c(?=[eiy])", "s"),
    (r"c", "k"),
    (r"g(?=[ei])", "j"),
    (r"p", "b"),
    (r"v", "f"),
    (r"z", "s"),
    (r"[aeiouyhw]", ""),
)
_PROCLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
THRESHOLD = 75.0


def _collapse(skeleton: str) -> str:
    return re.sub(r"(.)\1+", r"\1", skeleton)


@lru_cache(maxsize=4096)
def latin_skeleton(name: str) -> str:
    """The consonant skeleton of a Latin-script name (``"Guterres"`` -> ``"gtrs"``)."""
    text = "".join(c for c in unicodedata.normalize("NFKD", name.casefold()) if c.isascii() and c.isalpha())
    for pattern, repl in _LATIN:
        text = re.sub(pattern, repl, text)
    return _collapse(text)


def arabic_skeleton(word: str) -> str:
    """The consonant skeleton of an Arabic-script word (``"غوتيريش"`` -> ``"gtrs"``); other letters are dropped."""
    return _collapse("".join(c for c in word.translate(_ARABIC) if c.isascii()))


def is_arabic(word: str) -> bool:
    return bool(_ARABIC_LETTER.search(word))


def transliterates(word: str, names: Iterable[str]) -> bool:
    """Whether the Arabic-script ``word`` (or it without a proclitic) writes one of the Latin ``names``."""
    skeletons = {s for s in (latin_skeleton(n) for n in names) if len(s) >= 2}
    if not skeletons or not is_arabic(word):
        return False
    forms = [word] + [word[len(p) :] for p in _PROCLITICS if word.startswith(p) and len(word) > len(p) + 1]
    for form in forms:
        skeleton = arabic_skeleton(form)
        if len(skeleton) >= 2 and any(fuzz.ratio(skeleton, s) >= THRESHOLD for s in skeletons):
            return True
    return False
