"""Install and locate the peer tools the benchmark compares trilingual with.

- Debian packages ``po4a`` and ``gettext`` (``po4a-gettextize``, ``po4a-translate``,
  ``msgmerge``, ``msginit``) through apt-get (needs root; runs ``apt-get update`` first).
- Translate Toolkit with its ``markdown`` extra plus RapidFuzz/Levenshtein in the venv
  ``bench/.peers/tt`` (``md2po``, ``po2md``, ``pot2po``).
- mdpo in its own venv ``bench/.peers/mdpo``: both projects ship ``md2po``/``po2md``.

``python bench/peers.py`` installs whatever is missing and prints what it found.
Every failure is reported, never raised: a peer that cannot be installed becomes "n/a".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
PEERS_DIR = BENCH / ".peers"
TT_VENV = PEERS_DIR / "tt"
MDPO_VENV = PEERS_DIR / "mdpo"

TT_PACKAGES = ["translate-toolkit[markdown,levenshtein]", "rapidfuzz", "Levenshtein"]
MDPO_PACKAGES = ["mdpo"]
APT_PACKAGES = ["po4a", "gettext"]


@dataclass
class Peers:
    """Paths of the peer commands found (``None`` = not available) and install notes."""

    tt_bin: Path | None = None
    mdpo_bin: Path | None = None
    po4a_gettextize: str | None = None
    po4a_translate: str | None = None
    po4a_updatepo: str | None = None
    msgmerge: str | None = None
    msginit: str | None = None
    notes: list[str] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)

    def tt(self, tool: str) -> str | None:
        """Path of a Translate Toolkit console script, if installed."""
        if self.tt_bin is None:
            return None
        path = self.tt_bin / tool
        return str(path) if path.exists() else None

    def mdpo(self, tool: str) -> str | None:
        """Path of an mdpo console script, if installed."""
        if self.mdpo_bin is None:
            return None
        path = self.mdpo_bin / tool
        return str(path) if path.exists() else None


def _run(cmd: list[str], log: list[str], timeout: float = 900) -> bool:
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.append(f"`{' '.join(cmd)}` failed: {exc}")
        return False
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        log.append(f"`{' '.join(cmd)}` exited {proc.returncode}: {' | '.join(tail)}")
        return False
    return True


def _apt_install(log: list[str]) -> None:
    missing = [p for p, exe in (("po4a", "po4a-gettextize"), ("gettext", "msgmerge"))
               if shutil.which(exe) is None]
    if not missing:
        return
    if shutil.which("apt-get") is None:
        log.append(f"apt-get not found; cannot install {', '.join(missing)}")
        return
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    if _run([*prefix, "apt-get", "update", "-qq"], log):
        _run([*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
             log)


def _venv(path: Path, packages: list[str], probe: str, log: list[str]) -> Path | None:
    bin_dir = path / "bin"
    if (bin_dir / probe).exists():
        return bin_dir
    if not (bin_dir / "python").exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        if not _run([sys.executable, "-m", "venv", str(path)], log):
            return None
    pip = [str(bin_dir / "python"), "-m", "pip", "install", "--quiet",
           "--disable-pip-version-check"]
    if not _run([*pip, *packages], log):
        return None
    return bin_dir if (bin_dir / probe).exists() else None


def _pip_version(bin_dir: Path | None, dist: str) -> str | None:
    if bin_dir is None:
        return None
    try:
        out = subprocess.run(
            [str(bin_dir / "python"), "-c",
             f"import importlib.metadata as m; print(m.version({dist!r}))"],
            capture_output=True, text=True, timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None


def _deb_version(package: str) -> str | None:
    try:
        out = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", package],
                             capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None


def ensure_peers(install: bool = True) -> Peers:
    """Find the peers, installing the missing ones first when ``install`` is true."""
    peers = Peers()
    if install:
        _apt_install(peers.notes)
        peers.tt_bin = _venv(TT_VENV, TT_PACKAGES, "pot2po", peers.notes)
        peers.mdpo_bin = _venv(MDPO_VENV, MDPO_PACKAGES, "md2po", peers.notes)
    else:
        peers.tt_bin = TT_VENV / "bin" if (TT_VENV / "bin" / "pot2po").exists() else None
        peers.mdpo_bin = MDPO_VENV / "bin" if (MDPO_VENV / "bin" / "md2po").exists() else None
    peers.po4a_gettextize = shutil.which("po4a-gettextize")
    peers.po4a_translate = shutil.which("po4a-translate")
    peers.po4a_updatepo = shutil.which("po4a-updatepo")
    peers.msgmerge = shutil.which("msgmerge")
    peers.msginit = shutil.which("msginit")
    for name, version in (
        ("translate-toolkit", _pip_version(peers.tt_bin, "translate-toolkit")),
        ("rapidfuzz (tt venv)", _pip_version(peers.tt_bin, "rapidfuzz")),
        ("mdpo", _pip_version(peers.mdpo_bin, "mdpo")),
        ("po4a", _deb_version("po4a")),
        ("gettext", _deb_version("gettext")),
    ):
        if version:
            peers.versions[name] = version
    return peers


def main() -> int:
    peers = ensure_peers(install=True)
    for name, value in (
        ("Translate Toolkit bin", peers.tt_bin), ("mdpo bin", peers.mdpo_bin),
        ("po4a-gettextize", peers.po4a_gettextize), ("po4a-translate", peers.po4a_translate),
        ("msgmerge", peers.msgmerge),
    ):
        print(f"{name:22} {value or 'MISSING'}")
    for name, version in peers.versions.items():
        print(f"{name:22} {version}")
    for note in peers.notes:
        print("note:", note)
    ok = all((peers.tt_bin, peers.mdpo_bin, peers.po4a_gettextize, peers.msgmerge))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
