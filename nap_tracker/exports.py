"""CSV and XLSX exports of the API's lists (decisions 66–68).

A list view gets ``?format=csv`` and ``Accept: text/csv`` by putting ``ExportMixin`` in its
bases (after ``ConditionalGetMixin``); ``export_formats = ("csv", "xlsx")`` adds the
spreadsheet. An export is the whole filtered, ordered list (the JSON's filters and ordering,
no pages: ``page`` and ``page_size`` are refused), one row per JSON row, with the JSON
row's columns:

- nested objects are flattened to dotted names (``clusters.participation.score``), as far
  as the serializer declares them (a nested serializer, or a method field annotated with
  one by ``extend_schema_field``); a null object leaves all its columns empty;
- lists and free-form objects (a plan's ``documents``, an organization's ``countries``, a
  methodology's ``parameters``, a value's ``inputs``) are one cell holding their compact
  JSON (``["NOR","SWE"]``, ``[]`` when empty);
- null and the empty string are an empty cell; booleans ``true``/``false``; numbers as
  stored (a decimal keeps its places: ``1500000.50`` where JSON writes ``1500000.5``).

CSV is UTF-8 without a byte-order mark, RFC 4180 (comma, double quotes, CRLF), with a header
row, streamed in chunks of about 64 KiB while the rows are read ``CHUNK_SIZE`` at a time, so
memory stays flat however long the list. A text cell starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return gets a leading ``'`` so a spreadsheet does not run it as
a formula. XLSX is an openpyxl write-only workbook built in a temporary file: one sheet named
after the resource, a bold frozen header row, numbers and booleans as typed cells, every
text as a text cell (never a formula, value unchanged).

A view whose rows are not one per object (several score rows per assessment, a wide form)
overrides ``export_columns()`` and ``export_rows(queryset)``.
"""

import copy
import csv
import io
import json
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from operator import itemgetter

from django.http import FileResponse, StreamingHttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext
from drf_spectacular.drainage import get_override
from rest_framework import renderers, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.settings import api_settings

from nap_tracker.conditional import VARY

# Rows read from the database at a time (and prefetches run once per this many rows).
CHUNK_SIZE = 2000
# Bytes of CSV gathered before they are sent: one write per chunk, not per row.
STREAM_BUFFER = 64 * 1024
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PAGINATION_PARAMETERS = ("page", "page_size")


# --- Columns ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column: its dotted name, its path in a JSON row, and what it means."""

    name: str
    path: tuple[str, ...]
    description: str = ""


def _nested_serializer(parent, field):
    """The serializer a field's value is an object of, if it declares one (else None)."""
    if isinstance(field, serializers.ListSerializer):
        return None
    if isinstance(field, serializers.Serializer):
        return field
    if isinstance(field, serializers.SerializerMethodField):
        annotated = get_override(getattr(parent, field.method_name), "field")
        if isinstance(annotated, type) and issubclass(annotated, serializers.Serializer):
            annotated = annotated()
        if isinstance(annotated, serializers.Serializer) and not isinstance(
            annotated, serializers.ListSerializer
        ):
            return annotated
    return None


def _description(parent, field) -> str:
    text = field.help_text or ""
    if not text and isinstance(field, serializers.SerializerMethodField):
        text = (getattr(parent, field.method_name).__doc__ or "").strip().split("\n\n")[0]
    if not text and field.label:
        text = str(field.label)
    return " ".join(str(text).split())


def serializer_columns(serializer, prefix: tuple[str, ...] = ()) -> list[Column]:
    """The columns of a serializer's rows, nested objects flattened (see the module)."""
    columns = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        path = (*prefix, name)
        nested = _nested_serializer(serializer, field)
        if nested is not None:
            columns += serializer_columns(nested, path)
        else:
            columns.append(Column(".".join(path), path, _description(serializer, field)))
    return columns


