"""Reading TBX glossaries (ISO 30042: TBX-Basic / TBX v2 ``martif`` and TBX v3 ``tbx``).

Each ``termEntry``/``conceptEntry`` holds one ``langSet``/``langSec`` per language, and in it terms in ``tig``,
``ntig`` or ``termSec`` containers. ``administrativeStatus`` decides what a target term is: ``preferredTerm-admn-sts``
(or ``admittedTerm``/no status) makes it the mandated translation, ``deprecatedTerm-admn-sts`` or
``supersededTerm-admn-sts`` makes it forbidden in that language. A concept whose terms are identical in every
language is a keep-term: that is how a TBX-Basic file marks "do not translate" (the shipped ``glossaries/gcrf.tbx``
gives the keep-term in every language, with its ``grammaticalGender`` there). Older files marked keep-terms with
``<descrip type="translate">no</descrip>`` or ``<termNote type="translate">no</termNote>``, which are not TBX-Basic
data categories; they are still read.

Grammar (:class:`~transpub.glossary.entry.TermGrammar`) comes from each target term's term notes:
``grammaticalGender`` (``masculine``/``feminine``), ``partOfSpeech``, and ``grammaticalNumber`` (``singular``/
``plural``; not a TBX-Basic category, read from TBX-Core and other dialects): a second allowed term of the language
marked ``plural`` is the mandated term's plural form. Parsing refuses any DTD, entity or external reference (XXE and
entity expansion are off).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # Element types only; parsing is transpub.text.xmlparse (defusedxml)
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from transpub.errors import GlossaryError, LanguageError
from transpub.glossary.coverage import check_coverage
from transpub.glossary.entry import GlossaryEntry, TermGrammar, TermKind, lookup_language
from transpub.languages import parse_language
from transpub.text.xmlparse import XmlGuard, parse_untrusted

EXTENSIONS = (".tbx",)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ENTRY_TAGS = {"termEntry", "conceptEntry"}
_LANG_TAGS = {"langSet", "langSec"}
_TERM_CONTAINERS = {"tig", "ntig", "termSec"}
_NOTE_TAGS = {"termNote", "descrip", "admin"}
_STATUS = {
    "preferred": "preferred",
    "admitted": "admitted",
    "deprecated": "deprecated",
    "superseded": "deprecated",
}


_GENDERS = {"masculine": "m", "feminine": "f", "neuter": "n", "other": None}
_NUMBERS = {"singular": "sg", "plural": "pl", "dual": None, "mass": None, "other": None}
_GUARD = XmlGuard(
    GlossaryError,
    hostile="refused hostile or unsafe XML (DTDs, entities and external references are not allowed)",
    malformed="malformed TBX",
)


@dataclass(frozen=True)
class _Term:
    text: str
    status: str  # preferred | admitted | deprecated
    keep: bool
    gender: str | None = None
    number: str | None = None
    pos: str | None = None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _notes(element: ET.Element, note_type: str) -> list[str]:
    return [
        (n.text or "").strip() for n in element.iter() if _local(n.tag) in _NOTE_TAGS and n.get("type") == note_type
    ]


def _marked_keep(element: ET.Element) -> bool:
    return any(v.lower() in {"no", "false"} for v in _notes(element, "translate"))


def read_tbx(path: Path, *, source: str, targets: Sequence[str]) -> tuple[GlossaryEntry, ...]:
    """Read one TBX file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GlossaryError(f"cannot read glossary ({exc.strerror})", path=path) from exc
    return parse_tbx(data, path=str(path), source=source, targets=targets)


def _terms(lang_el: ET.Element, where: str, path: str) -> list[_Term]:
    containers = [c for c in lang_el.iter() if _local(c.tag) in _TERM_CONTAINERS]
    groups = containers or [lang_el]
    terms: list[_Term] = []
    for group in groups:
        for term_el in (t for t in group.iter() if _local(t.tag) == "term"):
            text = " ".join("".join(term_el.itertext()).split())
            if not text:
                raise GlossaryError(f"{where}: empty <term>", path=path)
            raw = (_notes(group, "administrativeStatus") or [""])[0]
            key = raw.lower().removesuffix("-admn-sts").removesuffix("term")
            if raw and key not in _STATUS:
                raise GlossaryError(f"{where}: unknown administrativeStatus", path=path, value=raw)
            gender = (_notes(group, "grammaticalGender") or [""])[0].lower()
            number = (_notes(group, "grammaticalNumber") or [""])[0].lower()
            pos = (_notes(group, "partOfSpeech") or [""])[0] or None
            terms.append(
                _Term(
                    text,
                    _STATUS.get(key, "admitted"),
                    _marked_keep(group),
                    _GENDERS.get(gender),
                    _NUMBERS.get(number),
                    pos,
                )
            )
    return terms


