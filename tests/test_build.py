"""The runner end to end on a copy of the project: every notebook runs, the report's links resolve,
nothing changed means nothing run, a raw edit re-runs only its readers, two builds give the same
bytes, and a failed, bad or interrupted build leaves the last good outputs as they were."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from conftest import ELSEWHERE, built_copy, project_env, run_module, start_module, tree_digest

from borgerservice import exhibits

pytestmark = pytest.mark.slow


def ran(result) -> list[str]:
    return re.findall(r"\[\s*ok\] (\S+)", result.stdout)


def test_full_build_writes_every_exhibit(built_project):
    root, result = built_project
    assert "done:" in result.stdout or "up to date" in result.stdout, result.stdout
    tables = sorted(p.name for p in (root / "data/processed/tables").glob("*.csv"))
    assert tables == sorted([f"table_0{i}.csv" for i in range(1, 10)] + ["figure_02.csv"])
    for ex in exhibits.EXHIBITS:
        for fig in ex.figures:
            present = (root / "figures" / f"{fig}.png").is_file() and (root / "figures" / f"{fig}.svg").is_file()
            assert present == (ex.status != "not_published"), fig
    assert (root / "data/processed/claims.csv").is_file()
    header = (root / "data/processed/claims.csv").read_text().splitlines()[0]
    assert header == "claim_id,location,description,printed_value,recomputed_value,unit,verdict,explanation,family"
    for nb in (nb for nb in exhibits.NOTEBOOKS if nb.in_report):
        assert (root / "report/notebooks" / f"{nb.stem}.html").is_file()
        executed = json.loads((root / "report/notebooks" / f"{nb.stem}.ipynb").read_text())
        assert "papermill" not in executed["metadata"]


def test_table_09_in_printed_layout(built_project):
    root, _ = built_project
    lines = (root / "data/processed/tables/table_09.csv").read_text().splitlines()
    assert lines[0] == "Contact channel,Unit cost,Contacts,Total (DKK billion)"
    assert lines[1] == "Personal,110,59000000,6.5"
    assert lines[5] == "Web self-service,10,285000,0.003"
    assert lines[6] == "Total,,163000000,14.1"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append((tag, name, value))


def test_report_links_resolve_and_nothing_comes_from_the_network(built_project):
    root, _ = built_project
    pages = [root / "report/index.html", root / "report/checks.html", root / "report/scenarios.html",
             *sorted((root / "report/notebooks").glob("*.html"))]
    checked = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"""(?:src=|import\()["']https?://""", text), f"{page.name} loads from the network"
        assert not re.search(r"""<link[^>]+href=["']https?://""", text), f"{page.name} loads a stylesheet from the network"
        parser = _Links()
        parser.feed(text)
        for _tag, attr, value in parser.links:
            url = urlparse(value)
            if url.scheme in ("http", "https", "mailto", "data", "javascript") or value.startswith("#"):
                continue
            target = (page.parent / unquote(url.path)).resolve()
            assert target.exists(), f"{page.relative_to(root)}: broken {attr}={value}"
            if url.fragment and target.suffix == ".html":
                text = target.read_text(encoding="utf-8")
                assert f'id="{url.fragment}"' in text or f"id='{url.fragment}'" in text, f"{page.name}: {value}: no anchor"
            checked += 1
    assert checked > 50
    # every executed notebook's page leads back to its exhibit in the report (not a dead end)
    for page in sorted((root / "report/notebooks").glob("*.html")):
        back = re.search(r'<nav class="borgerservice-back"[^>]*><a href="([^"]+)"', page.read_text(encoding="utf-8"))
        assert back, f"{page.name} has no way back to the report"
        target, _, anchor = back.group(1).partition("#")
        text = (page.parent / target).read_text(encoding="utf-8")
        assert not anchor or f'id="{anchor}"' in text, f"{page.name}: {back.group(1)} does not resolve"
    index = (root / "report/index.html").read_text()
    positions = [index.index(f'id="{ex.key}"') for ex in exhibits.EXHIBITS]
    assert positions == sorted(positions), "exhibits are not in the paper's order"
    assert "data not published" in index and "rebuilt with findings" in index


def _readers(resource: str) -> list[str]:
    """The notebooks that read `resource`, and those that read what they write (exhibits.py's `after`)."""
    found = {nb.stem for nb in exhibits.NOTEBOOKS if nb.in_report and resource in nb.reads}
    while grown := {nb.stem for nb in exhibits.NOTEBOOKS if nb.in_report and set(nb.after) & found} - found:
        found |= grown
    return sorted(found)


def would_run(result) -> list[str]:
    """The notebooks a `--dry-run` names, in the order it says they would start."""
    line = next(ln for ln in result.stdout.splitlines() if ln.startswith("would run"))
    names = line.split("in this order: ", 1)[1].split(";", 1)[0]
    return [] if names == "none" else names.split(", ")


def test_noop_then_each_kind_of_change_reruns_only_what_depends_on_it(tmp_path, built_project):
    """Nothing changed: nothing runs. A deleted report page: the pages are rewritten, no notebook runs.
    A raw edit and a deleted figure: the readers of that file and the notebook that made the figure, the numbers
    check after the notebook it reads from. A type changed in datapackage.json (no byte of the CSV changed): the
    readers of that file. An edited notebook: it and the numbers check, which reads what it writes. The last two are
    asked of `--dry-run`, which plans as the build does and runs nothing (the runs themselves are the raw edit's)."""
    root = built_copy(tmp_path, built_project)
    noop = run_module(root, "borgerservice.build")
    assert noop.returncode == 0 and "up to date" in noop.stdout and not ran(noop)

    (root / "report/checks.html").unlink()
    pages = run_module(root, "borgerservice.build")
    assert pages.returncode == 0 and "nothing to do" not in pages.stdout and not ran(pages), pages.stdout
    assert (root / "report/checks.html").is_file()

    before = tree_digest(root)
    raw = root / "data/raw/tabel3_selfservice_transactions.csv"
    raw.write_text(raw.read_text().replace("\n0,0,0,88\n", "\n0,0,0,89\n"))
    stale = run_module(root, "borgerservice.rawdata", "--update-hashes")
    assert stale.returncode == 0, stale.stderr
    (root / "figures/table_07.png").unlink()
    planned = run_module(root, "borgerservice.build", "--dry-run")
    assert planned.returncode == 0 and "report pages would be rewritten" in planned.stdout, planned.stdout
    second = run_module(root, "borgerservice.build")
    assert second.returncode == 0, second.stdout + second.stderr
    assert sorted(ran(second)) == sorted(_readers("tabel3_selfservice_transactions") + ["06_unit_costs"])
    assert sorted(would_run(planned)) == sorted(ran(second)), planned.stdout
    # the numbers check reads Tabel 3's outputs: it starts only once 04 has written them
    assert second.stdout.index("[    ok] 04_selfservice_transactions") < second.stdout.index("[ start] 08_numbers_check")
    after = tree_digest(root)
    changed = sorted(k for k in after if before.get(k) != after[k])
    assert "data/processed/tables/table_03.csv" in changed
    assert not any("table_09" in k for k in changed)
    assert (root / "figures/table_07.png").is_file()

    settled = tree_digest(root, rels=("data", "figures", "report", "build/stamps", "notebooks"))
    pkg_path = root / "data/raw/datapackage.json"
    described = pkg_path.read_bytes()
    pkg = json.loads(described)
    res = next(r for r in pkg["resources"] if r["name"] == "tabel3_selfservice_transactions")
    field = next(f for f in res["schema"]["fields"] if f["name"] == "solutions")
    field["type"] = {"number": "integer", "integer": "number"}[field["type"]]  # counts of solutions: whole numbers
    pkg_path.write_text(json.dumps(pkg, indent=2, ensure_ascii=False) + "\n")
    retyped = run_module(root, "borgerservice.build", "--dry-run")
    assert retyped.returncode == 0, retyped.stdout + retyped.stderr
    assert sorted(would_run(retyped)) == _readers("tabel3_selfservice_transactions"), retyped.stdout
    pkg_path.write_bytes(described)

    # a changed notebook re-runs, and so does the numbers check, which reads what it wrote (no raw file of theirs changed)
    nb_path = root / "notebooks/03_document_handling.ipynb"
    nb = json.loads(nb_path.read_text())
    code = next(c for c in nb["cells"] if c["cell_type"] == "code" and "write_cells" in "".join(c["source"]))
    code["source"] = [*code["source"], "\n# a researcher's note"]
    nb_path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    edited = run_module(root, "borgerservice.build", "--dry-run")
    assert edited.returncode == 0, edited.stdout + edited.stderr
    # (and notebook 11, which reads what the numbers check writes)
    assert would_run(edited) == ["03_document_handling", "08_numbers_check", "11_after_2011"], edited.stdout
    # a dry run writes nothing: not an output, not a stamp
    now = tree_digest(root, rels=("data", "figures", "report", "build/stamps", "notebooks"))
    assert sorted(k for k in now if settled.get(k) != now[k]) == ["notebooks/03_document_handling.ipynb"]


def _scenario_output(rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return rel.startswith(("report/scenarios/", "data/processed/scenario_runs/")) or name.startswith(("scenario_", "scenarios.csv"))


#: re-run in English ELSEWHERE over a copy of the shared build, side by side (neither reads the other): a printed
#: table drawn as a figure (Tabel 2), and the numbers check, which reads six notebooks' outputs and writes a chart and
#: the longest page; the report's own pages are rewritten too
REBUILT_ELSEWHERE = ("02_eurostat_eservices", "08_numbers_check")


def _words_free(rel: str) -> bool:
    """A tidy output: numbers and codes, the same in either language (the printed layouts are in data/processed/tables)."""
    return rel.startswith("data/processed/") and not rel.startswith("data/processed/tables/")


def test_builds_in_another_time_zone_locale_and_hash_seed_write_the_same_bytes(built_project, danish_build, tmp_path):
    """Determinism, in two parts, without a third full build (it would cost a fifth of the suite).

    1. The Danish build is a clean build, made ELSEWHERE: its tidy outputs must be the English build's byte for byte,
       and it must write the same files, by name, in every folder.
    2. What is in words (layouts, figures, pages) is compared by re-running REBUILT_ELSEWHERE in English, ELSEWHERE,
       over a copy of the shared build: with the report's pages rewritten, every file must come back the same.
    """
    english, _ = built_project
    a, b = tree_digest(english), tree_digest(danish_build)
    # the shared build starts from the project's outputs, which hold `make scenarios`' when a user ran it; a build
    # makes none of those, so they are not compared
    a = {k: v for k, v in a.items() if not _scenario_output(k)}
    b = {k: v for k, v in b.items() if not _scenario_output(k)}
    assert sorted(a) == sorted(b)
    tidy = [k for k in a if _words_free(k)]
    assert len(tidy) >= 20 and any(k.endswith("claims.csv") for k in tidy)
    differ = [k for k in tidy if a[k] != b[k]]
    assert not differ, f"tidy outputs differ between the English build and the Danish one made elsewhere: {differ}"

    other = built_copy(tmp_path, built_project)
    result = run_module(other, "borgerservice.build", "--only", *REBUILT_ELSEWHERE, env=ELSEWHERE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(ran(result)) == sorted(REBUILT_ELSEWHERE)
    before, after = tree_digest(english), tree_digest(other)
    assert sorted(before) == sorted(after)
    differ = [k for k in before if before[k] != after[k]]
    assert not differ, f"differ after re-running {', '.join(REBUILT_ELSEWHERE)} elsewhere: {differ}"


#: the notebook the reference engine re-runs: the numbers check, which reads what six others wrote (from the last
#: build, outside the staging tree) and writes tidy tables and a figure into the staging tree (test_lab.py runs 07 on
#: a kernel of JupyterLab's)
ENGINE_SAMPLE = ("08_numbers_check",)


def test_papermill_engine_on_the_kernel_gives_the_same_outputs(built_project, tmp_path):
    """The reference engine (papermill, a fresh `borgerservice` kernel per notebook) agrees byte for byte.

    The numbers check is re-run on it over a copy of the shared build; every output it writes must come back with
    the same bytes (a full second build on kernels would double the suite's time, a kernel costs three seconds).
    """
    root, _ = built_project
    other = built_copy(tmp_path, built_project)
    result = run_module(other, "borgerservice.build", "--engine", "papermill", "--only", *ENGINE_SAMPLE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(ran(result)) == sorted(ENGINE_SAMPLE)
    rels = ("data/processed", "figures")
    assert tree_digest(root, rels=rels) == tree_digest(other, rels=rels)
    for stem in ENGINE_SAMPLE:
        stamp = json.loads((other / "build/stamps" / f"{stem}.json").read_text())
        assert any(k.startswith("data/processed/") for k in stamp["outputs"]), stem


def test_bad_raw_data_stops_before_writing(tmp_path, built_project):
    root = built_copy(tmp_path, built_project)
    before = tree_digest(root)
    raw = root / "data/raw/tabel5_national_estimate.csv"
    raw.write_text(raw.read_text().replace("38000000", "-38000000"))
    result = run_module(root, "borgerservice.build", "--force")
    assert result.returncode == 2
    assert "tabel5_national_estimate.csv" in result.stdout and "make datapackage" in result.stdout
    assert tree_digest(root) == before
    assert len(list((root / "build/generations").iterdir())) <= 1


def test_bad_parameter_stops_before_writing(tmp_path, built_project):
    root = built_copy(tmp_path, built_project)
    before = tree_digest(root)
    result = run_module(root, "borgerservice.build", "-p", "lnag=da")
    assert result.returncode == 2 and "unknown parameter(s) lnag" in result.stdout
    result = run_module(root, "borgerservice.build", "--lang", "de")
    assert result.returncode == 2
    assert tree_digest(root) == before


def test_failing_notebook_names_the_cell_keeps_the_copy_and_the_old_outputs(tmp_path, built_project):
    root = built_copy(tmp_path, built_project)
    before = tree_digest(root)
    nb_path = root / "notebooks/06_unit_costs.ipynb"
    nb = json.loads(nb_path.read_text())
    code = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]
    nb["cells"][code[3]]["source"] = "raise ValueError('deliberately broken')\n"
    nb_path.write_text(json.dumps(nb))
    result = run_module(root, "borgerservice.build")
    assert result.returncode == 1
    assert "FAILED 06_unit_costs.ipynb at cell" in result.stdout and "deliberately broken" in result.stdout
    assert "the cell begins: raise ValueError" in result.stdout
    assert (root / "build/failed/06_unit_costs.ipynb").is_file()
    assert tree_digest(root) == before


def test_interrupted_build_leaves_the_last_good_outputs(tmp_path, built_project):
    """Ctrl-C as a terminal sends it, to the build and its workers, while a notebook runs; then a second one."""
    root = built_copy(tmp_path, built_project)
    before = tree_digest(root)
    build = start_module(root, "borgerservice.build", "--force", "--jobs", "1", out_dir=tmp_path)
    assert build.wait_for("start]"), build.output()
    time.sleep(1.0)
    os.killpg(build.pid, signal.SIGINT)
    time.sleep(0.3)
    os.killpg(build.pid, signal.SIGINT)  # a second Ctrl-C while the workers are stopped ends it at once
    assert build.wait(timeout=30) != 0, build.output()
    assert tree_digest(root) == before


def test_make_scenarios_end_to_end(tmp_path, built_project):
    from borgerservice import scenarios

    root = built_copy(tmp_path, built_project)
    # two scenarios (the baseline with its interval, and a source without one) keep the run short
    full = scenarios.load()
    keep = ["paper", next(s.name for s in full if s.unit_cost_source not in ("paper", "custom"))]
    text = (root / "scenarios.toml").read_text()
    blocks = text.split("[[scenario]]")
    (root / "scenarios.toml").write_text(blocks[0] + "".join("[[scenario]]" + b for b in blocks[1:]
                                                             if any(f'name = "{n}"' in b for n in keep)))
    result = run_module(root, "borgerservice.scenarios", "--draws", "200")
    assert result.returncode == 0, result.stdout + result.stderr
    names = keep
    assert len(names) == 2
    table = (root / "data/processed/scenarios.csv").read_text().splitlines()
    assert len(table) == len(names) + 1
    for name in names:
        assert (root / "report/scenarios" / f"{name}.html").is_file(), name
    for fig in ("scenario_savings", "scenario_tornado", "scenario_montecarlo"):
        assert (root / "figures" / f"{fig}.png").is_file() and (root / "figures" / f"{fig}.svg").is_file()
    page = (root / "report/scenarios.html").read_text()
    assert all(f"scenarios/{n}.html" in page for n in names)
    paper = (root / "data/processed/scenario_runs/paper.csv").read_text()
    # Tabel 9 = Tabel 8 x Tabel 5 (p. 15): personal 110 x 59,000,000 = 6,490,000,000; phone 60 x 38,000,000 =
    # 2,280,000,000; letter 80 x 46,000,000 = 3,680,000,000; e-mail 80 x 20,000,000 = 1,600,000,000; self-service
    # 10 x 285,000 = 2,850,000
    for cost in (6_490_000_000, 2_280_000_000, 3_680_000_000, 1_600_000_000, 2_850_000):
        assert f",{cost}," in paper or f",{cost}\n" in paper
    # the report build after it keeps the scenario outputs and the page, and has nothing to say about them
    again = run_module(root, "borgerservice.build")
    assert again.returncode == 0 and (root / "data/processed/scenarios.csv").is_file()
    assert "nothing to do" in again.stdout and "stale" not in again.stdout, again.stdout
    # a changed scenarios.toml makes them stale, and every build says so until `make scenarios` runs
    with (root / "scenarios.toml").open("a") as fh:
        fh.write("# a comment is a change too\n")
    noted = run_module(root, "borgerservice.build")
    assert noted.returncode == 0 and "scenario outputs are stale" in noted.stdout, noted.stdout
    # a bad scenario file stops before any work
    (root / "scenarios.toml").write_text('[[scenario]]\nname = "paper"\nunit_cost_source = "oecd"\n')
    before = tree_digest(root)
    bad = run_module(root, "borgerservice.scenarios")
    assert bad.returncode == 2 and "valid: paper, vejen" in bad.stderr
    assert tree_digest(root) == before


def test_every_bad_input_stops_the_build_before_any_output(tmp_path, built_project):
    """The whole bad-input corpus, through the runner: exit 2, the file named, no output touched."""
    from test_rawdata import CORPUS, DESCRIPTOR_CORPUS

    root = built_copy(tmp_path, built_project)
    before = tree_digest(root)
    driver = Path(__file__).parent / "corpus_through_runner.py"
    proc = subprocess.run([sys.executable, str(driver)], cwd=root, env=project_env(root), capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["case"] for r in results] == [c[0] for c in CORPUS] + [c[0] for c in DESCRIPTOR_CORPUS]
    for r in results:
        assert r["code"] == 2, r
        assert r["named"], r
        assert r["unchanged"], r
    assert tree_digest(root) == before  # and not a byte of any output changed, whatever the times say


def test_papermill_by_hand_writes_to_a_scratch_folder_what_the_build_writes(tmp_path, built_project):
    """The README's `papermill -k borgerservice notebooks/07_channel_costs.ipynb out.ipynb -p lang da`: the run says
    where its outputs go, writes them to build/scratch/07_channel_costs/ with the bytes the build writes in that
    language, and leaves the published (English) build as it was."""
    root, _ = built_project
    other = built_copy(tmp_path, built_project)
    published = tree_digest(other)
    papermill = Path(sys.executable).parent / "papermill"
    result = subprocess.run([str(papermill), "-k", "borgerservice", "notebooks/07_channel_costs.ipynb",
                             str(tmp_path / "out.ipynb"), "-p", "lang", "en", "--no-progress-bar"], cwd=other,
                            env=project_env(other), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert tree_digest(other) == published  # not a byte of the published build changed
    scratch = other / "build/scratch/07_channel_costs"
    wrote = {p.relative_to(scratch).as_posix() for p in scratch.rglob("*") if p.is_file()}
    assert "data/processed/tables/table_09.csv" in wrote and "figures/table_09.png" in wrote
    for rel in wrote:
        assert (scratch / rel).read_bytes() == (root / rel).read_bytes(), rel
    executed = (tmp_path / "out.ipynb").read_text(encoding="utf-8")
    assert "build/scratch/07_channel_costs/" in executed and "make report" in executed  # it said so when it started
