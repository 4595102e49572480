from collections.abc import Iterator
from pathlib import Path
from typing import Any

import main
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, create_engine

from fastjwt import FastJWT


# --8<-- [start:database]
@pytest.fixture(autouse=True)
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """An empty database for each test, in place of database.db."""
    engine = create_engine(f"sqlite:///{tmp_path / 'test.db'}")
    monkeypatch.setattr(main, "engine", engine)
    SQLModel.metadata.create_all(engine)
    yield engine
    engine.dispose()
    # --8<-- [end:database]


# --8<-- [start:fixtures]
@pytest.fixture
def fastjwt_security() -> FastJWT[Any]:
    return main.security


@pytest.fixture
def fastjwt_app() -> Any:
    return main.app


@pytest.fixture
def fastjwt_subject(engine: Engine) -> str:
    """The user fastjwt_client signs in as: Alice, stored in the test database."""
    with Session(engine) as session:
        alice = main.User(username="alice", hashed_password=main.password_hash.hash("wonderland"))
        session.add(alice)
        session.commit()
        return str(alice.id)
        # --8<-- [end:fixtures]
