"""Does reviewed text plausibly read as the language a file says it is in? (``trgLang`` is not trusted.)

Two tests, both on the approved targets of one file pooled together, so a single short unit never decides:

* **script**: a language written in one script (Arabic, Hebrew, Cyrillic, Greek, Devanagari, Thai, Hangul, Kana or
  Han) must have at least a third of its letters in it; keep-terms, names and URLs in Latin letters fit below that.
* **function words** for the Latin-script languages with a profile (en, pt, es, fr, it, de, nl): the share of the
  file's words that are function words of each profile; a word shared by several profiles counts for each in part.
  The claimed language is implausible when another profile scores at least 3 such words and twice its score.

Too little text (under 20 letters or, for profiles, under 3 function words) is never judged.

>>> language_problem(["Les États membres ont promis leur soutien à la résilience climatique des communautés."], "ar")
'reads as Latin script, not Arabic script'
>>> language_problem(["Les États membres ont promis leur soutien pour la résilience climatique des communautés."], "pt")
'reads like fr, not pt'
>>> language_problem(["Os Estados-Membros prometeram apoio à resiliência climática das comunidades."], "pt") is None
True
>>> language_problem(["تعهدت الدول الأعضاء بدعم القدرة على الصمود في وجه المناخ لدى GCRF."], "ar") is None
True
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from types import MappingProxyType

#: Language (base code) -> the script its letters are in, for languages not written in Latin letters.
SCRIPTS: Mapping[str, str] = MappingProxyType(
    {
        **dict.fromkeys(("ar", "fa", "ur", "ps"), "ARABIC"),
        **dict.fromkeys(("he", "yi"), "HEBREW"),
        **dict.fromkeys(("ru", "uk", "bg", "be", "mk", "kk"), "CYRILLIC"),
        "el": "GREEK",
        **dict.fromkeys(("hi", "mr", "ne"), "DEVANAGARI"),
        "th": "THAI",
        "ko": "HANGUL",
        "ja": "KANA",
        "zh": "CJK",
    }
)
#: Latin-script languages with a function-word profile (the commonest articles, prepositions, conjunctions).
PROFILES: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        lang: frozenset(words.split())
        for lang, words in {
            "en": "the and of to is in that for with on are this by was be as from has have will which its an",
            "pt": "o os da do das dos em no na nos nas um uma para com não que é são pelo pela ao à também foi "
            "seu sua mais e as",
            "es": "el los las del la en un una para con no que es son por al también fue su más y se",
            "fr": "le la les des du de un une pour avec ne pas que est sont par au aux et dans sur qui été plus leur",
            "it": "il lo gli la le dei della delle di un una per con non che è sono e nel alla degli",
            "de": "der die das und ist nicht mit für von den dem ein eine zu auf im sich des auch wird",
            "nl": "de het een en van in is op te dat met voor niet zijn aan ook door worden",
        }.items()
    }
)
MIN_LETTERS = 20
MIN_WORDS = 3
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_URL = re.compile(r"\S+://\S+|\S+@\S+")


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    if name.startswith(("HIRAGANA", "KATAKANA")):
        return "KANA"
    return name.split(" ", 1)[0]


def script_share(text: str, script: str) -> tuple[float, int]:
    """The share of ``text``'s letters in ``script`` (Japanese counts Han too), and how many letters there are."""
    letters = [c for c in _URL.sub(" ", text) if c.isalpha()]
    if not letters:
        return 0.0, 0
    wanted = {script, "CJK"} if script == "KANA" else {script}
    return sum(_script(c) in wanted for c in letters) / len(letters), len(letters)


def profile_scores(text: str) -> dict[str, float]:
    """Function words of ``text`` per profile; a word in k profiles adds 1/k to each."""
    scores: dict[str, float] = {}
    for word in _WORD.findall(_URL.sub(" ", text).lower()):
        owners = [lang for lang, words in PROFILES.items() if word in words]
        for lang in owners:
            scores[lang] = scores.get(lang, 0.0) + 1 / len(owners)
    return scores


def language_problem(texts: Iterable[str], lang: str) -> str | None:
    """Why ``texts`` (plain text) do not read as ``lang`` (a BCP 47 tag), or ``None`` when they plausibly do."""
    base = lang.replace("_", "-").split("-")[0].lower()
    text = "\n".join(texts)
    script = SCRIPTS.get(base, "LATIN")
    share, letters = script_share(text, script)
    if letters < MIN_LETTERS:
        return None
    if share < 1 / 3:
        found = Counter(_script(c) for c in text if c.isalpha()).most_common(1)[0][0]
        return f"reads as {found.title()} script, not {script.title()} script"
    if base not in PROFILES:
        return None
    scores = profile_scores(text)
    best, best_score = max(scores.items(), key=lambda kv: kv[1], default=(base, 0.0))
    claimed = scores.get(base, 0.0)
    if best != base and best_score >= MIN_WORDS and best_score >= 2 * claimed + 1:
        return f"reads like {best}, not {base}"
    return None
