"""Read a shipped data file from the installed package, decompress, verify checksum."""

from __future__ import annotations

import functools
import gzip
import hashlib
from importlib import resources

from ._registry import expected_sha256

__all__ = ["read_text", "read_bytes"]

# Resolved from the package itself (never from the working directory), so the files are
# found in a source checkout, an installed wheel and a zipped install alike.
_PACKAGE = __package__ or "tslib.datasets"


def read_bytes(filename: str, verify: bool = True) -> bytes:
    """Decompressed content of ``data/<filename>.gz``.

    Args:
        filename: Original file name, without ``.gz`` (e.g. ``"Airline.csv"``).
        verify: Compare the SHA-256 of the content with the registered value.

    Returns:
        The decompressed bytes.

    Raises:
        FileNotFoundError: If the file is not shipped with the package.
        OSError: If the content does not match its registered checksum (a damaged
            install).
    """
    resource = resources.files(_PACKAGE).joinpath("data").joinpath(filename + ".gz")
    if not resource.is_file():
        raise FileNotFoundError(
            f"data file {filename + '.gz'!r} is missing from {_PACKAGE}"
        )
    content = gzip.decompress(resource.read_bytes())
    if verify:
        actual = hashlib.sha256(content).hexdigest()
        expected = expected_sha256(filename)
        if actual != expected:
            raise OSError(
                f"checksum mismatch for {filename}: expected sha256 {expected}, "
                f"got {actual}; "
                "reinstall tslib"
            )
    return content


@functools.cache
def read_text(filename: str) -> str:
    """Verified content of a shipped file as text (cached; strings are immutable)."""
    return read_bytes(filename).decode("utf-8")