@dataclass(frozen=True)
class _Concept:
    """One ``termEntry``/``conceptEntry``: its id (or ``#n``), element, and terms by language tag."""

    id: str
    element: ET.Element
    by_lang: dict[str, list[_Term]]


def _concept(entry_el: ET.Element, index: int, path: str) -> _Concept:
    entry_id = entry_el.get("id") or f"#{index}"
    where = f"entry {entry_id}"
    by_lang: dict[str, list[_Term]] = {}
    for lang_el in (e for e in entry_el.iter() if _local(e.tag) in _LANG_TAGS):
        code = lang_el.get(_XML_LANG) or lang_el.get("lang") or ""
        try:
            tag = parse_language(code).tag
        except LanguageError as exc:
            raise GlossaryError(f"{where}: bad xml:lang", path=path, value=code) from exc
        by_lang.setdefault(tag, []).extend(_terms(lang_el, where, path))
    return _Concept(entry_id, entry_el, by_lang)


def parse_tbx(data: bytes | str, *, path: str, source: str, targets: Sequence[str]) -> tuple[GlossaryEntry, ...]:
    """Parse TBX text; errors name ``path`` and the line (malformed XML) or the entry id.

    The file must have terms in the run's source language and, when it names target languages, in at least one
    target of the run (:func:`~transpub.glossary.coverage.check_coverage`); other languages are ignored.
    """
    root = parse_untrusted(data, _GUARD, path=path)
    if _local(root.tag) not in {"tbx", "martif"}:
        raise GlossaryError("not a TBX file: the root element must be <tbx> or <martif>", path=path, value=root.tag)
    concepts = [
        _concept(e, index, path)
        for index, e in enumerate((e for e in root.iter() if _local(e.tag) in _ENTRY_TAGS), start=1)
    ]
    if not concepts:
        raise GlossaryError("TBX file has no termEntry or conceptEntry", path=path)
    check_coverage((lang for c in concepts for lang in c.by_lang), source=source, targets=targets, path=path)
    entries: list[GlossaryEntry] = []
    seen: dict[tuple[bool, str], str] = {}
    for concept in concepts:
        for entry in _entries(concept, path=path, source=source, targets=targets):
            if entry.key in seen:
                raise GlossaryError(
                    f"entry {concept.id}: term is already defined in entry {seen[entry.key]}",
                    path=path,
                    value=entry.source,
                )
            seen[entry.key] = concept.id
            entries.append(entry)
    return tuple(entries)


def _entries(concept: _Concept, *, path: str, source: str, targets: Sequence[str]) -> list[GlossaryEntry]:
    entry_el, by_lang, entry_id = concept.element, concept.by_lang, concept.id
    where = f"entry {entry_id}"
    source_key = lookup_language(by_lang, source)
    sources = [t for t in by_lang.get(source_key or "", []) if t.status != "deprecated"]
    if not sources:
        raise GlossaryError(f"{where}: no {source} term", path=path)
    others = {lang: terms for lang, terms in by_lang.items() if lang != source_key}
    wanted = {lookup_language(others, t) for t in targets} - {None}
    keep = (
        _marked_keep(entry_el)
        or any(t.keep for t in sources)
        or all(t.text == sources[0].text for terms in others.values() for t in terms)
    )
    origin = f"{path}#{entry_id}"
    notes = _notes(entry_el, "definition") + [(n.text or "").strip() for n in entry_el if _local(n.tag) == "note"]
    note = next((n for n in notes if n), None)
    mandated: dict[str, tuple[str, ...]] = {}
    forbidden: dict[str, tuple[str, ...]] = {}
    grammar: dict[str, TermGrammar] = {}
    for lang, terms in others.items():
        if lang not in wanted:
            continue
        allowed = sorted(
            (t for t in terms if t.status != "deprecated"), key=lambda t: (t.status != "preferred", t.number == "pl")
        )
        if allowed:
            chosen = allowed[0]
            mandated[lang] = (chosen.text,)
            plural = next((t.text for t in allowed[1:] if t.number == "pl" and chosen.number != "pl"), None)
            grammar[lang] = TermGrammar(chosen.gender, chosen.number, plural, chosen.pos)
        bad = tuple(t.text for t in terms if t.status == "deprecated")
        if bad:
            forbidden[lang] = bad
    result: list[GlossaryEntry] = []
    for term in sources:
        if keep:
            result.append(GlossaryEntry(term.text, TermKind.KEEP, note=note, origin=origin, grammar=grammar))
        elif mandated:
            result.append(
                GlossaryEntry(term.text, TermKind.TRANSLATE, mandated, note=note, origin=origin, grammar=grammar)
            )
        if forbidden:
            result.append(GlossaryEntry(term.text, TermKind.FORBIDDEN, forbidden, note=note, origin=origin))
    return result
