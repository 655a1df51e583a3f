"""Text written into a playbook by authoring reads back as exactly that text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from livecheck.authoring.document import yaml_scalar
from livecheck.playbook.yaml_reader import MapNode, ScalarNode, parse_yaml

TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff")
    | st.sampled_from(["\n", " ", ":", "#", "-", "'", '"', "{", "}", ",", "|", ">"]),
    min_size=1,
    max_size=200,
)


def read_back(document: str) -> object:
    root, issues = parse_yaml(document)
    assert not issues, (document, issues)
    assert isinstance(root, MapNode)
    value = root.items[0][1]
    if isinstance(value, MapNode):  # the flow case: {label: ...}
        value = value.items[0][1]
    assert isinstance(value, ScalarNode)
    return value.value


@settings(max_examples=300, deadline=None)
@given(TEXT, st.booleans())
def test_block_values_read_back_exactly(text: str, folded: bool) -> None:
    document = f"steps:\n  - title: {yaml_scalar(text, 4, folded=folded)}\n    id: x\n"
    root, issues = parse_yaml(document)
    assert not issues, (document, issues)
    assert isinstance(root, MapNode)
    step = root.items[0][1].items[0]  # type: ignore[union-attr]
    assert isinstance(step, MapNode)
    title = step.items[0][1]
    assert isinstance(title, ScalarNode) and title.value == text, document


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_flow_values_read_back_exactly(text: str) -> None:
    document = f"choice: {{label: {yaml_scalar(text, 0, flow=True)}, goto: next}}\n"
    assert read_back(document) == text, document


def test_text_yaml_would_read_as_data_is_quoted() -> None:
    for text in ("2024", "true", "null", "~", "1.5", "2026-01-01", "- item", "a: b", "# x"):
        assert read_back(f"k: {yaml_scalar(text, 0)}\n") == text
