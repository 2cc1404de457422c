"""Data: load a corrected workbook from the browser, see every problem and what would change
before anything is written, then apply; the load history, the template, data-quality notes."""

import io

import polars as pl
import streamlit as st

from analytics import exports, queries, text
from analytics.formatting import count, each, rows_per_table
from etl import limits
from etl.diff import preview
from etl.problems import LoadFailed, in_sheet_order
from etl.read import pick_upload, read_csv_files, read_workbook_bytes
from etl.template import write_template
from etl.validate import town_corrections, validate
from etl.write import write_database
from i18n import _, n_
from shell import access, data, state, ui

filters = state.filters()
st.title(_("Data"))
st.caption(
    _(
        "Load the project's workbook (.xlsx) or its CSV files. The same checks as "
        "`python -m etl load` run first; nothing changes until you apply a clean load. "
        "Cells are read as values: formulas are never evaluated and macros never run."
    )
)

PENDING = "_pending_load"
LOADED = "_loaded_message"  # what was applied: shown until the next check, across reruns
ROUND = "_upload_round"  # a new uploader key after apply: the applied files leave the uploader
NOTE = "_upload_note"  # which of several workbooks was checked, and which were set aside


def _template() -> bytes:
    buffer = io.BytesIO()
    write_template(buffer)
    return buffer.getvalue()


st.download_button(
    _("Blank template (.xlsx)"),
    _template,
    file_name="programme-results-template.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    on_click="ignore",
)

st.subheader(_("Load new data"))
if access.panel():
    loaded = st.session_state.get(LOADED)
    if loaded:
        st.success(loaded, icon=":material/check_circle:")
    uploads = st.file_uploader(
        _("Workbook (.xlsx) or CSV files, one per table"),
        type=["xlsx", "csv"],
        accept_multiple_files=True,
        key=f"upload-{st.session_state.get(ROUND, 0)}",
        help=_("Limits: {limits}.", limits=limits.limits_text()),
    )
    if uploads and st.button(_("Check"), type="primary", icon=":material/fact_check:"):
        st.session_state.pop(LOADED, None)
        with st.status(_("Checking the upload…"), expanded=True) as status:
            st.write(_("Reading the files…"))
            try:
                chosen, note = pick_upload([u.name for u in uploads])
                st.session_state[NOTE] = note  # shown beside the result, across reruns
                # The last upload of a name wins: a corrected file replaces the first.
                files = {u.name: u for u in uploads if u.name in chosen}
                if chosen[0].lower().endswith((".xlsx", ".xlsm")):
                    raw = read_workbook_bytes(chosen[0], files[chosen[0]].getvalue())
                else:
                    contents = {name: u.getvalue() for name, u in files.items()}
                    raw = read_csv_files(contents, ", ".join(sorted(contents)))
            except (ValueError, LoadFailed) as exc:  # LoadFailed: a file that cannot be read
                status.update(label=_("The upload cannot be read"), state="error")
                failed = exc.problems if isinstance(exc, LoadFailed) else [exc]
                st.error(text.md("; ".join(str(p) for p in failed)))
                st.stop()
            st.write(_("Checking every cell and placing towns…"))
            dataset = validate(raw)
            st.write(_("Comparing with the current data…"))
            changes = preview(dataset.tables, data.database_path())
            st.session_state[PENDING] = (dataset, changes)
            status.update(
                # Translators: {errors} is "1 error" / "3 errors", {warnings} likewise
                label=_(
                    "Checked: {errors}, {warnings}",
                    errors=n_("{n} error", "{n} errors", len(dataset.errors)),
                    warnings=n_("{n} warning", "{n} warnings", len(dataset.warnings)),
                ),
                state="error" if dataset.errors else "complete",
                expanded=False,
            )

    pending = st.session_state.get(PENDING)
    if pending:
        dataset, changes = pending
        if st.session_state.get(NOTE):
            st.info(text.md(st.session_state[NOTE]), icon=":material/info:")
        # The downloads of a check name the file checked, not the data loaded before it.
        checked = exports.Provenance(
            _("Check of an upload"),
            dataset.source,
            None,
            dataset.sha256,
            _("checked, not loaded"),
        )
        if dataset.problems:
            problems = pl.DataFrame(
                [p.as_row() for p in in_sheet_order(dataset.problems)],
                schema={
                    "severity": pl.String,
                    "file": pl.String,
                    "sheet": pl.String,
                    "row": pl.Int64,
                    "record": pl.String,
                    "column": pl.String,
                    "value": pl.String,
                    "problem": pl.String,
                    "hint": pl.String,
                },
            )
            errors, warnings = len(dataset.errors), len(dataset.warnings)
            # Translators: {errors} is "1 error" / "3 errors", {warnings} likewise
            found = _(
                "{errors} and {warnings}.",
                errors=n_("{n} error", "{n} errors", errors),
                warnings=n_("{n} warning", "{n} warnings", warnings),
            )
            advice = (
                _("Correct the errors and upload again: nothing was changed.")
                if dataset.errors
                else _("Warnings do not stop the load.")
            )
            (st.error if dataset.errors else st.warning)(f"{found} {advice}")
            # The hint beside the problem, not past the right edge; the file last (one upload).
            ui.table(
                problems,
                "problems",
                filters,
                labels={
                    "severity": _("Severity"),
                    "sheet": _("Sheet"),
                    "row": _("Row"),
                    "record": _("Record"),
                    "column": _("Column"),
                    "value": _("Value"),
                    "problem": _("Problem"),
                    "hint": _("Hint"),
                    "file": _("File"),
                },
                about=checked,
                column_config={
                    _("Severity"): st.column_config.TextColumn(width="small"),
                    _("Row"): st.column_config.NumberColumn(width="small"),
                },
                wrap={"record": 200, "value": 160, "problem": 320, "hint": 260, "file": 140},
            )
        corrections = town_corrections(dataset.tables)
        if corrections:
            st.markdown(_("**Towns shown by the gazetteer's name**"))
            st.text("\n".join(str(c) for c in corrections))
        if not dataset.errors:
            st.markdown(_("**What applying this load would change**"))
            ui.table(
                changes,
                "load-preview",
                filters,
                money_columns=("amount_after",),
                labels={
                    "table": _("Table"),
                    "rows_now": _("Rows now"),
                    "rows_after": _("Rows after"),
                    "added": _("Added"),
                    "changed": _("Changed"),
                    "removed": _("Removed"),
                    "amount_after": _("Amount after (EUR)"),
                },
                about=checked,
            )
            if st.button(
                _("Apply this load"), type="primary", icon=":material/published_with_changes:"
            ):
                counts = write_database(
                    dataset.tables,
                    data.database_path(),
                    dataset.source,
                    dataset.sha256,
                    len(dataset.warnings),
                )
                del st.session_state[PENDING]
                rows = sum(counts.values())
                # Translators: {rows} is "1 row" / "5 rows", {warnings} "1 warning" / "2 warnings"
                st.session_state[LOADED] = _(
                    "Loaded {source} ({rows}, {warnings}, sha256 {sha256}). Every page now "
                    "shows the new data.",
                    source=text.md(dataset.source),
                    rows=n_("{n} row", "{n} rows", rows),
                    warnings=n_("{n} warning", "{n} warnings", len(dataset.warnings)),
                    sha256=dataset.sha256[:12],
                )
                st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1
                st.toast(_("Loaded: every page now shows the new data."), icon=":material/check:")
                st.rerun()

