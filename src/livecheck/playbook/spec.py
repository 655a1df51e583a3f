"""The playbook format, version 1, as data.

One table of fields per mapping drives both the validator (`validate.py`) and
the JSON Schema we ship (`schema.py`), so the two cannot drift apart.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

FORMAT_VERSION = 1

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
IDENT = re.compile(r"[a-z_][a-z0-9_]*")
LANG = re.compile(r"[a-z]{2}")

CATEGORIES = ("trust-safety", "operational", "campaign", "onboarding")
SEVERITIES = ("low", "medium", "high", "critical")
MODES = ("read-do", "do-confirm")
DEFAULT_OUTCOMES = ("resolved", "escalated", "no-action", "unresolved")
DEFAULT_REVIEW_EVERY_DAYS = 180
MAX_ID_LENGTH = 64
MAX_TITLE_LENGTH = 120
MAX_MEMORY_ITEMS = 5


class Kind(enum.Enum):
    """What a field holds; the value is how lint messages name it."""

    TEXT = "text"
    SLUG = "a slug"
    IDENT = "an identifier"
    LANG = "a language code"
    DATE = "a date"
    POSITIVE_INT = "a whole number above 0"
    BOOL = "true or false"
    ENUM = "one of the listed values"
    TEXT_LIST = "a list of text"
    SLUG_LIST = "a list of slugs"
    MAPPINGS = "a list of mappings"
    EXPECT = "a mapping of step id to choice label"


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: Kind
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    max_items: int | None = None
    non_empty: bool = False
    item: str | None = None  # the spec name of each mapping in a MAPPINGS field
    default: object = None


@dataclass(frozen=True, slots=True)
class MappingSpec:
    name: str
    description: str
    fields: tuple[Field, ...]

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


PLAYBOOK = MappingSpec(
    "playbook",
    "A livecheck playbook (format version 1).",
    (
        Field(
            "id",
            Kind.SLUG,
            "Stable identifier, shared by translations.",
            True,
            max_length=MAX_ID_LENGTH,
        ),
        Field("lang", Kind.LANG, "ISO 639-1 language code, lower case.", True),
        Field(
            "title", Kind.TEXT, "Title shown in search results.", True, max_length=MAX_TITLE_LENGTH
        ),
        Field("summary", Kind.TEXT, "One to three sentences shown in search results.", True),
        Field("when", Kind.TEXT, "When this playbook applies ('Use when...').", True),
        Field("category", Kind.ENUM, "Category.", True, choices=CATEGORIES),
        Field("severity", Kind.ENUM, "Severity.", True, choices=SEVERITIES),
        Field("owner", Kind.TEXT, "Team or person who keeps it current.", True),
        Field("reviewed", Kind.DATE, "Last review date, YYYY-MM-DD.", True),
        Field(
            "review_every_days",
            Kind.POSITIVE_INT,
            "Days after `reviewed` when the playbook becomes stale.",
            default=DEFAULT_REVIEW_EVERY_DAYS,
        ),
        Field("tags", Kind.SLUG_LIST, "Tags (slugs)."),
        Field(
            "keywords",
            Kind.TEXT_LIST,
            "Synonyms, slang and other-language phrases, searched with high weight.",
        ),
        Field("sla_minutes", Kind.POSITIVE_INT, "Target minutes from start to outcome."),
        Field("variables", Kind.MAPPINGS, "Facts captured at the start of a run.", item="variable"),
        Field(
            "memory",
            Kind.TEXT_LIST,
            "Immediate actions, kept in view during a run.",
            max_items=MAX_MEMORY_ITEMS,
        ),
        Field("steps", Kind.MAPPINGS, "The checklist.", True, non_empty=True, item="step"),
        Field(
            "outcomes",
            Kind.SLUG_LIST,
            "Outcome labels a run may end with.",
            default=list(DEFAULT_OUTCOMES),
        ),
        Field("related", Kind.SLUG_LIST, "Ids of related playbooks."),
        Field("drills", Kind.MAPPINGS, "Practice scenarios.", item="drill"),
    ),
)

VARIABLE = MappingSpec(
    "variable",
    "A fact captured once at the start of a run.",
    (
        Field("name", Kind.IDENT, "Placeholder name, used as {name}.", True),
        Field("prompt", Kind.TEXT, "What the walkthrough asks.", True),
        Field("required", Kind.BOOL, "A run cannot start without it.", default=False),
        Field("example", Kind.TEXT, "Shown as a placeholder."),
    ),
)

STEP = MappingSpec(
    "step",
    "One checklist step.",
    (
        Field("id", Kind.SLUG, "Unique in the playbook.", True),
        Field("title", Kind.TEXT, "One imperative line.", True),
        Field("detail", Kind.TEXT, "Markdown."),
        Field("mode", Kind.ENUM, "read-do or do-confirm.", choices=MODES, default="read-do"),
        Field("template", Kind.TEXT, "A message to copy; {name} placeholders name variables."),
        Field("irreversible", Kind.BOOL, "Needs explicit confirmation.", default=False),
        Field("pause", Kind.BOOL, "Review what was done before moving on.", default=False),
        Field(
            "choices", Kind.MAPPINGS, "Makes the step a decision.", non_empty=True, item="choice"
        ),
        Field("goto", Kind.SLUG, "Id of the step that follows."),
        Field("outcome", Kind.SLUG, "Ends the run with this outcome."),
    ),
)

CHOICE = MappingSpec(
    "choice",
    "One option of a decision step.",
    (
        Field("label", Kind.TEXT, "The option as shown.", True),
        Field("goto", Kind.SLUG, "Id of the step this choice leads to."),
        Field("outcome", Kind.SLUG, "Ends the run with this outcome."),
    ),
)

DRILL = MappingSpec(
    "drill",
    "A practice scenario.",
    (
        Field("id", Kind.SLUG, "Unique in the playbook.", True),
        Field("scenario", Kind.TEXT, "The case as a trainee first hears it.", True),
        Field("expect", Kind.EXPECT, "Decision step id -> the label a correct run picks."),
        Field("outcome", Kind.SLUG, "The outcome a correct run ends with.", True),
    ),
)

SPECS = {spec.name: spec for spec in (PLAYBOOK, VARIABLE, STEP, CHOICE, DRILL)}


# `{{` and `}}` are literal braces; `{name}` with a valid name is a placeholder;
# any other brace is plain text.
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([a-z_][a-z0-9_]*)\}")
