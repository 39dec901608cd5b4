"""Which charts each report shows, built from its figures (figures.py) and labels (bao-cao.yaml)."""
from __future__ import annotations

from cchc_cli.bao_cao.as_of import STATES
from cchc_cli.bao_cao.charts import Chart, Series
from cchc_cli.bao_cao.figures import AgencyReport, AreaCount, ProvinceReport


def by_area(areas: list[AreaCount], lb: dict) -> Chart:
    status = lb["trang_thai"]
    return Chart("stacked", lb["bieu_do"]["theo_linh_vuc"], [a.title for a in areas],
                 [Series(status[k]["ten"], status[k]["mau"], [float(a.counts[k]) for a in areas]) for k in STATES])


def overdue(points, lb: dict) -> Chart:
    return Chart("columns", lb["bieu_do"]["qua_han"], [p.short for p, _ in points],
                 [Series(lb["trang_thai"]["qua_han"]["ten"], lb["mau_qua_han"], [float(n) for _, n in points])])


def by_agency(prov: ProvinceReport, lb: dict) -> Chart:
    rows = [r for r in prov.rows if r.report is not None]
    return Chart("percent", lb["bieu_do"]["theo_don_vi"], [r.name for r in rows],
                 [Series(lb["trang_thai"]["hoan_thanh"]["ten"], lb["mau_hoan_thanh"],
                         [r.report.done_pct or 0.0 for r in rows])])


def agency_charts(rep: AgencyReport, lb: dict) -> dict[str, Chart]:
    return {"theo_linh_vuc": by_area(rep.areas, lb), "qua_han": overdue(rep.overdue_by_period, lb)}


def province_charts(prov: ProvinceReport, lb: dict) -> dict[str, Chart]:
    return {"theo_don_vi": by_agency(prov, lb), "theo_linh_vuc": by_area(prov.areas, lb),
            "qua_han": overdue(prov.overdue_by_period, lb)}
