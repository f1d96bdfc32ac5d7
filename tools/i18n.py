"""Keep the message catalogues in step with the code (Babel; a developer tool, not shipped).

The catalogues: the core's, ``qyx`` (qyx_platform/locale, extracted from qyx_platform/), and one
per domain plugin, ``<domain>`` (plugins/<domain>/locale, extracted from plugins/<domain>/: its
Python and the notes and reasons of its plan.toml). Every command below works on all of them.

    python tools/i18n.py update    # extract the msgids, merge them into every .po (new ones
                                   # empty in zh_CN, identity in en; gone ones dropped), then
                                   # compile the .mo files
    python tools/i18n.py todo      # list zh_CN messages still without a translation
    python tools/i18n.py compile   # .po → .mo only (after editing translations)
    python tools/i18n.py check     # what tests/test_i18n.py checks; exit 1 on a problem
    python tools/i18n.py union     # after a merge conflict in the catalogues: every entry of both
                                   # sides (a translation wins over an empty one, ours over theirs),
                                   # then update + compile; then
                                   # `git add qyx_platform/locale plugins/*/locale`

The .po files are sorted by msgid and carry no source locations, so two branches that add
messages merge as a union (``update`` rewrites each file whole, but in that one fixed order);
after a merge conflict in a .mo file, run ``compile``.
"""

from __future__ import annotations

import io
import re
import string
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "qyx_platform" / "locale"
DOMAIN = "qyx"
PLUGINS = ROOT / "plugins"
LANGUAGES = ("zh_CN", "en")
SOURCE_LANGUAGE = "en"
KEYWORDS: dict[str, Any] = {
    "_": None,
    "gettext": None,
    "N_": None,
    "lazy_gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
}
#: fixed header dates: regenerating a catalogue changes nothing but its messages
STAMP = datetime(2026, 1, 1, tzinfo=UTC)

Key = str | tuple[str, str]


class Target(NamedTuple):
    """One catalogue: its gettext domain, where its .po and .mo files live, what it is
    extracted from (a directory's Python, and for a plugin its plan.toml notes and reasons)."""

    domain: str
    locale_dir: Path
    source: Path
    project: str

    @property
    def method_map(self) -> list[tuple[str, str]]:
        """Babel's extraction methods for the source directory."""
        return [("**.py", "python"), ("plan.toml", "qyx_platform.plan.messages:extract_plan_toml")]


#: the core's catalogue
CORE = Target(DOMAIN, LOCALE_DIR, ROOT / "qyx_platform", "qyx_platform")


def plugin_targets() -> list[Target]:
    """A catalogue for every plugin package under plugins/, named after its folder."""
    return [
        Target(d.name, d / "locale", d, f"qyx_plugins.{d.name}")
        for d in sorted(PLUGINS.iterdir())
        if (d / "__init__.py").exists()
    ]


def targets() -> list[Target]:
    """Every catalogue: the core's first, then the plugins'."""
    return [CORE, *plugin_targets()]


def po_path(language: str, target: Target = CORE) -> Path:
    """Where a language's .po file of a catalogue lives."""
    return target.locale_dir / language / "LC_MESSAGES" / f"{target.domain}.po"


def extract(target: Target = CORE) -> dict[Key, Any]:
    """Every message the code marks, keyed by (context, msgid) or msgid; values are msgids
    (a str, or (singular, plural) for ngettext)."""
    found: dict[Key, Any] = {}
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        target.source,
        method_map=target.method_map,
        keywords=KEYWORDS,
        directory_filter=lambda d: "__pycache__" not in d,
    ):
        if isinstance(message, tuple):
            if not all(isinstance(part, str) and part for part in message):
                continue
            key: Key = message[0] if context is None else (context, message[0])
            found[key] = tuple(message)
        elif message:
            key = message if context is None else (context, message)
            found[key] = message
    return found


def _new_catalog(language: str, target: Target = CORE) -> Catalog:
    return Catalog(
        locale=language,
        domain=target.domain,
        project=target.project,
        version="1",
        creation_date=STAMP,
        revision_date=STAMP,
        language_team=language,
        last_translator="qyx_platform developers",
        header_comment=f"# {language} messages of {target.project} (see tools/i18n.py).",
        fuzzy=False,
    )


def read(language: str, target: Target = CORE) -> Catalog:
    """A language's catalogue as it is on disk (empty if there is none)."""
    path = po_path(language, target)
    if not path.exists():
        return _new_catalog(language, target)
    with path.open("rb") as fh:
        return read_po(fh, locale=language, domain=target.domain)


def _key(message: Any) -> Key:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return msgid if message.context is None else (message.context, msgid)


def update() -> None:
    """Merge the extracted messages into every catalogue and compile them."""
    for target in targets():
        update_one(target)
    compile_all()


def update_one(target: Target) -> None:
    """Merge the extracted messages into one catalogue's .po files."""
    found = extract(target)
    for language in LANGUAGES:
        old = {_key(m): m for m in read(language, target) if m.id}
        catalog = _new_catalog(language, target)
        for key, msgid in found.items():
            context = key[0] if isinstance(key, tuple) else None
            previous = old.get(key)
            if language == SOURCE_LANGUAGE:
                msgstr: Any = msgid
            elif previous is not None and previous.id == msgid:
                msgstr = previous.string
            else:
                msgstr = ("",) * catalog.num_plurals if isinstance(msgid, tuple) else ""
            catalog.add(msgid, msgstr, context=context)
        gone = sorted(str(k) for k in old if k not in found)
        for key in gone:
            print(f"{target.domain} {language}: dropped {key}", file=sys.stderr)
        _write(language, catalog, target)


