"""What checking each plan found, kept by `cchc build` so that an unchanged plan is not read again.

A rebuild after one plan changed used to check all 150 plans of a province again: most of its
time. Here each plan's own problems (stages 1–3) and the facts the cross-file stage needs
(`references.PlanFacts`) are stored as JSON in <out>/.cchc-cache/kiem-tra/<key>.json, where the key
digests everything those results are made from:

- the plan's bytes and the name it is reported under;
- the province's accepted words (tu-dung.yaml), which proofreading reads;
- the schemas, the proofreading rules, cchc's code and version.

The cross-file stage (parent plans, registry, units) runs on the facts whichever plans are
cached, so a change to the registry or to a parent plan is found. What it found is kept too, under
a digest of every plan's facts, names and place in the run and of the registries' bytes
(`project_key`): a plan reworded, or a deadline moved, changes no fact, and the stage is not run
again; the facts of the cached plans are then not even decoded (each entry keeps them as text). A
run that had to look outside its own plans for a parent plan keeps nothing. The modeline check
reads where the file lies in its repository, so it runs on every file.

JSON, never pickle: the cache sits in a folder users share and a damaged or hand-made file must
only mean "check again" (every field is checked on reading; anything odd is a miss). Each entry
is signed (HMAC-SHA256) with a key kept in the user's own cache folder, never in the repository:
an entry committed in a pull request ("this plan has no image, no error") is not signed by this
machine's key, so the plan is checked in full like any other. No key can be made (read-only
home): nothing is cached, every build checks everything.
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
from functools import lru_cache
from pathlib import Path

from cchc_cli import __version__, atomic, signed
from cchc_cli.messages import Sub
from cchc_cli.problems import Problem, Severity
from cchc_cli.references import PlanFacts

FOLDER = Path(".cchc-cache") / "kiem-tra"
KIND = "kiem-tra"  # what its entries are signed as (cchc_cli/signed.py)
_FORMAT = 3  # 2: PlanFacts.cells by text; 3: the facts as JSON text, the cross-file stage's results kept
# Found by the modeline check, which always runs (see above).
UNCACHED = "modeline."
PROJECT = "du-an-"  # the cross-file stage's results: <folder>/du-an-<project_key>.json


@lru_cache(maxsize=1)
def context_digest() -> str:
    """cchc's code, schemas and proofreading rules: what every plan's check depends on."""
    from cchc_cli.checks.proofread.words import RULES_PATH
    from cchc_cli.schema_store import SCHEMA_DIR

    from cchc_cli.manifest import code_digest, tree_digest

    h = hashlib.sha256(f"cchc {__version__} kiem-tra {_FORMAT}\n{code_digest()}\n".encode())
    tree_digest(h, SCHEMA_DIR, "*.json")
    h.update(RULES_PATH.read_bytes() if RULES_PATH.is_file() else b"-")
    return h.hexdigest()


def key_file() -> Path:
    """Where this user's signing key lives: $XDG_CACHE_HOME/cchc (~/.cache/cchc), or %LOCALAPPDATA%."""
    base = os.environ.get("XDG_CACHE_HOME") or (os.environ.get("LOCALAPPDATA") if os.name == "nt" else None)
    return Path(base or Path.home() / ".cache") / "cchc" / "khoa-bo-nho-kiem-tra"


@lru_cache(maxsize=1)
def signing_key() -> bytes | None:
    path = key_file()
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(32))
        os.replace(tmp, path)
        key = path.read_bytes()  # another build may have won the race: use whichever is there
        return key if len(key) == 32 else None
    except OSError:
        return None


