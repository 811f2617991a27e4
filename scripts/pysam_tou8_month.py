#!/usr/bin/env python3
"""Cross-check of the GridSettle retail bill engine against NREL PySAM Utilityrate5 (PySAM 7.x).

Bills SCE TOU-8 Option D (URDB label 674e0b87201c6bd096007a5a) for an hourly load in 2018, a common year
that starts on a Monday, because PySAM treats 1 January as a Monday, has no holidays and no DST. The
Swift side (Tests/GridSettleFormatsTests/URDBReaderTests.swift, "PySAM cross-check") reproduces the same
load in a fixed UTC-8 zone with an empty holiday set and a 60-minute demand window, and asserts the
numbers this script prints.

    pip install nrel-pysam
    python3 scripts/pysam_tou8_month.py [path/to/sce-tou-8-option-d-under-2kv.json]

The load (kW, constant over each hour, so kWh per hour = kW), with d = day of the year from 0 (0 = Monday
1 January 2018) and h = local standard hour 0..23:

    load(d, h) = 500 + 20 * ((7 * h + 11 * d) % 17) + (200 if d % 7 == 2 and h == 17 else 0)

The extra 200 kW lands on Wednesdays at 17:00, inside the summer weekday on-peak demand window.
"""
import copy
import json
import os
import sys

import PySAM
import PySAM.Utilityrate5 as ur5
from PySAM.UtilityRateTools import URDBv8_to_ElectricityRates

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, "..", "Tests", "GridSettleFormatsTests", "Fixtures", "urdb",
                       "sce-tou-8-option-d-under-2kv.json")


def load_kw(d, h):
    return 500 + 20 * ((7 * h + 11 * d) % 17) + (200 if d % 7 == 2 and h == 17 else 0)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT
    urdb = json.load(open(path))["items"][0]
    rates = URDBv8_to_ElectricityRates(copy.deepcopy(urdb))  # the helper mutates its argument

    load = [float(load_kw(k // 24, k % 24)) for k in range(8760)]
    m = ur5.new()
    m.ElectricityRates.assign(rates)
    m.ElectricityRates.rate_escalation = [0]
    m.Lifetime.assign({"analysis_period": 1, "inflation_rate": 0, "system_use_lifetime_output": 0})
    m.SystemOutput.assign({"gen": [0.0] * 8760, "degradation": [0]})
    m.Load.assign({"load": load, "load_escalation": [0]})
    m.execute(0)
    o = m.Outputs

    print(f"PySAM {PySAM.__version__}, tariff {urdb['label']} ({urdb['name']})")
    for mi, name in ((0, "jan"), (6, "jul")):
        print(f"month {mi + 1}: energy {o.charge_wo_sys_ec_ym[1][mi]:.2f} "
              f"dcTOU {o.charge_wo_sys_dc_tou_ym[1][mi]:.2f} dcFlat {o.charge_wo_sys_dc_fixed_ym[1][mi]:.2f} "
              f"fixed {o.charge_wo_sys_fixed_ym[1][mi]:.2f} total {o.utility_bill_wo_sys_ym[1][mi]:.2f}")
        # period x tier matrices: row 0 = tier numbers, column 0 = period numbers (1-based), last row = totals
        kwh = getattr(o, f"energy_wo_sys_ec_{name}_tp")
        usd = getattr(o, f"charge_wo_sys_ec_{name}_tp")
        for rk, rc in zip(kwh[1:-1], usd[1:-1]):
            print(f"   energy period {int(rk[0]) - 1} (0-based): {rk[1]:.3f} kWh  ${rc[1]:.2f}")
    peaks = o.monthly_tou_demand_peak_wo_sys if hasattr(o, "monthly_tou_demand_peak_wo_sys") else None
    if peaks is not None:
        print("monthly_tou_demand_peak_wo_sys:", peaks)
    print("year1_monthly_peak_wo_system (kW):", [round(x, 3) for x in o.year1_monthly_peak_wo_system])


if __name__ == "__main__":
    main()
