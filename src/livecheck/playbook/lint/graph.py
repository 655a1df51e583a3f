"""The step graph of a playbook: where each step can lead, and what can go wrong.

Steps are nodes, numbered by their place in the list; step 0 is the start.
An edge leads to another step or ends the run with an outcome. A `goto` to a
step that does not exist is left out here (the rules report it by name).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from livecheck.playbook.model import RESOLVED, Playbook, Step


@dataclass(frozen=True, slots=True)
class Edge:
    """Leads to step `target`, or (when target is None) ends the run with `outcome`."""

    target: int | None
    outcome: str | None = None


@dataclass(frozen=True, slots=True)
class GraphReport:
    unreachable: tuple[int, ...]
    closed_cycles: tuple[tuple[int, ...], ...]  # each in list order
    no_end: tuple[int, ...]  # cannot reach an end, outside any closed cycle
    falls_off_end: bool  # the last step is reachable and ends the run by falling off the list


def step_edges(playbook: Playbook) -> list[list[Edge]]:
    index = {s.id: i for i, s in enumerate(playbook.steps)}
    return [_edges(i, s, index, len(playbook.steps)) for i, s in enumerate(playbook.steps)]


def _edges(i: int, step: Step, index: Mapping[str, int], count: int) -> list[Edge]:
    if step.choices:
        return [e for c in step.choices if (e := _edge(c.goto, c.outcome, index))]
    if step.goto is not None or step.outcome is not None:
        e = _edge(step.goto, step.outcome, index)
        return [e] if e else []
    return [Edge(i + 1)] if i + 1 < count else [Edge(None, RESOLVED)]


def _edge(goto: str | None, outcome: str | None, index: Mapping[str, int]) -> Edge | None:
    if outcome is not None:
        return Edge(None, outcome)
    if goto is not None and goto in index:
        return Edge(index[goto])
    return None


def falls_off_end(step: Step) -> bool:
    """True when finishing this step (if it is the last) runs off the list."""
    return not step.choices and step.goto is None and step.outcome is None


def analyse(playbook: Playbook) -> GraphReport:
    edges = step_edges(playbook)
    count = len(edges)
    reachable = _reachable_from_start(edges)
    can_end = _can_reach_an_end(edges)
    closed = [c for c in _strongly_connected(edges) if _is_closed_cycle(c, edges)]
    in_closed = {i for c in closed for i in c}
    last = count - 1
    return GraphReport(
        unreachable=tuple(i for i in range(count) if i not in reachable),
        closed_cycles=tuple(sorted(tuple(sorted(c)) for c in closed)),
        no_end=tuple(i for i in range(count) if i not in can_end and i not in in_closed),
        falls_off_end=last in reachable and falls_off_end(playbook.steps[last]),
    )


def _reachable_from_start(edges: list[list[Edge]]) -> set[int]:
    seen = {0} if edges else set()
    todo = list(seen)
    while todo:
        for e in edges[todo.pop()]:
            if e.target is not None and e.target not in seen:
                seen.add(e.target)
                todo.append(e.target)
    return seen


def _can_reach_an_end(edges: list[list[Edge]]) -> set[int]:
    incoming: list[list[int]] = [[] for _ in edges]
    done = set()
    for i, out in enumerate(edges):
        for e in out:
            if e.target is None:
                done.add(i)
            else:
                incoming[e.target].append(i)
    todo = list(done)
    while todo:
        for j in incoming[todo.pop()]:
            if j not in done:
                done.add(j)
                todo.append(j)
    return done


def _strongly_connected(edges: list[list[Edge]]) -> list[list[int]]:
    """Tarjan's algorithm, iterative so that long step lists cannot overflow the stack.

    Each node's targets are listed once and walked with a position, so a step
    with thousands of choices costs its number of choices, not its square."""
    targets = [[e.target for e in out if e.target is not None] for out in edges]
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    components: list[list[int]] = []
    counter = 0
    for root in range(len(edges)):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, pos = work.pop()
            if pos == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            mine = targets[node]
            # Skip targets already visited (updating low) without re-pushing the node.
            while pos < len(mine) and mine[pos] in index:
                if mine[pos] in on_stack:
                    low[node] = min(low[node], index[mine[pos]])
                pos += 1
            if pos < len(mine):
                work.append((node, pos + 1))
                work.append((mine[pos], 0))
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components


def _is_closed_cycle(component: list[int], edges: list[list[Edge]]) -> bool:
    members = set(component)
    has_cycle = len(component) > 1 or any(e.target == component[0] for e in edges[component[0]])
    leaves = any(e.target is None or e.target not in members for i in component for e in edges[i])
    return has_cycle and not leaves


def outcomes_reachable(playbook: Playbook, forced: Mapping[str, str]) -> set[str]:
    """Outcomes a run can end with when the decisions in `forced` pick those labels."""
    edges = step_edges(playbook)
    steps = playbook.steps
    index = {s.id: i for i, s in enumerate(steps)}
    outcomes: set[str] = set()
    seen: set[int] = set()
    todo = [0] if steps else []
    while todo:
        i = todo.pop()
        if i in seen:
            continue
        seen.add(i)
        step = steps[i]
        out = edges[i]
        label = forced.get(step.id)
        if step.choices and label is not None:
            chosen = step.choice(label)
            forced_edge = _edge(chosen.goto, chosen.outcome, index) if chosen else None
            out = [forced_edge] if forced_edge else []
        for e in out:
            if e.target is None:
                outcomes.add(e.outcome or RESOLVED)
            else:
                todo.append(e.target)
    return outcomes
