"""Compare two builds of the site, MkDocs' and Zensical's: pages, and the features they show.

`python -m tests.support.docs.compare_sites MKDOCS_SITE ZENSICAL_SITE` prints what differs:
pages built by one only, and per feature the pages where the two builds disagree. It exits
with 1 when a page or a feature the site depends on is missing from the Zensical build.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

# What the site depends on, as seen in a page's HTML.
FEATURES: dict[str, Callable[[str], object]] = {
    "description": lambda html: re.findall(r'<meta name="description" content="([^"]*)"', html),
    "console blocks (copy the commands)": lambda html: html.count("language-console"),
    "API objects (mkdocstrings)": lambda html: html.count('class="doc doc-object'),
    "unresolved cross-references": lambda html: len(re.findall(r"\[fastjwt\.[\w.]+\]", html)),
    "task lists": lambda html: html.count("task-list-item"),
    "extra CSS and JavaScript": lambda html: (
        "stylesheets/extra.css" in html,
        "javascripts/console-copy.js" in html,
    ),
}


def pages(site: Path) -> dict[str, str]:
    return {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(site.rglob("*.html"))
    }


def search_boosts(site: Path) -> dict[str, float]:
    """The boost of each page in the site's search index, where the index records one."""
    for name in ("search/search_index.json", "search.json"):
        index = site / name
        if index.is_file():
            data = json.loads(index.read_text(encoding="utf-8"))
            items = data.get("docs") or data.get("items") or []
            return {item["location"]: float(item["boost"]) for item in items if "boost" in item}
    return {}


def compare(mkdocs_site: Path, zensical_site: Path) -> list[str]:
    """Lines of the report; those starting with "MISSING" make the comparison fail."""
    report: list[str] = []
    built, other = pages(mkdocs_site), pages(zensical_site)
    report.extend(
        f"MISSING page in the Zensical build: {name}" for name in sorted(set(built) - set(other))
    )
    report.extend(
        f"extra page in the Zensical build: {name}" for name in sorted(set(other) - set(built))
    )
    for feature, read in FEATURES.items():
        differ = [
            name
            for name in sorted(set(built) & set(other))
            if read(built[name]) != read(other[name])
        ]
        if differ:
            report.append(
                f"MISSING {feature} differs on {len(differ)} page(s): {', '.join(differ[:5])}"
            )
    boosts, other_boosts = search_boosts(mkdocs_site), search_boosts(zensical_site)
    if boosts and not other_boosts:
        report.append(
            f"search boosts: MkDocs' index boosts {len(boosts)} entries, Zensical's none "
            "(guide pages are not ranked first there; see the README)"
        )
    for name in ("sitemap.xml", "404.html"):
        if (mkdocs_site / name).is_file() and not (zensical_site / name).is_file():
            report.append(f"MISSING {name} in the Zensical build")
    return report


def main(arguments: list[str]) -> int:
    mkdocs_site, zensical_site = (Path(argument) for argument in arguments)
    report = compare(mkdocs_site, zensical_site)
    counts = len(pages(mkdocs_site)), len(pages(zensical_site))
    print(f"compared {counts[0]} MkDocs pages with {counts[1]} Zensical pages")
    for line in report or ["no difference in pages or features"]:
        print(f"- {line}")
    return 1 if any(line.startswith("MISSING") for line in report) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
