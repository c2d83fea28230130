"""Finding glossary terms in *target* text: is a mandated term there, a keep-term intact, a forbidden word used?

Target matching accepts what a correct translation does to a term: a different case at the start of a sentence,
every plural the glossary's data and the language's rules allow (:mod:`transpub.glossary.inflection`:
``planos nacionais de adaptação``, ``ações climáticas``, ``journaux locaux``; where a rule is unsure, each candidate),
and in Arabic a one-letter proclitic on the first word (``والدول الأعضاء``). Keep-terms must come back exactly,
case included.

>>> has_mandated("Os sistemas de alerta precoce salvaram vidas.", "sistema de alerta precoce")
True
>>> has_mandated("Os sistemas de aviso precoce salvaram vidas.", "sistema de alerta precoce")
False
>>> has_mandated("Os planos nacionais de adaptação", "plano nacional de adaptação", lang="pt")
True
>>> has_mandated("Os planos nacional de adaptação", "plano nacional de adaptação", lang="pt")
False
>>> has_mandated("ودعت والدول الأعضاء", "الدول الأعضاء")
True
>>> keep_count("O GCRF e o gcrf", "GCRF"), found_forbidden("Os Refugiados Climáticos", "refugiados climáticos")
(1, True)
>>> pluralize("sistema de alerta precoce", "pt"), pluralize("ação climática", "pt")
('sistemas de alerta precoce', 'ações climáticas')
>>> pluralize("système d'alerte précoce", "fr"), pluralize("نظام الإنذار المبكر", "ar")
("systèmes d'alerte précoce", 'نظام الإنذار المبكر')
"""

from __future__ import annotations

import re

from transpub.glossary import inflection

_ARABIC_PROCLITIC = "(?:[وفبلك]|لل)?"


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def accepted_forms(term: str, lang: str | None = None, *, plural: str | None = None) -> tuple[str, ...]:
    """Every form of ``term`` that counts as the term in ``lang`` (every rule language when ``lang`` is None).

    >>> accepted_forms("plano nacional", "pt")
    ('plano nacional', 'planos nacionais')
    """
    langs = [lang] if lang else list(inflection.LANGUAGES)
    forms: list[str] = [term]
    for code in langs:
        forms += inflection.plural_forms(term, code, plural=plural)
    return tuple(dict.fromkeys(forms))


def target_pattern(term: str, lang: str | None = None, *, plural: str | None = None) -> re.Pattern[str]:
    """A case-insensitive pattern for ``term`` and its accepted forms in target text (Arabic: with proclitics)."""
    forms = sorted(accepted_forms(term, lang, plural=plural), key=len, reverse=True)
    bodies = [r"\s+".join(re.escape(w) for w in form.split()) for form in forms]
    body = "(?:" + "|".join(bodies) + ")"
    if _is_arabic(term):
        body = _ARABIC_PROCLITIC + body
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def find_mandated(
    target_plain: str, term: str, lang: str | None = None, *, plural: str | None = None
) -> re.Match[str] | None:
    """Where the mandated ``term`` (in an accepted form) first appears in the plain target, or None."""
    return target_pattern(term, lang, plural=plural).search(target_plain)


def has_mandated(target_plain: str, term: str, lang: str | None = None, *, plural: str | None = None) -> bool:
    """Whether the mandated ``term`` appears in the plain target in a form the data (``plural``) and the rules of
    ``lang`` accept (any rule language's when ``lang`` is None)."""
    return find_mandated(target_plain, term, lang, plural=plural) is not None


def keep_count(target_plain: str, term: str) -> int:
    """How many times the keep-term appears exactly (case-sensitive, whole words) in the plain target text."""
    return len(re.findall(rf"(?<!\w){re.escape(term)}(?!\w)", target_plain))


def found_forbidden(target_plain: str, word: str, lang: str | None = None) -> bool:
    """Whether a forbidden word (or its plural) appears in the plain target text."""
    return has_mandated(target_plain, word, lang)


def pluralize(term: str, lang: str, *, plural: str | None = None) -> str:
    """The plural of a Portuguese, Spanish or French noun-phrase term (the glossary's ``plural`` form wins); other
    languages unchanged. See :func:`transpub.glossary.inflection.pluralize` for whether the rules were sure."""
    return inflection.pluralize(term, lang, plural=plural).text
