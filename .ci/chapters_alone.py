"""Copy each chapter alone into an empty folder; print the copies, longest first.

    python .ci/chapters_alone.py DIR     # DIR/<chapter>/<chapter>.ipynb, one per line

Stage 3 of `make test` runs these copies with nbval (the root conftest.py starts their
kernels in the clean venv of .ci/clean_venv.py), so a chapter that reads a file next to
it or imports something from the repository fails there. DIR is emptied first. The
order is the chapters' median time in their robustness sweep, longest first: with two
chapters at once (pytest-xdist), the run ends sooner when the short ones come last.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def expected_seconds(chapter: Path) -> float:
    """The chapter's median time in its robustness sweep (0 when it has none)."""
    path = ROOT / "book" / "_data" / "robustness" / f"{chapter.stem}.json"
    try:
        runs = json.loads(path.read_text(encoding="utf-8"))["runs"]
        return sorted(r["seconds"] for r in runs)[len(runs) // 2]
    except (OSError, ValueError, KeyError, IndexError):
        return 0.0


def copy_alone(out: Path) -> list[Path]:
    chapters = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
    chapters.sort(key=lambda p: -expected_seconds(p))
    shutil.rmtree(out, ignore_errors=True)
    copies = []
    for chapter in chapters:
        folder = out / chapter.stem
        folder.mkdir(parents=True)
        copies.append(Path(shutil.copy(chapter, folder / chapter.name)))
    return copies


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python .ci/chapters_alone.py DIR")
    for copy in copy_alone(Path(sys.argv[1])):
        print(copy.as_posix())
