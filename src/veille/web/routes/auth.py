"""Login, logout, user administration, and the audit log with undo."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse

from veille.store import accounts
from veille.store.decisions import DecisionError, undo
from veille.web.rendering import PAGE_SIZE, render
from veille.web.routes.params import offset_of
from veille.web.security import SESSION_COOKIE, Viewer, check_csrf, require, safe_next

router = APIRouter()


@router.get("/login")
def login_page(request: Request, next: str = "/"):  # type: ignore[no-untyped-def]
    if not request.app.state.multi_user:
        return RedirectResponse("/", status_code=303)
    return render(request, "login.html", next=safe_next(next), error="")


@router.post("/login", dependencies=[Depends(check_csrf)])
def login(request: Request, name: Annotated[str, Form()],  # type: ignore[no-untyped-def]
          password: Annotated[str, Form()], next: Annotated[str, Form()] = "/"):
    if not request.app.state.multi_user:
        return RedirectResponse("/", status_code=303)
    with request.app.state.store.session() as session:
        user = accounts.authenticate(session, name, password)
        if user is None:
            accounts.record(session, name[:100] or "?", "login.failed", "user", name[:100])
            return render(request, "login.html", status_code=401, next=safe_next(next),
                          error="wrong name or password")
        token, _csrf = accounts.open_session(session, user)
        accounts.record(session, user.name, "login", "user", user.name)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https",
                        max_age=int(accounts.SESSION_LIFETIME.total_seconds()))
    return response


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request):  # type: ignore[no-untyped-def]
    token = request.cookies.get(SESSION_COOKIE)
    if token and request.app.state.multi_user:
        with request.app.state.store.session() as session:
            accounts.close_session(session, token)
    response = RedirectResponse("/login" if request.app.state.multi_user else "/",
                                status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/audit")
def audit(request: Request, who: Annotated[Viewer, Depends(require("analyst"))],  # type: ignore[no-untyped-def]
          actor: str = "", offset: Annotated[int | None, Query()] = None):
    start = offset_of(offset)
    with request.app.state.store.session() as session:
        rows, total = accounts.audit_page(session, limit=PAGE_SIZE * 2, offset=start,
                                          actor=actor or None)
        return render(request, "audit.html", rows=rows, total=total, offset=start,
                      limit=PAGE_SIZE * 2, actor=actor)


@router.post("/audit/{entry_id}/undo", dependencies=[Depends(check_csrf)])
def undo_entry(request: Request, entry_id: int,  # type: ignore[no-untyped-def]
               who: Annotated[Viewer, Depends(require("analyst"))]):
    with request.app.state.store.session() as session:
        try:
            undo(session, entry_id, who.name)
        except DecisionError as error:
            raise HTTPException(400, str(error)) from None
    return RedirectResponse("/audit", status_code=303)


@router.get("/admin/users")
def users(request: Request, who: Annotated[Viewer, Depends(require("admin"))]):  # type: ignore[no-untyped-def]
    with request.app.state.store.session() as session:
        return render(request, "users.html", users=accounts.list_users(session),
                      roles=accounts.ROLES, error="")


@router.post("/admin/users", dependencies=[Depends(check_csrf)])
def add_user(request: Request, who: Annotated[Viewer, Depends(require("admin"))],  # type: ignore[no-untyped-def]
             name: Annotated[str, Form()], role: Annotated[str, Form()],
             password: Annotated[str, Form()]):
    with request.app.state.store.session() as session:
        try:
            accounts.add_user(session, name, role, password)
        except accounts.AccountError as error:
            raise HTTPException(400, str(error)) from None
        accounts.record(session, who.name, "user.add", "user", name, after={"role": role})
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{name}/role", dependencies=[Depends(check_csrf)])
def change_role(request: Request, name: str,  # type: ignore[no-untyped-def]
                who: Annotated[Viewer, Depends(require("admin"))],
                role: Annotated[str, Form()]):
    with request.app.state.store.session() as session:
        try:
            old, new = accounts.set_role(session, name, role)
        except accounts.AccountError as error:
            raise HTTPException(400, str(error)) from None
        accounts.record(session, who.name, "user.role", "user", name, before={"role": old},
                        after={"role": new})
    return RedirectResponse("/admin/users", status_code=303)
