"""Citizen-scoped records and submissions, checked against the demo citizens of issue 3."""
from __future__ import annotations

import datetime as dt
import re

from govapi_support import assert_error

from govapi.seed import generated_logins

CASE_NUMBER = re.compile(r"^JS\d{8}\d{6}$")


def assert_receipt(response, matter_code: str, status: str = "submitted") -> dict:
    assert response.status_code == 201, response.text
    body = response.json()
    assert CASE_NUMBER.match(body["case_number"])
    dt.datetime.strptime(body["case_number"][2:10], "%Y%m%d")
    application = body["application"]
    assert application["case_number"] == body["case_number"] and application["matter_code"] == matter_code
    assert application["status"] == status and application["history"][0]["status"] == "submitted"
    assert application["matter_name_zh"] and application["matter_name_en"]
    return body


def test_profile_is_masked(login):
    citizen = login("wang").get("/v1/me").json()["citizen"]
    assert citizen["name_masked"] == "王*" and citizen["id_masked"] == "3203**********456X"
    assert citizen["phone_masked"] == "138****0003"
    assert citizen["city_name_en"] == "Xuzhou" and citizen["county_code"] == "320302"
    assert citizen["employment_status"] == "retired" and citizen["birth_year"] == 1958
    assert "32030219580215456X" not in str(citizen) and "13800000003" not in str(citizen)


def test_zhang_wei_has_eighteen_years_of_contributions(login):
    zhang = login("zhang")
    body = zhang.get("/v1/me/social-security/contributions", params={"months": 24}).json()
    summary = body["summary"]
    assert summary["total_months"] >= 18 * 12 and summary["years"] >= 18
    assert summary["first_month"] == "2007-07" and summary["employer_zh"] == "南京紫金软件有限公司"
    assert len(body["months"]) == 24
    months = [m["month"] for m in body["months"]]
    assert months == sorted(months, reverse=True)
    first = body["months"][0]
    assert first["pension"] > 0 and first["medical"] > 0 and first["base"] > first["pension"]
    assert len(zhang.get("/v1/me/social-security/contributions").json()["months"]) == 12
    assert_error(zhang.get("/v1/me/social-security/contributions", params={"months": 0}), 400, "invalid_field")
    assert_error(zhang.get("/v1/me/social-security/contributions", params={"months": "12; drop"}), 400,
                 "invalid_field")


def test_zhang_wei_medical_and_housing_fund(login):
    zhang = login("zhang")
    medical = zhang.get("/v1/me/medical/account", params={"limit": 20}).json()
    assert medical["account"]["balance"] > 0
    kinds = {t["kind"] for t in medical["transactions"]}
    assert "deposit" in kinds and kinds & {"outpatient", "pharmacy"}
    assert all(t["amount"] > 0 for t in medical["transactions"] if t["kind"] == "deposit")
    assert all(t["amount"] < 0 for t in medical["transactions"] if t["kind"] != "deposit")
    dates = [t["date"] for t in medical["transactions"]]
    assert dates == sorted(dates, reverse=True)
    housing = zhang.get("/v1/me/housing-fund").json()
    assert housing["account"]["balance"] > 100_000 and housing["account"]["status"] == "paying"
    assert housing["account"]["account_number_masked"].startswith("****")
    assert len(housing["contributions"]) == 12 and housing["contributions"][0]["amount"] > 0
    assert_error(zhang.get("/v1/me/pension"), 404, "no_account")


def test_li_na_case_and_card_workflow(login):
    li = login("li")
    cases = li.get("/v1/me/applications").json()["applications"]
    permit = [c for c in cases if c["matter_code"] == "residence_permit"]
    assert len(permit) == 1 and permit[0]["status"] == "in_review"
    detail = li.get(f"/v1/applications/{permit[0]['case_number']}").json()["application"]
    assert [h["status"] for h in detail["history"]] == ["submitted", "accepted", "in_review"]
    assert all(h["note_zh"] and h["note_en"] for h in detail["history"])

    assert li.get("/v1/me/social-security/card").json()["card"]["status"] == "lost"
    assert_error(li.post("/v1/me/social-security/card/loss"), 409, "card_not_active")
    replaced = li.post("/v1/me/social-security/card/replacement", json={"collect_county_code": "320583"})
    assert assert_receipt(replaced, "ss_card_replacement")["card"]["status"] == "replacing"
    assert_error(li.post("/v1/me/social-security/card/replacement"), 409, "card_not_lost")
    assert_error(li.post("/v1/me/social-security/card/replacement", json={"collect_county_code": "kunshan"}),
                 400, "invalid_field")


def test_card_loss_for_an_active_card(api):
    user = api.login(*generated_logins(200)[10])
    assert user.get("/v1/me/social-security/card").json()["card"]["status"] == "active"
    body = assert_receipt(user.post("/v1/me/social-security/card/loss"), "ss_card_loss", "completed")
    assert body["card"]["status"] == "lost"


