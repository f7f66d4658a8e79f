"""The one guarded save every catalog writer goes through: no command loses someone else's save.

A writer reads a catalog with :func:`read_snapshot` (bytes, size, mtime_ns, inode and a digest),
computes its new text, and writes it with :func:`save_guarded`. Before replacing the file, the
save compares what is on disk with the snapshot. If someone saved in between (a translator's
PO editor, a script, a text editor; by atomic rename or by truncating and rewriting in place),
the three versions are merged entry by entry (:func:`merge_catalogs`; base = what was read,
ours = what the writer wants, theirs = the disk now): an entry takes ours only where the disk
still holds it as it was read; an entry someone else changed is left as they saved it. With
``fill_empty`` (``translate``) an entry that is empty on disk also takes ours, since an empty
entry is exactly what ``translate`` fills. If the disk cannot be read as a catalog (broken, or
half-written by an in-place save that has not finished) or its entries changed shape (entries
added or removed), the file is left alone and the result says so in one line naming the file.

The check is repeated after the new text is written to a temp file, just before the swap, and
on Linux the swap is ``renameat2(RENAME_EXCHANGE)``: the file that was replaced comes back
under the temp name and is compared with what was checked, so a save that lands between the
last check and the swap is seen and merged too. What remains is documented in
docs/CONTRACTS.md ("Guarded save").

Works on catalog text (PO and POT alike); nothing here knows about a particular command.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import polib

from trilingual.content import entry_content, header_content, live, obsolete_content
from trilingual.errors import CatalogError, TrilingualError
from trilingual.fsutil import discard, stage

ATTEMPTS = 6  # merge rounds before giving up (each one means a new save landed meanwhile)
SETTLE = (0.02, 0.05, 0.1, 0.2, 0.4)  # waits for a half-written file to become whole (s)


class Stamp(NamedTuple):
    """What identifies one state of a file: size, mtime_ns, inode, and a digest of its bytes
    (``size == -1``: there was no file)."""

    size: int
    mtime_ns: int
    inode: int
    digest: str


MISSING = Stamp(-1, 0, 0, "")


@dataclass(frozen=True)
class Snapshot:
    """A file as a writer read it: its bytes (``None``: no file) and their :class:`Stamp`."""

    path: Path
    data: bytes | None
    stamp: Stamp

    @property
    def exists(self) -> bool:
        """Whether there was a file."""
        return self.data is not None


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def read_snapshot(path: Path, rel: str | None = None) -> Snapshot:
    """Read ``path`` once: bytes and stamp. A missing file is a snapshot without data; a
    folder, FIFO or device, or an unreadable file, is a one-line :class:`CatalogError`."""
    where = rel or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return Snapshot(Path(path), None, MISSING)
    except OSError as error:
        raise CatalogError(f"cannot read catalog: {error.strerror or error}", path=where) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise CatalogError("not a regular file", path=where)
        chunks = []
        while True:
            chunk = os.read(fd, max(info.st_size + 1, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
        data = b"".join(chunks)
    except OSError as error:
        raise CatalogError(f"cannot read catalog: {error.strerror or error}", path=where) from None
    finally:
        os.close(fd)
    stamp = Stamp(len(data), info.st_mtime_ns, info.st_ino, _digest(data))
    return Snapshot(Path(path), data, stamp)


@dataclass(frozen=True)
class Merge:
    """Outcome of :func:`merge_catalogs`: the merged text, or the problem that prevents it."""

    text: str | None
    kept: int = 0  # entries left as someone else saved them although ours changed them too
    problem: str = ""


@dataclass(frozen=True)
class SaveResult:
    """Outcome of :func:`save_guarded`.

    ``status``: ``written`` (the file now holds ``text``), ``unchanged`` (it already did) or
    ``refused`` (the file was left alone; ``message`` is the one line to show). ``merged``: a
    save by someone else was merged in, so ``text`` differs from what was asked; ``kept``
    counts entries where theirs won over ours. ``snapshot`` is the file as it now is: the base
    for the writer's next save.
    """

    path: Path
    status: str
    snapshot: Snapshot
    text: str | None = None
    merged: bool = False
    kept: int = 0
    message: str = ""

    @property
    def written(self) -> bool:
        """Whether the file was replaced."""
        return self.status == "written"

    @property
    def refused(self) -> bool:
        """Whether the file was left alone because the merge was not possible."""
        return self.status == "refused"


def _parse(data: bytes | None, rel: str) -> polib.POFile:
    from trilingual.po import decode_catalog, parse_po_text

    return parse_po_text(decode_catalog(data, rel), rel) if data is not None else polib.POFile()


def _translated(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr) or any(entry.msgstr_plural.values())


def merge_catalogs(
    base: bytes | None, ours: str, theirs: bytes | None, *, rel: str = "", fill_empty: bool = False
) -> Merge:
    """Three-way merge of catalog versions, entry by entry (entries keyed by msgctxt, msgid).

    An entry takes ours where theirs equals base (compared as content: a re-save in another
    layout is no change), and, with ``fill_empty``, where theirs is untranslated and ours is
    not; otherwise theirs. Entries ours adds are added; entries ours removes are removed when
    theirs left them as they were. The header and the obsolete entries take ours when theirs
    left them as they were, else theirs. No merge (``problem`` set) when theirs cannot be
    parsed, when theirs added or removed entries, or when ours removes an entry theirs changed.
    """
    from trilingual.po import format_po

    try:
        their_po = _parse(theirs, rel)
    except TrilingualError as error:
        return Merge(None, problem=f"cannot be read now ({error.message})")
    base_po = _parse(base, rel)
    our_po = _parse(ours.encode("utf-8"), rel)
    b, o, t = live(base_po), live(our_po), live(their_po)
    if theirs is None or set(t) != set(b) or any(
        bool(t[k].msgid_plural) != bool(b[k].msgid_plural) for k in b
    ):
        return Merge(None, problem="its entries changed shape (entries added or removed)")
    out = polib.POFile(wrapwidth=79)
    header_from = our_po if header_content(their_po) == header_content(base_po) else their_po
    out.metadata = dict(header_from.metadata)
    out.header = header_from.header
    out.metadata_is_fuzzy = header_from.metadata_is_fuzzy
    kept = 0
    for key, mine in o.items():
        old = b.get(key)
        if old is None:
            out.append(mine)
            continue
        other = t[key]
        if entry_content(other) == entry_content(old) or (
            fill_empty and not _translated(other) and _translated(mine)
        ):
            out.append(mine)
            continue
        out.append(other)
        if entry_content(mine) != entry_content(old):
            kept += 1
    for key, old in b.items():
        if key not in o and entry_content(t[key]) != entry_content(old):
            return Merge(None, problem="an entry it removes was changed since it was read")
    dead = [e for e in our_po if e.obsolete]
    if obsolete_content(their_po) != obsolete_content(base_po):
        if obsolete_content(our_po) != obsolete_content(base_po):
            return Merge(None, problem="its obsolete entries changed since it was read")
        dead = [e for e in their_po if e.obsolete]
    out.extend(dead)
    return Merge(format_po(out), kept=kept)


# -- the swap --------------------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_exchange_ok = True


def _renameat2() -> Any:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return getattr(libc, "renameat2", None)
    except OSError:
        return None


_RENAMEAT2 = _renameat2()


def _exchange(tmp: Path, path: Path) -> bool:
    """Swap ``tmp`` and ``path`` atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False when
    the system or the file system cannot (then the caller renames)."""
    global _exchange_ok
    if _RENAMEAT2 is None or not _exchange_ok:
        return False
    result = _RENAMEAT2(
        _AT_FDCWD, os.fsencode(tmp), _AT_FDCWD, os.fsencode(path), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        _exchange_ok = False
        return False
    if code == errno.ENOENT:
        return False  # the file is gone (or never was): nothing to exchange with
    raise OSError(code, os.strerror(code), str(path))


def _create(tmp: Path, path: Path) -> bool:
    """Put ``tmp`` at ``path`` only if nothing is there (False: someone created it meanwhile)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: the plain rename
        os.replace(tmp, path)
        return True
    discard(tmp)
    return True


