"""tslib is as small as the book: every public name has a user, every helper one home.

A public name of tslib (a module's ``__all__``, or its public functions and classes when
it has none) must be used by a chapter (its exercises included), a benchmark script or
coursework, or be listed on the API page under "Public for readers" (book/api.md),
where the book promises it to readers who go beyond the chapters. And no function is
defined in two chapters: a helper that a second chapter needs moves into tslib.

When a test here fails, delete the unused name (or list it on the API page with the
reason readers need it), or move the twice-written helper into tslib.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
API_PAGE = ROOT / "book" / "api.md"
READERS_HEADING = "## Public for readers"


def code_cells(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in nb["cells"]
        if c["cell_type"] == "code"
    ]


def users_text() -> str:
    """The code of every chapter, book page, benchmark and coursework file."""
    parts = [cell for chapter in CHAPTERS for cell in code_cells(chapter)]
    for page in sorted((ROOT / "book").glob("*.md")):
        parts.append(page.read_text(encoding="utf-8"))  # its code-cell blocks
    for folder in ("benchmarks", "course"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix == ".py":
                parts.append(path.read_text(encoding="utf-8"))
            elif path.suffix == ".ipynb":
                parts.extend(code_cells(path))
    return "\n".join(parts)


def documented_modules() -> list[str]:
    """The modules the API page documents (its automodule directives)."""
    text = API_PAGE.read_text(encoding="utf-8")
    return re.findall(r"^\.\. automodule:: (\S+)", text, flags=re.MULTILINE)


def public_names(module_name: str) -> list[str]:
    module = importlib.import_module(module_name)
    if hasattr(module, "__all__"):
        return list(module.__all__)
    return [
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(value) or inspect.isclass(value))
        and getattr(value, "__module__", "").startswith(module_name)
    ]


def listed_for_readers() -> set[str]:
    """The names in backticks in the API page's "Public for readers" section."""
    text = API_PAGE.read_text(encoding="utf-8")
    if READERS_HEADING not in text:
        return set()
    section = text.split(READERS_HEADING, 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"`tslib\.[\w.]+\.(\w+)`", section))


def test_every_public_name_has_a_user_or_is_promised_to_readers():
    text = users_text()
    used = set(re.findall(r"\b\w+\b", text))
    promised = listed_for_readers()
    unused = sorted(
        f"{module}.{name}"
        for module in documented_modules()
        if module != "tslib"
        for name in public_names(module)
        if name not in used and name not in promised
    )
    assert not unused, (
        "public names of tslib that no chapter, exercise, benchmark or coursework file "
        "uses, and that book/api.md does not list under "
        f"{READERS_HEADING!r}: delete them or list them there:\n" + "\n".join(unused)
    )


def test_every_name_promised_to_readers_exists():
    known = {name for module in documented_modules() for name in public_names(module)}
    missing = sorted(listed_for_readers() - known)
    assert not missing, f"book/api.md promises names tslib does not have: {missing}"


def defined_functions(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:  # an IPython magic: no definitions to see
        return set()
    return {
        node.name
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    }


def test_no_function_is_defined_in_two_chapters():
    homes = defaultdict(set)
    for chapter in CHAPTERS:
        for cell in code_cells(chapter):
            for name in defined_functions(cell):
                homes[name].add(chapter.stem[:2])
    twice = {name: sorted(where) for name, where in homes.items() if len(where) > 1}
    assert not twice, (
        "functions or classes defined in more than one chapter; move each into tslib "
        f"(one way per concept): {twice}"
    )


@pytest.mark.parametrize(
    "source, expected",
    [
        ("def f():\n    pass\nclass C:\n    pass", {"f", "C"}),
        ("def outer():\n    def inner():\n        pass", {"outer"}),
        ("%time x = 1", set()),
    ],
)
def test_definitions_are_read_from_top_level_code(source, expected):
    assert defined_functions(source) == expected
