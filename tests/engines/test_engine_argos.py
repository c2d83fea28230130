"""The argos engine against real (tiny) Argos packages whose model copies its input exactly."""

from __future__ import annotations

import platform
import threading

import pytest
import sentencepiece

from support.argos_builder import build_copy_package, install_copy_package
from transpub.engines import argos, create_engine
from transpub.engines import packages as models
from transpub.engines.argos import ArgosEngine, plan_batches, release_free_heap
from transpub.engines.base import Engine
from transpub.errors import ConfigError, ModelNotInstalledError

SAMPLES = [
    "The Global Coastal Resilience Fund (GCRF) announced on Monday that it will expand.",
    "Ça où déjà — «naïve» cœur, Dvořák, Łódź, Straße.",
    "全球沿海复原力基金周一宣布，将扩大沿海地平线倡议。",
    "أعلن الصندوق العالمي للقدرة على الصمود الساحلي يوم الاثنين.",
    "Keep XTERM1X, XTERM2XXTERM3X and [T1] exactly; snake_case_name stays.",
    "Punctuation: (a) [b] {c} <d> \"e\" 'f' «g» „h“ … © € 37% 14:30 — ok?!",
    "Unseen scripts: ᚠᚢᚦ 🌊 ☃ ꙮ ∑ ≠ ∞",
    "Two  spaces,\ta tab and\na newline",
]


@pytest.fixture(scope="module", autouse=True)
def copy_packages() -> None:
    for source, target in [("en", "es"), ("en", "ar"), ("en", "pb"), ("en", "zh")]:
        install_copy_package(source, target)


@pytest.fixture
def engine() -> ArgosEngine:
    with ArgosEngine() as engine:
        yield engine


def test_identity_model_copies_every_script(engine: ArgosEngine) -> None:
    assert engine.translate_batch(SAMPLES, "en", "es") == SAMPLES


def test_long_text_is_not_truncated(engine: ArgosEngine) -> None:
    # About 800 pieces: far beyond CTranslate2's default max_decoding_length (256); the copy model addresses 1024.
    text = " ".join(f"Sentence {i} about coastal communities and XTERM{i}X." for i in range(25))
    assert engine.translate_batch([text], "en", "ar") == [text]


def test_many_batches_come_back_in_order() -> None:
    texts = [f"{'word ' * (i % 7)}item {i}" for i in range(40)]
    with ArgosEngine(max_batch_tokens=24, beam_size=1) as small_batches:
        assert small_batches.translate_batch(texts, "en", "es") == texts


def test_empty_and_blank_texts_pass_through(engine: ArgosEngine) -> None:
    assert engine.translate_batch([], "en", "es") == []
    assert engine.translate_batch(["", "  ", "x"], "en", "es") == ["", "  ", "x"]


@pytest.mark.parametrize(
    ("source", "target", "model_id"),
    [
        ("en", "es", "argos:en-es@1.0"),
        ("en", "es-MX", "argos:en-es@1.0"),
        ("en", "pt-BR", "argos:en-pb@1.0"),
        ("en", "zh", "argos:en-zh@1.0"),
        ("en-GB", "ar", "argos:en-ar@1.0"),
    ],
)
def test_language_tags_map_to_package_codes(engine: ArgosEngine, source: str, target: str, model_id: str) -> None:
    assert engine.supports(source, target)
    assert engine.model_id(source, target) == model_id


@pytest.mark.parametrize(("source", "target"), [("en", "de"), ("en", "pt"), ("es", "en"), ("en", "zh-Hant")])
def test_missing_pair_names_the_install_command(engine: ArgosEngine, source: str, target: str) -> None:
    assert not engine.supports(source, target)
    with pytest.raises(ModelNotInstalledError, match=f"transpub models install {source} {target}") as err:
        engine.translate_batch(["hello"], source, target)
    assert err.value.path == str(models.packages_dir())
    assert str(err.value).endswith(
        f"no Argos model installed for {source} -> {target}; install one with: "
        f"transpub models install {source} {target}"
    )
    with pytest.raises(ModelNotInstalledError):
        engine.model_id(source, target)
    with pytest.raises(ModelNotInstalledError):  # the pipeline probes a pair with an empty batch
        engine.translate_batch([], source, target)


def test_models_load_once_and_close_releases_them() -> None:
    engine = create_engine("argos")
    assert isinstance(engine, Engine)
    engine.translate_batch(["a"], "en", "es")
    engine.translate_batch(["b"], "en", "es")
    engine.translate_batch(["c"], "en", "ar")
    assert engine.loaded_models == ("argos:en-es@1.0", "argos:en-ar@1.0")
    engine.close()
    assert engine.loaded_models == ()


def test_release_models_after_run_keeps_nothing_loaded() -> None:
    with ArgosEngine(release_models_after_run=True) as engine:
        assert engine.translate_batch(["hola"], "en", "es") == ["hola"]
        assert engine.loaded_models == ()


def test_decoding_length_ratio_forces_output_length(engine: ArgosEngine) -> None:
    text = "Coastal communities need climate resilience."
    with ArgosEngine(decoding_length_ratio=1.0) as same_length:
        assert same_length.translate_batch([text], "en", "es") == [text]
    with ArgosEngine(decoding_length_ratio=2.0) as double:
        [longer] = double.translate_batch([text], "en", "es")
    pieces = _processor("en", "es").encode(text, out_type=str)
    assert longer.startswith(text)
    assert len(_processor("en", "es").encode(longer, out_type=str)) > len(pieces)


