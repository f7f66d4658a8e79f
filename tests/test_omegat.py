"""OmegaT (Debian's ``omegat``, console mode) translates an exported XLIFF with an exported
TMX, and the result comes back into a fresh project's catalogs as fuzzy translations.

OmegaT 3.x's built-in XLIFF filter translates the ``<target>`` element (the Okapi convention),
so the XLIFF is exported with ``--copy-source``; its project memory is ``omegat/project_save.tmx``.
Inline elements become OmegaT tags, which a plain-text TMX segment does not match: the test
expects every unit without inline elements to be translated.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from trilingual.cli import main
from trilingual.interchange.inline import parse_inline

REPO = Path(__file__).resolve().parent.parent
JAR = Path("/usr/share/omegat/OmegaT.jar")
JAVA = shutil.which("java")

pytestmark = pytest.mark.skipif(
    not JAR.exists() or JAVA is None,
    reason="Debian's omegat is not installed (apt-get install omegat; .ci/run does)",
)

PROJECT = """\
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes/>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>en</source_lang>
    <target_lang>be</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneRussianTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def test_omegat_translates_an_exported_xliff_with_an_exported_tmx(tmp_path: Path) -> None:
    slug = "2024-08-28-potash-russian-ports"
    done = tmp_path / "done"
    done.mkdir()
    for name in ("trilingual.yaml", "glossary.yaml", "articles", "locales"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy2)(REPO / name, done / name)
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    for name in ("trilingual.yaml", "articles"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy2)(REPO / name, fresh / name)
    assert main(["-C", str(fresh), "extract"]) == 0

    omegat = tmp_path / "omegat-project"
    for folder in ("source", "target", "tm", "omegat", "glossary", "dictionary"):
        (omegat / folder).mkdir(parents=True)
    (omegat / "omegat.project").write_text(PROJECT, encoding="utf-8")
    assert main(["-C", str(done), "tm", "export", "--lang", "be",
                 "-o", str(omegat / "omegat" / "project_save.tmx")]) == 0
    assert main(["-C", str(fresh), "xliff", "export", "--lang", "be", "--copy-source",
                 "-o", str(omegat / "source"), slug]) == 0
    run = subprocess.run(
        [JAVA, "-Djava.awt.headless=true", "-jar", str(JAR), str(omegat),
         "--mode=console-translate"],
        capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0 and "Translated document created" in run.stdout, run.stdout[-2000:]
    translated = omegat / "target" / f"{slug}.be.xlf"
    assert translated.exists()

    assert main(["-C", str(fresh), "xliff", "import", str(translated)]) == 0
    want = {e.msgid: e.msgstr for e in polib.pofile(str(done / f"locales/be/LC_MESSAGES/{slug}.po"))}
    got = polib.pofile(str(fresh / f"locales/be/LC_MESSAGES/{slug}.po"))
    plain = [e for e in got if parse_inline(e.msgid) == [e.msgid]]
    assert len(plain) > 50
    for entry in plain:
        if want[entry.msgid] == entry.msgid:  # "2021": an unreviewed copy is no translation
            assert entry.msgstr == ""
            continue
        assert entry.msgstr == want[entry.msgid], entry.msgid
        assert "fuzzy" in entry.flags  # OmegaT's output is not a reviewed state
    # units with inline elements: no exact match in a plain-text memory, left untranslated
    assert all(not e.msgstr for e in got if e not in plain)