def _merge_settled(
    path: Path, rel: str, base: Snapshot, ours: str, theirs: Snapshot, fill_empty: bool
) -> tuple[Merge, Snapshot]:
    """The merge with ``theirs``; when it fails, the merge with later reads of ``path`` (an
    in-place save under way can look broken or short for a moment), and the read it used."""
    outcome = merge_catalogs(base.data, ours, theirs.data, rel=rel, fill_empty=fill_empty)
    for wait in SETTLE:
        if outcome.text is not None:
            break
        time.sleep(wait)
        later = read_snapshot(path, rel)
        if later.stamp != theirs.stamp:
            theirs = later
            outcome = merge_catalogs(base.data, ours, theirs.data, rel=rel, fill_empty=fill_empty)
    return outcome, theirs


def save_guarded(
    path: Path, snapshot: Snapshot, new_text: str, *, rel: str | None = None,
    fill_empty: bool = False, durable: bool = True, mode: int | None = None,
) -> SaveResult:
    """Replace ``path`` with ``new_text`` unless it changed since ``snapshot`` was read; if it
    did, write the merge of the three versions (:func:`merge_catalogs`), or leave the file
    alone when they cannot be merged (``status == "refused"``, with a one-line ``message``).

    ``durable`` and ``mode`` are as in :func:`trilingual.fsutil.stage`.
    """
    where = rel or str(path)
    base, ours = snapshot, new_text
    merged = False
    kept = 0
    for _ in range(ATTEMPTS):
        now = read_snapshot(path, where)
        if now.stamp != base.stamp:
            outcome, now = _merge_settled(path, where, base, ours, now, fill_empty)
            if outcome.text is None:
                return SaveResult(
                    path, "refused", now, message=(
                        f"{where}: changed on disk since it was read and {outcome.problem}; "
                        "left as it is"
                    ),
                )
            base, ours, merged = now, outcome.text, True
            kept += outcome.kept
        raw = ours.encode("utf-8")
        if now.data == raw:
            return SaveResult(path, "unchanged", now, ours, merged, kept)
        tmp = stage(path, raw, durable=durable, mode=mode)
        try:
            info = os.stat(tmp)
            written = Snapshot(
                Path(path), raw, Stamp(len(raw), info.st_mtime_ns, info.st_ino, _digest(raw))
            )
            if read_snapshot(path, where).stamp != now.stamp:
                continue  # a save landed while the temp file was written: merge it first
            if not now.exists:
                if _create(tmp, path):
                    return SaveResult(path, "written", written, ours, merged, kept)
                continue
            if not _exchange(tmp, path):
                os.replace(tmp, path)  # no exchange here: see "Guarded save" in CONTRACTS.md
                return SaveResult(path, "written", written, ours, merged, kept)
            # the replaced file is now at tmp: was it still the one that was checked?
            replaced = read_snapshot(tmp, where)
            if replaced.stamp.digest == now.stamp.digest and replaced.stamp.size == now.stamp.size:
                return SaveResult(path, "written", written, ours, merged, kept)
            outcome, _ = _merge_settled(tmp, where, now, ours, replaced, fill_empty)
            if outcome.text is None:
                # put their save back: the file is left as they wrote it
                _exchange(tmp, path)
                return SaveResult(
                    path, "refused", read_snapshot(path, where), message=(
                        f"{where}: changed on disk while it was saved and {outcome.problem}; "
                        "left as it is"
                    ),
                )
            base, ours, merged = written, outcome.text, True
            kept += outcome.kept
        finally:
            discard(tmp)
    return SaveResult(
        path, "refused", read_snapshot(path, where),
        message=f"{where}: kept changing on disk while it was saved; left as it is",
    )


