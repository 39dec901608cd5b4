"""Write the import corpus: for every example plan, three DOCX files cchc did not write.

    python -m tests.import_corpus.make OUT_DIR [PLAN.yaml ...]

- <plan>.lo.docx      cchc's DOCX after a LibreOffice round trip DOCX → ODT → DOCX
- <plan>.html.docx    HTML (rowspan/colspan, <ul>, bold typed headings) converted by LibreOffice
- <plan>.pydocx.docx  python-docx with Word's default styles
and manifest.json: corpus file → source plan. Needs soffice for the first two.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from cchc_cli.build import build
from . import html_docx, python_docx
from .layout import layout

ROOT = Path(__file__).resolve().parents[2]
PLANS = ROOT / "plans"


def example_plans() -> list[Path]:
    return sorted(p for p in PLANS.rglob("*.yaml") if p.name != "don-vi.yaml" and ".tien-do." not in p.name)


def soffice(args: list[str], profile: Path, timeout: int = 480) -> None:
    exe = shutil.which("soffice")
    if exe is None:
        raise RuntimeError("soffice not installed")
    subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", *args],
                   check=True, capture_output=True, timeout=timeout)


def make(out: Path, plans: list[Path], producers: tuple[str, ...] = ("lo", "html", "pydocx")) -> dict[str, str]:
    out.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="cchc-corpus-") as tmp:
        work = Path(tmp)
        # Two provinces may both have a so-noi-vu-2026: corpus names carry the folder.
        named = work / "named"
        named.mkdir()
        by_stem = {}
        for plan_path in plans if "lo" in producers else []:
            stem = f"{plan_path.parent.name}--{plan_path.stem}"
            built = build([plan_path], work / "build" / stem)
            for p in built.outputs:
                if p.suffix == ".docx" and p.stem == plan_path.stem:
                    by_stem[stem] = shutil.copyfile(p, named / f"{stem}.docx")
        html_dir = work / "html"
        html_dir.mkdir()
        for plan_path in plans:
            stem = f"{plan_path.parent.name}--{plan_path.stem}"
            rel = str(plan_path.relative_to(ROOT)) if plan_path.is_relative_to(ROOT) else str(plan_path)
            _, lay = layout(plan_path)
            if "pydocx" in producers:
                python_docx.write(lay, out / f"{stem}.pydocx.docx")
                manifest[f"{stem}.pydocx.docx"] = rel
            if "html" in producers:
                html_docx.write(lay, html_dir / f"{stem}.html")
                manifest[f"{stem}.html.docx"] = rel
            if stem in by_stem:
                manifest[f"{stem}.lo.docx"] = rel
        if by_stem:
            _libreoffice(work, out, by_stem)
        if "html" in producers:
            hd = work / "htmldocx"
            soffice(["--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(hd),
                     *map(str, sorted(html_dir.glob("*.html")))], work / "profile")
            for f in hd.glob("*.docx"):
                shutil.copyfile(f, out / f"{f.stem}.html.docx")
    manifest = {k: v for k, v in manifest.items() if (out / k).is_file()}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                       encoding="utf-8")
    return manifest


def _libreoffice(work: Path, out: Path, by_stem: dict[str, Path]) -> None:
    """DOCX → ODT → DOCX: nothing of cchc's own markup survives the trip."""
    profile = work / "profile"
    odt = work / "odt"
    soffice(["--convert-to", "odt", "--outdir", str(odt), *map(str, by_stem.values())], profile)
    rt = work / "rt"
    soffice(["--convert-to", "docx:MS Word 2007 XML", "--outdir", str(rt), *map(str, sorted(odt.glob("*.odt")))],
            profile)
    for f in rt.glob("*.docx"):
        shutil.copyfile(f, out / f"{f.stem}.lo.docx")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build/import-corpus")
    chosen = [Path(p).resolve() for p in sys.argv[2:]] or example_plans()
    for name, src in make(target, chosen).items():
        print(f"{name}\t{src}")
