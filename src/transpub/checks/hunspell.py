"""The hunspell C library (``libhunspell``), opened through ``ctypes``: look-ups only, no suggestions.

The C library loads Debian's pt_BR dictionary in about 0.3 s and 40 MB, where pure-Python readers take seconds and
hundreds of megabytes; that matters because every process that checks a language pays it once. A handle is not
safe to share between threads, so each :class:`HunspellDictionary` serialises its look-ups.

>>> library_name() in (None, "libhunspell-1.7.so.0") or library_name()
True
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

# Sonames to try, newest first (Debian 12/13: libhunspell-1.7-0); find_library finds other builds.
SONAMES = ("libhunspell-1.7.so.0", "libhunspell-1.6.so.0", "libhunspell.so")


@cache  # the library is looked for once per process
def _loaded() -> tuple[ctypes.CDLL, str] | None:
    candidates = [*SONAMES, ctypes.util.find_library("hunspell-1.7"), ctypes.util.find_library("hunspell")]
    for name in dict.fromkeys(c for c in candidates if c):
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        lib.Hunspell_create.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
        lib.Hunspell_create.restype = ctypes.c_void_p
        lib.Hunspell_spell.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
        lib.Hunspell_spell.restype = ctypes.c_int
        lib.Hunspell_get_dic_encoding.argtypes = [ctypes.c_void_p]
        lib.Hunspell_get_dic_encoding.restype = ctypes.c_char_p
        return lib, name
    return None


def _library() -> ctypes.CDLL | None:
    loaded = _loaded()
    return None if loaded is None else loaded[0]


def library_name() -> str | None:
    """The hunspell library this process uses, or ``None`` when none is installed."""
    loaded = _loaded()
    return None if loaded is None else loaded[1]


@dataclass(frozen=True)
class HunspellDictionary:
    """One opened ``.aff``/``.dic`` pair; :meth:`spell` says whether a word is in it."""

    stem: Path
    handle: int = field(repr=False)
    encoding: str = field(repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def spell(self, word: str) -> bool:
        lib = _library()
        assert lib is not None  # an instance exists only when the library loaded
        try:
            raw = word.encode(self.encoding)
        except (UnicodeEncodeError, LookupError):
            return False  # a letter the dictionary's own encoding cannot write is no word of it
        with self.lock:
            return bool(lib.Hunspell_spell(self.handle, raw))

    def try_letters(self) -> str:
        """The dictionary's TRY line: the letters its language writes, most frequent first ("" when it has none)."""
        for line in self.stem.with_suffix(".aff").read_text(encoding=self.encoding, errors="replace").splitlines():
            if line.lstrip("\ufeff").startswith("TRY"):
                return line.lstrip("\ufeff")[3:].strip()
        return ""


def open_dictionary(stem: Path) -> HunspellDictionary | None:
    """Open ``stem.aff`` and ``stem.dic``; ``None`` when the C library is not installed."""
    lib = _library()
    if lib is None:
        return None
    aff, dic = (str(stem.with_suffix(s)).encode() for s in (".aff", ".dic"))
    handle = lib.Hunspell_create(aff, dic)
    encoding = (lib.Hunspell_get_dic_encoding(handle) or b"UTF-8").decode("ascii", "replace")
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "utf-8"
    return HunspellDictionary(stem, handle, encoding)
