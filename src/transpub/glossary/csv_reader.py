"""Reading CSV glossaries.

The header names the languages (the source language and each target, as language codes) and may add the columns
``type`` (``translate``, ``keep`` or ``forbidden``), ``case_sensitive`` (``yes``/``no``; acronyms default to yes)
and ``note``, and per target language the grammar columns ``<lang>_gender`` (``m``/``f``), ``<lang>_number``
(``sg``/``pl``), ``<lang>_plural`` (the plural form; ``-`` for none) and ``<lang>_pos`` (``noun``, ``adj``…), which
a keep-term may use too (the gender it takes). For ``forbidden`` rows a target cell lists ``|``-separated words that
must never appear in that language. Without a ``type``, a row whose target cells are all empty or equal to the
source is ``keep``, any other row is ``translate``. Blank lines and lines starting with ``#`` are skipped. The
header must name the run's source language and, when it names target languages, at least one target of the run
(:mod:`transpub.glossary.coverage`); columns for languages outside the run are ignored.

>>> rows = "en,pt,type\\nGCRF,,keep\\nclimate resilience,resiliência climática,\\n"
>>> entries = parse_csv(rows, path="g.csv", source="en", targets=["pt"])
>>> [(e.source, str(e.kind), e.target("pt"), e.origin) for e in entries]
[('GCRF', 'keep', 'GCRF', 'g.csv:2'), ('climate resilience', 'translate', 'resiliência climática', 'g.csv:3')]
>>> parse_csv("en,pt,type\\nGCRF,,maybe\\n", path="g.csv", source="en", targets=["pt"])
Traceback (most recent call last):
...
transpub.errors.GlossaryError: g.csv:2: unknown type (expected translate, keep or forbidden): 'maybe'
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from transpub.errors import GlossaryError, LanguageError
from transpub.glossary.coverage import check_coverage, source_key
from transpub.glossary.entry import GlossaryEntry, TermGrammar, TermKind, lookup_language
from transpub.languages import parse_language

EXTENSIONS = (".csv",)
OPTIONAL_COLUMNS = ("type", "case_sensitive", "note")
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
GRAMMAR_FIELDS = ("gender", "number", "plural", "pos")
_GRAMMAR_COLUMN = re.compile(
    r"^(?P<lang>[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)_(?P<field>" + "|".join(GRAMMAR_FIELDS) + r")$"
)
_GENDERS = {"m": "m", "masc": "m", "masculine": "m", "f": "f", "fem": "f", "feminine": "f", "n": "n", "neuter": "n"}
_NUMBERS = {"sg": "sg", "singular": "sg", "pl": "pl", "plural": "pl"}


def _grammar_column(name: str) -> str | None:
    """``pt_gender`` -> ``pt_gender`` with the language tag normalised (``pt-br_plural`` -> ``pt-BR_plural``)."""
    m = _GRAMMAR_COLUMN.match(name)
    if m is None:
        return None
    try:
        return f"{parse_language(m.group('lang')).tag}_{m.group('field').lower()}"
    except LanguageError:
        return None


def _is_language(name: str) -> bool:
    return name not in OPTIONAL_COLUMNS and "_" not in name


def read_csv(path: Path, *, source: str, targets: Sequence[str]) -> tuple[GlossaryEntry, ...]:
    """Read one CSV glossary file (UTF-8, optional BOM)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GlossaryError("glossary is not UTF-8 text", path=path) from exc
    except OSError as exc:
        raise GlossaryError(f"cannot read glossary ({exc.strerror})", path=path) from exc
    return parse_csv(text, path=str(path), source=source, targets=targets)


def _header(row: list[str], path: str, line: int, source: str, targets: Sequence[str]) -> dict[str, int]:
    """Column name -> index; refuses a header that does not fit the run (see :func:`check_coverage`)."""
    columns: dict[str, int] = {}
    for index, raw in enumerate(row):
        name = raw.strip()
        if not name:
            raise GlossaryError(f"bad header: column {index + 1} has no name", path=path, line=line)
        if name.lower() in OPTIONAL_COLUMNS:
            name = name.lower()
        elif (grammar := _grammar_column(name)) is not None:
            name = grammar
        else:
            try:
                name = parse_language(name).tag
            except LanguageError as exc:
                raise GlossaryError(
                    f"bad header: column {index + 1} is neither a language code nor one of "
                    f"{', '.join(OPTIONAL_COLUMNS)}",
                    path=path,
                    line=line,
                    value=raw,
                ) from exc
        if name in columns:
            raise GlossaryError("bad header: duplicate column", path=path, line=line, value=raw)
        columns[name] = index
    languages = [name for name in columns if _is_language(name)]
    if source_key(languages, source) is None:
        raise GlossaryError(
            f"bad header: no column for the source language of this run ({source}); "
            f"the header names {', '.join(languages) or 'no language'}",
            path=path,
            line=line,
        )
    check_coverage(languages, source=source, targets=targets, path=path, line=line)
    return columns


