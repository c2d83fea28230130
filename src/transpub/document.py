"""The values that flow through the pipeline: releases, segments, translations and QA flags.

All are frozen dataclasses. A segment's ``source`` (and a translation's ``target``) is *tagged text*: XML-escaped
text in which inline markup is replaced by numbered codes, ``<g id="1">…</g>`` for a paired tag (``<a>``, ``<em>``)
and ``<x id="2"/>`` for a standalone one (``<br>``, ``<img>``). ``Segment.codes`` maps each id back to the original
markup, so the same tagged text can become HTML (publishing), XLIFF ``<pc>``/``<ph>`` (review) or masked plain text
(machine translation).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType


class Severity(enum.StrEnum):
    """How much a flag matters: ``critical`` can hold a language from publishing."""

    CRITICAL = "critical"
    WARNING = "warning"
    INFO = "info"


class Origin(enum.StrEnum):
    """Where a target text came from."""

    MT = "mt"  # machine translation in this run
    MEMORY = "memory"  # an earlier machine translation reused from the translation memory
    APPROVED = "approved"  # a translator's approved wording; always wins
    KEPT = "kept"  # never translated (translate="no", code, numbers-only…): copied from the source


@dataclass(frozen=True)
class Flag:
    """One QA finding on one segment.

    ``code`` is the stable check id (``glossary-mandated-missing``); ``span`` is the offending term or value.
    """

    code: str
    severity: Severity
    message: str
    span: str | None = None

    def __post_init__(self) -> None:
        # A check id (transpub.checks.ids.CheckId) is kept as its plain string value: flags cross process
        # boundaries and are written to JSON as they are.
        object.__setattr__(self, "code", str(self.code))


@dataclass(frozen=True)
class Block:
    """One block-level element of the release body (``<p>``, ``<h2>``, ``<ul>``, ``<blockquote>``…).

    ``html`` is the element serialized as HTML; ``kind`` is its tag name.
    """

    kind: str
    html: str


def _frozen_map(value: Mapping[str, str] | None = None) -> Mapping[str, str]:
    return MappingProxyType(dict(value or {}))


@dataclass(frozen=True)
class Release:
    """An English (source-language) release, whatever file format it came in.

    ``meta`` holds translatable page metadata (``description``, ``og:title``, ``og:description``).
    ``content_hash`` is the SHA-256 of the raw file bytes, used to detect edits.
    """

    title: str
    slug: str
    blocks: tuple[Block, ...]
    date: dt.date | None = None
    summary: str | None = None
    meta: Mapping[str, str] = field(default_factory=_frozen_map)
    source_path: Path | None = None
    source_format: str = "txt"
    content_hash: str = ""

    @property
    def body_html(self) -> str:
        return "\n".join(block.html for block in self.blocks)


@dataclass(frozen=True)
class InlineCode:
    """Original markup behind one inline code of a tagged text.

    ``opening`` is the full start tag as it stood in the source (``<a href="/x" class="k">``); ``closing`` is the end
    tag (``</a>``), empty for a standalone code.
    """

    id: str
    opening: str
    closing: str = ""

    @property
    def paired(self) -> bool:
        return bool(self.closing)


@dataclass(frozen=True)
class Segment:
    """One translatable unit, usually a sentence.

    ``id`` is stable across runs for the same text in the same place; ``context`` says where it lives
    (``title``, ``body``, ``summary``, ``attr:alt``, ``attr:title``, ``meta:description``, ``meta:og:title``…).
    """

    id: str
    source: str
    codes: tuple[InlineCode, ...] = ()
    context: str = "body"

    def code(self, code_id: str) -> InlineCode:
        for c in self.codes:
            if c.id == code_id:
                return c
        raise KeyError(code_id)


@dataclass(frozen=True)
class FuzzyMatch:
    """A stored translation of a similar source, offered to a reviewer: ``score`` is the similarity in 0..1."""

    source: str
    target: str
    score: float
    origin: Origin


@dataclass(frozen=True)
class Translation:
    """The target text of one segment in one language, with where it came from and what QA found.

    ``strategy`` names the term strategy that produced the target, ``back_translation`` is the target translated
    back into the source language by a round-trip check, ``matches`` are fuzzy memory matches for review; all three
    are optional and go into the QA report as they are.
    """

    segment_id: str
    lang: str
    source: str
    target: str
    origin: Origin
    flags: tuple[Flag, ...] = ()
    engine: str | None = None
    suggestion: str | None = None  # e.g. the old approved wording when the source changed since approval
    strategy: str | None = None
    back_translation: str | None = None
    matches: tuple[FuzzyMatch, ...] = ()

    @property
    def critical(self) -> bool:
        return any(f.severity is Severity.CRITICAL for f in self.flags)
