"""Who may change data: viewing is open, loading data needs an editor.

- `[auth]` in .streamlit/secrets.toml: Streamlit's OIDC login (st.login / st.user), and editors
  are the e-mail addresses in `editors = [...]` or the members of a group the provider names in
  the token's `groups` claim, listed in `editor_groups = [...]`;
- else `editor_password` in secrets: compared in constant time, never logged or echoed;
- else nobody can edit and the page says how to enable it.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any

import streamlit as st

from analytics.text import md
from i18n import _

_SESSION_FLAG = "_editor_by_password"


def _secrets() -> Mapping[str, Any]:
    try:
        return dict(st.secrets)
    except Exception:  # no secrets.toml: the read-only default
        return {}


def mode() -> str:
    """'oidc', 'password' or 'read-only'."""
    secrets = _secrets()
    if "auth" in secrets:
        return "oidc"
    if secrets.get("editor_password"):
        return "password"
    return "read-only"


def is_listed_editor(user: Mapping[str, Any], secrets: Mapping[str, Any]) -> bool:
    """An editor by e-mail address (`editors`, in any case) or by a group of the token's
    `groups` claim (`editor_groups`, exact: group ids are case-sensitive at most providers)."""
    editors = {str(e).strip().casefold() for e in secrets.get("editors", [])} - {""}
    if str(user.get("email") or "").strip().casefold() in editors:
        return True
    groups = user.get("groups") or []
    if isinstance(groups, str):
        groups = [groups]
    allowed = {str(g) for g in secrets.get("editor_groups", [])} - {""}
    return bool({str(g) for g in groups} & allowed)


def password_matches(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def is_editor() -> bool:
    current = mode()
    if current == "oidc":
        if not getattr(st.user, "is_logged_in", False):
            return False
        return is_listed_editor({k: st.user.get(k) for k in ("email", "groups")}, _secrets())
    if current == "password":
        return bool(st.session_state.get(_SESSION_FLAG))
    return False


def _check_password() -> None:
    given = st.session_state.pop("_editor_password_input", "") or ""
    expected = str(_secrets().get("editor_password", ""))
    st.session_state[_SESSION_FLAG] = bool(expected) and password_matches(given, expected)
    if not st.session_state[_SESSION_FLAG]:
        st.session_state["_editor_password_failed"] = True


def panel() -> bool:
    """Sign-in controls for the data page; returns whether the user may change data."""
    current = mode()
    if current == "read-only":
        st.info(
            _(
                "This dashboard is read-only. To let editors load data from the browser, set "
                "`editor_password` in `.streamlit/secrets.toml`, or configure `[auth]` (OIDC) "
                "with an `editors` list of e-mail addresses. The command line works regardless: "
                "`python -m etl load FILE`."
            ),
            icon=":material/lock:",
        )
        return False
    if current == "oidc":
        if not getattr(st.user, "is_logged_in", False):
            st.button(_("Sign in to load data"), on_click=st.login, icon=":material/login:")
            return False
        if not is_editor():
            email = st.user.get("email")
            st.warning(
                _("{account} is not an editor.", account=md(email))
                if email
                else _("This account is not an editor.")
            )
            st.button(_("Sign out"), on_click=st.logout)
            return False
        # Translators: {account} is the e-mail address signed in
        st.caption(_("Signed in as {account} (editor).", account=md(st.user.get("email"))))
        st.button(_("Sign out"), on_click=st.logout)
        return True
    if is_editor():
        st.caption(_("Signed in as editor."))
        if st.button(_("Sign out"), icon=":material/logout:"):
            st.session_state[_SESSION_FLAG] = False
            st.rerun()
        return True
    with st.form("editor_sign_in", clear_on_submit=True):
        st.text_input(_("Editor password"), type="password", key="_editor_password_input")
        st.form_submit_button(_("Sign in"), on_click=_check_password)
    if st.session_state.pop("_editor_password_failed", False):
        st.error(_("Wrong password."))
    return False
