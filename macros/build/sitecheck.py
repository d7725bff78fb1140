"""`zorgsaam-check` (and `make check`): the data (check.py), then the hand-written pages in docs/.

The docs folder gets the same gate in the check as in the build (docsgate.py): no symbolic
links, no file over its limit, no page where the generator puts its own. Which paths the
generator uses comes from the generator (generate.generated_paths), so this needs the data first.
"""

from __future__ import annotations

import os
import sys

from ..data import check
from ..data.loader import DataErrors, load_akkoord, peildatum_from_env
from ..data.yamlsource import FileTooLarge
from . import generate


def main(argv: list[str] | None = None) -> int:
    code = check.main(argv)
    if code != 0:
        return code
    data_dir = check.data_dir_from(argv)
    root = data_dir.parent
    if not (root / "docs").is_dir():
        return 0  # a data folder on its own (a copy to try something): there are no pages to check
    try:
        akkoord = load_akkoord(data_dir, peildatum_from_env(os.environ), display_root=root)
        generate.check_docs(generate.BuildInput(root, akkoord, docs_dir=root / "docs"))
    except (generate.GenerateError, DataErrors, FileTooLarge) as error:
        print(error.report() if isinstance(error, DataErrors) else error, file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
