"""Deterministic synthetic archive of English commentaries for the benchmark.

Every article is built from this file's own word lists and sentence templates (no outside
text), seeded by ``(seed, index)``: article *i* is the same whatever the corpus size, so the
N = 50 corpus is a prefix of the N = 100 one. Each article has YAML front matter following
docs/CONTRACTS.md, 1,000-1,400 body words, and every construct the pipeline must survive:
headings (##, ###), bullet lists with a nested list, an ordered list, block quotes, inline
links with and without a title, reference links, autolinks, emphasis and strong emphasis,
inline code, a table, a figure (image plus caption), and abbreviations that trip sentence
splitters (U.S., e.g., i.e., Dr., No. 5, initials, p.m., Jan.). About 10% of the sentences
are recurring boilerplate.

Edit mode revises a given fraction of the prose sentences (a synonym swap, an inserted
adverb or an added clause), chosen with its own seed. Edits are always made relative to the
generated original, so running the same edit twice gives the same files.

    python bench/generate.py corpus OUT_DIR --n 100 --seed 1
    python bench/generate.py edit OUT_DIR --fraction 0.05 --seed 1 --edit-seed 7 [--slug S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

MIN_WORDS = 1000
MAX_WORDS = 1400
BOILERPLATE_RATE = 0.085  # plus the closing paragraph: about 10% of all prose sentences

# --------------------------------------------------------------------------------------------
# Word lists (written for this generator)
# --------------------------------------------------------------------------------------------

SECTIONS = ["Foreign policy", "Economy", "Energy", "Security", "Society", "Trade",
            "Technology", "Regions", "Law and courts", "Climate"]
TAGS = ["trade", "energy", "sanctions", "elections", "budget", "migration", "courts",
        "defence", "climate", "transport", "banks", "farming", "health", "schools", "ports",
        "media", "labour", "housing", "railways", "customs"]
FIRST = ["Anna", "Pavel", "Maria", "Oleg", "Helen", "Tomas", "Irina", "Victor", "Laura",
         "Dmitri", "Sofia", "Marek", "Elena", "Jonas", "Katya", "Robert", "Nina", "Piotr",
         "Clara", "Andrei", "Greta", "Yuri", "Lena", "Simon"]
LAST = ["Halloran", "Varenko", "Lindqvist", "Marchetti", "Orlov", "Whitcombe", "Sadowski",
        "Brennan", "Kovalenko", "Ashworth", "Dunmore", "Petrauskas", "Ferreira", "Holm",
        "Radulescu", "Mercer", "Novak", "Castellan", "Tierney", "Vance", "Okafor", "Lund"]
PLACES = ["Vilnius", "Warsaw", "Riga", "Brussels", "Geneva", "Minsk", "Kyiv", "Berlin",
          "Tallinn", "Helsinki", "Prague", "Vienna", "Budapest", "Bucharest", "Oslo",
          "Copenhagen", "Lisbon", "Madrid", "Ankara", "Tbilisi", "Chisinau", "Baku"]
INSTITUTIONS = ["central bank", "finance ministry", "customs service", "energy regulator",
                "constitutional court", "election commission", "port authority",
                "competition office", "statistics agency", "defence ministry",
                "railway operator", "audit chamber", "foreign ministry", "trade council"]
GROUPS = ["farmers", "exporters", "small firms", "pensioners", "young voters", "truck drivers",
          "regional governors", "bank depositors", "steel makers", "teachers", "doctors",
          "local councils", "shipping lines", "software firms", "grain traders", "landlords",
          "commuters", "factory workers", "border towns", "opposition parties"]
ACTORS = ["The government", "The cabinet", "Parliament", "The opposition", "The ministry",
          "The prime minister", "The president's office", "The regulator", "Brussels",
          "The coalition", "The governor", "The finance minister", "The trade union",
          "The employers' federation", "Neighbouring states", "The mayor", "The court",
          "The new commission", "Investors", "Most economists", "Several donors",
          "The ruling party", "The agency", "Critics of the plan", "Local officials"]
VERBS_PAST = ["announced", "delayed", "rejected", "approved", "defended", "quietly dropped",
              "revised", "postponed", "promised", "questioned", "extended", "cut",
              "doubled", "suspended", "welcomed", "criticised", "negotiated", "blocked",
              "tightened", "relaxed", "reviewed", "unveiled", "abandoned", "endorsed"]
VERBS_PRES = ["shapes", "weakens", "strengthens", "complicates", "undermines", "supports",
              "reflects", "obscures", "changes", "limits", "raises", "tests", "exposes",
              "rewards", "punishes", "stalls", "drives", "eases", "reshapes", "threatens"]
OBJECTS = ["the fuel subsidy", "the new tariff schedule", "the border agreement",
           "the pension reform", "the draft budget", "the grain export quota",
           "the housing programme", "a rail link to the coast", "the gas transit deal",
           "the tax amnesty", "the minimum wage increase", "the port concession",
           "the banking levy", "the visa regime", "the land registry reform",
           "the digital services law", "the hospital merger plan", "the customs union rules",
           "the sanctions package", "the water treaty", "the media licensing rules",
           "the school funding formula", "a new sovereign bond", "the wind farm auction",
           "the public procurement code", "the anti-corruption bureau", "the loan guarantee",
           "the airport expansion", "the fishing quota", "the electricity price cap",
           "the foreign investment screen", "the teachers' pay deal"]
TIMES = ["last week", "this spring", "in March", "after months of talks", "before the summer",
         "within days", "late on Friday", "in its first reading", "on Tuesday",
         "ahead of the vote", "at the last minute", "without much debate", "earlier this year",
         "in a surprise move", "after the holidays", "during the night session"]
CONNECTORS = ["but", "and", "yet", "while", "although", "because", "so", "even though",
              "since", "whereas"]
CLAUSES = ["the details remain unclear", "nobody has costed the change",
           "the numbers do not add up", "the timing looks political",
           "the courts may yet intervene", "donors are losing patience",
           "prices are still rising", "the market barely reacted",
           "voters seem unconvinced", "the treasury is running short of cash",
           "the coalition is divided", "the rules keep changing",
           "neighbours are watching closely", "the previous attempt failed",
           "enforcement has always been weak", "the regions bear most of the cost",
           "the statistics are revised every quarter", "exports have held up well",
           "inflation has slowed only a little", "the opposition has few alternatives",
           "trust in the institutions is low", "the winter will test the grid",
           "the reform was promised years ago", "the law leaves wide discretion"]
ADJECTIVES = ["modest", "costly", "overdue", "controversial", "ambitious", "fragile",
              "narrow", "cautious", "abrupt", "generous", "uneven", "predictable", "risky",
              "temporary", "lasting", "symbolic", "practical", "unpopular", "quiet", "bold"]
NOUNS = ["compromise", "gamble", "retreat", "bargain", "experiment", "signal", "precedent",
         "concession", "reversal", "shift", "bet", "promise", "trade-off", "correction"]
ROLES = ["minister", "ambassador", "central banker", "judge", "trade negotiator", "mayor",
         "diplomat", "auditor", "party leader", "economist"]
THINK_TANKS = ["Baltic Policy Forum", "Institute for Market Studies",
               "Centre for Regional Affairs", "Eastern Trade Observatory",
               "Council on Public Finance", "Danube Security Group"]
MONTHS_ABBR = ["Jan.", "Feb.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
DOMAINS = ["example.org", "example.com", "stats.example.net", "gazette.example.org",
           "data.example.com"]
PATH_WORDS = ["report", "budget", "press", "2024", "notes", "tables", "release", "review",
              "brief", "archive", "annex", "figures"]
TITLE_PATTERNS = [
    "The {adj} politics of {obj}",
    "{place} and {obj}: {a_adj} {noun}", "What {obj} tells us about {place}",
    "After {obj}, {a_adj} {noun}", "{obj} is not the {noun} it seems",
]

# Recurring boilerplate: the same sentences appear across the archive.
BOILERPLATE = [
    "This commentary reflects the views of the author alone.",
    "Figures are preliminary and may be revised.",
    "The ministry did not respond to a request for comment.",
    "Our editors checked every number against the official releases.",
    "Readers can write to the editors with corrections at any time.",
    "The data cover the period up to the end of the last quarter.",
    "Amounts are given in euros at the average exchange rate of the year.",
    "Subscribe to our weekly newsletter for more analysis of the region.",
    "Some names have been withheld at the request of the people involved.",
    "This is the second part of a series on public finance.",
    "Officials spoke on condition of anonymity.",
    "The full report is available from the publisher's website.",
]
CLOSING = [
    "This commentary reflects the views of the author alone.",
    "Readers can write to the editors with corrections at any time.",
    "Subscribe to our weekly newsletter for more analysis of the region.",
]

# Revisions used by edit mode: word swaps, inserted adverbs, added clauses.
SYNONYMS = {
    "delayed": "put off", "rejected": "turned down", "approved": "backed",
    "defended": "justified", "revised": "amended", "postponed": "deferred",
    "promised": "pledged", "questioned": "challenged", "cut": "trimmed",
    "suspended": "froze", "welcomed": "praised", "criticised": "attacked",
    "blocked": "stalled", "tightened": "toughened", "relaxed": "loosened",
    "unveiled": "presented", "abandoned": "scrapped", "endorsed": "supported",
    "weakens": "erodes", "strengthens": "bolsters", "complicates": "muddles",
    "supports": "sustains", "changes": "alters", "limits": "constrains",
    "raises": "lifts", "modest": "small", "costly": "expensive", "overdue": "belated",
    "ambitious": "sweeping", "fragile": "shaky", "narrow": "slim", "cautious": "careful",
    "abrupt": "sudden", "risky": "hazardous", "unclear": "vague", "low": "weak",
    "rising": "climbing", "divided": "split", "watching": "following",
    "plan": "scheme", "deal": "agreement", "talks": "negotiations", "week": "month",
    "cost": "burden", "numbers": "figures", "voters": "citizens", "prices": "costs",
}
ADVERBS = ["notably", "reportedly", "apparently", "once again", "clearly", "quietly"]
TAIL_CLAUSES = [", at least for now", ", according to people familiar with the matter",
                " this year", ", as expected", ", to the surprise of many"]


# --------------------------------------------------------------------------------------------
# Article model
# --------------------------------------------------------------------------------------------


@dataclass
class Sentence:
    """One prose sentence; ``boilerplate`` ones recur across the archive."""

    text: str
    boilerplate: bool = False


@dataclass
class Item:
    """A list item: sentences plus an optional nested list."""

    sentences: list[Sentence]
    children: list[Item] = field(default_factory=list)


@dataclass
class Block:
    """One top-level block. ``kind`` picks which fields are used."""

    kind: str  # paragraph heading bullets ordered quote table figure closing hr
    sentences: list[Sentence] = field(default_factory=list)
    level: int = 2
    text: str = ""
    items: list[Item] = field(default_factory=list)
    paragraphs: list[list[Sentence]] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    src: str = ""


@dataclass
class Article:
    """One generated commentary."""

    index: int
    slug: str
    front: dict[str, object]
    blocks: list[Block]
    refs: dict[str, str]

    def sentences(self) -> Iterator[Sentence]:
        """Every prose sentence in document order (paragraphs, list items, quotes, captions)."""
        for block in self.blocks:
            yield from block.sentences
            for para in block.paragraphs:
                yield from para
            stack = list(reversed(block.items))
            while stack:
                item = stack.pop()
                yield from item.sentences
                stack.extend(reversed(item.children))

    def render(self) -> str:
        """The Markdown file: front matter, body, reference definitions."""
        return render_front(self.front) + render_body(self)


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------


SINCE = ["Since March", "Since the spring", "Since the last election", "Since the crisis began",
         "Since the summer", "Since January", "Since the first reading", "Since the audit"]
_LOWER_ACTORS = ("The ", "Investors", "Most ", "Several ", "Critics", "Local ", "Neighbouring ",
                 "Parliament")


def lower_actor(actor: str) -> str:
    """An actor phrase in mid-sentence: "The court" -> "the court", "Brussels" unchanged."""
    return actor[0].lower() + actor[1:] if actor.startswith(_LOWER_ACTORS) else actor


def a_an(word: str) -> str:
    """``word`` with its indefinite article."""
    return ("an " if word[0] in "aeiou" else "a ") + word


class _Gen:
    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        self.index = index
        self.refs: dict[str, str] = {}
        self.url_count = 0

    def pick(self, seq: list[str]) -> str:
        return self.rng.choice(seq)

    def person(self) -> str:
        return f"{self.pick(FIRST)} {self.pick(LAST)}"

    def url(self) -> str:
        self.url_count += 1
        parts = [self.pick(PATH_WORDS) for _ in range(self.rng.randint(1, 3))]
        return f"https://{self.pick(DOMAINS)}/{'/'.join(parts)}/{self.index}-{self.url_count}"

    def decorate(self, phrase: str) -> str:
        """Maybe turn a phrase into emphasis, strong, a link, a titled link or a ref link."""
        roll = self.rng.random()
        if roll < 0.06:
            return f"*{phrase}*"
        if roll < 0.10:
            return f"**{phrase}**"
        if roll < 0.15:
            return f"[{phrase}]({self.url()})"
        if roll < 0.18:
            title = f"{self.pick(['Report', 'Statement', 'Data', 'Ruling'])} of {self.pick(PLACES)}"
            return f'[{phrase}]({self.url()} "{title}")'
        if roll < 0.20:
            label = f"ref-{len(self.refs) + 1}"
            self.refs[label] = self.url()
            return f"[{phrase}][{label}]"
        return phrase

    def plain_sentence(self) -> str:
        rng = self.rng
        kind = rng.randrange(12)
        obj = self.decorate(self.pick(OBJECTS))
        if kind == 0:
            s = f"{self.pick(ACTORS)} {self.pick(VERBS_PAST)} {obj} {self.pick(TIMES)}, " \
                f"{self.pick(CONNECTORS)} {self.pick(CLAUSES)}."
        elif kind == 1:
            s = f"For {self.pick(GROUPS)}, {obj} {self.pick(VERBS_PRES)} almost everything " \
                f"about the coming year."
        elif kind == 2:
            s = f"The {self.pick(ADJECTIVES)} {self.pick(NOUNS)} over {obj} " \
                f"{self.pick(VERBS_PRES)} the position of {self.pick(GROUPS)}."
        elif kind == 3:
            s = f"If {self.pick(CLAUSES)}, {lower_actor(self.pick(ACTORS))} " \
                f"will have to revisit {obj}."
        elif kind == 4:
            pct = rng.randint(3, 87)
            s = f"About {pct} percent of {self.pick(GROUPS)} say {obj} " \
                f"{self.pick(VERBS_PRES)} their plans, according to a survey in " \
                f"{self.pick(PLACES)}."
        elif kind == 5:
            s = f"{self.pick(ACTORS)} {self.pick(VERBS_PAST)} {obj}, and " \
                f"{lower_actor(self.pick(ACTORS))} {self.pick(VERBS_PAST)} " \
                f"{self.pick(OBJECTS)} {self.pick(TIMES)}."
        elif kind == 6:
            s = f"That is {a_an(self.pick(ADJECTIVES))} {self.pick(NOUNS)}, " \
                f"{self.pick(CONNECTORS)} {self.pick(CLAUSES)}."
        elif kind == 7:
            amount = rng.randint(12, 940)
            s = f"The cost of {obj} is put at {amount} million euros, " \
                f"roughly {rng.randint(2, 9)} times the first estimate."
        elif kind == 8:
            s = f"In {self.pick(PLACES)}, {self.pick(GROUPS)} {self.pick(VERBS_PAST)} " \
                f"{obj} {self.pick(TIMES)}."
        elif kind == 9:
            s = f"Nobody in {self.pick(PLACES)} expects {obj} to survive the next election " \
                f"unchanged, {self.pick(CONNECTORS)} {self.pick(CLAUSES)}."
        elif kind == 10:
            s = f"What matters more is whether {lower_actor(self.pick(ACTORS))} can explain " \
                f"{obj} to {self.pick(GROUPS)}."
        else:
            s = f"{self.pick(SINCE)}, {self.pick(CLAUSES)}, " \
                f"{self.pick(CONNECTORS)} {self.pick(CLAUSES)}."
        return s

    def abbrev_sentence(self, which: int) -> str:
        """Sentences built around abbreviations that trip naive splitters."""
        p = self.pick
        if which == 0:
            return f"The U.S. {p(INSTITUTIONS)} {p(VERBS_PAST)} {p(OBJECTS)} {p(TIMES)}."
        if which == 1:
            return f"Several measures, e.g. {p(OBJECTS)} and {p(OBJECTS)}, " \
                   f"were {p(VERBS_PAST)} {p(TIMES)}."
        if which == 2:
            return f"Dr. {p(LAST)} of the {p(THINK_TANKS)} argues that {p(CLAUSES)}."
        if which == 3:
            return f"Article No. {self.rng.randint(2, 40)} of the treaty " \
                   f"{p(VERBS_PRES)} {p(OBJECTS)}."
        if which == 4:
            return f"{p(FIRST)[0]}. {p(FIRST)[0]}. {p(LAST)}, a former {p(ROLES)}, " \
                   f"said that {p(CLAUSES)}."
        if which == 5:
            return f"The vote was called for {self.rng.randint(2, 11)} p.m. on " \
                   f"{p(WEEKDAYS)}, i.e. after most markets had closed."
        if which == 6:
            return f"Talks resumed on {p(MONTHS_ABBR)} {self.rng.randint(1, 28)} " \
                   f"in {p(PLACES)}, where Mr. {p(LAST)} met Ms. {p(LAST)}."
        if which == 7:
            return f"{p(ACTORS)} {p(VERBS_PAST)} new sanctions against the U.S."
        return f"The agreement, signed at {self.rng.randint(1, 11)}.{self.rng.randint(10, 59)} " \
               f"a.m., covers roughly {self.rng.randint(2, 9)}.{self.rng.randint(1, 9)} " \
               f"billion euros of trade."

    def sentence(self) -> Sentence:
        if self.rng.random() < BOILERPLATE_RATE:
            return Sentence(self.pick(BOILERPLATE), boilerplate=True)
        if self.rng.random() < 0.10:
            return Sentence(self.abbrev_sentence(self.rng.randrange(9)))
        text = self.plain_sentence()
        if self.rng.random() < 0.04:
            text = text[:-1] + f" (see `{self.pick(['table 2', 'annex B', 'rule 7', 'item 4'])}`)."
        return Sentence(text)

    def sentences(self, lo: int, hi: int) -> list[Sentence]:
        return [self.sentence() for _ in range(self.rng.randint(lo, hi))]

    def heading(self, level: int) -> Block:
        patterns = ["The {adj} {noun}", "What {obj} changes", "Who pays for {obj}",
                    "Lessons from {place}", "{a_adj} year ahead", "{place} looks on",
                    "The case for {obj}", "Numbers behind the {noun}"]
        adj = self.pick(ADJECTIVES)
        text = self.pick(patterns).format(adj=adj, a_adj=a_an(adj), noun=self.pick(NOUNS),
                                          obj=self.pick(OBJECTS), place=self.pick(PLACES))
        return Block("heading", level=level, text=text[0].upper() + text[1:])

    def item(self) -> Item:
        return Item(self.sentences(1, 2))

    def bullets(self, nested: bool) -> Block:
        items = [self.item() for _ in range(self.rng.randint(3, 5))]
        if nested:
            items[self.rng.randrange(len(items))].children = [
                self.item() for _ in range(self.rng.randint(2, 3))
            ]
        return Block("bullets", items=items)

    def ordered(self) -> Block:
        return Block("ordered", items=[self.item() for _ in range(self.rng.randint(3, 4))])

    def quote(self) -> Block:
        paras = [self.sentences(1, 3) for _ in range(self.rng.randint(1, 2))]
        who = self.pick([f"Dr. {self.pick(LAST)}", self.person(), f"the {self.pick(ROLES)}"])
        return Block("quote", paragraphs=paras, text=who)

    def table(self) -> Block:
        years = sorted(self.rng.sample(range(2015, 2025), 3))
        header = ["Measure", *[str(y) for y in years], "Note"]
        rows = [header]
        for _ in range(self.rng.randint(3, 5)):
            obj = self.pick(OBJECTS).replace("the ", "", 1)
            vals = [f"{self.rng.uniform(0.1, 99):.1f}" for _ in years]
            note = self.pick(["estimate", "provisional", "revised", "official", "see text",
                              "target", "U.S. data", "excl. VAT"])
            rows.append([obj[0].upper() + obj[1:], *vals, note])
        return Block("table", rows=rows)

    def figure(self, number: int) -> Block:
        alt = f"Chart of {self.pick(OBJECTS).replace('the ', '', 1)} in {self.pick(PLACES)}"
        caption = [Sentence(f"Figure {number}: {self.pick(GROUPS).capitalize()} and "
                            f"{self.pick(OBJECTS)}, {self.pick(TIMES)}."),
                   Sentence(f"Source: {self.pick(THINK_TANKS)}.")]
        return Block("figure", text=alt, src=f"images/fig-{self.index:05d}-{number}.png",
                     sentences=caption)

    def paragraph(self) -> Block:
        sentences = self.sentences(2, 5)
        if self.rng.random() < 0.05:
            sentences.append(Sentence(f"The full text is at <{self.url()}>."))
        return Block("paragraph", sentences=sentences)


def _word_count_blocks(article: Article) -> int:
    return word_count(render_body(article))


def make_article(index: int, seed: int = 1) -> Article:
    """Generate article ``index`` of the archive seeded with ``seed`` (pure function)."""
    rng = random.Random(f"trilingual-bench:{seed}:{index}")
    gen = _Gen(rng, index)
    target = rng.randint(MIN_WORDS + 60, MAX_WORDS - 100)

    # Front matter.
    adj = gen.pick(ADJECTIVES)
    title = gen.pick(TITLE_PATTERNS).format(
        obj=gen.pick(OBJECTS), adj=adj, a_adj=a_an(adj), noun=gen.pick(NOUNS),
        place=gen.pick(PLACES))
    title = title[0].upper() + title[1:]
    day = dt.date(2021, 1, 4) + dt.timedelta(days=(index * 7) // 12)
    front: dict[str, object] = {"title": title}
    if rng.random() < 0.7:
        front["subtitle"] = f"{gen.pick(ACTORS)} {gen.pick(VERBS_PAST)} {gen.pick(OBJECTS)}"
    front["summary"] = gen.plain_sentence().replace("*", "").split("](")[0].replace("[", "")
    front["section"] = gen.pick(SECTIONS)
    front["date"] = day.isoformat()
    if rng.random() < 0.1:
        front["edition"] = (day - dt.timedelta(days=day.weekday())).isoformat()
    front["author"] = gen.person()
    front["tags"] = sorted(rng.sample(TAGS, rng.randint(1, 4)))
    if rng.random() < 0.6:
        front["image"] = {
            "src": f"images/lead-{index:05d}.jpg",
            "alt": f"{gen.pick(GROUPS).capitalize()} in {gen.pick(PLACES)}",
            "credit": f"Photo: {gen.person()}",
        }
    slug_words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-").split("-")[:5]
    slug = f"{index:05d}-{'-'.join(slug_words)}"

    # Body: the mandatory constructs, in a shuffled order, between prose paragraphs.
    specials = [gen.bullets(nested=True), gen.ordered(), gen.quote(), gen.table(),
                gen.figure(1)]
    rng.shuffle(specials)
    blocks: list[Block] = [gen.paragraph(), gen.paragraph()]
    # Abbreviation sentences that every article carries at least once.
    lede = blocks[0].sentences
    for which in range(5):
        lede.insert(rng.randrange(len(lede) + 1), Sentence(gen.abbrev_sentence(which)))
    article = Article(index, slug, front, blocks, gen.refs)
    heading_no = 0
    while True:
        if specials:
            if rng.random() < 0.5 or heading_no == 0:
                heading_no += 1
                blocks.append(gen.heading(3 if heading_no % 3 == 0 else 2))
            blocks.append(gen.paragraph())
            blocks.append(specials.pop())
            blocks.append(gen.paragraph())
            continue
        if _word_count_blocks(article) >= target:
            break
        if rng.random() < 0.2:
            heading_no += 1
            blocks.append(gen.heading(3 if heading_no % 3 == 0 else 2))
        para = gen.paragraph()
        blocks.append(para)
        while _word_count_blocks(article) > MAX_WORDS - 25 and len(para.sentences) > 1:
            para.sentences.pop()
    closing = Block("closing", sentences=[Sentence(s, boilerplate=True)
                                          for s in rng.sample(CLOSING, rng.randint(1, 2))])
    blocks.append(closing)
    # Too long (rare): drop trailing plain paragraphs; too short: add one-sentence paragraphs.
    while _word_count_blocks(article) > MAX_WORDS:
        for pos in range(len(blocks) - 2, 1, -1):
            if blocks[pos].kind == "paragraph":
                del blocks[pos]
                break
        else:  # pragma: no cover - cannot happen with these list sizes
            break
    while _word_count_blocks(article) < MIN_WORDS:
        blocks.insert(len(blocks) - 1, Block("paragraph", sentences=[gen.sentence()]))
    # Reference links may have been dropped with their paragraph: keep only the used ones.
    body = render_body_only(article)
    article.refs = {k: v for k, v in gen.refs.items() if f"][{k}]" in body}
    return article


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


def _yaml_scalar(value: object) -> str:
    if isinstance(value, str):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return value
        if re.fullmatch(r"[A-Za-z][A-Za-z .]*", value) and value not in ("yes", "no", "null"):
            return value
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def render_front(front: dict[str, object]) -> str:
    lines = ["---"]
    for key, value in front.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines.extend(f"  {k}: {_yaml_scalar(v)}" for k, v in value.items())
        elif isinstance(value, list):
            lines.append(f"{key}: [{', '.join(str(v) for v in value)}]")
        else:
            lines.append(f"{key}: {_yaml_scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _join(sentences: list[Sentence]) -> str:
    return " ".join(s.text for s in sentences)


def _render_items(items: list[Item], ordered: bool, indent: str, out: list[str]) -> None:
    for number, item in enumerate(items, 1):
        marker = f"{number}. " if ordered else "- "
        out.append(f"{indent}{marker}{_join(item.sentences)}")
        if item.children:
            _render_items(item.children, False, indent + " " * len(marker), out)


def render_block(block: Block) -> str:
    if block.kind == "paragraph":
        return _join(block.sentences)
    if block.kind == "closing":
        return f"*{_join(block.sentences)}*"
    if block.kind == "heading":
        return f"{'#' * block.level} {block.text}"
    if block.kind in ("bullets", "ordered"):
        out: list[str] = []
        _render_items(block.items, block.kind == "ordered", "", out)
        return "\n".join(out)
    if block.kind == "quote":
        paras = [f"> {_join(p)}" for p in block.paragraphs]
        paras.append(f"> — {block.text}")
        return "\n>\n".join(paras)
    if block.kind == "table":
        header, *rows = block.rows
        lines = [f"| {' | '.join(header)} |",
                 "|" + "|".join(["---"] + ["---:"] * (len(header) - 2) + ["---"]) + "|"]
        lines.extend(f"| {' | '.join(r)} |" for r in rows)
        return "\n".join(lines)
    if block.kind == "figure":
        title = block.sentences[0].text.split(":")[0]
        return f'![{block.text}]({block.src} "{title}")\n\n*{_join(block.sentences)}*'
    raise ValueError(block.kind)


def render_body_only(article: Article) -> str:
    return "\n\n".join(render_block(b) for b in article.blocks) + "\n"


def render_body(article: Article) -> str:
    body = render_body_only(article)
    if article.refs:
        body += "\n" + "".join(f"[{k}]: {v}\n" for k, v in article.refs.items())
    return body


_URL_RE = re.compile(r"\]\([^)]*\)|^\[[^\]]+\]:.*$|<https?://[^>]*>|\]\[[^\]]*\]", re.M)
_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['’.\-][A-Za-z0-9]+)*")


def word_count(markdown_body: str) -> int:
    """Words of a Markdown body, not counting URLs, reference labels or markup."""
    return len(_WORD_RE.findall(_URL_RE.sub(" ", markdown_body)))


def split_front(text: str) -> tuple[str, str]:
    """(front matter block, body) of a generated file."""
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4) + 5
        return text[:end], text[end:]
    return "", text


# --------------------------------------------------------------------------------------------
# Corpus and edit mode
# --------------------------------------------------------------------------------------------


def generate_corpus(out_dir: Path, n: int, seed: int = 1) -> list[Path]:
    """Write articles 0..n-1 as ``out_dir/<slug>.md``; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(n):
        article = make_article(index, seed)
        path = out_dir / f"{article.slug}.md"
        path.write_text(article.render(), encoding="utf-8")
        paths.append(path)
    return paths


