"""Benchmark harness: trilingual against po4a, Translate Toolkit, mdpo and GNU gettext.

One run per corpus size, every tool on the same generated archive (bench/generate.py).
Each stage is one subprocess, timed by wall clock; its peak resident memory comes from
``os.wait4`` (the rusage of that child, which covers the grandchildren it waited for, so a
``bash`` script that loops over files reports its largest command). A stage whose command is
not available (a trilingual subcommand that has not landed yet, a peer that failed to
install) is reported as "n/a", and a failing command as "failed", never as a crash.

    python bench/run.py --sizes 100,1000          # make bench
    python bench/run.py --sizes 50 --quick        # make bench-quick (under a minute)

Results go to bench/results.md: one section per size, replacing an older section of the same
size and keeping the others. Logs of every command are kept in bench/work/<N>/logs/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
import peers as peers_mod  # noqa: E402

LANGS = ("be", "ru")
MARK = "\u200b"  # pseudo-translation: msgstr = msgid + ZERO WIDTH SPACE (removable)
TIMEOUT = 3600

# --------------------------------------------------------------------------------------------
# Measuring one command
# --------------------------------------------------------------------------------------------


@dataclass
class Result:
    """One timed command (or why it did not run)."""

    stage: str
    tool: str
    command: str
    status: str = "ok"  # ok | n/a | failed | timeout
    wall: float | None = None
    rss_mb: float | None = None
    cpu: float | None = None
    note: str = ""
    is_trilingual: bool = False
    ratio_row: bool = True  # take part in the trilingual/peer ratios of its stage

    def cell_wall(self) -> str:
        return f"{self.wall:.2f}" if self.status == "ok" and self.wall is not None else self.status

    def cell_cpu(self) -> str:
        return f"{self.cpu:.2f}" if self.status == "ok" and self.cpu is not None else "–"

    def cell_rss(self) -> str:
        return f"{self.rss_mb:.0f}" if self.status == "ok" and self.rss_mb is not None else "–"


# Every tool runs as on a user's machine: Python tools with their bytecode cached (a sandbox
# that sets PYTHONDONTWRITEBYTECODE would make every Python tool, ours and the peers, compile
# its modules at each start).
MEASURE_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(cmd: list[str], log: Path, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> tuple[int, float, float, float, str]:
    """Run ``cmd``; return (exit code, wall s, peak RSS MB, CPU s user+system, output tail)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        out.write(f"$ {shlex.join(cmd)}\n".encode())
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env or MEASURE_ENV)
        deadline = start + TIMEOUT
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                status = -1
                break
            time.sleep(0.002)
        wall = time.perf_counter() - start
    proc.returncode = 0  # reaped by wait4; keep Popen from waiting again
    code = os.waitstatus_to_exitcode(status) if status != -1 else -1
    tail = " | ".join(log.read_text(errors="replace").strip().splitlines()[-3:])
    return code, wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, tail


# --------------------------------------------------------------------------------------------
# Helpers: catalogs, trilingual capabilities
# --------------------------------------------------------------------------------------------


def pseudo_translate_file(src: Path, dst: Path, tri_format: bool = False,
                          lang: str | None = None) -> int:
    """Write ``dst``: ``src`` with every msgstr = msgid + MARK, fuzzy flags cleared; with
    ``lang``, the msgid's stand-in in that language (:mod:`standin`: numbers, dates, scale,
    percent and currency words as be/ru write them, so that the release's QA passes it)."""
    import polib
    from standin import stand_in

    po = polib.pofile(str(src), wrapwidth=79)
    count = 0
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        body = entry.msgid.rstrip("\n")
        text = body if lang is None else stand_in(body, lang)
        entry.msgstr = text + MARK + entry.msgid[len(body):]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgctxt = None
        count += 1
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    dst.parent.mkdir(parents=True, exist_ok=True)
    text = None
    if tri_format:
        try:
            from trilingual.po import format_po

            text = format_po(po)
        except Exception:  # trilingual's writer missing or refusing: polib's own
            text = None
    if text is None:
        text = str(po) + "\n"
    dst.write_text(text, encoding="utf-8")
    return count


def pseudo_translate_dir(src_dir: Path, dst_dir: Path, pattern: str, suffix: str = ".po") -> int:
    total = 0
    for src in sorted(src_dir.glob(pattern)):
        total += pseudo_translate_file(src, dst_dir / (src.stem + suffix))
    return total


def count_flag(paths: list[Path], flag: str = "fuzzy") -> int:
    n = 0
    for p in paths:
        n += sum(1 for line in p.read_text(encoding="utf-8", errors="replace").splitlines()
                 if line.startswith("#,") and flag in line)
    return n


_FIGURE_RE = re.compile(r"\d(?:[\d.,\u00a0\u202f]*\d)?")


