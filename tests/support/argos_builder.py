"""Build a tiny, real Argos Translate package whose model copies its input exactly (the "identity translator").

The model is a genuine CTranslate2 transformer (one encoder and one decoder layer, one head) with hand-set weights,
and a genuine SentencePiece tokenizer, so everything transpub does with a downloaded Argos package (discover,
install, tokenise, batch, decode) runs for real, yet the output is predictable: ``translate(x) == x``.

How the weights copy the input (V = vocabulary size, width D = V + 64):

* embeddings are ``4 x`` one-hot token codes in the first V dims; the last 64 dims hold position codes
  (cos and sin of 32 frequencies), given to the model as its ``position_encodings``;
* every self-attention and feed-forward output projection is zero, so residuals pass through unchanged;
* in the decoder's cross-attention, queries and keys read only the position dims (so decoding step t attends to
  source position t) and values read only the token dims, so step t emits source token t; the source ends with
  ``</s>`` (``add_source_eos``), so decoding stops exactly where the source does.

The model does not depend on the language pair, so it is built once and cached (``tests/.cache/``, ignored by git);
each pair only gets its own ``metadata.json`` in the zipped ``.argosmodel``.

Use :func:`build_copy_package` from tests and fixtures::

    path = build_copy_package(tmp_path, "en", "es")   # -> tmp_path / "translate-en_es.argosmodel"
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from transpub.engines.packages import InstalledModel, install_package_file

#: Bumped whenever the recipe below changes, so stale caches are never reused.
COPY_MODEL_VERSION = "1"
DEFAULT_CACHE = Path(__file__).resolve().parents[1] / ".cache"

_POSITIONS = 1024  # longest source, in tokens, the copy model can address
_POSITION_DIMS = 64
_VOCAB_SIZE = 600

# A few KB of text the tokenizer is trained on: accents, CJK, Arabic, digits and punctuation, so common pieces
# of every script exist; anything else still round-trips through byte fallback.
_TRAINING_TEXT = """\
The Global Coastal Resilience Fund (GCRF) announced on Monday that the Coastal Horizons Initiative will expand.
Director-General Amara Okafor said: "Member States must act now to protect coastal communities."
Tidewatch, the data platform, tracks sea levels at 1,240 stations; 37% of them report rising water.
The Port Elizabeth Declaration commits signatories to an early warning system by 2030.
Internally displaced persons need climate resilience, housing, water and schools.
Questions? Write to press@gcrf.example.org or visit https://gcrf.example.org/news/2026-03-14.
O Fundo anunciou na segunda-feira que a iniciativa será ampliada até 2030, disse a diretora-geral.
As comunidades costeiras precisam de resiliência climática, de água potável e de informação.
El Fondo anunció el lunes que la iniciativa se ampliará; las comunidades costeras están en riesgo.
¿Qué harán los Estados Miembros? ¡Actuar ya! La resiliencia climática no puede esperar.
Le Fonds a annoncé lundi que l'initiative sera élargie ; « les communautés côtières » sont en première ligne.
Les États membres s'engagent à créer un système d'alerte précoce avant 2030, a déclaré la directrice générale.
Ça, où, déjà, être, naïve, cœur, Œuvre, français, garçon, façade, élève, forêt, hôtel, mûr.
Müller, Straße, Grüße, Ärger, Öl, Übung — Zürich, København, Łódź, Dvořák, Ångström.
全球沿海复原力基金周一宣布，将扩大沿海地平线倡议。总干事表示，成员国必须立即采取行动保护沿海社区。
日本語の文章も含まれます。東京、大阪、京都。海面上昇は深刻な問題です。
한국어 문장도 있습니다. 해안 지역 사회를 보호해야 합니다.
أعلن الصندوق العالمي للقدرة على الصمود الساحلي يوم الاثنين عن توسيع المبادرة.
قالت المديرة العامة إن الدول الأعضاء يجب أن تتحرك الآن لحماية المجتمعات الساحلية.
نظام الإنذار المبكر ضروري للنازحين داخليا. القدرة على الصمود في وجه المناخ.
Фонд объявил в понедельник о расширении инициативы. Ελληνικά: το Ταμείο ανακοίνωσε.
Placeholders stay intact: XTERM1X, XTERM2X, XTAG10X, [T1], [T2], [g1], {0}, {name}, %s, %(count)d.
Punctuation: (a) [b] {c} <d> "e" 'f' «g» „h" ‘i’ “j” — – … · • ° § ¶ © ® ™ € £ ¥ $ % & * + = / \\ | ~ ^ _ @ #.
Numbers: 0 1 2 3 4 5 6 7 8 9 10 100 1000 3.14 2,5 1/2 ½ ¾ 42nd 3rd 1st 2026-03-14 14:30 UTC+01:00.
"""


def build_copy_package(
    dest_dir: Path,
    from_code: str,
    to_code: str,
    *,
    cache_dir: Path | None = None,
    version: str = "1.0",
    target_prefix: str = "",
) -> Path:
    """Write ``dest_dir/translate-{from_code}_{to_code}.argosmodel``, an Argos package that copies its input.

    The model itself is built once per cache folder (a few seconds) and reused; only ``metadata.json`` differs
    between pairs. Returns the path of the ``.argosmodel`` file. With a ``target_prefix`` (as multilingual Argos
    packages declare) the forced first target token shifts the copy by one: the output drops the first source
    piece, which lets tests see that the prefix was sent and stripped.
    """
    model_dir = copy_model_dir(cache_dir or DEFAULT_CACHE)
    metadata = {
        "package_version": version,
        "argos_version": "1.0",
        "from_code": from_code,
        "from_name": from_code,
        "to_code": to_code,
        "to_name": to_code,
        "links": [],
        "type": "translate",
    }
    if target_prefix:
        metadata["target_prefix"] = target_prefix
    return zip_package(model_dir, metadata, Path(dest_dir) / f"translate-{from_code}_{to_code}.argosmodel")


def install_copy_package(from_code: str, to_code: str, *, cache_dir: Path | None = None) -> InstalledModel:
    """Build (or reuse) the copy package for a pair and install it where Argos looks (``ARGOS_PACKAGES_DIR``).

    Returns the :class:`transpub.engines.packages.InstalledModel`. The ``.argosmodel`` files live in the cache folder.
    """
    cache = cache_dir or DEFAULT_CACHE
    return install_package_file(build_copy_package(cache / "packages", from_code, to_code, cache_dir=cache))


def copy_model_dir(cache_dir: Path) -> Path:
    """The cached folder holding ``model/`` (CTranslate2) and ``sentencepiece.model``; built if missing.

    Building happens in a temporary folder renamed into place, so concurrent test sessions never see half a model.
    """
    target = Path(cache_dir) / f"argos-copy-model-v{COPY_MODEL_VERSION}"
    if (target / "model" / "model.bin").exists() and (target / "sentencepiece.model").exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".building-", dir=target.parent))
    try:
        _build_copy_model(work)
        try:
            work.rename(target)
        except OSError:  # another session finished first; its model is identical in behaviour
            shutil.rmtree(work, ignore_errors=True)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return target


def zip_package(
    model_dir: Path, metadata: Mapping[str, object], dest: Path, *, extra_files: Iterable[Path] = ()
) -> Path:
    """Zip ``model_dir`` (``model/`` + tokenizer) with ``metadata.json`` as an Argos ``.argosmodel`` at ``dest``.

    The archive holds one top folder named after the package, as published Argos packages do.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    top = dest.name.removesuffix(".argosmodel")
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{top}/metadata.json", json.dumps(dict(metadata), indent=2))
        for path in sorted(model_dir.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(model_dir).as_posix()}")
        for path in extra_files:
            archive.write(path, f"{top}/{path.name}")
    tmp.replace(dest)
    return dest


