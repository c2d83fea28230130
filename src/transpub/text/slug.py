"""File-name-safe slugs for releases.

A slug names every page of a release (``OUT/<lang>/<slug>.html``), so it must be safe on every file system: ASCII
lowercase letters and digits joined by single hyphens, never a path separator, never a Windows device name.

>>> slugify("GCRF launches the Coastal Horizons Initiative!")
'gcrf-launches-the-coastal-horizons-initiative'
>>> slugify("Résilience climatique : 2026")
'resilience-climatique-2026'
>>> slugify("../../etc/passwd")
'etc-passwd'
>>> slug_from_title("CON")
'con-release'
>>> slug_from_title("!!!")
'release-e84c538e'
>>> validate_slug("../../etc", path="a.md", line=2) # doctest: +ELLIPSIS
Traceback (most recent call last):
...
transpub.errors.ReleaseError: a.md:2: slug must be lowercase ASCII ... (try 'etc'): '../../etc'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from os import PathLike

from transpub.errors import ReleaseError

MAX_SLUG_LENGTH = 80

# Device names Windows refuses as file names, with or without an extension.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)

_VALID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Lowercase ASCII letters and digits joined by hyphens; ``""`` when nothing of ``text`` survives.

    Accents are stripped (``é`` -> ``e``); letters with no ASCII form are dropped. Long slugs are cut at a hyphen.

    >>> slugify("Amara Okafor's visit — 12 Member States", max_length=20)
    'amara-okafor-s-visit'
    >>> slugify("مرحبا")
    ''
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_ALNUM.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else slug[:max_length]
        slug = slug.strip("-")
    return slug


def is_valid_slug(value: str) -> bool:
    """True when ``value`` can be used as a file name as it is.

    >>> [is_valid_slug(v) for v in ("gcrf-2026", "nul", "a/b", "A", "-x", "")]
    [True, False, False, False, False, False]
    """
    return len(value) <= MAX_SLUG_LENGTH and _VALID.fullmatch(value) is not None and value not in WINDOWS_RESERVED


def slug_from_title(title: str) -> str:
    """A slug for a release that names none: the slugified title, made safe when that is not enough.

    A Windows device name gets ``-release`` appended; a title with no ASCII letters or digits (only punctuation,
    or a script with no ASCII form) gets ``release-`` and a short hash of the title, so it stays stable.
    """
    slug = slugify(title)
    if slug in WINDOWS_RESERVED:
        return f"{slug}-release"
    if not slug:
        digest = hashlib.sha256(title.encode("utf-8")).hexdigest()[:8]
        return f"release-{digest}"
    return slug


def validate_slug(value: str, *, path: str | PathLike[str] | None = None, line: int | None = None) -> str:
    """Return ``value`` when it is a safe slug; otherwise raise :class:`ReleaseError` naming file, line and value.

    An explicit slug (front matter) is never silently rewritten: the author chose it, so a bad one is an error
    that suggests a safe alternative.
    """
    if is_valid_slug(value):
        return value
    if value in WINDOWS_RESERVED:
        message = "slug is a reserved device name on Windows"
    elif len(value) > MAX_SLUG_LENGTH:
        message = f"slug is longer than {MAX_SLUG_LENGTH} characters"
    else:
        suggestion = slugify(value)
        hint = f" (try {suggestion!r})" if is_valid_slug(suggestion) else ""
        message = f"slug must be lowercase ASCII letters and digits joined by hyphens{hint}"
    raise ReleaseError(message, path=path, line=line, value=value)