def test_target_prefix_is_sent_and_stripped(tmp_path) -> None:
    processor = _processor("en", "es")
    prefix = processor.id_to_piece(processor.get_piece_size() - 1)
    package = build_copy_package(tmp_path, "en", "fr", target_prefix=prefix)
    models.install_package_file(package)
    text = "Member States act now"
    pieces = processor.encode(text, out_type=str)
    with ArgosEngine() as engine:
        # The copy model aligns output step t with source position t, so the forced prefix takes the place of
        # the first source piece: what remains after stripping the prefix is the source without that piece.
        assert engine.translate_batch([text], "en", "fr") == [processor.decode_pieces(pieces[1:])]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"beam_size": 0}, "beam_size must be a positive integer"),
        ({"max_batch_tokens": True}, "max_batch_tokens must be a positive integer"),
        ({"intra_threads": -1}, "intra_threads must be 0 or more"),
        ({"device": "tpu"}, "device must be one of"),
        ({"decoding_length_ratio": 0}, "decoding_length_ratio must be a positive number"),
        ({"parallel_translations": 0}, "parallel_translations must be a positive integer"),
        ({"trim_memory": "yes"}, "trim_memory must be true or false"),
        ({"release_models_after_run": 1}, "release_models_after_run must be true or false"),
        ({"beam": 4}, "unknown option"),
    ],
)
def test_bad_options_are_config_errors(options: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        ArgosEngine(**options)


def test_compute_type_defaults_to_int8_on_cpu() -> None:
    assert ArgosEngine().options.effective_compute_type == "int8"
    assert ArgosEngine(device="cuda").options.effective_compute_type == "auto"
    assert ArgosEngine(compute_type="float32").options.effective_compute_type == "float32"


@pytest.mark.parametrize(
    ("lengths", "budget", "expected"),
    [
        ({}, 10, []),
        ({0: 3}, 1, [[0]]),
        ({0: 9, 1: 1, 2: 1, 3: 9}, 18, [[1, 2], [0, 3]]),
        ({0: 2, 1: 2, 2: 2, 3: 2}, 6, [[0, 1, 2], [3]]),
    ],
)
def test_plan_batches(lengths: dict[int, int], budget: int, expected: list[list[int]]) -> None:
    assert plan_batches(lengths, budget) == expected


def _processor(source: str, target: str) -> sentencepiece.SentencePieceProcessor:
    package = models.find_installed(source, target)
    return sentencepiece.SentencePieceProcessor(model_file=str(package.path / "sentencepiece.model"))


def test_reinstalled_package_is_reloaded(tmp_path) -> None:
    models.install_package_file(build_copy_package(tmp_path / "v1", "en", "it"))
    with ArgosEngine() as engine:
        assert engine.translate_batch(["ciao"], "en", "it") == ["ciao"]
        models.install_package_file(build_copy_package(tmp_path / "v2", "en", "it", version="1.1"))
        assert engine.translate_batch(["ciao"], "en", "it") == ["ciao"]
        assert engine.loaded_models == ("argos:en-it@1.1",)


@pytest.mark.parametrize(("parallel", "expected_overlap"), [(1, 1), (2, 2)])
def test_parallel_translations_bounds_concurrent_decoding(
    monkeypatch: pytest.MonkeyPatch, parallel: int, expected_overlap: int
) -> None:
    """Four languages translated by concurrent tasks decode at most ``parallel_translations`` at a time."""
    active, most = [0], [0]
    guard = threading.Lock()
    both_inside = threading.Barrier(2)

    def recording_translate(loaded: object, texts: list[str]) -> list[str]:
        with guard:
            active[0] += 1
            most[0] = max(most[0], active[0])
        try:
            # With room for two, wait (bounded) until a second call is inside too, so the overlap is certain.
            if parallel > 1:
                both_inside.wait(timeout=30)
            return list(texts)
        finally:
            with guard:
                active[0] -= 1

    with ArgosEngine(parallel_translations=parallel) as engine:
        monkeypatch.setattr(engine, "_translate", recording_translate)
        errors: list[BaseException] = []

        def call(target: str) -> None:
            try:
                assert engine.translate_batch(["hola"], "en", target) == ["hola"]
            except BaseException as exc:  # reported by the assertion below, in the test thread
                errors.append(exc)

        threads = [threading.Thread(target=call, args=(t,)) for t in ("es", "ar", "pb", "zh")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert most[0] == expected_overlap


@pytest.mark.parametrize(("trim", "expected_calls"), [(True, 2), (False, 0)])
def test_trim_memory_returns_the_workspace_after_each_call(
    monkeypatch: pytest.MonkeyPatch, trim: bool, expected_calls: int
) -> None:
    calls: list[None] = []
    monkeypatch.setattr(argos, "release_free_heap", lambda: calls.append(None) or True)
    with ArgosEngine(trim_memory=trim) as engine:
        assert engine.translate_batch(["uno"], "en", "es") == ["uno"]
        assert engine.translate_batch(["dos"], "en", "ar") == ["dos"]
        assert len(calls) == expected_calls
    assert len(calls) == expected_calls + (1 if trim else 0)  # close() trims once more


def test_release_free_heap_uses_glibc_where_present() -> None:
    assert release_free_heap() is (platform.libc_ver()[0] == "glibc")
