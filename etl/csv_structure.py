"""Whether a CSV file reads as written: every row whole, or an error at the row where it breaks.

A CSV parser meeting an unclosed quote reads the rest of the file as one cell and may then
report no error at all: rows vanish without a word. So the reader's row count is checked
against the file's own structure (RFC 4180: a cell is plain text without quotes, delimiters or
line breaks, or it is quoted, a quote inside written twice). A fault is an error naming the file,
the row (as a spreadsheet numbers it, the header being row 1) and, where it differs, the line
where it starts, and what to do:

- a quote that opens a cell and is never closed;
- a quote inside a cell that does not start with one, or text after a cell's closing quote;
- a quoted cell that swallows lines each of which reads as a whole row (two stray quotes);
- a row with more or fewer fields than the header (a stray or missing delimiter);
- a NUL byte (named by its row and column) or a line ended by a carriage return alone.

Most files hold no quote and no NUL: for them two counts over the bytes settle it, at the speed
of memchr. Only a file with quotes (or whose counts disagree) is read here line by line.
"""

from __future__ import annotations

import re

import polars as pl

from etl.problems import ERROR, Problem
from i18n import N_, _, n_
from i18n.formats import count as formatted

MAX_WIDTH_FAULTS = 5  # rows of the wrong width reported one by one; the rest are counted
QUOTE_HINT = N_(
    'close the quote or delete it; a quote inside a cell is written twice ("") and the whole '
    "cell quoted (in Excel: Save As > CSV UTF-8 writes it so)"
)
_PAIRS = re.compile(r'"[^"\n]*"')  # quotes balanced within one line


def faults(file: str, content: bytes | str, separator: str, read_rows: int | None) -> list[Problem]:
    """The structural faults of a CSV file's content (bytes as given or decoded text), or none.

    `read_rows`: the data rows the parser read (None when it could not read the file); a
    count other than the file's own is a fault even where no other is found."""
    if read_rows is not None:
        if isinstance(content, bytes) and _plain_and_whole(content, separator, read_rows):
            return []
        text = content if isinstance(content, str) else content.decode("utf-8-sig", "replace")
        text = text.removeprefix("\ufeff")
        if "\x00" not in text and _lines_whole(text, separator, read_rows):
            return []
    else:
        text = content if isinstance(content, str) else content.decode("utf-8-sig", "replace")
        text = text.removeprefix("\ufeff")
    return _Scan(file, text, separator).run(read_rows)


def _plain_and_whole(content: bytes, separator: str, read_rows: int) -> bool:
    """A file without quotes, NUL or lone carriage return, every line one row of the header's
    width: two counts say it (no line can have more delimiters: the parser refuses those)."""
    if b'"' in content or b"\x00" in content or content.count(b"\r") != content.count(b"\r\n"):
        return False
    sep = separator.encode()
    lines = content.count(b"\n") + (0 if content.endswith(b"\n") else 1)
    end = content.find(b"\n")
    width = content[: end if end >= 0 else len(content)].count(sep) + 1
    return read_rows == lines - 1 and content.count(sep) == (width - 1) * lines


def _lines_whole(text: str, separator: str, read_rows: int) -> bool:
    """Every line a whole row on its own (quotes closed within it, no lone carriage return) of
    the header's width, or blank, and as many lines as rows read: checked by polars' own string
    functions over all lines at once. False sends the file to the line-by-line scan."""
    sep = re.escape(separator)
    cell = f'"(?:[^"]|"")*"|[^"{sep}\\r\\n]*'
    whole = f"^(?:{cell})(?:{sep}(?:{cell}))*\\r?$"
    lines = pl.Series("line", [text.removesuffix("\n")]).str.split("\n").explode()
    if lines.len() - 1 != read_rows:
        return False
    checked = lines.to_frame().select(
        pl.col("line").str.contains(whole).all().alias("whole"),
        pl.col("line")
        .str.replace_all('"(?:[^"]|"")*"', "")
        .str.count_matches(separator, literal=True)
        .alias("delimiters"),
        (pl.col("line").str.strip_chars() == "").alias("blank"),
    )
    if not checked.item(0, "whole"):
        return False
    width = checked.item(0, "delimiters")
    return bool(checked.filter(~pl.col("blank")).get_column("delimiters").eq(width).all())