def revise(text: str, rng: random.Random) -> str:
    """A small revision of one sentence (always different from ``text``)."""
    tokens = text.split(" ")
    swappable = [i for i, t in enumerate(tokens)
                 if t.strip(",.") in SYNONYMS and t.strip(",.").isalpha()]
    op = rng.randrange(3)
    if op == 0 and swappable:
        i = rng.choice(swappable)
        word = tokens[i].strip(",.")
        tokens[i] = tokens[i].replace(word, SYNONYMS[word], 1)
        return " ".join(tokens)
    if op <= 1 and len(tokens) > 4:
        # Insert an adverb after a plain lower-case word in the first half.
        spots = [i for i in range(1, len(tokens) // 2 + 1)
                 if tokens[i - 1].isalpha() and tokens[i - 1].islower()]
        if spots:
            i = rng.choice(spots)
            tokens.insert(i, rng.choice(ADVERBS))
            return " ".join(tokens)
    if text.endswith(".") and not re.search(r"(?:\b[A-Z]\.|\b[a-z]\.[a-z]\.)$", text):
        return text[:-1] + rng.choice(TAIL_CLAUSES) + "."
    return "In short, " + text if not text.startswith("In short") else text.replace(
        "In short, ", "In brief, ", 1)


@dataclass
class EditStats:
    """What an edit changed."""

    sentences: int
    revised: int
    files_changed: list[str]


def edit_articles(articles: list[Article], fraction: float, edit_seed: int) -> int:
    """Revise ``round(fraction * sentences)`` non-boilerplate sentences in place."""
    rng = random.Random(f"trilingual-bench-edit:{edit_seed}")
    all_sentences = [s for a in articles for s in a.sentences()]
    candidates = [s for s in all_sentences if not s.boilerplate]
    count = min(len(candidates), round(fraction * len(all_sentences)))
    chosen = rng.sample(range(len(candidates)), count)
    for i in sorted(chosen):
        sentence = candidates[i]
        sentence.text = revise(sentence.text, rng)
    return count


def _index_of(slug: str) -> int:
    match = re.match(r"(\d{5})-", slug)
    if not match:
        raise ValueError(f"{slug}: not a generated article (no index prefix)")
    return int(match.group(1))


def edit_corpus(out_dir: Path, fraction: float, seed: int = 1, edit_seed: int = 1,
                slugs: list[str] | None = None) -> EditStats:
    """Revise ``fraction`` of the sentences of the generated articles in ``out_dir``.

    The articles are regenerated from ``seed`` (so edits are relative to the original), revised
    and rewritten; only files whose text changes are written. ``slugs`` limits the edit to some
    articles (the fraction is then of their sentences).
    """
    names = slugs if slugs is not None else sorted(p.stem for p in out_dir.glob("*.md"))
    articles = [make_article(_index_of(name), seed) for name in names]
    total = sum(1 for a in articles for _ in a.sentences())
    revised = edit_articles(articles, fraction, edit_seed)
    changed = []
    for article in articles:
        path = out_dir / f"{article.slug}.md"
        text = article.render()
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(article.slug)
    return EditStats(total, revised, changed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    corpus = sub.add_parser("corpus", help="write N articles into OUT_DIR")
    corpus.add_argument("out", type=Path)
    corpus.add_argument("--n", type=int, default=100)
    corpus.add_argument("--seed", type=int, default=1)
    edit = sub.add_parser("edit", help="revise a fraction of the sentences in OUT_DIR")
    edit.add_argument("out", type=Path)
    edit.add_argument("--fraction", type=float, default=0.05)
    edit.add_argument("--seed", type=int, default=1, help="the corpus seed")
    edit.add_argument("--edit-seed", type=int, default=1)
    edit.add_argument("--slug", action="append", help="only this article (repeatable)")
    args = parser.parse_args(argv)
    if args.cmd == "corpus":
        paths = generate_corpus(args.out, args.n, args.seed)
        words = sum(word_count(split_front(p.read_text(encoding="utf-8"))[1]) for p in paths)
        print(f"{len(paths)} articles, {words} words in {args.out}")
    else:
        stats = edit_corpus(args.out, args.fraction, args.seed, args.edit_seed, args.slug)
        print(f"revised {stats.revised} of {stats.sentences} sentences in "
              f"{len(stats.files_changed)} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
