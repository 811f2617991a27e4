#!/usr/bin/env python3
"""Golden retail bills from NREL PySAM Utilityrate5, the independent oracle for GridSettle's bill engine.

What it does
------------
For every *case* below, PySAM 7.x (`pip install nrel-pysam`, made with 7.1.1.post1) computes the 12 monthly
bills of one year. The year is 2018, a common year that starts on a Monday, because PySAM treats 1 January as
a Monday, has no DST and no holidays, and needs 8760 * steps-per-hour values. The results go to the golden
file Tests/GridSettleFormatsTests/Fixtures/pysam/golden-bills.json, which the Swift tests compare against.
How the file was made, and what PySAM does and does not model, is in the SOURCES.md next to it.

Modes
-----
    python3 scripts/pysam_oracle.py [--write]            run every case and (re)write the golden file
    python3 scripts/pysam_oracle.py --check [CASE_ID ...] re-run those cases (all if none are named) and
                                                          compare every field with the golden file; print a
                                                          diff and exit 1 on any difference, else print
                                                          "pysam oracle: N cases match" and exit 0
    python3 scripts/pysam_oracle.py --time [--runs N]     time execute() for sce-tou-8/load+battery/15min
                                                          (median and best of N runs, default 7, after one
                                                          warm-up); one execute() bills the year without
                                                          and with the system (24 monthly bills); prints
                                                          ms per execute() and bills/s, then one JSON line
    python3 scripts/pysam_oracle.py --write-profiles DIR  write the profiles as CSV (no PySAM needed)
    python3 scripts/pysam_oracle.py --list                print the case ids

Requirements: PySAM in the interpreter that runs the script (system python3 does not have it):
    python3 -m venv /tmp/pysam-venv && /tmp/pysam-venv/bin/pip install nrel-pysam==7.1.1.post1
    /tmp/pysam-venv/bin/python scripts/pysam_oracle.py --check
or `bash scripts/ci_pysam_oracle.sh`, which does the same in a throw-away venv. --write-profiles and --list
need only the standard library.

The golden file is written with sorted keys and indent 1 (short lists of numbers kept on one line), so
re-running --write gives identical bytes as long as the PySAM version does not change.

Profiles (integer arithmetic, so the Swift side reproduces them exactly)
------------------------------------------------------------------------
For s steps per hour (s = 1 or 4) and step k in 0 ..< 8760*s: hr = k // s, d = hr // 24 (day of the year
from 0; day 0 = Monday 1 January 2018), h = hr % 24, q = k % s.

    load_w(k)        = 400_000 + 20_000 * ((7*h + 11*d) % 17) + (250_000 if 11 <= h < 18 else 0)
                       + ((k * 2654435761 + 977 * q) % 1000003) % 40_000
    battery_w(k)     = -150_000 if h < 4 else (200_000 if (16 <= h < 21 and d % 7 < 5) else 0)
    load_jul300_w(k) = load_w(k) + (300_000 if 181 <= d < 212 else 0)      # +300 kW in all of July 2018

Values are integer watts; PySAM gets kW = W / 1000 per step (constant over the step). battery_w > 0 is
discharge (PySAM `gen`), < 0 is charging. The net load load_w - battery_w is never below 200 kW, so there
are never exports (checked at run time). Profile names used in the cases:

    load                  PySAM `load` = load_w, bill = the without-system bill (*_wo_sys_*)
    load+battery          PySAM `load` = load_w, `gen` = battery_w, bill = the with-system bill (*_w_sys_*),
                          i.e. the bill of the net load load_w - battery_w
    load-jul300           as `load`, with load_jul300_w
    load-jul300+battery   as `load+battery`, with load_jul300_w

--write-profiles DIR writes load-1h.csv, battery-1h.csv, load-15min.csv, battery-15min.csv (and the same for
load-jul300): header `interval_start,kwh`, one row per step, interval_start in ISO 8601 with a fixed -08:00
offset (every day has 24 hours, as in PySAM), kwh = kW * step hours, exact, without trailing zeros
(battery kwh > 0 = discharge).

Cases (id = <tariff-id>/<profile>/<1h|15min>)
---------------------------------------------
* The four real URDB fixtures in Fixtures/urdb/ (sce-tou-8, ladwp-a-3, coned-sc-9, sce-tou-ev-9) x {load,
  load+battery} x {1h, 15min}, fed through URDBv8_to_ElectricityRates(copy.deepcopy(item)) unchanged. Two of
  them have dgrules "Net Metering" (ur_metering_option 0); the others get 0 too (the helper's default).
  With these profiles there is nothing to export, and option 0 and option 2 (net billing) give identical
  bills for all four fixtures (checked when this file was made).
* Synthetic tariffs in Fixtures/urdb-synthetic/ (see the SOURCES.md there), same profiles and resolutions:
  - synthetic-tiered: 2 energy tiers (kWh), 2 TOU demand tiers, 2 flat demand tiers, $/day fixed charge,
    a monthly minimum charge that never binds;
  - synthetic-tiered-minbind: the same with a minimum charge that binds in February, April and November;
  - synthetic-daily-tier: energy tiers in "kWh daily";
  - synthetic-lookback: a flat demand ratchet (80 % of the previous 11 months, minimum billing demand
    1009 kW, no history before 2018), profiles load-jul300 and load-jul300+battery;
  - synthetic-lookback-history: the same with year-zero (2017) peaks: 1000 kW in every month but
    October 2017, which had 1290 kW.
  The billing-demand inputs are built by hand (the helper's lookback mapping is wrong: it never counts
  the current month at 100 % and ignores lookbackmonths); they are recorded in the case's "pysam_inputs".

PySAM's bill rules in brief (verified; the precise statement is in Fixtures/pysam/SOURCES.md)
--------------------------------------------------------------------------------------------
* Energy tiers (metering option 0/1): the month's total net kWh T is tiered on the cumulative limits (which
  must be the same in every period of the month); period p gets the share E_p / T of every tier's kWh and
  pays its own tier rates. "kWh daily" limits are max x days in the calendar month.
* Demand tiers: each TOU period's monthly peak (per-step kW) is tiered on its own absolute kW limits (PySAM
  still requires equal limits across the month's periods); flat demand tiers apply to the billing demand.
* Fixed charge: $/month as is, $/day x 365/12, $/year / 12, the same every month.
* Minimum: minimum line = max(0, monthly minimum - (energy + TOU demand + flat demand + fixed)).
* Billing demand: BD[m] = max(minimum, pct x peaks of months m-L..m, pct x year-zero peaks of previous-year
  months 11-L+m..11, the actual peak of m if column 2 of row m is 1); pct is that of the month whose peak is
  looked back at; the flat charge (and any TOU period flagged in ur_dc_billing_demand_periods) is billed on
  BD[m]; the peaks are those of the flagged TOU periods.

PySAM settings for every case: analysis_period 1, inflation_rate 0, rate_escalation [0], load_escalation
[0], degradation [0], system_use_lifetime_output 0, execute(0). The helper output is assigned as is, then
the case's pysam_inputs on top.

Golden JSON
-----------
{"generator", "pysam_version", "year": 2018, "profiles": {name: formula}, "pysam_settings": {...},
 "cases": [{"id", "tariff" (path relative to Tests/GridSettleFormatsTests/Fixtures), "profile",
            "steps_per_hour", "pysam_inputs" (ur_* set by hand), "pysam_rates" (the scalar ur_* values
            PySAM got: helper output plus pysam_inputs, e.g. the $/day fixed charge x 365/12), "year_total",
            "months": [{"month" (1-12), "energy", "demand_tou", "demand_flat", "fixed", "minimum", "total",
                        "peak_kw", "tou_peak_kw", "energy_kwh_by_period" | "energy_kwh_by_period_tier",
                        "billing_demand_kw"}]}]}
Amounts are strings with exactly 2 decimals, PySAM's double rounded to the cent (PySAM never rounds
internally, so a sum of line items rounded one by one may differ from these by a cent). The sources:
energy = charge_X_sys_ec_ym, demand_tou = charge_X_sys_dc_tou_ym, demand_flat = charge_X_sys_dc_fixed_ym,
fixed = charge_X_sys_fixed_ym, minimum = charge_X_sys_minimum_ym (a real PySAM output), total =
utility_bill_X_sys_ym, year_total = the sum of the 12 unrounded totals; X = wo for the `load` profiles and w
for the `+battery` ones. Extra keys, to help reproduce the numbers: peak_kw = the month's highest per-step kW
(year1_monthly_peak_X_system), tou_peak_kw = [[period (0-based), kW]] for the TOU demand periods the month's
schedules use (monthly_tou_demand_peak_X_sys; only for tariffs with TOU demand charges),
energy_kwh_by_period = [[period, kWh]] for single-tier tariffs or energy_kwh_by_period_tier = [[period, tier
(both 0-based), kWh]] for tiered ones (energy_X_sys_ec_<mon>_tp), billing_demand_kw (billing_demand_X_sys_ym;
lookback cases only). kW and kWh are strings with 3 decimals.
"""
import argparse
import copy
import datetime as dt
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, ".."))
FIXTURES = os.path.join(REPO, "Tests", "GridSettleFormatsTests", "Fixtures")
GOLDEN = os.path.join(FIXTURES, "pysam", "golden-bills.json")
YEAR = 2018
MONTH_ABBR = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
RESOLUTIONS = (("1h", 1), ("15min", 4))

