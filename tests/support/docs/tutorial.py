"""Import the tutorial's steps (docs_src/tutorial_*) one at a time.

Each step is a whole application that declares the same SQLModel table, `user`, in SQLModel's
one shared metadata, as an application of its own would. Two steps cannot be imported side by
side in one process, so each is imported afresh, after the previous one's tables and mapped
classes are forgotten.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

STEPS = (
    "docs_src.tutorial_database.tutorial001",
    "docs_src.tutorial_current_user.tutorial001",
    "docs_src.tutorial_refresh.tutorial001",
    "docs_src.tutorial_logout.tutorial001",
    "docs_src.tutorial_cookies.tutorial001",
)


def is_step(name: str) -> bool:
    """Whether the module `name` is one of the tutorial's steps."""
    return name in STEPS


def load_step(name: str) -> ModuleType:
    """The step `name`, imported anew unless it is the last one imported."""
    from sqlmodel.main import SQLModel, default_registry  # noqa: PLC0415 - the tutorial only

    loaded = sys.modules.get(name)
    if loaded is not None:
        return loaded
    SQLModel.metadata.clear()
    default_registry.dispose()
    for step in STEPS:
        sys.modules.pop(step, None)
    return importlib.import_module(name)


def use_database_in(module: ModuleType, directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Give a step an empty database file in `directory`, for the test's duration.

    SQLAlchemy made the path of `database.db` absolute when the step was imported; the step's
    functions read `module.engine` when they run, so replacing it moves the database.
    """
    from sqlmodel import create_engine  # noqa: PLC0415 - the tutorial only

    options: dict[str, Any] = {"connect_args": {"check_same_thread": False}}
    engine = create_engine(f"sqlite:///{directory / 'database.db'}", **options)
    monkeypatch.setattr(module, "engine", engine)


def import_beside(name: str, main: ModuleType) -> ModuleType:
    """Import the example `name`, which imports the reader's `main.py`, with `main` as it."""
    sys.modules["main"] = main
    try:
        return importlib.import_module(name)
    finally:
        del sys.modules["main"]
