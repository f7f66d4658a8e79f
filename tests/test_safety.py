"""Hostile input: unsafe links and control characters through ``check`` and ``release`` (every
feed parsed as XML, no live unsafe link on any page), the terminal escaping of every message,
configuration refused up front, and the worker start methods."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from test_release_support import make_project, set_translation
from trilingual.cli import main
from trilingual.safety import (
    control_chars,
    defuse_links,
    escape_terminal,
    safe_url,
    scrub_output,
)

HOSTILE = """---
title: Links from a pasted page
date: 2024-08-28
summary: A summary with a [bad link](javascript:alert(document.cookie)).
---

Read [the report](javascript:alert(1)) and [the data](https://example.org/data) today.

A [page](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) was pasted too.

See <a href="JaVaScRiPt:alert(2)">this raw link</a> and [the archive](../archive.html).

Write to [the desk](mailto:desk@example.org) or [vb](vbscript:msgbox) or [esc](%6Aavascript:x).

An autolink <javascript:alert(3)> and a safe one <https://example.org/ok>.

The minister spoke in Minsk on Monday.
"""
SLUG = "2024-08-28-hostile"
UNSAFE = ("javascript:", "data:", "vbscript:", "%6aavascript:")


@pytest.mark.parametrize(("url", "safe"), [
    ("https://example.org/a?b=c#d", True), ("http://x", True), ("mailto:a@b.org", True),
    ("../page.html", True), ("#section", True), ("?q=1", True), ("/root/path", True),
    ("page:2.html", False), ("javascript:alert(1)", False), ("JAVASCRIPT:x", False),
    (" javascript:x", False), ("java\tscript:x", False), ("java\nscript:x", False),
    ("&#106;avascript:x", False), ("%6Aavascript:x", False), ("data:text/html,hi", False),
    ("vbscript:x", False), ("file:///etc/passwd", False), ("ftp://x", False),
])
def test_safe_url(url: str, safe: bool) -> None:
    assert safe_url(url) is safe


def test_defuse_links_keeps_text_drops_unsafe_targets() -> None:
    html = ('<p><a href="javascript:x">a</a> <a href="https://ok.org">b</a> '
            "<img src='data:image/png;base64,AA' alt=\"i\"> <a href=vbscript:y>c</a></p>")
    assert defuse_links(html) == ('<p><a>a</a> <a href="https://ok.org">b</a> '
                                  '<img alt="i"> <a>c</a></p>')


@settings(max_examples=300)
@given(st.text())
def test_scrub_and_escape_leave_no_control_character(text: str) -> None:
    assert control_chars(scrub_output(text)) == []
    shown = escape_terminal(text)
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", shown)
    if not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]",
                     text):
        assert shown == text


@settings(max_examples=300)
@given(st.text())
def test_escaped_json_is_still_the_same_json(text: str) -> None:
    import json

    assert json.loads(escape_terminal(json.dumps(text, ensure_ascii=False))) == text


def hostile_project(root: Path) -> Path:
    # release.qa off: the release must defuse what it is given even when the gate is not asked
    # (with the default, QA errors keep these translations off the site altogether)
    project = make_project(root, articles={SLUG: HOSTILE}, config_extra="release:\n  qa: off\n")
    set_translation(project, "ru", SLUG, "The minister spoke",
                    "Министр выступил\x1b]0;pwned\x07 в Минске\x85 в понедельник.")
    set_translation(project, "be", SLUG, "The minister spoke",
                    "Міністр \u202eвыступіў у Мінску ў панядзелак.")
    return root


def test_check_reports_unsafe_links_and_control_characters_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    root = hostile_project(tmp_path / "p")
    assert main(["-C", str(root), "check", "-v"]) == 11
    out = capsys.readouterr()
    text = out.out + out.err
    assert "\x1b" not in text and "\x07" not in text and "\x85" not in text
    assert "\u202e" not in text
    assert "\\x1b]0;pwned\\x07" in text  # shown, escaped
    unsafe = re.findall(r"\[unsafe-link\] error: .*", text)
    # six unsafe links (javascript:, data:, raw HTML, vbscript:, %6A..., an autolink) and the
    # summary's, in be and ru
    assert {re.search(r"unsafe (\S+) link", line).group(1) for line in unsafe} == {
        "javascript:", "data:", "vbscript:"}
    assert len(unsafe) == 14, unsafe
    assert re.search(r"ru/LC_MESSAGES/2024-08-28-hostile\.po:\d+: \[control-char\] error: "
                     r"control character\(s\) U\+001B, U\+0007, U\+0085", text)
    assert re.search(r"be/LC_MESSAGES/2024-08-28-hostile\.po:\d+: \[hidden-char\] warning: "
                     r"invisible character\(s\) U\+202E", text)


def test_release_never_publishes_a_live_unsafe_link_or_a_control_character(
    tmp_path: Path,
) -> None:
    root = hostile_project(tmp_path / "p")
    assert main(["-C", str(root), "release"]) == 0
    dist = root / "dist"
    pages = sorted(p for p in dist.rglob("*") if p.suffix in (".html", ".xml"))
    feeds = [p for p in pages if p.name == "feed.xml"]
    assert len(feeds) == 3
    for feed in feeds:
        tree = ET.parse(feed)  # well-formed XML, control characters or not
        contents = "".join(tree.getroot().itertext())
        assert "Minsk" in contents or "Мінску" in contents or "Минске" in contents
    live = 0

    def targets(html: str) -> list[str]:
        html = html.replace('<link rel="icon" href="data:,">', "")  # the template's own
        return [m.group(1).replace("&amp;", "&")
                for m in re.finditer(r"""(?:href|src)\s*=\s*["']?([^"'\s>]+)""", html)]

    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not control_chars(text), page
        if page.suffix == ".xml":  # the Atom links, and the HTML the entries carry
            found = [e.get("href", "") for e in ET.parse(page).iter() if e.get("href")]
            for element in ET.parse(page).iter():
                if element.get("type") == "html" and element.text:
                    found.extend(targets(element.text))
        else:
            found = targets(text)
        for target in found:
            assert safe_url(target), (page, target)
            live += 1
    assert live > 0
    article_pages = [p for p in pages if SLUG in p.as_posix() and p.suffix == ".html"]
    assert len(article_pages) >= 3
    texts = "".join(p.read_text(encoding="utf-8") for p in article_pages)
    assert "the report" in texts and "this raw link" in texts  # the text stays
    assert "https://example.org/data" in texts and "mailto:desk@example.org" in texts
    assert "Министр выступил\ufffd]0;pwned\ufffd в Минске\ufffd" in texts


CONFIGS = [
    ("languages: [be, ru, xx]", "'languages': 'xx' is not a known language"),
    ("languages: [be, be]", "'languages': 'be' is listed twice"),
    ("languages: [en, ru]", "'languages': 'en' is the source language"),
    ("source_language: 7", "'source_language': 7 is not a known language code"),
    ("translate:\n  memory:\n    threshold: true", "'translate.memory.threshold' must be an "
     "integer 0-100"),
    ("translate:\n  memory:\n    accept_exact: 1", "'translate.memory.accept_exact' must be "
     "true or false, not 1"),
    ("translate:\n  deepl:\n    formality: polite", "'translate.deepl.formality' must be one "
     "of default, more, less, prefer_more, prefer_less, not 'polite'"),
    ("translate:\n  deepl:\n    model_type: fast", "'translate.deepl.model_type' must be one of"),
    ("translate:\n  deepl: [formality]", "'translate.deepl' must be a mapping"),
    ("check:\n  require_reviewed: yes please", "'check.require_reviewed' must be true or false"),
    ("release:\n  site_title: 42", "'release.site_title' must be a text or a mapping"),
]


@pytest.mark.parametrize(("config", "message"), CONFIGS)
def test_configuration_refused_up_front(tmp_path: Path, config: str, message: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path)]) == 0
    (tmp_path / "trilingual.yaml").write_text(config + "\n", encoding="utf-8")
    capsys.readouterr()
    for command in (["extract"], ["release"], ["translate", "--dry-run"], ["check"]):
        assert main(["-C", str(tmp_path), *command]) == 3
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err, err
        assert err.startswith(f"trilingual: error: {tmp_path / 'trilingual.yaml'}: ")


