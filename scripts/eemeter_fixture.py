#!/usr/bin/env python3
"""EE-1 baseline fixture from the eemeter sample `il-electricity-cdd-hdd-hourly`, with an independent reference.

What it does
------------
1. Reads the raw sample CSVs shipped in the PyPI package `eemeter` (hourly kWh and hourly degF, Illinois,
   *simulated* data), keeps the local (America/Chicago) dates 2016-05-01 .. 2016-07-31 and writes them in
   GridSettle's dataset format (docs/dataset-format.md 4.1) to Tests/GridSettleEndToEndTests/Fixtures/eemeter/:
       readings.csv     meter IL-EE-1, UTC interval starts with Z, 60 min, kWh exactly as in the sample
       temperature.csv  interval_start,temperature_f (UTC Z), degF exactly as in the sample
       expected.json    reference baselines (see below)
       SOURCES.md       provenance, licence, time conversion, how to regenerate
   Values are copied as text (never through a float), so no float noise is possible. The rows are also
   cross-checked against the package's own loader `load_sample` (same UTC instants, same values).
2. Reference computation, exact (fractions.Fraction), written from the research note
   shared/research/baselines.md 2.2 (CAISO 10-in-10 + LPA), 3 (PJM High 4 of 5 + SAA) and 4 (NYISO window),
   independent of the Swift engine. Event EE-1: Wed 2016-07-20, hours 14-17 local, holiday 2016-07-04, no
   prior events. The same code runs the synthetic WE-1 table of the note's 10.1 (variants A, B, C, PJM,
   NYISO). Every figure the note prints for 10.1 and 10.2 is compared, rounded to the note's own decimals.

Modes (run from anywhere; paths are relative to the repository root)
-----
    python scripts/eemeter_fixture.py [--write]   write the four files, print the comparison with the note
    python scripts/eemeter_fixture.py --check     regenerate in memory; exit 1 if a file differs or a
                                                  figure disagrees with the note, else exit 0
    python scripts/eemeter_fixture.py --reference print the reference results only (writes nothing)

Requirements: eemeter in the interpreter that runs the script (made with eemeter 4.1.1 and pandas 3.1.1, which
SOURCES.md names, so --check needs that pandas too; pandas 3 no longer pulls in pytz, which eemeter imports, so
install it too):
    python3 -m venv /tmp/eemeter-venv && /tmp/eemeter-venv/bin/pip install eemeter==4.1.1 pandas==3.1.1 pytz
    /tmp/eemeter-venv/bin/python scripts/eemeter_fixture.py --check

Numbers in expected.json are strings: every value with 6 decimals, rounded half away from zero (the
engine's rule), and in the parallel "*_exact" fields the exact rational as "p/q" (or an integer / finite
decimal when exact). kW = kWh for hourly data.
"""
import argparse
import csv
import gzip
import hashlib
import io
import json
import re
import sys
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "GridSettleEndToEndTests" / "Fixtures" / "eemeter"
SAMPLE = "il-electricity-cdd-hdd-hourly"
METER_ID = "IL-EE-1"
TZ = ZoneInfo("America/Chicago")
FIRST_DAY, LAST_DAY = date(2016, 5, 1), date(2016, 7, 31)
NUMBER = re.compile(r"^-?\d+(\.\d{1,6})?$")

# ----------------------------------------------------------------------------------------------------------
# 1. The sample


def parse_sample_csv(raw: bytes, time_col: str, value_col: str):
    """Rows (utc, local, text) from a gzipped sample CSV. Timestamps carry their UTC offset; check that it is
    America/Chicago's offset at that local time, and that the series is hourly without gaps."""
    text = gzip.decompress(raw).decode("utf-8")
    rows = []
    for rec in csv.DictReader(io.StringIO(text, newline="")):
        local = datetime.fromisoformat(rec[time_col])
        if local.tzinfo is None:
            raise SystemExit(f"timestamp without offset: {rec[time_col]}")
        utc = local.astimezone(timezone.utc)
        if utc.astimezone(TZ).replace(tzinfo=None) != local.replace(tzinfo=None):
            raise SystemExit(f"offset is not America/Chicago's: {rec[time_col]}")
        value = rec[value_col].strip()
        if value.lower() in ("", "nan"):
            value = None
        elif not NUMBER.match(value):
            raise SystemExit(f"value not a plain decimal with <= 6 decimals: {value!r} at {rec[time_col]}")
        rows.append((utc, local, value))
    for a, b in zip(rows, rows[1:]):
        if b[0] - a[0] != timedelta(hours=1):
            raise SystemExit(f"not hourly without gaps: {a[1].isoformat()} -> {b[1].isoformat()}")
    return rows


