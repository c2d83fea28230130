"""Argos Translate model packages: find what is installed, read a package index, download and install.

Installed packages are discovered with ``argostranslate.package.get_installed_packages`` in the folder Argos uses
(``ARGOS_PACKAGES_DIR``, read by argostranslate's settings module). ``argostranslate`` is imported lazily inside
functions only: its settings module creates folders and reads the environment when imported.

Installing does not go through ``argostranslate.package.install_from_path``: that function imports
``argostranslate.translate`` (seconds of start-up, spaCy/Stanza) only to clear a cache, and unzips straight into
the packages folder without looking at the archive. Here an archive is checked first (one top folder, a
``metadata.json`` naming both languages, a CTranslate2 ``model/``, a tokenizer, no path escaping the folder),
unpacked beside the packages folder and renamed into place, so a failed install leaves nothing half-written.

Language codes: transpub speaks BCP 47 (``pt-BR``), Argos packages are keyed by their own codes, which are mostly
ISO 639-1 (``pt``) plus a few variant codes (``pb`` Brazilian Portuguese, ``zt`` Traditional Chinese):

>>> argos_codes("pt-BR")
('pb', 'pt')
>>> argos_codes("zh-Hant")
('zt',)
>>> argos_codes("zh-Hans-CN")
('zh',)
>>> argos_codes("es")
('es',)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from transpub.errors import ModelInstallError, ModelNotInstalledError

#: The public Argos index, used when neither ``--index-url`` nor ``ARGOS_PACKAGE_INDEX`` says otherwise.
DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"

#: (language, region or script) -> Argos codes that serve that variant, best first. Brazilian Portuguese may fall
#: back to a generic Portuguese model; Traditional Chinese must not fall back to a Simplified ("zh") one.
ARGOS_VARIANTS: Mapping[tuple[str, str], tuple[str, ...]] = {
    ("pt", "br"): ("pb", "pt"),
    ("zh", "hant"): ("zt",),
    ("zh", "tw"): ("zt",),
    ("zh", "hk"): ("zt",),
    ("zh", "mo"): ("zt",),
}

#: Progress callback: (bytes done, total bytes or None when the server does not say).
Progress = Callable[[int, int | None], None]

_CHUNK = 64 * 1024


@dataclass(frozen=True)
class InstalledModel:
    """An Argos translation package unpacked in the packages folder."""

    from_code: str
    to_code: str
    version: str
    path: Path
    target_prefix: str = ""

    @property
    def model_id(self) -> str:
        """Stable identifier stored in the translation memory, e.g. ``argos:en-es@1.0``."""
        return f"argos:{self.from_code}-{self.to_code}@{self.version}"

    @property
    def size(self) -> int:
        """Bytes on disk."""
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())


@dataclass(frozen=True)
class AvailableModel:
    """A package listed in an index, not necessarily installed. ``links`` are absolute URLs."""

    from_code: str
    to_code: str
    version: str
    links: tuple[str, ...]
    from_name: str = ""
    to_name: str = ""
    size: int | None = None
    sha256: str | None = None


def argos_codes(tag: str) -> tuple[str, ...]:
    """Argos package codes that can serve the language ``tag``, most specific first."""
    base, *subtags = tag.strip().replace("_", "-").lower().split("-")
    for sub in subtags:
        if (base, sub) in ARGOS_VARIANTS:
            return ARGOS_VARIANTS[(base, sub)]
    return (base,)


def packages_dir() -> Path:
    """The folder Argos installs packages into (``ARGOS_PACKAGES_DIR`` or its default)."""
    from argostranslate import settings

    return Path(settings.package_data_dir)


def installed_models() -> tuple[InstalledModel, ...]:
    """Every installed translation package, read fresh from disk (no cache that an install could leave stale)."""
    from argostranslate import package

    models = []
    try:
        found = package.get_installed_packages()
    except (OSError, ValueError) as exc:  # a folder without metadata.json, or metadata that is not JSON
        raise ModelInstallError(f"unreadable Argos package: {exc}", path=packages_dir()) from exc
    for pkg in found:
        if pkg.type != "translate" or not pkg.from_code or not pkg.to_code:
            continue
        models.append(
            InstalledModel(
                from_code=pkg.from_code,
                to_code=pkg.to_code,
                version=str(pkg.package_version or "0"),
                path=Path(pkg.package_path),
                target_prefix=pkg.target_prefix or "",
            )
        )
    return tuple(sorted(models, key=lambda m: (m.from_code, m.to_code, m.path.name)))


def find_installed(source: str, target: str, models: Iterable[InstalledModel] | None = None) -> InstalledModel | None:
    """The installed package for ``source`` -> ``target`` (language tags), preferring variant codes."""
    pool = tuple(installed_models() if models is None else models)
    return _best_match(pool, source, target)


def require_installed(source: str, target: str) -> InstalledModel:
    """Like :func:`find_installed`, but raise :class:`ModelNotInstalledError` naming the install command."""
    model = find_installed(source, target)
    if model is None:
        raise ModelNotInstalledError(
            f"no Argos model installed for {source} -> {target}; install one with: "
            f"transpub models install {source} {target}",
            path=packages_dir(),
        )
    return model


def resolve_index_url(explicit: str | None = None) -> str:
    """The index to read: ``explicit``, else ``ARGOS_PACKAGE_INDEX`` (a base URL, as Argos reads it), else default.

    >>> resolve_index_url("http://127.0.0.1:8000/index.json")
    'http://127.0.0.1:8000/index.json'
    """
    if explicit:
        return explicit
    base = os.environ.get("ARGOS_PACKAGE_INDEX")
    if not base:
        return DEFAULT_INDEX_URL
    if base.endswith(".json"):
        return base
    return base.rstrip("/") + "/index.json"


def fetch_index(url: str, *, timeout: float = 30.0) -> tuple[AvailableModel, ...]:
    """Read an Argos-style index (a JSON list of package metadata) and return its translation packages."""
    data = _read_url(url, timeout=timeout)
    try:
        entries = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelInstallError(f"package index is not JSON ({exc})", value=url) from exc
    if not isinstance(entries, list):
        raise ModelInstallError("package index is not a JSON list", value=url)
    models = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ModelInstallError(f"package index entry {number} is not an object", value=url)
        if entry.get("type", "translate") != "translate":
            continue
        models.append(_available_from(entry, url, number))
    return tuple(models)


def with_remote_sizes(available: Sequence[AvailableModel], *, timeout: float = 10.0) -> tuple[AvailableModel, ...]:
    """Fill in ``size`` where the index leaves it out, from the first link's ``Content-Length`` (HEAD request).

    Sizes that cannot be found stay ``None``; this never fails, it only informs a listing.
    """

    def sized(model: AvailableModel) -> AvailableModel:
        if model.size is not None or not model.links:
            return model
        try:
            _check_scheme(model.links[0])
            request = urllib.request.Request(model.links[0], method="HEAD")  # noqa: S310 - scheme checked
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                length = response.headers.get("Content-Length")
        except (OSError, urllib.error.URLError, ValueError, ModelInstallError):
            return model
        return dataclasses.replace(model, size=int(length)) if length and length.isdigit() else model

    with ThreadPoolExecutor(max_workers=8) as pool:
        return tuple(pool.map(sized, available))


def find_available(models: Iterable[AvailableModel], source: str, target: str) -> AvailableModel | None:
    """The index entry for ``source`` -> ``target``; the newest version when several match."""
    return _best_match(tuple(models), source, target)


def download(model: AvailableModel, dest_dir: Path, *, progress: Progress | None = None) -> Path:
    """Download ``model`` into ``dest_dir`` (first link that works), checking ``sha256`` when the index has one."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / f"translate-{model.from_code}_{model.to_code}.argosmodel"
    errors = []
    for link in model.links:
        try:
            _download_to(link, dest, progress)
        except (OSError, urllib.error.URLError, ValueError) as exc:
            errors.append(f"{link}: {exc}")
            continue
        if model.sha256 is not None and _sha256(dest) != model.sha256.lower():
            dest.unlink()
            raise ModelInstallError("downloaded package does not match its sha256 checksum", value=link)
        return dest
    detail = "; ".join(errors) or "the index lists no link"
    raise ModelInstallError(
        f"could not download {model.from_code} -> {model.to_code} ({detail})",
        value=f"{model.from_code}-{model.to_code}",
    )