def test_wang_fang_pension_and_certification(login):
    wang = login("wang")
    body = wang.get("/v1/me/pension").json()
    assert body["pension"]["monthly_amount"] == 3286.5 and body["pension"]["retired_on"] == "2013-03-01"
    assert len(body["payments"]) >= 11 and all(p["amount"] == 3286.5 for p in body["payments"])
    certified = wang.post("/v1/me/pension/certification")
    assert_receipt(certified, "pension_certification", "completed")
    until = dt.date.fromisoformat(certified.json()["pension"]["certified_until"])
    assert until >= dt.date.today() + dt.timedelta(days=360)
    assert_error(wang.post("/v1/me/housing-fund/withdrawals", json={"reason": "rent", "amount": 10}),
                 404, "no_account")


def test_chen_ming_unemployment_benefit(login):
    chen = login("chen")
    eligibility = chen.get("/v1/me/unemployment-benefit").json()
    assert eligibility["eligible"] is True and eligibility["reasons"] == []
    assert eligibility["contribution_months"] >= 60  # since mid-2021
    assert eligibility["months_entitled"] == 18  # 5 to 10 years of contributions
    assert eligibility["monthly_amount"] > 0 and eligibility["separated_on"]
    assert_error(chen.post("/v1/me/unemployment-benefit", json={"bank_card_last4": "12a4"}), 400, "invalid_field")
    assert_receipt(chen.post("/v1/me/unemployment-benefit", json={"bank_card_last4": "1234"}),
                   "unemployment_benefit")
    again = chen.get("/v1/me/unemployment-benefit").json()
    assert again["eligible"] is False and [r["code"] for r in again["reasons"]] == ["already_applied"]
    assert_error(chen.post("/v1/me/unemployment-benefit"), 409, "already_applied")


def test_employed_citizen_is_not_eligible(login):
    error = assert_error(login("zhang").post("/v1/me/unemployment-benefit"), 409, "not_eligible")
    assert [r["code"] for r in error["reasons"]] == ["not_unemployed"]


def test_housing_fund_withdrawals(api):
    users = (api.login(*credentials) for credentials in generated_logins(200)[20:60])
    user = next(u for u in users if u.get("/v1/me/housing-fund").status_code == 200)
    balance = user.get("/v1/me/housing-fund").json()["account"]["balance"]
    assert_error(user.post("/v1/me/housing-fund/withdrawals", json={"reason": "rent", "amount": balance + 1}),
                 409, "insufficient_balance")
    assert_error(user.post("/v1/me/housing-fund/withdrawals", json={"reason": "holiday", "amount": 10}),
                 400, "invalid_field")
    assert_error(user.post("/v1/me/housing-fund/withdrawals", json={"reason": "rent", "amount": -5}),
                 400, "invalid_field")
    for amount in (1.005, 0, 1e-300):
        assert_error(user.post("/v1/me/housing-fund/withdrawals", json={"reason": "rent", "amount": amount}),
                     400, "invalid_field")
    assert_error(user.post("/v1/me/housing-fund/withdrawals", json={"reason": "rent", "amount": "100"}),
                 400, "invalid_field")
    body = assert_receipt(user.post("/v1/me/housing-fund/withdrawals", json={"reason": "rent", "amount": 1500.5}),
                          "housing_fund_withdrawal_rent")
    assert body["application"]["details"] == {"reason": "rent", "amount": 1500.5}
    assert_error(user.post("/v1/me/housing-fund/withdrawals", json={"reason": "purchase", "amount": 10}),
                 409, "already_applied")
    listed = user.get("/v1/me/housing-fund/withdrawals").json()
    assert listed["total"] == 1 and listed["applications"][0]["case_number"] == body["case_number"]


def test_retirement_withdrawal_needs_retirement(login):
    assert_error(login("zhang").post("/v1/me/housing-fund/withdrawals", json={"reason": "retirement", "amount": 10}),
                 409, "not_eligible")


def test_medical_remote_filing_and_reimbursement(api):
    user = api.login(*generated_logins(200)[11])
    start = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    filing = user.post("/v1/me/medical/remote-filings",
                       json={"destination": "上海市", "reason": "long_term_residence", "start_date": start})
    assert_receipt(filing, "medical_remote_filing", "approved")
    assert user.get("/v1/me/medical/remote-filings").json()["total"] == 1
    assert_error(user.post("/v1/me/medical/remote-filings",
                           json={"destination": "上海市", "reason": "holiday", "start_date": start}),
                 400, "invalid_field")
    assert_error(user.post("/v1/me/medical/remote-filings",
                           json={"destination": "上海市", "reason": "referral", "start_date": "2030-01-01"}),
                 400, "invalid_field")
    assert_error(user.post("/v1/me/medical/remote-filings", json={"reason": "referral", "start_date": start}),
                 400, "missing_field")
    treated = (dt.date.today() - dt.timedelta(days=20)).isoformat()
    claim = user.post("/v1/me/medical/reimbursements",
                      json={"amount": 2380.4, "hospital": "上海市第六人民医院", "treatment_date": treated})
    assert assert_receipt(claim, "medical_reimbursement")["application"]["details"]["amount"] == 2380.4
    assert user.get("/v1/me/medical/reimbursements").json()["total"] == 1
    assert_error(user.post("/v1/me/medical/reimbursements",
                           json={"amount": 10, "hospital": "x", "treatment_date": "2999-01-01"}),
                 400, "invalid_field")