# ---------------------------------------------------------------------------------------------------------
# Profiles: integer watts per step. Keep the formula texts in sync with the functions (they go in the file).

PROFILE_FORMULAS = {
    "steps": "s = steps per hour (1 or 4); k = step 0 ..< 8760*s; hr = k // s; d = hr // 24 (day of year from 0, "
             "day 0 = Monday 2018-01-01); h = hr % 24; q = k % s; // and % are floor division and modulo on "
             "non-negative integers; values are integer watts, PySAM gets W / 1000 kW per step",
    "load": "load_w(k) = 400_000 + 20_000 * ((7*h + 11*d) % 17) + (250_000 if 11 <= h < 18 else 0) "
            "+ ((k * 2654435761 + 977 * q) % 1000003) % 40_000",
    "battery": "battery_w(k) = -150_000 if h < 4 else (200_000 if (16 <= h < 21 and d % 7 < 5) else 0)   "
               "# > 0 = discharge (PySAM gen), < 0 = charging",
    "load-jul300": "load_jul300_w(k) = load_w(k) + (300_000 if 181 <= d < 212 else 0)   # +300 kW in July 2018",
    "load+battery": "net load load_w(k) - battery_w(k) (PySAM load = load_w, gen = battery_w; with-system bill)",
    "load-jul300+battery": "net load load_jul300_w(k) - battery_w(k) (PySAM load = load_jul300_w, "
                           "gen = battery_w; with-system bill)",
}