def daily_check(pkg, meter):
    """Evidence for interval-beginning labels: the package's daily sample vs sums of 24 (23/25) hourly rows,
    grouped by the hourly rows' own local date (shift 0) or by the date of the row one hour earlier/later."""
    raw = gzip.decompress(pkg.joinpath("il-electricity-cdd-hdd-daily.csv.gz").read_bytes()).decode()
    daily = {datetime.fromisoformat(r["start"]).date(): Decimal(r["value"])
             for r in csv.DictReader(io.StringIO(raw, newline="")) if r["value"].lower() != "nan"}
    out = {}
    for shift in (0, 1):
        sums, counts = {}, {}
        for i, (_, local, _) in enumerate(meter):
            j = i + shift
            if j < len(meter) and meter[j][2] is not None:
                sums[local.date()] = sums.get(local.date(), 0) + Decimal(meter[j][2])
                counts[local.date()] = counts.get(local.date(), 0) + 1
        diffs = [abs(sums[d] - v) for d, v in daily.items() if counts.get(d, 0) >= 23]
        out[f"daily_shift{shift}"] = (len(diffs), max(diffs), sum(diffs) / len(diffs))
    return out


def load_sample_rows():
    import importlib.metadata
    import importlib.resources

    from eemeter.eemeter.samples.load import load_sample

    pkg = importlib.resources.files("eemeter.eemeter.samples")
    meta = json.loads(pkg.joinpath("metadata.json").read_bytes())[SAMPLE]
    files = {}
    for key in ("meter_data_filename", "temperature_filename"):
        name = meta[key]
        raw = pkg.joinpath(name).read_bytes()
        files[key] = (name, raw, hashlib.sha256(raw).hexdigest())
    meter = parse_sample_csv(files["meter_data_filename"][1], "start", "value")
    temp = parse_sample_csv(files["temperature_filename"][1], "dt", "tempF")

    # Cross-check with the package's loader (tz-aware UTC DatetimeIndex, float64 values).
    meter_df, temp_series, _ = load_sample(SAMPLE)
    for rows, series in ((meter, meter_df["value"]), (temp, temp_series)):
        if len(rows) != len(series):
            raise SystemExit(f"loader has {len(series)} rows, raw CSV {len(rows)}")
        for (utc, _, text), (ts, v) in zip(rows, series.items()):
            same_value = (v != v) if text is None else float(Decimal(text)) == v
            if ts.to_pydatetime() != utc or not same_value:
                raise SystemExit(f"loader disagrees with raw CSV at {utc}: {ts} {v} vs {text}")
    info = {
        **daily_check(pkg, meter),
        "version": importlib.metadata.version("eemeter"),
        "pandas": importlib.metadata.version("pandas"),
        "license": importlib.metadata.metadata("eemeter").get("License"),
        "meter_file": files["meter_data_filename"][0],
        "meter_sha256": files["meter_data_filename"][2],
        "temp_file": files["temperature_filename"][0],
        "temp_sha256": files["temperature_filename"][2],
        "rows_total": len(meter),
        "first_local": meter[0][1].isoformat(),
        "last_local": meter[-1][1].isoformat(),
        "unit": meta.get("unit"),
    }
    return meter, temp, info


def in_span(rows):
    return [r for r in rows if FIRST_DAY <= r[1].date() <= LAST_DAY]


def z(utc: datetime) -> str:
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ")


def readings_csv(meter) -> str:
    lines = ["meter_id,interval_start,interval_minutes,delivered_kwh,received_kwh,quality"]
    for utc, _, v in meter:
        if v is not None and v.startswith("-"):
            raise SystemExit(f"negative kWh at {utc}: {v}")
        lines.append(f"{METER_ID},{z(utc)},60,{v},0,A" if v is not None else f"{METER_ID},{z(utc)},60,,,M")
    return "\n".join(lines) + "\n"


def temperature_csv(temp) -> str:
    return "\n".join(["interval_start,temperature_f"] + [f"{z(u)},{'' if v is None else v}" for u, _, v in temp]) + "\n"


# ----------------------------------------------------------------------------------------------------------
# 2. Reference baselines (exact). load: {local date: {local clock hour: Fraction kW or None}}

D = timedelta(days=1)


def mean(xs):
    xs = list(xs)
    return sum(xs, Fraction(0)) / len(xs)


def complete(load, d):
    return d in load and len(load[d]) >= 23 and all(v is not None for v in load[d].values())


def weekday_ok(load, d, holidays, events, outages=()):
    return d.weekday() < 5 and d not in holidays and d not in events and d not in outages and complete(load, d)


def ev_mean(load, d, hours):
    return mean(load[d][h] for h in hours)


def caiso_10in10(load, E, hours, holidays, events, outages=(), lookback=45, n=10, n_min=5, cap=Fraction(1, 5)):
    """Note 2.2: 10 most recent eligible weekdays in E-45..E-1, mean per hour, LPA = ratio over the three
    hours [s-4h, s-1h) of actual to baseline, clamped to 1 +- cap, multiplicative."""
    days = [E - k * D for k in range(1, lookback + 1) if weekday_ok(load, E - k * D, holidays, events, outages)][:n]
    s = hours[0]
    lpa_hours = [s - 4, s - 3, s - 2]
    res = {"days": days, "lpa_hours": lpa_hours, "sufficient": len(days) >= n_min}
    if not res["sufficient"]:
        return res
    base = {h: mean(load[d][h] for d in days) for h in sorted(load[days[0]])}
    act_m, base_m = mean(load[E][h] for h in lpa_hours), mean(base[h] for h in lpa_hours)
    raw = act_m / base_m if base_m != 0 else Fraction(1)
    ratio = min(max(raw, 1 - cap), 1 + cap)
    adj = {h: base[h] * ratio for h in hours}
    red = {h: adj[h] - load[E][h] for h in hours}
    res.update(baseline=base, lpa_actual_mean=act_m, lpa_baseline_mean=base_m, ratio_raw=raw, ratio=ratio,
               adjusted=adj, reduction_by_hour=red, reduction_kwh=sum(red.values(), Fraction(0)))
    return res


