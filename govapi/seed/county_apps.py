"""Former county/district government apps, shut down when their functions moved to 苏服办."""
from __future__ import annotations

import datetime as dt
import random

FUNCTIONS = (
    ("社保查询", "Social insurance enquiry", "ss_contribution_record"),
    ("社保卡服务", "Social security card services", "ss_card_replacement"),
    ("医保查询", "Medical insurance enquiry", "medical_account_query"),
    ("异地就医备案", "Filing for treatment elsewhere", "medical_remote_filing"),
    ("公积金查询", "Housing fund enquiry", "housing_fund_query"),
    ("公积金提取", "Housing fund withdrawal", "housing_fund_withdrawal_rent"),
    ("户籍办理", "Household registration", "hukou_transfer"),
    ("新生儿落户", "Newborn registration", "newborn_registration"),
    ("居住证办理", "Residence permit", "residence_permit"),
    ("养老资格认证", "Pension certification", "pension_certification"),
    ("个体执照办理", "Sole proprietor licence", "business_sole_proprietor"),
    ("违章处理", "Traffic violations", "traffic_violation"),
    ("高龄津贴", "Old-age allowance", "elderly_allowance"),
    ("失业金申领", "Unemployment benefit", "unemployment_benefit"),
    ("居民医保缴费", "Resident medical insurance payment", "medical_resident_enrollment"),
    ("身份证办理", "ID card services", "id_card_renewal"),
)

# county code -> (app name zh, app name en, shut-down date)
APPS = {
    "320102": ("我的玄武", "My Xuanwu", "2025-12-31"),
    "320106": ("鼓楼e办", "Gulou e-Service", "2025-12-31"),
    "320115": ("e江宁", "e-Jiangning", "2025-11-30"),
    "320117": ("溧水通", "Lishui Connect", "2026-01-31"),
    "320281": ("江阴政务", "Jiangyin Gov", "2025-12-31"),
    "320282": ("宜兴办事通", "Yixing Service Connect", "2026-02-28"),
    "320302": ("掌上鼓楼", "Gulou in Hand", "2026-01-31"),
    "320321": ("丰县政务", "Fengxian Gov", "2026-01-31"),
    "320381": ("新沂市民通", "Xinyi Citizen Connect", "2026-02-28"),
    "320412": ("武进政务", "Wujin Gov", "2025-12-31"),
    "320481": ("溧阳办事", "Liyang Services", "2026-01-31"),
    "320506": ("吴中e家", "Wuzhong e-Home", "2025-12-31"),
    "320581": ("常熟政务通", "Changshu Gov Connect", "2025-12-31"),
    "320582": ("张家港市民", "Zhangjiagang Citizen", "2025-11-30"),
    "320583": ("i昆山", "iKunshan", "2025-12-31"),
    "320585": ("太仓办", "Taicang Services", "2026-01-31"),
    "320612": ("通州政务", "Tongzhou Gov", "2026-01-31"),
    "320681": ("启东e办", "Qidong e-Service", "2026-02-28"),
    "320722": ("东海政务", "Donghai Gov", "2026-01-31"),
    "320812": ("清江浦办事", "Qingjiangpu Services", "2026-02-28"),
    "320981": ("东台市民通", "Dongtai Citizen Connect", "2026-01-31"),
    "321023": ("宝应政务", "Baoying Gov", "2026-02-28"),
    "321181": ("丹阳办事通", "Danyang Service Connect", "2025-12-31"),
    "321282": ("靖江政务", "Jingjiang Gov", "2026-01-31"),
    "321302": ("宿城通", "Sucheng Connect", "2026-01-31"),
    "321322": ("沭阳政务", "Shuyang Gov", "2025-12-31"),
    "321324": ("泗洪办事", "Sihong Services", "2026-02-28"),
}


def app_rows() -> list[tuple[dict, list[dict]]]:
    """Each app with 4-8 of the common functions, chosen the same way on every start."""
    rows = []
    for county_code, (name_zh, name_en, shut_down_on) in sorted(APPS.items()):
        chooser = random.Random(int(county_code))
        functions = chooser.sample(FUNCTIONS, chooser.randint(4, 8))
        app = {"county_code": county_code, "name_zh": name_zh, "name_en": name_en,
               "shut_down_on": dt.date.fromisoformat(shut_down_on)}
        rows.append((app, [{"name_zh": f[0], "name_en": f[1], "matter_code": f[2]} for f in functions]))
    return rows
