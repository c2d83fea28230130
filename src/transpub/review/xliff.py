"""XLIFF 2.1 files for translators: one ``<file>`` per release and language, one ``<unit>`` per segment.

This module knows the format only: :func:`write_xliff` turns an :class:`XliffDocument` into bytes and
:func:`read_xliff` parses bytes back, refusing hostile XML. Deciding *what* goes into a file and what an
imported file changes lives in :mod:`transpub.review.export` and :mod:`transpub.review.apply`.

Mapping from tagged text: ``<g id="1">…</g>`` becomes ``<pc id="1" dataRefStart="d1" dataRefEnd="d2">``
and ``<x id="2"/>`` becomes ``<ph id="2" dataRef="d3"/>``; the original markup travels in ``<originalData>``
so a CAT tool can show it. On import, ``<originalData>`` is ignored: codes are rebuilt from the current
segment, so a file can never put new HTML on a page.

Where things live in the file:

- ``<file id>`` is the release slug, ``<file original>`` the release file path.
- The reviewer's name is a ``<note category="reviewer">`` in the ``<file>``'s ``<notes>`` (a unit may
  carry its own, which wins). Plain notes were chosen over ``mda:metadata`` because every CAT tool shows
  and keeps them.
- Each flag is a ``<note category="flag">`` (priority 1 critical, 5 warning, 9 info) with its message, the
  target translated back by the reverse engine a ``<note category="back-translation">``, each glossary term a
  ``<note category="term">``, the segment's context a ``<note category="context">``.

>>> doc = XliffDocument(
...     slug="gcrf-2026", original="news/gcrf.md", src_lang="en", trg_lang="pt",
...     units=(XliffUnit("b1.s1", 'The <g id="1">GCRF</g> said', 'O <g id="1">GCRF</g> disse',
...                      "translated", codes=(InlineCode("1", "<b>", "</b>"),)),))
>>> data = write_xliff(doc)
>>> b'<pc id="1" dataRefStart="d1" dataRefEnd="d2">GCRF</pc>' in data
True
>>> read_xliff(data).units[0].target
'O <g id="1">GCRF</g> disse'
"""

from __future__ import annotations

import enum
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from os import PathLike

from transpub.document import FuzzyMatch, InlineCode
from transpub.errors import ReviewError
from transpub.text import tagged
from transpub.text.xmlparse import XmlGuard, parse_untrusted
from transpub.text.xmlsafe import xml_safe

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"  # the Translation Candidates module: fuzzy matches for CAT tools
XLIFF_VERSION = "2.1"
MAX_BYTES = 20_000_000
#: Deepest nesting of inline codes (``<pc>`` in ``<pc>``) accepted on import, as for HTML sources.
MAX_INLINE_DEPTH = 100
_GUARD = XmlGuard(
    ReviewError, hostile="refused hostile XML (DTDs and entities are not allowed in review files)", max_bytes=MAX_BYTES
)

_NS = f"{{{XLIFF_NS}}}"


class State(enum.StrEnum):
    """XLIFF 2 segment states, in the order work moves through them."""

    INITIAL = "initial"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"
    FINAL = "final"

    @property
    def approved(self) -> bool:
        """Whether a unit in this state is a translator's approved wording."""
        return self in (State.REVIEWED, State.FINAL)


@dataclass(frozen=True)
class Note:
    """One ``<note>``: ``category`` is ``flag``, ``term``, ``context``, ``suggestion`` or ``reviewer``."""

    category: str
    text: str
    priority: int | None = None


@dataclass(frozen=True)
class XliffUnit:
    """One segment as a translator sees it: ``source`` and ``target`` (maybe None) are tagged text."""

    id: str
    source: str
    target: str | None
    state: State | str = State.INITIAL
    codes: tuple[InlineCode, ...] = ()
    notes: tuple[Note, ...] = ()
    matches: tuple[FuzzyMatch, ...] = ()  # written as <mtc:matches>; not read back

    @property
    def reviewer(self) -> str | None:
        return _reviewer(self.notes)


@dataclass(frozen=True)
class XliffDocument:
    """One XLIFF file: one release (``slug``) in one language pair."""

    slug: str
    original: str
    src_lang: str
    trg_lang: str
    units: tuple[XliffUnit, ...]
    notes: tuple[Note, ...] = ()

    @property
    def reviewer(self) -> str | None:
        """The reviewer named for the whole file, if any."""
        return _reviewer(self.notes)


def _reviewer(notes: tuple[Note, ...]) -> str | None:
    for note in notes:
        if note.category == "reviewer" and note.text.strip():
            return note.text.strip()
    return None


# --------------------------------------------------------------------------------------------- writing


