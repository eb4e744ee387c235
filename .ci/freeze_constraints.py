"""Print the pinned, tested package set of the current environment (for
.ci/constraints.txt).

Run with the interpreter of a venv made from pyproject.toml (`make constraints` does
this). The book's own package (dlts-tslib, installed editable) is left out, and local
version labels are dropped (`torch==2.13.0+cpu` -> `torch==2.13.0`): `==2.13.0` also
matches the CPU build, which pip takes from the PyTorch CPU index or a local wheel, and
the CUDA build elsewhere.
"""

from __future__ import annotations

import subprocess
import sys

HEADER = """\
# The tested, pinned package set of the book (all packages of the environment that
# `make install` builds, Python 3.11, Linux x86-64). Used as pip constraints:
#     pip install -c .ci/constraints.txt -e ".[book,test,course]"
# The ranges that readers get live in pyproject.toml; regenerate this file with
# `make constraints` and commit it only after `make test` passes.
# torch is pinned without its local label (+cpu): CI adds the PyTorch CPU index.
"""

SKIP = {"dlts-tslib", "dlts_tslib", "pip", "setuptools", "wheel"}


def main() -> int:
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pins = []
    for line in frozen.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "==" not in line:
            continue
        name, version = line.split("==", 1)
        if name.lower() in SKIP:
            continue
        pins.append(f"{name}=={version.split('+', 1)[0]}")
    sys.stdout.write(HEADER + "\n".join(sorted(pins, key=str.lower)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
