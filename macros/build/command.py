"""The `zorgsaam-generate` command: a docs folder and a builder config for builders without our
hook (Zensical), made by the generator (generate.py) from the project as `mkdocs build` reads it.

Everything it reads is input: mkdocs.yml, the arguments, the folder it writes to (outfolder.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path

import yaml
import yaml_env_tag

from . import outfolder
from ..data.loader import DataErrors
from ..data.yamlsource import FileTooLarge, read_limited
from .generate import (
    MKDOCS_ONLY_PLUGINS, THEME_FOR_OTHER_BUILDERS, BuildInput, GenerateError, build_input, nav, nav_in_folder,
    site_files,
)

# --- the command ------------------------------------------------------------------------------

class _ConfigLoader(yaml.SafeLoader):
    pass


_ConfigLoader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)  # as MkDocs reads mkdocs.yml


def read_config(root: Path) -> dict:
    """mkdocs.yml as MkDocs reads it; `!relative $config_dir` becomes the absolute path."""
    class Loader(_ConfigLoader):
        pass

    def relative(loader, node) -> str:
        value = loader.construct_scalar(node)
        if not value.startswith("$config_dir"):
            raise GenerateError(f"mkdocs.yml: zorgsaam-generate kent van '!relative' alleen '$config_dir', "
                                f"niet {value!r}. Er is niets geschreven.")
        return os.path.join(str(root.resolve()), value.removeprefix("$config_dir").lstrip("/"))

    Loader.add_constructor("!relative", relative)
    return yaml.load(read_limited(root / "mkdocs.yml").decode("utf-8"), Loader=Loader)


# The macros plugin settings that expanded_page and templates.page_environment follow.
MACROS_SETTINGS = {"render_by_default": False, "on_undefined": "strict"}


def _check_macros_settings(config: dict) -> None:
    """Fail loudly if mkdocs.yml renders pages otherwise than this script does."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "macros" in plugin:
            settings = plugin["macros"] or {}
            other = {key: settings.get(key) for key in MACROS_SETTINGS if settings.get(key) != MACROS_SETTINGS[key]}
            other.update({key: value for key, value in settings.items() if key.startswith("j2_")})
            if other:
                raise GenerateError(f"mkdocs.yml zet de plugin macros anders dan zorgsaam-generate de pagina's "
                                    f"maakt: {other}. Pas macros/build/command.py aan; er is niets geschreven.")


def input_from_project(root: Path, environ: Mapping[str, str] = os.environ) -> BuildInput:
    """The BuildInput a `mkdocs build` of root would use (site_url and extra from mkdocs.yml)."""
    config = read_config(root)
    _check_macros_settings(config)
    site_url = config.get("site_url") or ""
    if site_url and not site_url.endswith("/"):
        site_url += "/"  # as MkDocs' URL(is_dir=True) does
    extra = config.get("extra") or {}
    return build_input(root, site_url=site_url, meld_adres=extra.get("meld_adres"),
                       repo_adres=extra.get("repo_adres"), docs_dir=root / config.get("docs_dir", "docs"),
                       environ=environ, site_name=config.get("site_name") or "")


def builder_config(inp: BuildInput, out: Path, config_file: Path, site_dir: Path | None = None) -> str:
    """mkdocs.yml for a builder that renders `out` as it is: no hooks, no macros plugin, full nav."""
    config = read_config(inp.root)
    here = config_file.resolve().parent

    def relative(path: Path) -> str:
        return os.path.relpath(path.resolve(), here)

    config.pop("hooks", None)
    config.pop("watch", None)
    config["docs_dir"] = relative(out)
    theme = config.setdefault("theme", {})
    theme.update(THEME_FOR_OTHER_BUILDERS)
    if theme.get("custom_dir"):
        theme["custom_dir"] = relative(inp.root / theme["custom_dir"])
    config["plugins"] = [p for p in config.get("plugins") or []
                         if (next(iter(p)) if isinstance(p, dict) else p) not in MKDOCS_ONLY_PLUGINS]
    if config.get("nav"):
        config["nav"] = nav_in_folder(nav(inp, config["nav"]))
    if site_dir is not None:
        config["site_dir"] = relative(site_dir)
    return outfolder.HEAD + yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="zorgsaam-generate",
        description="Maak van data/ en docs/ een complete docs-map die elke Markdown-bouwer kan bouwen. "
                    "Schrijft alleen in een nieuwe of eigen map en overschrijft nooit een bestand dat het niet "
                    "zelf heeft gemaakt.")
    parser.add_argument("--out-dir", "--out", dest="out", type=Path, required=True,
                        help="de map waarin de pagina's en bestanden komen (nieuw, of eerder door dit commando gemaakt)")
    parser.add_argument("--builder-config", "--config", dest="config", type=Path, default=None,
                        help="schrijf ook een bouwconfiguratie voor die map (zonder hooks en macros); nooit mkdocs.yml")
    parser.add_argument("--site-dir", type=Path, default=None, help="site_dir in die configuratie")
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="de map met mkdocs.yml (standaard: hier)")
    for stream in (sys.stdout, sys.stderr):  # Dutch letters also on a Windows console
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    args = parser.parse_args(argv)
    root = args.project.resolve()
    try:
        if not (root / "mkdocs.yml").is_file():
            raise GenerateError(f"In {args.project} staat geen mkdocs.yml. Geef met --project de map van de site "
                                "op. Er is niets geschreven.")
        written = outfolder.check_out_folder(args.out, root, _protected(root))
        if args.config:
            outfolder.check_config_file(args.config, root)
        inp = input_from_project(root)
        files = site_files(inp)  # all in memory first: on an error nothing is written
        config = builder_config(inp, args.out, args.config, args.site_dir) if args.config else None
        outfolder.write_folder(args.out.resolve(), files, written)
        if config is not None:
            args.config.write_text(config, encoding="utf-8")
    except DataErrors as errors:
        print(errors.report(), file=sys.stderr, flush=True)
        return 1
    except (GenerateError, outfolder.OutputRefused, FileTooLarge) as error:
        print(error, file=sys.stderr, flush=True)
        return 1
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        del error
        print(f"{root / 'mkdocs.yml'} kan niet gelezen worden: het is geen geldige YAML in UTF-8. Er is niets "
              "geschreven.", file=sys.stderr, flush=True)
        return 1
    except OSError as error:
        print(f"Niet gelukt: {error.strerror or error} ({error.filename or args.out}). Controleer de paden die u "
              "opgaf.", file=sys.stderr, flush=True)
        return 1
    pages = sum(rel.endswith(".md") for rel in files)
    print(f"{pages} pagina's en {len(files) - pages} andere bestanden geschreven in {args.out}.")
    return 0


def _protected(root: Path) -> list[Path]:
    """Folders of the project the output folder may not lie in (their files are no generator's)."""
    return [root / name for name in ("docs", "data", "macros", "overrides", "tests", ".git")]


if __name__ == "__main__":
    sys.exit(main())
