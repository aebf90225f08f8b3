"""Writing many rows of one model at once: COPY on PostgreSQL, `bulk_create` elsewhere;
and setting a few columns of many rows, each to its own value, in one statement.

`bulk_create` builds one very wide INSERT per batch in Python, which was most of an
import's time on large files. COPY streams the same rows. What it relies on: every model
written here has a client-side primary key (UUID default), so nothing needs to come back
from the database, and a foreign key set through its object has that object's key already
(so bulk_create's re-reading of related objects is skipped). No signal is sent on save;
bulk_create sends none either.

Two forms of input: model instances (`bulk_insert`), or plain tuples of column values
(`insert_rows`), which skip building an instance per row: on a large 835, building the
instances alone was about a third of the posting.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar, cast

from django.db import connections, models, router
from django.utils import timezone

M = TypeVar("M", bound=models.Model)


def bulk_insert(model: type[M], objs: Sequence[M]) -> None:
    """Insert `objs` (new instances of `model`) as `bulk_create` would, pre_save included."""
    if not objs:
        return
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        model._default_manager.using(alias).bulk_create(objs)
        return
    opts = model._meta
    fields = list(opts.concrete_fields)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(cast(str, f.column)) for f in fields)
    sql = f"COPY {quote(opts.db_table)} ({columns}) FROM STDIN"
    plain = [_is_plain(f) for f in fields]
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        for obj in objs:
            copy.write_row(
                [
                    getattr(obj, f.attname) if is_plain else f.get_db_prep_save(f.pre_save(obj, True), connection)
                    for f, is_plain in zip(fields, plain, strict=True)
                ]
            )
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    same: Mapping[str, Any] | None = None,
) -> None:
    """Insert new rows of `model`, each a tuple of values for `columns` (attribute names:
    `claim_id`, not `claim`), the primary key among them; `same` gives the values every
    row shares (the clinic, the remittance).

    Values are as the model's fields hold them (Decimal, date, UUID, lists for JSON fields),
    already valid: nothing is cleaned or truncated here. A column left out takes its field's
    default, computed once for the whole call, so every row gets the same `created_at`;
    an `auto_now` date gets the time of the call, as `save()` would set it.
    """
    if not rows:
        return
    same = same or {}
    opts = model._meta
    fields = {f.attname: f for f in opts.concrete_fields}
    unknown = [c for c in (*columns, *same) if c not in fields]
    if unknown:
        raise ValueError(f"{model.__name__} has no column {', '.join(unknown)}.")
    if opts.pk.attname not in columns:
        raise ValueError(f"Rows of {model.__name__} need their primary key: defaults are shared by every row.")
    now = timezone.now()
    shared = [fields[c] for c in same] + [f for name, f in fields.items() if name not in columns and name not in same]
    constants = [
        same[f.attname] if f.attname in same else now if getattr(f, "auto_now", False) else f.get_default()
        for f in shared
    ]
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        names = [*columns, *(f.attname for f in shared)]
        model._default_manager.using(alias).bulk_create(
            [model(**dict(zip(names, (*row, *constants), strict=True))) for row in rows]
        )
        return
    all_fields = [fields[c] for c in columns] + shared
    json_at = [i for i, f in enumerate(all_fields) if isinstance(f, models.JSONField)]
    other = [
        f.name
        for i, f in enumerate(all_fields)
        if i not in json_at and not _is_plain(f) and type(f) is not models.DateTimeField
    ]
    if other:
        raise ValueError(f"insert_rows writes plain values only; {model.__name__}.{', '.join(other)} need preparing.")
    # The shared values as COPY text, once: psycopg's dumpers for dates and UUIDs cost
    # more than the rest of a row's formatting.
    tail = tuple(
        _json_text(v) if isinstance(f, models.JSONField) else _text(v) for f, v in zip(shared, constants, strict=True)
    )
    json_at = [i for i in json_at if i < len(columns)]
    quote = connection.ops.quote_name
    column_list = ", ".join(quote(cast(str, f.column)) for f in all_fields)
    sql = f"COPY {quote(opts.db_table)} ({column_list}) FROM STDIN"
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        write = copy.write_row
        if not json_at:
            for row in rows:
                write((*row, *tail))
            return
        for row in rows:
            values = [*row, *tail]
            for i in json_at:
                values[i] = _json_text(values[i])
            write(values)


def _text(value: Any) -> Any:
    if isinstance(value, uuid.UUID | dt.date | Decimal):  # datetime is a date
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return value


def update_rows(model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Set `columns` of existing rows of `model`, each row to its own values: `rows` are
    tuples (primary key, value for each column). An `auto_now` date is set to now too.

    On PostgreSQL one UPDATE joins the table to the values sent as arrays (`unnest`), where
    a filter per value, or `bulk_update`'s CASE over thousands of keys, costs more than
    the rest of a posting. Elsewhere `bulk_update`. Plain columns only (text, numbers,
    dates, keys), as in `insert_rows`.
    """
    if not rows:
        return
    opts = model._meta
    by_name = {f.attname: f for f in opts.concrete_fields} | {f.name: f for f in opts.concrete_fields}
    fields = [by_name.get(c) for c in columns]
    plain = [f for f in fields if f is not None and _is_plain(f) and not f.primary_key]
    if len(plain) != len(columns):
        raise ValueError(f"update_rows sets plain columns only, not {', '.join(columns)}.")
    pk = opts.pk
    stamped = [f for f in opts.concrete_fields if getattr(f, "auto_now", False) and f not in plain]
    now = timezone.now()
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        attnames = [pk.attname, *(f.attname for f in plain)]
        stamp = {f.attname: now for f in stamped}
        objs = [model(**dict(zip(attnames, row, strict=True)), **stamp) for row in rows]
        model._default_manager.using(alias).bulk_update(objs, [f.name for f in (*plain, *stamped)])
        return
    quote = connection.ops.quote_name
    table = quote(opts.db_table)
    keyed = [pk, *plain]
    names = [quote(cast(str, f.column)) for f in keyed]
    arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in keyed)
    assignments = [f"{name} = v.{name}" for name in names[1:]]
    assignments += [f"{quote(cast(str, f.column))} = %s" for f in stamped]
    # Only quoted names and types from the model's metadata go into the text; the values are parameters.
    joined = f"FROM unnest({arrays}) AS v({', '.join(names)}) WHERE {table}.{names[0]} = v.{names[0]}"
    sql = f"UPDATE {table} SET {', '.join(assignments)} {joined}"  # noqa: S608
    values = [list(column) for column in zip(*rows, strict=True)]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*(now for _ in stamped), *values])


def _json_text(value: Any) -> str | None:
    # What JSONField stores (json.dumps, no encoder on the fields written here; None is SQL
    # NULL); an empty list, the usual value, without a call.
    if value is None:
        return None
    return "[]" if value == [] else json.dumps(value)


# Fields whose Python value psycopg writes as the database expects, so Django's
# per-value preparation (most of the time of a large COPY) can be skipped. Exact classes
# only: a subclass may prepare its value differently. Anything else goes through
# `get_db_prep_save`, and so do automatic dates, which `pre_save` fills in.
_PLAIN_FIELDS = (
    models.BooleanField,
    models.CharField,
    models.DateField,
    models.DecimalField,
    models.ForeignKey,
    models.IntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SmallIntegerField,
    models.TextField,
    models.UUIDField,
)


def _is_plain(field: models.Field[Any, Any]) -> bool:
    return (
        type(field) in _PLAIN_FIELDS
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    )
