"""chiVe word vectors for Sudachi's tokens, read from the ja-ginza package.

chiVe (Works Applications, Apache-2.0) was trained on the NWJC web corpus
over Sudachi's normalized forms, so it shares this project's tokenizer. The
`ja-ginza` package on PyPI ships a pruned copy (480,443 words mapped to
20,000 vectors of 300 dimensions, 24 MB) inside its spaCy model folder. Only
those files are read: GiNZA's pipeline, spaCy and the SudachiPy version that
GiNZA pins are never imported (the package is installed with --no-deps,
see the Makefile), and nothing is downloaded at run time.

spaCy keys a vector by the 64-bit MurmurHash2 (MurmurHash64A, seed 1) of the
word's UTF-8 bytes; that hash is reimplemented here.
"""
from __future__ import annotations

import importlib.util
import struct
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterable, Optional

import numpy as np

DIMENSIONS = 300
_MASK = 0xFFFFFFFFFFFFFFFF
_M = 0xC6A4A7935BD1E995


class VectorsMissing(RuntimeError):
    """The ja-ginza package (or its vector files) is not installed."""


def murmurhash64a(data: bytes, seed: int = 1) -> int:
    """MurmurHash64A, as spaCy's ``hash_string`` computes it."""
    h = (seed ^ ((len(data) * _M) & _MASK)) & _MASK
    whole = len(data) // 8
    for (k,) in struct.iter_unpack("<Q", data[: whole * 8]):
        k = (k * _M) & _MASK
        k ^= k >> 47
        k = (k * _M) & _MASK
        h ^= k
        h = (h * _M) & _MASK
    tail = data[whole * 8:]
    if tail:
        for i in range(len(tail) - 1, -1, -1):
            h ^= tail[i] << (8 * i)
        h = (h * _M) & _MASK
    h ^= h >> 47
    h = (h * _M) & _MASK
    h ^= h >> 47
    return h


def vocab_directory() -> Path:
    """Where ja-ginza keeps its vectors, found without importing the package."""
    spec = importlib.util.find_spec("ja_ginza")
    if spec is None or not spec.submodule_search_locations:
        raise VectorsMissing("ja-ginza is not installed: run `make install` "
                             "(it installs ja-ginza without its dependencies)")
    package = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(package.glob("*/vocab/vectors"))
    if not found:
        raise VectorsMissing(f"ja-ginza has no vectors under {package}")
    return found[-1].parent


class ChiveVectors:
    """Looks up a token's vector by its normalized form, then its surface."""

    def __init__(self, key2row: Dict[int, int], table: np.ndarray) -> None:
        self._key2row = key2row
        self._table = table
        self.dimensions = int(table.shape[1])

    @classmethod
    def load(cls, directory: Optional[Path] = None) -> "ChiveVectors":
        """The vectors saved in ``directory`` (default: the chiVe vocabulary directory)."""
        import msgpack

        directory = directory or vocab_directory()
        with (directory / "vectors").open("rb") as f:
            table = np.load(f, allow_pickle=False)
        key2row = msgpack.unpackb((directory / "key2row").read_bytes(), strict_map_key=False)
        return cls(key2row, np.asarray(table, dtype=np.float32))

    @lru_cache(maxsize=100_000)
    def row(self, word: str) -> int:
        """The table row of ``word``, -1 when chiVe does not know it."""
        return self._key2row.get(murmurhash64a(word.encode("utf-8")), -1)

    def vector(self, forms: Iterable[str]) -> Optional[np.ndarray]:
        """The vector of the first of ``forms`` that chiVe knows (None if none)."""
        for form in forms:
            if form:
                row = self.row(form)
                if row >= 0:
                    return self._table[row]
        return None


@lru_cache(maxsize=1)
def default_vectors() -> ChiveVectors:
    """The installed vectors, read once per process."""
    return ChiveVectors.load()