def replace_staged(path: Path, tmp: Path, stamp: Stamp) -> bool:
    """Put the staged temp file ``tmp`` at ``path`` if ``path`` is still the file of ``stamp``
    (for writers that stage many files before renaming them); False when it changed since:
    ``path`` is then left as it is, and the caller computes its text again. ``tmp`` is gone
    either way."""
    try:
        if read_snapshot(path).stamp != stamp:
            return False
        if stamp == MISSING:
            return _create(tmp, path)
        if not _exchange(tmp, path):
            os.replace(tmp, path)
            return True
        replaced = read_snapshot(tmp)
        if (replaced.stamp.size, replaced.stamp.digest) == (stamp.size, stamp.digest):
            return True
        _exchange(tmp, path)  # a save landed just before the swap: put it back
        return False
    finally:
        discard(tmp)


def reload_into(po: polib.POFile, text: str, rel: str = "") -> None:
    """Make ``po`` hold the catalog ``text`` (after a merge) while keeping its live entry
    objects, so that a writer's references to them stay valid; entries are matched by
    (msgctxt, msgid), and must be the same set (a merge never changes it for the writer)."""
    fresh = _parse(text.encode("utf-8"), rel)
    mine = live(po)
    for key, entry in live(fresh).items():
        target = mine.get(key)
        if target is None:
            continue
        for name in ("msgstr", "msgstr_plural", "flags", "tcomment", "comment", "occurrences",
                     "previous_msgctxt", "previous_msgid", "previous_msgid_plural", "linenum"):
            setattr(target, name, getattr(entry, name))
    po[:] = [e for e in po if not e.obsolete] + [e for e in fresh if e.obsolete]
    po.metadata = fresh.metadata
    po.header = fresh.header
    po.metadata_is_fuzzy = fresh.metadata_is_fuzzy


def require_saved(result: SaveResult) -> None:
    """Raise the refusal of ``result`` as a :class:`CatalogError` (for all-or-nothing writers)."""
    if result.refused:
        raise CatalogError(result.message)


__all__ = [
    "MISSING",
    "Merge",
    "SaveResult",
    "Snapshot",
    "Stamp",
    "merge_catalogs",
    "read_snapshot",
    "reload_into",
    "replace_staged",
    "require_saved",
    "save_guarded",
]