def install_package_file(path: Path) -> InstalledModel:
    """Check and install a ``.argosmodel`` archive; an installed package of the same name is replaced."""
    path = Path(path)
    top, metadata = inspect_package_file(path)
    root = packages_dir()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=root.parent))
    try:
        with zipfile.ZipFile(path) as archive:
            archive.extractall(staging)
        final = root / top
        if final.exists():
            old = Path(tempfile.mkdtemp(prefix=".replaced-", dir=root.parent))
            final.rename(old / top)
            shutil.rmtree(old, ignore_errors=True)
        (staging / top).rename(final)
    except OSError as exc:
        raise ModelInstallError(f"could not install the package ({exc})", path=path) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return InstalledModel(
        from_code=metadata["from_code"],
        to_code=metadata["to_code"],
        version=str(metadata.get("package_version") or "0"),
        path=final,
        target_prefix=str(metadata.get("target_prefix") or ""),
    )


def inspect_package_file(path: Path) -> tuple[str, dict[str, Any]]:
    """Validate an ``.argosmodel`` archive; return its top folder name and its ``metadata.json``."""
    if not path.is_file():
        raise ModelInstallError("package file not found", path=path)
    if not zipfile.is_zipfile(path):
        raise ModelInstallError("not an Argos package (not a zip archive)", path=path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        tops = {PurePosixPath(name).parts[0] for name in names if name.strip("/")}
        unsafe = [n for n in names if n.startswith("/") or ".." in PurePosixPath(n).parts or "\\" in n]
        if unsafe:
            raise ModelInstallError("package contains paths outside its folder", path=path, value=unsafe[0])
        if len(tops) != 1:
            raise ModelInstallError("package must hold exactly one top folder", path=path, value=sorted(tops))
        top = tops.pop()
        members = set(names)
        try:
            metadata = json.loads(archive.read(f"{top}/metadata.json"))
        except KeyError:
            raise ModelInstallError("package has no metadata.json", path=path) from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ModelInstallError(f"package metadata.json is not JSON ({exc})", path=path) from exc
    if not isinstance(metadata, dict) or not metadata.get("from_code") or not metadata.get("to_code"):
        raise ModelInstallError("metadata.json must name from_code and to_code", path=path)
    if f"{top}/model/model.bin" not in members:
        raise ModelInstallError("package has no CTranslate2 model (model/model.bin)", path=path)
    if not {f"{top}/sentencepiece.model", f"{top}/bpe.model"} & members:
        raise ModelInstallError("package has no tokenizer (sentencepiece.model or bpe.model)", path=path)
    return top, metadata


def install_pair(
    source: str, target: str, *, index_url: str | None = None, progress: Progress | None = None
) -> InstalledModel:
    """Find ``source`` -> ``target`` in the index, download it to a temporary folder and install it."""
    url = resolve_index_url(index_url)
    model = find_available(fetch_index(url), source, target)
    if model is None:
        raise ModelInstallError(f"the package index has no model for {source} -> {target}", value=url)
    with tempfile.TemporaryDirectory(prefix="transpub-download-") as tmp:
        return install_package_file(download(model, Path(tmp), progress=progress))


_Model = TypeVar("_Model", "InstalledModel", "AvailableModel")


def _best_match(pool: Sequence[_Model], source: str, target: str) -> _Model | None:
    for from_code in argos_codes(source):
        for to_code in argos_codes(target):
            matches = [m for m in pool if m.from_code == from_code and m.to_code == to_code]
            if matches:
                return max(matches, key=lambda m: _version_key(m.version))
    return None


def _version_key(version: str) -> tuple[int, ...]:
    """Numeric version ordering: ``1.10`` sorts after ``1.9``; non-numeric parts count as 0.

    >>> _version_key("1.10") > _version_key("1.9")
    True
    """
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def _available_from(entry: Mapping[str, Any], index_url: str, number: int) -> AvailableModel:
    from_code, to_code = entry.get("from_code"), entry.get("to_code")
    links = entry.get("links", [])
    if not isinstance(from_code, str) or not isinstance(to_code, str) or not isinstance(links, list):
        raise ModelInstallError(
            f"package index entry {number} needs string from_code/to_code and a list of links", value=index_url
        )
    size = entry.get("size")
    sha256 = entry.get("sha256")
    return AvailableModel(
        from_code=from_code,
        to_code=to_code,
        version=str(entry.get("package_version") or "0"),
        links=tuple(urllib.parse.urljoin(index_url, str(link)) for link in links),
        from_name=str(entry.get("from_name") or ""),
        to_name=str(entry.get("to_name") or ""),
        size=size if isinstance(size, int) else None,
        sha256=sha256 if isinstance(sha256, str) else None,
    )


def _check_scheme(url: str) -> None:
    if urllib.parse.urlsplit(url).scheme not in {"http", "https", "file"}:
        raise ModelInstallError("only http, https and file URLs are supported", value=url)


def _read_url(url: str, *, timeout: float) -> bytes:
    _check_scheme(url)
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - scheme checked above
            data: bytes = response.read()
            return data
    except (OSError, urllib.error.URLError, ValueError) as exc:
        raise ModelInstallError(f"could not read the package index ({exc})", value=url) from exc


def _download_to(url: str, dest: Path, progress: Progress | None) -> None:
    _check_scheme(url)
    tmp = dest.with_name(f".{dest.name}.part")
    with urllib.request.urlopen(url, timeout=60) as response, tmp.open("wb") as out:  # noqa: S310
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        done = 0
        if progress is not None:
            progress(done, total)
        while chunk := response.read(_CHUNK):
            out.write(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
    tmp.replace(dest)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()
