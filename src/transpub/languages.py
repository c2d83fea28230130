"""Language codes, parsed once at the boundary into :class:`Language` values backed by ``babel.Locale``.

Babel is the only source of names, script direction and date formats.

>>> lang = parse_language("pt-BR")
>>> lang.tag, lang.base, lang.dir, lang.native_name
('pt-BR', 'pt', 'ltr', 'português (Brasil)')
>>> parse_language("ar").dir
'rtl'
>>> parse_language("xx")
Traceback (most recent call last):
...
transpub.errors.LanguageError: unknown language code: 'xx'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from transpub.errors import LanguageError

_TAG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Language:
    """A target or source language. ``tag`` is the BCP 47 form used in URLs, ``lang`` and ``hreflang``."""

    tag: str
    locale: Locale

    @property
    def base(self) -> str:
        """The bare language (``pt`` for ``pt-BR``): what MT models are keyed by."""
        return self.locale.language

    @property
    def dir(self) -> str:
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    @property
    def native_name(self) -> str:
        """The language named in itself ("Español", "العربية"), capitalised as babel gives it."""
        return self.locale.get_display_name(self.locale) or self.tag

    @property
    def english_name(self) -> str:
        return self.locale.get_display_name("en") or self.tag

    def __str__(self) -> str:
        return self.tag


def parse_language(code: str) -> Language:
    """Parse ``code`` (``es``, ``pt-BR``, ``zh_Hant``) into a :class:`Language`, or raise :class:`LanguageError`."""
    if not isinstance(code, str) or not _TAG.match(code.strip()):
        raise LanguageError("malformed language code", value=code)
    code = code.strip()
    try:
        locale = Locale.parse(code.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError) as exc:
        raise LanguageError("unknown language code", value=code) from exc
    parts = code.replace("_", "-").split("-")
    tag = "-".join([parts[0].lower()] + [p.upper() if len(p) == 2 else p.title() for p in parts[1:]])
    return Language(tag=tag, locale=locale)


def parse_languages(codes: Iterable[str], *, source: str | None = None) -> tuple[Language, ...]:
    """Parse a list of target codes; duplicates, and the source language itself, are errors.

    >>> [lang.tag for lang in parse_languages(["es", "fr"])]
    ['es', 'fr']
    >>> parse_languages(["es", "es-ES", "es"])
    Traceback (most recent call last):
    ...
    transpub.errors.LanguageError: duplicate target language: 'es'
    """
    seen: dict[str, Language] = {}
    for code in codes:
        lang = parse_language(code)
        if lang.tag in seen:
            raise LanguageError("duplicate target language", value=lang.tag)
        if source is not None and lang.tag == parse_language(source).tag:
            raise LanguageError("target language is the source language", value=lang.tag)
        seen[lang.tag] = lang
    if not seen:
        raise LanguageError("no target language given", value="")
    return tuple(seen.values())
