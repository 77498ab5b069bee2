"""The FastAPI application factory behind `veille serve`."""

from __future__ import annotations

import secrets
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.responses import Response

from veille.store import Store
from veille.web.rendering import render, templates
from veille.web.routes import (
    api,
    auth,
    documents,
    entities,
    home,
    ledger,
    mapping,
    search,
    stories,
    timeline,
)
from veille.web.security import Guard

STATIC = Path(__file__).parent / "static"
ROUTE_MODULES = (home, search, documents, stories, ledger, entities, mapping, timeline, auth, api)
"""Every module with a `router`; tests walk them to check that each write route is guarded."""


def create_app(store: Store, *, multi_user: bool = False) -> FastAPI:
    """The workspace over `store`; `multi_user` turns on accounts, roles and the login page."""
    app = FastAPI(title="veille", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = store
    app.state.multi_user = multi_user
    app.state.templates = templates()
    app.add_middleware(Guard, store=store, secret=secrets.token_bytes(32), multi_user=multi_user)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in ROUTE_MODULES:
        app.include_router(module.router)

    @app.exception_handler(HTTPException)
    async def page_error(request: Request, error: HTTPException) -> Response:
        """Errors as a page for people and as JSON for the API; redirects pass through."""
        if error.status_code in (301, 302, 303, 307):
            return Response(status_code=error.status_code, headers=error.headers)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code)
        return render(request, "error.html", status_code=error.status_code,
                      status=error.status_code, message=str(error.detail))

    return app
