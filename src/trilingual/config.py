"""The project configuration, ``trilingual.yaml``, as one frozen value.

Every section is optional; defaults describe the newsroom's setup (English into Belarusian
and Russian, the memory engine offline, only reviewed translations published).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from trilingual.errors import ConfigError

CONFIG_NAME = "trilingual.yaml"

DEFAULT_CONFIG_TEXT = """\
# trilingual project configuration
source_language: en
languages: [be, ru]
articles_dir: articles
locales_dir: locales
front_matter:
  # Front-matter keys whose values translators see; nested keys with dots.
  translatable: [title, subtitle, summary, section, image.alt, image.credit]
translate:
  # Engines tried in order for every empty entry: memory, deepl, pseudo.
  engines: [memory]
  memory:
    threshold: 75          # minimum similarity (0-100) for a fuzzy memory match
    accept_exact: false    # exact match with same msgctxt written as reviewed
  deepl:
    formality: null        # ru only: more/less/prefer_more/prefer_less
    model_type: null       # quality_optimized / prefer_quality_optimized / latency_optimized
check:
  disable: []              # check ids to turn off
  require_reviewed: true   # fuzzy entries fail the gate
release:
  out_dir: dist
  incomplete: omit         # omit: leave the article out with a notice; fail: stop the release
  site_title: Belarus Weekly Commentary
  base_url: ""
"""


@dataclass(frozen=True)
class MemoryOptions:
    """Options of the translation-memory engine."""

    threshold: int = 75
    accept_exact: bool = False


@dataclass(frozen=True)
class DeeplOptions:
    """Options of the DeepL engine (the key comes from the environment, never from here)."""

    formality: str | None = None
    model_type: str | None = None


@dataclass(frozen=True)
class Config:
    """A parsed ``trilingual.yaml``."""

    source_language: str = "en"
    languages: tuple[str, ...] = ("be", "ru")
    articles_dir: str = "articles"
    locales_dir: str = "locales"
    translatable_keys: tuple[str, ...] = (
        "title", "subtitle", "summary", "section", "image.alt", "image.credit"
    )
    engines: tuple[str, ...] = ("memory",)
    memory: MemoryOptions = field(default_factory=MemoryOptions)
    deepl: DeeplOptions = field(default_factory=DeeplOptions)
    check_disable: tuple[str, ...] = ()
    check_require_reviewed: bool = True
    check_spelling: str = "on"
    check_spelling_catalogs: bool = False
    release_out_dir: str = "dist"
    release_incomplete: str = "omit"
    site_title: str = "Belarus Weekly Commentary"
    base_url: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


_KNOWN = {
    "source_language", "languages", "articles_dir", "locales_dir", "front_matter", "translate",
    "check", "release",
}


def _section(data: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise ConfigError(f"'{key}' must be a mapping", path=path)
    return value


def _str_list(value: Any, key: str, path: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"'{key}' must be a list of strings", path=path)
    return tuple(value)


_LANG_RE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})?$")


def _inside(value: Any, key: str, path: Path) -> None:
    """Project folders are relative paths that stay inside the project."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"'{key}' must be a folder name", path=path)
    folder = PurePosixPath(value.replace("\\", "/"))
    if folder.is_absolute() or ".." in folder.parts or (value[1:2] == ":"):
        raise ConfigError(
            f"'{key}' must be a relative folder inside the project, not {value!r}", path=path
        )


def parse_config(text: str, path: Path) -> Config:
    """Parse and validate configuration text; errors name ``path`` (and the line for YAML)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"invalid YAML: {problem}", path=path, line=line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the configuration must be a mapping", path=path)
    unknown = sorted(set(data) - _KNOWN)
    if unknown:
        raise ConfigError(f"unknown key '{unknown[0]}'", path=path)
    front = _section(data, "front_matter", path)
    translate = _section(data, "translate", path)
    memory = translate.get("memory") or {}
    deepl = translate.get("deepl") or {}
    check = _section(data, "check", path)
    release = _section(data, "release", path)
    languages = _str_list(data.get("languages", ["be", "ru"]), "languages", path)
    if not languages:
        raise ConfigError("'languages' must name at least one language", path=path)
    for lang in languages:
        if not _LANG_RE.match(lang):
            raise ConfigError(
                f"'languages': {lang!r} is not a language code (be, ru, pt_BR)", path=path
            )
    for key in ("articles_dir", "locales_dir"):
        _inside(data.get(key, key.split("_")[0]), key, path)
    incomplete = release.get("incomplete", "omit")
    if incomplete not in ("omit", "fail"):
        raise ConfigError("'release.incomplete' must be 'omit' or 'fail'", path=path)
    spelling = check.get("spelling", "on")
    spelling = {True: "on", False: "off"}.get(spelling, spelling)  # YAML reads on/off as bools
    if spelling not in ("off", "on", "strict"):
        raise ConfigError("'check.spelling' must be off, on or strict", path=path)
    threshold = memory.get("threshold", 75)
    if not isinstance(threshold, int) or not 0 <= threshold <= 100:
        raise ConfigError("'translate.memory.threshold' must be an integer 0-100", path=path)
    return Config(
        source_language=str(data.get("source_language", "en")),
        languages=languages,
        articles_dir=str(data.get("articles_dir", "articles")),
        locales_dir=str(data.get("locales_dir", "locales")),
        translatable_keys=_str_list(
            front.get("translatable", list(Config.translatable_keys)),
            "front_matter.translatable", path,
        ),
        engines=_str_list(translate.get("engines", ["memory"]), "translate.engines", path),
        memory=MemoryOptions(
            threshold=threshold, accept_exact=bool(memory.get("accept_exact", False))
        ),
        deepl=DeeplOptions(formality=deepl.get("formality"), model_type=deepl.get("model_type")),
        check_disable=_str_list(check.get("disable", []), "check.disable", path),
        check_require_reviewed=bool(check.get("require_reviewed", True)),
        check_spelling=str(spelling),
        check_spelling_catalogs=bool(check.get("spelling_catalogs", False)),
        release_out_dir=str(release.get("out_dir", "dist")),
        release_incomplete=incomplete,
        site_title=str(release.get("site_title", Config.site_title)),
        base_url=str(release.get("base_url", "")),
        raw=data,
    )


def load_config(root: Path) -> Config:
    """Read ``<root>/trilingual.yaml``; a missing file is a ConfigError."""
    path = root / CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            "no trilingual.yaml here (run 'trilingual init' or pass --project DIR)", path=path
        ) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"not valid UTF-8 (byte {exc.start})", path=path) from None
    return parse_config(text, path)