def pjm_high4of5(load, E, hours, holidays, events, lookback=45, low=Fraction(1, 4)):
    """Note 3: the 5 most recent eligible weekdays (E-45..E-1; low-usage days, whose event-period mean is
    below 25 % of the 5 days' average event-period mean, are replaced, repeated until stable); keep the 4
    with the highest event-period mean (ties: the more recent); SAA = mean actual - mean CBL over the three
    hours ending 1 h before the event start; additive, uncapped."""
    eligible = [E - k * D for k in range(1, lookback + 1) if weekday_ok(load, E - k * D, holidays, events)]
    low_days = set()
    while True:
        window = [d for d in eligible if d not in low_days][:5]
        avg = mean(ev_mean(load, d, hours) for d in window)
        new = {d for d in window if ev_mean(load, d, hours) < low * avg}
        if not new:
            break
        low_days |= new
    ranked = sorted(window, key=lambda d: (-ev_mean(load, d, hours), -d.toordinal()))
    kept, dropped = ranked[:4], ranked[4:]
    s = hours[0]
    saa_hours = [s - 4, s - 3, s - 2]
    cbl = {h: mean(load[d][h] for d in kept) for h in sorted(load[kept[0]])}
    act_m, cbl_m = mean(load[E][h] for h in saa_hours), mean(cbl[h] for h in saa_hours)
    saa = act_m - cbl_m
    adj = {h: cbl[h] + saa for h in hours}
    red = {h: adj[h] - load[E][h] for h in hours}
    return dict(window=window, window_event_means={d: ev_mean(load, d, hours) for d in window},
                low_usage_excluded=sorted(low_days, reverse=True), days=kept, dropped=dropped,
                saa_hours=saa_hours, baseline=cbl, saa_actual_mean=act_m, saa_baseline_mean=cbl_m, saa=saa,
                adjusted=adj, reduction_by_hour=red, reduction_kwh=sum(red.values(), Fraction(0)))


def nyiso_window(load, E, hours, holidays, events, days_back=30, n=10, keep=5, cap=Fraction(1, 5),
                 seed_days="weekdays"):
    """Note 4: seed = peak hourly load in the event hours over the days E-30..E-1; which days count is open:
    seed_days "weekdays" = eligible weekdays (not holiday/event; the note's 10.2 figure 11.96 needs this),
    "all" = every day with data (EE-1: 11.98 on Sat 2016-06-25). threshold = 25 % of the seed. Window = the 10 most recent weekdays from E-2 back to E-30 (the day before is
    skipped) that are not holidays, event days or low-usage days (event-window mean < threshold). With 10
    days: basis = top 5 by event-window mean, CBL, weather factor over the 2 hours [s-4h, s-2h), ratio
    clamped to 1 +- cap. With fewer than 10 days the rule is open [U]: only the window is reported."""
    past = [E - k * D for k in range(1, days_back + 1) if E - k * D in load
            and (seed_days == "all" or weekday_ok(load, E - k * D, holidays, events))]
    seed_day, seed_hour = max(((d, h) for d in past for h in hours if load[d].get(h) is not None),
                              key=lambda dh: (load[dh[0]][dh[1]], dh[0].toordinal()))
    seed = load[seed_day][seed_hour]
    threshold = seed / 4
    window, low_days = [], []
    for k in range(2, days_back + 1):
        d = E - k * D
        if not weekday_ok(load, d, holidays, events):
            continue
        if ev_mean(load, d, hours) < threshold:
            low_days.append(d)
            continue
        window.append(d)
        if len(window) == n:
            break
    res = dict(seed_days=seed_days, seed=seed, seed_day=seed_day, seed_hour=seed_hour, threshold=threshold, window=window,
               low_usage_excluded=low_days, sufficient=len(window) == n)
    if not res["sufficient"]:
        return res
    basis = sorted(window, key=lambda d: (-ev_mean(load, d, hours), -d.toordinal()))[:keep]
    s = hours[0]
    adj_hours = [s - 4, s - 3]
    cbl = {h: mean(load[d][h] for d in basis) for h in sorted(load[basis[0]])}
    act_m, cbl_m = mean(load[E][h] for h in adj_hours), mean(cbl[h] for h in adj_hours)
    raw = act_m / cbl_m
    factor = min(max(raw, 1 - cap), 1 + cap)
    adj = {h: cbl[h] * factor for h in hours}
    red = {h: adj[h] - load[E][h] for h in hours}
    res.update(days=basis, adj_hours=adj_hours, baseline=cbl, factor_raw=raw, factor=factor, adjusted=adj,
               reduction_by_hour=red, reduction_kwh=sum(red.values(), Fraction(0)))
    return res


