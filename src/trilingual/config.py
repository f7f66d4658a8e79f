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
  # Engines tried in order for every empty entry: memory, deepl, llm, pseudo.
  engines: [memory]
  auto_numbers: true       # number-only segments (1,150 | 2.5%) rendered, not translated
  memory:
    threshold: 75          # minimum similarity (0-100) for a fuzzy memory match
    accept_exact: false    # exact match with same msgctxt written as reviewed
  deepl:
    formality: null        # ru only: more/less/prefer_more/prefer_less
    model_type: null       # quality_optimized / prefer_quality_optimized / latency_optimized
  llm:
    model: gpt-4o-mini     # any model of an OpenAI-compatible server (key: OPENAI_API_KEY)
    base_url: null         # vLLM, llama.cpp, ollama: http://localhost:8000/v1 (or OPENAI_BASE_URL)
    token_budget: 6000     # estimated prompt tokens per request
    examples: 3            # similar reviewed pairs from the memory sent as examples
    instructions: {}       # per language, replaces the built-in instructions (be, ru)
check:
  disable: []              # check ids to turn off
  require_reviewed: true   # fuzzy entries fail the gate
release:
  out_dir: dist
  incomplete: omit         # omit: leave the article out with a notice; fail: stop the release
  qa: errors               # QA issues that keep a translation out: errors, warnings, off
  site_title: Belarus Weekly Commentary
  base_url: ""