st.subheader(_("Load history"))
history = data.unfiltered(queries.load_history)
quality = data.unfiltered(queries.data_quality)
ui.table(
    history.with_columns(each(history.get_column("row_counts"), rows_per_table)),
    "load-history",
    filters,
    labels={
        "loaded_at": _("Loaded (UTC)"),
        "source": _("Source"),
        "sha256": "sha256",
        "row_counts": _("Rows per table"),
        "warnings": _("Warnings"),
    },
)

st.subheader(_("Data-quality notes"))
notes = {
    "unplaced": _("Towns placed only at their country's centre (add latitude and longitude)"),
    "corrected": _("Towns shown by the gazetteer's name rather than as typed"),
    "missions_without_contacts": _("Missions with no contact recorded"),
    "expenses_without_budget": _(
        "Spending with no budget line for its programme, partner and category"
    ),
}
labels = {
    "sheet": _("Sheet"),
    "id": _("Id"),
    "city": _("City"),
    "city_typed": _("Typed"),
    "rows": _("Rows"),
    "country": _("Country"),
    "mission_id": _("Mission"),
    "programme_id": _("Programme"),
    "title": _("Title"),
    "start_date": _("Start"),
    "partner_id": _("Partner"),
    "category": _("Category"),
    "expenses": _("Expense lines"),
    "amount_eur": _("Amount"),
}
for key, title in notes.items():
    frame = quality[key]
    if frame.is_empty():
        st.markdown(":material/check_circle: " + _("{title}: none.", title=title))
        continue
    total = frame["total_rows"][0]
    st.markdown(":material/report: " + _("{title}: **{count}**", title=title, count=count(total)))
    if total > frame.height:
        st.caption(
            n_(
                "Showing the first {shown} of {n}.",
                "Showing the first {shown} of {n}.",
                total,
                shown=count(frame.height),
            )
        )
    ui.table(
        frame.drop("total_rows"),
        key.replace("_", "-"),
        filters,
        money_columns=("amount_eur",) if "amount_eur" in frame.columns else (),
        labels={c: labels[c] for c in frame.columns if c in labels},
        vocabulary_columns=("category",) if "category" in frame.columns else (),
    )