def load_w(k, s):
    hr = k // s
    d, h, q = hr // 24, hr % 24, k % s
    return (400_000 + 20_000 * ((7 * h + 11 * d) % 17) + (250_000 if 11 <= h < 18 else 0)
            + ((k * 2654435761 + 977 * q) % 1000003) % 40_000)


def battery_w(k, s):
    hr = k // s
    d, h = hr // 24, hr % 24
    return -150_000 if h < 4 else (200_000 if (16 <= h < 21 and d % 7 < 5) else 0)


def load_jul300_w(k, s):
    d = (k // s) // 24
    return load_w(k, s) + (300_000 if 181 <= d < 212 else 0)


LOADS = {"load": load_w, "load-jul300": load_jul300_w}


def profile_watts(fn, s):
    return [fn(k, s) for k in range(8760 * s)]


# ---------------------------------------------------------------------------------------------------------
# Tariffs and cases

REAL = [  # (tariff id, path relative to Fixtures)
    ("sce-tou-8", "urdb/sce-tou-8-option-d-under-2kv.json"),
    ("ladwp-a-3", "urdb/ladwp-a-3.json"),
    ("coned-sc-9", "urdb/coned-sc-9-zone-j-nyc.json"),
    ("sce-tou-ev-9", "urdb/sce-tou-ev-9-below-2kv.json"),
]

# Billing demand (SAM "ur_billing_demand_*"), built by hand. Column 0 of the percentages is the ratchet
# percentage of the month whose peak is looked back at; column 1 = 1 makes the current month's actual peak
# count at 100 %. Period 1 is the single all-hours TOU demand period the helper adds when a tariff has no
# demandratestructure, so its monthly peak is the month's flat peak.
LOOKBACK_INPUTS = {
    "ur_enable_billing_demand": 1,
    "ur_billing_demand_lookback_period": 11,
    "ur_billing_demand_lookback_percentages": [[80, 1]] * 12,
    "ur_dc_billing_demand_periods": [[1, 1]],
    "ur_billing_demand_minimum": 1009,
    "ur_yearzero_usage_peaks": [0] * 12,
}
LOOKBACK_HISTORY_INPUTS = dict(LOOKBACK_INPUTS,
                               ur_yearzero_usage_peaks=[1000] * 9 + [1290] + [1000] * 2)

SYNTHETIC = [  # (tariff id, path, load profile, hand-set PySAM inputs)
    ("synthetic-tiered", "urdb-synthetic/synthetic-tiered.json", "load", {}),
    ("synthetic-tiered-minbind", "urdb-synthetic/synthetic-tiered-minbind.json", "load", {}),
    ("synthetic-daily-tier", "urdb-synthetic/synthetic-daily-tier.json", "load", {}),
    ("synthetic-lookback", "urdb-synthetic/synthetic-lookback.json", "load-jul300", LOOKBACK_INPUTS),
    ("synthetic-lookback-history", "urdb-synthetic/synthetic-lookback.json", "load-jul300",
     LOOKBACK_HISTORY_INPUTS),
]

# URDB fields the helper would turn into (wrong) billing-demand inputs; removed before calling it.
LOOKBACK_FIELDS = ("lookbackpercent", "lookbackrange", "lookbackmonths")


def runs():
    """One PySAM run per (tariff, load profile, resolution); each yields two cases (wo and w system)."""
    out = []
    for tid, path in REAL:
        for res, s in RESOLUTIONS:
            out.append(dict(tariff_id=tid, path=path, load="load", res=res, s=s, inputs={}))
    for tid, path, load, inputs in SYNTHETIC:
        for res, s in RESOLUTIONS:
            out.append(dict(tariff_id=tid, path=path, load=load, res=res, s=s, inputs=inputs))
    for r in out:
        r["cases"] = {f"{r['tariff_id']}/{r['load']}/{r['res']}": "wo",
                      f"{r['tariff_id']}/{r['load']}+battery/{r['res']}": "w"}
    return out


def all_case_ids():
    return [cid for r in runs() for cid in r["cases"]]


# ---------------------------------------------------------------------------------------------------------
# PySAM

def pysam_modules():
    try:
        import PySAM
        import PySAM.Utilityrate5 as ur5
        from PySAM.UtilityRateTools import URDBv8_to_ElectricityRates
    except ImportError:
        sys.exit("pysam oracle: PySAM is not installed (pip install nrel-pysam==7.1.1.post1)")
    return PySAM, ur5, URDBv8_to_ElectricityRates


PYSAM_SETTINGS = {
    "analysis_period": 1, "inflation_rate": 0, "system_use_lifetime_output": 0, "rate_escalation": [0],
    "load_escalation": [0], "degradation": [0], "execute": "execute(0)",
    "ElectricityRates": "URDBv8_to_ElectricityRates(copy.deepcopy(item)) (lookback fields removed first), "
                        "then the case's pysam_inputs",
}


def load_item(path):
    with open(os.path.join(FIXTURES, path)) as f:
        return json.load(f)["items"][0]


def electricity_rates(item, inputs):
    _, _, to_rates = pysam_modules()
    item = copy.deepcopy(item)  # the helper adds 1 to the schedules in place
    for k in LOOKBACK_FIELDS:
        item.pop(k, None)
    rates = to_rates(item)
    rates.update(copy.deepcopy(inputs))
    return rates


def new_model(rates, load_kw, gen_kw):
    _, ur5, _ = pysam_modules()
    m = ur5.new()
    m.ElectricityRates.assign(rates)
    m.ElectricityRates.rate_escalation = [0]
    m.Lifetime.assign({"analysis_period": 1, "inflation_rate": 0, "system_use_lifetime_output": 0})
    m.SystemOutput.assign({"gen": gen_kw, "degradation": [0]})
    m.Load.assign({"load": load_kw, "load_escalation": [0]})
    return m


def usd(x):
    s = f"{x:.2f}"
    return "0.00" if s == "-0.00" else s


def kw3(x):
    s = f"{x:.3f}"
    return "0.000" if s == "-0.000" else s


def months_in_schedule(item, prefix, m):
    """0-based periods used in month m (0-11) by the weekday and weekend schedules."""
    return sorted(set(item[prefix + "weekdayschedule"][m]) | set(item[prefix + "weekendschedule"][m]))


def execute_run(run):
    """Run PySAM once; return {case id: case dict}."""
    item = load_item(run["path"])
    s = run["s"]
    load = profile_watts(LOADS[run["load"]], s)
    batt = profile_watts(battery_w, s)
    net_min = min(a - b for a, b in zip(load, batt))
    if net_min < 0:
        sys.exit(f"pysam oracle: {run['load']} - battery goes negative ({net_min} W): exports would need net metering")
    rates = electricity_rates(item, run["inputs"])
    m = new_model(rates, [w / 1000 for w in load], [w / 1000 for w in batt])
    m.execute(0)
    o = m.Outputs.export()

    tiered = any(len(p) > 1 for p in item["energyratestructure"])
    has_tou_demand = "demandratestructure" in item
    lookback = bool(run["inputs"].get("ur_enable_billing_demand"))
    scalars = {k: v for k, v in sorted(rates.items())
               if k.startswith("ur_") and isinstance(v, (int, float)) and not isinstance(v, bool)}

    cases = {}
    for cid, x in run["cases"].items():
        peaks = o[f"year1_monthly_peak_{x}_system"]
        months = []
        for mi in range(12):
            mo = {
                "month": mi + 1,
                "energy": usd(o[f"charge_{x}_sys_ec_ym"][1][mi]),
                "demand_tou": usd(o[f"charge_{x}_sys_dc_tou_ym"][1][mi]),
                "demand_flat": usd(o[f"charge_{x}_sys_dc_fixed_ym"][1][mi]),
                "fixed": usd(o[f"charge_{x}_sys_fixed_ym"][1][mi]),
                "minimum": usd(o[f"charge_{x}_sys_minimum_ym"][1][mi]),
                "total": usd(o[f"utility_bill_{x}_sys_ym"][1][mi]),
                "peak_kw": kw3(peaks[mi]),
            }
            # period x tier kWh: row 0 = tier numbers, column 0 = period numbers (both 1-based), last row and
            # last column = totals
            tp = o[f"energy_{x}_sys_ec_{MONTH_ABBR[mi]}_tp"]
            tiers = [int(t) for t in tp[0][1:-1]]
            cells = []
            for row in tp[1:-1]:
                for ti, t in enumerate(tiers):
                    cells.append([int(row[0]) - 1, t - 1, kw3(row[1 + ti])])
            if tiered:
                mo["energy_kwh_by_period_tier"] = cells
            else:
                mo["energy_kwh_by_period"] = [[p, v] for p, _, v in cells]
            if has_tou_demand:
                tou = o[f"monthly_tou_demand_peak_{x}_sys"]
                cols = [int(p) for p in tou[0]]
                mo["tou_peak_kw"] = [[p, kw3(tou[1 + mi][cols.index(p + 1)])]
                                     for p in months_in_schedule(item, "demand", mi)]
            if lookback:
                mo["billing_demand_kw"] = kw3(o[f"billing_demand_{x}_sys_ym"][1][mi])
            months.append(mo)
        cases[cid] = {
            "id": cid,
            "tariff": run["path"],
            "profile": cid.split("/")[1],
            "steps_per_hour": s,
            "pysam_inputs": copy.deepcopy(run["inputs"]),
            "pysam_rates": scalars,
            "months": months,
            "year_total": usd(sum(o[f"utility_bill_{x}_sys_ym"][1][:12])),
        }
    return cases


def compute(case_ids=None):
    wanted = set(case_ids) if case_ids else None
    out = {}
    for run in runs():
        if wanted is None or wanted & set(run["cases"]):
            for cid, case in execute_run(run).items():
                if wanted is None or cid in wanted:
                    out[cid] = case
    return out


def golden_document(cases):
    PySAM, _, _ = pysam_modules()
    order = all_case_ids()
    return {
        "generator": "scripts/pysam_oracle.py",
        "pysam_version": PySAM.__version__,
        "year": YEAR,
        "profiles": PROFILE_FORMULAS,
        "pysam_settings": PYSAM_SETTINGS,
        "cases": [cases[c] for c in order],
    }


def dump(doc):
    """JSON with sorted keys and indent 1, except that lists holding only scalars or lists of scalars (the
    [period, tier, kWh] cells, schedules of inputs) stay on one line. Deterministic: same doc, same bytes."""
    def leaf(v):
        return not isinstance(v, (dict, list))

    def flat(v):
        return isinstance(v, list) and all(leaf(x) or (isinstance(x, list) and all(leaf(y) for y in x)) for x in v)

    def enc(v, ind):
        pad, pad1 = " " * ind, " " * (ind + 1)
        if isinstance(v, dict):
            if not v:
                return "{}"
            items = [f"{pad1}{json.dumps(k)}: {enc(v[k], ind + 1)}" for k in sorted(v)]
            return "{\n" + ",\n".join(items) + "\n" + pad + "}"
        if isinstance(v, list) and v and not flat(v):
            return "[\n" + ",\n".join(pad1 + enc(x, ind + 1) for x in v) + "\n" + pad + "]"
        return json.dumps(v, ensure_ascii=False, separators=(", ", ": "))

    return enc(doc, 0) + "\n"


# ---------------------------------------------------------------------------------------------------------
# Modes

def cmd_write():
    doc = golden_document(compute())
    os.makedirs(os.path.dirname(GOLDEN), exist_ok=True)
    with open(GOLDEN, "w") as f:
        f.write(dump(doc))
    print(f"pysam oracle: wrote {len(doc['cases'])} cases to {os.path.relpath(GOLDEN, REPO)} "
          f"(PySAM {doc['pysam_version']})")


def diff(path, old, new, lines):
    if isinstance(old, dict) and isinstance(new, dict):
        for k in sorted(set(old) | set(new)):
            if k not in old:
                lines.append(f"  {path}.{k}: missing in golden, now {json.dumps(new[k])}")
            elif k not in new:
                lines.append(f"  {path}.{k}: golden {json.dumps(old[k])}, now missing")
            else:
                diff(f"{path}.{k}", old[k], new[k], lines)
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new)):
            diff(f"{path}[{i}]", a, b, lines)
    elif old != new:
        lines.append(f"  {path}: golden {json.dumps(old)}, now {json.dumps(new)}")


