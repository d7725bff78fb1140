"""`zorgsaam-check` (and `make check`): the data (check.py), then the hand-written pages in docs/.

The docs folder gets the same gate in the check as in the build (docsgate.py): no symbolic
links, no file over its limit, no page where the generator puts its own. Which paths the
generator uses comes from the generator (generate.generated_paths), so this needs the data first.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..data import check
from . import generate


def main(argv: list[str] | None = None) -> int:
    code = check.main(argv)
    if code != 0:
        return code
    data_dir = check.data_dir_from(argv)
    root = data_dir.parent
    try:
        inp = generate.BuildInput(root, generate.load(root, os.environ), docs_dir=root / "docs")
        generate.check_docs(inp)
    except generate.GenerateError as error:
        print(error, file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
