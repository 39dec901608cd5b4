"""The two sides of `cchc diff`: a file, a folder, the working tree, or the plans of a git revision.

A revision's plan files are written into a temporary folder (the same folder layout as in the
repository, so relative paths still mean the same thing) and then loaded like any other folder;
names in messages read "main:plans/x.yaml". They are read as the blobs git stores, with
`git cat-file --batch`: never through `git archive` or a checkout, which run the filters
(`filter=`, `textconv`, `export-subst`) that a committed `.gitattributes` names — a pull request
could make CI run a program that way. Symbolic links and submodules in a revision are skipped.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path

from cchc_cli.problems import UserError
from cchc_cli.validate import Checked, check_paths, display_name, is_plan_file

WORKTREE_LABEL = "thư mục làm việc"


@dataclass
class Side:
    label: str                                   # how the report names this side
    checked: list[Checked] = field(default_factory=list)


def split_spec(old: str, new: str | None) -> tuple[str, str | None]:
    """`A B`, `A..B` (git's two-dot form), `A...B` (as git diff: B against the merge base of A
    and B, kept as "A...B" for load_side), or `A` alone: A against the working tree (None)."""
    if new is None and ".." in old and not Path(old).exists():
        if "..." in old:
            a, b = old.split("...", 1)
            return f"{a or 'HEAD'}...{b or 'HEAD'}", b or "HEAD"
        a, b = old.split("..", 1)
        return a or "HEAD", b or "HEAD"
    return old, new


def load_side(spec: str | None, scope: Path, stack: ExitStack) -> Side:
    """Load one side: None is the working tree's `scope` folder; an existing path is itself;
    anything else must be a git revision, whose `scope` folder is used."""
    if spec is None:
        return Side(WORKTREE_LABEL, _check_or_empty(scope))
    path = Path(spec)
    if path.exists():
        return Side(display_name(path), check_paths([path], proofreading=False))
    return _revision(spec, scope, stack)


def _check_or_empty(scope: Path) -> list[Checked]:
    """A folder without plans is an empty side here (plans added or all removed), not a mistake."""
    if not scope.exists():
        raise UserError(("path.missing", {"path": display_name(scope)}))
    if scope.is_dir() and not any(f.is_file() and is_plan_file(f) for f in scope.rglob("*")):
        return []
    return check_paths([scope], proofreading=False)


def _git(args: list[str], cwd: Path, rev: str) -> bytes:
    if shutil.which("git") is None:
        raise UserError(("git.not_installed", {"rev": rev}))
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True)
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UserError(("git.failed", {"detail": detail[-1] if detail else " ".join(args)}))
    return proc.stdout


def _revision(rev: str, scope: Path, stack: ExitStack) -> Side:
    cwd = Path.cwd()
    if shutil.which("git") is None:
        raise UserError(("git.not_installed", {"rev": rev}))
    top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=cwd, capture_output=True)
    if top.returncode != 0:
        raise UserError(("git.not_repo", {"rev": rev}))
    root = Path(top.stdout.decode().strip())
    if "..." in rev:
        a, b = rev.split("...", 1)
        shas = [_commit(a, cwd), _commit(b, cwd)]
        base = subprocess.run(["git", "merge-base", *shas], cwd=cwd, capture_output=True)
        if base.returncode != 0:
            raise UserError(("git.bad_revision", {"rev": rev}))
        sha = base.stdout.decode().strip()
    else:
        sha = _commit(rev, cwd)
    inside = Path(os.path.relpath(scope.resolve(), root.resolve())).as_posix()
    label = f"{rev} ({sha[:7]})"
    listed = _git(["ls-tree", "-r", "-z", "--full-tree", sha, "--", inside], root, rev)
    blobs = []
    for entry in listed.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, blob = meta.decode().split()
        path = name.decode("utf-8", "surrogateescape")
        parts = Path(path).parts
        # Plain files only (no symbolic link, no submodule), and only names that stay in the folder.
        if kind == "blob" and mode in ("100644", "100755") and ".." not in parts and not Path(path).is_absolute():
            blobs.append((blob, path))
    if not blobs:
        return Side(label)   # the folder does not exist in that revision: no plans there
    tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cchc-diff-")))
    # What cchc reads: plans, progress files, the province registry; nothing else is fetched.
    wanted = [(blob, path) for blob, path in blobs if Path(path).suffix in (".yaml", ".yml")]
    for (blob, path), data in zip(wanted, _cat_blobs([b for b, _ in wanted], root, rev)):
        target = tmp / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    checked = _check_or_empty(tmp / inside) if (tmp / inside).exists() else []
    return Side(label, [_rename(c, tmp, rev) for c in checked])


def _commit(rev: str, cwd: Path) -> str:
    # "--end-of-options" keeps a revision that starts with "-" from being read as an option.
    commit = subprocess.run(["git", "rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"],
                            cwd=cwd, capture_output=True)
    if commit.returncode != 0:
        raise UserError(("git.bad_revision", {"rev": rev}))
    return commit.stdout.decode().strip()


def _cat_blobs(blobs: list[str], root: Path, rev: str) -> list[bytes]:
    """The stored bytes of each blob: `git cat-file --batch` applies no filter and no textconv."""
    if not blobs:
        return []
    proc = subprocess.run(["git", "cat-file", "--batch"], cwd=root, capture_output=True,
                          input="".join(b + "\n" for b in blobs).encode())
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UserError(("git.failed", {"detail": detail[-1] if detail else "cat-file"}))
    out, pos = [], 0
    data = proc.stdout
    for _ in blobs:
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        size = int(header[2])
        out.append(data[end + 1:end + 1 + size])
        pos = end + 1 + size + 1
    return out


def _rename(c: Checked, tmp: Path, rev: str) -> Checked:
    """Show "main:plans/x.yaml" in messages, not the temporary folder."""
    name = f"{rev}:{c.source.path.relative_to(tmp).as_posix()}"
    c.source.name = name
    c.problems = [replace(p, file=name) for p in c.problems]
    if c.plan is not None:
        c.plan.source = name
    return c
