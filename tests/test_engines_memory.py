"""The memory engine: exact, fuzzy, msgctxt and threshold rules."""

from __future__ import annotations

from pathlib import Path

from trilingual.config import Config, MemoryOptions
from trilingual.engines import EngineEnv, Request, Suggestion
from trilingual.engines.memory import MemoryEngine

STORED = [
    (None, "The government raised the minimum wage in September.", "Урад павысіў заробак."),
    ("title", "Potash", "Калій"),
    (None, "Potash", "Калійныя ўгнаенні"),
]


def _engine(tmp_path: Path, threshold: int = 75, accept_exact: bool = False) -> MemoryEngine:
    config = Config(memory=MemoryOptions(threshold=threshold, accept_exact=accept_exact))
    return MemoryEngine(EngineEnv(config=config, state_dir=tmp_path, memory=lambda _l: STORED))


def test_exact_prefers_same_context_and_is_reviewed_only_when_accepted(tmp_path: Path) -> None:
    (hit,) = _engine(tmp_path).translate([Request("Potash", msgctxt="title")], "be")
    assert hit == Suggestion("Калій", 100, "memory", reviewed=False)
    (hit,) = _engine(tmp_path, accept_exact=True).translate([Request("Potash", "title")], "be")
    assert isinstance(hit, Suggestion) and hit.reviewed
    (other,) = _engine(tmp_path, accept_exact=True).translate([Request("Potash", "x")], "be")
    assert isinstance(other, Suggestion) and not other.reviewed and other.score == 100


def test_fuzzy_match_above_threshold_only(tmp_path: Path) -> None:
    query = Request("The government raised the minimum wage in October.")
    (hit,) = _engine(tmp_path).translate([query], "be")
    assert isinstance(hit, Suggestion) and 75 <= hit.score < 100 and not hit.reviewed
    (miss,) = _engine(tmp_path, threshold=99).translate([query], "be")
    assert miss is None
    (none,) = _engine(tmp_path).translate([Request("Something else entirely.")], "be")
    assert none is None


def test_one_language_at_a_time_and_a_repeated_sentence_is_looked_up_once(
    tmp_path: Path,
) -> None:
    asked: list[str] = []

    def load(lang: str) -> list[tuple[str | None, str, str]]:
        asked.append(lang)
        return list(STORED)

    engine = MemoryEngine(EngineEnv(config=Config(), state_dir=tmp_path, memory=load))
    query = Request("The government raised the minimum wage in October.")
    first, again = engine.translate([query, query], "be")
    assert first is again and isinstance(first, Suggestion)  # answered once
    engine.translate([query], "ru")
    assert engine.translate([query], "be") == [first]
    assert asked == ["be", "ru", "be"]  # the memory of be was dropped for ru, then rebuilt
