"""The house rule for evaluation/: pure, importing only the model, the errors and itself."""

from __future__ import annotations

import ast
from pathlib import Path

import qyx_platform.evaluation as evaluation

#: qyx_platform.i18n: status notes are messages translated when shown (gettext, no I/O of ours)
ALLOWED_PREFIXES = (
    "qyx_platform.model",
    "qyx_platform.errors",
    "qyx_platform.evaluation",
    "qyx_platform.i18n",
)
STDLIB = {
    "__future__",
    "collections",
    "dataclasses",
    "decimal",
    "enum",
    "fractions",
    "functools",
    "typing",
}
PACKAGE = Path(evaluation.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path.name}: use absolute imports"
            assert node.module is not None
            found.add(node.module)
    return found


def test_evaluation_imports_only_the_model_errors_and_the_standard_library() -> None:
    modules = sorted(PACKAGE.glob("*.py"))
    assert len(modules) > 5
    for path in modules:
        for name in _imports(path):
            top = name.split(".")[0]
            assert name.startswith(ALLOWED_PREFIXES) or top in STDLIB, f"{path.name} imports {name}"


def test_no_float_in_evaluation() -> None:
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant):
                assert not isinstance(node.value, float), f"{path.name}: float literal {node.value}"
            if isinstance(node, ast.Name):
                assert node.id != "float", f"{path.name} uses float"


def test_every_public_name_is_documented() -> None:
    for name in evaluation.__all__:
        if name.isupper() or name == "History":  # constants and a type alias
            continue
        doc = (getattr(evaluation, name).__doc__ or "").strip()
        # a dataclass without a docstring gets its signature, "Name(field, ...)", as __doc__
        assert doc and not doc.startswith(f"{name}("), f"{name} has no docstring"
