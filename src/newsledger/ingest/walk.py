"""Turn the paths on a command line into a lazy, sorted stream of files."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator

from .errors import IngestError, reason_for


def iter_files(path: str) -> Iterator[str | IngestError]:
    """Yield ``path`` itself if it is a file, or every file under it if it is a directory.

    Directories are walked depth-first in name order (deterministic output),
    hidden entries are skipped, and each directory is entered once by inode
    so symlink loops end.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        yield IngestError(path, reason_for(exc))
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(path, info)
    elif stat.S_ISREG(info.st_mode):
        yield path
    else:
        yield IngestError(path, f"not a regular file ({_special_kind(info.st_mode)})")


def _special_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device")):
        if test(mode):
            return kind
    return "a special file"


def _sorted_names(directory: str) -> list[str] | IngestError:
    """Visible names in one directory, sorted; only names are kept to stay small for huge folders."""
    try:
        with os.scandir(directory) as entries:
            names = [entry.name for entry in entries if not entry.name.startswith(".")]
    except OSError as exc:
        return IngestError(directory, reason_for(exc))
    names.sort()
    return names


def _walk(top: str, info: os.stat_result) -> Iterator[str | IngestError]:
    """Depth-first walk with an explicit stack (no recursion limit for deep trees)."""
    visited = {(info.st_dev, info.st_ino)}
    stack: list[tuple[str, Iterator[str]]] = []

    def enter(directory: str) -> Iterator[IngestError]:
        names = _sorted_names(directory)
        if isinstance(names, IngestError):
            yield names
        else:
            stack.append((directory, iter(names)))

    yield from enter(top)
    while stack:
        directory, names = stack[-1]
        name = next(names, None)
        if name is None:
            stack.pop()
            continue
        child = os.path.join(directory, name)
        try:
            child_info = os.stat(child)
        except OSError as exc:
            yield IngestError(child, reason_for(exc))
            continue
        if stat.S_ISDIR(child_info.st_mode):
            key = (child_info.st_dev, child_info.st_ino)
            if key not in visited:
                visited.add(key)
                yield from enter(child)
        elif stat.S_ISREG(child_info.st_mode):
            yield child
        else:
            yield IngestError(child, f"not a regular file ({_special_kind(child_info.st_mode)})")
