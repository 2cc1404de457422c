"""The Streamlit app around the pure core in analytics/: its pages, sidebar, state and widgets."""
