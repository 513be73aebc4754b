"""Jiangsu's divisions (read from the shared gazetteer) and one service hall per city and county."""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

DIVISIONS_CSV = Path(__file__).resolve().parents[2] / "nlu" / "resources" / "jiangsu_divisions.csv"

# Approximate centre of each prefecture-level city and its telephone area code.
CITY_CENTRES = {
    "320100": (32.0603, 118.7969, "025"), "320200": (31.4912, 120.3119, "0510"),
    "320300": (34.2058, 117.2841, "0516"), "320400": (31.8107, 119.9741, "0519"),
    "320500": (31.2990, 120.5853, "0512"), "320600": (31.9802, 120.8943, "0513"),
    "320700": (34.5967, 119.2216, "0518"), "320800": (33.6104, 119.0153, "0517"),
    "320900": (33.3477, 120.1633, "0515"), "321000": (32.3942, 119.4129, "0514"),
    "321100": (32.1878, 119.4250, "0511"), "321200": (32.4555, 119.9230, "0523"),
    "321300": (33.9630, 118.2752, "0527"),
}
ROADS = (("人民路", "Renmin Road"), ("府前路", "Fuqian Road"), ("政务大道", "Zhengwu Avenue"),
         ("行政中心路", "Civic Centre Road"), ("解放路", "Jiefang Road"), ("建设路", "Jianshe Road"),
         ("文化路", "Wenhua Road"), ("市民广场路", "Citizens' Square Road"))
HOURS_ZH = "周一至周五 9:00-12:00，13:30-17:00（法定节假日除外）"
HOURS_EN = "Mon-Fri 9:00-12:00 and 13:30-17:00 (closed on public holidays)"


@dataclass(frozen=True)
class Division:
    code: str
    city_code: str
    name_zh: str
    name_en: str
    kind: str


def load_divisions(path: Path = DIVISIONS_CSV) -> list[Division]:
    with path.open(encoding="utf-8") as handle:
        return [Division(row["code"], row["city_code"], row["name_zh"], row["name_en"], row["kind"])
                for row in csv.DictReader(handle)]


def _unit(code: str, salt: str) -> float:
    """A stable number in [0, 1) derived from a division code."""
    digest = hashlib.sha256(f"{code}:{salt}".encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32


def _position(division: Division) -> tuple[float, float]:
    lat, lng, _ = CITY_CENTRES[division.city_code]
    if division.kind == "city":
        return lat, lng
    spread = 0.06 if division.kind == "district" else 0.45
    return (round(lat + (_unit(division.code, "lat") - 0.5) * spread, 5),
            round(lng + (_unit(division.code, "lng") - 0.5) * spread, 5))


def _phone(division: Division) -> str:
    area_code = CITY_CENTRES[division.city_code][2]
    return f"{area_code}-{80_000_000 + int(_unit(division.code, 'phone') * 9_999_999)}"


def hall_rows(divisions: list[Division], capacity: int) -> list[dict]:
    by_code = {d.code: d for d in divisions}
    rows = []
    for division in divisions:
        city = by_code[division.city_code]
        road_zh, road_en = ROADS[int(_unit(division.code, "road") * len(ROADS))]
        number = 1 + int(_unit(division.code, "number") * 300)
        lat, lng = _position(division)
        is_city = division.kind == "city"
        local_zh = "" if is_city else division.name_zh
        local_en = "" if is_city else f"{division.name_en}, "
        rows.append({
            "code": division.code,
            "name_zh": f"{division.name_zh}政务服务中心",
            "name_en": f"{division.name_en} Government Service Centre",
            "city_code": division.city_code,
            "county_code": None if is_city else division.code,
            "address_zh": f"江苏省{city.name_zh}{local_zh}{road_zh}{number}号",
            "address_en": f"{number} {road_en}, {local_en}{city.name_en}, Jiangsu",
            "phone": _phone(division),
            "hours_zh": HOURS_ZH,
            "hours_en": HOURS_EN,
            "lat": lat,
            "lng": lng,
            "slot_capacity": capacity * 2 if is_city else capacity,
        })
    return rows
