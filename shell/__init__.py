"""The Streamlit side of the app, around the core in analytics/ (which never imports Streamlit).

The page registry (pages.py, no Streamlit: the commands read it too), cached data access
(data.py), the shared sidebar of filters and the filters it set (sidebar.py, state.py), the
widgets pages lay out with (ui.py), presentation mode, editor access and the error guard.
"""