def flatten(row: dict, columns: list[Column]) -> list:
    """The row's values in column order; a null (or missing) object leaves its cells None."""
    values = []
    for column in columns:
        value = row
        for key in column.path:
            value = value.get(key) if isinstance(value, dict) else None
        values.append(value)
    return values


# --- Cells --------------------------------------------------------------------------------


# One encoder for every cell (json.dumps would make one per call when given ``default``).
_CELL_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str)


def as_json(value) -> str:
    return _CELL_JSON.encode(value)


def neutralized(text: str) -> str:
    """``text``, with a leading ``'`` if a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, list | dict):
        return neutralized(as_json(value))
    return neutralized(str(value))


def xlsx_value(value):
    """A typed cell value: None, a bool, a number, or text (lists and objects as JSON)."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, list | dict):
        return as_json(value)
    return str(value)


# --- Writers ------------------------------------------------------------------------------


# Values the csv module writes exactly as ``csv_cell`` would (None empty, numbers by str()).
CSV_AS_IS = frozenset((type(None), int, float, Decimal))


def row_reader(columns: list[Column]):
    """A function giving a row's values in column order: ``flatten``, or, when every
    column is a top-level key, one ``itemgetter`` call (falling back to ``flatten`` for a
    row that lacks a key)."""
    if len(columns) < 2 or any(len(column.path) != 1 for column in columns):
        return lambda row: flatten(row, columns)
    getter = itemgetter(*(column.path[0] for column in columns))

    def read(row):
        try:
            return getter(row)
        except KeyError:
            return flatten(row, columns)

    return read


def csv_chunks(columns: list[Column], rows):
    """The CSV (header row first) in pieces of about ``STREAM_BUFFER`` bytes."""
    return csv_table_chunks(columns, map(row_reader(columns), rows))


