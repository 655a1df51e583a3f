"""Synthetic playbooks and queries for benchmarks: realistic size, shape and
vocabulary, reproducible from a seed.

Words follow a Zipf distribution over the team's real vocabulary plus a few
thousand made-up words, and each playbook draws most of its words from its own
topic, as real playbooks do: a handful of words appear everywhere ("creator",
"live"), most appear in a few playbooks. A corpus where every word is in every
document would measure something no library looks like.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DOMAIN = (
    "creator live stream key gift payout diamond coin agency account hacked region ban appeal "
    "minor harassment comment scam impersonation challenge music copyright cohost guest lag "
    "studio obs rtmp server verify badge campaign brief localize results onboarding handoff "
    "escalate queue policy enforcement notice room moderator report evidence screenshot "
    "direct message follower threshold eligibility restriction subscription wallet bank "
    "password email phone login session device security recovery identity document passport "
    "age birthday parent guardian school uniform underage selfharm suicide crisis helpline "
    "threat violence weapon extremism hate slur racism doxxing address leak blackmail sextortion "
    "grooming fake giveaway phishing link refund chargeback withdrawal transfer invoice tax vat "
    "contract exclusive partner manager talent roster event sponsor brand deadline translation "
    "subtitle glossary tone audience metrics views retention revenue bonus tier level gifter "
    "battle match multiguest invite microphone camera bitrate encoder resolution latency buffer "
    "frame drop network upload wifi mobile desktop app version update crash error code"
).split()
FRENCH = (
    "compte clé diffusion cadeau paiement agence piratage région mineur harcèlement arnaque "
    "créateur direct signalement sécurité mot passe courriel téléphone appareil récupération "
    "identité âge parent école menace violence haine insulte adresse fuite chantage "
    "remboursement virement facture contrat partenaire marque délai traduction glossaire "
    "audience revenus bonus niveau bataille invité micro caméra débit réseau erreur "
    "bannissement suspension appel modération preuve capture escalade équipe stagiaire"
).split()
CATEGORIES = ("trust-safety", "operational", "campaign", "onboarding")
SEVERITIES = ("low", "medium", "high", "critical")
SYLLABLES = "ka ro mi te lu sa no vi da pe zo ri ma fe tu la be go ni so".split()


def vocabulary(rng: random.Random, size: int = 6000, first: list[str] | None = None) -> list[str]:
    """Real words first (the most frequent), then made-up ones."""
    words = list(dict.fromkeys((first or []) + DOMAIN + FRENCH))
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choices(SYLLABLES, k=rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class WordSource:
    def __init__(self, rng: random.Random, words: list[str], exponent: float = 1.05) -> None:
        self.rng = rng
        self.words = words
        weights = [1 / (rank + 1) ** exponent for rank in range(len(words))]
        total = sum(weights)
        self.cumulative = []
        acc = 0.0
        for w in weights:
            acc += w / total
            self.cumulative.append(acc)

    def zipf(self, k: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=k)

    def topic(self) -> list[str]:
        """About 25 words that one playbook keeps coming back to."""
        common = self.zipf(10)
        rare = self.rng.sample(self.words[200:], 15)
        return list(dict.fromkeys(common + rare))


def _sentence(rng: random.Random, source: WordSource, topic: list[str], low: int, high: int) -> str:
    n = rng.randint(low, high)
    words = [rng.choice(topic) if rng.random() < 0.6 else source.zipf(1)[0] for _ in range(n)]
    return " ".join(words).capitalize()


@dataclass(frozen=True, slots=True)
class SyntheticPlaybook:
    id: str
    title: str
    keywords: tuple[str, ...]
    relpath: str
    text: str


def _quoted(words: Iterable[str]) -> list[str]:
    """Quoted, so that a word YAML would read as a boolean or null stays text."""
    return [f'"{w}"' for w in words]


def synthetic_playbook(i: int, rng: random.Random, source: WordSource) -> SyntheticPlaybook:
    """One playbook of about 4 KB with 6 to 14 steps."""
    topic = source.topic()
    category = CATEGORIES[i % 4]
    title = f"{_sentence(rng, source, topic, 4, 8)} {i}"
    slug = unicodedata.normalize("NFKD", topic[0]).encode("ascii", "ignore").decode() or "x"
    pid = f"synthetic-{i:05d}-{slug}"
    keywords = tuple(rng.sample(topic, 5))
    n = rng.randint(6, 14)

    def say(low: int, high: int) -> str:
        return _sentence(rng, source, topic, low, high)

    lines = [
        f"id: {pid}",
        "lang: en",
        f"title: {title}",
        f"summary: {say(12, 24)}.",
        f"when: Use when {say(8, 16).lower()}.",
        f"category: {category}",
        f"severity: {rng.choice(SEVERITIES)}",
        "owner: eu-live-creator-ops",
        "reviewed: 2026-10-01",
        f"tags: [{', '.join(_quoted(sorted({t for t in rng.sample(topic, 3) if t.isascii()}) or ['misc']))}]",
        f"keywords: [{', '.join(_quoted(keywords))}]",
        "sla_minutes: 30",
        "variables:",
        "  - {name: creator_handle, prompt: Creator handle, required: true, example: '@lea.live'}",
        "  - {name: room_id, prompt: LIVE room ID}",
        "memory:",
        f"  - {say(6, 12)}.",
        "steps:",
    ]
    decision = rng.randint(1, n - 3)
    for s in range(n):
        lines += [f"  - id: step-{s}", f"    title: {say(4, 10)}"]
        lines += ["    detail: |", f"      {say(10, 20)}.", f"      {say(5, 10)}."]
        if s == decision:
            lines += [
                "    choices:",
                f"      - {{label: {say(2, 4)}, goto: step-{s + 1}}}",
                f"      - {{label: Escalate {s}, outcome: escalated}}",
            ]
        elif s % 3 == 2:
            lines += ["    template: |", f"      Hi {{creator_handle}}, {say(12, 24).lower()}."]
        if s == n - 2:
            lines.append("    irreversible: true")
    lines += ["drills:", "  - id: basic", f"    scenario: {say(12, 20)}.", "    outcome: resolved"]
    return SyntheticPlaybook(
        pid, title, keywords, f"{category}/{pid}.en.yaml", "\n".join(lines) + "\n"
    )


def generate(count: int, seed: int = 7, words: list[str] | None = None) -> list[SyntheticPlaybook]:
    """`words`, most frequent first, lead the vocabulary: generated playbooks then
    share the words of a real library, as its neighbours would."""
    rng = random.Random(seed)
    source = WordSource(rng, vocabulary(rng, first=words))
    return [synthetic_playbook(i, rng, source) for i in range(count)]


def write_playbooks(root: Path, playbooks: list[SyntheticPlaybook]) -> list[Path]:
    paths = []
    for pb in playbooks:
        path = root / pb.relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(pb.text, encoding="utf-8")
        paths.append(path)
    return paths


def write_library(root: Path, count: int, seed: int = 7) -> list[Path]:
    return write_playbooks(root, generate(count, seed))


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "swap", "replace"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeioulnrst") + word[i + 1 :]


def queries(
    playbooks: list[SyntheticPlaybook], count: int, seed: int = 11
) -> list[tuple[str, str]]:
    """(query, expected playbook id): 1-3 words from a playbook's title and
    keywords; a third with a typo, a third with the last word cut off."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        pb = rng.choice(playbooks)
        pool = [w.lower() for w in pb.title.split()[:-1]] + list(pb.keywords)
        words = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
        kind = n % 3
        long_words = [i for i, w in enumerate(words) if len(w) >= 5]
        if kind == 1 and long_words:
            i = rng.choice(long_words)
            words[i] = _typo(rng, words[i])
        elif kind == 2 and len(words[-1]) >= 5:
            words[-1] = words[-1][: rng.randint(3, len(words[-1]) - 1)]
        out.append((" ".join(words), pb.id))
    return out
