"""The README's "Extending the analysis", followed step by step on a private copy: a new raw file described in
datapackage.json, a new notebook (the next free number) that declares what it reads, its words in the catalog, a build
that runs it (and the two that write Danish from that catalog), its outputs and its entry in the report in both
languages, a change to its raw file that re-runs it alone, and the suite's checks of notebooks and catalogs run over
the copy."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import built_copy, project_env, run_module

from borgerservice import exhibits, paths

pytestmark = pytest.mark.slow

#: the next free number, as the README says: after every notebook the project has
NUMBER = len(list(paths.NOTEBOOKS.glob("*.ipynb"))) + 1
STEM = f"{NUMBER:02d}_contacts_per_inhabitant_by_channel"
#: Denmark's population on 1 January 2010 (Danmarks Statistik, FOLK1A), the figure the numbers check divides by
POPULATION = 5534738

RESOURCE = {
    "name": "national_population_2010",
    "path": "national_population_2010.csv",
    "title": "Denmark's population, 1 January 2010",
    "x-role": "external_input",
    "x-origin": {"publisher": "Danmarks Statistik", "table": "FOLK1A"},
    "dialect": {"delimiter": ",", "header": True},
    "schema": {"fields": [
        {"name": "year", "type": "integer", "constraints": {"required": True, "minimum": 1900}},
        {"name": "inhabitants", "type": "integer", "unit": "persons", "constraints": {"required": True, "minimum": 0}},
    ], "primaryKey": ["year"], "missingValues": [""]},
}


def _cell(kind: str, source: str, **meta) -> dict:
    cell = {"cell_type": kind, "id": f"c{abs(hash(source)) % 10**8}", "metadata": meta, "source": source}
    if kind == "code":
        cell.update(outputs=[], execution_count=None)
    return cell


def _notebook() -> dict:
    code = (
        "import matplotlib.pyplot as plt\n\n"
        "from borgerservice import export, notebook, rawdata\n"
        "from borgerservice.i18n import _\n\n"
        f"notebook.start(lang, {STEM!r})\n"
        "volumes = rawdata.load('tabel5_national_estimate')\n"
        "population = int(rawdata.load('national_population_2010')['inhabitants'].iloc[0])\n"
        "per_inhabitant = volumes.assign(per_inhabitant=volumes['contacts'] / population)\n"
        "export.write_tidy('contacts_per_inhabitant_by_channel', per_inhabitant, sort_by=['channel'])\n"
        "fig, ax = plt.subplots(figsize=(6, 3))\n"
        "ax.barh(per_inhabitant['channel'], per_inhabitant['per_inhabitant'])\n"
        "ax.set_xlabel(_('contacts per inhabitant'))\n"
        "export.save_figure(fig, 'contacts_per_inhabitant_by_channel')\n")
    return {"nbformat": 4, "nbformat_minor": 5,
            "metadata": {"kernelspec": {"name": "borgerservice", "display_name": "Python (borgerservice)",
                                        "language": "python"},
                         "borgerservice": {"title": "Contacts per inhabitant by channel",
                                           "reads": ["tabel5_national_estimate", "national_population_2010"]}},
            "cells": [_cell("markdown", f"# {NUMBER} · Contacts per inhabitant\n\n**Question.** How many contacts per "
                                        "inhabitant does Tabel 5 make of each channel?\n\n**Inputs.** Tabel 5; "
                                        "Denmark's population.\n\n**Outputs.** contacts_per_inhabitant_by_channel."),
                      _cell("code", 'lang = "en"', tags=["parameters"]),
                      _cell("code", code)]}


def ran(result) -> list[str]:
    return re.findall(r"\[\s*ok\] (\S+)", result.stdout)


#: the Danish a translator gives the new notebook's words
DANISH = {"Contacts per inhabitant by channel": "Henvendelser pr. indbygger efter kanal",
          "contacts per inhabitant": "henvendelser pr. indbygger"}


def _translate(root: Path) -> None:
    """What a translator does after `make translations`: a Danish text for every new message (the cell's prose too)."""
    from babel.messages.pofile import read_po, write_po

    po = root / "locale/da/LC_MESSAGES/borgerservice.po"
    with po.open("rb") as fh:
        catalog = read_po(fh)
    for message in catalog:
        if message.id and (message.fuzzy or not message.string):  # new, or matched to an old one: check it
            message.flags.discard("fuzzy")
            message.string = DANISH.get(message.id) or "# " + str(NUMBER) + " · Henvendelser pr. indbygger\n\n" \
                "**Spørgsmål.** Hvor mange henvendelser pr. indbygger giver tabel 5 for hver kanal?\n\n" \
                "**Inddata.** Tabel 5; Danmarks befolkningstal.\n\n**Uddata.** contacts_per_inhabitant_by_channel."
    with po.open("wb") as fh:
        write_po(fh, catalog, width=120, sort_output=True, ignore_obsolete=True)


def test_a_new_notebook_and_raw_file_join_the_build_and_the_report(tmp_path, built_project):
    root = built_copy(tmp_path, built_project)
    # 1. the data: a file and its description, then `make datapackage`
    (root / "data/raw/national_population_2010.csv").write_text(f"year,inhabitants\n2010,{POPULATION}\n")
    pkg_path = root / "data/raw/datapackage.json"
    pkg = json.loads(pkg_path.read_text())
    pkg["resources"].append(RESOURCE)
    pkg_path.write_text(json.dumps(pkg, indent=2, ensure_ascii=False) + "\n")
    recorded = run_module(root, "borgerservice.rawdata", "--update-hashes")
    assert recorded.returncode == 0, recorded.stdout + recorded.stderr

    # 2.-3. the notebook, first without its declaration: the build says what to add
    nb = _notebook()
    declaration = nb["metadata"].pop("borgerservice")
    path = root / "notebooks" / f"{STEM}.ipynb"
    path.write_text(json.dumps(nb, indent=1))
    refused = run_module(root, "borgerservice.build")
    assert refused.returncode == 2 and f"{STEM}.ipynb" in refused.stdout and '"borgerservice"' in refused.stdout
    nb["metadata"]["borgerservice"] = declaration
    path.write_text(json.dumps(nb, indent=1))

    # 4. the words: `make translations`, a translator's Danish, and `make strip`'s layout. A clone holds the package's
    # source too, whose messages `make translations` keeps (without it, they would be dropped from the catalog)
    shutil.copytree(paths.ROOT / "src", root / "src", ignore=shutil.ignore_patterns("__pycache__"))
    assert run_module(root, "borgerservice.i18n").returncode == 0
    _translate(root)
    strip = run_module(root, "borgerservice.notebook", "--normalize", str(path))
    assert strip.returncode == 0 and "rewritten" in strip.stdout, strip.stdout + strip.stderr

    # 5. the build runs it, and the two notebooks that write Danish from the catalog step 4 changed; its outputs are
    # where export puts them, and the report lists it
    first = run_module(root, "borgerservice.build")
    assert first.returncode == 0, first.stdout + first.stderr
    assert sorted(ran(first)) == sorted([STEM, "08_numbers_check", "11_after_2011"]), first.stdout
    rows = (root / "data/processed/contacts_per_inhabitant_by_channel.csv").read_text().splitlines()
    assert rows[0] == "channel,contacts,is_lower_bound,per_inhabitant"
    personal = next(r for r in rows if r.startswith("personal,"))
    # Tabel 5: 59,000,000 personal contacts / 5,534,738 inhabitants = 10.660 contacts per inhabitant
    assert float(personal.split(",")[-1]) == pytest.approx(59_000_000 / 5_534_738) and personal.split(",")[-1][:6] == "10.659"
    assert (root / "figures/contacts_per_inhabitant_by_channel.png").is_file()
    index = (root / "report/index.html").read_text(encoding="utf-8")
    assert f'id="{STEM}"' in index and "Contacts per inhabitant by channel" in index
    assert f"notebooks/{STEM}.html" in index and "../figures/contacts_per_inhabitant_by_channel.png" in index
    page = (root / "report/notebooks" / f"{STEM}.html").read_text(encoding="utf-8")
    assert f'href="../index.html#{STEM}"' in page

    # in Danish, its title and its prose come from the catalog
    danish = run_module(root, "borgerservice.build", "--lang", "da")
    assert danish.returncode == 0, danish.stdout + danish.stderr
    index = (root / "report/index.html").read_text(encoding="utf-8")
    assert "Henvendelser pr. indbygger efter kanal" in index and "Contacts per inhabitant by channel" not in index
    assert "Efter 2011" in index and ">After 2011<" not in index  # the package's own words kept their Danish
    assert "Spørgsmål" in (root / "report/notebooks" / f"{STEM}.html").read_text(encoding="utf-8")

    # the suite's checks of notebooks and catalogs hold over the copy with the new notebook
    checks = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow",
         str(paths.ROOT / "tests/test_notebooks_and_environment.py"), str(paths.ROOT / "tests/test_i18n_and_compare.py"),
         "-k", "registered or committed_as_the_filter or parameters_cell or catalog or one_language or placeholders"],
        cwd=root, env=project_env(root), capture_output=True, text=True, timeout=300)
    assert checks.returncode == 0, checks.stdout[-3000:] + checks.stderr[-2000:]

    # a change to its raw file re-runs it and nothing else (asked of --dry-run, which plans as the build does)
    (root / "data/raw/national_population_2010.csv").write_text("year,inhabitants\n2010,5534739\n")
    assert run_module(root, "borgerservice.rawdata", "--update-hashes").returncode == 0
    second = run_module(root, "borgerservice.build", "--dry-run", "--lang", "da")
    assert second.returncode == 0, second.stdout + second.stderr
    built = sum(1 for nb in exhibits.NOTEBOOKS if nb.in_report) + 1  # the report's notebooks, and the new one
    assert f"would run 1 of {built} notebooks (lang=da), in this order: {STEM};" in second.stdout, second.stdout

    # removed again, its pages go with it (a file no build makes is not carried into the next generation)
    path.unlink()
    third = run_module(root, "borgerservice.build", "--lang", "da")
    assert third.returncode == 0 and f"report/notebooks/{STEM}.html" in third.stdout, third.stdout + third.stderr
    assert not (root / "data/processed/contacts_per_inhabitant_by_channel.csv").exists()
    assert not (root / "figures/contacts_per_inhabitant_by_channel.png").exists()
    assert not list((root / "report/notebooks").glob(f"{STEM}.*")) and f'id="{STEM}"' not in \
        (root / "report/index.html").read_text(encoding="utf-8")


