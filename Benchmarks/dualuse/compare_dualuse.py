#!/usr/bin/env python3
"""Checks GridSettle's statements of the dual-use benchmark against the pandas peer's results.csv.

Usage: compare_dualuse.py DATA_DIR STATEMENTS_DIR [--symmetric]

DATA_DIR is the peer's data folder (meters.csv, awards.csv, results.csv written by pandas_dualuse.py);
STATEMENTS_DIR holds GridSettle's statement-<resource>-2026-01-01.json files. Every resource is compared on:

  award_hours      statement awardPeriodHours
  billed_kwh_*     sum of the retail-adjusted ENERGY-P* quantities
  energy_usd_*     sum of their exact amounts
  max15_kw_*       the retail-adjusted DEMAND-FACILITY quantity (15-minute maximum)
  rt_energy_mwh    the CAISO energy charge codes' quantities (CC6011, CC6460, CC6470, CC6475)
  rt_energy_usd    their exact amounts (payment to the resource +)

One difference is expected and named: the peer sums billed kWh with their sign, so an interval whose billed
energy is negative (net export after the add-back) lowers its energy charge at the full retail rate, while
GridSettle bills such an interval at zero (SCE TOU-8 has no export compensation). The script recomputes those
export intervals from meters.csv and awards.csv and checks that the peer's figure minus GridSettle's is exactly
the export energy (and its value at the interval's TOU rate) on each resource. Tolerance: 1e-6 on every figure
(the peer works in floating point; GridSettle in exact decimals).
Exit status 0 when every resource agrees, 1 otherwise.
"""
import csv
import json
import os
import sys
from datetime import datetime, timedelta, timezone

TOL = 1e-6
# SCE TOU-8 option D, January (the peer's README): weekday and weekend use the same periods
RATE = {"P0": 0.08973, "P1": 0.12331, "P2": 0.12428}


def period_of(ts_utc):
    local = ts_utc - timedelta(hours=8)  # PST all January
    h = local.hour
    if 8 <= h < 16:
        return "P0"
    if 16 <= h < 21:
        return "P2"
    return "P1"


def exports(data_dir, symmetric):
    """Per resource: (export kWh, export $ at the TOU rate) over intervals whose billed kWh is negative."""
    award = set()
    with open(os.path.join(data_dir, "awards.csv")) as f:
        next(f)
        for line in f:
            rid, hour, mw = line.rstrip("\n").split(",")
            if float(mw) != 0:
                award.add((rid, hour[:13]))
    out = {}
    with open(os.path.join(data_dir, "meters.csv")) as f:
        next(f)
        for line in f:
            rid, ts, m1, ch, dis = line.rstrip("\n").split(",")
            a = (rid, ts[:13]) in award
            billed = float(m1) + (float(dis) - (float(ch) if symmetric else 0.0) if a else 0.0)
            if billed < 0:
                t = datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
                kwh, usd = out.get(rid, (0.0, 0.0))
                out[rid] = (kwh + billed, usd + billed * RATE[period_of(t)])
    return out


def statement_figures(path):
    s = json.load(open(path))
    adj = [l for l in s["lines"] if l["section"] == "retail-adjusted"]
    energy = [l for l in adj if l["code"].startswith("ENERGY-P")]
    demand = [l for l in adj if l["code"] == "DEMAND-FACILITY"]
    rt = [l for l in s["lines"] if l["section"] == "caiso" and l["code"] in ("CC6011", "CC6460", "CC6470", "CC6475")]
    return {
        "award_hours": float(s["awardPeriodHours"]),
        "billed_kwh": sum(float(l["quantity"]) for l in energy),
        "energy_usd": sum(float(l["amountExact"]) for l in energy),
        "max15_kw": float(demand[0]["quantity"]) if demand else 0.0,
        "rt_energy_mwh": sum(float(l["quantity"]) for l in rt),
        "rt_energy_usd": sum(float(l["amountExact"]) for l in rt),
    }


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    symmetric = "--symmetric" in sys.argv
    if len(args) != 2:
        sys.exit(__doc__)
    data_dir, statements = args
    variant = "symmetric" if symmetric else "pilot"
    exp = exports(data_dir, symmetric)
    rows = list(csv.DictReader(open(os.path.join(data_dir, "results.csv"))))
    bad = 0
    with_exports = 0
    for r in rows:
        rid = r["resource_id"]
        path = os.path.join(statements, f"statement-{rid}-2026-01-01.json")
        if not os.path.exists(path):
            print(f"{rid}: no statement {path}")
            bad += 1
            continue
        g = statement_figures(path)
        ex_kwh, ex_usd = exp.get(rid, (0.0, 0.0))
        if ex_kwh != 0:
            with_exports += 1
        want = {
            "award_hours": float(r["award_hours"]),
            # the peer's signed sum, less the (negative) export energy GridSettle bills at zero
            "billed_kwh": float(r[f"billed_kwh_{variant}"]) - ex_kwh,
            "energy_usd": float(r[f"energy_usd_{variant}"]) - ex_usd,
            "max15_kw": float(r[f"max15_kw_{variant}"]),
            "rt_energy_mwh": float(r["rt_energy_mwh"]),
            "rt_energy_usd": float(r["rt_energy_usd"]),
        }
        for k, v in want.items():
            if abs(g[k] - v) > TOL * max(1.0, abs(v)):
                print(f"{rid} {k}: GridSettle {g[k]:.6f}, peer {v:.6f} (export adjustment {ex_kwh:.6f} kWh, {ex_usd:.6f} $)")
                bad += 1
    print(f"{len(rows)} resources ({variant}): {len(rows) * 6 - bad} of {len(rows) * 6} figures agree; "
          f"{with_exports} resource(s) have net-export intervals, billed at zero by GridSettle and credited by the peer")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