def test_social_security_transfer(api):
    user = api.login(*generated_logins(200)[12])
    body = assert_receipt(user.post("/v1/me/social-security/transfers",
                                    json={"from_region": "上海市", "to_city_code": "320500"}), "ss_transfer")
    assert body["application"]["details"] == {"from_region": "上海市", "to_city_code": "320500"}
    assert_error(user.post("/v1/me/social-security/transfers", json={"from_region": "浙江省"}), 409,
                 "already_applied")
    assert user.get("/v1/me/social-security/transfers").json()["total"] == 1
    other = api.login(*generated_logins(200)[13])
    assert_error(other.post("/v1/me/social-security/transfers", json={"from_region": "上海市",
                                                                       "to_city_code": "329999"}),
                 400, "invalid_field")
    assert_error(other.post("/v1/me/social-security/transfers", json={"from_region": ""}), 400, "invalid_field")


def test_generic_applications_and_their_workflow(api):
    user = api.login(*generated_logins(200)[14])
    newborn = user.post("/v1/me/applications", json={"matter_code": "newborn_registration",
                                                     "details": {"baby_name": "小明", "birth_date": "2026-11-01"}})
    case_number = assert_receipt(newborn, "newborn_registration")["case_number"]
    assert_error(user.post("/v1/me/applications", json={"matter_code": "newborn_registration",
                                                        "details": {"baby_name": "小明"}}),
                 400, "missing_field")
    assert_error(user.post("/v1/me/applications", json={"matter_code": "marriage_registration"}),
                 409, "matter_offline")
    dedicated = assert_error(user.post("/v1/me/applications", json={"matter_code": "ss_card_loss"}),
                             400, "invalid_field")
    assert dedicated["use"] == "/v1/me/social-security/card/loss"
    assert_error(user.post("/v1/me/applications", json={"matter_code": "no_such_matter"}), 404, "matter_not_found")
    assert_error(user.post("/v1/me/applications", json={"matter_code": "id_card_renewal", "details": ["a"]}),
                 400, "invalid_field")
    assert_error(user.post("/v1/me/applications", json={"matter_code": "id_card_renewal",
                                                        "details": {"collect_county_code": {"nested": 1}}}),
                 400, "invalid_field")
    for status in ("accepted", "in_review", "approved", "completed"):
        advanced = user.http.post(f"{api.base_url}/sandbox/applications/{case_number}/advance",
                                  json={"status": status})
        assert advanced.status_code == 200 and advanced.json()["application"]["status"] == status
    assert_error(user.http.post(f"{api.base_url}/sandbox/applications/{case_number}/advance",
                                json={"status": "rejected"}), 409, "invalid_transition")
    detail = user.get(f"/v1/applications/{case_number}").json()["application"]
    assert [h["status"] for h in detail["history"]] == ["submitted", "accepted", "in_review", "approved",
                                                       "completed"]
    listed = user.get("/v1/me/applications").json()
    assert listed["total"] == 1 and listed["applications"][0]["status"] == "completed"
    assert_error(user.get("/v1/applications/JS123"), 404, "not_found")


def test_case_numbers_are_unique_and_sequential(api):
    user = api.login(*generated_logins(200)[15])
    numbers = [user.post("/v1/me/applications", json={"matter_code": "marriage_record_certificate"})
               .json()["case_number"] for _ in range(3)]
    assert len(set(numbers)) == 3
    sequence = [int(n[-6:]) for n in numbers]
    assert sequence == sorted(sequence)


def test_complaints(api, login):
    anonymous = api.post("/v1/complaints", json={"category": "noise", "location": "玄武区珠江路",
                                                 "text": "夜间施工噪音扰民"})
    assert anonymous.status_code == 201
    order = anonymous.json()["work_order"]
    assert re.match(r"^GD\d{14}$", order["number"]) and order["department_zh"] == "生态环境局"
    assert order["department_en"] == "Ecology and Environment Bureau" and order["status"] == "received"
    zhang = login("zhang")
    filed = zhang.post("/v1/complaints", json={"category": "road", "location": "Zhongshan Road",
                                               "text": "There is a pothole"}).json()["work_order"]
    assert filed["department_en"] == "Transport Bureau"
    assert zhang.get(f"/v1/complaints/{filed['number']}").json()["work_order"]["text"] == "There is a pothole"
    assert_error(zhang.get(f"/v1/complaints/{order['number']}"), 404, "not_found")
    assert_error(api.get(f"/v1/complaints/{filed['number']}"), 403, "not_verified")
    assert_error(api.post("/v1/complaints", json={"category": "aliens", "location": "x", "text": "y"}),
                 400, "invalid_field")
    assert_error(api.post("/v1/complaints", json={"category": "noise", "location": "x", "text": "y" * 2001}),
                 400, "invalid_field")
    assert_error(api.post("/v1/complaints", json={"category": "noise", "location": "x", "text": "a\u0000b"}),
                 400, "invalid_field")
