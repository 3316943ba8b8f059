"""Who is asking: «Authorization: Bearer <token>» with an API token (`rasad user add`) or a
session token (POST /api/login). Writes always need one; reads too in private mode."""
from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from typing import Optional

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

bearer = HTTPBearer(auto_error=False, description="API token from `rasad user add`, or a session token from "
                                                  "POST /api/login")

UNAUTHORISED = {"WWW-Authenticate": "Bearer"}


def token_of(creds: Optional[HTTPAuthorizationCredentials]) -> Optional[str]:
    """The bearer token of a request, if it sent one."""
    if creds is None or creds.scheme.lower() != "bearer" or not creds.credentials:
        return None
    return creds.credentials


def current_user(request: Request, creds: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> Optional[str]:
    """The user the token belongs to, or None (no token, or a wrong or expired one)."""
    token = token_of(creds)
    if token is None:
        return None
    return request.app.state.store.user_for_token(token)


def require_user(user: Optional[str] = Depends(current_user)) -> str:
    """401 unless the request carries a valid token."""
    if user is None:
        raise HTTPException(401, "a valid token is needed: «Authorization: Bearer <token>»", headers=UNAUTHORISED)
    return user


def require_reader(request: Request, user: Optional[str] = Depends(current_user)) -> Optional[str]:
    """Anyone may read when reads are open; otherwise as `require_user`."""
    if request.app.state.read_open:
        return user
    return require_user(user)


class LoginThrottle:
    """At most `limit` failed logins per client and user name in `window` seconds."""

    def __init__(self, limit: int = 10, window: float = 900.0):
        self.limit = limit
        self.window = window
        self._fails: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _live(self, key: tuple[str, str], t: float) -> deque[float]:
        q = self._fails[key]
        while q and q[0] <= t - self.window:
            q.popleft()
        return q

    def retry_after(self, client: str, user: str) -> Optional[int]:
        """Seconds to wait when this client has failed too often for this user, else None."""
        t = time.monotonic()
        with self._lock:
            q = self._live((client, user), t)
            if len(q) < self.limit:
                return None
            return max(1, int(q[0] + self.window - t))

    def failed(self, client: str, user: str) -> None:
        t = time.monotonic()
        with self._lock:
            self._live((client, user), t).append(t)
            if len(self._fails) > 10_000:  # forget quiet keys
                for k in [k for k, q in self._fails.items() if not q or q[-1] <= t - self.window]:
                    del self._fails[k]

    def succeeded(self, client: str, user: str) -> None:
        with self._lock:
            self._fails.pop((client, user), None)
