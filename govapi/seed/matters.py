"""The matter catalogue (办事指南) of the sandbox: what each matter needs, costs and takes."""
from __future__ import annotations

from dataclasses import dataclass, field

DEEP_LINK = "https://sfb.jiangsu.gov.cn/m/{code}"
GENERIC = "/v1/me/applications"

DEPARTMENTS = {
    "social_security": ("人力资源和社会保障局", "Human Resources and Social Security Bureau"),
    "medical": ("医疗保障局", "Healthcare Security Administration"),
    "household": ("公安局", "Public Security Bureau"),
    "housing_fund": ("住房公积金管理中心", "Housing Provident Fund Management Centre"),
    "business": ("市场监督管理局", "Administration for Market Regulation"),
    "civil_affairs": ("民政局", "Civil Affairs Bureau"),
    "vehicles": ("公安局交通警察支队", "Traffic Police Detachment"),
}
CATEGORIES = tuple(DEPARTMENTS)

ID = ("居民身份证", "Resident ID card")
HUKOU = ("户口簿", "Household register booklet")
PHOTO = ("近期免冠证件照", "Recent passport-style photo")
BANK = ("本人银行卡", "Your own bank card")
RECEIPTS = ("医疗费用发票及清单", "Medical invoices and itemised bills")
DISCHARGE = ("出院小结", "Hospital discharge summary")
LEASE = ("房屋租赁合同", "Tenancy agreement")
PURCHASE = ("购房合同或不动产权证", "Purchase contract or property certificate")
BIRTH = ("出生医学证明", "Medical birth certificate")
MARRIAGE = ("结婚证", "Marriage certificate")
RESIDENCE = ("居住地址证明（租赁合同或房产证）", "Proof of address (lease or property certificate)")
ARTICLES = ("公司章程", "Articles of association")
PREMISES = ("经营场所证明", "Proof of business premises")
LICENCE = ("营业执照", "Business licence")
DRIVING = ("机动车驾驶证", "Driving licence")
HEALTH = ("驾驶人身体条件证明", "Driver's medical certificate")
VEHICLE = ("机动车来历证明及合格证", "Vehicle purchase invoice and conformity certificate")
INSURANCE = ("交强险保单", "Compulsory traffic insurance policy")
SEPARATION = ("解除劳动合同证明", "Proof of termination of employment")
DIAGNOSIS = ("病历及诊断证明", "Medical records and diagnosis")
INCOME = ("家庭收入情况说明", "Statement of household income")
DISABILITY = ("残疾人证", "Disability certificate")


@dataclass(frozen=True)
class MatterSpec:
    code: str
    category: str
    name_zh: str
    name_en: str
    fee_yuan: float
    time_limit_days: int
    online: bool
    materials: tuple
    api_path: str | None = None
    required_fields: tuple = field(default_factory=tuple)


