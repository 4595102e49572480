"""docs/reference/configuration.md documents every FJWTConfig field, and only those, correctly.

Each field is one table row: setting, type, default, an example environment value, effect.
The tests read the rows back and compare them with `FJWTConfig.model_fields`: a field added
without documentation, a documented field that was removed, a default that changed or an
environment example that no longer parses all fail here.
"""

from __future__ import annotations

import ast
import re
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from fastjwt import BadConfigurationError, FJWTConfig
from tests.support.docs.pages import DOCS_DIR

PAGE = DOCS_DIR / "reference" / "configuration.md"
FIELDS = FJWTConfig.model_fields
_ROW = re.compile(r"^\| `(?P<name>JWT_[A-Z0-9_]+)` \|")
_ENV_EXAMPLE = re.compile(r"`(?P<name>JWT_[A-Z0-9_]+)=(?P<value>[^`]+)`")
_CELLS = 5


@dataclass(frozen=True)
class Row:
    """One documented setting."""

    name: str
    type: str
    default: str
    environment: str
    effect: str
    lineno: int


def parse_rows(text: str) -> list[Row]:
    """The setting rows of the page's tables, in page order."""
    rows: list[Row] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not _ROW.match(line):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        assert len(cells) == _CELLS, f"line {lineno}: expected {_CELLS} cells, got {cells}"
        name, kind, default, environment, effect = cells
        rows.append(Row(name.strip("`"), kind, default, environment, effect, lineno))
    return rows


ROWS = parse_rows(PAGE.read_text(encoding="utf-8"))
BY_NAME = {row.name: row for row in ROWS}
# Keys, key files and the addresses of keys: their examples come from files or commands.
KEY_SETTINGS = {
    "JWT_SECRET_KEY",
    "JWT_PRIVATE_KEY",
    "JWT_PUBLIC_KEY",
    "JWT_SECRET_KEY_FILE",
    "JWT_PRIVATE_KEY_FILE",
    "JWT_PUBLIC_KEY_FILE",
    "JWT_KEY_ID",
    "JWT_VERIFICATION_KEYS",
    "JWT_VERIFICATION_KEY_FILES",
    "JWT_JWKS_URL",
}


def code(cell: str) -> str:
    """The content of a cell that must be exactly one inline code span."""
    assert re.fullmatch(r"`[^`]+`", cell), f"expected one `code` span, got {cell!r}"
    return cell[1:-1]


def evaluate(expression: str) -> Any:
    """A documented default: a Python literal, or `timedelta(<unit>=<number>, ...)`."""
    node = ast.parse(expression, mode="eval").body
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        assert node.func.id == "timedelta", f"only timedelta(...) calls, got {expression!r}"
        assert not node.args, "write timedelta with keyword arguments"
        units = {str(kw.arg): ast.literal_eval(kw.value) for kw in node.keywords}
        return timedelta(**units)
    return ast.literal_eval(node)


def shell_value(word: str) -> str | None:
    """The value a shell gives the variable, or None for a command substitution."""
    if "$(" in word:
        return None
    if len(word) >= 2 and word[0] == word[-1] and word[0] in "'\"":
        return word[1:-1]
    return word


def _flatten(annotation: Any) -> list[Any]:
    """The annotation and everything nested in it (unions, Annotated, generics)."""
    found = [annotation]
    for argument in typing.get_args(annotation):
        found.extend(_flatten(argument))
    return found


def allows_none(annotation: Any) -> bool:
    return any(part is types.NoneType for part in _flatten(annotation))


def is_sequence(annotation: Any) -> bool:
    origins = {typing.get_origin(part) for part in _flatten(annotation)}
    return bool(origins & {list, Sequence})


