"""``transpub models list [--index-url URL] [--installed]`` and ``transpub models install (SOURCE TARGET | FILE)``.

``list`` prints installed packages, then what the index offers, with sizes. ``install en es`` downloads the pair
from the index (``--index-url``, else ``ARGOS_PACKAGE_INDEX``, else the public Argos index) with a progress bar on
stderr; ``install path/to/file.argosmodel`` installs a package file. All logic lives in
:mod:`transpub.engines.packages`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from transpub.engines import packages as models
from transpub.errors import ConfigError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``models`` with its ``list`` and ``install`` subcommands to the CLI."""
    parser = sub.add_parser(
        "models",
        help="list and install Argos translation models",
        description="List installed and available Argos Translate packages, or install one.",
    )
    actions = parser.add_subparsers(dest="models_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="show installed and available packages with their sizes")
    listing.add_argument("--index-url", help="package index JSON (default: ARGOS_PACKAGE_INDEX or the Argos index)")
    listing.add_argument("--installed", action="store_true", help="only installed packages; do not read the index")
    listing.set_defaults(func=run_list)

    install = actions.add_parser(
        "install",
        help="install a language pair from the index, or a .argosmodel file",
        description="Install `SOURCE TARGET` (e.g. `en es`) from the package index, or one .argosmodel file.",
    )
    install.add_argument("what", nargs="+", metavar="SOURCE TARGET | FILE")
    install.add_argument("--index-url", help="package index JSON (default: ARGOS_PACKAGE_INDEX or the Argos index)")
    install.set_defaults(func=run_install)


def run_list(args: argparse.Namespace) -> int:
    """Print installed packages, then (unless ``--installed``) the index's packages."""
    installed = models.installed_models()
    print(f"Installed ({models.packages_dir()}):")
    if not installed:
        print("  (none)")
    for model in installed:
        print(f"  {_pair(model):<12} {model.version:<8} {format_size(model.size):>9}  {model.path.name}")
    if args.installed:
        return 0
    url = models.resolve_index_url(args.index_url)
    available = models.with_remote_sizes(models.fetch_index(url))
    have = {(m.from_code, m.to_code, m.version) for m in installed}
    print(f"Available ({url}):")
    if not available:
        print("  (none)")
    for entry in sorted(available, key=lambda m: (m.from_code, m.to_code)):
        mark = "installed" if (entry.from_code, entry.to_code, entry.version) in have else ""
        size = "?" if entry.size is None else format_size(entry.size)
        print(f"  {_pair(entry):<12} {entry.version:<8} {size:>9}  {mark}".rstrip())
    return 0


def run_install(args: argparse.Namespace) -> int:
    """Install a pair from the index or a package file; report what was installed on stdout."""
    what: Sequence[str] = args.what
    if len(what) == 1:
        model = models.install_package_file(Path(what[0]))
    elif len(what) == 2:
        source, target = what
        bar = ProgressBar(f"{source} -> {target}", sys.stderr)
        try:
            model = models.install_pair(source, target, index_url=args.index_url, progress=bar.update)
        finally:
            bar.finish()
    else:
        raise ConfigError("models install takes SOURCE TARGET (e.g. en es) or one .argosmodel file", value=what)
    print(f"installed {_pair(model)} ({model.model_id}) in {model.path}")
    return 0


class ProgressBar:
    """A one-line download bar redrawn in place on ``stream``.

    >>> import io
    >>> out = io.StringIO()
    >>> bar = ProgressBar("en -> es", out, width=10)
    >>> bar.update(512, 1024); bar.finish()
    >>> out.getvalue().splitlines()[-1].strip()
    'en -> es [#####.....]  50%  512 B / 1.0 KB'
    """

    def __init__(self, label: str, stream: TextIO, *, width: int = 30) -> None:
        self.label = label
        self.stream = stream
        self.width = width
        self._drawn = False
        self._width_drawn = 0

    def update(self, done: int, total: int | None) -> None:
        if total:
            filled = min(self.width, done * self.width // total)
            bar = "#" * filled + "." * (self.width - filled)
            line = f"{self.label} [{bar}] {done * 100 // total:3d}%  {format_size(done)} / {format_size(total)}"
        else:
            line = f"{self.label} {format_size(done)}"
        self.stream.write("\r" + line.ljust(self._width_drawn))
        self.stream.flush()
        self._width_drawn = len(line)
        self._drawn = True

    def finish(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False


def format_size(size: int) -> str:
    """Human-readable bytes.

    >>> [format_size(n) for n in (0, 1023, 267_766, 91_000_000)]
    ['0 B', '1023 B', '261.5 KB', '86.8 MB']
    """
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _pair(model: models.InstalledModel | models.AvailableModel) -> str:
    return f"{model.from_code} -> {model.to_code}"
