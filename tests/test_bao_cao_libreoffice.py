"""The periodic reports opened in LibreOffice, as a reader would: the page rules of the plan documents
(A4, portrait body and landscape appendix, no blank page, header block on page 1, signature before the
appendix) and the charts drawn with their Vietnamese labels."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from cchc_cli.bao_cao.run import run

TOOLS = ("soffice", "pdftotext", "pdfinfo")
missing = [t for t in TOOLS if shutil.which(t) is None]
if missing and os.environ.get("CI"):
    raise RuntimeError(f"CI must install {missing} (see .ci/run)")
pytestmark = pytest.mark.skipif(bool(missing), reason=f"cần LibreOffice/poppler để kiểm tra bản in: thiếu {missing}")

HA_TINH = Path(__file__).resolve().parents[1] / "plans" / "ha-tinh"
NAMES = ["so-noi-vu-2026", "so-tai-chinh-2026", "phuong-thanh-sen-2026", "tong-hop"]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("bao-cao")
    assert run([HA_TINH], out, "H1").ok
    folder = out / "ha-tinh" / "bao-cao-6-thang-2026"
    pdf = tmp_path_factory.mktemp("pdf")
    profile = tmp_path_factory.mktemp("lo-profile-bao-cao")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(pdf), *[str(folder / f"{n}.docx") for n in NAMES]],
                   check=True, capture_output=True, timeout=600)
    return {n: pdf / f"{n}.pdf" for n in NAMES}


def pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def sizes(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return [(float(p[0]), float(p[2])) for line in info.splitlines()
            if line.startswith("Page") and "size:" in line for p in [line.split("size:")[1].split()]]


def signer(name: str) -> str:
    """The signature's title line as printed (upper case): the plan's own signer, or the province's."""
    if name == "tong-hop":
        return "GIÁM ĐỐC"
    from cchc_cli.validate import check_file

    sig = check_file(HA_TINH / f"{name}.yaml").plan.signature
    return (sig.title_line or sig.first_line).upper()


def squash(s: str) -> str:
    return "".join(s.split())


@pytest.mark.parametrize("name", NAMES)
def test_page_rules(pdfs, name):
    pdf = pdfs[name]
    assert pdf.exists(), f"LibreOffice could not open {name}.docx"
    text = pages(pdf)
    size = sizes(pdf)
    assert len(text) == len(size) >= 3
    assert all(abs(min(s) - 595) < 2 and abs(max(s) - 842) < 2 for s in size), "A4"
    # No blank page: every page has more than its page number.
    for i, page in enumerate(text, start=1):
        words = [w for w in page.split() if not w.isdigit()]
        assert len(words) > 5, f"{name}: page {i} is blank"
    first = squash(text[0])
    for line in ("CỘNGHÒAXÃHỘICHỦNGHĨAVIỆTNAM", "Độclập-Tựdo-Hạnhphúc", "BÁOCÁO", "Số:", "/BC-"):
        assert line in first, (name, line)
    # Body portrait, appendix landscape; the signature block closes the body, before the appendix.
    landscape = [i for i, (w, h) in enumerate(size) if w > h]
    assert landscape and landscape == list(range(landscape[0], len(size))) and landscape[0] > 0
    body = squash("".join(text[:landscape[0]]))
    assert body.rindex("Nơinhận:") > body.rindex("Trênđâylà") > 0
    assert squash(signer(name)) in body[body.rindex("Nơinhận:"):]
    assert "PHỤLỤC" in squash(text[landscape[0]])


def test_charts_print_their_labels(pdfs):
    text = squash("".join(pages(pdfs["tong-hop"])))
    for label in ("Tỷlệhoànthànhtheođơnvị", "Trạngtháinhiệmvụtheolĩnhvựccảicách",
                  "Sốnhiệmvụquáhạncuốimỗikỳbáocáo", "Quý I".replace(" ", ""), "6tháng", "Chưacậpnhật"):
        assert label in text, label


def test_every_task_is_in_the_appendix(pdfs):
    from cchc_cli.render.xlsx import tracker_rows
    from cchc_cli.validate import check_file

    for name in NAMES[:-1]:
        plan = check_file(HA_TINH / f"{name}.yaml").plan
        text = pages(pdfs[name])
        appendix = squash("".join(p for p, (w, h) in zip(text, sizes(pdfs[name])) if w > h))
        missing = [r.id for r in tracker_rows(plan) if squash(r.text)[:25] not in appendix]
        assert not missing, (name, missing)