"""


@dataclass(frozen=True)
class MemoryOptions:
    """Options of the translation-memory engine."""

    threshold: int = 75
    accept_exact: bool = False
    tmx: tuple[str, ...] = ()  # external memories (TMX files inside the project), in order


@dataclass(frozen=True)
class DeeplOptions:
    """Options of the DeepL engine (the key comes from the environment, never from here)."""

    formality: str | None = None
    model_type: str | None = None


@dataclass(frozen=True)
class LlmOptions:
    """Options of the ``llm`` engine (the key comes from OPENAI_API_KEY, never from here)."""

    model: str = "gpt-4o-mini"
    base_url: str | None = None  # None: OPENAI_BASE_URL, else the client's default
    token_budget: int = 6000  # estimated prompt tokens per request
    examples: int = 3  # k similar reviewed memory pairs per request
    instructions: tuple[tuple[str, str], ...] = ()  # (lang, text) replacing the defaults


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
    auto_numbers: bool = True  # number-only segments are rendered, not given to translators
    memory: MemoryOptions = field(default_factory=MemoryOptions)
    deepl: DeeplOptions = field(default_factory=DeeplOptions)
    llm: LlmOptions = field(default_factory=LlmOptions)
    check_disable: tuple[str, ...] = ()
    check_require_reviewed: bool = True
    check_spelling: str = "on"
    check_spelling_catalogs: bool = False
    release_out_dir: str = "dist"
    release_incomplete: str = "omit"
    release_qa: str = "errors"  # QA issues that keep a translation out: errors, warnings, off
    site_title: str = "Belarus Weekly Commentary"
    base_url: str = ""
    # per language (release.site_title / release.tagline as mappings): (lang, text) pairs
    site_titles: tuple[tuple[str, str], ...] = ()
    taglines: tuple[tuple[str, str], ...] = ()
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


def _bool(value: Any, key: str, path: Path) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"'{key}' must be true or false", path=path)
    return value


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


def _files(value: Any, key: str, path: Path) -> tuple[str, ...]:
    """A list of files inside the project."""
    files = _str_list(value, key, path)
    for file in files:
        _inside(file, key, path)
    return files


def _per_language(value: Any, key: str, path: Path) -> dict[str, str]:
    """A text for every language (a string, key "") or one per language (a mapping)."""
    if isinstance(value, str):
        return {"": value}
    if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str)
                                       for k, v in value.items()):
        return dict(value)
    raise ConfigError(f"'{key}' must be a text or a mapping of language to text", path=path)


def _known_language(code: str) -> bool:
    """True if CLDR (Babel's locale data) knows ``code`` (``pt-BR`` as ``pt_BR``)."""
    import importlib.util

    spec = importlib.util.find_spec("babel")  # finding, not importing it (40 ms)
    if spec is None or not spec.submodule_search_locations:
        return True
    folder = Path(next(iter(spec.submodule_search_locations))) / "locale-data"
    parts = code.replace("-", "_").split("_")
    name = "_".join([parts[0].lower(), *parts[1:]])
    return (folder / f"{name}.dat").is_file() or (folder / f"{parts[0].lower()}.dat").is_file()


FORMALITIES = ("default", "more", "less", "prefer_more", "prefer_less")
MODEL_TYPES = ("quality_optimized", "prefer_quality_optimized", "latency_optimized")


def _check_types(
    data: dict[str, Any], front: dict[str, Any], translate: dict[str, Any],
    memory: Any, deepl: Any, check: dict[str, Any], release: dict[str, Any], path: Path,
) -> None:
    """Refuse values of the wrong type up front (a bool is not a number, a number no text)."""
    for key, value in (("translate.memory", memory), ("translate.deepl", deepl)):
        if not isinstance(value, dict):
            raise ConfigError(f"'{key}' must be a mapping", path=path)
    flags = (("translate.memory.accept_exact", memory.get("accept_exact", False)),
             ("check.require_reviewed", check.get("require_reviewed", True)))
    for key, value in flags:
        if not isinstance(value, bool):
            raise ConfigError(f"'{key}' must be true or false, not {value!r}", path=path)
    # site_title and tagline may be one text or one per language: _per_language checks them
    texts = (("release.out_dir", release.get("out_dir", "dist")),
             ("release.base_url", release.get("base_url", "")))
    for key, value in texts:
        if not isinstance(value, str):
            raise ConfigError(f"'{key}' must be text, not {value!r}", path=path)
    formality = deepl.get("formality")
    if formality is not None and formality not in FORMALITIES:
        raise ConfigError(f"'translate.deepl.formality' must be one of "
                          f"{', '.join(FORMALITIES)}, not {formality!r}", path=path)
    model_type = deepl.get("model_type")
    if model_type is not None and model_type not in MODEL_TYPES:
        raise ConfigError(f"'translate.deepl.model_type' must be one of "
                          f"{', '.join(MODEL_TYPES)}, not {model_type!r}", path=path)


def _load_mapping(text: str, path: Path) -> dict[str, Any]:
    """The YAML mapping of ``trilingual.yaml``: syntax errors with their line, no unknown key."""
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
    return data


def _languages(data: dict[str, Any], path: Path) -> tuple[str, ...]:
    """``languages``: known CLDR codes, none twice, not the source language."""
    languages = _str_list(data.get("languages", ["be", "ru"]), "languages", path)
    if not languages:
        raise ConfigError("'languages' must name at least one language", path=path)
    source = data.get("source_language", "en")
    if not isinstance(source, str) or not _LANG_RE.match(source) or not _known_language(source):
        raise ConfigError(
            f"'source_language': {source!r} is not a known language code (en)", path=path
        )
    for lang in languages:
        if not _LANG_RE.match(lang):
            raise ConfigError(
                f"'languages': {lang!r} is not a language code (be, ru, pt_BR)", path=path
            )
        if not _known_language(lang):
            raise ConfigError(f"'languages': {lang!r} is not a known language", path=path)
        if lang == source:
            raise ConfigError(
                f"'languages': {lang!r} is the source language, not a translation", path=path
            )
    twice = [lang for number, lang in enumerate(languages) if lang in languages[:number]]
    if twice:
        raise ConfigError(f"'languages': {twice[0]!r} is listed twice", path=path)
    return languages


def _release_policy(release: dict[str, Any], path: Path) -> tuple[str, str]:
    """``release.incomplete`` and ``release.qa``, validated."""
    incomplete = release.get("incomplete", "omit")
    if incomplete not in ("omit", "fail"):
        raise ConfigError("'release.incomplete' must be 'omit' or 'fail'", path=path)
    qa = release.get("qa", "errors")
    if qa is False:  # (YAML reads a bare off as false)
        qa = "off"
    if qa not in ("errors", "warnings", "off"):
        raise ConfigError("'release.qa' must be 'errors', 'warnings' or 'off'", path=path)
    return str(incomplete), str(qa)


def parse_config(text: str, path: Path) -> Config:
    """Parse and validate configuration text; errors name ``path`` (and the line for YAML)."""
    data = _load_mapping(text, path)
    front = _section(data, "front_matter", path)
    translate = _section(data, "translate", path)
    memory = translate.get("memory") or {}
    deepl = translate.get("deepl") or {}
    check = _section(data, "check", path)
    release = _section(data, "release", path)
    languages = _languages(data, path)
    _check_types(data, front, translate, memory, deepl, check, release, path)
    for key in ("articles_dir", "locales_dir"):
        _inside(data.get(key, key.split("_")[0]), key, path)
    incomplete, qa = _release_policy(release, path)
    titles = _per_language(release.get("site_title", Config.site_title), "release.site_title",
                           path)
    if "" not in titles:  # a mapping: the source language's title is the default
        titles[""] = titles.get(str(data.get("source_language", "en")), Config.site_title)
    taglines = _per_language(release.get("tagline", ""), "release.tagline", path)
    spelling = check.get("spelling", "on")
    spelling = {True: "on", False: "off"}.get(spelling, spelling)  # YAML reads on/off as bools
    if spelling not in ("off", "on", "strict"):
        raise ConfigError("'check.spelling' must be off, on or strict", path=path)
    threshold = memory.get("threshold", 75)
    if isinstance(threshold, bool) or not isinstance(threshold, int) or \
            not 0 <= threshold <= 100:
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
        auto_numbers=_bool(translate.get("auto_numbers", True), "translate.auto_numbers", path),
        memory=MemoryOptions(
            threshold=threshold, accept_exact=bool(memory.get("accept_exact", False)),
            tmx=_files(memory.get("tmx") or [], "translate.memory.tmx", path),
        ),
        deepl=DeeplOptions(formality=deepl.get("formality"), model_type=deepl.get("model_type")),
        llm=_llm_options(translate.get("llm") or {}, path),
        check_disable=_str_list(check.get("disable", []), "check.disable", path),
        check_require_reviewed=bool(check.get("require_reviewed", True)),
        check_spelling=str(spelling),
        check_spelling_catalogs=bool(check.get("spelling_catalogs", False)),
        release_out_dir=str(release.get("out_dir", "dist")),
        release_incomplete=incomplete,
        release_qa=qa,
        site_title=titles.get("", Config.site_title),
        site_titles=tuple((k, v) for k, v in titles.items() if k),
        taglines=tuple(taglines.items()),
        base_url=str(release.get("base_url", "")),
        raw=data,
    )


