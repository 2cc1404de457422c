"""The language of a session: from a link (?lang=de), else the one chosen in the sidebar, else
the browser's (st.context.locale), else English. It stays for the session, across pages and in
presentation mode, and a link carries it once it was chosen or came in a link."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

import i18n
from i18n import LANGUAGES, _, by_code, match

KEY = "lang"  # the link's parameter
_CHOSEN = "f_language"  # the sidebar's widget and the session's choice
_IN_LINK = "_language_in_link"


def _from_session() -> str | None:
    if get_script_run_ctx(suppress_warning=True) is None:
        return None  # a thread of our own (the PDF's build): it sets its language itself
    return st.session_state.get(_CHOSEN)


def install() -> None:
    """Every `_()` of a run, fragments and callbacks included, reads the session's language."""
    i18n.set_resolver(_from_session)


def settle() -> str:
    """Decide the run's language before anything is written; call first thing in app.py."""
    state = st.session_state
    from_link = match(st.query_params.get(KEY))
    if from_link:
        state[_CHOSEN] = from_link
        state[_IN_LINK] = True
    elif _CHOSEN not in state:
        state[_CHOSEN] = match(getattr(st.context, "locale", None)) or i18n.SOURCE
    if state.get(_IN_LINK) and st.query_params.get(KEY) != state[_CHOSEN]:
        st.query_params[KEY] = state[_CHOSEN]  # after a page switch, the link keeps it
    i18n.speak(state[_CHOSEN])
    return state[_CHOSEN]


def _chosen_by_hand() -> None:
    st.session_state[_IN_LINK] = True
    i18n.speak(st.session_state[_CHOSEN])


def choice() -> None:
    """The language list, in the sidebar: each language by its own name."""
    st.selectbox(
        _("Language"),
        options=[lang.code for lang in LANGUAGES],
        format_func=lambda code: by_code(code).native,
        placeholder=_("Language"),  # never empty, but Streamlit's own is English
        key=_CHOSEN,
        on_change=_chosen_by_hand,
    )


def declare() -> None:
    """The page's <html lang>, for screen readers and hyphenation (Streamlit writes "en")."""
    code = i18n.language()
    st.html(
        f"<script>document.documentElement.lang = {code!r};</script>",
        unsafe_allow_javascript=True,
    )
