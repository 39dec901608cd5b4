"""What each output was built from, so that a rebuild converts only the plans that changed.

<out>/.cchc-build.json maps each plan's DOCX (path below out/) to a digest of everything its
outputs are made from — the plan's bytes, its progress file, the templates, the reference
DOCX, the schema, cchc's own code and version — and to the digest of each output as written.
A plan is skipped only if that inputs digest is unchanged and every output is still there,
byte for byte as written; anything unreadable in the manifest just means "build again".
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from functools import lru_cache
from pathlib import Path

from cchc_cli import __version__, atomic

NAME = ".cchc-build.json"
_CODE = Path(__file__).resolve().parent
_FORMAT = 1


def tree_digest(h, root: Path, pattern: str) -> None:
    """Add every file below root matching pattern (name and bytes, in a stable order) to h."""
    for path in sorted(p for p in root.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


@lru_cache(maxsize=1)
def code_digest() -> str:
    """cchc's own code (Python and the Lua filter), once per process: the build's outputs and the
    caches depend on it (the version is added by each, beside it). Each file by its name, size,
    inode and modification and change times, not its bytes: any write to a file moves its change
    time, so the digest changes whenever the code does (and, harmlessly, when a file is only
    touched or copied); reading the 900 KB of code was a fiftieth of a rebuild of one plan."""
    found = []
    for root, dirs, files in os.walk(_CODE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".lua")):
                path = os.path.join(root, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                rel = os.path.relpath(path, _CODE).replace(os.sep, "/")
                found.append(f"{rel}\0{st.st_size}:{st.st_ino}:{st.st_mtime_ns}:{st.st_ctime_ns}\n")
    return hashlib.sha256("".join(found).encode("utf-8", "surrogatepass")).hexdigest()


def toolchain_digest(templates: Path, schema: Path) -> str:
    """Everything shared by all plans that shapes an output."""
    h = hashlib.sha256(f"cchc {__version__}\n{code_digest()}\n".encode())
    tree_digest(h, templates, "*")
    tree_digest(h, schema.parent, schema.name)
    for pandoc in _pandoc_candidates():
        stat = pandoc.stat() if pandoc.exists() else None
        h.update(f"{pandoc}:{stat.st_size if stat else 0}:{stat.st_mtime_ns if stat else 0}\n".encode())
    return h.hexdigest()


def _pandoc_candidates() -> list[Path]:
    """Every pandoc pypandoc may choose (it takes the newest of those on PATH and its own), found
    without importing pypandoc or running pandoc: a build with nothing to convert starts neither."""
    import importlib.util
    import shutil

    found = [Path(p) for p in [shutil.which("pandoc")] if p]
    spec = importlib.util.find_spec("pypandoc")
    if spec is not None and spec.origin:
        found.append(Path(spec.origin).resolve().parent / "files" / ("pandoc.exe" if os.name == "nt" else "pandoc"))
    return found


def plan_digest(toolchain: str, plan_digest: str, progress_file: Path, where: str) -> str:
    h = hashlib.sha256(f"{toolchain}\n{plan_digest}\n{where}\n".encode())
    h.update(progress_file.read_bytes() if progress_file.is_file() else b"-")
    return h.hexdigest()


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _stat_of(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns]


class Manifest:
    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.path = out_dir / NAME
        self.entries: dict[str, dict] = {}
        self._read = b""
        self._saved_ns = 0  # when the manifest read was written: see _stat_holds
        try:
            self._saved_ns = self.path.stat().st_mtime_ns
            self._read = self.path.read_bytes()
            data = json.loads(self._read.decode("utf-8"))
            if data.get("format") == _FORMAT and isinstance(data.get("plans"), dict):
                self.entries = data["plans"]
        except (OSError, ValueError, AttributeError):
            pass

    def _key(self, docx: Path) -> str:
        return docx.relative_to(self.out_dir).as_posix()

    def fresh(self, docx: Path, inputs: str) -> list[Path] | None:
        """The outputs recorded for this DOCX if they are all up to date, else None."""
        entry = self.entries.get(self._key(docx))
        if not isinstance(entry, dict) or entry.get("inputs") != inputs or not entry.get("outputs"):
            return None
        outputs = []
        stats = entry.get("stat") if isinstance(entry.get("stat"), dict) else {}
        for rel, digest in sorted(entry["outputs"].items()):
            path = self.out_dir / rel
            try:
                st = path.lstat()
            except OSError:
                return None
            if stat.S_ISLNK(st.st_mode):
                return None
            if not self._stat_holds(stats.get(rel), st) and file_digest(path) != digest:
                return None
            outputs.append(path)
        return outputs

    def _stat_holds(self, recorded: object, st: os.stat_result) -> bool:
        """Whether a file is as it was recorded without reading it: same size, inode, modification
        and change times (the change time cannot be set back by cp -p or touch), and modified
        before the manifest was written, so that a later edit in the same clock tick, on a file
        system with a coarse clock, is read (git's "racy clean" rule). Hashing 300 outputs was a
        twentieth of a rebuild after one plan changed."""
        return recorded == _stat_of(st) and st.st_mtime_ns < self._saved_ns

    def record(self, docx: Path, inputs: str, outputs: list[Path]) -> None:
        self.entries[self._key(docx)] = {
            "inputs": inputs,
            "outputs": {p.relative_to(self.out_dir).as_posix(): file_digest(p) for p in outputs},
            "stat": {p.relative_to(self.out_dir).as_posix(): _stat_of(p.lstat()) for p in outputs},
        }

    def forget(self, docx: Path) -> None:
        self.entries.pop(self._key(docx), None)

    def save(self) -> None:
        # Compact: json's C encoder (the indented one is pure Python, 5 ms for 150 plans).
        text = json.dumps({"format": _FORMAT, "plans": self.entries}, ensure_ascii=False, sort_keys=True,
                          separators=(",", ":"))
        data = text.encode("utf-8") + b"\n"
        if data != self._read:  # a build that changed nothing writes nothing
            atomic.write_bytes(self.path, data)