def run_all(load, E, hours, holidays, events):
    return {"caiso": caiso_10in10(load, E, hours, holidays, events),
            "pjm": pjm_high4of5(load, E, hours, holidays, events),
            "nyiso": nyiso_window(load, E, hours, holidays, events),
            "nyiso_seed_all_days": nyiso_window(load, E, hours, holidays, events, seed_days="all")}


# ---- WE-1 (note 10.1), built exactly as described

WE1_ROWS = {  # date: (h10, h11, h12, h13, h14, h15)
    **{date(2024, 6, d): (100, 105, 110, 110, 120, 120) for d in (18, 19, 20, 21)},
    date(2024, 6, 24): (90, 95, 100, 100, 110, 110), date(2024, 6, 25): (95, 100, 105, 105, 115, 115),
    date(2024, 6, 26): (100, 105, 110, 110, 120, 120), date(2024, 6, 27): (125, 130, 135, 135, 145, 145),
    date(2024, 6, 28): (130, 135, 140, 140, 150, 150), date(2024, 7, 1): (85, 90, 95, 95, 105, 105),
    date(2024, 7, 2): (100, 105, 110, 110, 120, 120), date(2024, 7, 3): (115, 120, 125, 125, 135, 135),
    date(2024, 7, 4): (40, 45, 50, 50, 60, 60), date(2024, 7, 5): (95, 100, 105, 105, 115, 115),
    date(2024, 7, 9): (105, 110, 115, 115, 125, 125), date(2024, 7, 10): (60, 65, 70, 70, 80, 80),
    date(2024, 7, 11): (120, 125, 130, 130, 140, 140), date(2024, 7, 12): (90, 95, 100, 100, 110, 110),
    date(2024, 7, 15): (110, 115, 120, 120, 130, 130), date(2024, 7, 16): (100, 105, 110, 110, 120, 120),
    date(2024, 7, 17): (130, 135, 140, 100, 60, 60),
}
WE1_E, WE1_HOURS = date(2024, 7, 17), [14, 15]
WE1_HOLIDAYS, WE1_EVENTS = {date(2024, 7, 4)}, {date(2024, 7, 10)}


def we1_load(first=date(2024, 6, 18)):
    load, d = {}, first
    while d <= WE1_E:
        if d == date(2024, 7, 8):
            load[d] = {h: Fraction(10) for h in range(24)}             # plant shutdown, 10 kW all day
        elif d.weekday() >= 5:
            load[d] = {h: Fraction(30) for h in range(24)}             # weekends flat 30 kW
        else:
            row = WE1_ROWS[d]                                            # every weekday in the span is listed
            load[d] = {h: Fraction(row[h - 10] if 10 <= h <= 15 else 50) for h in range(24)}
        d += D
    return load


# ----------------------------------------------------------------------------------------------------------
# 3. Formatting, expected.json, comparison with the note


def dec(x: Fraction, places=6) -> str:
    """x with `places` decimals, rounded half away from zero, computed exactly with integers."""
    scale = 10 ** places
    n, r = divmod(abs(x.numerator) * scale, x.denominator)
    if 2 * r >= x.denominator:
        n += 1
    s = f"{n // scale}.{n % scale:0{places}d}" if places else str(n)
    return ("-" if x < 0 and n != 0 else "") + s


def exact(x: Fraction) -> str:
    d = x.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    if d != 1:
        return f"{x.numerator}/{x.denominator}"
    out = Decimal(x.numerator) / Decimal(x.denominator)
    return format(out.normalize(), "f") if out != 0 else "0"


def hours_map(m, hours=None, fmt=dec):
    return {str(h): fmt(m[h]) for h in (hours if hours is not None else sorted(m))}


def iso(ds):
    return [d.isoformat() for d in ds]


def method_json(r, report_hours, scalars):
    out = {}
    for key in ("baseline", "adjusted", "reduction_by_hour"):
        hrs = report_hours if key == "baseline" else None
        out[f"{key}_kw" if key != "reduction_by_hour" else "reduction_kwh_by_hour"] = hours_map(r[key], hrs)
        out[(f"{key}_kw" if key != "reduction_by_hour" else "reduction_kwh_by_hour") + "_exact"] = \
            hours_map(r[key], hrs, exact)
    for k in scalars + ["reduction_kwh"]:
        out[k], out[k + "_exact"] = dec(r[k]), exact(r[k])
    return out