def test_a_notebook_that_declares_an_input_no_resource_describes_is_refused(tmp_path, built_project):
    root = built_copy(tmp_path, built_project)
    nb = _notebook()  # declares national_population_2010, which this copy's datapackage.json does not describe
    (root / "notebooks" / f"{STEM}.ipynb").write_text(json.dumps(nb, indent=1))
    result = run_module(root, "borgerservice.build")
    assert result.returncode == 2
    assert "declares inputs that datapackage.json does not describe: national_population_2010" in result.stdout


def test_a_fifth_reading_of_the_savings_claim_is_one_entry_in_notebook_08(tmp_path, built_project):
    """README, "Another reading of a claim": a reading added in the notebook is judged, listed and explained; only
    the numbers check re-runs, and nothing in the package changes."""
    root = built_copy(tmp_path, built_project)
    path = root / "notebooks/08_numbers_check.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code" and "saving = {" in "".join(c["source"]))
    source = "".join(cell["source"])
    # R5: every e-mail and every phone call vanishes: 80 x 20,000,000 + 60 x 38,000,000 = 1.6 + 2.28 = 3.88 billion
    fifth = ('saving["R5"] = Reading(Text("R5 both vanish"), Text("all e-mails and phone calls vanish"), '
             'email_cost + phone_cost)\n')
    cell["source"] = source.replace("# the further saving from keeping", fifth + "# the further saving from keeping", 1)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run_module(root, "borgerservice.build")
    assert result.returncode == 0, result.stdout + result.stderr
    # the numbers check re-runs, and notebook 11, which reads what it writes
    assert re.findall(r"\[\s*ok\] (\S+)", result.stdout) == ["08_numbers_check", "11_after_2011"]
    readings = (root / "data/processed/claim_readings.csv").read_text(encoding="utf-8")
    assert "s3_saving_close_email_halve_phone,R5 both vanish,all e-mails and phone calls vanish,2000000000,3880000000," \
           "discrepancy" in readings
    claims = (root / "data/processed/claims.csv").read_text(encoding="utf-8")
    row = next(line for line in claims.splitlines() if line.startswith("s3_saving_close_email_halve_phone,"))
    # five readings now range from 2.14 to 3.88 billion; the closest to the printed 2 billion is still R3's 2.14
    assert "[R5 both vanish] all e-mails and phone calls vanish = 3,880,000,000 -> discrepancy" in row
    assert "the 5 readings range from 2,140,000,000 to 3,880,000,000 (printed 2,000,000,000)" in row