def csv_table_chunks(columns: list[Column], table):
    """``csv_chunks`` of rows already read into cells in column order (``row_reader``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.name for column in columns])
    as_is, starts = CSV_AS_IS, FORMULA_STARTS
    for values in table:
        # csv_cell, inlined for the common cells (a function call per cell was most of a
        # long export's time, docs/performance.md).
        writer.writerow(
            [
                value
                if (kind := type(value)) in as_is
                else (("'" + value) if value.startswith(starts) else value)
                if kind is str
                else ("true" if value else "false")
                if kind is bool
                else csv_cell(value)
                for value in values
            ]
        )
        if buffer.tell() >= STREAM_BUFFER:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def write_csv(stream, columns: list[Column], rows) -> int:
    """Write the CSV to a binary stream (an archive member); the number of rows written."""
    count = 0

    def counted():
        nonlocal count
        for row in rows:
            count += 1
            yield row

    for chunk in csv_chunks(columns, counted()):
        stream.write(chunk)
    return count


def xlsx_file(sheet: str, columns: list[Column], rows):
    """A temporary file holding the workbook, at its start."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])
    worksheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def text(value: str) -> WriteOnlyCell:
        # Control characters XML cannot hold become U+FFFD; data_type "s": never a formula.
        cell = WriteOnlyCell(worksheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
        cell.data_type = "s"
        return cell

    header = []
    for column in columns:
        cell = text(column.name)
        cell.font = bold
        header.append(cell)
    worksheet.append(header)
    for row in rows:
        cells = []
        for value in flatten(row, columns):
            value = xlsx_value(value)
            cells.append(text(value) if isinstance(value, str) else value)
        worksheet.append(cells)
    output = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it when sent
    workbook.save(output)
    output.seek(0)
    return output


# --- Renderers and the view mixin ---------------------------------------------------------


class ExportRenderer(renderers.BaseRenderer):
    """Content negotiation only: ``ExportMixin`` answers the export itself, streamed."""

    extension = ""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Only reached if a view answered a Response in this format without ExportMixin.list.
        raise NotImplementedError("Exports are answered by ExportMixin.list.")


class CSVRenderer(ExportRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"
    extension = "csv"


class XLSXRenderer(ExportRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None
    render_style = "binary"
    extension = "xlsx"


RENDERERS = {"csv": CSVRenderer, "xlsx": XLSXRenderer}


def without_format(request) -> Request:
    """``request`` without ``?format=``, so the rows' links are the JSON addresses.

    DRF's ``reverse`` keeps a ``format`` query parameter in every link it builds.
    """
    if api_settings.URL_FORMAT_OVERRIDE not in request.query_params:
        return request
    plain = copy.copy(request._request)
    plain.GET = plain.GET.copy()
    del plain.GET[api_settings.URL_FORMAT_OVERRIDE]
    copied = Request(plain, authenticators=())
    copied.user = request.user
    return copied


class ExportMixin:
    """``?format=csv`` (and ``export_formats``'s others) on a list view; see the module."""

    export_formats: tuple[str, ...] = ("csv",)
    # The file name's resource (``nap_tracker-<name>.csv``); by default the URL's last part.
    export_name: str | None = None

    def exports_here(self) -> bool:
        """Exports are lists: a viewset offers them on its ``list`` action only."""
        return getattr(self, "action", "list") == "list"

    def get_renderers(self):
        renderers_ = super().get_renderers()
        if self.exports_here():
            renderers_ += [RENDERERS[name]() for name in self.export_formats]
        return renderers_

    def handle_exception(self, exc):
        # Errors are JSON whatever format was asked for (a bad filter is a JSON 400).
        request = getattr(self, "request", None)
        if isinstance(getattr(request, "accepted_renderer", None), ExportRenderer):
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = renderers.JSONRenderer.media_type
        return super().handle_exception(exc)

    def export_columns(self) -> list[Column]:
        return serializer_columns(self.get_serializer())

    def export_rows(self, queryset):
        """The JSON rows, one per object, read ``CHUNK_SIZE`` at a time (prefetches too)."""
        context = {**self.get_serializer_context(), "request": without_format(self.request)}
        serializer = self.get_serializer(context=context)
        for instance in queryset.iterator(chunk_size=CHUNK_SIZE):
            yield serializer.to_representation(instance)

    def export_table(self, queryset, columns: list[Column]):
        """The export's rows as cells in column order (the CSV's); by default
        ``export_rows`` read by ``row_reader``. A view may yield them straight from its
        records, the same values, to skip building each row's dict."""
        return map(row_reader(columns), self.export_rows(queryset))

    def get_export_name(self) -> str:
        return self.export_name or self.request.path_info.rstrip("/").rsplit("/", 1)[-1]

    def list(self, request, *args, **kwargs):
        renderer = getattr(request, "accepted_renderer", None)
        if not isinstance(renderer, ExportRenderer):
            return super().list(request, *args, **kwargs)
        paged = [name for name in PAGINATION_PARAMETERS if name in request.query_params]
        if paged:
            message = gettext("An export is the whole filtered list: leave out page and page_size.")
            raise ValidationError({name: [message] for name in paged})
        queryset = self.filter_queryset(self.get_queryset())
        columns = self.export_columns()
        filename = f"nap_tracker-{self.get_export_name()}.{renderer.extension}"
        if renderer.format == "xlsx":
            response = FileResponse(
                xlsx_file(self.get_export_name(), columns, self.export_rows(queryset)),
                as_attachment=True,
                filename=filename,
                content_type=renderer.media_type,
            )
        else:
            response = StreamingHttpResponse(
                csv_table_chunks(columns, self.export_table(queryset, columns)),
                content_type=f"{renderer.media_type}; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        # No ETag: a streamed body is not hashed before it is sent (decision 67).
        patch_vary_headers(response, VARY)
        if request.user.is_authenticated:
            patch_cache_control(response, no_cache=True, private=True)
        else:
            patch_cache_control(response, no_cache=True)
        return response
