# --8<-- [start:imports]
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Response, status
from fastapi.responses import FileResponse
from fastapi.security import OAuth2PasswordRequestForm
from fastapi.staticfiles import StaticFiles
from pwdlib import PasswordHash
from sqlmodel import Field, Session, SQLModel, create_engine, select

from fastjwt import FastJWT, FJWTConfig, TokenPayload

# --8<-- [end:imports]


# --8<-- [start:models]
class UserBase(SQLModel):
    username: str = Field(unique=True, index=True, min_length=1, max_length=64)
    full_name: str | None = None


class User(UserBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    hashed_password: str


class UserCreate(UserBase):
    password: str = Field(min_length=8)


class UserPublic(UserBase):
    id: int


class Credentials(SQLModel):
    username: str
    password: str


class NameChange(SQLModel):
    full_name: str


class Token(SQLModel):
    access_token: str
    refresh_token: str | None = None
    token_type: str = "bearer"
    # --8<-- [end:models]


# --8<-- [start:database]
engine = create_engine("sqlite:///database.db", connect_args={"check_same_thread": False})


def get_session() -> Iterator[Session]:
    with Session(engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    SQLModel.metadata.create_all(engine)
    yield
    engine.dispose()
    # --8<-- [end:database]


# --8<-- [start:passwords]
password_hash = PasswordHash.recommended()
# Checked when the username is unknown, so that a login takes as long either way.
DUMMY_HASH = password_hash.hash("a password that nobody has")


def authenticate(session: Session, username: str, password: str) -> User | None:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        password_hash.verify(password, DUMMY_HASH)
        return None
    if not password_hash.verify(password, user.hashed_password):
        return None
    return user
    # --8<-- [end:passwords]


# --8<-- [start:security]
config = FJWTConfig(
    # A demo value: a real secret comes from the environment (see "Going to production").
    JWT_SECRET_KEY="demo-only-secret-replace-me-with-32-random-bytes",
    # Swagger UI's Authorize button logs in with the password form at /token.
    JWT_TOKEN_URL="/token",
    # Programs send the header; the browser page sends the cookies.
    JWT_TOKEN_LOCATION=["headers", "cookies"],
    # The refresh cookie goes to the /session routes only.
    JWT_REFRESH_COOKIE_PATH="/session",
)
security = FastJWT(config, model=User)
app = FastAPI(title="Notes", lifespan=lifespan)
# --8<-- [end:security]


# --8<-- [start:register]
@app.post("/users", status_code=status.HTTP_201_CREATED)
def register(data: UserCreate, session: SessionDep) -> UserPublic:
    if session.exec(select(User).where(User.username == data.username)).first():
        raise HTTPException(status.HTTP_409_CONFLICT, detail="Username already taken")
    user = User(
        username=data.username,
        full_name=data.full_name,
        hashed_password=password_hash.hash(data.password),
    )
    session.add(user)
    session.commit()
    session.refresh(user)
    return UserPublic.model_validate(user)
    # --8<-- [end:register]


# --8<-- [start:login]
@app.post("/token")
def login(form: Annotated[OAuth2PasswordRequestForm, Depends()], session: SessionDep) -> Token:
    user = authenticate(session, form.username, form.password)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="Incorrect username or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    uid = str(user.id)
    return Token(
        access_token=security.create_access_token(uid=uid, fresh=True),
        refresh_token=security.create_refresh_token(uid=uid),
    )
    # --8<-- [end:login]


# --8<-- [start:refresh]
@app.post("/refresh")
def refresh(payload: Annotated[TokenPayload, Depends(security.refresh_token_required)]) -> Token:
    return Token(access_token=security.create_access_token(uid=str(payload.sub)))
    # --8<-- [end:refresh]


# --8<-- [start:getter]
@security.set_subject_getter
def get_user(user_id: str) -> User | None:
    if not user_id.isdecimal():
        return None
    with Session(engine) as session:
        return session.get(User, int(user_id))


CurrentUser = Annotated[User, Depends(security.current_subject)]
# --8<-- [end:getter]


# --8<-- [start:logout]
Access = Annotated[TokenPayload, Depends(security.access_token_required)]
# The refresh token comes in the JSON body of the logout request: {"refresh_token": "..."}.
refresh_in_body = security.token_required("refresh", locations=["json"], optional=True)


@app.post("/logout")
async def logout(
    access: Access, refresh: Annotated[TokenPayload | None, Depends(refresh_in_body)]
) -> dict[str, str]:
    await security.revoke(access, *([refresh] if refresh is not None else []))
    return {"message": "Logged out"}
    # --8<-- [end:logout]


# --8<-- [start:me]
@app.get("/me")
def read_me(user: CurrentUser) -> UserPublic:
    return UserPublic.model_validate(user)


@app.delete("/me", status_code=status.HTTP_204_NO_CONTENT)
def delete_me(user: CurrentUser, session: SessionDep) -> None:
    session.delete(session.merge(user))
    session.commit()
    # --8<-- [end:me]


# --8<-- [start:rename]
@app.put("/me")
def rename_me(data: NameChange, user: CurrentUser, session: SessionDep) -> UserPublic:
    user = session.merge(user)
    user.full_name = data.full_name
    session.commit()
    session.refresh(user)
    return UserPublic.model_validate(user)
    # --8<-- [end:rename]


# --8<-- [start:session]
@app.post("/session")
def open_session(data: Credentials, session: SessionDep, response: Response) -> dict[str, str]:
    user = authenticate(session, data.username, data.password)
    if user is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="Incorrect username or password")
    uid = str(user.id)
    security.set_access_cookies(security.create_access_token(uid=uid, fresh=True), response)
    security.set_refresh_cookies(security.create_refresh_token(uid=uid), response)
    return {"message": f"Logged in as {user.username}"}


@app.post("/session/refresh")
def refresh_session(
    payload: Annotated[TokenPayload, Depends(security.refresh_token_required)], response: Response
) -> dict[str, str]:
    security.set_access_cookies(security.create_access_token(uid=str(payload.sub)), response)
    return {"message": "Access token refreshed"}


# The access token's CSRF check already protects the logout request.
refresh_cookie = security.token_required(
    "refresh", locations=["cookies"], optional=True, verify_csrf=False
)


@app.post("/session/logout")
async def close_session(
    access: Access,
    refresh: Annotated[TokenPayload | None, Depends(refresh_cookie)],
    response: Response,
) -> dict[str, str]:
    await security.revoke(access, *([refresh] if refresh is not None else []))
    security.unset_cookies(response)
    return {"message": "Logged out"}
    # --8<-- [end:session]


# --8<-- [start:page]
STATIC = Path(__file__).parent / "static"
app.mount("/static", StaticFiles(directory=STATIC), name="static")


@app.get("/", include_in_schema=False)
def page() -> FileResponse:
    return FileResponse(STATIC / "index.html")
    # --8<-- [end:page]