M = MatterSpec
MATTERS: tuple[MatterSpec, ...] = (
    # social security
    M("ss_contribution_record", "social_security", "社保缴费记录查询", "Social insurance contribution record",
      0, 0, True, (ID,), "/v1/me/social-security/contributions"),
    M("ss_card_apply", "social_security", "社会保障卡申领", "Social security card application",
      0, 10, True, (ID, PHOTO), GENERIC, ("collect_county_code",)),
    M("ss_card_loss", "social_security", "社会保障卡挂失", "Report a lost social security card",
      0, 0, True, (ID,), "/v1/me/social-security/card/loss"),
    M("ss_card_replacement", "social_security", "社会保障卡补换", "Social security card replacement",
      0, 7, True, (ID, PHOTO), "/v1/me/social-security/card/replacement"),
    M("ss_card_activation", "social_security", "社会保障卡启用", "Activate a social security card",
      0, 0, False, (ID,)),
    M("ss_transfer", "social_security", "养老保险关系转移接续", "Transfer of pension insurance between regions",
      0, 15, True, (ID,), "/v1/me/social-security/transfers"),
    M("ss_flexible_enrollment", "social_security", "灵活就业人员参保登记",
      "Social insurance registration for flexible workers", 0, 1, True, (ID, BANK), GENERIC),
    M("pension_certification", "social_security", "养老金领取资格认证", "Annual pension eligibility certification",
      0, 0, True, (ID,), "/v1/me/pension/certification"),
    M("pension_payment_query", "social_security", "养老金发放查询", "Pension payment enquiry",
      0, 0, True, (ID,), "/v1/me/pension"),
    M("retirement_application", "social_security", "职工退休申请", "Retirement application",
      0, 20, False, (ID, HUKOU, PHOTO)),
    M("unemployment_benefit", "social_security", "失业保险金申领", "Unemployment benefit claim",
      0, 5, True, (ID, SEPARATION, BANK), "/v1/me/unemployment-benefit"),
    # medical insurance
    M("medical_account_query", "medical", "医保个人账户查询", "Medical insurance account enquiry",
      0, 0, True, (ID,), "/v1/me/medical/account"),
    M("medical_remote_filing", "medical", "异地就医备案", "Filing for medical treatment in another city or province",
      0, 1, True, (ID,), "/v1/me/medical/remote-filings"),
    M("medical_reimbursement", "medical", "医疗费用手工报销", "Reimbursement of medical expenses",
      0, 20, True, (ID, RECEIPTS, DISCHARGE, BANK), "/v1/me/medical/reimbursements"),
    M("medical_resident_enrollment", "medical", "城乡居民医保参保缴费",
      "Resident medical insurance enrolment and payment", 0, 0, True, (ID, HUKOU), GENERIC),
    M("medical_family_sharing", "medical", "职工医保个人账户家庭共济", "Family sharing of the employee medical account",
      0, 1, True, (ID, HUKOU), GENERIC, ("relative_id_number",)),
    M("medical_chronic_disease", "medical", "门诊慢特病待遇认定",
      "Recognition of chronic and special outpatient diseases", 0, 15, False, (ID, DIAGNOSIS)),
    # household registration and ID
    M("hukou_transfer", "household", "户口迁移", "Household registration (hukou) transfer",
      0, 10, True, (ID, HUKOU, RESIDENCE), GENERIC, ("to_county_code", "reason")),
    M("newborn_registration", "household", "新生儿出生登记", "Household registration of a newborn",
      0, 5, True, (BIRTH, HUKOU, MARRIAGE), GENERIC, ("baby_name", "birth_date")),
    M("id_card_renewal", "household", "居民身份证换领", "Resident ID card renewal",
      20, 20, True, (ID, PHOTO), GENERIC, ("collect_county_code",)),
    M("id_card_replacement", "household", "居民身份证补领", "Replacement of a lost resident ID card",
      20, 20, True, (HUKOU, PHOTO), GENERIC, ("collect_county_code",)),
    M("residence_permit", "household", "居住证申领", "Residence permit application",
      0, 15, True, (ID, PHOTO, RESIDENCE), GENERIC, ("county_code", "address")),
    M("residence_permit_endorsement", "household", "居住证签注", "Annual residence permit endorsement",
      0, 0, True, (ID, RESIDENCE), GENERIC),
    M("no_criminal_record", "household", "无犯罪记录证明", "Certificate of no criminal record",
      0, 3, True, (ID,), GENERIC, ("purpose",)),
    M("passport_application", "household", "普通护照签发", "Ordinary passport application",
      120, 7, False, (ID, PHOTO)),
    # housing fund
    M("housing_fund_query", "housing_fund", "住房公积金账户查询", "Housing fund account enquiry",
      0, 0, True, (ID,), "/v1/me/housing-fund"),
    M("housing_fund_withdrawal_rent", "housing_fund", "租房提取住房公积金", "Housing fund withdrawal for rent",
      0, 3, True, (ID, LEASE, BANK), "/v1/me/housing-fund/withdrawals"),
    M("housing_fund_withdrawal_purchase", "housing_fund", "购房提取住房公积金",
      "Housing fund withdrawal for a home purchase", 0, 5, True, (ID, PURCHASE, BANK),
      "/v1/me/housing-fund/withdrawals"),
    M("housing_fund_withdrawal_retirement", "housing_fund", "退休提取住房公积金",
      "Housing fund withdrawal on retirement", 0, 3, True, (ID, BANK), "/v1/me/housing-fund/withdrawals"),
    M("housing_fund_loan", "housing_fund", "住房公积金贷款", "Housing fund mortgage loan",
      0, 15, False, (ID, HUKOU, MARRIAGE, PURCHASE)),
    M("housing_fund_transfer", "housing_fund", "住房公积金异地转移接续", "Transfer of the housing fund between cities",
      0, 10, True, (ID,), GENERIC, ("from_city",)),
    # business registration
    M("business_sole_proprietor", "business", "个体工商户设立登记", "Registration of a sole proprietorship",
      0, 1, True, (ID, PREMISES), GENERIC, ("business_name", "business_scope")),
    M("business_company_registration", "business", "企业设立登记", "Company registration",
      0, 1, True, (ID, ARTICLES, PREMISES), GENERIC, ("company_name", "business_scope")),
    M("business_change_registration", "business", "企业变更登记", "Change of company registration",
      0, 1, True, (LICENCE, ARTICLES), GENERIC),
    M("business_deregistration", "business", "企业注销登记", "Company deregistration",
      0, 3, True, (LICENCE,), GENERIC),
    M("food_business_licence", "business", "食品经营许可", "Food business licence",
      0, 10, True, (LICENCE, PREMISES), GENERIC),
    # civil affairs
    M("marriage_registration", "civil_affairs", "结婚登记", "Marriage registration",
      0, 0, False, (ID, HUKOU, PHOTO)),
    M("divorce_registration", "civil_affairs", "离婚登记", "Divorce registration",
      0, 30, False, (ID, HUKOU, MARRIAGE, PHOTO)),
    M("marriage_record_certificate", "civil_affairs", "婚姻登记记录证明",
      "Certificate of marriage registration records", 0, 5, True, (ID,), GENERIC),
    M("elderly_allowance", "civil_affairs", "高龄津贴申领", "Old-age allowance",
      0, 20, True, (ID, HUKOU, BANK), GENERIC),
    M("disability_subsidy", "civil_affairs", "困难残疾人生活补贴", "Living subsidy for disabled people in need",
      0, 20, True, (ID, DISABILITY, BANK), GENERIC),
    M("minimum_living_allowance", "civil_affairs", "最低生活保障申请", "Minimum living allowance (dibao)",
      0, 30, True, (ID, HUKOU, INCOME), GENERIC),
    # vehicles and driving
    M("driving_licence_renewal", "vehicles", "驾驶证期满换证", "Driving licence renewal",
      10, 1, True, (ID, DRIVING, HEALTH, PHOTO), GENERIC),
    M("driving_licence_replacement", "vehicles", "驾驶证补领", "Replacement of a lost driving licence",
      10, 1, True, (ID, HEALTH, PHOTO), GENERIC),
    M("vehicle_registration", "vehicles", "机动车注册登记", "Motor vehicle registration",
      0, 1, False, (ID, VEHICLE, INSURANCE)),
    M("vehicle_inspection_exemption", "vehicles", "机动车免检标志申领", "Inspection-exempt sticker for a vehicle",
      0, 1, True, (ID, INSURANCE), GENERIC, ("plate_number",)),
    M("traffic_violation", "vehicles", "交通违法处理", "Handling a traffic violation",
      0, 0, True, (ID, DRIVING), GENERIC, ("plate_number",)),
)

BY_CODE = {m.code: m for m in MATTERS}
