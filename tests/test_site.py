"""What every page of the site owes its reader: a description, a way on, no maintainer notes.

Material's search ranks a page by its `search.boost`: tutorial and how-to pages above the
default, API pages below it, so that a search for a subject lands on the page that teaches it.
"""

from __future__ import annotations

import re

import pytest

from tests.support.docs.pages import DOCS_DIR, ROOT, Page, all_pages

PAGES = all_pages()
MKDOCS = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
# Words that belong to the project's own tests, not to a reader's application.
MAINTAINER_NOTES = re.compile(r"test suite|tests/|tests\.bench|browser tests?\b|benchmark")


def body(page: Page) -> str:
    text = page.path.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_page_has_its_own_description(page: Page) -> None:
    description = page.meta.get("description", "")
    assert len(description) >= 40, f"{page.name}: no description in its front matter"


def test_descriptions_differ() -> None:
    descriptions = [page.meta.get("description") for page in PAGES]
    assert len(set(descriptions)) == len(descriptions)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_page_ends_with_where_to_go_next(page: Page) -> None:
    headings = re.findall(r"^## (.+)$", body(page), re.MULTILINE)
    assert headings, f"{page.name} has no section"
    assert headings[-1] == "Where to go next", f"{page.name}: the last section is {headings[-1]}"
    last = body(page).rsplit("## Where to go next", 1)[1]
    assert re.search(r"\]\([^)]+\.md(#[^)]*)?\)", last), (
        f"{page.name}: where to go next links nowhere"
    )


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_no_maintainer_notes_on_user_pages(page: Page) -> None:
    text = body(page)
    # The Testing page is about the reader's own tests.
    found = [m.group(0) for m in MAINTAINER_NOTES.finditer(text)]
    assert not found, f"{page.name} speaks of the project's own tests: {found}"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_search_ranks_guides_above_the_api(page: Page) -> None:
    boost = float(page.meta.get("search.boost", "1"))
    if page.name.startswith(("tutorial/", "how-to/")) or page.name == "install.md":
        assert boost > 1, f"{page.name}: a guide page needs search.boost above 1"
    elif page.name.startswith("api/"):
        assert boost < 1, f"{page.name}: an API page needs search.boost below 1"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_page_is_in_the_nav(page: Page) -> None:
    assert f": {page.name}\n" in MKDOCS, f"{page.name} is missing from mkdocs.yml's nav"


def test_the_site_has_an_address() -> None:
    assert re.search(r"^site_url: https://\S+/$", MKDOCS, re.MULTILINE)


def test_the_nav_follows_the_reading_order() -> None:
    sections = re.findall(r"^  - (\w[\w -]*):$", MKDOCS, re.MULTILINE)
    assert sections[:4] == ["Tutorial", "How-to guides", "Reference", "Explanation"]
    tutorial = MKDOCS.split("  - Tutorial:\n", 1)[1].split("\n  - ", 1)[0]
    assert re.findall(r"tutorial/([\w-]+)\.md", tutorial) == [
        "first-steps",
        "database",
        "current-user",
        "refresh",
        "logout",
        "cookies",
        "production",
    ]


def test_the_pages_folder_is_docs() -> None:
    assert DOCS_DIR.name == "docs"