def test_glossary_term_listed_twice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path)]) == 0
    (tmp_path / "glossary.yaml").write_text(
        "terms:\n  - en: Minsk\n    be: Мінск\n  - en: Potash\n    ru: калий\n"
        "  - en: minsk\n    ru: Минск\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["-C", str(tmp_path), "translate", "--dry-run"]) == 3
    err = capsys.readouterr().err
    assert "glossary.yaml: term #3 (minsk) is listed twice (also term #1)" in err


@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_every_start_method_extracts_the_same(tmp_path: Path, method: str) -> None:
    texts = {f"2024-09-{day:02d}-note": f"---\ntitle: Note {day}\ndate: 2024-09-{day:02d}\n---\n\n"
             f"The note of day {day} has one sentence. And a second one.\n"
             for day in range(1, 7)}
    outputs = {}
    for name in ("fork", method):
        root = tmp_path / name
        make_project(root, articles=texts)
        for path in root.rglob("*.po*"):
            path.unlink()
        result = subprocess.run(
            [sys.executable, "-m", "trilingual.cli", "-C", str(root), "extract", "-j", "2"],
            capture_output=True, text=True,
            env={**os.environ, "TRILINGUAL_START_METHOD": name},
        )
        assert result.returncode == 0, result.stderr
        outputs[name] = {  # (the header dates are the minute of the run)
            p.relative_to(root).as_posix(): re.sub(rb"-Date: [^\\]*", b"-Date: -", p.read_bytes())
            for p in sorted((root / "locales").rglob("*.po*"))}
    assert len(outputs["fork"]) == 6 * 3 and outputs["fork"] == outputs[method]


def test_unknown_start_method_is_a_usage_error(tmp_path: Path) -> None:
    make_project(tmp_path / "p")
    result = subprocess.run(
        [sys.executable, "-m", "trilingual.cli", "-C", str(tmp_path / "p"), "extract", "-j", "2",
         "--force"], capture_output=True, text=True,
        env={**os.environ, "TRILINGUAL_START_METHOD": "thread"},
    )
    assert result.returncode == 2
    assert result.stderr.strip() == ("trilingual: error: TRILINGUAL_START_METHOD must be one of "
                                     "fork, forkserver, spawn, not 'thread'")
