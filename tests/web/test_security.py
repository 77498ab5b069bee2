"""CSRF on every write, roles, multi-user login, audit log and undo."""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from web_seed import EVIL_ENTITY_ID, FLAG_COPY, PLANT_ID, csrf_of

from veille.cli.web import is_loopback
from veille.store import Store
from veille.store.accounts import add_user
from veille.store.models import Entity, Flag
from veille.web.app import ROUTE_MODULES, create_app
from veille.web.security import safe_next


def test_every_write_route_requires_csrf(sqlite_store: Store) -> None:
    app = create_app(sqlite_store)
    writes = [r for module in ROUTE_MODULES for r in module.router.routes if isinstance(r, APIRoute) and "POST" in r.methods]
    assert len(writes) >= 8
    with TestClient(app) as anonymous:
        for route in writes:
            path = route.path.replace("{flag_id}", "x").replace("{entity_id}", "x") \
                .replace("{merge_id}", "1").replace("{entry_id}", "1").replace("{name}", "x")
            response = anonymous.post(path, data={"status": "accepted", "target": "y",
                                                  "name": "n", "password": "p" * 9,
                                                  "role": "viewer"})
            assert response.status_code == 403, path
            assert "CSRF" in response.text or "cross-origin" in response.text


def test_cross_origin_write_is_refused_even_with_token(client: TestClient) -> None:
    token = csrf_of(client)
    response = client.post(f"/flags/{FLAG_COPY}/decision", data={
        "csrf_token": token, "status": "accepted"}, headers={"origin": "http://evil.example"})
    assert response.status_code == 403


def test_flag_decision_is_audited_and_undone(client: TestClient, seeded: Store) -> None:
    token = csrf_of(client)
    response = client.post(f"/flags/{FLAG_COPY}/decision", follow_redirects=False,
                           data={"csrf_token": token, "status": "accepted", "back": "/ledger"})
    assert response.status_code == 303 and response.headers["location"] == "/ledger"
    with seeded.session() as session:
        flag = session.get(Flag, FLAG_COPY)
        assert (flag.status, flag.decided_by) == ("accepted", "local")
    audit = client.get("/audit").text
    assert "flag.decide" in audit and "/undo" in audit
    entry_id = audit.split('action="/audit/')[1].split("/undo")[0]
    client.post(f"/audit/{entry_id}/undo", data={"csrf_token": token})
    with seeded.session() as session:
        assert session.get(Flag, FLAG_COPY).status == "open"
    assert "undone by local" in client.get("/audit").text
    again = client.post(f"/audit/{entry_id}/undo", data={"csrf_token": token})
    assert again.status_code == 400


def test_merge_split_and_undo(client: TestClient, seeded: Store) -> None:
    token = csrf_of(client)
    client.post(f"/entities/{EVIL_ENTITY_ID}/merge", data={"csrf_token": token,
                                                           "target": PLANT_ID, "reason": "same"})
    with seeded.session() as session:
        assert session.get(Entity, EVIL_ENTITY_ID).merged_into == PLANT_ID
    page = client.get(f"/entities/{PLANT_ID}").text
    assert "Also stands for" in page and "/split" in page
    merge_id = page.split('action="/merges/')[1].split("/split")[0]
    client.post(f"/merges/{merge_id}/split", data={"csrf_token": token})
    with seeded.session() as session:
        assert session.get(Entity, EVIL_ENTITY_ID).merged_into is None
    audit = client.get("/audit").text
    split_entry = audit.split('action="/audit/')[1].split("/undo")[0]  # newest first: the split
    client.post(f"/audit/{split_entry}/undo", data={"csrf_token": token})
    with seeded.session() as session:
        assert session.get(Entity, EVIL_ENTITY_ID).merged_into == PLANT_ID
    bad = client.post(f"/entities/{PLANT_ID}/merge", data={"csrf_token": token,
                                                           "target": PLANT_ID})
    assert bad.status_code == 400


@pytest.fixture
def team(seeded: Store) -> Store:
    with seeded.session() as session:
        add_user(session, "vera", "viewer", "viewer-pass")
        add_user(session, "ana", "analyst", "analyst-pass")
        add_user(session, "adam", "admin", "admin-pass1")
    return seeded


def _login(client: TestClient, name: str, password: str) -> None:
    token = csrf_of(client, "/login")
    response = client.post("/login", data={"csrf_token": token, "name": name,
                                           "password": password, "next": "/ledger"},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/ledger"


def test_multi_user_requires_login_and_enforces_roles(team: Store) -> None:
    app = create_app(team, multi_user=True)
    with TestClient(app) as anonymous:
        response = anonymous.get("/ledger", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
        assert anonymous.get("/api/stats").status_code == 401
        token = csrf_of(anonymous, "/login")
        wrong = anonymous.post("/login", data={"csrf_token": token, "name": "ana",
                                               "password": "nope-nope"})
        assert wrong.status_code == 401 and "wrong name or password" in wrong.text
    with TestClient(app) as viewer:
        _login(viewer, "vera", "viewer-pass")
        assert viewer.get("/ledger").status_code == 200
        token = csrf_of(viewer, "/search")  # the logout form carries it
        denied = viewer.post(f"/flags/{FLAG_COPY}/decision",
                             data={"csrf_token": token, "status": "rejected"})
        assert denied.status_code == 403
        assert viewer.get("/audit").status_code == 403
        assert viewer.get("/admin/users").status_code == 403
    with TestClient(app) as analyst:
        _login(analyst, "ana", "analyst-pass")
        token = csrf_of(analyst, "/search")
        done = analyst.post(f"/flags/{FLAG_COPY}/decision", follow_redirects=False,
                            data={"csrf_token": token, "status": "rejected"})
        assert done.status_code == 303
        assert "ana" in analyst.get("/audit").text
        assert analyst.get("/admin/users").status_code == 403
        analyst.post("/logout", data={"csrf_token": token})
        assert analyst.get("/ledger", follow_redirects=False).status_code == 303
    with team.session() as session:
        assert session.get(Flag, FLAG_COPY).decided_by == "ana"
    with TestClient(app) as admin:
        _login(admin, "adam", "admin-pass1")
        token = csrf_of(admin, "/admin/users")
        admin.post("/admin/users", data={"csrf_token": token, "name": "new",
                                         "role": "analyst", "password": "long-enough"})
        admin.post("/admin/users/vera/role", data={"csrf_token": token, "role": "analyst"})
        users = admin.get("/admin/users").text
        assert "new" in users and "user.role" in admin.get("/audit").text


def test_login_session_cookie_is_hardened(team: Store) -> None:
    with TestClient(create_app(team, multi_user=True)) as browser:
        token = csrf_of(browser, "/login")
        response = browser.post("/login", data={"csrf_token": token, "name": "ana",
                                                "password": "analyst-pass"},
                                follow_redirects=False)
        cookie = response.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie


def test_passwords_are_argon2_hashed(team: Store) -> None:
    from veille.store.accounts import list_users

    with team.session() as session:
        hashes = [user.password_hash for user in list_users(session)]
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert not any("pass" in h for h in hashes)


def test_open_redirects_and_non_loopback_binds_are_refused() -> None:
    assert safe_next("//evil.example/x") == "/" and safe_next("https://evil") == "/"
    assert safe_next("/ledger?x=1") == "/ledger?x=1"
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10")
