"""docs/reference/troubleshooting.md explains every reason FastJWT gives for a refusal.

The reasons are read from the sources: each `description=` given to an exception, a string,
a module constant, or a call of a module function that returns one (`codec.missing(name)`);
for an f-string, the text before its first placeholder.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import fastjwt
from tests.support.docs.pages import DOCS_DIR

PAGE = (DOCS_DIR / "reference" / "troubleshooting.md").read_text(encoding="utf-8")
PACKAGE = Path(fastjwt.__file__).parent
# Descriptions that document an OpenAPI scheme, not a refusal.
NOT_REFUSALS = {"fastjwt/web/schemes.py", "fastjwt/cli/parser.py"}


def _constants(tree: ast.Module) -> dict[str, str]:
    return {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name) and isinstance(node.value.value, str)
    }


def _text(value: ast.expr) -> str | None:
    """A string, or the text before the first placeholder of an f-string."""
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return value.value
    if isinstance(value, ast.JoinedStr) and isinstance(value.values[0], ast.Constant):
        return str(value.values[0].value).strip()
    return None


def _builders(tree: ast.Module) -> dict[str, str]:
    """Module functions whose body returns one string: the reasons they build."""
    built: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            returns = [statement for statement in node.body if isinstance(statement, ast.Return)]
            if len(returns) == 1 and returns[0].value is not None:
                text = _text(returns[0].value)
                if text is not None:
                    built[node.name] = text
    return built


def reasons() -> set[str]:
    found: set[str] = set()
    constants: dict[str, str] = {}
    builders: dict[str, str] = {}
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in PACKAGE.rglob("*.py")}
    for tree in trees.values():
        constants.update(_constants(tree))
        builders.update(_builders(tree))
    for path, tree in trees.items():
        if path.relative_to(PACKAGE.parent).as_posix() in NOT_REFUSALS:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.keyword) or node.arg != "description":
                continue
            value = node.value
            text = _text(value)
            if text is not None:
                found.add(text)
            elif isinstance(value, ast.Name) and value.id in constants:
                found.add(constants[value.id])
            elif isinstance(value, ast.Call):
                function = value.func
                name = function.attr if isinstance(function, ast.Attribute) else None
                name = function.id if isinstance(function, ast.Name) else name
                if name in builders:
                    found.add(builders[name])
    return found


REASONS = sorted(reasons())


def test_the_reasons_are_found() -> None:
    built = {"The token lacks the", "The token key id"}  # by codec.missing, keyring.unknown_kid
    assert {*built, "The token is not canonically encoded"} <= set(REASONS)
    assert len(REASONS) >= 25


@pytest.mark.parametrize("reason", REASONS)
def test_every_reason_is_explained(reason: str) -> None:
    assert reason in PAGE, f"troubleshooting.md does not explain {reason!r}"
