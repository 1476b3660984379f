"""Tables that fit a terminal: one line per row, no column narrower than its words.

Every column is as wide as its longest cell, except one flexible column (a setting's
name) that takes the room left and is cut with "…" when it has to be. When that would
leave it fewer than ``MIN_FLEXIBLE`` columns, the first column and the grouping column
(platform and account) move to a heading line above their rows instead of being wrapped
or cut. On a terminal, cells can carry a rich style (colour);
off one, the same lines are printed as plain text.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass

import click

GAP = "  "
INDENT = "   "  # rows under a heading line
MIN_FLEXIBLE = 40
ELLIPSIS = "…"


@dataclass(frozen=True)
class Cell:
    text: str
    style: str = ""


def screen_width() -> int:
    """COLUMNS when set, else the terminal's width, else 120 (a pipe); at most 120."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        width = int(columns)
    elif sys.stdout.isatty():
        width = shutil.get_terminal_size().columns
    else:
        width = 120
    return max(40, min(width, 120))


def cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:max(0, width - 1)].rstrip() + ELLIPSIS


def lay_out(headers: list[str], rows: list[list[Cell]], width: int, flexible: int,
            group: int | None = None) -> list[list[Cell]]:
    """The lines of the table, each a list of padded cells.

    ``flexible``: the column that gives way; ``group``: the column that becomes a heading
    line (``"Title: account"`` under the first column's value) when the table is too wide.
    """
    lines = _columns(headers, rows, width, flexible, force=group is None)
    return lines if lines is not None else _grouped(headers, rows, width, flexible, group)


def _grouped(headers: list[str], rows: list[list[Cell]], width: int, flexible: int,
             group: int) -> list[list[Cell]]:
    keep = [i for i in range(1, len(headers)) if i != group]
    heads = [headers[i] for i in keep]
    body: list[list[Cell]] = []
    last = None
    for row in rows:
        key = (row[0].text, row[group].text)
        if key != last:
            heading = row[0].text if row[group].text in ("", "-") else ": ".join(key)
            body.append([Cell(heading, "bold")])
            last = key
        body.append([Cell(" " * (len(INDENT) - len(GAP)))] + [row[i] for i in keep])
    flexible_kept = keep.index(flexible) + 1
    cells = [r for r in body if len(r) > 1]
    widths = _widths([""] + heads, cells, width, flexible_kept, force=True)
    out = [_pad([Cell(h, "bold") for h in ["", *heads]], widths, flexible_kept)]
    return out + [row if len(row) == 1 else _pad(row, widths, flexible_kept) for row in body]


def _columns(headers: list[str], rows: list[list[Cell]], width: int, flexible: int,
             force: bool) -> list[list[Cell]] | None:
    widths = _widths(headers, rows, width, flexible, force)
    if widths is None:
        return None
    return [_pad([Cell(h, "bold") for h in headers], widths, flexible)] + [
        _pad(row, widths, flexible) for row in rows]


def _widths(headers: list[str], rows: list[list[Cell]], width: int, flexible: int,
            force: bool) -> list[int] | None:
    widths = [max(len(c.text) for c in column)
              for column in zip([Cell(h) for h in headers], *rows, strict=True)]
    fixed = sum(w for i, w in enumerate(widths) if i != flexible) + len(GAP) * (len(widths) - 1)
    room = width - fixed
    needed = max(min(MIN_FLEXIBLE, widths[flexible]), len(headers[flexible]))
    if room < needed:
        if not force:
            return None
        room = needed  # wider than the screen: the narrowest that still reads
    widths[flexible] = min(widths[flexible], room)
    return widths


def _pad(row: list[Cell], widths: list[int], flexible: int) -> list[Cell]:
    cells = []
    for i, (cell, width) in enumerate(zip(row, widths, strict=True)):
        text = cut(cell.text, width) if i == flexible else cell.text
        cells.append(Cell(text.ljust(width), cell.style))
    return cells


def echo_lines(lines: list[list[Cell]]) -> None:
    """Print the lines: styled on a terminal, plain otherwise; no trailing spaces."""
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.text import Text

        console = Console(highlight=False, soft_wrap=True)
        for line in lines:
            text = Text()
            for i, cell in enumerate(line):
                text.append(GAP if i else "")
                text.append(cell.text, cell.style or None)
            text.rstrip()
            console.print(text)
        return
    for line in lines:
        click.echo(GAP.join(cell.text for cell in line).rstrip())


def print_table(headers: list[str], rows: list[list[Cell]], flexible: int,
                group: int | None = None, width: int | None = None) -> None:
    echo_lines(lay_out(headers, rows, width or screen_width(), flexible, group))
