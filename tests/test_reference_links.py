"""The reference and the guides link both ways.

A guide page (tutorial, how-to, explanation) that mentions a public name in backticks links
one of its mentions to the name's API entry (mkdocstrings' cross-references); the docstrings
of the main public API link back to the guide that teaches them ("See Also") and show an
example, which tests/test_docstring_examples.py runs.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import re
from pathlib import Path

import pytest

import fastjwt
from fastjwt import testing
from tests.support.docs.pages import Page, all_pages

GUIDES = [
    page for page in all_pages() if page.name.startswith(("tutorial/", "how-to/", "explanation/"))
]
F = "fastjwt.FastJWT."
# Public names, by how a page writes them, and their API entries.
LINKED = {
    "access_token_required": F + "access_token_required",
    "refresh_token_required": F + "refresh_token_required",
    "fresh_token_required": F + "fresh_token_required",
    "current_subject": F + "current_subject",
    "token_required": F + "token_required",
    "scopes_required": F + "scopes_required",
    "create_access_token": F + "create_access_token",
    "create_refresh_token": F + "create_refresh_token",
    "set_access_cookies": F + "set_access_cookies",
    "set_subject_getter": F + "set_subject_getter",
    "revoke": F + "revoke",
    "revoke_subject": F + "revoke_subject",
    "rotate_refresh_token": F + "rotate_refresh_token",
    "verify_token": F + "verify_token",
    "handle_errors": F + "handle_errors",
    "load_config": F + "load_config",
    "jwks_router": F + "jwks_router",
    "FJWTConfig": "fastjwt.FJWTConfig",
    "TokenPayload": "fastjwt.TokenPayload",
    "MemoryStore": "fastjwt.MemoryStore",
    "RedisStore": "fastjwt.stores.redis_store.RedisStore",
    "BadConfigurationError": "fastjwt.BadConfigurationError",
}
MAIN_API = [
    fastjwt.FastJWT,
    fastjwt.FastJWT.create_access_token,
    fastjwt.FastJWT.token_required,
    fastjwt.FastJWT.scopes_required,
    fastjwt.FastJWT.set_subject_getter,
    fastjwt.FastJWT.revoke,
    fastjwt.FJWTConfig,
    fastjwt.TokenPayload,
    fastjwt.RequestToken,
    fastjwt.TokenRequired,
    fastjwt.MemoryStore,
    fastjwt.ImplicitRefresh,
    fastjwt.add_error_responses,
    testing.TokenFactory,
]


def prose(page: Page) -> str:
    """The page without its front matter and code blocks."""
    text = page.path.read_text(encoding="utf-8")
    text = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    return re.sub(r"^( *)(```|~~~).*?^\1\2", "", text, flags=re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("page", GUIDES, ids=lambda page: page.name)
def test_guides_link_the_public_names_they_mention(page: Page) -> None:
    text = prose(page)
    unlinked = [
        name
        for name, target in LINKED.items()
        # A mention that is the text of a link (to the API or a guide) needs no other.
        if re.search(rf"(?<!\[)`(security\.)?{name}(\([^`]*\))?`(?!\])", text)
        and f"][{target}]" not in text
    ]
    assert not unlinked, f"{page.name} mentions {unlinked} without linking to the API entry"


@pytest.mark.parametrize("api", MAIN_API, ids=lambda api: api.__qualname__)
def test_the_main_api_links_back_to_a_guide_and_shows_an_example(api: object) -> None:
    doc = inspect.getdoc(api) or ""
    assert "See Also:" in doc, "no See Also section"
    assert re.search(r"\]\(\.\./[\w/-]+\.md", doc), "no link to a guide"
    assert "Example:" in doc, "no example"


def _attribute_docstrings(tree: ast.AST) -> set[str]:
    """Names assigned (`X = ...`, `self.X: T = ...`) right before a string literal."""
    documented: set[str] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for statement, following in itertools.pairwise(body):
            is_doc = isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)
            targets = (
                statement.targets
                if isinstance(statement, ast.Assign)
                else ([statement.target] if isinstance(statement, ast.AnnAssign) else [])
            )
            for target in targets:
                name = (
                    target.attr
                    if isinstance(target, ast.Attribute)
                    else getattr(target, "id", None)
                )
                if is_doc and name:
                    documented.add(name)
    return documented


def test_the_aliases_messages_and_store_are_documented() -> None:
    core = Path(inspect.getfile(fastjwt.FastJWT))
    documented = _attribute_docstrings(ast.parse(core.read_text(encoding="utf-8")))
    aliases = {"ACCESS_REQUIRED", "REFRESH_REQUIRED", "FRESH_REQUIRED", "ACCESS_TOKEN"}
    aliases |= {"REFRESH_TOKEN", "CURRENT_SUBJECT", "BUNDLE", "DEPENDENCY"}
    messages = {name for name in vars(fastjwt.FastJWT) if name.startswith("MSG_")}
    assert len(messages) == 16
    assert aliases | messages <= documented
    assert inspect.getdoc(fastjwt.FastJWT.store)


def test_every_field_of_token_payload_is_documented() -> None:
    source = Path(inspect.getfile(fastjwt.TokenPayload)).read_text(encoding="utf-8")
    (cls,) = [
        node
        for node in ast.parse(source).body
        if isinstance(node, ast.ClassDef) and node.name == "TokenPayload"
    ]
    assert set(fastjwt.TokenPayload.model_fields) <= _attribute_docstrings(cls)
