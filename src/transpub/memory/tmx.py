"""TMX 1.4b, the translation-memory format every CAT tool reads: export the memory, import another tool's.

One ``<tu>`` per memory entry, with the source ``<tuv>`` first. What transpub knows beyond the text travels in
standard places: who approved an entry is the ``<tu changeid>``, when is ``changedate`` (``creationdate`` is when
it was first stored), and its origin is a ``<prop type="x-transpub-origin">`` (``approved`` or ``mt``, with the
engine and model as ``x-transpub-engine``/``x-transpub-model`` props). Importing a file transpub wrote therefore
gives back the same entries: approved stays approved, with its reviewer and date.

Inline codes: ``<g id="1">…</g>`` becomes ``<bpt i="1" x="1">…</bpt>…<ept i="1">…</ept>`` and ``<x id="2"/>``
becomes ``<ph x="2">…</ph>``, the element text holding the tagged code itself. On import, ``bpt``/``ept`` pair by
``i`` and take their id from ``x`` (or ``i``), ``ph`` from ``x``; ``<hi>`` keeps its text; ``it``, ``ut`` and
``sub`` are refused, since they carry no code a release could map back.

Hostile XML is refused by the guard XLIFF and TBX files pass too (:mod:`transpub.text.xmlparse`): no entity
declarations, no external references, nothing over ``MAX_BYTES``. A bare ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``
line, which CAT tools write, is accepted and never fetched. Every problem is one :class:`TranslationMemoryError`
naming the file and line.

>>> unit = TmxUnit('Read <g id="1">the report</g>.', 'Leia <g id="1">o relatório</g>.', "en", "pt",
...                "approved", "ana", "2026-12-01T10:00:00+00:00", "2026-12-02T11:30:00+00:00")
>>> data = write_tmx([unit], source_lang="en")
>>> b'<bpt i="1" x="1">&lt;g id="1"&gt;</bpt>' in data
True
>>> read_tmx(data) == (unit,)
True
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from os import PathLike

from transpub import __version__
from transpub.errors import LanguageError, ProtectionError, TranslationMemoryError, TranspubError
from transpub.languages import parse_language
from transpub.memory import history
from transpub.text import tagged
from transpub.text.xmlparse import XmlGuard, parse_untrusted_lines

MAX_BYTES = 200_000_000
ORIGIN_PROP, ENGINE_PROP, MODEL_PROP = "x-transpub-origin", "x-transpub-engine", "x-transpub-model"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_TMX_DATE = "%Y%m%dT%H%M%SZ"
PathName = str | PathLike[str] | None
_GUARD = XmlGuard(
    TranslationMemoryError,
    hostile="refused hostile XML (entity declarations and external references are not allowed in TMX files)",
    max_bytes=MAX_BYTES,
    too_large="TMX file is larger than {max_bytes} bytes",
    allow_doctype=True,
)


@dataclass(frozen=True)
class TmxUnit:
    """One source/target pair as TMX carries it (dates in ISO 8601, UTC)."""

    source: str
    target: str
    source_lang: str
    target_lang: str
    origin: str = "approved"  # approved | mt
    reviewer: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    engine: str | None = None
    model: str | None = None


# ----------------------------------------------------------------------------------------------------- dates


def tmx_date(iso: str | None) -> str | None:
    """ISO 8601 -> TMX's ``YYYYMMDDThhmmssZ`` (UTC).

    >>> tmx_date("2026-12-01T10:00:00.123456+00:00")
    '20261201T100000Z'
    """
    if not iso:
        return None
    moment = dt.datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime(_TMX_DATE)


def iso_date(value: str | None, *, path: PathName = None, line: int | None = None) -> str | None:
    """TMX's ``YYYYMMDDThhmmssZ`` -> ISO 8601 (UTC); anything else is an error naming it."""
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, _TMX_DATE).replace(tzinfo=dt.UTC).isoformat()
    except ValueError:
        raise TranslationMemoryError("TMX date is not YYYYMMDDThhmmssZ", path=path, line=line, value=value) from None


# ----------------------------------------------------------------------------------------------------- writing


