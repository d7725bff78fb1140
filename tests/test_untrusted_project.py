"""The command line, docs/ and file sizes are input from outside, as data/ is.

- `zorgsaam-generate` never overwrites or deletes a file it did not write, mkdocs.yml included,
  whatever the arguments; a wrong path is a Dutch message and exit code 1.
- docs/ passes a gate in the check and in the build: no symbolic links, no file over its limit,
  no hand-written page where the generator puts one of its own (the generator's own list).
- Nothing is read whole before its size is known.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import FIXTURE_EPOCH, MKDOCS, build_env, fixture_project
from test_generate import generate
from macros.build import generate as generator
from macros.data.loader import DataErrors
from macros.data.yamlsource import MAX_BYTES

CHECK = [sys.executable, "-c", "import sys; from macros.build.sitecheck import main; sys.exit(main())"]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return fixture_project(tmp_path_factory.mktemp("untrusted-project") / "project")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and ".git" not in p.parts and "__pycache__" not in p.parts}


def refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "niets geschreven" in result.stderr or "niets gebouwd" in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


# ---------- the command line cannot destroy ----------

@pytest.mark.parametrize("option", ["--config", "--builder-config"])
def test_the_generator_never_overwrites_mkdocs_yml(project, tmp_path, option):
    before = snapshot(project)
    result = generate(project, tmp_path / "out", FIXTURE_EPOCH, option, "mkdocs.yml")
    refused(result, "mkdocs.yml")
    assert snapshot(project) == before
    assert not (tmp_path / "out").exists()


def test_the_generator_never_overwrites_a_file_it_did_not_write(project, tmp_path):
    own = tmp_path / "notities.yml"
    own.write_text("van de redactie\n", "utf-8")
    result = generate(project, tmp_path / "out", FIXTURE_EPOCH, "--builder-config", str(own))
    refused(result, "niet door zorgsaam-generate geschreven")
    assert own.read_text("utf-8") == "van de redactie\n"


@pytest.mark.parametrize("out", [".", "docs", "data", "docs/nieuw", "..", "mkdocs.yml", "data/afspraken.yml"])
def test_an_output_folder_in_or_over_the_project_is_refused(project, out):
    before = snapshot(project)
    result = generate(project, project / out, FIXTURE_EPOCH)
    refused(result)
    assert snapshot(project) == before


def test_a_second_run_replaces_only_its_own_files(project, tmp_path):
    out, config = tmp_path / "out", tmp_path / "builder.yml"
    assert generate(project, out, FIXTURE_EPOCH, "--builder-config", str(config)).returncode == 0
    first = snapshot(out)
    stale = out / "afspraken" / "oud.md"  # as if an afspraak was removed since the first run
    stale.write_text("x", "utf-8")
    (out / ".zorgsaam-generate").write_text((out / ".zorgsaam-generate").read_text("utf-8") + "afspraken/oud.md\n",
                                            "utf-8")
    result = generate(project, out, FIXTURE_EPOCH, "--builder-config", str(config))
    assert result.returncode == 0, result.stderr
    assert snapshot(out) == first and not stale.exists()
    (out / "van-iemand.txt").write_text("eigen werk", "utf-8")
    result = generate(project, out, FIXTURE_EPOCH)
    refused(result, "van-iemand.txt")
    assert (out / "van-iemand.txt").read_text("utf-8") == "eigen werk"


def test_a_link_in_the_output_folder_is_refused(project, tmp_path):
    out = tmp_path / "out"
    assert generate(project, out, FIXTURE_EPOCH).returncode == 0
    (out / "link").symlink_to(project / "data")
    refused(generate(project, out, FIXTURE_EPOCH), "snelkoppeling")
    assert (project / "data" / "afspraken.yml").is_file()


def test_wrong_paths_give_a_dutch_message(project, tmp_path):
    refused(generate(project, tmp_path / "out", FIXTURE_EPOCH, "--project", str(tmp_path / "bestaat-niet")),
            "geen mkdocs.yml")
    refused(generate(project, tmp_path / "out", FIXTURE_EPOCH, "--builder-config",
                     str(tmp_path / "geen-map" / "x.yml")), "bestaat niet")
    (tmp_path / "een-map").mkdir()
    refused(generate(project, tmp_path / "out", FIXTURE_EPOCH, "--builder-config", str(tmp_path / "een-map")),
            "een map")


# ---------- docs/ under the same rules as data/ ----------

def check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*CHECK, "--data-dir", str(project / "data")], cwd=project,
                          env=build_env(FIXTURE_EPOCH, PYTHONPATH=str(project)), capture_output=True, text=True,
                          timeout=300)


def build(project: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*MKDOCS, "build", "--strict", "--site-dir", str(site)], cwd=project,
                          env=build_env(FIXTURE_EPOCH), capture_output=True, text=True, timeout=300)


def assert_check_and_build_refuse(project: Path, tmp_path: Path, *words: str) -> None:
    for result in (check(project), build(project, tmp_path / "site")):
        said = result.stdout + result.stderr
        assert result.returncode == 1, said
        assert "Traceback" not in said, said
        for word in words:
            assert word in said, said
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_symlink_in_docs_is_refused_by_check_and_build(tmp_path):
    project = fixture_project(tmp_path / "project")
    secret = tmp_path / "geheim.txt"
    secret.write_text("niet publiceren", "utf-8")
    (project / "docs" / "geheim.txt").symlink_to(secret)
    assert_check_and_build_refuse(project, tmp_path, "docs/geheim.txt", "snelkoppeling")


def generated_examples() -> list[str]:
    """One path of each kind the generator makes for the fixture akkoord, from the generator itself."""
    with tempfile.TemporaryDirectory() as tmp:
        project = fixture_project(Path(tmp) / "project")
        inp = generator.BuildInput(project, generator.load(project, build_env(FIXTURE_EPOCH)))
        kinds: dict[str, str] = {}
        for path in generator.generated_paths(inp):
            kinds.setdefault(path.split("/")[0] if "/" in path else path.rsplit(".", 1)[-1], path)
    return sorted(kinds.values())


@pytest.mark.parametrize("path", generated_examples())
def test_a_hand_written_file_where_the_generator_puts_one_is_refused(tmp_path, path):
    project = fixture_project(tmp_path / "project")
    # A page for the same address, written the other way (x.md and x/index.md give the same page).
    mine = path.removesuffix(".md") + "/index.md" if path.endswith(".md") and not path.endswith("index.md") else path
    target = project / "docs" / mine
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("# Mijn eigen pagina\n", "utf-8")
    # Named by the docs gate, or (for an id of data/ that takes a hand-written page's name) by the data check.
    assert_check_and_build_refuse(project, tmp_path, f"docs/{mine.removesuffix('/index.md')}")


def test_a_docs_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    project = fixture_project(tmp_path / "project")
    with open(project / "docs" / "groot.md", "wb") as file:
        file.truncate(MAX_BYTES + 1)  # sparse: no disk, no memory
    assert_check_and_build_refuse(project, tmp_path, "docs/groot.md", "groter dan")


# ---------- nothing read whole before its limit ----------

def test_the_cached_load_does_not_read_a_large_data_file_whole(tmp_path, monkeypatch):
    project = fixture_project(tmp_path / "project")
    with open(project / "data" / "bronnen.yml", "r+b") as file:
        file.truncate(MAX_BYTES * 20)
    read_whole = []
    original = Path.read_bytes

    def watched(self):
        if self.stat().st_size > MAX_BYTES:
            read_whole.append(self.name)
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", watched)
    with pytest.raises(DataErrors, match="bronnen.yml"):
        generator.load(project, build_env(FIXTURE_EPOCH))
    assert read_whole == []


def test_a_large_mkdocs_yml_is_refused_in_dutch(project, tmp_path):
    copy = fixture_project(tmp_path / "project")
    with open(copy / "mkdocs.yml", "r+b") as file:
        file.truncate(MAX_BYTES * 3)
    refused(generate(copy, tmp_path / "out", FIXTURE_EPOCH), "mkdocs.yml", "groter dan")


def test_an_empty_placeholder_may_become_the_builder_config(project, tmp_path):
    """tempfile.mkstemp makes the file first (tools/compare_builders.py): empty, nothing to lose."""
    placeholder = tmp_path / "builder.yml"
    placeholder.write_bytes(b"")
    result = generate(project, tmp_path / "out", FIXTURE_EPOCH, "--builder-config", str(placeholder))
    assert result.returncode == 0, result.stderr
    assert placeholder.read_text("utf-8").startswith("# Made by zorgsaam-generate")
