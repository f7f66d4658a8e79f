"""The release manifest: what the last release into a folder was built from and wrote.

It remembers each output's key, the digest of the bytes written and the file's stat signature
(an :class:`OutputRecord`), the content digest and stat signature of every input (an
:class:`InputRecord`) and each article's metadata. It is stored with ``marshal`` (our own
state, rebuilt if Python's format changes): at N = 1,000 it holds 10,000 outputs, and JSON
took a quarter of an incremental release. Records are NamedTuples, written as plain tuples
(marshal refuses tuple subclasses) and typed again on load.

Stat signatures (size, mtime, ctime, inode) stand for content digests only when the file's
mtime is older than the manifest by more than :data:`RACY_NS`: a file changed within the
clock tick of its last check could look unchanged to ``stat``, so such a file is read and
hashed again (git's "racy" rule; ctime is not used for this test because moving a staged page
into place sets it, but any later write changes it and so the signature).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import marshal
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from trilingual.fsutil import write_atomic

MANIFEST_VERSION = 6
MANIFEST_SUFFIX = ".manifest"
RACY_NS = 1_000_000_000  # a file this close to its manifest's time is hashed, never trusted

T = TypeVar("T", bound=tuple[Any, ...])


class Signature(NamedTuple):
    """What ``stat`` says of a file, standing for its content while it does not change."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int


def signature(st: os.stat_result) -> Signature:
    return Signature(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


NO_SIGNATURE = Signature(0, 0, 0, 0)  # a staged output: filled in once it is moved into place


class OutputRecord(NamedTuple):
    """An output as the manifest remembers it."""

    key: str  # digest of the inputs it was built from
    digest: str  # digest of its bytes
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int

    @property
    def signature(self) -> Signature:
        return Signature(self.size, self.mtime_ns, self.ctime_ns, self.inode)

    def with_signature(self, sig: Signature) -> OutputRecord:
        return OutputRecord(self.key, self.digest, *sig)


class InputRecord(NamedTuple):
    """An input file (article, catalog) as the manifest remembers it."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    digest: str  # sha256 of its content

    @property
    def signature(self) -> Signature:
        return Signature(self.size, self.mtime_ns, self.ctime_ns, self.inode)


def digest(*parts: object) -> str:
    """Digest of ``parts`` (bytes as they are, anything else as sorted JSON), length-framed."""
    h = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else json.dumps(part, sort_keys=True).encode()
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def cheap_key(*parts: str) -> str:
    """Digest of strings that hold no NUL (digests, dates, slugs, safe paths): a cheap key."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


@dataclass
class Manifest:
    """The manifest of the last release into one folder."""

    articles: dict[str, Any]  # "lang/slug" -> ArticleMeta JSON plus its "card" digest
    inputs: dict[str, InputRecord]
    outputs: dict[str, OutputRecord]
    trusted_before: int  # stat signatures of files changed before this time (ns) are trusted
    same_global: bool  # built with the same configuration, templates and code

    def input(self, rel: str) -> InputRecord | None:
        """The record of input ``rel`` when it is well-formed."""
        old = self.inputs.get(rel)
        return old if old is not None and len(old) == 5 else None

    def output(self, rel: str) -> OutputRecord | None:
        """The record of output ``rel`` when it is well-formed."""
        old = self.outputs.get(rel)
        return old if old is not None and len(old) == 6 else None


def _typed(records: dict[Any, Any], kind: type[T]) -> dict[str, T]:
    """``records`` (rel -> plain tuple, as marshal reads them) as ``kind`` NamedTuples.

    The conversion runs in C (``tuple.__new__`` mapped over the values): at N = 1,000 it
    types 13,000 records in about a millisecond, where a Python-level constructor per record
    cost a few percent of an incremental release. Raises TypeError for a value that is not a
    sequence (a damaged manifest); a record of the wrong length is refused on use."""
    if not all(map(str.__instancecheck__, records)):
        raise TypeError("manifest keys must be strings")
    return dict(zip(records, map(tuple.__new__, itertools.repeat(kind), records.values()),
                    strict=True))


def load_manifest(path: Path, global_key: str) -> Manifest:
    """The manifest at ``path`` (empty if missing, unreadable or of another version)."""
    try:
        with path.open("rb") as handle:
            mtime = os.fstat(handle.fileno()).st_mtime_ns
            data = marshal.loads(handle.read())
    except (FileNotFoundError, ValueError, EOFError, TypeError):
        return Manifest({}, {}, {}, 0, False)
    if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
        return Manifest({}, {}, {}, 0, False)
    articles, inputs, outputs = (data.get(name) for name in ("articles", "inputs", "outputs"))
    if not (isinstance(articles, dict) and isinstance(inputs, dict) and
            isinstance(outputs, dict)):
        return Manifest({}, {}, {}, 0, False)
    try:
        typed_inputs, typed_outputs = _typed(inputs, InputRecord), _typed(outputs, OutputRecord)
    except TypeError:
        return Manifest({}, {}, {}, 0, False)
    same = data.get("global") == global_key
    if not same:
        articles = {}  # configuration, templates or code changed: trust no metadata
    return Manifest(articles, typed_inputs, typed_outputs, mtime - RACY_NS, same)


def save_manifest(path: Path, old: Manifest, new: Manifest, global_key: str, out: Path) -> None:
    """Write ``new`` to ``path`` unless it equals ``old`` (a release that changed nothing)."""
    if old.same_global and new.articles == old.articles and new.inputs == old.inputs and \
            new.outputs == old.outputs:
        return
    write_atomic(path, marshal.dumps({
        "version": MANIFEST_VERSION, "global": global_key, "out": str(out),
        "articles": new.articles,
        # (marshal writes no tuple subclass: the records go as plain tuples, converted in C)
        "inputs": dict(zip(new.inputs, map(tuple, new.inputs.values()), strict=True)),
        "outputs": dict(zip(new.outputs, map(tuple, new.outputs.values()), strict=True)),
    }), durable=False)