class CheckCache:
    def __init__(self, folder: Path, proofreading: bool = True):
        self.folder = folder
        self.proofreading = proofreading
        self.used: set[str] = set()
        self._words: dict[Path, str] = {}
        self._words_at: dict[Path, Path | None] = {}
        self._key = signing_key()

    def key(self, path: Path, name: str, digest: str) -> str:
        parts = [context_digest(), name, digest, self._words_digest(path), str(self.proofreading)]
        return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()

    def _words_digest(self, path: Path) -> str:
        from cchc_cli.checks.proofread.words import find_province_words

        folder = path.parent  # a province's 150 plans share a folder: one search up the tree
        if folder not in self._words_at:
            self._words_at[folder] = find_province_words(path)
        words = self._words_at[folder]
        if words is None:
            return "-"
        if words not in self._words:
            try:
                self._words[words] = hashlib.sha256(words.read_bytes()).hexdigest()
            except OSError:
                self._words[words] = "?"
        return self._words[words]

    @property
    def usable(self) -> bool:
        return self._key is not None

    def get(self, key: str, path: Path, name: str) -> tuple[list[Problem], str | None] | None:
        """A plan's own problems and its facts as text (`facts_text`; None for a file with no data)."""
        data = self._read(key)
        try:
            problems = [problem_from_json(p) for p in data["problems"]]
            facts = data["facts"]
            if facts is not None and not isinstance(facts, str):
                return None
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return None
        return problems, facts

    def put(self, key: str, problems: list[Problem], facts: str | None) -> None:
        """Store one plan's results (`facts`: `facts_text` of its facts); results that JSON cannot
        carry exactly are not stored."""
        own = [p for p in problems if not p.code.startswith(UNCACHED)]
        try:
            self._write(key, {"problems": [problem_to_json(p) for p in own], "facts": facts})
        except _NotPlain:
            return

    def get_project(self, key: str, n: int) -> list[list[Problem]] | None:
        """What the cross-file stage found for each of a run's `n` plans, kept under `project_key`."""
        data = self._read(PROJECT + key)
        try:
            found = [[problem_from_json(p) for p in plan] for plan in data]
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            return None
        return found if len(found) == n else None

    def put_project(self, key: str, found: list[list[Problem]]) -> None:
        try:
            self._write(PROJECT + key, [[problem_to_json(p) for p in plan] for plan in found])
        except _NotPlain:
            return

    def _read(self, name: str) -> object:
        self.used.add(name)
        if self._key is None:
            return None
        return signed.read_json(KIND, self.folder / f"{name}.json", name)  # None: not written by this user's cchc

    def _write(self, name: str, data: object) -> None:
        self.used.add(name)
        if self._key is None:
            return
        entry = signed.seal(KIND, name, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        if entry is not None:
            atomic.write_quietly(self.folder / f"{name}.json", entry)

    def prune(self) -> None:
        """Results of plans that changed or went away are never read again."""
        if not self.folder.is_dir():
            return
        for f in self.folder.iterdir():
            if f.suffix in (".json", ".tmp") and f.stem not in self.used:
                f.unlink(missing_ok=True)


class _NotPlain(Exception):
    pass


def facts_text(facts: PlanFacts | None) -> str | None:
    """A plan's cross-file facts as the cache keeps them: JSON text, decoded only when the
    cross-file stage must run (`decode_facts`), and digested into `project_key` as they are."""
    return None if facts is None else json.dumps(facts.to_json(), ensure_ascii=False, sort_keys=True)


def decode_facts(path: Path, name: str, text: str) -> PlanFacts:
    return PlanFacts.from_json(path, name, json.loads(text))


def project_key(plans: list[tuple[Path, str, str | None]], registries: list[tuple[Path, str, bytes | None]]) -> str:
    """What the cross-file stage's results are made from: each plan of the run in order (path,
    name it is reported under, facts text) and each registry its plans lie beside (path, name,
    bytes), with cchc's code and rules (`context_digest`)."""
    h = hashlib.sha256(f"{context_digest()}\nproject\n".encode())
    for path, name, text in plans:
        h.update(f"{path}\0{name}\0".encode() + hashlib.sha256((text or "-").encode()).digest())
    for path, name, raw in registries:
        h.update(f"\0reg\0{path}\0{name}\0".encode() + (hashlib.sha256(raw).digest() if raw is not None else b"-"))
    return h.hexdigest()


def problem_to_json(p: Problem) -> list:
    return [p.file, p.line, p.col, p.code, p.severity.value, [[k, _value(v)] for k, v in p.args]]


def _value(v: object) -> object:
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, Sub):
        return {"sub": v.code, "args": [[k, _value(x)] for k, x in v.args]}
    if isinstance(v, (list, tuple)):
        return {type(v).__name__: [_value(x) for x in v]}
    raise _NotPlain(type(v).__name__)


def problem_from_json(d: list) -> Problem:
    file, line, col, code, severity, args = d
    if not (isinstance(file, str) and isinstance(line, int) and isinstance(col, int) and isinstance(code, str)):
        raise TypeError(code)
    return Problem(file, line, col, code, Severity(severity), tuple((str(k), _unplain(v)) for k, v in args))


def _unplain(v: object) -> object:
    if isinstance(v, dict):
        if "sub" in v:
            return Sub(str(v["sub"]), tuple((str(k), _unplain(x)) for k, x in v["args"]))
        if "tuple" in v:
            return tuple(_unplain(x) for x in v["tuple"])
        return [_unplain(x) for x in v["list"]]
    return v
