"""The package's shape, as ARCHITECTURE.md describes it: subpackages along the path of a quote,
imports that only go one way, and only the edges talking to people."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]

# Bottom-up: a subpackage may import those below it, never those above it.
LAYERS = ["bikva.cli", "bikva.web", "bikva.exchange", "bikva.output", "bikva.documents", "bikva.protection", "bikva.selection",
          "bikva.intake", "bikva.store"]
TOP_LEVEL_MODULES = {"__init__.py", "__main__.py", "errors.py", "i18n.py"}


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    # Imports inside functions count too: grimp reads every import statement.
    return grimp.build_graph("bikva", "flows", "models", "evaluations", include_external_packages=True)


def project_modules(graph: grimp.ImportGraph) -> list[str]:
    return sorted(m for m in graph.modules if m.split(".")[0] in {"bikva", "flows", "models", "evaluations"})


def test_there_is_no_import_cycle_anywhere(graph):
    cycles = [
        (importer, imported)
        for importer in project_modules(graph)
        for imported in graph.find_modules_directly_imported_by(importer)
        if imported.split(".")[0] in {"bikva", "flows", "models", "evaluations"}
        and graph.find_shortest_chain(importer=imported, imported=importer)
    ]
    assert cycles == []


def test_nothing_under_bikva_imports_the_flows(graph):
    offenders = [m for m in project_modules(graph) if m.startswith("bikva")
                 and any(i.split(".")[0] == "flows" for i in graph.find_modules_directly_imported_by(m))]
    assert offenders == []


@pytest.mark.parametrize("lower", LAYERS[1:])
def test_a_subpackage_never_imports_one_above_it(graph, lower):
    above = LAYERS[: LAYERS.index(lower)]
    chains = {upper: graph.find_shortest_chains(importer=lower, imported=upper, as_packages=True) for upper in above}
    assert {upper: found for upper, found in chains.items() if found} == {}


def test_command_modules_share_only_the_common_module(graph):
    """bikva.cli.main assembles the families; a family imports no other family nor main."""
    families = [m for m in graph.find_children("bikva.cli") if m not in {"bikva.cli.main", "bikva.cli.common"}]
    assert families, "no command modules found"
    for family in families:
        inside = {i for i in graph.find_modules_directly_imported_by(family) if i.startswith("bikva.cli")}
        assert inside <= {"bikva.cli.common", "bikva.cli"}, (family, inside)


def test_only_a_handful_of_modules_sit_directly_in_bikva():
    assert {p.name for p in (ROOT / "bikva").glob("*.py")} == TOP_LEVEL_MODULES


def _python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", [p for p in _python_files("bikva") if "cli" not in p.relative_to(ROOT).parts],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_edges_talk_to_people(path):
    """The plain package neither prints nor imports the command-line framework; the CLI does."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    prints = [node.lineno for node in ast.walk(tree)
              if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print"]
    clicks = [node.lineno for node in ast.walk(tree)
              if (isinstance(node, ast.Import) and any(a.name.split(".")[0] == "click" for a in node.names))
              or (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "click")]
    assert (prints, clicks) == ([], [])