def write_xliff(doc: XliffDocument) -> bytes:
    """Serialize ``doc`` as an XLIFF 2.1 file (UTF-8, with an XML declaration)."""
    # Tags are written unqualified under a default ``xmlns`` declared by hand: ElementTree's default_namespace
    # option refuses unqualified attribute names, which is what XLIFF's attributes are.
    root = ET.Element(
        "xliff",
        {"xmlns": XLIFF_NS, "version": XLIFF_VERSION, "srcLang": doc.src_lang, "trgLang": doc.trg_lang},
    )
    if any(unit.matches for unit in doc.units):
        root.set("xmlns:mtc", MTC_NS)
    file_el = ET.SubElement(root, "file", {"id": doc.slug, "original": doc.original})
    _write_notes(file_el, doc.notes)
    for unit in doc.units:
        _write_unit(file_el, unit)
    _indent(root)
    # Machine output or an old memory entry may hold a character XML 1.0 cannot (reviewers' edits are refused):
    # it is dropped here, the last step, so the file always parses (transpub.text.xmlsafe).
    return xml_safe(ET.tostring(root, encoding="unicode", xml_declaration=True)).encode("utf-8") + b"\n"


_STRUCTURAL = frozenset({"xliff", "file", "notes", "unit", "originalData", "segment", "mtc:matches", "mtc:match"})


def _indent(el: ET.Element, level: int = 0) -> None:
    """Indent element-only parts of the tree; ``<source>``, ``<target>``, ``<note>`` and ``<data>`` content is
    never touched (ElementTree's own ``indent`` would add whitespace inside mixed content)."""
    if el.tag not in _STRUCTURAL or not len(el):
        return
    inner = "\n" + "  " * (level + 1)
    el.text = inner
    for child in el:
        child.tail = inner
        _indent(child, level + 1)
    el[-1].tail = "\n" + "  " * level


def _write_notes(parent: ET.Element, notes: tuple[Note, ...]) -> None:
    if not notes:
        return
    notes_el = ET.SubElement(parent, "notes")
    for note in notes:
        attrs = {"category": note.category}
        if note.priority is not None:
            attrs["priority"] = str(note.priority)
        ET.SubElement(notes_el, "note", attrs).text = note.text


def _write_matches(unit_el: ET.Element, matches: tuple[FuzzyMatch, ...]) -> None:
    """Fuzzy matches as Translation Candidates (``<mtc:match ref="#s1" similarity="…" type="tm">``), as plain
    text: a candidate's codes belong to another sentence and have no data in this unit."""
    if not matches:
        return
    matches_el = ET.SubElement(unit_el, "mtc:matches")
    for m in matches:
        attrs = {"ref": "#s1", "similarity": f"{m.score * 100:.1f}", "type": "tm", "origin": f"transpub {m.origin}"}
        match_el = ET.SubElement(matches_el, "mtc:match", attrs)
        ET.SubElement(match_el, "source").text = tagged.to_plain(m.source)
        ET.SubElement(match_el, "target").text = tagged.to_plain(m.target)


def _write_unit(file_el: ET.Element, unit: XliffUnit) -> None:
    unit_el = ET.SubElement(file_el, "unit", {"id": unit.id})
    _write_matches(unit_el, unit.matches)
    _write_notes(unit_el, unit.notes)
    refs: dict[str, str] = {}
    if unit.codes:
        data_el = ET.SubElement(unit_el, "originalData")
        for code in unit.codes:
            refs[f"{code.id}:open"] = _data(data_el, code.opening)
            if code.paired:
                refs[f"{code.id}:close"] = _data(data_el, code.closing)
    seg_attrs = {"id": "s1", "state": str(unit.state)} if unit.matches else {"state": str(unit.state)}
    seg_el = ET.SubElement(unit_el, "segment", seg_attrs)
    _write_inline(ET.SubElement(seg_el, "source"), unit.source, refs)
    if unit.target is not None:
        _write_inline(ET.SubElement(seg_el, "target"), unit.target, refs)


def _data(data_el: ET.Element, markup: str) -> str:
    ref = f"d{len(data_el) + 1}"
    ET.SubElement(data_el, "data", {"id": ref}).text = markup
    return ref


def _write_inline(container: ET.Element, text: str, refs: dict[str, str]) -> None:
    """Fill ``container`` with the mixed content for tagged ``text``."""
    stack = [container]
    last: ET.Element | None = None  # the element whose tail receives the next text, if any

    def add_text(value: str) -> None:
        if last is None:
            stack[-1].text = (stack[-1].text or "") + value
        else:
            last.tail = (last.tail or "") + value

    for tok in tagged.parse(text):
        if isinstance(tok, tagged.Text):
            add_text(tok.text)
        elif isinstance(tok, tagged.Open):
            attrs = {"id": tok.id}
            for attr, key in (("dataRefStart", f"{tok.id}:open"), ("dataRefEnd", f"{tok.id}:close")):
                if key in refs:
                    attrs[attr] = refs[key]
            stack.append(ET.SubElement(stack[-1], "pc", attrs))
            last = None
        elif isinstance(tok, tagged.Close):
            last = stack.pop()
        else:
            attrs = {"id": tok.id}
            if f"{tok.id}:open" in refs:
                attrs["dataRef"] = refs[f"{tok.id}:open"]
            last = ET.SubElement(stack[-1], "ph", attrs)


