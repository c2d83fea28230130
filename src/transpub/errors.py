"""One exception root for everything transpub raises on purpose.

Every error keeps the offending value and, where it has one, the file and line, and quotes them in its message:

>>> str(ReleaseError("front matter is not valid YAML", path="news/a.md", line=3))
'news/a.md:3: front matter is not valid YAML'
>>> err = LanguageError("unknown language code", value="xx-QQ")
>>> str(err), err.value
("unknown language code: 'xx-QQ'", 'xx-QQ')
"""

from __future__ import annotations

from os import PathLike


class TranspubError(Exception):
    """Root of every error transpub raises deliberately.

    ``path``, ``line`` and ``value`` are kept as attributes so callers (the CLI, the review app) can show them.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | PathLike[str] | None = None,
        line: int | None = None,
        value: object = None,
    ) -> None:
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        self.value = value
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        text = f"{where}{self.message}"
        if self.value is not None:
            text += f": {self.value!r}"
        return text


class ConfigError(TranspubError):
    """The configuration file or a command-line option is invalid."""


class LanguageError(TranspubError):
    """A language code is unknown, malformed, duplicated or not part of this run."""


class ReleaseError(TranspubError):
    """A release file cannot be read: empty, binary, wrong encoding, too large, bad front matter or slug."""


class GlossaryError(TranspubError):
    """A glossary file is malformed or two glossaries conflict."""


class EngineError(TranspubError):
    """A translation engine failed or is unavailable."""


class ModelNotInstalledError(EngineError):
    """No model is installed for a language pair; the message names the pair and the install command."""


class ModelInstallError(EngineError):
    """A model package could not be found, downloaded, verified or installed."""


class ProtectionError(TranspubError):
    """Masked text could not be restored (a placeholder was lost, duplicated or leaked)."""


class TranslationMemoryError(TranspubError):
    """The translation memory database is unreadable, of an unknown schema, or a write failed."""


class PublishError(TranspubError):
    """Pages could not be rendered or written."""


class LockedError(PublishError):
    """Another publish holds the lock on this output folder or memory."""


class ReviewError(TranspubError):
    """A review file or edit is refused (stale source, broken inline codes, malformed or hostile XML)."""


class ReportError(PublishError, ReviewError):
    """A QA report is missing, unreadable or breaks the schema (a publishing and a review error alike)."""


class OrchestrationError(TranspubError):
    """Prefect could not be started or reached (the message says how to run against a server or without one)."""
