"""One Plural-Forms rule for every command: a header msgfmt -c refuses is refused by extract,
translate, check, stats, render and release alike (exit 5, naming the file and line)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from trilingual.cli import main
from trilingual.po import plural_forms_problem

BAD = [
    "nplurals=2; plural=(n>1 ? 7 : 0);",  # parses, but gives an index past nplurals
    "nplurals=0; plural=0;",
    "nplurals=2; plural=n>;",
    "nplurals=two; plural=n!=1;",
]
GOOD = [
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    "nplurals=2; plural=(n != 1);",
    "nplurals=1; plural=0;",
]


@pytest.mark.parametrize("value", GOOD)
def test_good_headers_pass(value: str) -> None:
    assert plural_forms_problem(value) is None


@pytest.mark.parametrize("value", BAD)
def test_bad_headers_refused_like_msgfmt(value: str, tmp_path: Path) -> None:
    assert plural_forms_problem(value) is not None
    po = tmp_path / "bad.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Plural-Forms: {value}\\n"\n\nmsgid "a"\nmsgstr "b"\n',
        encoding="utf-8",
    )
    proc = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(po)], capture_output=True)
    assert proc.returncode != 0


@pytest.mark.bad_po
@pytest.mark.parametrize(
    "command",
    [["extract"], ["translate"], ["check"], ["stats"], ["render", "--lang", "be", "week"],
     ["release"]],
)
def test_every_command_gives_one_answer(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "proj"
    assert main(["init", str(root)]) == 0
    (root / "articles" / "week.md").write_text(
        "---\ntitle: A week\ndate: 2024-08-28\n---\n\nOne sentence.\n", encoding="utf-8"
    )
    assert main(["-C", str(root), "extract"]) == 0
    po = root / "locales/be/LC_MESSAGES/week.po"
    text = po.read_text(encoding="utf-8")
    start = text.index('"Plural-Forms: ')
    end = text.index('\\n"', start)
    po.write_text(text[:start] + '"Plural-Forms: ' + BAD[0] + text[end:], encoding="utf-8")
    capsys.readouterr()
    assert main(["-C", str(root), *command]) == 5
    err = capsys.readouterr().err
    assert "week.po:" in err and "Plural-Forms" in err, err
