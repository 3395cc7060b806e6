"""Exception types of the data layer.

Every error raised for bad input is a :class:`DataError` (a ``ValueError``
subclass) whose message names the file, the row and the column, or the bad name
together with the valid choices.
"""
from __future__ import annotations


class DataError(ValueError):
    """Bad input data: the message names the file, row/column or the bad value.

    Attributes
    ----------
    path, row, column : optional
        Where the problem is, when known (``row`` is 1-based as a spreadsheet
        user counts it, header line = row 1).
    sheet : str or None
        The spreadsheet sheet, for errors in a workbook (the message names it
        after the file).
    """

    sheet = None

    def __init__(self, message: str, *, path=None, row=None, column=None):
        where = []
        if path is not None:
            where.append(f"file {path}")
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        prefix = (", ".join(where) + ": ") if where else ""
        super().__init__(prefix + message)
        self.path, self.row, self.column = path, row, column


class UnknownNameError(DataError):
    """An unknown province, indicator, unit, status or basis (lists the valid ones)."""
