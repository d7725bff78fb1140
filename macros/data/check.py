"""`zorgsaam-check` (and `make check`): check the data in data/ without building the site.

The same validator as the build (macros.loader.load_akkoord), so the check, the build and
CI always agree. Prints every error, one per line in Dutch, then one plain closing line;
exit code 1 on errors. On success it prints one line with what was checked; exit code 0.

In GitHub Actions (GITHUB_ACTIONS=true) it also prints each error as an annotation, so
GitHub shows it next to the line in the pull request.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .loader import DataError, DataErrors, count_records, load_akkoord, peildatum_from_env

PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def _default_data_dir() -> Path:
    """data/ of the repository: the current folder's, else the one next to this package."""
    here = Path.cwd() / "data"
    return here if (here / "schema").is_dir() else PACKAGE_ROOT / "data"


def success_line(counts: dict[str, int]) -> str:
    parts = [f"{count} {noun}" for noun, count in counts.items()]
    return f"Gegevens in orde: {', '.join(parts[:-1])} en {parts[-1]} gecontroleerd."


def _annotation(error: DataError) -> str:
    """A GitHub Actions workflow command; see 'workflow commands' in the GitHub docs."""
    def escape(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def escape_property(text: str) -> str:
        return escape(text).replace(":", "%3A").replace(",", "%2C")

    properties = [f"file={escape_property(error.file)}"]
    if error.line:
        properties.append(f"line={error.line}")
        if error.column:
            properties.append(f"col={error.column}")
    properties.append("title=" + escape_property("Fout in de gegevens"))
    return f"::error {','.join(properties)}::{escape(str(error))}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="zorgsaam-check",
        description="Controleer de gegevens in data/ (dezelfde controle als bij het bouwen van de site).")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="de map met de YAML-bestanden (standaard: data/ van deze repository)")
    args = parser.parse_args(argv)
    data_dir = (args.data_dir or _default_data_dir()).resolve()
    for stream in (sys.stdout, sys.stderr):  # Dutch letters also on a Windows console
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    try:
        akkoord = load_akkoord(data_dir, peildatum_from_env(os.environ), display_root=data_dir.parent)
    except DataErrors as errors:
        if os.environ.get("GITHUB_ACTIONS") == "true":
            for error in errors.errors:
                print(_annotation(error), flush=True)
        print(errors.report(), file=sys.stderr, flush=True)
        return 1
    print(success_line(count_records(akkoord)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
