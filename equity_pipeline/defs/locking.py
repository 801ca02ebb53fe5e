"""Every asset that writes runs under the warehouse's writer lock (equity_pipeline.lock).

Held by another process, the asset fails at once with the holder named, and without its
retry policy: retrying in 10 and 20 seconds would only fail three times on a long refresh.
A full disk or a read-only warehouse likewise fails at once, in one line naming the cause.
The decorated function takes the `settings` resource (EquitySettings), which names the warehouse.
Each such step also tags its run with that warehouse and landing folder (equity_pipeline.instance), so
every run says where it worked however it was started: `make run`, the schedule, the sensor, the UI.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import dagster as dg

from equity_pipeline.instance import run_tags
from equity_pipeline.lock import RefreshLocked, refresh_lock
from equity_pipeline.resources import EquitySettings
from equity_pipeline.storage_errors import storage_problem

F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def warehouse_writer(warehouse_dir: Path) -> Iterator[None]:
    """The writer lock, as Dagster understands a refusal: a Failure that is not retried."""
    held = refresh_lock(warehouse_dir)
    try:
        held.__enter__()
    except RefreshLocked as exc:
        raise dg.Failure(description=f"{exc}; this step did not run.", allow_retries=False) from exc
    except Exception as exc:
        _raise_if_storage(exc, warehouse_dir)
        raise
    try:
        yield
    except dg.Failure:
        raise
    except Exception as exc:
        _raise_if_storage(exc, warehouse_dir)
        raise
    finally:
        held.__exit__(None, None, None)


def _raise_if_storage(exc: Exception, warehouse_dir: Path) -> None:
    line = storage_problem(exc, warehouse_dir)
    if line is not None:
        raise dg.Failure(description=line, allow_retries=False) from exc


def _warehouse_dir(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Path:
    """The warehouse the step writes, after tagging its run with it (module docstring)."""
    settings = kwargs.get("settings")
    if not isinstance(settings, EquitySettings):
        raise TypeError("an asset under the writer lock takes the `settings: EquitySettings` resource")
    context = next((a for a in (*args, *kwargs.values()) if isinstance(a, dg.AssetExecutionContext)), None)
    if context is not None:
        _tag_run(context, run_tags(settings.settings))
    return settings.settings.warehouse_dir


def _tag_run(context: dg.AssetExecutionContext, tags: dict[str, str]) -> None:
    if any(context.run.tags.get(k) != v for k, v in tags.items()):
        context.instance.add_run_tags(context.run.run_id, tags)


def holds_refresh_lock(fn: F) -> F:
    """Decorate an asset's function (plain or generator) so its whole body runs under the lock."""
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def generator(*args: Any, **kwargs: Any) -> Iterator[Any]:
            with warehouse_writer(_warehouse_dir(args, kwargs)):
                yield from fn(*args, **kwargs)

        return generator  # type: ignore[return-value]

    @functools.wraps(fn)
    def plain(*args: Any, **kwargs: Any) -> Any:
        with warehouse_writer(_warehouse_dir(args, kwargs)):
            return fn(*args, **kwargs)

    return plain  # type: ignore[return-value]
