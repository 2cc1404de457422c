"""Keep the translation catalogues: `python -m tools.catalogues` extracts every marked text into
i18n/messages.pot, brings each language's .po up to date with it, and checks them all.

    python -m tools.catalogues            # extract, update, check (exit 1 on any gap)
    python -m tools.catalogues --check    # check only: what CI runs through the tests
    python -m tools.catalogues --stats    # translated / missing / fuzzy per language
    python -m tools.catalogues --todo de --out todo.json      # what German still lacks
    python -m tools.catalogues --merge de todo.json done.json # a translator's answers, merged

The app reads the .po files themselves and compiles each on first use (i18n.translations), so
there is no compiled file to build or to forget. The check fails on an entry that is missing or
fuzzy, a plural with the wrong number of forms for its language, and a translation whose
{placeholders} differ from the English.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po

from i18n import LOCALES, TRANSLATED, po_path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "i18n" / "messages.pot"
# Where the words people read are written: the app, its pages and shell, the core, the loader.
SOURCES = ("app.py", "views", "shell", "analytics", "etl", "i18n")
KEYWORDS = {"_": None, "N_": None, "n_": (1, 2), "p_": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:[!:][^{}]*)?\}(?!\})")


def source_files() -> Iterator[Path]:
    for name in SOURCES:
        path = ROOT / name
        if path.is_file():
            yield path
        else:
            yield from sorted(p for p in path.rglob("*.py") if "__pycache__" not in p.parts)


def vocabulary_labels() -> Iterator[tuple[str, str]]:
    """The controlled lists' values as people read them (formatting.label), with where from."""
    from analytics.formatting import english_label as label
    from etl.contract import VOCABULARIES

    for vocabulary in VOCABULARIES.values():
        for code in vocabulary.canonical:
            yield label(code), vocabulary.name


def official_indicator_names() -> Iterator[tuple[str, str]]:
    """The common indicators' official names (etl/common_indicators.csv), with their codes:
    the pages and the PDF show them beside the project's labels (etl.catalogue.official_name)."""
    from etl.catalogue import CATALOGUE

    for code, indicator in CATALOGUE.items():
        yield indicator.name, code


def extract() -> Catalog:
    catalog = Catalog(
        project="programme results dashboard", copyright_holder="its contributors", fuzzy=False
    )
    for path in source_files():
        relative = path.relative_to(ROOT).as_posix()
        found = extract_from_file(
            "python", str(path), keywords=KEYWORDS, comment_tags=("Translators:",)
        )
        for lineno, message, comments, context in found:
            catalog.add(
                message, locations=[(relative, lineno)], auto_comments=comments, context=context
            )
    for text, vocabulary in vocabulary_labels():
        known = catalog.get(text)
        comment = f"a value of the list {vocabulary} (etl/contract.py)"
        if known is None:
            catalog.add(text, locations=[("etl/contract.py", 0)], auto_comments=[comment])
        else:
            known.auto_comments.append(comment)
    for text, code in official_indicator_names():
        comment = (
            f"the official name of the common indicator {code} (etl/common_indicators.csv): "
            "use the wording of the regulation's version in this language"
        )
        known = catalog.get(text)
        if known is None:
            catalog.add(text, locations=[("etl/common_indicators.csv", 0)], auto_comments=[comment])
        else:
            known.auto_comments.append(comment)
    return catalog


def write(catalog: Catalog, path: Path, **options: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, sort_output=True, omit_header=False, **options)
    path.write_bytes(buffer.getvalue())


def read(path: Path, code: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=code)


def update(template: Catalog) -> None:
    for code in TRANSLATED:
        path = po_path(code)
        if path.is_file():
            catalog = read(path, code)
        else:
            catalog = Catalog(locale=code, project=template.project, fuzzy=False)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        write(catalog, path, ignore_obsolete=True)


@dataclass
class Gap:
    code: str
    msgid: str
    problem: str

    def __str__(self) -> str:
        return f"{self.code}: {self.problem}: {self.msgid!r}"


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def _texts(message: Message) -> tuple[list[str], list[str]]:
    ids = list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]
    strings = (
        list(message.string) if isinstance(message.string, (list, tuple)) else [message.string]
    )
    return ids, strings


