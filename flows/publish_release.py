"""The ``publish_release`` flow: load -> segment -> translate per language (mapped tasks) -> check -> render -> write.

The flow only orchestrates; every stage is a function of :mod:`transpub.pipeline.publish`, unit-tested without Prefect.
There is one task per stage and per language, never one per segment, so a run stays small on Prefect's side.
Only writing touches the disk, so only the write task retries.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from prefect import flow, task, unmapped
from prefect.task_runners import ThreadPoolTaskRunner

from transpub.config import LanguageSettings, Settings, load_settings
from transpub.pipeline import publish as pipeline

log = logging.getLogger("transpub")


@task(name="load-and-segment")
def load_and_segment(inputs: Sequence[str], settings: Settings) -> tuple[Any, ...]:
    return pipeline.prepare(inputs, settings, progress=log.info)


@task(name="translate-language")
def translate_language(
    ls: LanguageSettings,
    batch: Sequence[Any],
    settings: Settings,
    engines: pipeline.EngineSet,
    previous: Mapping[str, Mapping[str, str]],
    glossary: Any,
) -> tuple[str, dict[str, pipeline.LanguageOutcome], tuple[int, int]]:
    log.info("translating %d release(s) into %s with %s", len(batch), ls.lang.tag, ls.engine)
    with pipeline.memory_session(settings) as memory:  # one connection per task thread
        run, outcomes = pipeline.translate_language(
            batch,
            ls,
            settings=settings,
            engine=engines.get(ls.engine),
            glossary=glossary,
            memory=memory,
            previous=previous,
        )
    return ls.lang.tag, outcomes, (run.machine_translated, run.reused)


@task(name="write-pages", retries=2, retry_delay_seconds=1)
def write_pages(
    batch: Sequence[Any],
    per_lang: Mapping[str, Mapping[str, pipeline.LanguageOutcome]],
    settings: Settings,
    counts: Mapping[str, tuple[int, int]],
    glossary_version: str | None,
) -> pipeline.PublishResult:
    with pipeline.memory_session(settings) as memory:
        return pipeline.write_outputs(
            batch,
            per_lang,
            settings=settings,
            memory=memory,
            counts=counts,
            glossary_version=glossary_version,
            progress=log.info,
        )


def run_stages(
    inputs: Sequence[str], settings: Settings, languages: Sequence[str] | None = None
) -> pipeline.PublishResult:
    """The flow body, usable from any flow (``republish_on_edit`` calls it too)."""
    chosen = pipeline.select_languages(settings, languages)
    glossary = pipeline.load_glossary(settings)
    batch = load_and_segment(inputs, settings)
    with pipeline.memory_session(settings) as memory:
        previous = pipeline.previous_sources(memory, batch)
    with pipeline.EngineSet(settings) as engines:
        engines.check_available(chosen)  # fail fast, before any translation, when a model is missing
        futures = translate_language.map(
            list(chosen),
            batch=unmapped(batch),
            settings=unmapped(settings),
            engines=unmapped(engines),
            previous=unmapped(previous),
            glossary=unmapped(glossary),
        )
        results = [f.result() for f in futures]
    per_lang = {lang: outcomes for lang, outcomes, _ in results}
    counts = {lang: count for lang, _, count in results}
    return write_pages(batch, per_lang, settings, counts, None if glossary is None else glossary.version)


@flow(name="publish-release", task_runner=ThreadPoolTaskRunner(max_workers=4), validate_parameters=False)
def publish_release(
    inputs: list[str],
    config: str | None = None,
    targets: list[str] | None = None,
    engine: str | None = None,
    glossaries: list[str] | None = None,
    out: str | None = None,
    languages: list[str] | None = None,
) -> dict[str, Any]:
    """Publish release files (or folders of them) into every target language; returns a JSON-able summary."""
    settings = load_settings(config).with_overrides(
        targets=targets,
        engine=engine,
        glossaries=None if glossaries is None else [Path(g) for g in glossaries],
        out=None if out is None else Path(out),
    )
    result = run_stages(inputs, settings, languages)
    return result.as_dict()
