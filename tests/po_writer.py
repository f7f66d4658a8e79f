"""A translator's tool that saves one catalog at random moments (a process of its own).

Usage: ``python po_writer.py CATALOG rename|in-place SEED GO STOP LOG``. Once the file GO
exists, until STOP exists (or after 10 saves, so that most entries are left to the run): wait
10-60 ms, read the catalog with polib, then either translate
an empty entry by hand or review a fuzzy draft (clear the flag), and save the whole file in
polib's layout, by atomic rename or in place (truncate + write). Like an editor, it does not
save over a file that changed since it read it (it reads again instead). Every save is listed
in LOG (JSON) for the test to find in the final file.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time

import polib


def _stamp(path: str) -> tuple[int, int, int]:
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns, info.st_ino


def main(path: str, style: str, seed: str, go: str, stop: str, log: str) -> None:
    rng = random.Random(int(seed))
    saves: list[dict[str, str]] = []
    noticed = 0
    while not os.path.exists(go):
        time.sleep(0.005)
    while not os.path.exists(stop) and len(saves) < 10:
        time.sleep(rng.uniform(0.01, 0.06))
        before = _stamp(path)
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        po = polib.pofile(text)
        live = [e for e in po if e.msgid and not e.obsolete]
        empty = [e for e in live if not e.msgstr]
        drafts = [e for e in live if e.msgstr and "fuzzy" in e.flags]
        if empty and (not drafts or rng.random() < 0.5):
            entry = rng.choice(empty)
            entry.msgstr = f"Ручны пераклад {len(saves)}."
            kind = "fill"
        elif drafts:
            entry = rng.choice(drafts)
            entry.flags.remove("fuzzy")
            kind = "review"
        else:
            continue
        new = str(po)
        tmp = f"{path}.{os.getpid()}.editor"
        if style == "rename":
            with open(tmp, "w", encoding="utf-8") as handle:
                handle.write(new)
        if _stamp(path) != before:  # changed since read: read again, as editors do
            noticed += 1
            continue
        if style == "rename":
            os.replace(tmp, path)
        else:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(new)
        saves.append({"kind": kind, "msgid": entry.msgid, "msgstr": entry.msgstr})
    with open(log, "w", encoding="utf-8") as handle:
        json.dump({"saves": saves, "noticed": noticed}, handle)


if __name__ == "__main__":
    main(*sys.argv[1:7])
