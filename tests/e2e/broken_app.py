"""A throwaway Streamlit app that breaks on purpose (?fault=...), to prove that the browser
checks of tools/browser.py catch what they claim to: tests/e2e/test_browser_checks.py.

fault=none        a title, a chart and a map that draws: the checks must find nothing
fault=raise       an exception box
fault=guarded     an exception the app's guard (shell.guard) turns into one sentence for viewers
fault=blank-map   a deck with no layers: a transparent, empty canvas
fault=no-data     a deck with pale base shapes only, nothing drawn on them
fault=empty-chart a Plotly chart with no trace
fault=no-points   a Plotly chart whose only trace is a line through one point (draws nothing)
fault=said-empty  the app's own empty chart, saying why in words: the checks must find nothing
fault=console     an image that is not there: a 404 in the browser console
fault=script-error  a script that logs an error to the console
fault=outside     an image from another machine
fault=low-contrast  pale grey text on white: an accessibility violation axe must report
"""

import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

from shell import guard

guard.install()  # as app.py does: Streamlit's error box without its outside links
fault = st.query_params.get("fault", "none")
st.title(f"Fault: {fault}")


def rectangle(x0: float, y0: float, x1: float, y1: float) -> list[list[float]]:
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1]]


SEA = {"polygon": rectangle(-179, -80, 179, 80), "colour": [214, 232, 244]}
LAND = [
    {"polygon": rectangle(-120, 10, -70, 60), "colour": [238, 238, 238]},
    {"polygon": rectangle(-70, -50, -40, 10), "colour": [228, 228, 228]},
    {"polygon": rectangle(0, 0, 60, 60), "colour": [218, 218, 218]},
]
PLACES = [
    {"position": [-100, 40], "colour": [0, 114, 178]},
    {"position": [-55, -20], "colour": [230, 159, 0]},
    {"position": [30, 30], "colour": [0, 158, 115]},
]


def shapes(rows: list[dict]) -> pdk.Layer:
    return pdk.Layer("SolidPolygonLayer", data=rows, get_polygon="polygon", get_fill_color="colour")


def deck(layers: list[pdk.Layer]) -> pdk.Deck:
    # map_provider=None and the default map_style: no base map, so no request to a tile server
    view = pdk.ViewState(latitude=10, longitude=-20, zoom=0.6)
    return pdk.Deck(layers=layers, initial_view_state=view, map_provider=None)


if fault == "raise":
    raise RuntimeError("broken on purpose")
if fault == "guarded":

    def fail() -> None:
        raise RuntimeError("broken on purpose")

    guard.run_guarded(fail)
if fault == "console":
    st.markdown('<img src="/media/no-such-image.png" alt="missing">', unsafe_allow_html=True)
if fault == "script-error":
    st.html("<script>console.error('broken on purpose')</script>", unsafe_allow_javascript=True)
if fault == "low-contrast":
    st.markdown('<p style="color:#BBBBBB">Hard to read</p>', unsafe_allow_html=True)
if fault == "outside":
    st.markdown('<img src="https://example.org/pixel.png" alt="outside">', unsafe_allow_html=True)

if fault == "empty-chart":
    figure = go.Figure()
elif fault == "no-points":
    figure = go.Figure(go.Scatter(x=["2024-03-01"], y=[3], mode="lines"))
elif fault == "said-empty":
    from analytics.charts import empty_figure

    figure = empty_figure("Spending", "No expenses recorded yet")
else:
    figure = go.Figure(go.Bar(x=["a", "b"], y=[3, 1]))
st.plotly_chart(figure)
if fault == "blank-map":
    st.pydeck_chart(deck([]), height=300)
elif fault == "no-data":
    st.pydeck_chart(deck([shapes([SEA]), shapes(LAND)]), height=300)
else:
    circles = pdk.Layer(
        "ScatterplotLayer",
        data=PLACES,
        get_position="position",
        get_fill_color="colour",
        get_radius=1,
        radius_min_pixels=22,
    )
    st.pydeck_chart(deck([shapes([SEA]), shapes(LAND), circles]), height=300)
