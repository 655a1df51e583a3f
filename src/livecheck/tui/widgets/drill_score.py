"""A drill's score as the trainee reads it: the total and verdict, the breakdown, where
the attempt diverged and the correct path. The sentences are the presentation
layer's (`present.drill_score`); this only styles them."""

from __future__ import annotations

from textual.content import Content

from livecheck.drills.score import DrillScore
from livecheck.present.drill_score import (
    breakdown_title,
    correct_outcome_line,
    correct_path_title,
    divergence_context_label,
    divergence_sentence,
    divergence_title,
    part_rows,
    path_line,
    score_ending,
    score_total,
    score_verdict,
)
from livecheck.tui.text import line, plain


def score_content(score: DrillScore) -> Content:
    """The score, its breakdown, where the attempt diverged and the correct path: the
    presentation layer's sentences, styled."""
    verdict_style = "bold $text on $success" if score.passed else "bold $text on $error"
    head = Content.assemble(
        (f"{score_total(score)}  ", "bold"), (f" {score_verdict(score)} ", verdict_style)
    )
    ending = score_ending(score)
    if ending:
        head = Content.assemble(head, (f"  {ending}", "$warning"))
    parts: list[Content] = [
        head,
        Content(""),
        Content.assemble((breakdown_title(), "bold underline")),
    ]
    rows = part_rows(score)
    width = max(len(row.name) for row in rows)
    for row in rows:
        parts.append(
            Content.assemble(
                (f"{row.name:<{width}}  ", "bold"),
                (f"{row.points}  ", "$success" if row.full else "$warning"),
                line(row.reason),
            )
        )
    div = score.divergence
    if div is not None:
        parts += [
            Content(""),
            Content.assemble((divergence_title(), "bold underline")),
            line(divergence_sentence(div)),
        ]
        if div.detail:
            label = divergence_context_label(div)
            text = plain(div.detail.strip(), "" if label else "$text-muted")
            parts.append(Content.assemble((f"{label} ", "bold"), text) if label else text)
    parts += [Content(""), Content.assemble((correct_path_title(score), "bold underline"))]
    for n, step in enumerate(score.correct_path, 1):
        parts.append(line(path_line(n, step)))
    parts.append(line(correct_outcome_line(score), "bold"))
    return Content("\n").join(parts)