def train_sentencepiece(
    sentences: Iterable[str], model_path: Path, *, vocab_size: int, character_coverage: float = 0.98
) -> list[str]:
    """Train a unigram SentencePiece model with byte fallback and no normalisation; return its pieces in id order."""
    import sentencepiece as spm

    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(list(sentences)),
        model_prefix=str(model_path.with_suffix("")),
        vocab_size=vocab_size,
        model_type="unigram",
        byte_fallback=True,
        normalization_rule_name="identity",
        remove_extra_whitespaces=False,
        character_coverage=character_coverage,
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
    )
    processor = spm.SentencePieceProcessor(model_file=str(model_path))
    return [processor.id_to_piece(i) for i in range(processor.get_piece_size())]


def _position_codes(positions: int) -> object:
    import numpy as np

    freqs = np.geomspace(0.05, 2.8, _POSITION_DIMS // 2)
    angles = np.arange(positions, dtype=np.float64)[:, None] * freqs[None, :]
    return np.concatenate([np.cos(angles), np.sin(angles)], axis=1).astype(np.float32)


def _build_copy_model(out_dir: Path) -> None:
    import numpy as np
    from ctranslate2.specs import transformer_spec

    pieces = train_sentencepiece(_TRAINING_TEXT.splitlines(), out_dir / "sentencepiece.model", vocab_size=_VOCAB_SIZE)
    (out_dir / "sentencepiece.vocab").unlink(missing_ok=True)
    vocab = len(pieces)
    width = vocab + _POSITION_DIMS
    tok = slice(0, vocab)
    pos = slice(vocab, width)

    def zeros(*shape: int) -> np.ndarray:
        return np.zeros(shape, dtype=np.float32)

    def block_identity(rows: slice, cols: slice, scale: float, shape: tuple[int, int]) -> np.ndarray:
        weight = zeros(*shape)
        size = rows.stop - rows.start
        weight[rows, cols] = scale * np.eye(size, dtype=np.float32)
        return weight

    def norm(layer_norm: object) -> None:
        layer_norm.gamma = np.ones(width, dtype=np.float32)
        layer_norm.beta = zeros(width)

    embeddings = block_identity(slice(0, vocab), tok, 4.0, (vocab, width))
    codes = np.zeros((_POSITIONS, width), dtype=np.float32)
    codes[:, pos] = _position_codes(_POSITIONS)
    ffn_dim = 8

    spec = transformer_spec.TransformerSpec.from_config((1, 1), 1)
    spec.config.add_source_eos = True
    encoder, decoder = spec.encoder, spec.decoder
    encoder.embeddings[0].weight = embeddings
    decoder.embeddings.weight = embeddings.copy()
    for stack in (encoder, decoder):
        stack.scale_embeddings = False
        stack.position_encodings.encodings = codes.copy()
        norm(stack.layer_norm)
        layer = stack.layer[0]
        norm(layer.self_attention.layer_norm)
        layer.self_attention.linear[0].weight = zeros(3 * width, width)
        layer.self_attention.linear[1].weight = zeros(width, width)
        norm(layer.ffn.layer_norm)
        layer.ffn.linear_0.weight = zeros(ffn_dim, width)
        layer.ffn.linear_1.weight = zeros(width, ffn_dim)
    cross = decoder.layer[0].attention
    norm(cross.layer_norm)
    cross.linear[0].weight = block_identity(pos, pos, 30.0, (width, width))
    keys_values = zeros(2 * width, width)
    keys_values[pos, pos] = np.eye(_POSITION_DIMS, dtype=np.float32)
    keys_values[width : width + vocab, tok] = 3.0 * np.eye(vocab, dtype=np.float32)
    cross.linear[1].weight = keys_values
    cross.linear[2].weight = np.eye(width, dtype=np.float32)
    decoder.projection.weight = block_identity(slice(0, vocab), tok, 1.0, (vocab, width))

    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    spec.validate()
    spec.optimize(quantization="int8")
    (out_dir / "model").mkdir()
    spec.save(str(out_dir / "model"))
