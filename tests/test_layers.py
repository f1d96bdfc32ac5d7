"""The layers of the house, checked on the source (an AST walk, like an import linter).

Data flows one way: model → evaluation → plan/plugin → store → services → graphql → web/cli.
Each contract names a package and the imports it may not make at run time (imports under
``if TYPE_CHECKING:`` are for annotations only and do not count):

* ``model`` and ``evaluation`` import nothing below them (only the model, the errors and the
  translation of messages);
* ``plan`` (assembling the catalogue) and ``plugin`` never import the GraphQL layer, the store
  or the services;
* ``tabular`` (file formats) imports no services, no store and no Platform;
* ``store`` imports no services and no interface; ``services`` no interface;
* ``graphql`` calls services and never builds SQL (no SQLAlchemy, nothing of the store but
  the row types services hand back);
* the domain plugins import only ``qyx_platform`` itself, its public API, and their own
  modules by relative imports (``from .i18n import _``): mypy checks plugins/ as the package
  ``plugins``, where an absolute ``qyx_plugins.…`` import is not found and reads as ``Any``.

A test feeds the checker a deliberate wrong import for every contract, so a contract that can
no longer fail is noticed.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
CORE = ROOT / "qyx_platform"
PLUGINS = ROOT / "plugins"

INTERFACES = ("qyx_platform.graphql", "qyx_platform.web", "qyx_platform.cli")
STORE_BUT_TABLES = (
    *(
        f"qyx_platform.store.{p.stem}"
        for p in (CORE / "store").iterdir()
        if p.stem not in {"tables", "__init__"}
    ),
    "qyx_platform.store$",
)
BELOW_THE_MODEL = (
    "qyx_platform.store",
    "qyx_platform.services",
    "qyx_platform.plan",
    "qyx_platform.plugin",
    "qyx_platform.tabular",
    "qyx_platform.platform",
    "qyx_platform.config",
    *INTERFACES,
)


@dataclass(frozen=True)
class Contract:
    """Modules under ``package`` may not import a module of ``forbidden`` (``x``: x and its
    submodules; ``x$``: x itself)
    (``only``: when given, every qyx_platform and qyx_plugins import must be one of these, or
    start with one ending in a dot)."""

    name: str
    package: str
    forbidden: tuple[str, ...] = ()
    only: tuple[str, ...] | None = None

    def broken_by(self, module: str, imported: str) -> bool:
        """Whether ``module`` importing ``imported`` breaks the contract."""
        if not (module == self.package or module.startswith(self.package + ".")):
            return False
        for f in self.forbidden:  # "x" forbids x and its submodules, "x$" only x itself
            if imported == f.rstrip("$") or (not f.endswith("$") and imported.startswith(f + ".")):
                return True
        if self.only is not None and imported.split(".")[0] in {"qyx_platform", "qyx_plugins"}:
            # "x." allows x's submodules, "x" only x itself
            return not any(imported.startswith(o) if o.endswith(".") else imported == o for o in self.only)
        return False


CONTRACTS = (
    Contract(
        "the model imports nothing below it",
        "qyx_platform.model",
        (*BELOW_THE_MODEL, "qyx_platform.evaluation", "sqlalchemy", "strawberry"),
    ),
    Contract(
        "evaluation imports nothing below it",
        "qyx_platform.evaluation",
        (*BELOW_THE_MODEL, "sqlalchemy", "strawberry"),
    ),
    Contract(
        "assembling the plan never imports the GraphQL layer, the store or the services",
        "qyx_platform.plan",
        ("qyx_platform.graphql", "qyx_platform.store", "qyx_platform.services", "strawberry", "sqlalchemy"),
    ),
    Contract(
        "the plugin seam never imports the GraphQL layer, the store or the services",
        "qyx_platform.plugin",
        ("qyx_platform.graphql", "qyx_platform.store", "qyx_platform.services", "strawberry", "sqlalchemy"),
    ),
    Contract(
        "tabular (file formats) imports no services, no store and no Platform",
        "qyx_platform.tabular",
        ("qyx_platform.services", "qyx_platform.store", "qyx_platform.platform", *INTERFACES),
    ),
    Contract(
        "the store imports no services and no interface",
        "qyx_platform.store",
        ("qyx_platform.services", *INTERFACES),
    ),
    Contract("services import no interface", "qyx_platform.services", INTERFACES),
    Contract(
        "GraphQL calls services and never builds SQL",
        "qyx_platform.graphql",
        # the row types services hand back (store.tables) may be named; nothing that runs SQL
        ("sqlalchemy", *STORE_BUT_TABLES, "qyx_platform.web", "qyx_platform.cli"),
    ),
    Contract(
        "plugins import only qyx_platform's public API", "qyx_plugins", only=("qyx_platform", "qyx_plugins.")
    ),
)


def runtime_imports(source: str, module: str) -> Iterator[str]:
    """The modules ``source`` imports at run time (relative imports resolved against
    ``module``; ``from a import b`` yields ``a.b`` too, as ``b`` may be a module)."""
    tree = ast.parse(source)
    annotations_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and (
            (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
            or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
        ):
            annotations_only.update(id(child) for n in node.body for child in ast.walk(n))
    for node in ast.walk(tree):
        if id(node) in annotations_only:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = module.split(".")[: -node.level]
                base = ".".join([*parts, base] if base else parts)
            yield base
            yield from (f"{base}.{a.name}" for a in node.names if _is_module(f"{base}.{a.name}"))


def _is_module(dotted: str) -> bool:
    """Whether a dotted name is a module or package of this repository."""
    top, *rest = dotted.split(".")
    base = {"qyx_platform": CORE, "qyx_plugins": PLUGINS}.get(top)
    if base is None:
        return False
    path = base.joinpath(*rest)
    return path.with_suffix(".py").is_file() or path.joinpath("__init__.py").is_file()


def _modules() -> Iterator[tuple[str, str]]:
    for path in sorted(CORE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        yield ".".join(p for p in parts if p != "__init__"), path.read_text(encoding="utf-8")
    for path in sorted(PLUGINS.rglob("*.py")):
        parts = ("qyx_plugins", *path.relative_to(PLUGINS).with_suffix("").parts)
        yield ".".join(p for p in parts if p != "__init__"), path.read_text(encoding="utf-8")


def violations(modules: Iterator[tuple[str, str]]) -> list[str]:
    """Every broken contract, as 'module imports name: contract'."""
    found = []
    for module, source in modules:
        for imported in runtime_imports(source, module):
            for contract in CONTRACTS:
                if contract.broken_by(module, imported):
                    found.append(f"{module} imports {imported}: {contract.name}")
    return sorted(set(found))


def test_every_layer_keeps_its_contract() -> None:
    modules = list(_modules())
    assert len(modules) > 100
    assert violations(iter(modules)) == []


#: one deliberate wrong import per contract, as (module, source)
WRONG = {
    "the model imports nothing below it": (
        "qyx_platform.model.periods",
        "from qyx_platform.store import tables\n",
    ),
    "evaluation imports nothing below it": (
        "qyx_platform.evaluation.status",
        "import qyx_platform.services.readings\n",
    ),
    "assembling the plan never imports the GraphQL layer, the store or the services": (
        "qyx_platform.plan.catalogue",
        "def f():\n    from qyx_platform.graphql.schema import build_schema\n",
    ),
    "the plugin seam never imports the GraphQL layer, the store or the services": (
        "qyx_platform.plugin.graphql",
        "from ..graphql.context import Info\n",
    ),
    "tabular (file formats) imports no services, no store and no Platform": (
        "qyx_platform.tabular.read",
        "from qyx_platform.services.reporting import ReportingService\n",
    ),
    "the store imports no services and no interface": (
        "qyx_platform.store.meta",
        "from qyx_platform.services import audit\n",
    ),
    "services import no interface": (
        "qyx_platform.services.status",
        "from qyx_platform.graphql.context import Info\n",
    ),
    "GraphQL calls services and never builds SQL": (
        "qyx_platform.graphql.root",
        "from sqlalchemy import select\n",
    ),
    "plugins import only qyx_platform's public API": (
        "qyx_plugins.youyou.graphql",
        "from qyx_platform.graphql.context import Info\n",
    ),
}


@pytest.mark.parametrize("contract", CONTRACTS, ids=lambda c: c.package)
def test_a_wrong_import_breaks_the_contract(contract: Contract) -> None:
    module, source = WRONG[contract.name]
    assert any(v.endswith(contract.name) for v in violations(iter([(module, source)])))


def test_annotation_only_imports_do_not_count() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from qyx_platform.graphql.context import Info\n"
    )
    assert violations(iter([("qyx_platform.plugin.graphql", source)])) == []


#: the size past which a module most likely does several jobs (migrations are exempt)
MAX_MODULE_LINES = 400


def test_no_module_does_too_many_jobs() -> None:
    long = {
        path.relative_to(ROOT).as_posix(): n
        for path in [*CORE.rglob("*.py"), *PLUGINS.rglob("*.py")]
        if "migrations" not in path.parts
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"modules over {MAX_MODULE_LINES} lines (split them by job): {long}"


def test_the_readme_table_names_paths_that_exist() -> None:
    """README's "where things are" table matches the tree: every path it names exists, and
    every package of qyx_platform is named."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Where things are", 1)[1].split("\n## ", 1)[0]
    import re

    first_column = re.findall(r"^\| `([^`]+)`(?:, `([^`]+)`)?", table, flags=re.MULTILINE)
    named = {path for pair in first_column for path in pair if path}
    for path in named:
        assert (ROOT / path.replace("<domain>", "youyou")).exists(), (
            f"README names {path}, which is not in the tree"
        )
    packages = {p.parent.relative_to(ROOT).as_posix() + "/" for p in CORE.glob("*/__init__.py")}
    packages -= {"qyx_platform/locale/"}
    assert packages <= named | {p for p in packages if any(n.startswith(p) for n in named)}, (
        f"packages missing from README's table: {sorted(packages - named)}"
    )


def absolute_plugin_imports(source: str) -> list[str]:
    """The ``qyx_plugins`` modules a plugin's source imports by absolute name (mypy, which
    checks plugins/ as ``plugins``, cannot follow them: what they give is typed ``Any``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] == "qyx_plugins"]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found += [node.module] if node.module.split(".")[0] == "qyx_plugins" else []
    return found


def test_plugins_import_their_own_modules_relatively() -> None:
    sources = sorted(PLUGINS.rglob("*.py"))
    assert len(sources) > 30
    found = {
        str(path.relative_to(ROOT)): names
        for path in sources
        if (names := absolute_plugin_imports(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_relative_import_check_finds_an_absolute_one() -> None:
    source = "from qyx_plugins.bingyou.i18n import _\nimport qyx_plugins.ruoyou.rules\nfrom .i18n import N_\n"
    assert absolute_plugin_imports(source) == ["qyx_plugins.bingyou.i18n", "qyx_plugins.ruoyou.rules"]
