"""Sentence segmentation: a table of hard cases plus properties.

HARD_CASES is also read by bench/segmenters.py to score other segmenters.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trilingual.segment import split_sentences

HARD_CASES: list[tuple[str, list[str]]] = [
    # --- abbreviations -------------------------------------------------------------------
    (
        "The U.S. and the U.K. imposed sanctions. Minsk responded.",
        ["The U.S. and the U.K. imposed sanctions.", "Minsk responded."],
    ),
    (
        "The EU's sanctions bite. The U.S. State Department agreed.",
        ["The EU's sanctions bite.", "The U.S. State Department agreed."],
    ),
    (
        "Sanctions came from the U.S. The EU followed a week later.",
        ["Sanctions came from the U.S.", "The EU followed a week later."],
    ),
    (
        "Minsk looks to the U.S. However, Moscow disagrees.",
        ["Minsk looks to the U.S.", "However, Moscow disagrees."],
    ),
    (
        "Trade with the U.K. It fell by a third.",
        ["Trade with the U.K.", "It fell by a third."],
    ),
    ("U.S. President Joe Biden spoke.", ["U.S. President Joe Biden spoke."]),
    (
        "Dr. Smith met Mr. Jones and Mrs. Brown. Ms. Green did not.",
        ["Dr. Smith met Mr. Jones and Mrs. Brown.", "Ms. Green did not."],
    ),
    (
        "Prof. Ivanou of St. Petersburg spoke. He was brief.",
        ["Prof. Ivanou of St. Petersburg spoke.", "He was brief."],
    ),
    ("See Decree No. 5 of 2021 for details.", ["See Decree No. 5 of 2021 for details."]),
    ("Decrees Nos. 5 and 6 were repealed.", ["Decrees Nos. 5 and 6 were repealed."]),
    (
        "See Vol. 3, pp. 12–14 and p. 4. The data are clear.",
        ["See Vol. 3, pp. 12–14 and p. 4.", "The data are clear."],
    ),
    (
        "Neighbours, e.g. Poland and Lithuania, objected.",
        ["Neighbours, e.g. Poland and Lithuania, objected."],
    ),
    (
        "The main partner, i.e. Russia, benefits. Others lose.",
        ["The main partner, i.e. Russia, benefits.", "Others lose."],
    ),
    (
        "Potash, oil products, etc. are exported east.",
        ["Potash, oil products, etc. are exported east."],
    ),
    (
        "It sells potash, timber, etc. Exports rose in May.",
        ["It sells potash, timber, etc.", "Exports rose in May."],
    ),
    (
        "It sells potash, timber, etc. The balance improved.",
        ["It sells potash, timber, etc.", "The balance improved."],
    ),
    ("Belarus vs. Ukraine was the match.", ["Belarus vs. Ukraine was the match."]),
    (
        "Growth was approx. 3% last year. It slowed.",
        ["Growth was approx. 3% last year.", "It slowed."],
    ),
    (
        "The vote on Jan. 12 and the rally on Feb. 3 differed.",
        ["The vote on Jan. 12 and the rally on Feb. 3 differed."],
    ),
    (
        "Protests began on Aug. 9, 2020. They lasted months.",
        ["Protests began on Aug. 9, 2020.", "They lasted months."],
    ),
    (
        "Talks on Sept. 14, Oct. 2, Nov. 30 and Dec. 27 failed.",
        ["Talks on Sept. 14, Oct. 2, Nov. 30 and Dec. 27 failed."],
    ),
    (
        "Belaruskali Inc. The company denied it.",
        ["Belaruskali Inc.", "The company denied it."],
    ),
    (
        "Acme Ltd. and Smith & Co. signed a deal.",
        ["Acme Ltd. and Smith & Co. signed a deal."],
    ),
    (
        "He sold shares to Smith & Co. In March, they resold them.",
        ["He sold shares to Smith & Co.", "In March, they resold them."],
    ),
    (
        "Apple Inc. Chief Executive Tim Cook visited.",
        ["Apple Inc. Chief Executive Tim Cook visited."],
    ),
    (
        "The session opened at 10 a.m. on Monday.",
        ["The session opened at 10 a.m. on Monday."],
    ),
    # decided: after a.m./p.m. a capitalized word starts a new sentence ...
    (
        "The talks ended at 5 p.m. Leaders met again on Friday.",
        ["The talks ended at 5 p.m.", "Leaders met again on Friday."],
    ),
    # ... unless it is a time-zone code or "<Word> time"
    ("Polls closed at 8 p.m. GMT on Sunday.", ["Polls closed at 8 p.m. GMT on Sunday."]),
    (
        "Polls closed at 8 p.m. Minsk time, officials said.",
        ["Polls closed at 8 p.m. Minsk time, officials said."],
    ),
    ("Smith et al. argue otherwise.", ["Smith et al. argue otherwise."]),
    (
        "The study is by Smith et al. It was published in 2023.",
        ["The study is by Smith et al.", "It was published in 2023."],
    ),
    # --- initials -------------------------------------------------------------------------
    (
        "A. Lukashenka met S. Tsikhanouskaya's envoy.",
        ["A. Lukashenka met S. Tsikhanouskaya's envoy."],
    ),
    (
        "The books of J. R. R. Tolkien sold well. Readers loved them.",
        ["The books of J. R. R. Tolkien sold well.", "Readers loved them."],
    ),
    ("It was signed by Ya. Kupala's heirs.", ["It was signed by Ya. Kupala's heirs."]),
    (
        "The plan relied on vitamin C. The trial failed.",
        ["The plan relied on vitamin C.", "The trial failed."],
    ),
    (
        "It was the end of World War I. A new order began.",
        ["It was the end of World War I.", "A new order began."],
    ),
    # --- numbers --------------------------------------------------------------------------
    (
        "Inflation reached 2.5% in March. It was 3.7 per cent in April.",
        ["Inflation reached 2.5% in March.", "It was 3.7 per cent in April."],
    ),
    (
        "The loan was $1.5 billion. Russia provided it.",
        ["The loan was $1.5 billion.", "Russia provided it."],
    ),
    (
        "Output grew by 1.2 per cent. 2024 will be harder.",
        ["Output grew by 1.2 per cent.", "2024 will be harder."],
    ),
    (
        "The regime fell in 1991. 15 years later it returned.",
        ["The regime fell in 1991.", "15 years later it returned."],
    ),
    (
        "The plan has three steps: 1. reform the courts, 2. free prisoners.",
        ["The plan has three steps: 1. reform the courts, 2. free prisoners."],
    ),
    (
        "The opposition demands: 1. Free all prisoners. 2. Hold new elections.",
        [
            "The opposition demands: 1. Free all prisoners.",
            "2. Hold new elections.",
        ],
    ),
    ("Exports rose 4.5 times since 2015.", ["Exports rose 4.5 times since 2015."]),
    # --- ellipses -------------------------------------------------------------------------
    (
        "The regime says… nothing has changed.",
        ["The regime says… nothing has changed."],
    ),
    (
        "The regime says... nothing has changed.",
        ["The regime says... nothing has changed."],
    ),
    (
        "And then the lights went out… The next day was quiet.",
        ["And then the lights went out…", "The next day was quiet."],
    ),
    (
        "And then the lights went out... The next day was quiet.",
        ["And then the lights went out...", "The next day was quiet."],
    ),
    # --- quotes, brackets, Markdown -------------------------------------------------------
    (
        'He called the loan "a gift." Exports rose anyway.',
        ['He called the loan "a gift."', "Exports rose anyway."],
    ),
    (
        "He called the loan “a gift.” Exports rose anyway.",
        ["He called the loan “a gift.”", "Exports rose anyway."],
    ),
    (
        "He called the loan ‘a gift.’ Exports rose anyway.",
        ["He called the loan ‘a gift.’", "Exports rose anyway."],
    ),
    (
        "He called it «a gift.» Exports rose anyway.",
        ["He called it «a gift.»", "Exports rose anyway."],
    ),
    (
        'He called it **"a gift."** Exports rose anyway.',
        ['He called it **"a gift."**', "Exports rose anyway."],
    ),
    (
        "**Key point.** The regime is weaker than it looks.",
        ["**Key point.**", "The regime is weaker than it looks."],
    ),
    (
        "**Key point**. The regime is weaker than it looks.",
        ["**Key point**.", "The regime is weaker than it looks."],
    ),
    (
        "It is *not over.* The protests continue.",
        ["It is *not over.*", "The protests continue."],
    ),
    (
        "Trade fell (see the chart.) Prices rose.",
        ["Trade fell (see the chart.)", "Prices rose."],
    ),
    (
        "Trade fell (by 12%). Prices rose.",
        ["Trade fell (by 12%).", "Prices rose."],
    ),
    (
        '"Stop," he said. "We are done."',
        ['"Stop," he said.', '"We are done."'],
    ),
    (
        "He left. «We will return», the statement said.",
        ["He left.", "«We will return», the statement said."],
    ),
    (
        "He left. “We will return,” he said.",
        ["He left.", "“We will return,” he said."],
    ),
    (
        '"Is this the end?" he asked. Nobody answered.',
        ['"Is this the end?" he asked.', "Nobody answered."],
    ),
    (
        "See [the report]({1}). [The data]({2}) agree.",
        ["See [the report]({1}).", "[The data]({2}) agree."],
    ),
    (
        "Run `make test.` Then commit.",
        ["Run `make test.`", "Then commit."],
    ),
    # --- ? and ! --------------------------------------------------------------------------
    (
        "Will Minsk comply? Probably not! The record is poor.",
        ["Will Minsk comply?", "Probably not!", "The record is poor."],
    ),
    (
        "Why now?! Nobody knows.",
        ["Why now?!", "Nobody knows."],
    ),
    (
        "What next? 2025 will tell.",
        ["What next?", "2025 will tell."],
    ),
    # --- Cyrillic, URLs, e-mail, placeholders ---------------------------------------------
    (
        "The slogan «Жыве Беларусь!» was banned. Police detained many.",
        ["The slogan «Жыве Беларусь!» was banned.", "Police detained many."],
    ),
    (
        "The word was «свабода». Its meaning is clear.",
        ["The word was «свабода».", "Its meaning is clear."],
    ),
    (
        "He wrote in Russian. Это конец. The text ended there.",
        ["He wrote in Russian.", "Это конец.", "The text ended there."],
    ),
    (
        "Details are at www.example.com. The site is blocked.",
        ["Details are at www.example.com.", "The site is blocked."],
    ),
    (
        "Write to info@example.org. Replies take a week.",
        ["Write to info@example.org.", "Replies take a week."],
    ),
    (
        "The figures are at example.org/data.html and are updated weekly.",
        ["The figures are at example.org/data.html and are updated weekly."],
    ),
    (
        "The full text is here: {1}. {2} has a summary.",
        ["The full text is here: {1}.", "{2} has a summary."],
    ),
    # --- more abbreviations and numbers ---------------------------------------------------
    ("He said no. The vote failed.", ["He said no.", "The vote failed."]),
    ("See Vol. III of the series.", ["See Vol. III of the series."]),
    ("Gen. Khrenin and Sen. Smith met.", ["Gen. Khrenin and Sen. Smith met."]),
    (
        "The U.S.-led coalition grew. It was large.",
        ["The U.S.-led coalition grew.", "It was large."],
    ),
    ("Some states (e.g. Poland) agreed.", ["Some states (e.g. Poland) agreed."]),
    ("Ask the U.N. Security Council.", ["Ask the U.N. Security Council."]),
    (
        "It ended at 10 p.m. (Minsk time). Nobody left.",
        ["It ended at 10 p.m. (Minsk time).", "Nobody left."],
    ),
    (
        "The vote is on Jan. 5. The result is clear.",
        ["The vote is on Jan. 5.", "The result is clear."],
    ),
    ("Lukashenka (b. 1954) rules.", ["Lukashenka (b. 1954) rules."]),
    (
        "Section 2.1. Results were mixed.",
        ["Section 2.1.", "Results were mixed."],
    ),
    (
        "It cost €3.5 bn. Who paid?",
        ["It cost €3.5 bn.", "Who paid?"],
    ),
    # --- headings and fragments -----------------------------------------------------------
    ("Foreign policy after 2020", ["Foreign policy after 2020"]),
    ("Belarus and the U.S.", ["Belarus and the U.S."]),
    ("", []),
    ("   ", []),
    ("  One sentence.  Two sentences.  ", ["One sentence.", "Two sentences."]),
]


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize(("text", "expected"), HARD_CASES, ids=lambda v: str(v)[:40])
def test_hard_cases(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_table_size() -> None:
    assert len(HARD_CASES) >= 60


def _check_invariants(text: str) -> None:
    spans = split_sentences(text)
    prev = 0
    rebuilt = []
    for start, end in spans:
        assert prev <= start < end <= len(text)
        gap = text[prev:start]
        assert gap.strip() == ""
        piece = text[start:end]
        assert piece == piece.strip()
        rebuilt.append(gap)
        rebuilt.append(piece)
        prev = end
    assert text[prev:].strip() == ""
    rebuilt.append(text[prev:])
    assert "".join(rebuilt) == text
    if text.strip() == "":
        assert spans == []


_PROSE = st.lists(
    st.sampled_from(
        [
            *"abcAB .?!…\"'”’»«“(){}[]*_`:;,0123 \u00a0\t\nЖж",
            *str.split("U.S. e.g. p.m. etc. Mr. No. The It J. 12 ... Inc. a.m. GMT time"),
        ]
    ),
    max_size=40,
).map("".join)


@given(st.text())
def test_properties_arbitrary_unicode(text: str) -> None:
    _check_invariants(text)


@given(_PROSE)
def test_properties_prose_like(text: str) -> None:
    _check_invariants(text)


# Cases whose last sentence plainly ends with a stop after an ordinary word can be joined.
_JOINABLE = [
    t
    for t, sents in HARD_CASES
    if sents
    and re.search(r"[a-z%)]{2}[.!?…][\"'”’»*)`]*\Z", sents[-1])
    and not sents[-1].endswith(("etc.", "al."))
]


@given(st.lists(st.sampled_from(_JOINABLE), max_size=5))
def test_joined_paragraphs_keep_case_boundaries(texts: list[str]) -> None:
    # Cases joined with a space split into the concatenation of their own sentences.
    text = " ".join(texts)
    expected = [s for t in texts for s in dict(HARD_CASES)[t]]
    assert _sentences(text) == expected


def test_returns_fresh_list() -> None:
    a = split_sentences("One. Two.")
    a.append((0, 0))
    assert split_sentences("One. Two.") == [(0, 4), (5, 9)]


def test_no_whitespace_in_gaps_only() -> None:
    text = "First one.\u00a0Second one.\nThird."
    assert _sentences(text) == ["First one.", "Second one.", "Third."]
    assert re.fullmatch(r"\s*", text[10:11])
