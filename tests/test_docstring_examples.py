"""Run the examples in the public API's docstrings (rendered in the API reference)."""

from __future__ import annotations

import pytest
from pytest_examples import CodeExample, EvalExample, find_examples

EXAMPLES = list(find_examples("fastjwt"))


def test_the_public_api_has_examples() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("example", EXAMPLES, ids=str)
def test_docstring_example(example: CodeExample, eval_example: EvalExample) -> None:
    eval_example.set_config(line_length=100, target_version="py310", ruff_ignore=["S101", "D"])
    eval_example.lint(example)
    eval_example.run(example)
