"""Text that XML 1.0 can hold: the one rule for every boundary where text enters or leaves transpub.

XML 1.0 allows tab, newline, carriage return and the characters from U+0020 up, except lone surrogates and U+FFFE
and U+FFFF (its ``Char`` production). Anything else (NUL, the other C0 controls, a lone surrogate from a YAML or
JSON escape) would break the next XLIFF export, a sitemap or an encoder. The policy, applied consistently:

* text a person supplies (a release file, its front matter, a reviewer's edit in XLIFF or on the review page) is
  **refused** with one error naming the character and where it is (:func:`first_unsafe`, :func:`describe`);
* text transpub writes from elsewhere (machine output, memory entries from older versions) has such characters
  **stripped** as the very last step of writing XML (:func:`xml_safe`).

>>> first_unsafe("ok\\tfine\\n"), first_unsafe("bell\\x07"), first_unsafe("lone \\ud800 surrogate")
(None, 4, 5)
>>> describe("\\x07"), describe("\\ud800")
('U+0007 (a control character)', 'U+D800 (a lone surrogate)')
>>> xml_safe("a\\x00b\\x1fc\\ud83dd\\ufffe")
'abcd'
"""

from __future__ import annotations

import re
import unicodedata

# Everything outside XML 1.0's Char production (surrogates are only ever lone in a Python str).
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def first_unsafe(text: str) -> int | None:
    """The index of the first character XML 1.0 cannot hold, or ``None``."""
    m = UNSAFE.search(text)
    return None if m is None else m.start()


def is_xml_char(codepoint: int) -> bool:
    """Whether a code point (from a character reference, say) is one XML 1.0 can hold.

    >>> [is_xml_char(c) for c in (0x9, 0x1, 0xD800, 0x10FFFF, 0x110000)]
    [True, False, False, True, False]
    """
    return 0 <= codepoint <= 0x10FFFF and UNSAFE.match(chr(codepoint)) is None


def describe(char: str) -> str:
    """A character named for an error message: its code point and what kind it is."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    elif unicodedata.category(char) == "Cc":
        kind = "a control character"
    else:
        kind = "a non-character"
    return f"U+{code:04X} ({kind})"


def line_of(text: str, index: int) -> int:
    """The 1-based line of ``text`` that ``index`` falls on."""
    return text.count("\n", 0, index) + 1


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (for writing only; inputs are refused instead)."""
    return UNSAFE.sub("", text)
