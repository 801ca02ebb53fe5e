"""Every asset that writes runs under the warehouse's writer lock (equity_pipeline.lock).

Held by another process, the asset fails at once with the holder named, and without its
retry policy: retrying in 10 and 20 seconds would only fail three times on a long refresh.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import dagster as dg

from equity_pipeline.config import get_settings
from equity_pipeline.lock import RefreshLocked, refresh_lock

F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def warehouse_writer() -> Iterator[None]:
    """The writer lock, as Dagster understands a refusal: a Failure that is not retried."""
    held = refresh_lock(get_settings().warehouse_dir)
    try:
        held.__enter__()
    except RefreshLocked as exc:
        raise dg.Failure(description=f"{exc}; this step did not run.", allow_retries=False) from exc
    try:
        yield
    finally:
        held.__exit__(None, None, None)


def holds_refresh_lock(fn: F) -> F:
    """Decorate an asset's function (plain or generator) so its whole body runs under the lock."""
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def generator(*args: Any, **kwargs: Any) -> Iterator[Any]:
            with warehouse_writer():
                yield from fn(*args, **kwargs)

        return generator  # type: ignore[return-value]

    @functools.wraps(fn)
    def plain(*args: Any, **kwargs: Any) -> Any:
        with warehouse_writer():
            return fn(*args, **kwargs)

    return plain  # type: ignore[return-value]
