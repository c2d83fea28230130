"""Loading a release file (plain text, Markdown or HTML) into a :class:`~transpub.document.Release`.

Bytes are checked before anything parses them: empty, too large, binary (NUL bytes) or not UTF-8 each give a
:class:`~transpub.errors.ReleaseError` naming the file. UTF-8 is expected; UTF-16 and UTF-32 are accepted when a
byte order mark says so. Nothing is ever guessed: a file that is not UTF-8 is refused with the byte offset and a
hint at the encoding it probably is.

>>> from pathlib import Path
>>> r = parse_release(b"GCRF opens an office\\n\\nIt opened today. Mr. Lee spoke.\\n", path=Path("n.txt"))
>>> r.title, r.slug, r.source_format, r.body_html
('GCRF opens an office', 'gcrf-opens-an-office', 'txt', '<p>It opened today. Mr. Lee spoke.</p>')
>>> parse_release("Café\\n\\nTexte.".encode("latin-1"), path=Path("n.txt")) # doctest: +ELLIPSIS
Traceback (most recent call last):
...
transpub.errors.ReleaseError: n.txt: not valid UTF-8 at byte offset 3 (0xe9); it looks like Windows-1252 ...
"""

from __future__ import annotations

import codecs
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from transpub.document import Release
from transpub.errors import ReleaseError
from transpub.formats import reader_for
from transpub.formats.limits import has_visible
from transpub.text.slug import slug_from_title
from transpub.text.xmlsafe import describe, first_unsafe, line_of

DEFAULT_MAX_BYTES = 2_000_000

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _encoding_hint(data: bytes) -> str:
    """A guess at what a non-UTF-8 file is, for the error message only (the file is still refused)."""
    zeros_even = data[0::2].count(0)
    zeros_odd = data[1::2].count(0)
    if len(data) >= 4 and max(zeros_even, zeros_odd) * 4 >= len(data):
        order = "LE" if zeros_odd > zeros_even else "BE"
        return f"it looks like UTF-16-{order} without a byte order mark: save it as UTF-8"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return "save it as UTF-8"
    return "it looks like Windows-1252 (Latin-1): convert it to UTF-8, e.g. `iconv -f cp1252 -t utf-8`"


def decode(data: bytes, *, path: Path) -> str:
    """Text of a release file, with newlines normalized to ``\\n``; :class:`ReleaseError` for anything else.

    >>> decode(codecs.BOM_UTF16_LE + "Olá\\r\\n".encode("utf-16-le"), path=Path("a.txt"))
    'Olá\\n'
    >>> decode(b"GIF89a\\x00\\x01", path=Path("a.txt"))
    Traceback (most recent call last):
    ...
    transpub.errors.ReleaseError: a.txt: binary file, not text (NUL byte at offset 6)
    """
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, data = name, data[len(bom) :]
            break
    else:
        if b"\x00" in data:
            hint = _encoding_hint(data)
            suffix = f"; {hint}" if "UTF-16" in hint else ""
            raise ReleaseError(f"binary file, not text (NUL byte at offset {data.index(0)}){suffix}", path=path)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            raise ReleaseError(
                f"not valid {encoding.upper()} at byte offset {exc.start} despite its byte order mark", path=path
            ) from exc
        bad = data[exc.start : exc.start + 1].hex()
        raise ReleaseError(
            f"not valid UTF-8 at byte offset {exc.start} (0x{bad}); {_encoding_hint(data)}", path=path
        ) from exc
    if "\x00" in text:
        raise ReleaseError(f"binary file, not text (NUL character at offset {text.index(chr(0))})", path=path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    unsafe = first_unsafe(text)
    if unsafe is not None:
        raise ReleaseError(
            f"holds {describe(text[unsafe])}, which a page or an XLIFF file cannot hold",
            path=path,
            line=line_of(text, unsafe),
        )
    return text


def parse_release(data: bytes, *, path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Release:
    """A :class:`Release` from the raw bytes of a file named ``path`` (the name picks the format)."""
    if len(data) > max_bytes:
        raise ReleaseError(f"file is larger than the limit of {max_bytes} bytes ({len(data)} bytes)", path=path)
    if not data.strip():
        raise ReleaseError("file is empty", path=path)
    text = decode(data, path=path)
    if not text.strip():
        raise ReleaseError("file has no text", path=path)
    if not has_visible(text):
        raise ReleaseError("file has no visible text (only invisible or zero-width characters)", path=path)
    reader = reader_for(path, text)
    parsed = reader.read(text, path=path)
    if not has_visible(parsed.title):
        raise ReleaseError("the title has no visible text (only invisible or zero-width characters)", path=path)
    return Release(
        title=parsed.title,
        slug=parsed.slug or slug_from_title(parsed.title),
        blocks=parsed.blocks,
        date=parsed.date,
        summary=parsed.summary,
        meta=parsed.meta,
        source_path=path,
        source_format=reader.name,
        content_hash=hashlib.sha256(data).hexdigest(),
    )


def release_files_in(folder: Path, suffixes: Iterable[str], *, hidden: bool = True) -> tuple[Path, ...]:
    """The release files directly inside ``folder`` (by suffix; hidden ones too unless ``hidden`` is false), sorted.

    Each must really lie inside the folder: a symbolic link (or a link chain) that leads to a file elsewhere, even
    ``/etc/passwd``, is refused with a :class:`ReleaseError` naming the link, so a releases folder cannot publish
    files from outside it.
    """
    wanted = {s.lower() for s in suffixes}
    try:
        root = Path(os.path.realpath(folder))
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise ReleaseError(f"cannot read the releases folder ({exc.strerror})", path=folder) from exc
    found: list[Path] = []
    for entry in entries:
        if entry.suffix.lower() not in wanted or (not hidden and entry.name.startswith(".")):
            continue
        real = Path(os.path.realpath(entry))
        if real.parent != root and root not in real.parents:
            raise ReleaseError("is a link to a file outside the releases folder; refused", path=entry)
        if entry.is_file():
            found.append(entry)
    return tuple(found)


def load_release(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Release:
    """Read and parse a release file; :class:`ReleaseError` naming the file for anything unreadable.

    At most ``max_bytes + 1`` bytes are read, so a huge file is refused without loading it.
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise ReleaseError(f"cannot read the file ({exc.strerror or exc})", path=path) from exc
    if len(data) > max_bytes:
        raise ReleaseError(f"file is larger than the limit of {max_bytes} bytes", path=path)
    return parse_release(data, path=path, max_bytes=max_bytes)