# --------------------------------------------------------------------------------------------- reading


def read_xliff(data: bytes, *, path: str | PathLike[str] | None = None) -> XliffDocument:
    """Parse an XLIFF 2.x file; ``path`` only names the file in errors.

    Any DTD is refused outright (so no entity can be declared, expanded or fetched), as are files over
    ``MAX_BYTES``, files that are not XLIFF 2, and units whose inline markup cannot be mapped back to tagged
    text.
    """
    root = parse_untrusted(data, _GUARD, path=path)
    if root.tag != _NS + "xliff":
        raise ReviewError("not an XLIFF 2 file (root element)", path=path, value=root.tag)
    if not str(root.get("version", "")).startswith("2."):
        raise ReviewError("unsupported XLIFF version", path=path, value=root.get("version"))
    files = root.findall(_NS + "file")
    if len(files) != 1:
        raise ReviewError("expected exactly one <file> (one release per file)", path=path, value=len(files))
    file_el = files[0]
    src_lang, trg_lang = root.get("srcLang"), root.get("trgLang")
    if not src_lang or not trg_lang:
        raise ReviewError("srcLang and trgLang are required", path=path, value=(src_lang, trg_lang))
    units = tuple(_read_unit(el, path) for el in file_el.iter(_NS + "unit"))
    ids = [u.id for u in units]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ReviewError("duplicate unit ids", path=path, value=duplicates)
    return XliffDocument(
        slug=file_el.get("id", ""),
        original=file_el.get("original", ""),
        src_lang=src_lang,
        trg_lang=trg_lang,
        units=units,
        notes=_read_notes(file_el),
    )


def _read_notes(parent: ET.Element) -> tuple[Note, ...]:
    notes_el = parent.find(_NS + "notes")
    if notes_el is None:
        return ()
    out = []
    for el in notes_el.findall(_NS + "note"):
        priority = el.get("priority")
        out.append(
            Note(
                el.get("category", ""),
                el.text or "",
                int(priority) if priority and priority.isdigit() else None,
            )
        )
    return tuple(out)


def _read_unit(unit_el: ET.Element, path: str | PathLike[str] | None) -> XliffUnit:
    unit_id = unit_el.get("id", "")
    if not unit_id:
        raise ReviewError("a <unit> has no id", path=path)
    segments = unit_el.findall(_NS + "segment")
    if len(segments) != 1:
        raise ReviewError(f"unit {unit_id} must hold exactly one <segment>", path=path, value=len(segments))
    seg_el = segments[0]
    source_el, target_el = seg_el.find(_NS + "source"), seg_el.find(_NS + "target")
    if source_el is None:
        raise ReviewError(f"unit {unit_id} has no <source>", path=path)
    try:
        source = _read_inline(source_el)
        target = None if target_el is None else _read_inline(target_el)
    except ReviewError as exc:
        raise ReviewError(f"unit {unit_id}: {exc.message}", path=path, value=exc.value) from exc
    return XliffUnit(
        id=unit_id,
        source=source,
        target=target,
        state=seg_el.get("state", State.INITIAL.value),
        notes=_read_notes(unit_el),
    )


def _read_inline(el: ET.Element, depth: int = 0) -> str:
    """Tagged text for the mixed content of a ``<source>`` or ``<target>``."""
    if depth > MAX_INLINE_DEPTH:  # checked before recursing further: a deep file cannot exhaust the stack
        raise ReviewError(f"inline codes are nested more than {MAX_INLINE_DEPTH} deep", value=el.get("id", ""))
    out = [tagged.escape(el.text or "")]
    for child in el:
        name = child.tag.removeprefix(_NS)
        code_id = child.get("id", "")
        if name == "pc":
            _check_code_id(code_id)
            out.append(f'<g id="{code_id}">{_read_inline(child, depth + 1)}</g>')
        elif name == "ph":
            _check_code_id(code_id)
            if len(child) or (child.text or "").strip():
                raise ReviewError("<ph> must be empty", value=code_id)
            out.append(f'<x id="{code_id}"/>')
        elif name == "mrk":  # an annotation (comment, term) a CAT tool added: keep its words, drop the marker
            out.append(_read_inline(child, depth + 1))
        else:
            raise ReviewError("unsupported inline element (only <pc>, <ph> and <mrk> are accepted)", value=name)
        out.append(tagged.escape(child.tail or ""))
    return "".join(out)  # balanced by construction: XML nesting is the codes' nesting


def _check_code_id(code_id: str) -> None:
    if not code_id or not all(c.isascii() and (c.isalnum() or c in ".-") for c in code_id):
        raise ReviewError("inline code id is missing or not a plain token", value=code_id)
