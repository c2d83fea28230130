"""Building the XLIFF file a translator reviews: one unit per translatable segment of one language.

Segments kept as they are (numbers only, ``translate="no"``) are left out: there is nothing to review. Each
unit carries its flags, glossary terms, context and any suggestion as notes, and its inline markup as
``<originalData>``.
"""

from __future__ import annotations

from transpub.document import Origin, Severity
from transpub.errors import ReviewError
from transpub.publish.report import SegmentReport
from transpub.review.current import CurrentRelease
from transpub.review.xliff import Note, State, XliffDocument, XliffUnit

# XLIFF note priority: 1 is the most important.
PRIORITY = {Severity.CRITICAL: 1, Severity.WARNING: 5, Severity.INFO: 9}


def state_of(segment: SegmentReport) -> State:
    """The XLIFF state a published segment starts in.

    >>> state_of(SegmentReport("a", "body", "Hi", "Oi", Origin.APPROVED))
    <State.FINAL: 'final'>
    >>> state_of(SegmentReport("a", "body", "Hi", "", Origin.MT))
    <State.INITIAL: 'initial'>
    """
    if not segment.target:
        return State.INITIAL
    return State.FINAL if segment.origin is Origin.APPROVED else State.TRANSLATED


def notes_for(segment: SegmentReport) -> tuple[Note, ...]:
    """The notes of one unit: context, flags (most severe first), glossary terms, suggestion, back-translation."""
    notes = [Note("context", segment.context)]
    notes += [
        Note(
            "flag",
            f"{f.severity}: {f.code}: {f.message}" + (f" [{f.span}]" if f.span else ""),
            PRIORITY[f.severity],
        )
        for f in segment.flags
    ]
    notes += [Note("term", term.describe()) for term in segment.terms]
    if segment.suggestion:
        notes.append(Note("suggestion", segment.suggestion))
    if segment.back_translation:
        notes.append(Note("back-translation", segment.back_translation))
    return tuple(notes)


def build_document(
    current: CurrentRelease, lang: str, *, only_flagged: bool = False, reviewer: str | None = None
) -> XliffDocument:
    """The XLIFF document for ``lang`` of a published release.

    Refuses a release whose file changed since it was published: its report's targets belong to the old text,
    so the release must be republished before it is reviewed. ``only_flagged`` keeps every segment with a flag,
    approved ones included; a document with no unit is refused (it would not be valid XLIFF 2.1).
    """
    report = current.report
    if current.changed_since_publish:
        raise ReviewError(
            "the release file changed since it was last published; republish it before exporting",
            path=current.path,
            value=report.slug,
        )
    language = report.language(lang)
    units = []
    for seg in language.segments:
        if seg.origin is Origin.KEPT:
            continue
        if only_flagged and not seg.flags:
            continue  # an approved segment with an open flag is flagged too, as the run summary counts it
        now = current.segment(seg.id)
        codes = now.codes if now is not None and now.source == seg.source else ()
        units.append(
            XliffUnit(
                id=seg.id,
                source=seg.source,
                target=seg.target or None,
                state=state_of(seg),
                codes=codes,
                notes=notes_for(seg),
                matches=seg.matches,
            )
        )
    if not units:
        # XLIFF 2.1 needs a <unit> or <group> in every <file>: an empty export would not be valid.
        what = "has no flagged segment" if only_flagged else "has no segment to review"
        raise ReviewError(f"nothing to export: {lang} of {report.slug!r} {what}", value=lang)
    return XliffDocument(
        slug=report.slug,
        original=str(current.path),
        src_lang=report.source_lang,
        trg_lang=lang,
        units=tuple(units),
        notes=(Note("reviewer", reviewer),) if reviewer else (),
    )