def expected_json(ee_load, ee, we) -> str:
    E, hours = EE1_E, EE1_HOURS
    c, p, n = ee["caiso"], ee["pjm"], ee["nyiso"]
    report = list(range(10, 18))
    doc = {
        "about": "Reference baselines computed by scripts/eemeter_fixture.py (independent Python, exact "
                 "fractions) from readings.csv; rules per shared/research/baselines.md 2.2, 3, 4. Values: "
                 "6 decimals rounded half away from zero; *_exact: exact rational p/q or exact decimal. "
                 "Hourly data, so kW = kWh per hour. Hours are local clock hours (America/Chicago), "
                 "hour h = [h:00, h+1:00).",
        "event": {
            "meter_id": METER_ID, "date": E.isoformat(), "time_zone": "America/Chicago",
            "event_hours": hours, "event_utc_start_end": [z(datetime(2016, 7, 20, hours[0], tzinfo=TZ).astimezone(timezone.utc)),
                                                z(datetime(2016, 7, 20, hours[-1] + 1, tzinfo=TZ).astimezone(timezone.utc))],
            "holidays": [d.isoformat() for d in sorted(EE1_HOLIDAYS)], "prior_event_days": [],
            "actual_kw": hours_map(ee_load[E], report),
        },
        "caiso_10in10": {
            "rule": "10 most recent weekdays in E-45..E-1, not holiday/event, data complete; mean per hour; "
                    "LPA = mean actual / mean baseline over hours 10-12 ([s-4h, s-1h)), clamped to 0.8..1.2, "
                    "multiplied into the event hours",
            "days": iso(c["days"]), "lpa_hours": c["lpa_hours"],
            **method_json(c, report, ["lpa_actual_mean", "lpa_baseline_mean", "ratio_raw", "ratio"]),
        },
        "pjm_high4of5": {
            "rule": "5 most recent weekdays in E-45..E-1, not holiday/event/low-usage (<25 % of the 5-day "
                    "average event-period mean); keep the 4 with the highest event-period mean; SAA = mean "
                    "actual - mean CBL over hours 10-12, added to the event hours, no cap",
            "window_days": iso(p["window"]),
            "window_event_means_kw": {d.isoformat(): dec(v) for d, v in p["window_event_means"].items()},
            "low_usage_excluded": iso(p["low_usage_excluded"]),
            "days": iso(p["days"]), "dropped": iso(p["dropped"]), "saa_hours": p["saa_hours"],
            **method_json(p, report, ["saa_actual_mean", "saa_baseline_mean", "saa"]),
        },
        "nyiso_window": {
            "rule": "seed = peak hourly load in the event hours over E-30..E-1, over the eligible weekdays "
                    "(not holiday/event); threshold = 25 % of it; window = up to 10 most recent weekdays "
                    "E-2..E-30 (E-1 skipped), not holiday/event, event-window mean >= threshold. Fewer than "
                    "10: insufficient, rule open [U], no numbers pinned.",
            **nyiso_json(n),
            "variant_seed_over_all_days": nyiso_json(ee["nyiso_seed_all_days"]),
        },
        "WE-1": we1_json(we),
    }
    text = json.dumps(doc, indent=1, ensure_ascii=False)
    # short lists of strings / integers on one line
    item = r'(?:"[^"\n]*"|-?\d+)'
    text = re.sub(r"\[\n\s+(" + item + r"(?:,\n\s+" + item + r")*)\n\s*\]",
                  lambda m: "[" + ", ".join(x.strip() for x in m.group(1).split(",\n")) + "]", text)
    assert json.loads(text) == doc
    return text + "\n"


def nyiso_json(n):
    return {"seed_days": n["seed_days"], "seed_kw": dec(n["seed"]),
            "seed_at": f"{n['seed_day'].isoformat()} hour {n['seed_hour']}",
            "threshold_kw": dec(n["threshold"]), "window_days": iso(n["window"]),
            "window_day_count": len(n["window"]), "sufficient": n["sufficient"],
            "low_usage_excluded": iso(n["low_usage_excluded"])}


def we1_json(we):
    out = {"about": "Synthetic table of baselines.md 10.1 (not in readings.csv): event 2024-07-17 hours 14-15, "
                    "holiday 2024-07-04, prior event 2024-07-10, 2024-07-08 10 kW all day. Variant B: 07-08 "
                    "declared an outage day; variant C: data only from 2024-07-05."}
    for name, r in we.items():
        if name.startswith("caiso"):
            out[name] = {"days": iso(r["days"]), **method_json(r, [10, 11, 12, 14, 15], ["ratio_raw", "ratio"])}
        elif name == "pjm":
            out[name] = {"window_days": iso(r["window"]), "days": iso(r["days"]), "dropped": iso(r["dropped"]),
                         **method_json(r, [10, 11, 12, 14, 15], ["saa"])}
        else:
            out[name] = {"seed_kw": dec(r["seed"]), "threshold_kw": dec(r["threshold"]),
                         "window_days": iso(r["window"]), "low_usage_excluded": iso(r["low_usage_excluded"]),
                         "days": iso(r["days"]), **method_json(r, [10, 11, 14, 15], ["factor_raw", "factor"])}
    return out


