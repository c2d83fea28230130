"""Making the words around a replaced term agree with it: determiners, contractions, adjectives, copulas.

When a term strategy puts a mandated term where the engine had its own wording (``a capacitação`` ->
``reforço de capacidades``), the words that agree with the noun must follow its gender and number. Only rules that
are safe are applied, all table-driven:

* the determiners and article contractions right before the term (up to three: ``todos os``, ``os seus``,
  ``das``, ``pelo``, ``aux``, ``del``), re-inflected to the term's gender and number; French elides (``l'``);
* an adjective or participle right after the term, and a predicative one after a copula (``é``, ``foi``,
  ``permanece``…) when the term is the sentence's subject; the copula follows the term's number;
* only words whose form says what they agree with (``-ado``/``-ada``, ``-oso``, ``-ivo``…); anything else is left.

>>> agree("As deslocados internos chegaram.", 3, 21, lang="pt", gender="f", number="pl",
...       old="deslocados internos").text
'As deslocados internos chegaram.'
>>> r = agree("Mais da metade dos X.", 19, 20, lang="pt", gender="f", number="pl", old="deslocados")
>>> r.text
'Mais da metade das X.'
>>> agree("A capacitação foi realizada.", 2, 13, lang="pt", gender="m", number="sg", old="capacitação").text
'O capacitação foi realizado.'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

from transpub.glossary.inflection import base_language
from transpub.translate.agreement_tables import ADVERBS, COPULAS, DETERMINERS, FRENCH_ELISION, Row

# Adjective and participle endings whose gender and number are plain -o/-a (+s): only these are re-inflected.
_PT_ADJECTIVE = re.compile(
    r"^(\w+(?:ad|id|os|iv|ic|eir|ári|óri|ent|ant))(o|a|os|as)$|^(abert|cobert|escrit|feit|post|vist|dit|mort|"
    r"eleit|aceit|pront|sujeit|expost|envolt|suspens|pres|junt)(o|a|os|as)$",
    re.IGNORECASE,
)
_ES_ADJECTIVE = re.compile(r"^(\w+(?:ad|id|os|iv|ic|ári|ori))(o|a|os|as)$", re.IGNORECASE)
_FR_PARTICIPLE = re.compile(r"^(\w+[éiu])(|e|s|es)$", re.IGNORECASE)

_GN_INDEX = {("m", "sg"): 0, ("f", "sg"): 1, ("m", "pl"): 2, ("f", "pl"): 3}
_ENDINGS = {("m", "sg"): "o", ("f", "sg"): "a", ("m", "pl"): "os", ("f", "pl"): "as"}
_FR_ENDINGS = {("m", "sg"): "", ("f", "sg"): "e", ("m", "pl"): "s", ("f", "pl"): "es"}
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|^[\"'“«(¡¿]+)$")
_VOWEL_START = re.compile(r"^[aeiouyàâéèêëîïôûœh]", re.IGNORECASE)


@dataclass(frozen=True)
class Form:
    """Grammatical gender (``m``/``f``, None when unknown) and number (``sg``/``pl``)."""

    gender: str | None
    number: str


@dataclass(frozen=True)
class Agreed:
    """The text after agreement, where the term now is, what was changed, and the form the engine had used."""

    text: str
    start: int
    end: int
    changes: tuple[str, ...] = ()
    old: Form | None = None


def _index(lang: str) -> dict[str, list[tuple[Row, int]]]:
    index: dict[str, list[tuple[Row, int]]] = {}
    for row in DETERMINERS.get(lang, ()):
        for slot, form in enumerate(row):
            if form is not None:
                index.setdefault(form.lower(), []).append((row, slot))
    return index


_INDEXES = MappingProxyType({lang: _index(lang) for lang in DETERMINERS})


def _slot_form(slot: int) -> Form:
    return Form("m" if slot in (0, 2) else "f", "sg" if slot < 2 else "pl")


def _cased(new: str, old: str) -> str:
    if old[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


_PT_FEMININE_ENDINGS = ("ção", "são", "dade", "tude", "gem", "ise", "ã", "ie")
_PT_MASCULINE_EXCEPTIONS = ("ema", "ama", "dia", "mapa", "clima", "planeta", "idioma")


def guess_form(phrase: str, lang: str) -> Form | None:
    """The likely gender and number of a noun phrase from its first word's ending (pt and es only; else None).

    >>> guess_form("capacitação", "pt"), guess_form("sistemas de alerta", "pt"), guess_form("dados", "fr")
    (Form(gender='f', number='sg'), Form(gender='m', number='pl'), None)
    """
    base = base_language(lang)
    words = phrase.split()
    if base not in {"pt", "es"} or not words:
        return None
    word = words[0].lower().split("-")[0]
    number = "pl" if word.endswith("s") and len(word) > 3 else "sg"
    sing = word[:-1] if number == "pl" else word
    if sing.endswith("e") and number == "pl" and base == "pt" and sing.endswith(("ões", "ãe", "re", "ze", "le")):
        sing = sing[:-1]
    if sing.endswith(("çõe", "sõe", "õe")):
        return Form("f" if sing.endswith(("çõe", "sõe")) else None, number)
    if sing.endswith(_PT_MASCULINE_EXCEPTIONS):
        return Form("m", number)
    if sing.endswith(_PT_FEMININE_ENDINGS) or sing.endswith(("ción", "sión", "dad", "tud")):
        return Form("f", number)
    if sing.endswith("a"):
        return Form("f", number)
    if sing.endswith(("o", "or", "ão", "il", "ol", "el")):
        return Form("m", number)
    return Form(None, number)


def inflect_adjective(word: str, lang: str, form: Form) -> str | None:
    """``word`` (an adjective or participle with a plain gender/number ending) in ``form``; None where no rule is safe.

    >>> inflect_adjective("realizadas", "pt", Form("m", "sg")), inflect_adjective("perigoso", "pt", Form("f", "sg"))
    ('realizado', 'perigosa')
    >>> inflect_adjective("tempo", "pt", Form("f", "sg")), inflect_adjective("publié", "fr", Form("f", "pl"))
    (None, 'publiées')
    """
    if form.gender is None:
        return None
    base = base_language(lang)
    if base == "fr":
        m = _FR_PARTICIPLE.match(word)
        return m.group(1) + _FR_ENDINGS[(form.gender, form.number)] if m else None
    pattern = {"pt": _PT_ADJECTIVE, "es": _ES_ADJECTIVE}.get(base)
    m = pattern.match(word) if pattern else None
    if m is None:
        return None
    stem = m.group(1) or m.group(3)
    ending = _ENDINGS[(form.gender, form.number)]
    old = m.group(2) or m.group(4)
    if old.isupper():
        ending = ending.upper()
    return stem + ending


@dataclass
class _Text:
    text: str
    start: int
    end: int
    changes: list[str]

    def replace(self, a: int, b: int, new: str) -> None:
        old = self.text[a:b]
        if old == new:
            return
        self.text = self.text[:a] + new + self.text[b:]
        shift = len(new) - (b - a)
        if b <= self.start:
            self.start += shift
            self.end += shift
        self.changes.append(f"{old} -> {new}")


_WORD_BEFORE = re.compile(r"([^\s\"'“”«»()\[\]]+)(\s+)$")
_GLUED_ELISION = re.compile(r"(?:(?<=\s)|^)((?:de |à )?l['’]|d['’])$", re.IGNORECASE)


def _determiners_before(t: _Text, lang: str) -> list[tuple[int, int, Row, int]]:
    """(start, end, row, slot) of each determiner before the term, nearest first (at most three)."""
    index = _INDEXES.get(lang, {})
    found: list[tuple[int, int, Row, int]] = []
    pos = t.start
    if lang == "fr":
        glued = _GLUED_ELISION.search(t.text[:pos])
        if glued and glued.group(1).lower().startswith(("l", "de l", "à l")):
            elided = glued.group(1).lower().replace("’", "'")
            row = next(r for r in DETERMINERS["fr"] if r[0] == {"l'": "le", "de l'": "du", "à l'": "au"}[elided])
            found.append((glued.start(1), pos, row, 0))
            pos = glued.start(1)
    while len(found) < 3:
        m = _WORD_BEFORE.search(t.text[:pos])
        if m is None:
            break
        word = m.group(1).lower()
        two = _WORD_BEFORE.search(t.text[: m.start(1)])
        pair = f"{two.group(1).lower()} {word}" if two else ""
        if pair in index:
            row, slot = index[pair][0]
            found.append((two.start(1) if two else m.start(1), m.end(1), row, slot))
            pos = two.start(1) if two else m.start(1)
            continue
        if word not in index:
            break
        row, slot = index[word][0]
        found.append((m.start(1), m.end(1), row, slot))
        pos = m.start(1)
    return found


def _fr_form(row: Row, form: Form, term: str) -> str | None:
    new = row[_GN_INDEX[(form.gender or "m", form.number)]]
    if form.number == "sg" and row[0] in FRENCH_ELISION and _VOWEL_START.match(term):
        masc, fem = FRENCH_ELISION[row[0] or ""]
        new = masc if form.gender == "m" else fem
    return new


def agree(
    text: str,
    start: int,
    end: int,
    *,
    lang: str,
    gender: str | None,
    number: str,
    old: str | None = None,
    predicate: bool = True,
    require_determiner: bool = False,
) -> Agreed:
    """Make the words around ``text[start:end]`` (a term of ``gender``/``number``) agree with it.

    ``old`` is the wording the term replaced (its form is read from the determiner before it, else guessed from
    its ending) so a word is changed only when it agreed with the old wording; ``predicate`` allows the copula rule;
    ``require_determiner`` leaves the text alone unless a determiner precedes the term (its form is the evidence).
    """
    lang = base_language(lang)
    t = _Text(text, start, end, [])
    term = text[start:end]
    new_form = Form(gender, number)
    old_form: Form | None = None
    dets = _determiners_before(t, lang)
    if require_determiner and not dets:
        return Agreed(text, start, end)
    guessed = guess_form(old, lang) if old else None
    for i, (a, b, row, slot) in enumerate(dets):
        det_form = _slot_form(slot)
        if row[0] == row[1]:  # invariable gender (cada, su, notre): only its number speaks
            det_form = Form(None, det_form.number)
        if i == 0:
            if lang == "pt" and t.text[a:b].lower() in {"a", "as"} and guessed and guessed.gender == "m":
                break  # "a" before a masculine word is the preposition, not the article
            old_form = det_form
        if gender is None and row[0] != row[1]:
            break  # the term's gender is unknown: a gendered determiner cannot be chosen
        new = _fr_form(row, new_form, term) if lang == "fr" else row[_GN_INDEX[(gender or "m", number)]]
        if new is None:
            break
        if lang == "fr" and new.endswith("'"):
            t.replace(a, t.start, _cased(new, t.text[a:b]))
        elif lang == "fr" and t.text[a:b].endswith(("'", "’")):
            t.replace(a, t.start, _cased(new, t.text[a:b]) + " ")
        else:
            t.replace(a, b, _cased(new, t.text[a:b]))
    if old_form is None:
        old_form = guessed
    if old_form is not None and old_form.gender is None and guessed is not None:
        old_form = Form(guessed.gender, old_form.number)
    subject = bool(_SENTENCE_START.search(t.text[: (dets[-1][0] if dets else t.start)]))
    if old is not None and old_form is not None and (old_form.gender, old_form.number) != (gender, number):
        _after(t, lang, old_form, new_form, predicate and subject)
    elif old is None and predicate and subject:
        # the engine never saw the term (a placeholder): its predicate agrees with nothing, so follow the term
        _after(t, lang, None, new_form, True)
    return Agreed(t.text, t.start, t.end, tuple(t.changes), old_form)


_WORD_AFTER = re.compile(r"^(\s+)([\w'’-]+)")


def _next_word(t: _Text, pos: int) -> tuple[int, int, str] | None:
    m = _WORD_AFTER.match(t.text[pos:])
    if m is None:
        return None
    a = pos + len(m.group(1))
    return a, a + len(m.group(2)), m.group(2)


def _agrees_with(word: str, lang: str, form: Form | None) -> bool:
    """Whether an adjective ``word`` has the ending of ``form`` (any ending when ``form`` is unknown)."""
    if form is None or form.gender is None:
        return True
    return inflect_adjective(word, lang, form) == word


def _inflect_at(t: _Text, a: int, b: int, lang: str, old: Form | None, new: Form) -> int | None:
    """Re-inflect the adjective at ``[a, b)``; its new end, or None when it is not one that agreed with ``old``."""
    word = t.text[a:b]
    changed = inflect_adjective(word, lang, new)
    if changed is None or not _agrees_with(word, lang, old):
        return None
    t.replace(a, b, changed)
    return a + len(changed)


def _after(t: _Text, lang: str, old: Form | None, new: Form, predicate: bool) -> None:
    """The adjective right after the term, and (for a subject) a copula and its predicative adjective(s)."""
    nxt = _next_word(t, t.end)
    if nxt is not None and old is not None:
        moved = _inflect_at(t, nxt[0], nxt[1], lang, old, new)
        if moved is not None:
            nxt = _next_word(t, moved)
    if not predicate or nxt is None:
        return
    word = nxt[2].lower()
    pair = next((p for p in COPULAS.get(lang, ()) if word in p), None)
    if pair is None:
        return
    verb_end = nxt[1]
    if old is None or old.number != new.number:
        verb = _cased(pair[0] if new.number == "sg" else pair[1], nxt[2])
        t.replace(nxt[0], nxt[1], verb)
        verb_end = nxt[0] + len(verb)
    adverbs = ADVERBS.get(lang, frozenset())
    nxt = _next_word(t, verb_end)
    while nxt is not None and (nxt[2].lower() in adverbs or nxt[2].lower().endswith(("mente", "ment"))):
        nxt = _next_word(t, nxt[1])
    if nxt is None:
        return
    moved = _inflect_at(t, nxt[0], nxt[1], lang, old, new)
    if moved is None:
        return
    conj = _next_word(t, moved)
    if conj is not None and conj[2].lower() in {"e", "y", "et"}:
        second = _next_word(t, conj[1])
        if second is not None:
            _inflect_at(t, second[0], second[1], lang, old, new)


__all__: Sequence[str] = ("ADVERBS", "COPULAS", "DETERMINERS", "Agreed", "Form", "agree", "guess_form")
