"""Rule-based English sentence splitting, on plain text and on tagged text.

A full stop, question or exclamation mark or ellipsis (with any closing quotes or brackets after it) ends a
sentence when whitespace and a sentence-like start follow: an upper-case or uncased letter, a digit or an opening
quote. Abbreviations, initials and dotted acronyms do not end one. When in doubt the splitter does not split: a
missed boundary only makes a longer segment, a wrong one breaks a sentence in two for the engine.

>>> split_sentences('Dr. Okafor met Prof. J. K. Lee in the U.S. on Jan. 5. "Yes." He smiled.')
['Dr. Okafor met Prof. J. K. Lee in the U.S. on Jan. 5.', '"Yes."', 'He smiled.']
>>> split_sentences("It grew 3.5 per cent, i.e. more than in No. 4 etc. and it is… really? Yes!")
['It grew 3.5 per cent, i.e. more than in No. 4 etc. and it is… really?', 'Yes!']

:func:`split_tagged` does the same on tagged text and keeps every paired code inside one sentence; the whitespace
between sentences and at the edges, and markup that wraps the whole text, are left out of the sentences:

>>> [(p.sentence, p.text) for p in split_tagged(' <g id="1">One. Two.</g> ')]
[(False, ' <g id="1">'), (True, 'One.'), (False, ' '), (True, 'Two.'), (False, '</g> ')]
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from transpub.text.tagged import Close, Open, Standalone, Text, Token, parse, serialize

#: Stands for a standalone code (``<x/>``) in the plain text the rules look at.
OBJECT = "\ufffc"
#: HTML whitespace: what may separate sentences. A no-break space never does.
WHITESPACE = " \t\n\r\f"

_OPENERS = "\"'“‘«([¿¡"
_CLOSERS = "\"'”’»)]" + OBJECT
# Linear time on any input: a run of marks is only tried from its first mark (the lookbehind), and trailing letters
# are read from the reversed word with an anchored match (``[^\W\d_]+$`` searched is quadratic on a long word).
_CANDIDATE = re.compile(
    r"(?<![.!?…‽])(?P<term>[.!?…‽]+)(?P<close>["
    + re.escape(_CLOSERS)
    + r"]*)(?P<ws>[ \t\n\r\f]+)(?=(?P<next>[^ \t\n\r\f]))"
)
_LEADING_LETTERS = re.compile(r"[^\W\d_]+")
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")

#: Abbreviations that never end a sentence: a name or an example always follows. (Word lists: noqa SIM905.)
NEVER_FINAL = frozenset(
    "Mr Mrs Ms Mx Dr Prof Sr Jr St Rev Hon Gen Gov Sen Rep Capt Col Lt Sgt Maj Mt Messrs Mme Mlle e.g i.e "  # noqa: SIM905
    "cf viz vs approx incl esp ca".split()
)
#: Abbreviations that do not end a sentence when a number follows ("No. 5", "Jan. 12", "p. 4").
BEFORE_NUMBER = frozenset(
    "No Nos no nos Art art Vol vol Fig fig Figs p pp Ch ch Sec sec Para para Ref ref Tel tel Ext ext Op "  # noqa: SIM905
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
)


@dataclass(frozen=True)
class Piece:
    """A stretch of tagged text: a sentence, or the whitespace and markup around and between sentences."""

    tokens: tuple[Token, ...]
    sentence: bool

    @property
    def text(self) -> str:
        """The piece as tagged text (a gap may hold an opening code whose closing lies in another gap)."""
        return serialize(self.tokens)


def _starts_sentence(char: str) -> bool:
    if char.islower():
        return False
    return char.isalpha() or char.isdigit() or char in _OPENERS or char == OBJECT


def _word_before(text: str, index: int) -> str:
    start = index
    while start > 0 and text[start - 1] not in WHITESPACE:
        start -= 1
    return text[start:index].lstrip(_OPENERS)


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    nxt = m.group("next")
    if not _starts_sentence(nxt):
        return False
    if m.group("term") != ".":
        return True  # ?, !, an ellipsis, or several marks
    word = _word_before(text, m.start())
    if word in NEVER_FINAL:
        return False
    if word in BEFORE_NUMBER and nxt.isdigit():
        return False
    letters = _LEADING_LETTERS.match(word[::-1])
    if letters is not None and len(letters.group()) == 1 and word[-1].isupper():
        return False  # an initial: "J. K. Rowling", "Photo: GCRF/L. Mbeki"
    return _DOTTED.fullmatch(word) is None  # "U.S.", "U.N.", "a.m."


def _has_word(text: str) -> bool:
    return any(c.isalnum() for c in text)


def boundaries(text: str) -> list[tuple[int, int]]:
    """Where ``text`` breaks into sentences: ``(end, start)`` pairs, ``text[end:start]`` being the whitespace.

    A break is only kept when the text on both sides holds a letter or a digit.

    >>> boundaries("One. Two.  Three.")
    [(4, 5), (9, 11)]
    """
    found = [(m.end("close"), m.end()) for m in _CANDIDATE.finditer(text) if _is_boundary(text, m)]
    kept: list[tuple[int, int]] = []
    prev_start = 0
    for i, (end, start) in enumerate(found):
        next_end = found[i + 1][0] if i + 1 < len(found) else len(text)
        if _has_word(text[prev_start:end]) and _has_word(text[start:next_end]):
            kept.append((end, start))
            prev_start = start
    return kept


def split_sentences(text: str) -> list[str]:
    """Plain text as a list of sentences, whitespace at the edges and between them dropped."""
    stripped = text.strip(WHITESPACE)
    if not stripped:
        return []
    out: list[str] = []
    prev = 0
    for end, start in boundaries(stripped):
        out.append(stripped[prev:end])
        prev = start
    out.append(stripped[prev:])
    return out


# --- tagged text -----------------------------------------------------------------------------------------------

Atom = str | Open | Close | Standalone  # a str atom is one character


def _atoms(tagged: str) -> list[Atom]:
    atoms: list[Atom] = []
    for tok in parse(tagged):
        if isinstance(tok, Text):
            atoms.extend(tok.text)
        else:
            atoms.append(tok)
    return atoms


def _tokens(atoms: Sequence[Atom]) -> tuple[Token, ...]:
    out: list[Token] = []
    chars: list[str] = []
    for a in atoms:
        if isinstance(a, str):
            chars.append(a)
            continue
        if chars:
            out.append(Text("".join(chars)))
            chars = []
        out.append(a)
    if chars:
        out.append(Text("".join(chars)))
    return tuple(out)


def _is_space(atom: Atom) -> bool:
    return isinstance(atom, str) and atom in WHITESPACE


def _trim(atoms: Sequence[Atom], movable: Collection[str]) -> tuple[int, int]:
    """Shrink ``[lo, hi)`` past edge whitespace, movable standalone codes, empty pairs and wrapping pairs."""
    lo, hi = 0, len(atoms)
    while True:
        before = (lo, hi)
        while lo < hi:
            a = atoms[lo]
            if _is_space(a) or (isinstance(a, Standalone) and a.id in movable):
                lo += 1
            elif isinstance(a, Open) and lo + 1 < hi and atoms[lo + 1] == Close(a.id):
                lo += 2
            else:
                break
        while hi > lo:
            a = atoms[hi - 1]
            if _is_space(a) or (isinstance(a, Standalone) and a.id in movable):
                hi -= 1
            elif isinstance(a, Close) and hi - 2 >= lo and atoms[hi - 2] == Open(a.id):
                hi -= 2
            else:
                break
        first = atoms[lo] if hi - lo >= 2 else None
        if isinstance(first, Open) and atoms[hi - 1] == Close(first.id):
            lo, hi = lo + 1, hi - 1
        if (lo, hi) == before:
            return lo, hi


def _balanced(atoms: Sequence[Atom]) -> bool:
    depth = 0
    for a in atoms:
        if isinstance(a, Open):
            depth += 1
        elif isinstance(a, Close):
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def split_tagged(tagged: str, *, movable: Collection[str] = ()) -> tuple[Piece, ...]:
    """Split tagged text into sentence pieces and the gaps around them, in order; joined they give ``tagged``.

    Gaps hold only whitespace and codes. At the edges of the whole text and of each sentence they take the
    whitespace, standalone codes whose id is in ``movable`` (a ``<br>``, a comment), empty paired codes, and paired
    codes that wrap everything inside the edge. A sentence never ends inside a paired code, so every sentence is
    balanced tagged text. Text with no letter or digit gives a single gap.

    >>> [p.text for p in split_tagged('<x id="1"/>Read <g id="2">this. And</g> that. Done.', movable={"1"})]
    ['<x id="1"/>', 'Read <g id="2">this. And</g> that.', ' ', 'Done.']
    """
    atoms = _atoms(tagged)
    lo, hi = _trim(atoms, movable)
    body = atoms[lo:hi]
    plain_to_atom = [i for i, a in enumerate(body) if not isinstance(a, Open | Close)]
    plain = "".join(OBJECT if isinstance(body[i], Standalone) else str(body[i]) for i in plain_to_atom)
    if not _has_word(plain):
        return (Piece(_tokens(atoms), sentence=False),)

    sentences: list[tuple[int, int]] = []
    cut = 0
    for end, start in boundaries(plain):
        a_end, a_start = plain_to_atom[end - 1] + 1, plain_to_atom[start]
        region = body[a_end:a_start]
        closes = [k for k, a in enumerate(region) if isinstance(a, Close)]
        opens = [k for k, a in enumerate(region) if isinstance(a, Open)]
        last_close = closes[-1] if closes else -1
        first_open = opens[0] if opens else len(region)
        if last_close > first_open or not _balanced(body[cut : a_end + last_close + 1]):
            continue  # the break would fall inside a paired code
        sentences.append((cut, a_end + last_close + 1))
        cut = a_end + first_open
    sentences.append((cut, len(body)))

    pieces: list[tuple[list[Atom], bool]] = []

    def add(chunk: Sequence[Atom], sentence: bool) -> None:
        if not chunk:
            return
        if not sentence and pieces and not pieces[-1][1]:
            pieces[-1][0].extend(chunk)
        else:
            pieces.append((list(chunk), sentence))

    add(atoms[:lo], False)
    prev = 0
    for start, end in sentences:
        add(body[prev:start], False)
        sentence = body[start:end]
        s_lo, s_hi = _trim(sentence, movable)  # a sentence's own edges: "works!<br>" keeps the <br> outside
        add(sentence[:s_lo], False)
        add(sentence[s_lo:s_hi], True)
        add(sentence[s_hi:], False)
        prev = end
    add(atoms[hi:], False)
    return tuple(Piece(_tokens(chunk), sentence=flag) for chunk, flag in pieces)