def is_mapping(annotation: Any) -> bool:
    return dict in {typing.get_origin(part) for part in _flatten(annotation)}


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No JWT_* variable from the machine running the tests leaks into a config."""
    for name in FIELDS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


# The page and the model list the same fields.


def test_the_page_has_rows() -> None:
    assert len(ROWS) >= 40


def test_every_field_is_documented() -> None:
    missing = sorted(set(FIELDS) - set(BY_NAME))
    assert not missing, f"FJWTConfig fields missing from {PAGE.name}: {missing}"


def test_every_documented_setting_exists() -> None:
    unknown = sorted(set(BY_NAME) - set(FIELDS))
    assert not unknown, f"{PAGE.name} documents settings FJWTConfig no longer has: {unknown}"


def test_each_setting_is_documented_once() -> None:
    names = [row.name for row in ROWS]
    assert len(names) == len(set(names)), [name for name in names if names.count(name) > 1]


# Each row is right about its field.


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_the_documented_default_is_the_real_one(row: Row) -> None:
    documented = evaluate(code(row.default))
    real = FIELDS[row.name].get_default(call_default_factory=True)

    assert documented == real, f"line {row.lineno}: {row.name} defaults to {real!r}"
    assert type(documented) is type(real) or real is None


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_the_documented_type_says_none_and_list_when_the_field_does(row: Row) -> None:
    annotation = FIELDS[row.name].annotation

    assert ("`None`" in row.type) == allows_none(annotation), f"line {row.lineno}: {row.type}"
    assert ("list" in row.type) == is_sequence(annotation), f"line {row.lineno}: {row.type}"
    assert ("dict" in row.type) == is_mapping(annotation), f"line {row.lineno}: {row.type}"


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_every_row_explains_its_effect(row: Row) -> None:
    assert len(row.effect.split()) >= 5, f"line {row.lineno}: say what {row.name} does"


def test_only_keys_are_shown_as_command_substitutions() -> None:
    substituted = {row.name for row in ROWS if shell_value(code(row.environment)) is None}

    assert substituted == KEY_SETTINGS


@pytest.mark.parametrize(
    "row", [row for row in ROWS if row.name not in KEY_SETTINGS], ids=lambda row: row.name
)
def test_the_environment_example_is_read_from_the_variable(
    row: Row, clean_environment: pytest.MonkeyPatch
) -> None:
    value = shell_value(code(row.environment))
    assert value is not None
    clean_environment.setenv(row.name, value)

    config = FJWTConfig()

    assert row.name in config.model_fields_set
    assert getattr(config, row.name) != FIELDS[row.name].default, (
        f"line {row.lineno}: the example should show a value other than the default"
    )


def test_the_examples_of_the_value_formats_parse(clean_environment: pytest.MonkeyPatch) -> None:
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("### Values in the environment", 1)[1].split("\n## ", 1)[0]
    examples = [(match["name"], match["value"]) for match in _ENV_EXAMPLE.finditer(section)]
    assert len(examples) >= 5

    for name, word in examples:
        value = shell_value(word)
        assert value is not None
        clean_environment.setenv(name, value)
        assert getattr(FJWTConfig(), name) != FIELDS[name].default, f"{name}={word}"
        clean_environment.delenv(name)


def test_durations_read_as_seconds_or_iso_8601(clean_environment: pytest.MonkeyPatch) -> None:
    for value in ("300", "PT5M"):
        clean_environment.setenv("JWT_ACCESS_TOKEN_EXPIRES", value)
        lifetime = FJWTConfig().JWT_ACCESS_TOKEN_EXPIRES
        assert lifetime == timedelta(minutes=5)


def test_none_cannot_come_from_the_environment(clean_environment: pytest.MonkeyPatch) -> None:
    clean_environment.setenv("JWT_ACCESS_TOKEN_EXPIRES", "")
    with pytest.raises(BadConfigurationError, match="JWT_ACCESS_TOKEN_EXPIRES"):
        FJWTConfig()


def test_the_constructor_wins_over_the_environment(clean_environment: pytest.MonkeyPatch) -> None:
    clean_environment.setenv("JWT_HEADER_NAME", "X-From-Env")

    assert FJWTConfig().JWT_HEADER_NAME == "X-From-Env"
    assert FJWTConfig(JWT_HEADER_NAME="X-From-Code").JWT_HEADER_NAME == "X-From-Code"


# The checks catch what they are meant to catch.


def test_the_row_parser_and_the_default_evaluator() -> None:
    rows = parse_rows(
        "| Setting | Type | Default | Environment | Effect |\n"
        "|---|---|---|---|---|\n"
        "| `JWT_X` | `int` | `timedelta(minutes=5)` | `'[\"a\"]'` | Does a thing to tokens. |\n"
    )

    assert [(row.name, row.lineno) for row in rows] == [("JWT_X", 3)]
    assert evaluate(code(rows[0].default)) == timedelta(minutes=5)
    assert shell_value(code(rows[0].environment)) == '["a"]'
    assert shell_value('"$(cat key.pem)"') is None
    assert evaluate('["HS256"]') == ["HS256"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("| `JWT_X` | `int` | `0` | Too few cells |", "expected 5 cells"),
        ("| `JWT_X` | `int` | `0` | `1` | a | extra |", "expected 5 cells"),
    ],
)
def test_malformed_rows_are_refused(line: str, message: str) -> None:
    with pytest.raises(AssertionError, match=message):
        parse_rows(line)


def test_bad_defaults_are_refused() -> None:
    with pytest.raises(AssertionError, match="one `code` span"):
        code("15 minutes")
    with pytest.raises(AssertionError, match="only timedelta"):
        evaluate("datetime(2026, 1, 1)")
    with pytest.raises(AssertionError, match="keyword arguments"):
        evaluate("timedelta(5)")