# The note's printed figures: (label, our value, the note's text). Our value is rounded to the note's decimals.
def note_checks(ee, we, ee_load):
    y16 = lambda ms: [date(2016, int(m[:2]), int(m[3:])) for m in ms]
    y24 = lambda ms: [date(2024, int(m[:2]), int(m[3:])) for m in ms]
    E = EE1_E
    c, p, n = ee["caiso"], ee["pjm"], ee["nyiso"]
    checks = []

    def num(label, ours, note_list):
        for o, t in zip(ours, note_list):
            places = len(t.split(".")[1]) if "." in t else 0
            checks.append((label, dec(o, places), t))

    def days(label, ours, note):
        checks.append((label, ",".join(d.isoformat()[5:] for d in ours), ",".join(d.isoformat()[5:] for d in note)))

    # 10.2 EE-1
    num("EE-1 actual h10-17", [ee_load[E][h] for h in range(10, 18)], "1.43 0.39 3.01 2.21 4.32 0.32 0.62 0.37".split())
    days("EE-1 CAISO days", c["days"], y16("07-19 07-18 07-15 07-14 07-13 07-12 07-11 07-08 07-07 07-06".split()))
    num("EE-1 CAISO baseline h10-17", [c["baseline"][h] for h in range(10, 18)],
        "1.901 0.926 1.501 1.741 2.121 1.728 2.364 1.407".split())
    num("EE-1 CAISO LPA actual mean / baseline mean / ratio", [c["lpa_actual_mean"], c["lpa_baseline_mean"], c["ratio"]],
        ["1.61", "1.442667", "1.115989"])
    num("EE-1 CAISO adjusted h14-17", [c["adjusted"][h] for h in EE1_HOURS], "2.367012 1.928429 2.638198 1.570196".split())
    num("EE-1 CAISO reduction kWh", [c["reduction_kwh"]], ["2.873835"])
    days("EE-1 PJM window", p["window"], y16("07-19 07-18 07-15 07-14 07-13".split()))
    num("EE-1 PJM window event means", [p["window_event_means"][d] for d in p["window"]], "1.495 1.575 1.325 1.105 1.665".split())
    days("EE-1 PJM kept", p["days"], y16("07-13 07-18 07-19 07-15".split()))
    num("EE-1 PJM CBL h14-17", [p["baseline"][h] for h in EE1_HOURS], "1.5375 0.9375 1.8625 1.7225".split())
    num("EE-1 PJM SAA", [p["saa"]], ["0.511667"])
    num("EE-1 PJM adjusted h14-17", [p["adjusted"][h] for h in EE1_HOURS], "2.049167 1.449167 2.374167 2.234167".split())
    num("EE-1 PJM reduction kWh", [p["reduction_kwh"]], ["2.476667"])
    num("EE-1 NYISO peak / threshold", [n["seed"], n["threshold"]], ["11.96", "2.99"])
    days("EE-1 NYISO window days", n["window"], y16("07-11 07-08 06-23".split()))

    # 10.1 WE-1
    a, b, cc, pj, ny = we["caiso"], we["caiso_variant_B"], we["caiso_variant_C"], we["pjm"], we["nyiso"]
    days("WE-1 CAISO days", a["days"], y24("07-16 07-15 07-12 07-11 07-09 07-08 07-05 07-03 07-02 07-01".split()))
    num("WE-1 CAISO h10,h11,h12 / h14 / h15", [a["baseline"][h] for h in (10, 11, 12, 14, 15)], "93.0 97.5 102.0 111.0 111.0".split())
    num("WE-1 CAISO raw ratio / ratio", [a["ratio_raw"], a["ratio"]], ["1.384615", "1.2"])
    num("WE-1 CAISO adjusted h14 h15 / red per h / red", [a["adjusted"][14], a["adjusted"][15], a["reduction_by_hour"][14], a["reduction_kwh"]],
        ["133.2", "133.2", "73.2", "146.4"])
    days("WE-1 CAISO-B days", b["days"], y24("07-16 07-15 07-12 07-11 07-09 07-05 07-03 07-02 07-01 06-28".split()))
    num("WE-1 CAISO-B h10,h11,h12 / h14", [b["baseline"][h] for h in (10, 11, 12, 14)], ["105", "110", "115", "125"])
    num("WE-1 CAISO-B raw / ratio / adjusted / red", [b["ratio_raw"], b["ratio"], b["adjusted"][14], b["reduction_kwh"]],
        ["1.227273", "1.2", "150.0", "180.0"])
    days("WE-1 CAISO-C days", cc["days"], y24("07-16 07-15 07-12 07-11 07-09 07-08 07-05".split()))
    num("WE-1 CAISO-C h10,h11,h12 / h14", [cc["baseline"][h] for h in (10, 11, 12, 14)], ["90", "94.2857", "98.5714", "107.1429"])
    num("WE-1 CAISO-C raw / ratio / adjusted / red per h", [cc["ratio_raw"], cc["ratio"], cc["adjusted"][14], cc["reduction_by_hour"][14]],
        ["1.431818", "1.2", "128.5714", "68.5714"])
    days("WE-1 PJM window", pj["window"], y24("07-16 07-15 07-12 07-11 07-09".split()))
    days("WE-1 PJM kept", pj["days"], y24("07-11 07-15 07-09 07-16".split()))
    days("WE-1 PJM dropped", pj["dropped"], y24(["07-12"]))
    num("WE-1 PJM h10,h11,h12 / h14", [pj["baseline"][h] for h in (10, 11, 12, 14)], ["108.75", "113.75", "118.75", "128.75"])
    num("WE-1 PJM SAA parts / SAA", [pj["saa_actual_mean"], pj["saa_baseline_mean"], pj["saa"]], ["135", "113.75", "21.25"])
    num("WE-1 PJM adjusted / red per h / red", [pj["adjusted"][14], pj["adjusted"][15], pj["reduction_by_hour"][14], pj["reduction_kwh"]],
        ["150.0", "150.0", "90", "180.0"])
    num("WE-1 NYISO seed / threshold", [ny["seed"], ny["threshold"]], ["150", "37.5"])
    days("WE-1 NYISO seed day", [ny["seed_day"]], y24(["06-28"]))
    days("WE-1 NYISO low-usage excluded", ny["low_usage_excluded"], y24(["07-08"]))
    days("WE-1 NYISO window", ny["window"], y24("07-15 07-12 07-11 07-09 07-05 07-03 07-02 07-01 06-28 06-27".split()))
    days("WE-1 NYISO basis", ny["days"], y24("06-28 06-27 07-11 07-03 07-15".split()))
    num("WE-1 NYISO CBL h10,h11 / h14", [ny["baseline"][h] for h in (10, 11, 14)], ["120", "125", "140"])
    num("WE-1 NYISO factor", [ny["factor"]], ["1.081633"])
    num("WE-1 NYISO adjusted / red per h / red", [ny["adjusted"][14], ny["reduction_by_hour"][14], ny["reduction_kwh"]],
        ["151.4286", "91.4286", "182.8571"])
    return checks


