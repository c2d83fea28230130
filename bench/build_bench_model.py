"""Build (or reuse) a transformer-base-shaped Argos model with random weights, and a synthetic press corpus.

The shape is what published Argos/OpenNMT models use: 6 encoder + 6 decoder layers, width 512, 8 heads, feed-forward
2048, a shared SentencePiece vocabulary of about 8000 pieces, int8 weights. Weights are random, so translations are
noise, but every matrix multiply a real model does is done, which is all a throughput benchmark needs. A random
model never chooses to stop, so the benchmark forces output lengths from source lengths (the argos engine's
``decoding_length_ratio`` option).

The model is cached in ``bench/.cache/`` (keyed by :data:`MODEL_VERSION`); building it takes about a minute.

    python bench/build_bench_model.py          # build now, print the folder
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

CACHE = Path(__file__).resolve().parent / ".cache"
MODEL_VERSION = "1"
LAYERS, WIDTH, HEADS, FFN, VOCAB = 6, 512, 8, 2048, 8000

_ONSETS = ["", "b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "br", "cl", "pr", "st", "tr", "sh"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"]
_CODAS = ["", "", "n", "r", "s", "l", "t", "m", "nd", "st"]


def lexicon(rng: np.random.Generator, size: int) -> list[str]:
    """``size`` distinct pronounceable pseudo-words of one to four syllables."""
    words: dict[str, None] = {}
    while len(words) < size:
        syllables = rng.integers(1, 5)
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables))
        if len(word) > 1:
            words[word] = None
    return list(words)


def sentence(rng: np.random.Generator, words: list[str], weights: np.ndarray) -> str:
    """One sentence of 6 to 34 Zipf-distributed words, capitalised, with an occasional comma and number."""
    count = int(rng.integers(6, 35))
    picked = [words[i] for i in rng.choice(len(words), size=count, p=weights)]
    if count > 12:
        picked[count // 2] += ","
    if rng.random() < 0.3:
        picked.insert(int(rng.integers(1, count)), str(int(rng.integers(2, 2030))))
    return " ".join(picked).capitalize() + "."


def corpus_words(seed: int = 0) -> tuple[list[str], np.ndarray]:
    """The shared pseudo-language: a lexicon and its Zipf weights."""
    rng = np.random.default_rng(seed)
    words = lexicon(rng, 12000)
    weights = 1.0 / np.arange(1, len(words) + 1)
    return words, weights / weights.sum()


def write_releases(folder: Path, *, releases: int, sentences: int, seed: int = 1) -> list[Path]:
    """Write ``releases`` plain-text press releases of about ``sentences`` sentences each (title + paragraphs)."""
    words, weights = corpus_words()
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(releases):
        title = f"Release {number + 1}: " + sentence(rng, words, weights).rstrip(".")[:70]
        paragraphs, left = [], sentences
        while left > 0:
            size = min(left, int(rng.integers(2, 6)))
            paragraphs.append(" ".join(sentence(rng, words, weights) for _ in range(size)))
            left -= size
        path = folder / f"release-{number + 1:02d}.txt"
        path.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def build_bench_model(cache_dir: Path = CACHE) -> Path:
    """The cached model folder (``model/`` + ``sentencepiece.model``), built first if missing."""
    target = cache_dir / f"bench-model-v{MODEL_VERSION}"
    if (target / "model" / "model.bin").exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".building-", dir=cache_dir))
    try:
        pieces = _train_tokenizer(work / "sentencepiece.model")
        _write_random_transformer(work / "model", pieces)
        work.rename(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def install_bench_packages(model_dir: Path, packages_dir: Path, pairs: list[tuple[str, str]]) -> None:
    """Make the model an installed Argos package for every pair (metadata.json + links to the shared files)."""
    for from_code, to_code in pairs:
        folder = packages_dir / f"translate-{from_code}_{to_code}"
        folder.mkdir(parents=True, exist_ok=True)
        metadata = {"package_version": "0.0", "from_code": from_code, "to_code": to_code, "type": "translate"}
        (folder / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
        for name in ("model", "sentencepiece.model"):
            link = folder / name
            if not link.exists():
                link.symlink_to(model_dir / name)


def _train_tokenizer(path: Path) -> list[str]:
    import sentencepiece as spm

    words, weights = corpus_words()
    rng = np.random.default_rng(2)
    lines = [sentence(rng, words, weights) for _ in range(40000)]
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_prefix=str(path.with_suffix("")),
        vocab_size=VOCAB,
        model_type="unigram",
        byte_fallback=True,
        hard_vocab_limit=False,
        num_threads=2,
        minloglevel=2,
    )
    path.with_suffix(".vocab").unlink(missing_ok=True)
    processor = spm.SentencePieceProcessor(model_file=str(path))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _write_random_transformer(out: Path, pieces: list[str]) -> None:
    from ctranslate2.specs import transformer_spec

    rng = np.random.default_rng(3)
    vocab = len(pieces)

    def rand(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape, dtype=np.float32) / np.sqrt(shape[-1])).astype(np.float32)

    def norm(layer_norm: object) -> None:
        layer_norm.gamma = np.ones(WIDTH, dtype=np.float32)
        layer_norm.beta = np.zeros(WIDTH, dtype=np.float32)

    def linear(spec: object, rows: int, cols: int) -> None:
        spec.weight = rand(rows, cols)
        spec.bias = np.zeros(rows, dtype=np.float32)

    spec = transformer_spec.TransformerSpec.from_config(LAYERS, HEADS)
    spec.encoder.embeddings[0].weight = rand(vocab, WIDTH)
    spec.decoder.embeddings.weight = rand(vocab, WIDTH)
    for stack in (spec.encoder, spec.decoder):
        norm(stack.layer_norm)
        for layer in stack.layer:
            norm(layer.self_attention.layer_norm)
            linear(layer.self_attention.linear[0], 3 * WIDTH, WIDTH)
            linear(layer.self_attention.linear[1], WIDTH, WIDTH)
            norm(layer.ffn.layer_norm)
            linear(layer.ffn.linear_0, FFN, WIDTH)
            linear(layer.ffn.linear_1, WIDTH, FFN)
            if stack is spec.decoder:
                norm(layer.attention.layer_norm)
                linear(layer.attention.linear[0], WIDTH, WIDTH)
                linear(layer.attention.linear[1], 2 * WIDTH, WIDTH)
                linear(layer.attention.linear[2], WIDTH, WIDTH)
    linear(spec.decoder.projection, vocab, WIDTH)
    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    spec.validate()
    spec.optimize(quantization="int8")
    out.mkdir()
    spec.save(str(out))


if __name__ == "__main__":
    print(build_bench_model(Path(sys.argv[1]) if len(sys.argv) > 1 else CACHE))
