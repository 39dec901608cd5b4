"""The province's registry of agencies (plans/<tỉnh>/don-vi.yaml): ids, official names, aliases.

Lead and partner names typed in plans ("Sở KH&CN", "Sở Khoa học và Công nghệ", "Sở KHCN")
resolve to one agency id here, so the roll-up can count by agency.

File format:

    tinh: ha-tinh                 # id of the province
    ten: Tỉnh Hà Tĩnh
    ke_hoach_tinh: ha-tinh-2026   # id of the province plan the agencies implement
    don_vi:
      - ma: so-noi-vu
        ten: Sở Nội vụ
        cap: so                   # tinh | so | xa | khac (as in plans)
        ten_khac: [SNV, Sở Nội vụ tỉnh Hà Tĩnh]
"""
from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from cchc_cli.load import Source, read_source
from cchc_cli.problems import Problem

REGISTRY_NAME = "don-vi.yaml"


def normalise_name(name: str) -> str:
    """Comparison key for unit names: case, accents, "&", punctuation and spacing do not matter."""
    s = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if unicodedata.category(c) != "Mn").lower()
    s = s.replace("&", " va ")
    s = re.sub(r"[^a-z0-9]+", " ", s)
    return " ".join(s.split())


@dataclass
class Agency:
    """An agency of the province registry (don-vi.yaml): id, name, level and other names."""

    id: str
    name: str
    level: str
    aliases: list[str] = field(default_factory=list)
    path: tuple = ()

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class Registry:
    """A province registry: the province, its own plan and its agencies."""

    province: str
    name: str
    province_plan: str | None
    agencies: list[Agency]
    source: Source | None = None
    _index: dict[str, Agency] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for a in self.agencies:
            for n in a.names:
                self._index.setdefault(normalise_name(n), a)

    def get(self, agency_id: str) -> Agency | None:
        return next((a for a in self.agencies if a.id == agency_id), None)

    def resolve(self, unit_name: str) -> Agency | None:
        return self._index.get(normalise_name(unit_name))

    def suggest(self, unit_name: str) -> Agency | None:
        """The closest registered agency, for "did you mean" hints; never used to resolve."""
        keys = list(self._index)
        close = difflib.get_close_matches(normalise_name(unit_name), keys, n=1, cutoff=0.6)
        return self._index[close[0]] if close else None


def find_beside(plan_path: Path, name: str) -> Path | None:
    """A province file (registry, accepted words) of the folder a plan lives in: its folder or a
    parent up to plans/."""
    for folder in [plan_path.parent, *plan_path.parents]:
        candidate = folder / name
        if candidate.is_file():
            return candidate
        if folder.name == "plans":
            break
    return None


def find_registry(plan_path: Path) -> Path | None:
    """The registry of the province folder a plan lives in."""
    return find_beside(plan_path, REGISTRY_NAME)


def load_registry_shared(path: Path, name: str | None = None) -> tuple[Registry | None, list[Problem]]:
    """load_registry, parsed once per process while the file's bytes are unchanged: a build's
    cross-file check and its roll-up both need the province's registry. Callers must not change it."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()  # a few KB; parsing them is what costs
    except OSError:
        return load_registry(path, name)
    hit = _PARSED.get((path, name, digest))
    if hit is None:
        hit = load_registry(path, name)
        if hit[0] is not None and hit[0].source is not None:  # kept under the digest of what was parsed
            if len(_PARSED) >= 8:
                _PARSED.clear()
            _PARSED[(path, name, hit[0].source.digest)] = hit
    return hit[0], list(hit[1])


_PARSED: dict[tuple[Path, str | None, str], tuple[Registry | None, list[Problem]]] = {}


def load_registry(path: Path, name: str | None = None) -> tuple[Registry | None, list[Problem]]:
    src = read_source(path, name)
    if src.data is None:
        return None, src.problems
    problems = list(src.problems)
    d = src.data
    agencies = []
    for i, a in enumerate(d.get("don_vi") or []):
        if not isinstance(a, dict) or not isinstance(a.get("ma"), str) or not isinstance(a.get("ten"), str):
            problems.append(Problem.make(src.name, src.pos(("don_vi", i)), "registry.bad_entry"))
            continue
        aliases = a.get("ten_khac") or []
        agencies.append(Agency(a["ma"], a["ten"], str(a.get("cap", "khac")),
                               [str(x) for x in aliases] if isinstance(aliases, list) else [str(aliases)],
                               ("don_vi", i)))
    seen: dict[str, int] = {}
    for a in agencies:
        if a.id in seen:
            problems.append(Problem.make(src.name, src.pos(a.path + ("ma",)), "id.duplicate", id=a.id,
                                         first_line=seen[a.id]))
        seen.setdefault(a.id, src.pos(a.path + ("ma",))[0])
    reg = Registry(str(d.get("tinh", path.parent.name)), str(d.get("ten", path.parent.name)),
                   d.get("ke_hoach_tinh"), agencies, src)
    return reg, problems