EE1_E, EE1_HOURS, EE1_HOLIDAYS, EE1_EVENTS = date(2016, 7, 20), [14, 15, 16, 17], {date(2016, 7, 4)}, set()


def sources_md(info, meter) -> str:
    n_rows = len(meter)
    decimals = sorted({len(v.split(".")[1]) if "." in v else 0 for _, _, v in meter if v is not None})
    n_missing = sum(1 for r in meter if r[2] is None)
    n0, max0, mean0 = info["daily_shift0"]
    n1, max1, mean1 = info["daily_shift1"]
    first_utc = datetime(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day, tzinfo=TZ).astimezone(timezone.utc)
    last_utc = datetime(LAST_DAY.year, LAST_DAY.month, LAST_DAY.day, 23, tzinfo=TZ).astimezone(timezone.utc)
    return f"""# eemeter sample fixture ("EE-1")

Generated by `scripts/eemeter_fixture.py`. Do not edit by hand.

## What the data is

- Package: PyPI **`eemeter` {info['version']}** (OpenEEmeter), licence **{info['license']}** (package metadata
  `License: {info['license']}`, classifier "License :: OSI Approved :: Apache Software License", Apache 2.0
  `LICENSE` file in the wheel; the loader module carries the header "Copyright 2014-2024 OpenEEmeter
  contributors, Licensed under the Apache License, Version 2.0"). The sample CSVs are shipped inside the
  package (`eemeter/eemeter/samples/`) under the same licence.
- Sample: **`{SAMPLE}`** ({info['unit']} per hour, electricity). Meter file `{info['meter_file']}`
  (sha256 `{info['meter_sha256']}`), temperature file `{info['temp_file']}` (sha256
  `{info['temp_sha256']}`, degF), as named in the package's `samples/metadata.json` (the package also has an
  identical copy named `il-electricity-cdd-hdd-tempF.csv.gz`).
  {info['rows_total']} hourly rows, local {info['first_local']} .. {info['last_local']}, no gaps, no NaN.
- **The data are simulated, not real.** The loader's docstring (`eemeter.eemeter.samples.load.load_sample`) says:
  "Note: samples are simulated, not real, data." Use them to test mechanics (day selection, ranking,
  adjustment), not as realistic load.

## Timestamps and the time conversion

- The raw CSVs (`start,value` and `dt,tempF`, CRLF lines) hold **local America/Chicago wall-clock times with an
  explicit UTC offset** (`2016-07-20T14:00:00-05:00`; `-06:00` in winter). DST is handled by the offset: on
  2016-03-13 the 02:00 row is absent, on 2016-11-06 01:00 appears twice (`-05:00` then `-06:00`).
- Each timestamp is the **start of the hour** (interval-beginning). The loader's docstring calls the column
  "Date period start column", and the package's daily sample `il-electricity-cdd-hdd-daily` matches the
  hourly rows labelled 00:00 .. 23:00 of the same local date: over {n0} days the largest difference is
  {max0} kWh and the mean {mean0:.4f} kWh (rounding). Under the interval-ending reading (rows 01:00 .. 24:00)
  the differences are up to {max1} kWh (mean {mean1:.4f}) over {n1} days.
- `load_sample()` returns a pandas DataFrame/Series with a **tz-aware UTC DatetimeIndex** (`datetime64[us, UTC]`,
  freq `h`) and float64 values; the script checks that it agrees row by row with the raw CSV.
- Conversion here: parse the offset timestamp, check the offset is America/Chicago's, convert to UTC, write
  `YYYY-MM-DDTHH:MM:SSZ`. Local dates **{FIRST_DAY} .. {LAST_DAY}** inclusive (all CDT, UTC-5) =
  interval starts **{z(first_utc)} .. {z(last_utc)}**, {n_rows} hourly rows per file. Example: the event hour
  local 2016-07-20 14:00 CDT is `2016-07-20T19:00:00Z`.
- Temperature timestamps are copied the same way; whether the sample's temperature is an hourly mean or a
  point reading is not documented.

## Files

- `readings.csv`: docs/dataset-format.md 4.1. `meter_id` `{METER_ID}`, `interval_minutes` 60,
  `delivered_kwh` = the sample value **as text, exactly as in the sample** ({" or ".join(map(str, decimals))} decimals in this span), `received_kwh` 0,
  quality `A`; a NaN would give quality `M` with empty values ({n_missing} such rows). Sorted by time.
- `temperature.csv`: `interval_start,temperature_f`, degF text exactly as in the sample.
- `expected.json`: reference baselines for event EE-1 (Wed 2016-07-20, hours 14-17 local, holiday 2016-07-04,
  no prior events), computed with exact fractions by an independent Python implementation of
  shared/research/baselines.md 2.2 (CAISO 10-in-10 + LPA), 3 (PJM High 4 of 5 + SAA) and 4 (NYISO window-day
  selection only; only 3 days qualify, so no NYISO numbers are pinned), plus the synthetic WE-1 cases of the
  note's 10.1. The script compares every figure that the note prints with its own result. Open point: the
  NYISO seed (peak over the past 30 days) is taken over the eligible weekdays, as the note's 11.96 requires;
  over all days it is 11.98 (Sat 2016-06-25); the window days are the same either way (both are in the file).

## How to regenerate

From the repository root:

```sh
python3 -m venv /tmp/eemeter-venv
/tmp/eemeter-venv/bin/pip install eemeter=={info['version']} pandas=={info['pandas']} pytz   # the pandas this was made with (SOURCES.md names it); pandas 3 no longer installs pytz
/tmp/eemeter-venv/bin/python scripts/eemeter_fixture.py --write     # writes the four files
/tmp/eemeter-venv/bin/python scripts/eemeter_fixture.py --check     # exit 0: files and note figures match
```

Made with Python {sys.version.split()[0]}, pandas {info['pandas']} (used only by the loader cross-check).
The output is deterministic (values copied as text, rows sorted by time, exact arithmetic).
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--write", action="store_true")
    g.add_argument("--check", action="store_true")
    g.add_argument("--reference", action="store_true")
    args = ap.parse_args()

    meter_all, temp_all, info = load_sample_rows()
    meter, temp = in_span(meter_all), in_span(temp_all)
    if [r[0] for r in meter] != [r[0] for r in temp]:
        raise SystemExit("meter and temperature spans differ")

    ee_load = {}
    for _, local, v in meter:
        ee_load.setdefault(local.date(), {})[local.hour] = None if v is None else Fraction(Decimal(v))
    ee = run_all(ee_load, EE1_E, EE1_HOURS, EE1_HOLIDAYS, EE1_EVENTS)
    wl = we1_load()
    we = {"caiso": caiso_10in10(wl, WE1_E, WE1_HOURS, WE1_HOLIDAYS, WE1_EVENTS),
          "caiso_variant_B": caiso_10in10(wl, WE1_E, WE1_HOURS, WE1_HOLIDAYS, WE1_EVENTS, outages={date(2024, 7, 8)}),
          "caiso_variant_C": caiso_10in10(we1_load(first=date(2024, 7, 5)), WE1_E, WE1_HOURS, WE1_HOLIDAYS, WE1_EVENTS),
          "pjm": pjm_high4of5(wl, WE1_E, WE1_HOURS, WE1_HOLIDAYS, WE1_EVENTS),
          "nyiso": nyiso_window(wl, WE1_E, WE1_HOURS, WE1_HOLIDAYS, WE1_EVENTS)}

    checks = note_checks(ee, we, ee_load)
    bad = [c for c in checks if c[1] != c[2]]
    for label, ours, note in checks:
        print(f"{'agree   ' if ours == note else 'DISAGREE'} {label}: ours {ours} | note {note}")
    print(f"note figures: {len(checks) - len(bad)} of {len(checks)} agree")

    files = {"readings.csv": readings_csv(meter), "temperature.csv": temperature_csv(temp),
             "expected.json": expected_json(ee_load, ee, we), "SOURCES.md": sources_md(info, meter)}
    if args.reference:
        print(files["expected.json"])
        return 0
    if args.check:
        diff = [n for n, t in files.items() if not (OUT / n).exists() or (OUT / n).read_text() != t]
        for n in diff:
            print(f"differs: {OUT / n}")
        return 1 if diff or bad else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for n, t in files.items():
        (OUT / n).write_text(t)
        print(f"wrote {OUT / n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
