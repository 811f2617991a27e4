#!/usr/bin/env python3
"""Writes the SYNTHETIC market-price fixtures used by Tests/GridSettleFormatsTests/MarketDataReaderTests.swift.

No redistributable real CAISO OASIS or PJM Data Miner 2 price file exists (research data_formats.md §2.6, §2.7,
§3.3), so these files follow the documented headers exactly (research §2.2 and §3.2/§3.3) and carry made-up,
deterministic values: every price is a simple formula of (node, hour) so tests can name the expected value.

    python3 scripts/make_market_fixtures.py            # rewrites both fixture folders
    python3 scripts/make_market_fixtures.py --check    # fails if the committed files differ

Standard library only (zoneinfo for the DST labels). Output is byte-for-byte reproducible (seeded shuffles,
LF line ends, trailing newline).
"""
import random
import sys
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent / "Tests" / "GridSettleFormatsTests" / "Fixtures"
PACIFIC = ZoneInfo("America/Los_Angeles")
EASTERN = ZoneInfo("America/New_York")
UTC = timezone.utc

files = {}


def emit(path, header, rows):
    text = ",".join(header) + "\n" + "".join(",".join(str(v) for v in r) + "\n" for r in rows)
    files[path] = text


def gmt(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S") + "-00:00"


def day_hours(day, tz):
    """UTC hour starts of a local day (23, 24 or 25)."""
    start = datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(UTC)
    nxt = (datetime(day.year, day.month, day.day, tzinfo=tz) + timedelta(days=1)).replace(tzinfo=tz).astimezone(UTC)
    out = []
    t = start
    while t < nxt:
        out.append(t)
        t += timedelta(hours=1)
    return out


def opr(t):
    """OASIS OPR_DT and hour-ending OPR_HR of the interval starting at UTC t (25 = repeated hour)."""
    local = t.astimezone(PACIFIC)
    he = 25 if local.fold == 1 and local.hour == 1 else local.hour + 1
    return local.strftime("%Y-%m-%d"), he, local


def money(d):
    s = format(d.normalize(), "f")
    return s


# ---------------------------------------------------------------------------------------------------------------
# CAISO OASIS
# ---------------------------------------------------------------------------------------------------------------
NODES = ["TH_NP15_GEN-APND", "DLAP_PGAE-APND"]
ITEMS = {"LMP": "LMP_PRC", "MCE": "LMP_ENE_PRC", "MCC": "LMP_CONG_PRC", "MCL": "LMP_LOSS_PRC", "MGHG": "LMP_GHG_PRC"}
PRC_LMP = "INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,OPR_HR,OPR_INTERVAL,NODE_ID_XML,NODE_ID,NODE,MARKET_RUN_ID,LMP_TYPE,XML_DATA_ITEM,PNODE_RESMRID,GRP_TYPE,POS,MW,GROUP".split(",")
PRC_INTVL_LMP = "INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,OPR_HR,NODE_ID_XML,NODE_ID,NODE,MARKET_RUN_ID,LMP_TYPE,XML_DATA_ITEM,PNODE_RESMRID,GRP_TYPE,POS,VALUE,OPR_INTERVAL,GROUP".split(",")
PRC_RTPD_LMP = "INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,OPR_HR,NODE_ID_XML,NODE_ID,NODE,MARKET_RUN_ID,LMP_TYPE,XML_DATA_ITEM,PNODE_RESMRID,GRP_TYPE,POS,PRC,OPR_INTERVAL,GROUP".split(",")
PRC_AS = "INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,OPR_HR,OPR_INTERVAL,OPR_TYPE,ANC_TYPE,ANC_REGION,MARKET_RUN_ID,XML_DATA_ITEM,MW,GROUP".split(",")
PRC_INTVL_AS = "INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,OPR_HR,OPR_TYPE,ANC_TYPE,XML_DATA_ITEM,MARKET_RUN_ID,MW,ANC_REGION,OPR_INTERVAL,GROUP".split(",")


def dam_lmp(n, d, i):
    """DA LMP of node n on fixture day d at hour index i (UTC order): 30 + 10n + d/100 + 1.5i + 0.00001(n+1)."""
    return Decimal(30) + 10 * n + Decimal(d) / 100 + Decimal("1.5") * i + Decimal("0.00001") * (n + 1)


def component(kind, lmp):
    return {"MCE": lmp - Decimal("2.5"), "MCC": Decimal("1.75"), "MCL": Decimal("0.75"), "MGHG": Decimal("0.125")}[kind]


def lmp_row(header, t, seconds, node, run_id, kind, value, interval=0):
    dt, he, _ = opr(t)
    values = {
        "INTERVALSTARTTIME_GMT": gmt(t), "INTERVALENDTIME_GMT": gmt(t + timedelta(seconds=seconds)), "OPR_DT": dt,
        "OPR_HR": he, "OPR_INTERVAL": interval, "NODE_ID_XML": node, "NODE_ID": node, "NODE": node, "MARKET_RUN_ID": run_id,
        "LMP_TYPE": kind, "XML_DATA_ITEM": ITEMS[kind], "PNODE_RESMRID": node, "GRP_TYPE": "ALL", "POS": 1,
        "MW": money(value), "PRC": money(value), "VALUE": money(value), "GROUP": 1,
    }
    return [values[c] for c in header]


def prc_lmp_day(name, day, d, components, shuffle_seed):
    rows = []
    hours = day_hours(day, PACIFIC)
    for n, node in enumerate(NODES):
        for i, t in enumerate(hours):
            lmp = dam_lmp(n, d, i)
            rows.append(lmp_row(PRC_LMP, t, 3600, node, "DAM", "LMP", lmp))
            he = opr(t)[1]
            for kind, (nodes, hes) in components.items():
                if n in nodes and he in hes:
                    rows.append(lmp_row(PRC_LMP, t, 3600, node, "DAM", kind, component(kind, lmp)))
    if shuffle_seed is not None:
        random.Random(shuffle_seed).shuffle(rows)
    else:
        # OASIS order: node by node (TH_NP15 first: not sorted), hours in OPR_HR order 1, 2, 25, 3 … 24
        rows.sort(key=lambda r: (NODES.index(r[7]), ["LMP", "MCE", "MCC", "MCL", "MGHG"].index(r[9])))
    emit(f"oasis/{name}", PRC_LMP, rows)


# normal day: MCE for HE1-4 both nodes (8), MCC HE1-3 (6), MCL HE1-2 (4), MGHG node 0 HE1 (1)
prc_lmp_day("PRC_LMP_DAM_20240115.csv", datetime(2024, 1, 15), 0,
            {"MCE": ({0, 1}, {1, 2, 3, 4}), "MCC": ({0, 1}, {1, 2, 3}), "MCL": ({0, 1}, {1, 2}), "MGHG": ({0}, {1})}, 20240115)
# spring-forward day: 23 hours, no OPR_HR 3; MCC for node 1 HE1-2
prc_lmp_day("PRC_LMP_DAM_20240310.csv", datetime(2024, 3, 10), 1, {"MCC": ({1}, {1, 2})}, 20240310)
# fall-back day: 25 hours with OPR_HR 25 between 2 and 3; MCE and MCL for node 0 at HE2 and HE25
prc_lmp_day("PRC_LMP_DAM_20241103.csv", datetime(2024, 11, 3), 2, {"MCE": ({0}, {2, 25}), "MCL": ({0}, {2, 25})}, None)


def fallback_slice(minutes):
    """Interval starts from 08:00Z to 10:00Z on 2024-11-03: Pacific 01:00 PDT (HE2) and 01:00 PST (HE25)."""
    t = datetime(2024, 11, 3, 8, tzinfo=UTC)
    out = []
    while t < datetime(2024, 11, 3, 10, tzinfo=UTC):
        out.append(t)
        t += timedelta(minutes=minutes)
    return out


# FMM: 40 + 5n + 0.25k (k = 15-minute index from 08:00Z) + 0.0001
rows = []
for n, node in enumerate(NODES):
    for k, t in enumerate(fallback_slice(15)):
        value = Decimal(40) + 5 * n + Decimal("0.25") * k + Decimal("0.0001")
        interval = t.astimezone(PACIFIC).minute // 15 + 1
        rows.append(lmp_row(PRC_RTPD_LMP, t, 900, node, "RTPD", "LMP", value, interval))
        if n == 0 and opr(t)[1] == 25:
            rows.append(lmp_row(PRC_RTPD_LMP, t, 900, node, "RTPD", "MCC", Decimal("-1.5"), interval))
random.Random(915).shuffle(rows)
emit("oasis/PRC_RTPD_LMP_20241103.csv", PRC_RTPD_LMP, rows)

# RTD: 50 + 0.05k + 0.000001 (k = 5-minute index from 08:00Z), node 0 only; k = 3 is negative to test the sign
rows = []
for k, t in enumerate(fallback_slice(5)):
    value = Decimal(50) + Decimal("0.05") * k + Decimal("0.000001")
    if k == 3:
        value = Decimal("-12.345678")
    interval = t.astimezone(PACIFIC).minute // 5 + 1
    rows.append(lmp_row(PRC_INTVL_LMP, t, 300, NODES[0], "RTM", "LMP", value, interval))
    if k in (0, 12):
        rows.append(lmp_row(PRC_INTVL_LMP, t, 300, NODES[0], "RTM", "MCE", value - 1, interval))
random.Random(5).shuffle(rows)
emit("oasis/PRC_INTVL_LMP_20241103.csv", PRC_INTVL_LMP, rows)

AS_ITEMS = {"RU": "RU_CLR_PRC", "RD": "RD_CLR_PRC", "RMU": "RMU_CLR_PRC", "RMD": "RMD_CLR_PRC", "SR": "SP_CLR_PRC", "NR": "NS_CLR_PRC"}
AS_BASE = {"RU": Decimal("8"), "RD": Decimal("6"), "RMU": Decimal("0.2"), "RMD": Decimal("0.1"), "SR": Decimal("4"), "NR": Decimal("1")}


def as_row(header, t, seconds, region, run_id, kind, value, interval=0):
    dt, he, _ = opr(t)
    values = {
        "INTERVALSTARTTIME_GMT": gmt(t), "INTERVALENDTIME_GMT": gmt(t + timedelta(seconds=seconds)), "OPR_DT": dt, "OPR_HR": he,
        "OPR_INTERVAL": interval, "OPR_TYPE": "PRC", "ANC_TYPE": kind, "ANC_REGION": region, "MARKET_RUN_ID": run_id,
        "XML_DATA_ITEM": AS_ITEMS[kind], "MW": money(value), "GROUP": 1,
    }
    return [values[c] for c in header]


# PRC_AS DAM: AS_CAISO_EXP HE1-4 all six types (value = base + h + 0.01), AS_SP26_EXP HE1 RU/RD (base + 0.5),
# HASP AS_CAISO_EXP HE1 RU/RD/SR (skipped by the reader)
rows = []
jan15 = day_hours(datetime(2024, 1, 15), PACIFIC)
for h in range(4):
    for kind in AS_ITEMS:
        rows.append(as_row(PRC_AS, jan15[h], 3600, "AS_CAISO_EXP", "DAM", kind, AS_BASE[kind] + h + Decimal("0.01")))
for kind in ("RU", "RD"):
    rows.append(as_row(PRC_AS, jan15[0], 3600, "AS_SP26_EXP", "DAM", kind, AS_BASE[kind] + Decimal("0.5")))
for kind in ("RU", "RD", "SR"):
    rows.append(as_row(PRC_AS, jan15[0], 3600, "AS_CAISO_EXP", "HASP", kind, AS_BASE[kind] + Decimal("0.99")))
random.Random(12).shuffle(rows)
emit("oasis/PRC_AS_DAM_20240115.csv", PRC_AS, rows)

# PRC_INTVL_AS RTM: AS_CAISO_EXP, 08:00-09:00Z (HE1), four 15-minute intervals × six types (base + 0.25k + 0.003)
rows = []
for k in range(4):
    t = jan15[0] + timedelta(minutes=15 * k)
    for kind in AS_ITEMS:
        rows.append(as_row(PRC_INTVL_AS, t, 900, "AS_CAISO_EXP", "RTM", kind, AS_BASE[kind] + Decimal("0.25") * k + Decimal("0.003"), k + 1))
random.Random(13).shuffle(rows)
emit("oasis/PRC_INTVL_AS_20240115.csv", PRC_INTVL_AS, rows)

# ---------------------------------------------------------------------------------------------------------------
# PJM Data Miner 2
# ---------------------------------------------------------------------------------------------------------------
PNODES = [(51288, "WESTERN HUB"), (34497127, "AEP-DAYTON HUB")]


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S")


def ui(t):
    """The Data Miner UI's CSV form, e.g. 11/3/2024 1:00:00 AM."""
    h = t.hour % 12 or 12
    return f"{t.month}/{t.day}/{t.year} {h}:{t.minute:02d}:{t.second:02d} {'AM' if t.hour < 12 else 'PM'}"


def naive(t):
    return t.replace(tzinfo=None)


def lmp_header(s):
    return ["datetime_beginning_utc", "datetime_beginning_ept", "pnode_id", "pnode_name", "voltage", "equipment", "type", "zone",
            f"system_energy_price_{s}", f"total_lmp_{s}", f"congestion_price_{s}", f"marginal_loss_price_{s}", "row_is_current", "version_nbr"]


def pjm_lmp_row(fmt, t, pnode, name, total, current="TRUE", version=1):
    energy = total - Decimal("1.25") - Decimal("0.5")
    return [fmt(naive(t)), fmt(naive(t.astimezone(EASTERN))), pnode, name, "", "", "HUB", "", money(energy), money(total),
            "1.25", "0.5", current, version]


def pjm_lmp_day(name, suffix, fmt, base, corrected, new_total):
    """2024-11-03 in Eastern time (25 hours; EPT 01:00 repeats): total = base + 20n + 2i + 0.0001(n+1)."""
    hours = day_hours(datetime(2024, 11, 3), EASTERN)
    rows = []
    for n, (pnode, pname) in enumerate(PNODES):
        for i, t in enumerate(hours):
            total = Decimal(base) + 20 * n + 2 * i + Decimal("0.0001") * (n + 1)
            if (n, i) == corrected:
                rows.append(pjm_lmp_row(fmt, t, pnode, pname, total, "FALSE", 1))
            else:
                rows.append(pjm_lmp_row(fmt, t, pnode, pname, total))
    n, i = corrected
    rows.append(pjm_lmp_row(fmt, hours[i], PNODES[n][0], PNODES[n][1], Decimal(new_total), "TRUE", 2))
    emit(f"pjm-dataminer/{name}", lmp_header(suffix), rows)


# DA: correction of WESTERN HUB at hour index 2 (06:00Z = 01:00 EST, the repeated EPT hour): v1 34.0001 → v2 99.5
pjm_lmp_day("da_hrl_lmps_20241103.csv", "da", iso, 30, (0, 2), "99.5")
# RT (UI time format): correction of AEP-DAYTON HUB at hour index 1 (05:00Z = 01:00 EDT): v1 47.0002 → v2 -3.25
pjm_lmp_day("rt_hrl_lmps_20241103.csv", "rt", ui, 25, (1, 1), "-3.25")

# RT five-minute: WESTERN HUB, 05:00Z-07:00Z (EPT 01:00 EDT and 01:00 EST): 60 + 0.1k + 0.000007
rows = []
t = datetime(2024, 11, 3, 5, tzinfo=UTC)
k = 0
while t < datetime(2024, 11, 3, 7, tzinfo=UTC):
    rows.append(pjm_lmp_row(iso, t, 51288, "WESTERN HUB", Decimal(60) + Decimal("0.1") * k + Decimal("0.000007")))
    t += timedelta(minutes=5)
    k += 1
emit("pjm-dataminer/rt_fivemin_hrl_lmps_20241103.csv", lmp_header("rt"), rows)

REG_TOTALS = ["total_pjm_rt_load_mwh", "total_pjm_loc_credit", "total_pjm_reg_purchases", "total_pjm_self_sched_reg",
              "total_pjm_assigned_reg", "total_pjm_rmccp_cr", "total_pjm_rmpcp_cr"]


def reg_bill(name, capability, performance, day, fmt):
    """rmccp = 10 + 0.5i + 0.000001, rmpcp = 1 + 0.125i (i = hour index of the Eastern day)."""
    rows = []
    for i, t in enumerate(day_hours(day, EASTERN)[:None if day.year == 2024 else 4]):
        rows.append([fmt(naive(t)), fmt(naive(t.astimezone(EASTERN))), money(Decimal(10) + Decimal("0.5") * i + Decimal("0.000001")),
                     money(Decimal(1) + Decimal("0.125") * i), 80000 + i, "1234.5", 600, 20, 580, "5000.25", "700.75"])
    emit(f"pjm-dataminer/{name}", ["datetime_beginning_utc", "datetime_beginning_ept", capability, performance] + REG_TOTALS, rows)


reg_bill("reg_zone_prelim_bill_20241103.csv", "rmccp", "rmpcp", datetime(2024, 11, 3), iso)
reg_bill("reg_zone_prelim_bill_new_names_20251001.csv", "capability_clearing_price", "performance_clearing_price", datetime(2025, 10, 1), ui)

# reg_market_results: 04:00Z-10:00Z on 2024-11-03 (covers both EPT 01:00 hours); mileage ratio = regd / rega
MILEAGE = [("0.7", "2.9"), ("0.8", "1.5"), ("2", "0.000001"), ("3.333333", "10"), ("1.25", "5.5"), ("0.9", "2.7")]
rows = []
for i, (rega, regd) in enumerate(MILEAGE):
    t = datetime(2024, 11, 3, 4 + i, tzinfo=UTC)
    rows.append([iso(naive(t)), 480, 320, 50, 30, 800, 800, 0, "0.91", rega, regd, 400, 400,
                 "FALSE" if i == 5 else "TRUE", iso(naive(t + timedelta(days=1)))])
emit("pjm-dataminer/reg_market_results_20241103.csv",
     "datetime_beginning_utc,rega_procure,regd_procure,rega_ssmw,regd_ssmw,requirement,total_mw,deficiency,rto_perfscore,rega_mileage,regd_mileage,rega_hourly,regd_hourly,is_approved,modified_datetime_utc".split(","),
     rows)

# ancillary_services (long format): 05:00Z and 06:00Z (EPT 01:00 twice)
rows = []
for i, hour in enumerate((5, 6)):
    t = datetime(2024, 11, 3, hour, tzinfo=UTC)
    for service, unit, value in (("RTO Regulation Capability", "Price", Decimal("12.5") + i),
                                 ("RTO Regulation Performance", "Price", Decimal("0.75") + i),
                                 ("RTO Mileage Ratio", "Ratio", Decimal("3.25") + i),
                                 ("RTO Synchronized Reserve", "Price", Decimal("2") + i),
                                 ("RTO Regulation Mileage", "Price", Decimal("0.5") + i)):
        rows.append([iso(naive(t)), iso(naive(t.astimezone(EASTERN))), service, unit, money(value), "TRUE", 1])
emit("pjm-dataminer/ancillary_services_20241103.csv",
     ["datetime_beginning_utc", "datetime_beginning_ept", "ancillary_service", "unit", "value", "row_is_current", "version_nbr"], rows)


def main():
    check = "--check" in sys.argv
    bad = []
    for rel, text in sorted(files.items()):
        path = ROOT / rel
        if check:
            if not path.exists() or path.read_text() != text:
                bad.append(rel)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            print(f"{rel}: {len(text.splitlines()) - 1} rows, {len(text.encode())} bytes")
    if bad:
        sys.exit("fixtures differ from the script: " + ", ".join(bad))


if __name__ == "__main__":
    main()
