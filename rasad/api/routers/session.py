"""POST /api/login and /api/logout: session tokens for the dashboard's reviewers."""
from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials

from rasad.api import schemas as S
from rasad.api.auth import LoginThrottle, bearer, require_user, token_of
from rasad.api.deps import StoreDep

router = APIRouter(prefix="/api", tags=["auth"])


@router.post("/login", response_model=S.LoginOut, responses={401: {"description": "wrong password"}})
def login(store: StoreDep, request: Request, body: S.LoginIn) -> dict[str, Any]:
    """A session token (valid 12 hours) for a user name and password."""
    throttle: LoginThrottle = request.app.state.login_throttle
    client = request.client.host if request.client else "?"
    wait = throttle.retry_after(client, body.user)
    if wait:
        raise HTTPException(429, "too many failed logins; try again later", headers={"Retry-After": str(wait)})
    with request.app.state.write_lock:
        token = store.login(body.user, body.password)
    if token is None:
        throttle.failed(client, body.user)
        raise HTTPException(401, "wrong user name or password", headers={"WWW-Authenticate": "Bearer"})
    throttle.succeeded(client, body.user)
    return {"token": token, "user": body.user}


@router.post("/logout", response_model=S.OkOut, responses={401: {"description": "no valid token"}})
def logout(store: StoreDep, request: Request, user: str = Depends(require_user),
           creds: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> dict[str, Any]:
    """End the session the token belongs to (an API token stays valid)."""
    token = token_of(creds)
    if token:
        with request.app.state.write_lock:
            store.logout(token)
    return {"ok": True}