def _write(language: str, catalog: Catalog, target: Target = CORE) -> None:
    path = po_path(language, target)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, no_location=True, sort_output=True, ignore_obsolete=True)
    path.write_bytes(buffer.getvalue())


def compiled(language: str, target: Target = CORE) -> bytes:
    """The .mo a language's .po compiles to."""
    buffer = io.BytesIO()
    write_mo(buffer, read(language, target), use_fuzzy=False)
    return buffer.getvalue()


def compile_all() -> None:
    """Write every .mo from its .po."""
    for target in targets():
        for language in LANGUAGES:
            po_path(language, target).with_suffix(".mo").write_bytes(compiled(language, target))


PERCENT = re.compile(r"%(?:\([A-Za-z_]+\))?[srd]")


def _fields(text: str) -> set[str]:
    """The placeholders of a message: ``{name}`` fields and argparse's ``%(name)s``/``%s``."""
    try:
        names = {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}
    except ValueError:
        names = {"<unbalanced braces>"}
    return names | {f"%{i}:{p}" for i, p in enumerate(sorted(PERCENT.findall(text)))}


def _strings(value: Any) -> Iterable[str]:
    return value if isinstance(value, tuple) else (value,)


def check() -> list[str]:
    """Every problem of every catalogue: messages the code has and a .po lacks (or the other
    way round), empty translations, placeholders that differ, a .mo older than its .po."""
    return [problem for target in targets() for problem in check_one(target)]


def check_one(target: Target) -> list[str]:
    """Every problem of one catalogue (each line starts with its name and language)."""
    problems: list[str] = []
    found = extract(target)
    for language in LANGUAGES:
        catalog = read(language, target)
        have = {_key(m): m for m in catalog if m.id}
        for key in sorted(set(found) - set(have), key=str):
            problems.append(f"{language}: not in the catalogue: {key!r} (run tools/i18n.py update)")
        for key in sorted(set(have) - set(found), key=str):
            problems.append(f"{language}: no longer in the code: {key!r} (run tools/i18n.py update)")
        for key, message in have.items():
            if key not in found:
                continue
            if message.id != found[key]:
                problems.append(f"{language}: plural form changed: {key!r} (run tools/i18n.py update)")
            if not all(_strings(message.string)) or message.fuzzy:
                problems.append(f"{language}: no translation: {key!r}")
                continue
            wanted = set().union(*(_fields(s) for s in _strings(message.id)))
            for text in _strings(message.string):
                if _fields(text) != wanted:
                    problems.append(f"{language}: placeholders differ: {key!r} → {text!r}")
        mo = po_path(language, target).with_suffix(".mo")
        if not mo.exists():
            problems.append(f"{language}: {mo.name} missing (run tools/i18n.py compile)")
        else:
            with mo.open("rb") as fh:
                shipped = {(_key(m), str(m.string)) for m in read_mo(fh) if m.id}
            wanted_mo = {
                (_key(m), str(m.string)) for m in catalog if m.id and all(_strings(m.string)) and not m.fuzzy
            }
            if shipped != wanted_mo:
                problems.append(f"{language}: {mo.name} differs from the .po (run tools/i18n.py compile)")
    return [f"{target.domain} {problem}" for problem in problems]


def _side(path: Path, stage: int, target: Target) -> Catalog | None:
    """One side of a conflicted file (2: ours, 3: theirs), or None when git has no such stage."""
    import subprocess

    relative = path.relative_to(ROOT).as_posix()
    shown = subprocess.run(
        ["git", "show", f":{stage}:{relative}"], cwd=ROOT, capture_output=True, check=False
    )
    if shown.returncode != 0:
        return None
    return read_po(io.BytesIO(shown.stdout), domain=target.domain)


def union() -> None:
    """Resolve merge conflicts in the .po files: the union of both sides' entries, a
    translation winning over an empty one and ours over theirs; then update and compile."""
    for target, language in ((t, lang) for t in targets() for lang in LANGUAGES):
        path = po_path(language, target)
        ours, theirs = _side(path, 2, target), _side(path, 3, target)
        if ours is None or theirs is None:
            continue
        merged = _new_catalog(language, target)
        entries: dict[Key, Any] = {}
        for side in (theirs, ours):  # ours last: it wins
            for message in side:
                if not message.id:
                    continue
                key = _key(message)
                known = entries.get(key)
                if known is None or all(_strings(message.string)) or not all(_strings(known.string)):
                    entries[key] = message
        for message in entries.values():
            merged.add(message.id, message.string, context=message.context)
        _write(language, merged, target)
        print(f"{target.domain} {language}: {len(entries)} entries from both sides", file=sys.stderr)
    update()


def main(argv: list[str]) -> int:
    """The command line of this tool."""
    command = argv[0] if argv else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "union":
        union()
    elif command == "todo":
        for target in targets():
            for message in read("zh_CN", target):
                if message.id and not all(_strings(message.string)):
                    msgid = message.id if message.context is None else (message.context, message.id)
                    print(f"{po_path('zh_CN', target).relative_to(ROOT)}: {msgid}")
    elif command == "check":
        problems = check()
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