def write_tmx(units: Iterable[TmxUnit], *, source_lang: str) -> bytes:
    """A TMX 1.4b document holding ``units`` (all with source language ``source_lang``)."""
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "transpub",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": "transpub-sqlite",
            "adminlang": "en",
            "srclang": source_lang,
            "datatype": "xml",
        },
    )
    body = ET.SubElement(root, "body")
    for unit in units:
        attrs = {"creationdate": tmx_date(unit.created_at), "changedate": tmx_date(unit.updated_at)}
        if unit.reviewer:
            attrs["changeid"] = unit.reviewer
        tu = ET.SubElement(body, "tu", {k: v for k, v in attrs.items() if v})
        for kind, value in ((ORIGIN_PROP, unit.origin), (ENGINE_PROP, unit.engine), (MODEL_PROP, unit.model)):
            if value:
                ET.SubElement(tu, "prop", type=kind).text = value
        for lang, text in ((unit.source_lang, unit.source), (unit.target_lang, unit.target)):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
            _write_seg(ET.SubElement(tuv, "seg"), text)
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True)) + b"\n"


def _write_seg(seg: ET.Element, text: str) -> None:
    last: ET.Element | None = None
    pairs: list[int] = []
    counter = 0

    def add_text(value: str) -> None:
        if last is None:
            seg.text = (seg.text or "") + value
        else:
            last.tail = (last.tail or "") + value

    for tok in tagged.parse(text):
        if isinstance(tok, tagged.Text):
            add_text(tok.text)
            continue
        if isinstance(tok, tagged.Open):
            counter += 1
            pairs.append(counter)
            last = ET.SubElement(seg, "bpt", i=str(counter), x=tok.id)
        elif isinstance(tok, tagged.Close):
            last = ET.SubElement(seg, "ept", i=str(pairs.pop()))
        else:
            last = ET.SubElement(seg, "ph", x=tok.id)
        last.text = tagged.serialize([tok])


# ----------------------------------------------------------------------------------------------------- reading


def read_tmx(data: bytes, *, path: PathName = None, default_origin: str = "approved") -> tuple[TmxUnit, ...]:
    """Every source/target pair of a TMX 1.4 file; ``path`` only names the file in errors.

    A ``<tu>`` without an ``x-transpub-origin`` prop (another tool's memory) gets ``default_origin``.
    """
    root, lines = parse_untrusted_lines(data, _GUARD, path=path)
    if root.tag != "tmx" or not str(root.get("version", "")).startswith("1."):
        raise TranslationMemoryError("not a TMX 1.x file (root element)", path=path, value=root.tag)
    header, body = root.find("header"), root.find("body")
    if header is None or body is None:
        raise TranslationMemoryError("a TMX file needs a <header> and a <body>", path=path)
    default_src = header.get("srclang")
    units: list[TmxUnit] = []
    for tu in body.iter("tu"):
        line = lines.get(id(tu))
        try:
            units.extend(_read_tu(tu, default_src, default_origin, path, line))
        except (ProtectionError, LanguageError) as exc:
            raise TranslationMemoryError(f"bad <tu>: {exc.message}", path=path, line=line, value=exc.value) from exc
    return tuple(units)


def _lang(code: str | None, path: PathName, line: int | None) -> str:
    if not code or code == "*all*":
        raise TranslationMemoryError("a <tu> has no usable source language (srclang)", path=path, line=line)
    return parse_language(code).tag


def _read_tu(
    tu: ET.Element, default_src: str | None, default_origin: str, path: PathName, line: int | None
) -> list[TmxUnit]:
    src_lang = _lang(tu.get("srclang") or default_src, path, line)
    props = {p.get("type"): (p.text or "").strip() for p in tu.findall("prop")}
    origin = props.get(ORIGIN_PROP) or default_origin
    if origin not in ("approved", "mt"):
        raise TranslationMemoryError(f"{ORIGIN_PROP} must be approved or mt", path=path, line=line, value=origin)
    texts: dict[str, tuple[str, ET.Element]] = {}
    for tuv in tu.findall("tuv"):
        lang = _lang(tuv.get(XML_LANG) or tuv.get("lang"), path, line)
        seg = tuv.find("seg")
        if seg is None:
            raise TranslationMemoryError("a <tuv> has no <seg>", path=path, line=line, value=lang)
        texts.setdefault(lang, (_read_seg(seg, path, line), tuv))
    if src_lang not in texts:
        raise TranslationMemoryError("a <tu> has no <tuv> in its source language", path=path, line=line, value=src_lang)
    source = texts.pop(src_lang)[0]
    out = []
    for lang, (target, tuv) in texts.items():
        reviewer = tuv.get("changeid") or tu.get("changeid") or tu.get("creationid")
        changed = iso_date(tuv.get("changedate") or tu.get("changedate"), path=path, line=line)
        created = iso_date(tuv.get("creationdate") or tu.get("creationdate"), path=path, line=line)
        out.append(
            TmxUnit(
                source,
                target,
                src_lang,
                lang,
                origin,
                reviewer,
                created or changed,
                changed or created,
                props.get(ENGINE_PROP) or None,
                props.get(MODEL_PROP) or None,
            )
        )
    return out


