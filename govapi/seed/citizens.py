"""Demo citizens (fixed, see issue 3) and deterministic generated citizens with lighter records.

All dates are laid out relative to the day the database is seeded (`as_of`), so that "recently
unemployed" or "last month's pension" stay true whenever the sandbox is first started.
"""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from stdnum.cn import ric

GENERATOR_SEED = 20261125

SURNAMES = (("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
            ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"),
            ("朱", "Zhu"), ("马", "Ma"), ("胡", "Hu"), ("郭", "Guo"), ("林", "Lin"), ("何", "He"),
            ("高", "Gao"), ("顾", "Gu"))
GIVEN = (("伟", "Wei"), ("芳", "Fang"), ("娜", "Na"), ("敏", "Min"), ("静", "Jing"), ("丽", "Li"),
         ("强", "Qiang"), ("磊", "Lei"), ("军", "Jun"), ("洋", "Yang"), ("勇", "Yong"), ("艳", "Yan"),
         ("杰", "Jie"), ("娟", "Juan"), ("涛", "Tao"), ("明", "Ming"), ("超", "Chao"), ("秀", "Xiu"),
         ("霞", "Xia"), ("平", "Ping"), ("刚", "Gang"), ("文", "Wen"), ("华", "Hua"), ("建", "Jian"))
EMPLOYERS = (("江苏苏宁物流有限公司", "Jiangsu Suning Logistics Co., Ltd."),
             ("无锡华光电子有限公司", "Wuxi Huaguang Electronics Co., Ltd."),
             ("苏州工业园区星海科技有限公司", "Suzhou Industrial Park Xinghai Technology Co., Ltd."),
             ("常州恒立机械有限公司", "Changzhou Hengli Machinery Co., Ltd."),
             ("南通中远船务工程有限公司", "Nantong Zhongyuan Marine Engineering Co., Ltd."),
             ("扬州运河食品有限公司", "Yangzhou Yunhe Foods Co., Ltd."),
             ("徐州工程机械集团有限公司", "Xuzhou Construction Machinery Group Co., Ltd."),
             ("盐城悦达汽车零部件有限公司", "Yancheng Yueda Auto Parts Co., Ltd."),
             ("淮安清江医药有限公司", "Huai'an Qingjiang Pharmaceutical Co., Ltd."),
             ("泰州春兰制冷设备有限公司", "Taizhou Chunlan Refrigeration Co., Ltd."))
HOSPITALS = (("市第一人民医院", "First People's Hospital"), ("社区卫生服务中心", "Community Health Centre"),
             ("老百姓大药房", "Laobaixing Pharmacy"), ("中医院", "Hospital of Traditional Chinese Medicine"))


@dataclass(frozen=True)
class DemoCitizen:
    id_number: str
    name_zh: str
    name_en: str
    phone: str
    city_code: str
    county_code: str
    hukou_zh: str
    hukou_en: str
    status: str


DEMO_CITIZENS = (
    DemoCitizen("320102198503121234", "张伟", "Zhang Wei", "13800000001", "320100", "320102",
                "江苏省南京市玄武区珠江路88号", "88 Zhujiang Road, Xuanwu District, Nanjing, Jiangsu", "employed"),
    DemoCitizen("320583199207082343", "李娜", "Li Na", "13800000002", "320500", "320583",
                "江苏省盐城市亭湖区解放南路12号", "12 Jiefang South Road, Tinghu District, Yancheng, Jiangsu",
                "employed"),
    DemoCitizen("32030219580215456X", "王芳", "Wang Fang", "13800000003", "320300", "320302",
                "江苏省徐州市鼓楼区中山北路36号", "36 Zhongshan North Road, Gulou District, Xuzhou, Jiangsu",
                "retired"),
    DemoCitizen("321302199901017893", "陈明", "Chen Ming", "13800000004", "321300", "321302",
                "江苏省宿迁市宿城区洪泽湖路5号", "5 Hongzehu Road, Sucheng District, Suqian, Jiangsu", "unemployed"),
)


class SeedData:
    """Rows for every table, collected per table name; citizen ids are assigned here (1..n)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict]] = {}

    def add(self, table: str, row: dict) -> None:
        self.rows.setdefault(table, []).append(row)


def month_string(month_index: int) -> str:
    return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _citizen_row(cid: int, id_number: str, name_zh: str, name_en: str, phone: str, city: str, county: str,
                 hukou_zh: str, hukou_en: str, status: str, separated_on=None, demo=False) -> dict:
    return {"id": cid, "id_number": id_number, "name_zh": name_zh, "name_en": name_en, "phone": phone,
            "gender": "M" if int(id_number[16]) % 2 else "F", "birth_date": ric.get_birth_date(id_number),
            "city_code": city, "county_code": county, "hukou_address_zh": hukou_zh,
            "hukou_address_en": hukou_en, "employment_status": status, "separated_on": separated_on,
            "locked_until": None, "is_demo": demo}


def _contributions(data: SeedData, cid: int, employers: list[tuple[int, int, tuple[str, str], int]]) -> None:
    """employers: (first month index, last month index, (zh, en), starting base in yuan)."""
    for first, last, (employer_zh, employer_en), base in employers:
        for index in range(first, last + 1):
            base_yuan = base + 150 * ((index - first) // 12)
            data.add("ss_contributions", {
                "citizen_id": cid, "month": month_string(index), "employer_zh": employer_zh,
                "employer_en": employer_en, "base_fen": base_yuan * 100, "pension_fen": base_yuan * 24,
                "medical_fen": base_yuan * 10, "unemployment_fen": base_yuan})


def _card(data: SeedData, cid: int, status: str, issued: dt.date, now: dt.datetime) -> None:
    data.add("ss_cards", {"citizen_id": cid, "card_number": f"J{cid:08d}X"[:12], "status": status,
                          "bank_zh": "中国建设银行", "bank_en": "China Construction Bank",
                          "issued_on": issued, "updated_at": now})


def _medical(data: SeedData, cid: int, city: str, balance_fen: int, spends: list[tuple[dt.date, int]],
             rng: random.Random) -> None:
    data.add("medical_accounts", {"citizen_id": cid, "balance_fen": balance_fen, "insured_city_code": city})
    for day, amount in spends:
        place_zh, place_en = rng.choice(HOSPITALS)
        kind = "pharmacy" if "药房" in place_zh else "outpatient"
        data.add("medical_transactions", {"citizen_id": cid, "day": day, "kind": kind, "place_zh": place_zh,
                                          "place_en": place_en, "amount_fen": -amount})


def _medical_deposits(data: SeedData, cid: int, as_of: dt.date, amount_fen: int) -> None:
    """The monthly transfer into the personal account, on the 1st of the last three months."""
    for back in range(3):
        index = month_index(as_of) - back
        data.add("medical_transactions", {"citizen_id": cid, "day": dt.date(index // 12, index % 12 + 1, 1),
                                          "kind": "deposit", "place_zh": "医保个人账户划入",
                                          "place_en": "Monthly transfer into the personal account",
                                          "amount_fen": amount_fen})


def _housing_fund(data: SeedData, cid: int, employer: tuple[str, str], balance_fen: int, monthly_fen: int,
                  status: str, months: range) -> None:
    data.add("housing_fund_accounts", {"citizen_id": cid, "account_number": f"32{cid:010d}",
                                       "employer_zh": employer[0], "employer_en": employer[1],
                                       "balance_fen": balance_fen, "monthly_fen": monthly_fen,
                                       "status": status})
    for index in months:
        data.add("housing_fund_contributions", {"citizen_id": cid, "month": month_string(index),
                                                "amount_fen": monthly_fen})


def add_demo_citizens(data: SeedData, as_of: dt.date) -> None:
    rng = random.Random(GENERATOR_SEED)
    for cid, person in enumerate(DEMO_CITIZENS, start=1):
        separated = as_of - dt.timedelta(days=25) if person.status == "unemployed" else None
        data.add("citizens", _citizen_row(cid, person.id_number, person.name_zh, person.name_en, person.phone,
                                          person.city_code, person.county_code, person.hukou_zh,
                                          person.hukou_en, person.status, separated, demo=True))
    for cid, records in enumerate((_zhang_wei, _li_na, _wang_fang, _chen_ming), start=1):
        records(data, cid, as_of, rng)


def _days_ago(as_of: dt.date, *days: int) -> list[dt.date]:
    return [as_of - dt.timedelta(days=d) for d in days]


def _zhang_wei(data: SeedData, cid: int, as_of: dt.date, rng: random.Random) -> None:
    """Employed since July 2007: contributions, a medical balance and a housing fund."""
    last = month_index(as_of) - 1
    jinling = ("江苏金陵建设集团有限公司", "Jiangsu Jinling Construction Group Co., Ltd.")
    zijin = ("南京紫金软件有限公司", "Nanjing Zijin Software Co., Ltd.")
    _contributions(data, cid, [(2007 * 12 + 6, 2014 * 12 + 11, jinling, 2800), (2015 * 12, last, zijin, 9000)])
    _card(data, cid, "active", dt.date(2019, 5, 20), _morning(as_of))
    spending = list(zip(_days_ago(as_of, 3, 17, 40), (4_111, 4_629, 5_480), strict=True))
    _medical(data, cid, "320100", 864_235, spending, rng)
    _medical_deposits(data, cid, as_of, 38_400)
    _housing_fund(data, cid, zijin, 15_682_000, 420_000, "paying", range(last - 23, last + 1))


def _li_na(data: SeedData, cid: int, as_of: dt.date, rng: random.Random) -> None:
    """Works in Kunshan; her card is reported lost (her residence-permit case is seeded with the cases)."""
    last = month_index(as_of) - 1
    huaxin = ("昆山华信电子有限公司", "Kunshan Huaxin Electronics Co., Ltd.")
    _contributions(data, cid, [(2014 * 12 + 8, last, huaxin, 6500)])
    _card(data, cid, "lost", dt.date(2018, 3, 2), _morning(as_of))
    _medical(data, cid, "320500", 231_050, list(zip(_days_ago(as_of, 9, 61), (2_899, 3_471), strict=True)), rng)
    _medical_deposits(data, cid, as_of, 21_600)
    _housing_fund(data, cid, huaxin, 4_320_000, 156_000, "paying", range(last - 11, last + 1))


def _wang_fang(data: SeedData, cid: int, as_of: dt.date, rng: random.Random) -> None:
    """Retired in March 2013; a pension paid on the 10th of every month."""
    last = month_index(as_of) - 1
    _contributions(data, cid, [(1993 * 12, 2013 * 12 + 1, ("徐州第一纺织厂", "Xuzhou No. 1 Textile Mill"), 1200)])
    _card(data, cid, "active", dt.date(2016, 9, 1), _morning(as_of))
    spending = list(zip(_days_ago(as_of, 6, 20, 34), (6_130, 6_200, 6_270), strict=True))
    _medical(data, cid, "320300", 512_080, spending, rng)
    _medical_deposits(data, cid, as_of, 9_860)
    data.add("pension_accounts", {"citizen_id": cid, "retired_on": dt.date(2013, 3, 1), "monthly_fen": 328_650,
                                  "certified_until": as_of + dt.timedelta(days=200)})
    for index in range(last - 11, last + 2):
        paid_on = dt.date(index // 12, index % 12 + 1, 10)
        if paid_on <= as_of:
            data.add("pension_payments", {"citizen_id": cid, "month": month_string(index),
                                          "amount_fen": 328_650, "paid_on": paid_on})


def _chen_ming(data: SeedData, cid: int, as_of: dt.date, rng: random.Random) -> None:
    """Lost his job 25 days before the seed date after four years of contributions."""
    last = month_index(as_of) - 1
    yunlian = ("宿迁云联物流有限公司", "Suqian Yunlian Logistics Co., Ltd.")
    _contributions(data, cid, [(2021 * 12 + 6, month_index(as_of - dt.timedelta(days=25)) - 1, yunlian, 4200)])
    _card(data, cid, "active", dt.date(2021, 8, 15), _morning(as_of))
    _medical(data, cid, "321300", 98_020, list(zip(_days_ago(as_of, 50), (3_560,), strict=True)), rng)
    _housing_fund(data, cid, yunlian, 2_150_000, 84_000, "sealed", range(last - 11, last - 1))


def _morning(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(8, 0))


def generated_identity(rng: random.Random, county_codes: list[str], taken: set[str]) -> tuple[str, str]:
    while True:
        born = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(365 * 50))
        body = f"{rng.choice(county_codes)}{born:%Y%m%d}{rng.randrange(1000):03d}"
        number = body + ric.calc_check_digit(body + "0")
        phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
        if number not in taken and phone not in taken and not phone.startswith("13800"):
            taken.update((number, phone))
            return number, phone


def generated_citizens(count: int, county_codes: list[str]) -> list[tuple[str, str, str, str]]:
    """(id_number, phone, name_zh, name_en) of the generated citizens, in order; tests use this too."""
    rng = random.Random(GENERATOR_SEED)
    taken = {c.id_number for c in DEMO_CITIZENS} | {c.phone for c in DEMO_CITIZENS}
    people = []
    for _ in range(count):
        number, phone = generated_identity(rng, county_codes, taken)
        surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
        people.append((number, phone, surname[0] + given[0], f"{surname[1]} {given[1]}"))
    return people


def add_generated_citizens(data: SeedData, count: int, county_to_city: dict[str, str],
                           county_names: dict[str, tuple[str, str]], as_of: dt.date) -> None:
    counties = sorted(county_to_city)
    rng = random.Random(GENERATOR_SEED + 1)
    last = month_index(as_of) - 1
    now = _morning(as_of)
    for offset, (number, phone, name_zh, name_en) in enumerate(generated_citizens(count, counties)):
        cid = len(DEMO_CITIZENS) + 1 + offset
        county = number[:6]
        city = county_to_city[county]
        birth = ric.get_birth_date(number)
        status = "retired" if birth.year < 1965 else rng.choice(("employed",) * 8 + ("unemployed",))
        separated = as_of - dt.timedelta(days=rng.randrange(10, 200)) if status == "unemployed" else None
        zh, en = county_names[county]
        data.add("citizens", _citizen_row(cid, number, name_zh, name_en, phone, city, county,
                                          f"江苏省{zh}{rng.randrange(1, 400)}号",
                                          f"No. {rng.randrange(1, 400)}, {en}, Jiangsu", status, separated))
        employer = rng.choice(EMPLOYERS)
        base = rng.randrange(40, 200) * 100
        _card(data, cid, "active", dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3000)), now)
        _medical(data, cid, city, rng.randrange(0, 2_000_000), [(as_of - dt.timedelta(days=rng.randrange(1, 90)),
                                                                 rng.randrange(500, 50_000))], rng)
        if status == "retired":
            monthly = rng.randrange(1800, 6000) * 100
            data.add("pension_accounts", {"citizen_id": cid, "retired_on": dt.date(birth.year + 60, birth.month, 1),
                                          "monthly_fen": monthly,
                                          "certified_until": as_of + dt.timedelta(days=rng.randrange(-30, 330))})
            for index in range(last - 2, last + 1):
                data.add("pension_payments", {"citizen_id": cid, "month": month_string(index), "amount_fen": monthly,
                                              "paid_on": dt.date(index // 12, index % 12 + 1, 10)})
            continue
        end = last if separated is None else month_index(separated) - 1
        _contributions(data, cid, [(end - 11, end, employer, base // 100 * 100)])
        if rng.random() < 0.6:
            monthly = base * 24
            _housing_fund(data, cid, employer, monthly * rng.randrange(12, 120),
                          monthly, "paying" if status == "employed" else "sealed", range(end - 11, end + 1))