def cmd_check(case_ids):
    PySAM, _, _ = pysam_modules()
    with open(GOLDEN) as f:
        golden = json.load(f)
    by_id = {c["id"]: c for c in golden["cases"]}
    ids = case_ids or [c["id"] for c in golden["cases"]]
    unknown = [c for c in ids if c not in by_id]
    if unknown:
        print("pysam oracle: not in the golden file: " + ", ".join(unknown))
        print("known ids:\n  " + "\n  ".join(by_id))
        return 1
    if golden.get("pysam_version") != PySAM.__version__:
        print(f"pysam oracle: note: golden made with PySAM {golden.get('pysam_version')}, running {PySAM.__version__}")
    now = compute(ids)
    lines = []
    for cid in ids:
        case_lines = []
        diff(cid, by_id[cid], now[cid], case_lines)
        if case_lines:
            lines.append(f"{cid}: {len(case_lines)} difference(s)")
            lines.extend(case_lines)
    if lines:
        print("\n".join(lines))
        print(f"pysam oracle: MISMATCH in {sum(1 for l in lines if not l.startswith('  '))} of {len(ids)} cases")
        return 1
    print(f"pysam oracle: {len(ids)} cases match")
    return 0


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def cmd_time(runs_timed=7):
    PySAM, _, _ = pysam_modules()
    cid = "sce-tou-8/load+battery/15min"
    s = 4
    item = load_item("urdb/sce-tou-8-option-d-under-2kv.json")
    rates = electricity_rates(item, {})
    load = [w / 1000 for w in profile_watts(load_w, s)]
    gen = [w / 1000 for w in profile_watts(battery_w, s)]
    times = []
    for i in range(runs_timed + 1):  # run 0 is the warm-up
        m = new_model(rates, load, gen)  # a fresh model each time; only execute() is timed
        t0 = time.perf_counter()
        m.execute(0)
        t = (time.perf_counter() - t0) * 1000
        if i > 0:
            times.append(t)
    ms = statistics.median(times)
    # One execute() bills the year twice: without the system (load) and with it (load - battery), i.e. 24
    # monthly bills; Benchmarks/bill-vs-pysam.sh sets it against GridSettle billing the same two years.
    print(f"PySAM {PySAM.__version__} Utilityrate5 execute(), {cid} ({8760 * s} steps), median of {runs_timed} "
          f"after a warm-up: {ms:.2f} ms per execute() (the year without and with the system, 24 monthly bills), "
          f"{24000 / ms:.0f} monthly bills/s; runs {', '.join(f'{t:.2f}' for t in times)} ms; CPU {cpu_model()}")
    print(json.dumps({"pysam_ms_per_execute": round(ms, 3), "pysam_ms_best": round(min(times), 3), "pysam_monthly_bills_per_s": round(24000 / ms, 1),
                      "runs_ms": [round(t, 3) for t in times], "case": cid, "steps": 8760 * s,
                      "pysam_version": PySAM.__version__, "cpu": cpu_model()}, sort_keys=True))
    return 0


