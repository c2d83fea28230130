"""Telling people that segments wait for review: one notice per release and language, after a publish.

:func:`notify_review_needed` reads the reports a publish wrote and, for every language that still has segments to
review (:func:`transpub.checks.gate.to_review`), builds a :class:`ReviewNeeded` notice with the release, the
language, the counts and the review page's URL. It sends each as a message through Apprise to every URL in
``[review] notify`` (a chat, e-mail, a JSON webhook: ``json://host:port/path``), and hands each to ``emit`` when
given one: the Prefect flow passes :func:`transpub_flows.events.emit_review_needed`, which emits the event
``transpub.review.needed``. The library itself never imports Prefect.

A notification that cannot be delivered is logged and never fails the publish.

>>> from transpub.document import Flag, Origin, Severity
>>> from transpub.publish.report import LanguageReport, LanguageStatus, ReleaseReport, SegmentReport
>>> crit = (Flag("glossary-mandated-missing", Severity.CRITICAL, "mandated term missing"),)
>>> segs = (SegmentReport("title", "title", "Hi", "Oi", Origin.MT, crit),
...         SegmentReport("b1.s1", "body", "Bye", "Tchau", Origin.APPROVED))
>>> report = ReleaseReport("gcrf", "GCRF", None, "h", "en", "2026-12-01T10:00:00+00:00",
...                        {"pt": LanguageReport("pt", LanguageStatus.MACHINE, "pt/gcrf.html", segs)})
>>> (notice,) = review_needed(report, "http://127.0.0.1:8765")
>>> notice.payload()["counts"], notice.url
({'segments': 2, 'reviewed': 1, 'to_review': 1, 'critical': 1}, 'http://127.0.0.1:8765/review/gcrf/pt')
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

import apprise

from transpub.checks.gate import to_review
from transpub.config import Settings
from transpub.document import Origin
from transpub.errors import TranspubError
from transpub.publish.report import ReleaseReport, report_path
from transpub.publish.report_io import load_report

log = logging.getLogger("transpub")


@dataclass(frozen=True)
class ReviewNeeded:
    """One release in one language that has segments waiting for a translator."""

    slug: str
    title: str
    lang: str
    segments: int  # segments with words (kept ones left out)
    reviewed: int  # approved by a translator
    to_review: int  # flagged and not settled (see transpub.checks.gate.to_review)
    critical: int  # of those, segments with a critical flag
    url: str

    def payload(self) -> dict[str, object]:
        """The event's payload: release, language, counts and the review URL."""
        return {
            "release": self.slug,
            "title": self.title,
            "language": self.lang,
            "counts": {
                "segments": self.segments,
                "reviewed": self.reviewed,
                "to_review": self.to_review,
                "critical": self.critical,
            },
            "review_url": self.url,
        }

    def message(self) -> tuple[str, str]:
        """The message's title and body, for a person."""
        title = f"[transpub] {self.title} [{self.lang}]: {self.to_review} segment(s) to review"
        body = (
            f"{self.to_review} segment(s) of {self.title!r} ({self.slug}) in {self.lang} wait for review, "
            f"{self.critical} with a critical flag; {self.reviewed} of {self.segments} reviewed.\n{self.url}"
        )
        return title, body


def review_url(base_url: str, slug: str, lang: str) -> str:
    return f"{base_url.rstrip('/')}/review/{quote(slug, safe='')}/{quote(lang, safe='')}"


def review_needed(report: ReleaseReport, base_url: str) -> tuple[ReviewNeeded, ...]:
    """The notices for one report: a language with nothing to review gets none."""
    out = []
    for lang, language in sorted(report.languages.items()):
        words = [s for s in language.segments if s.origin is not Origin.KEPT]
        pending = to_review(s.translation(lang) for s in words)
        if not pending:
            continue
        out.append(
            ReviewNeeded(
                slug=report.slug,
                title=report.title,
                lang=lang,
                segments=len(words),
                reviewed=sum(1 for s in words if s.origin is Origin.APPROVED),
                to_review=len(pending),
                critical=sum(1 for t in pending if t.critical),
                url=review_url(base_url, report.slug, lang),
            )
        )
    return tuple(out)


def send(notice: ReviewNeeded, urls: Sequence[str]) -> bool:
    """Send one notice to every Apprise URL; whether all of them took it (failures are logged)."""
    if not urls:
        return True
    sender = apprise.Apprise()
    for url in urls:
        if not sender.add(url):
            log.warning("review notification: Apprise does not understand the URL %r", url)
    title, body = notice.message()
    delivered = bool(len(sender)) and bool(sender.notify(title=title, body=body))
    if not delivered:
        log.warning("review notification for %s [%s] was not delivered", notice.slug, notice.lang)
    return delivered


def notify_review_needed(
    settings: Settings, slugs: Iterable[str], *, emit: Callable[[ReviewNeeded], object] | None = None
) -> tuple[ReviewNeeded, ...]:
    """After a publish of ``slugs``: build, send (``[review] notify``) and ``emit`` every review-needed notice."""
    notices: list[ReviewNeeded] = []
    for slug in dict.fromkeys(slugs):
        try:
            report = load_report(report_path(settings.out, slug))
        except TranspubError as exc:
            log.warning("review notification skipped for %s: %s", slug, exc)
            continue
        notices.extend(review_needed(report, settings.review.url))
    for notice in notices:
        send(notice, settings.review.notify)
        if emit is not None:
            try:
                emit(notice)
            except TranspubError as exc:
                log.warning("event transpub.review.needed for %s [%s] not sent: %s", notice.slug, notice.lang, exc)
    return tuple(notices)