def _flag(value: str, path: str, line: int) -> bool | None:
    lowered = value.strip().lower()
    if not lowered:
        return None
    if lowered in _YES:
        return True
    if lowered in _NO:
        return False
    raise GlossaryError("case_sensitive must be yes or no", path=path, line=line, value=value)


def _kind(value: str, targets: dict[str, str], term: str, path: str, line: int) -> TermKind:
    lowered = value.strip().lower()
    if not lowered:
        same = all(not cell or cell == term for cell in targets.values())
        return TermKind.KEEP if same else TermKind.TRANSLATE
    try:
        return TermKind(lowered)
    except ValueError:
        raise GlossaryError(
            "unknown type (expected translate, keep or forbidden)", path=path, line=line, value=value
        ) from None


def parse_csv(text: str, *, path: str, source: str, targets: Sequence[str]) -> tuple[GlossaryEntry, ...]:
    """Parse CSV glossary text; errors name ``path``, the line and the offending value."""
    reader = csv.reader(io.StringIO(text))
    columns: dict[str, int] | None = None
    entries: list[GlossaryEntry] = []
    seen: dict[tuple[bool, str], int] = {}
    line = 1
    try:
        for row in reader:
            line = reader.line_num - sum(cell.count("\n") for cell in row)
            if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
                continue
            if columns is None:
                columns = _header(row, path, line, source, targets)
                continue
            entry = _row(row, columns, path=path, line=line, source=source, targets=targets)
            if entry.key in seen:
                raise GlossaryError(
                    f"term is already defined on line {seen[entry.key]}", path=path, line=line, value=entry.source
                )
            seen[entry.key] = line
            entries.append(entry)
    except csv.Error as exc:
        raise GlossaryError(f"malformed CSV ({exc})", path=path, line=reader.line_num) from exc
    if columns is None:
        raise GlossaryError("glossary is empty: no header row", path=path, line=1)
    return tuple(entries)


def _row(
    row: list[str], columns: dict[str, int], *, path: str, line: int, source: str, targets: Sequence[str]
) -> GlossaryEntry:
    if len(row) > len(columns):
        raise GlossaryError(
            f"row has {len(row)} cells but the header has {len(columns)}", path=path, line=line, value=row[-1]
        )

    def cell(name: str) -> str:
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    langs = [k for k in columns if _is_language(k)]
    source_col = lookup_language(dict.fromkeys(langs), source)
    term = cell(source_col) if source_col else ""
    if not term:
        raise GlossaryError(f"empty source term (column {source_col!r})", path=path, line=line)
    wanted = {lookup_language(dict.fromkeys(langs), t) for t in targets} - {None, source_col}
    cells = {lang: cell(lang) for lang in langs if lang != source_col}
    kind = _kind(cell("type"), cells, term, path, line)
    if kind is TermKind.FORBIDDEN and not any(cells.values()):
        raise GlossaryError("forbidden term lists no forbidden word in any language", path=path, line=line)
    target_terms: dict[str, tuple[str, ...]] = {}
    for lang, value in cells.items():
        if kind is TermKind.KEEP and value and value != term:
            raise GlossaryError(
                f"keep term {term!r} has a different {lang} cell (keep terms are never translated)",
                path=path,
                line=line,
                value=value,
            )
        if not value or lang not in wanted:
            continue
        if kind is TermKind.FORBIDDEN:
            target_terms[lang] = tuple(w.strip() for w in value.split("|") if w.strip())
        elif kind is TermKind.TRANSLATE:
            target_terms[lang] = (value,)
    grammar = _grammar(columns, cell, wanted, path, line) if kind is not TermKind.FORBIDDEN else {}
    return GlossaryEntry(
        source=term,
        kind=kind,
        targets=target_terms,
        case_sensitive=_flag(cell("case_sensitive"), path, line),
        note=cell("note") or None,
        origin=f"{path}:{line}",
        grammar=grammar,
    )


def _grammar(
    columns: dict[str, int], cell: Callable[[str], str], wanted: set[str | None], path: str, line: int
) -> dict[str, TermGrammar]:
    """Per target language of the run, the grammar its columns give (validated; errors name line and value)."""
    values: dict[str, dict[str, str]] = {}
    for name in columns:
        if "_" not in name or name in OPTIONAL_COLUMNS:
            continue
        lang, field = name.rsplit("_", 1)
        value = cell(name)
        if value:
            values.setdefault(lang, {})[field] = value
    result: dict[str, TermGrammar] = {}
    for lang, fields in values.items():
        key = lookup_language(dict.fromkeys(x for x in wanted if x), lang)
        if key is None:
            continue
        gender = fields.get("gender")
        if gender is not None and gender.lower() not in _GENDERS:
            raise GlossaryError(f"{lang}_gender must be m or f", path=path, line=line, value=gender)
        number = fields.get("number")
        if number is not None and number.lower() not in _NUMBERS:
            raise GlossaryError(f"{lang}_number must be sg or pl", path=path, line=line, value=number)
        result[key] = TermGrammar(
            gender=_GENDERS[gender.lower()] if gender else None,
            number=_NUMBERS[number.lower()] if number else None,
            plural=fields.get("plural"),
            pos=fields.get("pos"),
        )
    return result
