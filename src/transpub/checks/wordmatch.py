"""When two English words count as the same word, for the round trip: a key per word, inflection left out.

A back-translation rarely repeats the source's exact forms ("roads" for "road", "rising" for "rise", "people" for
"persons"), so the round trip compares *keys*: the word lower-cased, its possessive and plural removed (``inflect``),
a verb's "-ing"/"-ed" removed (a doubled last consonant undone, "-ied" read as "-y"), British "-tre"/"-our" spelt
the American way (the reverse engine writes American English), a final "e" dropped, and the first five letters
kept (which also joins derivations such as "volunteer"/"volunteered"); a hyphenated compound is keyed by its first
part ("sea-level" is found in "sea level"). Synonyms are not joined: a list of common press-release synonyms
was tried on the calibration data and changed nothing at the calibrated thresholds.

>>> [key(w) for w in ("roads", "road", "rising", "rise", "persons", "people", "planned", "plans", "studied")]
['road', 'road', 'ris', 'ris', 'perso', 'perso', 'plan', 'plan', 'study']
>>> key("metre") == key("meter"), key("hydrologists") == key("quietologists"), key("households") == key("families")
(True, False, False)
>>> key("Director-General") == key("Director"), key("e-mail") == key("e-mails")
(True, True)
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import inflect


@lru_cache(maxsize=1)
def _engine() -> inflect.engine:
    import inflect  # heavy (about a second): only when a round trip is scored

    return inflect.engine()


def _lemma(word: str) -> str:
    word = word.casefold().replace("’", "'").removesuffix("'s").removesuffix("'")
    head = word.split("-")[0]
    if len(head) >= 3:  # a compound ("sea-level", "Director-General") is keyed by its first part
        word = head
    if len(word) > 3 and not word.endswith(("ss", "us", "is")):
        singular = _engine().singular_noun(word)
        if singular:
            word = str(singular)
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # planned -> plan
            elif word.endswith("i"):
                word = word[:-1] + "y"  # studied -> study
            break
    if len(word) >= 5 and word.endswith(("tre", "bre")):
        word = word[:-2] + "er"  # British metre, centre, fibre: the reverse engine writes American spelling
    elif len(word) >= 6 and word.endswith("our"):
        word = word[:-3] + "or"  # colour, harbour, neighbour
    return word.removesuffix("e") if len(word) > 3 else word


@lru_cache(maxsize=8192)
def key(word: str) -> str:
    """The key ``word`` is compared by (see the module text)."""
    return _lemma(word)[:5]
