"""The Jinja2 environment of the web pages: autoescaping always on, small formatting filters."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

TEMPLATES = Path(__file__).parent / "templates"
PAGE_SIZE = 25


def _date(value: datetime | None, with_time: bool = False) -> str:
    if value is None:
        return ""
    return value.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


def claim_value_text(value: dict[str, Any] | None, unit: str | None = None) -> str:
    """A claim value as an analyst reads it: text if given, else bound and interval."""
    if not value:
        return ""
    if value.get("text"):
        shown = str(value["text"])
    else:
        low, high = value.get("low"), value.get("high")
        bound = value.get("bound") or ""
        if low is not None and high is not None and low != high:
            shown = f"{low}–{high}"
        else:
            shown = str(low if low is not None else high if high is not None
                        else value.get("entity") or value.get("date") or "")
        if bound and bound != "=":
            shown = f"{bound} {shown}"
    return f"{shown} {unit}".strip() if unit else shown


def _attribution(chain: list[Any] | None) -> str:
    if not chain:
        return "unattributed"
    names = [item.get("name", str(item)) if isinstance(item, dict) else str(item)
             for item in chain]
    return " → ".join(names)


SNIPPET_MARK = re.compile(r"\[([^\[\]<>]*)\]")


def _snippet(text: str) -> Markup:
    """A search snippet with the matched words, marked [like this] by the store, in <mark>."""
    return Markup(SNIPPET_MARK.sub(r"<mark>\1</mark>", str(escape(text))))


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(date=_date, claim_value=claim_value_text, attribution=_attribution,
                       snippet=_snippet)
    return env


def templates() -> Jinja2Templates:
    return Jinja2Templates(env=environment())


def page_link(request: Request, offset: int) -> str:
    """This page's URL with another offset, keeping every filter."""
    params = dict(request.query_params)
    params["offset"] = str(max(0, offset))
    return f"{request.url.path}?{urlencode(params)}"


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> Any:
    """A page, with what every page needs: the viewer, the CSRF token and the pager."""
    context.update(viewer=request.state.viewer, csrf_token=request.state.csrf,
                   multi_user=request.app.state.multi_user,
                   page_link=lambda offset: page_link(request, offset))
    return request.app.state.templates.TemplateResponse(request, name, context,
                                                       status_code=status_code)