def kwh_text(w, s):
    """Exact kWh of w watts over 1/s hour, without trailing zeros: kWh * 1e6 = w * 1000 / s (an integer)."""
    micro = w * 1000 // s
    assert micro * s == w * 1000
    sign = "-" if micro < 0 else ""
    whole, frac = divmod(abs(micro), 1_000_000)
    frac_text = f"{frac:06d}".rstrip("0")
    return f"{sign}{whole}" + (f".{frac_text}" if frac_text else "")


def cmd_write_profiles(directory):
    os.makedirs(directory, exist_ok=True)
    start = dt.datetime(YEAR, 1, 1)
    written = []
    for res, s in RESOLUTIONS:
        step = dt.timedelta(minutes=60 // s)
        stamps = [(start + k * step).strftime("%Y-%m-%dT%H:%M:%S") + "-08:00" for k in range(8760 * s)]
        for name, fn in (("load", load_w), ("battery", battery_w), ("load-jul300", load_jul300_w)):
            path = os.path.join(directory, f"{name}-{res}.csv")
            with open(path, "w", newline="") as f:
                f.write("interval_start,kwh\n")
                f.writelines(f"{t},{kwh_text(fn(k, s), s)}\n" for k, t in enumerate(stamps))
            written.append(path)
    print("pysam oracle: wrote " + ", ".join(written))
    return 0


def main():
    ap = argparse.ArgumentParser(description="PySAM Utilityrate5 golden bills (see the module docstring).")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--write", action="store_true", help="run all cases and write the golden file (default)")
    g.add_argument("--check", nargs="*", metavar="CASE_ID", help="compare cases (all if none) with the golden file")
    g.add_argument("--time", action="store_true", help="time execute() for sce-tou-8/load+battery/15min")
    g.add_argument("--write-profiles", metavar="DIR", help="write the profiles as CSV files into DIR")
    g.add_argument("--list", action="store_true", help="print the case ids")
    ap.add_argument("--runs", type=int, default=7, help="with --time: execute() calls timed after the warm-up")
    a = ap.parse_args()
    if a.check is not None:
        return cmd_check(a.check)
    if a.time:
        return cmd_time(a.runs)
    if a.write_profiles:
        return cmd_write_profiles(a.write_profiles)
    if a.list:
        print("\n".join(all_case_ids()))
        return 0
    cmd_write()
    return 0


if __name__ == "__main__":
    sys.exit(main())