def identical_after_mark(src_dir: Path, out_dir: Path) -> str:
    """How many outputs equal their source once the pseudo-translation mark is removed, and
    how many do once every figure is read as one token (trilingual writes number-only
    segments, table cells of figures, the way each language writes numbers: 41.7 -> 41,7)."""
    outs = sorted(out_dir.glob("*.md")) if out_dir.is_dir() else []
    same = figures = 0
    for out in outs:
        if not (src_dir / out.name).exists():
            continue
        text = out.read_text(encoding="utf-8").replace(MARK, "")
        source = (src_dir / out.name).read_text(encoding="utf-8")
        same += text == source
        figures += _FIGURE_RE.sub("#", text) == _FIGURE_RE.sub("#", source)
    total = len(list(src_dir.glob("*.md")))
    return (f"{same}/{total} byte-identical, {figures}/{total} but for number formats; "
            f"{len(outs)} written")


class Trilingual:
    """What the installed ``trilingual`` command offers right now."""

    def __init__(self) -> None:
        exe = Path(sys.executable).parent / "trilingual"
        self.exe = str(exe) if exe.exists() else shutil.which("trilingual")
        self.python = sys.executable
        self.commands: set[str] = set()
        self.help: dict[str, str] = {}
        if self.exe is None:
            return
        # One process lists the subcommands and their help (argparse introspection); if that
        # fails, probe each command of cli.COMMANDS with --help (argparse exits 2 on unknown).
        try:
            probe = subprocess.run([self.python, "-c", PROBE], capture_output=True, text=True,
                                   timeout=120)
            self.help = json.loads(probe.stdout) if probe.returncode == 0 else {}
        except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
            self.help = {}
        if not self.help:
            names = ("init", "extract", "render", "translate", "usage", "check", "stats",
                     "release")
            procs = {n: subprocess.Popen([self.exe, n, "--help"], stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL, text=True) for n in names}
            for name, proc in procs.items():
                out, _ = proc.communicate(timeout=120)
                if proc.returncode == 0:
                    self.help[name] = out
        self.commands = set(self.help)

    def has(self, command: str, option: str | None = None) -> bool:
        if command not in self.commands:
            return False
        return option is None or option in self.help.get(command, "")

    def cmd(self, project: Path, *args: str) -> list[str]:
        assert self.exe is not None
        return [self.exe, "--project", str(project), *args]

    def version(self) -> str:
        try:
            rev = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                                 capture_output=True, text=True, timeout=30).stdout.strip()
        except OSError:
            rev = "?"
        return rev


PROBE = r"""
import argparse, json
from trilingual.cli import build_parser
for action in build_parser()._actions:
    if isinstance(action, argparse._SubParsersAction):
        print(json.dumps({n: p.format_help() for n, p in action.choices.items()}))
"""

MDPO_DRIVER = r"""
import sys
from pathlib import Path
mode, md_dir, po_dir = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
if mode in ("extract", "update"):
    from mdpo.md2po import markdown_to_pofile
    langs = [""] if mode == "extract" else sys.argv[4].split(",")
    for lang in langs:
        folder = po_dir / lang if lang else po_dir
        folder.mkdir(parents=True, exist_ok=True)
        for md in sorted(md_dir.glob("*.md")):
            target = folder / (md.stem + (".pot" if mode == "extract" else ".po"))
            markdown_to_pofile(str(md), po_filepath=str(target), save=True)
else:
    from mdpo.po2md import pofile_to_markdown
    out = Path(sys.argv[4])
    for lang in sys.argv[5].split(","):
        (out / lang).mkdir(parents=True, exist_ok=True)
        for md in sorted(md_dir.glob("*.md")):
            pofile_to_markdown(str(md), str(po_dir / lang / (md.stem + ".po")),
                               save=str(out / lang / md.name))
"""


