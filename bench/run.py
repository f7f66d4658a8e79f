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
    note: str = ""
    is_trilingual: bool = False
    ratio_row: bool = True  # take part in the trilingual/peer ratios of its stage

    def cell_wall(self) -> str:
        return f"{self.wall:.2f}" if self.status == "ok" and self.wall is not None else self.status

    def cell_rss(self) -> str:
        return f"{self.rss_mb:.0f}" if self.status == "ok" and self.rss_mb is not None else "–"


def measure(cmd: list[str], log: Path, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> tuple[int, float, float, str]:
    """Run ``cmd``; return (exit code, wall seconds, peak RSS MB, tail of stderr)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        out.write(f"$ {shlex.join(cmd)}\n".encode())
        out.flush()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=env)
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
    return code, wall, usage.ru_maxrss / 1024, tail


# --------------------------------------------------------------------------------------------
# Helpers: catalogs, trilingual capabilities
# --------------------------------------------------------------------------------------------


def pseudo_translate_file(src: Path, dst: Path, keep_header: bool = True) -> int:
    """Write ``dst``: ``src`` with every msgstr = msgid + MARK, fuzzy flags cleared."""
    import polib

    po = polib.pofile(str(src), wrapwidth=79)
    count = 0
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        body = entry.msgid.rstrip("\n")
        entry.msgstr = body + MARK + entry.msgid[len(body):]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
        entry.previous_msgctxt = None
        count += 1
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    dst.parent.mkdir(parents=True, exist_ok=True)
    text = None
    try:
        from trilingual.pofile import format_po

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


def identical_after_mark(src_dir: Path, out_dir: Path) -> str:
    """How many outputs equal their source once the pseudo-translation mark is removed."""
    outs = sorted(out_dir.glob("*.md")) if out_dir.is_dir() else []
    same = sum(1 for o in outs if (src_dir / o.name).exists()
               and o.read_text(encoding="utf-8").replace(MARK, "")
               == (src_dir / o.name).read_text(encoding="utf-8"))
    total = len(list(src_dir.glob("*.md")))
    return f"{same}/{total} byte-identical; {len(outs)} written"


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
        # Probe each command the CLI may register (cli.COMMANDS) with --help: argparse
        # exits 2 on an unknown one.
        for name in ("init", "extract", "render", "translate", "usage", "check", "stats",
                     "release"):
            try:
                sub = subprocess.run([self.exe, name, "--help"], capture_output=True,
                                     text=True, timeout=60)
            except (OSError, subprocess.TimeoutExpired):
                continue
            if sub.returncode == 0:
                self.commands.add(name)
                self.help[name] = sub.stdout

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


TRI_RENDER_DRIVER = r"""
import sys
from pathlib import Path
from trilingual.project import Project
from trilingual.render import render_article
project = Project.open(sys.argv[1])
out = Path(sys.argv[2])
for lang in sys.argv[3].split(","):
    folder = out / lang
    folder.mkdir(parents=True, exist_ok=True)
    for slug in project.slugs():
        rendered = render_article(project, slug, lang)
        (folder / f"{slug}.md").write_text(rendered.text, encoding="utf-8")
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


def po4a_config(md_dir: Path, base: Path) -> Path:
    """A po4a.cfg: one POT per article, be/ru PO per article, translations under out/."""
    lines = [f"[po4a_langs] {' '.join(LANGS)}",
             f"[po4a_paths] {base}/pot/$master.pot $lang:{base}/$lang/$master.po",
             '[options] opt:"-o markdown" --master-charset UTF-8 --localized-charset UTF-8 '
             "--keep 0"]
    for md in sorted(md_dir.glob("*.md")):
        lines.append(f"[type: text] {md} $lang:{base}/out/$lang/{md.name} pot={md.stem}")
    cfg = base / "po4a.cfg"
    base.mkdir(parents=True, exist_ok=True)
    cfg.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return cfg


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

    # -- plumbing -------------------------------------------------------------------------

    def run(self, stage: str, tool: str, cmd: list[str] | None, *, tri: bool = False,
            unavailable: str = "", note: str | Callable[[], str] = "",
            ratio_row: bool = True, shown: str | None = None) -> Result:
        shown_cmd = shown or (shlex.join(self._short(cmd)) if cmd else "")
        res = Result(stage, tool, shown_cmd, is_trilingual=tri, ratio_row=ratio_row)
        if cmd is None:
            res.status, res.note = "n/a", unavailable
            self.results.append(res)
            print(f"  {stage:28} {tool:30} n/a ({unavailable})", flush=True)
            return res
        self.step += 1
        name = re.sub(r"[^a-z0-9]+", "-", f"{stage} {tool}".lower()).strip("-")
        log = self.logs / f"{self.step:02d}-{name}.log"
        code, wall, rss, tail = measure(cmd, log)
        res.wall, res.rss_mb = wall, rss
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
        print(f"  {stage:28} {tool:30} {res.cell_wall():>8} s {res.cell_rss():>6} MB "
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
        self.run(st, "trilingual extract", self.tri_cmd("extract", *self.extract_args()),
                 tri=True, unavailable=self.tri_missing("extract"),
                 note=lambda: f"{len(list(pots.glob('*.pot')))} POT, "
                              f"{count_msgids(list(pots.glob('*.pot')))} msgids")
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
        po4a = shutil.which("po4a")
        self.po4a_cfg = po4a_config(self.md, self.pdir / "po4a")
        self.run(st, "po4a (--no-translations)", po4a and [
            po4a, "--no-translations", "-q", str(self.po4a_cfg)],
            unavailable="po4a not installed",
            note=lambda: f"POT + be/ru PO; "
                         f"{count_msgids(list((self.pdir / 'po4a' / 'pot').glob('*.pot')))} msgids")

    def prepare_translations(self) -> None:
        """Untimed: every tool's be/ru catalogs get msgstr = msgid + MARK."""
        for lang in LANGS:
            tri_dir = self.proj / "locales" / lang / "LC_MESSAGES"
            for po in sorted(tri_dir.glob("*.po")):
                pseudo_translate_file(po, po)
            pseudo_translate_dir(self.pdir / "tt" / "pot", self.pdir / "tt" / lang, "*.pot")
            pseudo_translate_dir(self.pdir / "mdpo" / "pot", self.pdir / "mdpo" / lang, "*.pot")
            po4a_lang = self.pdir / "po4a" / lang
            for po in sorted(po4a_lang.glob("*.po")):
                pseudo_translate_file(po, po)

    def stage_reassemble(self) -> None:
        st = "reassemble (PO → md, be+ru)"
        out = self.work / "out"
        langs = ",".join(LANGS)
        have_render = self.tri.exe is not None and subprocess.run(
            [self.tri.python, "-c", "import trilingual.render as r; r.render_article"],
            capture_output=True).returncode == 0
        self.run(st, "trilingual render (library, one process)", (have_render and [
            self.tri.python, "-c", TRI_RENDER_DRIVER, str(self.proj), str(out / "tri"), langs])
            or None, tri=True, unavailable="trilingual.render.render_article not importable",
            note=lambda: identical_after_mark(self.proj / "articles", out / "tri" / "be"))
        # The CLI, one article per process, on a sample (reported per article, no ratio).
        sample = self.slugs[: 3 if self.quick else 10]
        cmds = [self.tri.cmd(self.proj, "render", "--lang", "be", s, "-o",
                             str(out / "tri-cli" / f"{s}.md")) for s in sample]
        res = self.run(st, f"trilingual render CLI ×{len(sample)}",
                       write_script(self.work / "scripts" / "render-cli.sh", cmds)
                       if self.tri.has("render") else None,
                       tri=True, unavailable=self.tri_missing("render"), ratio_row=False,
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
        po4a = shutil.which("po4a")
        self.run(st, "po4a (--no-update)", po4a and [
            po4a, "--no-update", "-q", "--keep", "0", str(self.po4a_cfg)],
            unavailable="po4a not installed",
            note=lambda: identical_after_mark(self.md, self.pdir / "po4a" / "out" / "be"))

    def stage_update(self) -> None:
        st = "update after 5% edit"
        snap = self.work / "snapshot"
        if (self.proj / "locales").is_dir():
            shutil.copytree(self.proj / "locales", snap)
        for tool in ("mdpo", "po4a"):
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
            shown="pot2po -t OLD/LANG -i templates -o OUT/LANG (be, ru)",
            note=lambda: f"{count_flag(list(p2p_out.glob('*/*.po')))} fuzzy entries (be+ru)")
        mdpo_py = self.peers.mdpo("python")
        self.run(st, "mdpo md2po (own catalogs)", mdpo_py and [
            mdpo_py, "-c", MDPO_DRIVER, "update", str(self.md), str(self.pdir / "mdpo"),
            ",".join(LANGS)], unavailable="mdpo not installed",
            note="no fuzzy matching: revised sentences become new + obsolete")
        po4a = shutil.which("po4a")
        self.run(st, "po4a (own catalogs)", po4a and [
            po4a, "--no-translations", "-q", str(self.po4a_cfg)],
            unavailable="po4a not installed",
            note=lambda: "re-extracts and runs msgmerge; "
                         f"{count_flag(list((self.pdir / 'po4a').glob('[br][eu]/*.po')))} fuzzy")

    def review_all(self, slugs: list[str] | None = None) -> int:
        """Untimed: a translator reviews every fuzzy or empty entry (pseudo-translation)."""
        count = 0
        for lang in LANGS:
            folder = self.proj / "locales" / lang / "LC_MESSAGES"
            for po in sorted(folder.glob("*.po")):
                if slugs is None or po.stem in slugs:
                    count += pseudo_translate_file(po, po)
        return count

    def stage_translate_release(self) -> None:
        # New articles arrive: their catalogs are empty, and the memory engine fills them
        # from the reviewed translations of the whole archive.
        extra = max(2, self.n // 10)
        self.review_all()
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
        slug = self.slugs[len(self.slugs) // 2]
        stats = generate.edit_corpus(self.proj / "articles", 0.05, self.seed, edit_seed=11,
                                     slugs=[slug])
        self.info["incremental"] = (f"{stats.revised} sentences revised in {slug}; reviewed "
                                    "(untimed) between extract and release")
        st = "incremental: 1 article edited"
        self.run(st, "trilingual extract", self.tri_cmd("extract", *self.extract_args()),
                 tri=True, unavailable=self.tri_missing("extract"))
        self.review_all([slug])
        self.run(st, "trilingual release", self.tri_cmd("release"), tri=True,
                 unavailable=self.tri_missing("release"))

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


def ratio_text(tri: Result, peer: Result) -> str:
    if tri.status != "ok" or peer.status != "ok" or not tri.wall or not peer.wall:
        return "–"
    return f"{tri.wall / peer.wall:.2f}"


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
              "", "| stage | trilingual s | peer | peer s | ratio | trilingual MB | peer MB |",
              "|---|---:|---|---:|---:|---:|---:|"]
    stages: dict[str, list[Result]] = {}
    for r in run.results:
        stages.setdefault(r.stage, []).append(r)
    for stage, rows in stages.items():
        tris = [r for r in rows if r.is_trilingual and r.ratio_row]
        peers = [r for r in rows if not r.is_trilingual]
        if not tris or not peers:
            continue
        tri = tris[0]
        for peer in peers:
            lines.append(f"| {stage} | {tri.cell_wall()} | {peer.tool} | {peer.cell_wall()} | "
                         f"{ratio_text(tri, peer)} | {tri.cell_rss()} | {peer.cell_rss()} |")
        ok = [p for p in peers if p.status == "ok" and p.wall]
        if ok and tri.status == "ok":
            fastest = min(ok, key=lambda p: p.wall or 0)
            lines.append(f"| **{stage}: vs fastest peer** | {tri.cell_wall()} | "
                         f"**{fastest.tool}** | {fastest.cell_wall()} | "
                         f"**{ratio_text(tri, fastest)}** | | |")
    lines += ["", "### Every command", "",
              "| stage | tool | wall s | peak RSS MB | notes | command |",
              "|---|---|---:|---:|---|---|"]
    for r in run.results:
        note = r.note.replace("|", "\\|").replace("\n", " ")
        cmd = r.command.replace("|", "\\|")
        if len(cmd) > 160:
            cmd = cmd[:157] + "..."
        lines.append(f"| {r.stage} | {r.tool} | {r.cell_wall()} | {r.cell_rss()} | {note} | "
                     f"`{cmd}` |")
    lines += ["", "<!-- /bench -->", ""]
    return "\n".join(lines)


HEADER = """# Benchmark results

Written by `bench/run.py` (see bench/README.md for what each stage runs). Wall time is one run
of each command on a shared 2-core machine; peak RSS is the largest process of the stage.
A ratio below 1 means trilingual is faster than that peer.

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
                        help="--jobs for trilingual extract (default: 2)")
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
        (BENCH / "work" / str(n) / "results.json").write_text(json.dumps(
            [r.__dict__ for r in run.results], indent=1), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
