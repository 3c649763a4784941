"""Where ``--out`` lives: a local directory, a shared mount, or any URI pyarrow and Spark both read."""

from __future__ import annotations

import os
import posixpath

from pyarrow import fs as pafs


def absolute(out: str) -> str:
    """A URI stays as given; a local path becomes absolute (executors do not share the driver's working directory)."""
    return out if "://" in out else os.path.abspath(out)


def filesystem(path: str) -> tuple[pafs.FileSystem, str]:
    """The pyarrow filesystem and the path inside it."""
    if "://" in path:
        return pafs.FileSystem.from_uri(path)
    return pafs.LocalFileSystem(), os.path.abspath(path)


def join(base: str, *names: str) -> str:
    return posixpath.join(base, *names) if "://" in base else os.path.join(base, *names)


def parquet_files(directory: str) -> tuple[pafs.FileSystem, list[str]]:
    """The Parquet part files of a directory Spark or the driver wrote (markers like ``_SUCCESS`` skipped)."""
    fs, path = filesystem(directory)
    infos = fs.get_file_info(pafs.FileSelector(path, allow_not_found=True))
    names = sorted(
        i.path for i in infos
        if i.type == pafs.FileType.File and i.path.endswith(".parquet") and not posixpath.basename(i.path).startswith(("_", "."))
    )
    return fs, names


def clear(directory: str) -> None:
    """Remove a directory this job writes, before writing it again."""
    fs, path = filesystem(directory)
    if fs.get_file_info(path).type != pafs.FileType.NotFound:
        fs.delete_dir(path)