def write_script(path: Path, commands: list[list[str]]) -> list[str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("set -e\n" + "\n".join(shlex.join(c) for c in commands) + "\n")
    return ["bash", str(path)]


# --------------------------------------------------------------------------------------------
# One size
# --------------------------------------------------------------------------------------------


@dataclass
class SizeRun:
    n: int
    quick: bool
    jobs: int
    seed: int
    tri: Trilingual
    peers: peers_mod.Peers
    results: list[Result] = field(default_factory=list)
    info: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.work = BENCH / "work" / str(self.n)
        self.logs = self.work / "logs"
        self.proj = self.work / "tri"
        self.md = self.work / "peers" / "md"
        self.pdir = self.work / "peers"
        self.step = 0
        self.tri_broken = False

    # -- plumbing -------------------------------------------------------------------------

    def run(self, stage: str, tool: str, cmd: list[str] | None, *, tri: bool = False,
            unavailable: str = "", note: str | Callable[[], str] = "",
            ratio_row: bool = True, shown: str | None = None,
            depends_on_tri: bool = False) -> Result:
        shown_cmd = shown or (shlex.join(self._short(cmd)) if cmd else "")
        if self.tri_broken and cmd is not None and (tri or depends_on_tri):
            cmd, unavailable = None, "the first trilingual extract failed"
        res = Result(stage, tool, shown_cmd, is_trilingual=tri, ratio_row=ratio_row)
        if cmd is None:
            res.status, res.note = "n/a", unavailable
            self.results.append(res)
            print(f"  {stage:28} {tool:30} n/a ({unavailable})", flush=True)
            return res
        self.step += 1
        name = re.sub(r"[^a-z0-9]+", "-", f"{stage} {tool}".lower()).strip("-")
        log = self.logs / f"{self.step:02d}-{name}.log"
        code, wall, rss, cpu, tail = measure(cmd, log)
        res.wall, res.rss_mb, res.cpu = wall, rss, cpu
        if code != 0:
            res.status = "timeout" if code == -1 else "failed"
            res.note = f"exit {code}: {tail[-300:]} (log: {log.relative_to(BENCH)})"
        else:
            try:
                res.note = note() if callable(note) else note
            except Exception as exc:  # a note is informative only
                res.note = f"(note failed: {exc})"
            if not res.note and tri:
                lines = log.read_text(errors="replace").strip().splitlines()
                res.note = lines[-1][:200] if len(lines) > 1 else ""
        self.results.append(res)
        print(f"  {stage:28} {tool:30} {res.cell_wall():>8} s {res.cell_cpu():>7} cpu "
              f"{res.cell_rss():>6} MB "
              f"{res.note[:90]}", flush=True)
        return res

    def _short(self, cmd: list[str]) -> list[str]:
        out = []
        for part in cmd:
            part = part.replace(str(self.work) + "/", "").replace(str(BENCH) + "/", "bench/")
            part = part.replace(str(peers_mod.PEERS_DIR) + "/", ".peers/")
            if self.tri.exe and part == self.tri.exe:
                part = "trilingual"
            if part == sys.executable:
                part = "python"
            if "\n" in part:
                part = "<driver>"
            out.append(part)
        return out

    def tri_cmd(self, command: str, *args: str, option: str | None = None) -> list[str] | None:
        if not self.tri.has(command, option):
            return None
        return self.tri.cmd(self.proj, command, *args)

    def tri_missing(self, command: str, option: str | None = None) -> str:
        if self.tri.exe is None:
            return "trilingual is not installed"
        if command not in self.tri.commands:
            return f"`trilingual {command}` not available yet"
        return f"`trilingual {command}` has no {option}"

    def extract_args(self) -> list[str]:
        return ["--jobs", str(self.jobs)] if self.tri.has("extract", "--jobs") else []

    # -- the stages -----------------------------------------------------------------------

    def setup(self) -> bool:
        if self.work.exists():
            shutil.rmtree(self.work)
        self.work.mkdir(parents=True)
        if self.tri.has("init"):
            code, *_ = measure([*[self.tri.exe or "trilingual"], "init", str(self.proj)],
                               self.logs / "00-init.log")
            if code != 0:
                print("trilingual init failed; see", self.logs / "00-init.log")
                return False
        else:
            (self.proj / "articles").mkdir(parents=True)
        paths = generate.generate_corpus(self.proj / "articles", self.n, self.seed)
        self.md.mkdir(parents=True)
        for tool in ("tt", "mdpo", "po4a"):
            (self.pdir / tool).mkdir(parents=True, exist_ok=True)
        words = 0
        for p in paths:
            shutil.copy2(p, self.md / p.name)
            words += generate.word_count(generate.split_front(p.read_text("utf-8"))[1])
        self.info["articles"] = str(len(paths))
        self.info["words"] = f"{words:,}"
        self.slugs = [p.stem for p in paths]
        return True

    def stage_extract(self) -> None:
        st = "extract (md → POT + be/ru PO)"
        pots = self.proj / "locales" / "templates"
        first = self.run(st, "trilingual extract", self.tri_cmd("extract", *self.extract_args()),
                         tri=True, unavailable=self.tri_missing("extract"),
                         note=lambda: f"{len(list(pots.glob('*.pot')))} POT, "
                                      f"{count_msgids(list(pots.glob('*.pot')))} msgids")
        self.tri_broken = first.status != "ok"
        tt_md2po = self.peers.tt("md2po")
        tt_pot = self.pdir / "tt" / "pot"
        self.run(st, "Translate Toolkit md2po", tt_md2po and [
            tt_md2po, "--progress", "none", "-P", "-i", str(self.md), "-o", str(tt_pot)],
            unavailable="translate-toolkit not installed",
            note=lambda: f"POT only; {count_msgids(list(tt_pot.glob('*.pot')))} msgids")
        mdpo_py = self.peers.mdpo("python")
        mdpo_pot = self.pdir / "mdpo" / "pot"
        self.run(st, "mdpo md2po (API, one process)", mdpo_py and [
            mdpo_py, "-c", MDPO_DRIVER, "extract", str(self.md), str(mdpo_pot)],
            unavailable="mdpo not installed",
            note=lambda: f"POT only; {count_msgids(list(mdpo_pot.glob('*.pot')))} msgids")
        updatepo = self.peers.po4a_updatepo
        po4a_pot = self.pdir / "po4a" / "pot"
        po4a_pot.mkdir(parents=True, exist_ok=True)
        cmds = [[updatepo or "po4a-updatepo", "-f", "text", "-o", "markdown", "-M", "UTF-8",
                 "-m", str(md), "-p", str(po4a_pot / f"{md.stem}.pot")]
                for md in sorted(self.md.glob("*.md"))]
        self.run(st, "po4a-updatepo", self.skip_quick(updatepo and write_script(
            self.work / "scripts" / "po4a-updatepo.sh", cmds)),
            unavailable=self.why_missing("po4a", updatepo),
            shown="po4a-updatepo -f text -o markdown -M UTF-8 -m ART.md -p ART.pot, per article",
            note=lambda: f"POT only; {count_msgids(list(po4a_pot.glob('*.pot')))} msgids")

    def skip_quick(self, cmd: list[str] | bool | None) -> list[str] | None:
        if self.quick or not cmd:
            return None
        return cmd  # type: ignore[return-value]

    def why_missing(self, peer: str, found: object) -> str:
        if found and self.quick:
            return "skipped in --quick (slow; run make bench)"
        return f"{peer} not installed"

    def prepare_translations(self) -> None:
        """Untimed: every tool's be/ru catalogs get msgstr = msgid + MARK."""
        for lang in LANGS:
            tri_dir = self.proj / "locales" / lang / "LC_MESSAGES"
            for po in sorted(tri_dir.glob("*.po")):
                pseudo_translate_file(po, po, tri_format=True)
            pseudo_translate_dir(self.pdir / "tt" / "pot", self.pdir / "tt" / lang, "*.pot")
            pseudo_translate_dir(self.pdir / "mdpo" / "pot", self.pdir / "mdpo" / lang, "*.pot")
            pseudo_translate_dir(self.pdir / "po4a" / "pot", self.pdir / "po4a" / lang, "*.pot")

    def stage_reassemble(self) -> None:
        st = "reassemble (PO → md, be+ru)"
        out = self.work / "out"
        langs = ",".join(LANGS)
        self.run(st, "trilingual render --out-dir", self.tri_cmd(
            "render", "--lang", langs, "--out-dir", str(out / "tri"), "--jobs", str(self.jobs),
            option="--out-dir"), tri=True,
            unavailable=self.tri_missing("render", "--out-dir"),
            note=lambda: identical_after_mark(self.proj / "articles", out / "tri" / "be")
            + "; " + last_line(self.logs))
        # The CLI, one article per process, on a sample (reported per article, no ratio).
        sample = self.slugs[:10]
        cmds = [self.tri.cmd(self.proj, "render", "--lang", "be", s, "-o",
                             str(out / "tri-cli" / f"{s}.md")) for s in sample]
        res = self.run(st, f"trilingual render CLI ×{len(sample)}",
                       self.skip_quick(write_script(self.work / "scripts" / "render-cli.sh", cmds)
                                       if self.tri.has("render") else None),
                       tri=True, ratio_row=False,
                       unavailable="skipped in --quick" if self.quick
                       else self.tri_missing("render"),
                       shown=f"trilingual render --lang be SLUG -o FILE, {len(sample)} times")
        if res.status == "ok" and res.wall is not None:
            res.note = f"{res.wall / len(sample):.2f} s per article (process start included)"
        po2md = self.peers.tt("po2md")
        (out / "tt").mkdir(parents=True, exist_ok=True)
        self.run(st, "Translate Toolkit po2md", po2md and write_script(
            self.work / "scripts" / "tt-po2md.sh",
            [[po2md, "--progress", "none", "-t", str(self.md), "-i",
              str(self.pdir / "tt" / lang), "-o", str(out / "tt" / lang)] for lang in LANGS]),
            unavailable="translate-toolkit not installed",
            shown="po2md -t md -i tt/LANG -o out/tt/LANG (be, ru)",
            note=lambda: identical_after_mark(self.md, out / "tt" / "be"))
        mdpo_py = self.peers.mdpo("python")
        self.run(st, "mdpo po2md (API, one process)", mdpo_py and [
            mdpo_py, "-c", MDPO_DRIVER, "render", str(self.md), str(self.pdir / "mdpo"),
            str(out / "mdpo"), langs], unavailable="mdpo not installed",
            note=lambda: identical_after_mark(self.md, out / "mdpo" / "be"))
        translate = self.peers.po4a_translate
        cmds = [[translate or "po4a-translate", "-f", "text", "-o", "markdown", "-M", "UTF-8",
                 "-L", "UTF-8", "-k", "0", "-m", str(md), "-p",
                 str(self.pdir / "po4a" / lang / f"{md.stem}.po"), "-l",
                 str(out / "po4a" / lang / md.name)]
                for lang in LANGS for md in sorted(self.md.glob("*.md"))]
        for lang in LANGS:
            (out / "po4a" / lang).mkdir(parents=True, exist_ok=True)
        self.run(st, "po4a-translate", self.skip_quick(translate and write_script(
            self.work / "scripts" / "po4a-translate.sh", cmds)),
            unavailable=self.why_missing("po4a", translate),
            shown="po4a-translate -f text -o markdown -k 0 -m ART.md -p LANG/ART.po -l OUT, "
                  "per article and language",
            note=lambda: identical_after_mark(self.md, out / "po4a" / "be"))

    def stage_update(self) -> None:
        st = "update after 5% edit"
        snap = self.work / "snapshot"
        if (self.proj / "locales").is_dir():
            shutil.copytree(self.proj / "locales", snap)
        for tool in ("mdpo",):
            for lang in LANGS:
                src = self.pdir / tool / lang
                if src.is_dir():
                    shutil.copytree(src, self.pdir / f"{tool}-before" / lang)
        stats = generate.edit_corpus(self.proj / "articles", 0.05, self.seed, edit_seed=5)
        generate.edit_corpus(self.md, 0.05, self.seed, edit_seed=5)
        self.info["edit"] = (f"{stats.revised} of {stats.sentences} sentences revised "
                             f"in {len(stats.files_changed)} articles")
        pots = self.proj / "locales" / "templates"
        tri_pos = [self.proj / "locales" / lang / "LC_MESSAGES" for lang in LANGS]
        self.run(st, "trilingual extract", self.tri_cmd("extract", *self.extract_args()),
                 tri=True, unavailable=self.tri_missing("extract"),
                 note=lambda: f"{count_flag([p for d in tri_pos for p in d.glob('*.po')])} "
                              f"fuzzy entries (be+ru)")
        # GNU msgmerge and pot2po on trilingual's own catalogs: the pre-edit translated POs
        # plus the POTs trilingual wrote for the edited articles.
        msgmerge = self.peers.msgmerge
        mm_out = self.work / "update" / "msgmerge"
        cmds = []
        for lang in LANGS:
            (mm_out / lang).mkdir(parents=True, exist_ok=True)
            for pot in sorted(pots.glob("*.pot")):
                old = snap / lang / "LC_MESSAGES" / f"{pot.stem}.po"
                cmds.append([msgmerge or "msgmerge", "--previous", "-q", "-o",
                             str(mm_out / lang / f"{pot.stem}.po"), str(old), str(pot)])
        have_pots = any(pots.glob("*.pot"))
        self.run(st, "GNU msgmerge --previous", write_script(
            self.work / "scripts" / "msgmerge.sh", cmds) if msgmerge and have_pots else None,
            unavailable="no msgmerge" if not msgmerge else "no trilingual catalogs to merge",
            depends_on_tri=True,
            shown="msgmerge --previous -q -o OUT OLD.po NEW.pot, per article and language",
            note=lambda: f"{count_flag(list(mm_out.glob('*/*.po')))} fuzzy entries (be+ru)")
        pot2po = self.peers.tt("pot2po")
        p2p_out = self.work / "update" / "pot2po"
        p2p_out.mkdir(parents=True, exist_ok=True)
        self.run(st, "Translate Toolkit pot2po", write_script(
            self.work / "scripts" / "pot2po.sh",
            [[pot2po, "--progress", "none", "-t", str(snap / lang / "LC_MESSAGES"), "-i",
              str(pots), "-o", str(p2p_out / lang)] for lang in LANGS])
            if pot2po and have_pots else None,
            unavailable="translate-toolkit not installed" if not pot2po else "no catalogs",
            depends_on_tri=True,
            shown="pot2po -t OLD/LANG -i templates -o OUT/LANG (be, ru)",
            note=lambda: f"{count_flag(list(p2p_out.glob('*/*.po')))} fuzzy entries (be+ru)")
        mdpo_py = self.peers.mdpo("python")
        self.run(st, "mdpo md2po (own catalogs)", self.skip_quick(mdpo_py and [
            mdpo_py, "-c", MDPO_DRIVER, "update", str(self.md), str(self.pdir / "mdpo"),
            ",".join(LANGS)]), unavailable=self.why_missing("mdpo", mdpo_py), ratio_row=False,
            note="own catalogs, no fuzzy matching (revised sentences become new + obsolete): "
                 "shown, not in the ratios")

    def review_all(self, slugs: list[str] | None = None, everything: bool = False) -> int:
        """Untimed: a translator reviews every fuzzy or empty entry (``everything``: every
        entry) with stand-in translations that pass the release's QA (:mod:`standin`)."""
        count = 0
        for lang in LANGS:
            folder = self.proj / "locales" / lang / "LC_MESSAGES"
            for po in sorted(folder.glob("*.po")):
                if slugs is not None and po.stem not in slugs:
                    continue
                text = po.read_text(encoding="utf-8")
                if everything or "#, fuzzy" in text or re.search(r'^msgstr ""\n(?!")', text, re.M):
                    count += pseudo_translate_file(po, po, tri_format=True, lang=lang)
        return count

    def stage_translate_release(self) -> None:
        # New articles arrive: their catalogs are empty, and the memory engine fills them
        # from the reviewed translations of the whole archive.
        extra = max(2, self.n // 10)
        self.review_all(everything=True)  # the archive reviewed: stand-ins the QA passes
        new = []
        for index in range(self.n, self.n + extra):
            article = generate.make_article(index, self.seed)
            path = self.proj / "articles" / f"{article.slug}.md"
            path.write_text(article.render(), encoding="utf-8")
            new.append(article.slug)
        self.info["translate"] = (f"{extra} new articles added and extracted, then filled from "
                                  f"the memory of the {self.n} reviewed ones")
        if self.tri.has("extract"):
            measure(self.tri.cmd(self.proj, "extract", *self.extract_args()),
                    self.logs / "prep-extract-new.log")
        res = self.run("translate (memory engine)", "trilingual translate",
                       self.tri_cmd("translate", "--engine", "memory", option="memory"),
                       tri=True, unavailable=self.tri_missing("translate", "--engine memory"))
        if res.status == "ok":
            res.note = f"{extra} new articles; {res.note}"
        self.review_all()
        self.run("release, full", "trilingual release", self.tri_cmd("release"), tri=True,
                 unavailable=self.tri_missing("release"))
        self.run("release, no change", "trilingual release", self.tri_cmd("release"), tri=True,
                 unavailable=self.tri_missing("release"))

    def stage_incremental(self) -> None:
        # settle first (untimed): translate rewrote the new articles' catalogs, and `make
        # release` runs extract before every release, so an archive at rest is in step
        measure(self.tri.cmd(self.proj, "extract", *self.extract_args()),
                self.logs / "incremental-settle.log")
        slug = self.slugs[len(self.slugs) // 2]
        stats = generate.edit_corpus(self.proj / "articles", 0.05, self.seed, edit_seed=11,
                                     slugs=[slug])
        self.info["incremental"] = (f"{stats.revised} sentences revised in {slug} of an archive "
                                    "in step (an untimed extract first); reviewed (untimed) "
                                    "between extract and release")
        st = "incremental: 1 article edited"
        self.run(st, "trilingual extract", self.tri_cmd("extract", *self.extract_args()),
                 tri=True, unavailable=self.tri_missing("extract"))
        self.review_all([slug])
        self.run(st, "trilingual release", self.tri_cmd("release"), tri=True,
                 unavailable=self.tri_missing("release"))

    def stage_memory_lookup(self) -> None:
        """bench/tm_lookup.py (when present): memory-engine lookups among many entries."""
        script = BENCH / "tm_lookup.py"
        entries, queries = 100000, 1000
        res = self.run("memory engine lookup", f"tm_lookup {entries:,} entries",
                       self.skip_quick([sys.executable, str(script), "--entries", str(entries),
                                        "--queries", str(queries)] if script.exists() else None),
                       tri=True, ratio_row=False,
                       unavailable="skipped in --quick" if self.quick and script.exists()
                       else "bench/tm_lookup.py not present")
        if res.status == "ok":
            log = max(self.logs.glob("*.log"), key=lambda p: p.stat().st_mtime)
            lines = [ln for ln in log.read_text(errors="replace").splitlines()
                     if ln.startswith(("lookup ms", "revised queries"))]
            res.note = "; ".join(lines)
            cpu_line = [ln for ln in lines if "CPU" in ln]
            match = re.search(r"p95 ([\d.]+)", cpu_line[0] if cpu_line else res.note)
            if match:
                self.info["tm p95"] = f"{match.group(1)} ms at {entries:,} entries"

    def execute(self) -> None:
        print(f"== N = {self.n} (work: {self.work})", flush=True)
        if not self.setup():
            return
        self.stage_extract()
        self.prepare_translations()
        self.stage_reassemble()
        self.stage_update()
        self.stage_translate_release()
        self.stage_incremental()
        self.stage_memory_lookup()


def last_line(logs: Path) -> str:
    """Last line the newest command printed."""
    newest = max(logs.glob("*.log"), key=lambda p: p.stat().st_mtime)
    lines = newest.read_text(errors="replace").strip().splitlines()
    return lines[-1][:200] if len(lines) > 1 else ""


def count_msgids(paths: list[Path]) -> int:
    n = 0
    for p in paths:
        n += sum(1 for line in p.read_text(encoding="utf-8", errors="replace").splitlines()
                 if line.startswith("msgid "))
        n -= 1  # the header
    return n


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def machine_info() -> dict[str, str]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores ({cpu}), {mem}",
        "os": platform.platform(),
        "python": platform.python_version(),
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def ratio_text(tri: Result, peer: Result, attr: str = "wall") -> str:
    a, b = getattr(tri, attr), getattr(peer, attr)
    if tri.status != "ok" or peer.status != "ok" or not a or not b:
        return "–"
    return f"{a / b:.2f}"


def _find(run: SizeRun, stage_prefix: str, tri: bool, tool: str | None = None) -> list[Result]:
    return [r for r in run.results if r.stage.startswith(stage_prefix) and r.is_trilingual == tri
            and r.status == "ok" and r.wall and (tool is None or r.tool.startswith(tool))]


def targets(run: SizeRun) -> list[str]:
    """The issue's targets, checked on this run (they are set for N = 1,000)."""
    out = ["| target | measured | met |", "|---|---|---|"]

    def row(name: str, measured: str, ok: bool | None) -> None:
        out.append(f"| {name} | {measured} | {'–' if ok is None else ('yes' if ok else 'no')} |")

    for prefix, label in (("extract", "extract"), ("reassemble", "reassemble"),
                          ("update", "update")):
        tri = [r for r in _find(run, prefix, True) if r.ratio_row]
        peers = [r for r in _find(run, prefix, False) if r.ratio_row]
        if tri and peers:
            fastest = min(peers, key=lambda p: p.wall or 0)
            ratio = (tri[0].wall or 0) / (fastest.wall or 1)
            row(f"{label} ≤ 0.5 × fastest peer", f"{ratio:.2f} × {fastest.tool}", ratio <= 0.5)
        else:
            row(f"{label} ≤ 0.5 × fastest peer", "n/a", None)
    tri = [r for r in _find(run, "update", True) if r.ratio_row]
    mm = _find(run, "update", False, "GNU msgmerge")
    if tri and mm:
        row("update no slower than GNU msgmerge", f"{tri[0].wall:.2f} s vs {mm[0].wall:.2f} s",
            (tri[0].wall or 0) <= (mm[0].wall or 0))
    for tool in ("trilingual extract", "trilingual release"):
        inc = _find(run, "incremental", True, tool)
        row(f"incremental {tool.split()[1]} < 1 s",
            f"{inc[0].wall:.2f} s" if inc else "n/a", (inc[0].wall or 0) < 1 if inc else None)
    rss = [r.rss_mb for r in run.results if r.is_trilingual and r.status == "ok" and r.rss_mb]
    row("peak memory < 300 MB", f"{max(rss):.0f} MB (largest trilingual stage)" if rss else "n/a",
        max(rss) < 300 if rss else None)
    p95 = run.info.get("tm p95")
    value = float(p95.split()[0]) if p95 else None
    row("memory engine p95 < 5 ms at 100k entries", p95 + " (CPU time per lookup)" if p95
        else "n/a", value < 5 if value is not None and "100,000" in (p95 or "") else None)
    if run.n != 1000:
        out.append("")
        out.append(f"The targets are set for N = 1,000; this run has N = {run.n}.")
    return out


def render_section(run: SizeRun, machine: dict[str, str], versions: dict[str, str],
                   tri_rev: str, total: float) -> str:
    lines = [f"<!-- bench:N={run.n} -->", f"## N = {run.n}" + (" (quick)" if run.quick else ""),
             ""]
    info = {**machine, "trilingual": f"git {tri_rev}",
            **{k: v for k, v in versions.items()},
            "corpus": f"{run.info.get('articles', '?')} articles, {run.info.get('words', '?')} "
                      f"words (seed {run.seed})",
            "5% edit": run.info.get("edit", "–"),
            "translate": run.info.get("translate", "–"),
            "incremental edit": run.info.get("incremental", "–"),
            "extract jobs": str(run.jobs), "harness wall time": f"{total:.0f} s"}
    lines += [f"- **{k}**: {v}" for k, v in info.items()]
    lines += ["", "### Ratios (trilingual wall time / peer wall time; below 1 = trilingual faster)",
              "", "| stage | trilingual s | peer | peer s | ratio | CPU ratio | trilingual MB "
              "| peer MB |", "|---|---:|---|---:|---:|---:|---:|---:|"]
    stages: dict[str, list[Result]] = {}
    for r in run.results:
        stages.setdefault(r.stage, []).append(r)
    for stage, rows in stages.items():
        tris = [r for r in rows if r.is_trilingual and r.ratio_row]
        peers = [r for r in rows if not r.is_trilingual and r.ratio_row]
        if not tris or not peers:
            continue
        tri = tris[0]
        for peer in peers:
            lines.append(f"| {stage} | {tri.cell_wall()} | {peer.tool} | {peer.cell_wall()} | "
                         f"{ratio_text(tri, peer)} | {ratio_text(tri, peer, 'cpu')} | "
                         f"{tri.cell_rss()} | {peer.cell_rss()} |")
        ok = [p for p in peers if p.status == "ok" and p.wall]
        if ok and tri.status == "ok":
            fastest = min(ok, key=lambda p: p.wall or 0)
            lines.append(f"| **{stage}: vs fastest peer** | {tri.cell_wall()} | "
                         f"**{fastest.tool}** | {fastest.cell_wall()} | "
                         f"**{ratio_text(tri, fastest)}** | {ratio_text(tri, fastest, 'cpu')} "
                         "| | |")
    lines += ["", "### Targets (issue 6)", "", *targets(run), ""]
    lines += ["", "### Every command", "",
              "| stage | tool | wall s | CPU s | peak RSS MB | notes | command |",
              "|---|---|---:|---:|---:|---|---|"]
    for r in run.results:
        note = r.note.replace("|", "\\|").replace("\n", " ")
        cmd = r.command.replace("|", "\\|")
        if len(cmd) > 160:
            cmd = cmd[:157] + "..."
        lines.append(f"| {r.stage} | {r.tool} | {r.cell_wall()} | {r.cell_cpu()} | "
                     f"{r.cell_rss()} | {note} | "
                     f"`{cmd}` |")
    lines += ["", "<!-- /bench -->", ""]
    return "\n".join(lines)


HEADER = """# Benchmark results

Written by `bench/run.py` (see bench/README.md for what each stage runs). Wall time is one run
of each command; CPU time (user + system, children included) and peak RSS (the largest process
of the stage) come from `wait4`. On a shared machine (see the load average) the wall clock is
inflated and noisy and the CPU ratio is the steadier comparison; `trilingual extract` runs two
worker processes, so its CPU time can exceed its wall time. A ratio below 1 means trilingual is
faster than that peer.

"""


def write_results(path: Path, sections: dict[int, str]) -> None:
    old: dict[int, str] = {}
    if path.exists():
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"<!-- bench:N=(\d+) -->.*?<!-- /bench -->\n", text, re.S):
            old[int(m.group(1))] = m.group(0)
    old.update(sections)
    body = "\n".join(old[k].rstrip("\n") + "\n" for k in sorted(old))
    path.write_text(HEADER + body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="trilingual vs po4a, Translate Toolkit, mdpo")
    parser.add_argument("--sizes", default=None, help="comma-separated corpus sizes (100,1000)")
    parser.add_argument("--quick", action="store_true",
                        help="N = 50 unless --sizes is given; fewer CLI render samples")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="--jobs for trilingual extract and render (default: 2)")
    parser.add_argument("--no-install", action="store_true",
                        help="do not install missing peers (they become n/a)")
    parser.add_argument("--output", type=Path, default=BENCH / "results.md")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in (args.sizes or ("50" if args.quick else "100,1000")).split(",")]

    print("peers:", "checking" if args.no_install else "checking/installing", flush=True)
    peers = peers_mod.ensure_peers(install=not args.no_install)
    for note in peers.notes:
        print("peers note:", note)
    tri = Trilingual()
    print("trilingual commands:", ", ".join(sorted(tri.commands)) or "none", flush=True)
    machine = machine_info()
    sections = {}
    for n in sizes:
        started = time.perf_counter()
        run = SizeRun(n, args.quick, args.jobs, args.seed, tri, peers)
        run.execute()
        sections[n] = render_section(run, machine, peers.versions, tri.version(),
                                     time.perf_counter() - started)
        write_results(args.output, sections)
        section = sections[n]
        start = section.index("### Ratios")
        print(section[start:section.index("### Every command")].rstrip(), flush=True)
        (BENCH / "work" / str(n) / "results.json").write_text(json.dumps(
            {"info": run.info, "results": [r.__dict__ for r in run.results]}, indent=1),
            encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