def check(code: str, template: Catalog | None = None) -> list[Gap]:
    path = po_path(code)
    if not path.is_file():
        return [Gap(code, "", f"no catalogue at {path.relative_to(ROOT)}")]
    catalog = read(path, code)
    forms = get_plural(code).num_plurals
    gaps: list[Gap] = []
    known = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalog if m.id}
    if template is not None:
        for message in template:
            key = message.id if isinstance(message.id, str) else message.id[0]
            if message.id and (key, message.context) not in known:
                gaps.append(Gap(code, key, "not in the catalogue (run python -m tools.catalogues)"))
    for message in catalog:
        if not message.id:
            continue
        ids, strings = _texts(message)
        shown = ids[0]
        if message.fuzzy:
            gaps.append(Gap(code, shown, "fuzzy"))
        if not all(s.strip() for s in strings):
            gaps.append(Gap(code, shown, "not translated"))
            continue
        if message.pluralizable and len(strings) != forms:
            gaps.append(Gap(code, shown, f"{len(strings)} plural forms, {code} has {forms}"))
        wanted = set().union(*(placeholders(i) for i in ids))
        for string in strings:
            got = placeholders(string)
            if got - wanted:
                gaps.append(Gap(code, shown, f"unknown placeholder {sorted(got - wanted)}"))
            # every form names every value but the count (Irish and Slovenian "one" forms
            # may spell the number out)
            if (wanted - {"n"}) - got:
                gaps.append(Gap(code, shown, f"placeholder left out {sorted(wanted - got)}"))
    return gaps


def stats(codes: Iterable[str]) -> list[str]:
    lines = []
    for code in codes:
        catalog = read(po_path(code), code) if po_path(code).is_file() else Catalog()
        entries = [m for m in catalog if m.id]
        done = sum(1 for m in entries if all(_texts(m)[1]) and not m.fuzzy)
        lines.append(f"{code}: {done}/{len(entries)} translated")
    return lines


def todo(code: str) -> dict[str, object]:
    """What `code` lacks, for a translator: each entry with a key, its English, its context and
    notes, and the language's plural forms (gettext's order) when it has a plural."""
    catalog = read(po_path(code), code)
    plural = get_plural(code)
    entries = []
    for message in catalog:
        if not message.id:
            continue
        ids, strings = _texts(message)
        if all(s.strip() for s in strings) and not message.fuzzy:
            continue
        entry: dict[str, object] = {"key": str(len(entries)), "en": ids[0]}
        if len(ids) > 1:
            entry["en_plural"] = ids[1]
            entry["forms"] = plural.num_plurals
        if message.context:
            entry["context"] = message.context
        notes = [
            *message.auto_comments,
            *(f if n is None else f"{f}:{n}" for f, n in message.locations),
        ]
        if notes:
            entry["notes"] = notes
        entries.append(entry)
    return {
        "language": code,
        "plural_forms": f"nplurals={plural.num_plurals}; plural={plural.plural_expr};",
        "entries": entries,
    }


def merge(code: str, asked: dict[str, object], answers: dict[str, object]) -> int:
    """Put a translator's answers ({key: text, or [forms] for a plural}) into the catalogue."""
    path = po_path(code)
    catalog = read(path, code)
    done = 0
    for entry in asked["entries"]:  # type: ignore[union-attr]
        answer = answers.get(entry["key"])
        if not answer:
            continue
        key = (entry["en"], entry["en_plural"]) if "en_plural" in entry else entry["en"]
        message = catalog.get(key, context=entry.get("context"))
        if message is None:
            continue  # the English changed since the list was made: it is asked again
        message.string = tuple(answer) if isinstance(answer, list) else answer
        message.flags.discard("fuzzy")
        done += 1
    write(catalog, path)
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.catalogues", description=__doc__)
    parser.add_argument("--check", action="store_true", help="check only, change nothing")
    parser.add_argument("--stats", action="store_true", help="counts per language")
    parser.add_argument("--lang", action="append", help="only these languages")
    parser.add_argument("--todo", metavar="LANG", help="what LANG lacks, as JSON")
    parser.add_argument("--out", type=Path, help="where --todo writes (default: stdout)")
    parser.add_argument(
        "--merge", nargs=3, metavar=("LANG", "TODO", "DONE"), help="merge a translator's JSON"
    )
    args = parser.parse_args(argv)
    codes = args.lang or list(TRANSLATED)
    if args.todo:
        text = json.dumps(todo(args.todo), ensure_ascii=False, indent=1)
        if args.out:
            args.out.write_text(text, encoding="utf-8")
        else:
            print(text)
        return 0
    if args.merge:
        code, asked, answers = args.merge
        read_json = lambda p: json.loads(Path(p).read_text(encoding="utf-8"))  # noqa: E731
        print(f"{code}: {merge(code, read_json(asked), read_json(answers))} entries merged")
        return 0
    if args.stats:
        print("\n".join(stats(codes)))
        return 0
    template = extract()
    if not args.check:
        write(template, TEMPLATE)
        update(template)
        print(
            f"{len(template)} messages in {TEMPLATE.relative_to(ROOT)}; "
            f"{len(TRANSLATED)} catalogues under {LOCALES.relative_to(ROOT)}"
        )
    gaps = [gap for code in codes for gap in check(code, template)]
    for gap in gaps[:200]:
        print(gap, file=sys.stderr)
    if len(gaps) > 200:
        print(f"... and {len(gaps) - 200} more", file=sys.stderr)
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())