def _read_seg(seg: ET.Element, path: PathName, line: int | None) -> str:
    tokens: list[tagged.Token] = []
    open_ids: dict[str, str] = {}

    def walk(el: ET.Element) -> None:
        if el.text and el.tag == "hi":
            tokens.append(tagged.Text(el.text))
        for child in el:
            if child.tag == "bpt":
                code = child.get("x") or child.get("i") or ""
                open_ids[child.get("i", code)] = code
                tokens.append(tagged.Open(code))
            elif child.tag == "ept":
                if child.get("i") not in open_ids:
                    raise TranslationMemoryError("<ept> without its <bpt>", path=path, line=line, value=child.get("i"))
                tokens.append(tagged.Close(open_ids.pop(child.get("i", ""))))
            elif child.tag == "ph":
                tokens.append(tagged.Standalone(child.get("x") or ""))
            elif child.tag == "hi":
                walk(child)
            else:
                raise TranslationMemoryError(
                    "unsupported inline element in <seg>", path=path, line=line, value=child.tag
                )
            if child.tail:
                tokens.append(tagged.Text(child.tail))

    if seg.text:
        tokens.append(tagged.Text(seg.text))
    walk(seg)
    text = tagged.serialize(tokens)
    tagged.parse(text)  # balanced, with valid ids, or ProtectionError
    return text


# ----------------------------------------------------------------------------------------------------- memory


@dataclass(frozen=True)
class ImportSummary:
    """What an import did: entries written, entries already the same, entries kept because the memory's won."""

    written: int
    unchanged: int
    kept: int


def memory_units(conn: sqlite3.Connection, *, source_lang: str, target_lang: str | None = None) -> tuple[TmxUnit, ...]:
    """Every entry with ``source_lang`` (and ``target_lang`` when given), in a stable order."""
    sql = (
        "SELECT source, target, source_lang, target_lang, origin, reviewer, created_at, updated_at, engine, model"
        " FROM entries WHERE source_lang = ?"
    )
    args = [source_lang]
    if target_lang is not None:
        sql, args = sql + " AND target_lang = ?", [*args, target_lang]
    return tuple(TmxUnit(*row) for row in conn.execute(sql + " ORDER BY target_lang, source", args))


Validate = Callable[[str, str], str]


def import_units(
    conn: sqlite3.Connection,
    units: Sequence[TmxUnit],
    *,
    now: str,
    validate: Validate | None = None,
    path: PathName = None,
) -> ImportSummary:
    """Write ``units`` into the memory (inside the caller's write transaction).

    An approved unit replaces a machine entry, or an approved one that is older; it keeps its reviewer and date and
    goes into the history as ``import``. A machine unit only fills a gap: it never replaces anything. ``validate``
    (the review rules, ``(source, target) -> canonical target``) refuses a unit whose target breaks them.
    """
    written = unchanged = kept = 0
    for unit in units:
        target = unit.target
        if validate is not None:
            try:
                target = validate(unit.source, unit.target)
            except TranspubError as exc:
                raise TranslationMemoryError(
                    f"unit {unit.source[:60]!r} [{unit.target_lang}]: {exc.message}", path=path, value=unit.target
                ) from exc
        key = (unit.source, unit.source_lang, unit.target_lang)
        before = conn.execute(
            "SELECT target, origin, reviewer, updated_at FROM entries"
            " WHERE source = ? AND source_lang = ? AND target_lang = ?",
            key,
        ).fetchone()
        changed_at = unit.updated_at or now
        if before is not None and before[0] == target and (before[1] == unit.origin or unit.origin == "mt"):
            unchanged += 1
            continue
        if before is not None and (unit.origin == "mt" or (before[1] == "approved" and before[3] > changed_at)):
            kept += 1
            continue
        conn.execute(
            "INSERT INTO entries (source, source_lang, target_lang, target, origin, engine, model, reviewer,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (source, source_lang, target_lang) DO UPDATE SET target = excluded.target,"
            " origin = excluded.origin, reviewer = excluded.reviewer, updated_at = excluded.updated_at",
            (
                *key,
                target,
                unit.origin,
                unit.engine,
                unit.model,
                unit.reviewer,
                unit.created_at or changed_at,
                changed_at,
            ),
        )
        if unit.origin == "approved":
            was_target, was_origin, was_reviewer = (None, None, None) if before is None else before[:3]
            change = history.Change(*key, "import", target, was_target, was_origin, was_reviewer, unit.reviewer, now)
            history.record(conn, change)
        written += 1
    return ImportSummary(written, unchanged, kept)