def _llm_options(data: Any, path: Path) -> LlmOptions:
    """``translate.llm``, validated (the key is never read from here)."""
    if not isinstance(data, dict):
        raise ConfigError("'translate.llm' must be a mapping", path=path)
    unknown = sorted(set(data) - {"model", "base_url", "token_budget", "examples",
                                  "instructions"})
    if unknown:
        raise ConfigError(f"unknown key 'translate.llm.{unknown[0]}'", path=path)
    model = data.get("model", LlmOptions.model)
    if not isinstance(model, str) or not model.strip():
        raise ConfigError("'translate.llm.model' must be a model name", path=path)
    base_url = data.get("base_url")
    if base_url is not None and not isinstance(base_url, str):
        raise ConfigError("'translate.llm.base_url' must be a URL", path=path)
    budget = data.get("token_budget", LlmOptions.token_budget)
    if not isinstance(budget, int) or isinstance(budget, bool) or budget < 500:
        raise ConfigError("'translate.llm.token_budget' must be an integer >= 500", path=path)
    examples = data.get("examples", LlmOptions.examples)
    if not isinstance(examples, int) or isinstance(examples, bool) or not 0 <= examples <= 20:
        raise ConfigError("'translate.llm.examples' must be an integer 0-20", path=path)
    instructions = data.get("instructions") or {}
    if not isinstance(instructions, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in instructions.items()
    ):
        raise ConfigError(
            "'translate.llm.instructions' must map a language code to its instructions",
            path=path,
        )
    return LlmOptions(
        model=model.strip(), base_url=(base_url or "").strip() or None, token_budget=budget,
        examples=examples, instructions=tuple(sorted(instructions.items())),
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
