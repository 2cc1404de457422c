"""A one-programme project as a manager types it from the template (issue 21's case): partners in
Slovenia and Austria, missions to Japan and Canada, a partners' meeting in Ljubljana, budget
lines whose cost categories carry the grant agreement's own words ("External services").

`write(folder)` writes its CSV files; `load_small(tmp_path)` loads them into a database.
"""

from __future__ import annotations

from pathlib import Path

from etl.load import load

TABLES = {
    "programmes": [
        "programme_id,name,funding_programme,start_date,end_date,budget_eur,eu_contribution_eur",
        "SIJP,Slovenia Japan Canada Link,Interreg,2024-01-01,2025-12-31,10000.00,8000.00",
    ],
    "partners": [
        "partner_id,programme_id,name,country,city,type,role,latitude,longitude",
        "SIJP-P1,SIJP,Ljubljana Cluster,SI,Ljubljana,cluster,lead,46.0569,14.5058",
        "SIJP-P2,SIJP,Graz Agency,AT,Graz,support_organisation,partner,47.0707,15.4395",
        # a town the gazetteer does not know: placed at Austria's centre, listed on the Data page
        "SIJP-P3,SIJP,Alpine Lab,AT,Xqzberg,research,partner,,",
    ],
    "missions": [
        "mission_id,programme_id,title,type,format,start_date,end_date,city,country,"
        "latitude,longitude,organiser,partners,sectors",
        "SIJP-M1,SIJP,Mission to Tokyo,business,in_person,2024-10-14,2024-10-18,Tokyo,JP,"
        "35.6762,139.6503,SIJP-P1,SIJP-P1;SIJP-P2,ict",
        "SIJP-M2,SIJP,Mission to Toronto,business,in_person,2025-03-10,2025-03-12,Toronto,CA,"
        "43.6532,-79.3832,SIJP-P2,SIJP-P2,ict",
        "SIJP-M3,SIJP,Partners meeting,partner_meeting,in_person,2024-06-05,,Ljubljana,SI,"
        "46.0569,14.5058,SIJP-P1,SIJP-P1;SIJP-P2,ict",
    ],
    "contacts": [
        "contact_id,mission_id,organisation,org_type,country,sector,meeting_type,date,outcome",
        "SIJP-C1,SIJP-M1,Tokyo Tech Park,company,JP,ict,b2b,2024-10-15,follow_up",
        "SIJP-C2,SIJP-M1,Osaka Robotics,sme,JP,ict,b2b,2024-10-16,mou",
        "SIJP-C3,SIJP-M2,Toronto Hub,cluster,CA,ict,c2c,2025-03-11,follow_up",
        "SIJP-C4,SIJP-M3,Vienna Cluster,cluster,AT,ict,c2c,2024-06-05,none",
    ],
    "budget": [
        "programme_id,partner_id,work_package,category,amount_eur",
        "SIJP,SIJP-P1,WP1,Staff,4000.00",
        "SIJP,SIJP-P1,WP2,External services,2500.00",
        "SIJP,SIJP-P2,WP2,Travel,2000.00",
        "SIJP,SIJP-P2,WP1,Office and administration,1500.00",
    ],
    "expenses": [
        "expense_id,programme_id,partner_id,work_package,category,date,amount_eur,description",
        "SIJP-E1,SIJP,SIJP-P1,WP1,Staff,2024-03-31,1000.10,Staff Q1",
        "SIJP-E2,SIJP,SIJP-P1,WP2,External services,2024-09-30,800.45,Market study",
        "SIJP-E3,SIJP,SIJP-P2,WP2,Travel,2024-10-14,612.30,Flights to Tokyo",
        "SIJP-E4,SIJP,SIJP-P2,WP1,Office and administration,2024-12-31,225.00,Flat rate",
    ],
    "targets": [
        "programme_id,indicator,target,actual,unit,due_date,code",
        "SIJP,countries,2,,countries,2025-12-31,",
        "SIJP,contacts,10,,contacts,2025-12-31,",
    ],
}

NAMES = {"SI": "Slovenia", "JP": "Japan", "AT": "Austria", "CA": "Canada"}


def write(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for table, lines in TABLES.items():
        (folder / f"{table}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def load_small(tmp_path: Path) -> Path:
    db = tmp_path / "small.duckdb"
    load(write(tmp_path / "small-input"), db)
    return db