class _Scan:
    """One pass over the text, record by record; stops at the first quote fault."""

    def __init__(self, file: str, text: str, separator: str) -> None:
        self.file = file
        self.text = text
        self.sep = separator
        self.plain = re.compile(f'[^"{re.escape(separator)}\\n\\r\\x00]*+')
        self.quoted = re.compile(r'"(?:[^"]|"")*+"')
        self.header: list[str] = []
        self.found: list[Problem] = []
        self.width_faults = 0
        self.first: str | None = None  # the record's first cell: the row's key, for problems

    def problem(self, row: int, line: int, column: int | None, message: str, hint: str) -> None:
        if line != row:
            # Translators: {message} is a problem with a CSV row; {line} the line of the file it
            # starts on (a row can span lines)
            message = _("{message} (line {line} of the file)", message=message, line=line)
        key = self.first.strip() if self.first and row > 1 and self.header else ""
        self.found.append(
            Problem(
                ERROR,
                self.file,
                row=row,
                column=self.column_name(column),
                message=message,
                hint=hint,
                record=f"{self.header[0].strip()} {key}" if key else None,
            )
        )

    def column_name(self, index: int | None) -> str | None:
        if index is None:
            return None
        if index < len(self.header):
            # Translators: a column without a header, by its number (1 is the first)
            return self.header[index].strip() or _("column {number}", number=index + 1)
        # Translators: a field past the header's last column, by its number (1 is the first)
        return _("field {number}", number=index + 1)

    def run(self, read_rows: int | None) -> list[Problem]:
        text, pos, line, record = self.text, 0, 1, 0
        while pos < len(text):
            row = record + 1  # the header is row 1
            start, start_line = pos, line
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            chunk = text[pos:end]
            if '"' not in chunk and "\x00" not in chunk and "\r" not in chunk.removesuffix("\r"):
                body = chunk.removesuffix("\r")
                cells = body.split(self.sep) if record == 0 else None
                self.first = body.split(self.sep, 1)[0]
                count = body.count(self.sep) + 1
                blank = not body.strip()
                pos, line = end + 1, line + 1
                multi = None
            else:
                outcome = self.fields(pos, line, row)
                if outcome is None:
                    return self.found
                pos, line, count, cells, multi = outcome
                blank = False
            if record == 0:
                self.header = cells or []
            elif not blank and count != len(self.header):
                self.wrong_width(row, start_line, count)
            elif multi is not None and self.swallowed(text[start:pos]):
                self.problem(
                    row,
                    start_line,
                    multi,
                    n_(
                        "a quoted cell runs over lines {first} to {last}, each of which reads "
                        "as a whole row of {fields} fields: it would swallow {rows} row(s) into "
                        "one cell",
                        "a quoted cell runs over lines {first} to {last}, each of which reads "
                        "as a whole row of {fields} fields: it would swallow {rows} row(s) into "
                        "one cell",
                        line - 1 - start_line,
                        first=start_line,
                        last=line - 1,
                        fields=len(self.header),
                        rows=line - 1 - start_line,
                    ),
                    # Translators: {hint} says how to correct a quote
                    _("a quote is stray or missing: {hint}", hint=_(QUOTE_HINT)),
                )
                return self.found
            record += 1
        if self.width_faults > MAX_WIDTH_FAULTS:
            self.found.append(
                Problem(
                    ERROR,
                    self.file,
                    message=n_(
                        "... and {rest} more row(s) with more or fewer fields than the header",
                        "... and {rest} more row(s) with more or fewer fields than the header",
                        self.width_faults - MAX_WIDTH_FAULTS,
                        rest=self.width_faults - MAX_WIDTH_FAULTS,
                    ),
                )
            )
        rows = max(record - 1, 0)
        if not self.found and read_rows is not None and read_rows != rows:
            self.found.append(
                Problem(
                    ERROR,
                    self.file,
                    row=rows + 1,
                    message=n_(
                        "the file has {rows} data row(s) but {read} were read",
                        "the file has {rows} data row(s) but {read} were read",
                        rows,
                        rows=formatted(rows),
                        read=formatted(read_rows),
                    ),
                    hint=_("check the quotes and line ends; in Excel: Save As > CSV UTF-8"),
                )
            )
        return self.found

    def wrong_width(self, row: int, line: int, count: int) -> None:
        self.width_faults += 1
        if self.width_faults > MAX_WIDTH_FAULTS:
            return
        header = len(self.header)
        # Translators: {count} fields in a row of a CSV file, {header} in its header;
        # {delimiter} is the delimiter, quoted: ';'
        if count > header:
            message = n_(
                "{count} fields where the header has {header}: a stray delimiter ({delimiter})",
                "{count} fields where the header has {header}: a stray delimiter ({delimiter})",
                count,
                count=count,
                header=header,
                delimiter=repr(self.sep),
            )
        else:
            message = n_(
                "{count} fields where the header has {header}: a missing delimiter or a broken "
                "line ({delimiter})",
                "{count} fields where the header has {header}: a missing delimiter or a broken "
                "line ({delimiter})",
                count,
                count=count,
                header=header,
                delimiter=repr(self.sep),
            )
        self.problem(
            row,
            line,
            None,
            message,
            _("every row has as many fields as the header; quote a cell that holds the delimiter"),
        )

    def swallowed(self, record: str) -> bool:
        """Whether every line of a record that spans lines reads, on its own, as a whole row:
        then the quote that joins them is stray, not a cell that holds line breaks."""
        lines = record.rstrip("\n").split("\n")
        width = len(self.header)
        return len(lines) > 1 and all(
            _PAIRS.sub("", piece.removesuffix("\r")).count(self.sep) + 1 == width for piece in lines
        )

    def fields(
        self, pos: int, line: int, row: int
    ) -> tuple[int, int, int, list[str], int | None] | None:
        """One record read cell by cell: (next position, next line, fields, cells, index of the
        first cell spanning lines); None after a fault."""
        text, start_line = self.text, line
        cells: list[str] = []
        multi: int | None = None
        self.first = None
        while True:
            column = len(cells)
            if column == 1:
                self.first = cells[0]
            if text.startswith('"', pos):
                match = self.quoted.match(text, pos)
                if match is None:
                    rest = text.count("\n", pos) + 1
                    self.problem(
                        row,
                        start_line,
                        column,
                        n_(
                            'a quote (") opens this cell and is never closed: the rest of the '
                            "file ({lines} line(s)) would be read as one cell",
                            'a quote (") opens this cell and is never closed: the rest of the '
                            "file ({lines} line(s)) would be read as one cell",
                            rest,
                            lines=formatted(rest),
                        ),
                        _(QUOTE_HINT),
                    )
                    return None
                cell = match.group()
                if "\x00" in cell:
                    self.nul(row, start_line, column)
                    return None
                breaks = cell.count("\n")
                if breaks and multi is None:
                    multi = column
                line += breaks
                pos = match.end()
                if pos < len(text) and text[pos] not in (self.sep, "\n", "\r"):
                    message = (
                        _(
                            'a quote (") opens this cell and is never closed on its line: the '
                            "next quote, on line {line}, is followed by text, not by a delimiter",
                            line=line,
                        )
                        if breaks
                        else _(
                            "a quote closes this cell before its end (text follows the closing "
                            "quote)"
                        )
                    )
                    self.problem(row, start_line, column, message, _(QUOTE_HINT))
                    return None
                cells.append(cell[1:-1].replace('""', '"'))
            else:
                match = self.plain.match(text, pos)
                cells.append(match.group())
                pos = match.end()
                if pos < len(text) and text[pos] == '"':
                    self.problem(
                        row,
                        start_line,
                        column,
                        _('a quote (") inside a cell that does not start with one'),
                        _(QUOTE_HINT),
                    )
                    return None
                if pos < len(text) and text[pos] == "\x00":
                    self.nul(row, start_line, column)
                    return None
            if pos >= len(text):
                return pos, line, len(cells), cells, multi
            char = text[pos]
            if char == self.sep:
                pos += 1
                continue
            if char == "\r":
                if not text.startswith("\r\n", pos):
                    self.problem(
                        row,
                        start_line,
                        column,
                        _(
                            "a carriage return alone (CR, an old Mac line end) outside a quoted "
                            "cell"
                        ),
                        _("in Excel: Save As > CSV UTF-8 (lines end with CR LF or LF)"),
                    )
                    return None
                pos += 1
            return pos + 1, line + 1, len(cells), cells, multi  # the line feed

    def nul(self, row: int, line: int, column: int) -> None:
        self.problem(
            row,
            line,
            column,
            _("a NUL byte (an invisible control character, 0x00) in this cell"),
            _("delete it: retype the cell, or save the file again from the program that made it"),
        )
