#!/usr/bin/env python3
"""Convert the dual-use benchmark data into a GridSettle portfolio directory (dataset format 2).

The dual-use benchmark (shared/benchmarks/dualuse: gen_dualuse.py writes the data, pandas_dualuse.py
settles it) has N batteries behind retail meters for one month of 5-minute data. This script writes the
same data as a portfolio so GridSettle can settle what the pandas peer settles.

Usage:
    python3 scripts/dualuse_to_portfolio.py DATA_DIR OUT_DIR [--symmetric] [--tariff PATH] [--layout series|intervals]

DATA_DIR holds meters.csv, awards.csv and prices.csv as gen_dualuse.py writes them. OUT_DIR is created
(an existing empty directory is also accepted; a non-empty one is refused). The output is built in a
temporary sibling directory and renamed to OUT_DIR at the end, so a failed run leaves nothing behind.

Output:
    portfolio.json           {"formatVersion": 2, "name": "dual-use benchmark (<N> resources)"}
    sites/<rid>.json         one site per resource: M1 retailMaster and M2 storage meters (5 min), NGR resource
                             at DUALUSE_NODE, SCE TOU-8-D tariff, policies (retailAdjustment addBackOnly, or
                             symmetric with --symmetric)
    readings.csv             M1: net import split into delivered/received; M2: charge delivered, discharge
                             received; per resource all M1 rows, then all M2 rows. --layout series (the
                             default, as meter data systems export it): per meter a delivered row and a
                             received row of up to 288 consecutive 5-minute values (a day); --layout
                             intervals: one row per meter and interval
    awards.csv               every hourly award row (explicit 0.000 rows included) as 12 RTD EN 5-minute rows
    prices.csv               every LMP as DUALUSE_NODE RTD LMP, 5 minutes
    signals.csv              header only
    tariffs/sce-tou-8-option-d.json
                             the URDB file (--tariff, default ../shared/fixtures/public/urdb/
                             sce-tou-8-option-d-under-2kv.json relative to the repository root), copied unchanged
    CONVERTED.md             where the data came from and how it was mapped

Meter ratings are ceil(2 x the largest interval power) in kW (they only bound plausibility checks);
initialInventoryKWh is the smallest non-negative inventory, rounded up to 3 decimals, that keeps
inventory + running sum of (charge - discharge) from going below zero.

Input is read line by line with plain string operations. Headers must match exactly; a malformed line
(wrong field count, a value that is not a plain decimal, a bad or unordered timestamp) stops the
conversion with a message naming the file and line. Nothing is skipped silently.
"""
import argparse
import json
import math
import os
import re
import shlex
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

EPOCH = datetime(1970, 1, 1)
NODE = "DUALUSE_NODE"
TARIFF_NAME = "sce-tou-8-option-d.json"
DEFAULT_TARIFF = "../shared/fixtures/public/urdb/sce-tou-8-option-d-under-2kv.json"

METERS_HEADER = "resource_id,interval_start_utc,m1_net_import_kwh,m2_charge_kwh,m2_discharge_kwh"
AWARDS_HEADER = "resource_id,hour_start_utc,award_mw"
PRICES_HEADER = "interval_start_utc,lmp_usd_per_mwh"

READINGS_HEADER = "meter_id,interval_start,interval_minutes,delivered_kwh,received_kwh,quality\n"
SERIES_VALUES = 288  # a day of 5-minute values per series row
SERIES_HEADER = "meter_id,channel,start,interval_minutes,quality," + ",".join(f"kwh_{k}" for k in range(1, SERIES_VALUES + 1)) + "\n"
AWARDS_OUT_HEADER = "resource_id,market,product,interval_start,interval_minutes,mw\n"
PRICES_OUT_HEADER = "node,market,product,interval_start,interval_minutes,price\n"
SIGNALS_HEADER = "resource_id,signal,start,end\n"

# GridSettle reads plain decimals with at most 6 decimals; the benchmark writes 3.
NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]{1,6})?")
TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
RESOURCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")  # also a file name: sites/<rid>.json

PAIR_CACHE_LIMIT = 500_000


class ConvertError(Exception):
    pass


def where(path, lineno):
    return f"{path}:{lineno}"


def check_number(text, path, lineno, field):
    if not NUMBER.fullmatch(text):
        raise ConvertError(f"{where(path, lineno)}: field '{field}': saw {text!r}; expected a plain decimal "
                           "(optional '-', digits, at most 6 decimals)")
    return float(text)


def check_timestamp(text, path, lineno, field, step_minutes):
    """Validate 'YYYY-MM-DDTHH:MM:SSZ' on the step_minutes grid (seconds 00); return the datetime."""
    bad = None
    if TIMESTAMP.fullmatch(text):
        try:
            t = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
        except ValueError as e:
            bad = f"a valid date and time ({e})"
        else:
            if t.second == 0 and t.minute % step_minutes == 0:
                return t
            bad = f"a start on the {step_minutes}-minute grid (seconds 00)"
    else:
        bad = "an instant 'YYYY-MM-DDTHH:MM:SSZ' (UTC)"
    raise ConvertError(f"{where(path, lineno)}: field '{field}': saw {text!r}; expected {bad}")


def open_csv(path, header):
    """Open a CSV for reading and check its header line exactly."""
    try:
        f = open(path, "r", encoding="utf-8", newline=None, buffering=1 << 20)
    except OSError as e:
        raise ConvertError(f"{path}: cannot open: {e.strerror}")
    first = f.readline()
    if first.rstrip("\n") != header:
        f.close()
        raise ConvertError(f"{where(path, 1)}: header: saw {first.rstrip(chr(10))!r}; expected {header!r}")
    return f


def csv_rows(path, header):
    """Yield (lineno, fields) of a small CSV file with exactly the header's field count per row."""
    n = header.count(",") + 1
    with open_csv(path, header) as f:
        for lineno, line in enumerate(f, 2):
            parts = line.rstrip("\n").split(",")
            if len(parts) != n:
                raise ConvertError(f"{where(path, lineno)}: saw {len(parts)} field(s); expected {n} ({header})")
            yield lineno, parts


def read_prices(path):
    rows = []
    seen = {}
    for lineno, (ts, lmp) in csv_rows(path, PRICES_HEADER):
        check_timestamp(ts, path, lineno, "interval_start_utc", 5)
        check_number(lmp, path, lineno, "lmp_usd_per_mwh")
        if ts in seen:
            raise ConvertError(f"{where(path, lineno)}: field 'interval_start_utc': saw {ts!r}; "
                               f"expected one price per interval (line {seen[ts]} has it already)")
        seen[ts] = lineno
        rows.append(f"{NODE},RTD,LMP,{ts},5,{lmp}\n")
    return rows, seen


def read_awards(path):
    """Return [(rid, hour_text, mw_text, lineno)], sorted by resource then hour."""
    rows = []
    seen = {}
    for lineno, (rid, hour, mw) in csv_rows(path, AWARDS_HEADER):
        if not RESOURCE_ID.fullmatch(rid):
            raise ConvertError(f"{where(path, lineno)}: field 'resource_id': saw {rid!r}; "
                               "expected letters, digits, '_', '.', '-' (starting with a letter or digit)")
        check_timestamp(hour, path, lineno, "hour_start_utc", 60)
        check_number(mw, path, lineno, "award_mw")
        key = (rid, hour)
        if key in seen:
            raise ConvertError(f"{where(path, lineno)}: field 'hour_start_utc': saw {hour!r}; expected one row "
                               f"per resource and hour (line {seen[key]} has {rid} {hour} already)")
        seen[key] = lineno
        rows.append((rid, hour, mw, lineno))
    rows.sort()
    return rows


def parse_m1(text, path, lineno):
    """M1 net import text -> (<delivered>, <received>, |value|)."""
    v = check_number(text, path, lineno, "m1_net_import_kwh")
    if text[0] == "-":
        if v == 0:
            return text[1:], "0", 0.0
        return "0", text[1:], -v
    return text, "0", v


def parse_pair(rest, path, lineno):
    """'<charge>,<discharge>\\n' -> (charge - discharge, max(charge, discharge), <c>, <d>)."""
    parts = rest.rstrip("\n").split(",")
    if len(parts) != 2:
        raise ConvertError(f"{where(path, lineno)}: saw {len(parts) + 3} field(s); expected 5 ({METERS_HEADER})")
    vals, texts = [], []
    for text, field in zip(parts, ("m2_charge_kwh", "m2_discharge_kwh")):
        v = check_number(text, path, lineno, field)
        if text[0] == "-":
            if v != 0:
                raise ConvertError(f"{where(path, lineno)}: field '{field}': saw {text!r}; expected a value >= 0")
            text, v = text[1:], 0.0
        vals.append(v)
        texts.append(text)
    c, d = vals
    return c - d, max(c, d), texts[0], texts[1]


def ceil_rounded(x, scale):
    """ceil(x * scale), ignoring float noise below 1e-6 of a unit."""
    return math.ceil(round(x * scale, 6))


def site_document(rid, rating1, rating2, inventory, retail_adjustment):
    return {
        "formatVersion": 2,
        "site": {"id": rid, "name": rid},
        "market": "CAISO",
        "meters": [
            {"id": f"{rid}-M1", "role": "retailMaster", "intervalMinutes": 5, "ratingKW": rating1},
            {"id": f"{rid}-M2", "role": "storage", "intervalMinutes": 5, "ratingKW": rating2},
        ],
        "resource": {"id": rid, "participationModel": "NGR", "pricingNode": NODE,
                     "roundTripEfficiency": 0.9025, "initialInventoryKWh": inventory},
        "tariff": {"urdbFile": f"tariffs/{TARIFF_NAME}", "demandWindowMinutes": 15, "holidaysAsWeekends": True},
        "holidays": [],
        "policies": {"retailAdjustment": retail_adjustment, "addBackDemand": True, "idleDetection": "signal",
                     "awardScope": "clockHour", "awardOverlap": "any", "wholesaleMeterScope": "awardIntervalsOnly"},
    }


def interval_rows(meter, stamps, delivered, received):
    """One row per interval: meter,start,5,delivered,received,A."""
    p = meter + ","
    return "".join([p + t + ",5," + d + "," + r + ",A\n" for t, d, r in zip(stamps, delivered, received)])


def series_rows(meter, stamps, seconds, delivered, received):
    """Per run of at most SERIES_VALUES consecutive intervals, a delivered row and a received row of its values
    (empty value fields pad a shorter run to the header's width)."""
    out = []
    k = 0
    n = len(stamps)
    while k < n:
        e = k + 1
        while e < n and e - k < SERIES_VALUES and seconds[e] == seconds[e - 1] + 300:
            e += 1
        pad = "," * (SERIES_VALUES - (e - k))
        head = meter + ",{}," + stamps[k] + ",5,A,"
        out.append(head.format("delivered") + ",".join(delivered[k:e]) + pad + "\n")
        out.append(head.format("received") + ",".join(received[k:e]) + pad + "\n")
        k = e
    return "".join(out)


def flush_resource(fo, sites, rid, cols, mx1, mx2, mn, retail_adjustment, layout):
    """Write one resource's readings (all M1 rows, then all M2 rows) and its site file; return readings written."""
    stamps, seconds, d1, r1, d2, r2 = cols
    if layout == "series":
        fo.write(series_rows(rid + "-M1", stamps, seconds, d1, r1))
        fo.write(series_rows(rid + "-M2", stamps, seconds, d2, r2))
    else:
        fo.write(interval_rows(rid + "-M1", stamps, d1, r1))
        fo.write(interval_rows(rid + "-M2", stamps, d2, r2))
    rating1 = max(1, ceil_rounded(mx1, 24))
    rating2 = max(1, ceil_rounded(mx2, 24))
    millis = max(0, ceil_rounded(-mn, 1000))
    inventory = millis // 1000 if millis % 1000 == 0 else millis / 1000
    doc = site_document(rid, rating1, rating2, inventory, retail_adjustment)
    with open(sites / f"{rid}.json", "w", encoding="utf-8", newline="\n") as sf:
        sf.write(json.dumps(doc, indent=2) + "\n")
    return 2 * len(stamps)


def convert_meters(path, out, retail_adjustment, layout):
    """Stream meters.csv into readings.csv and sites/*.json. Returns (resource ids in order, rows written,
    set of meter timestamps)."""
    sites = out / "sites"
    rids = []
    done = set()
    ts_ok = {}  # timestamp text -> seconds since the epoch, once validated
    m1_cache = {}
    pair_cache = {}
    written = 0

    cur = None
    cols = None
    prev = ""
    mx1 = mx2 = s = mn = 0.0
    first_line = 0

    with open_csv(path, METERS_HEADER) as f, \
            open(out / "readings.csv", "w", encoding="utf-8", newline="\n", buffering=1 << 20) as fo:
        fo.write(SERIES_HEADER if layout == "series" else READINGS_HEADER)
        m1_get = m1_cache.get
        pair_get = pair_cache.get
        lineno = 1
        for lineno, line in enumerate(f, 2):
            try:
                rid, ts, m1t, rest = line.split(",", 3)
            except ValueError:
                saw = f"{line.count(',') + 1} field(s)" if line.strip() else "a blank line"
                raise ConvertError(f"{where(path, lineno)}: saw {saw}; expected 5 fields ({METERS_HEADER})") from None
            if rid != cur:
                if cur is not None:
                    written += flush_resource(fo, sites, cur, cols, mx1, mx2, mn, retail_adjustment, layout)
                    if len(pair_cache) > PAIR_CACHE_LIMIT:
                        pair_cache.clear()
                if rid in done:
                    raise ConvertError(f"{where(path, lineno)}: field 'resource_id': saw {rid!r} again; expected the "
                                       f"rows of each resource together (its rows ended before line {first_line})")
                if not RESOURCE_ID.fullmatch(rid):
                    raise ConvertError(f"{where(path, lineno)}: field 'resource_id': saw {rid!r}; expected letters, "
                                       "digits, '_', '.', '-' (starting with a letter or digit)")
                done.add(rid)
                rids.append(rid)
                cur = rid
                first_line = lineno
                cols = ([], [], [], [], [], [])
                a_ts, a_sec, a_d1, a_r1, a_d2, a_r2 = (c.append for c in cols)
                prev = ""
                mx1 = mx2 = s = mn = 0.0
            sec = ts_ok.get(ts)
            if sec is None:
                t = check_timestamp(ts, path, lineno, "interval_start_utc", 5)
                sec = ts_ok[ts] = int((t - EPOCH).total_seconds())
            if ts <= prev:
                raise ConvertError(f"{where(path, lineno)}: field 'interval_start_utc': saw {ts!r}; expected a time "
                                   f"after {prev!r} (rows of a resource in time order, one per interval)")
            prev = ts
            a = m1_get(m1t)
            if a is None:
                a = m1_cache[m1t] = parse_m1(m1t, path, lineno)
            d1t, r1t, v = a
            if v > mx1:
                mx1 = v
            b = pair_get(rest)
            if b is None:
                b = pair_cache[rest] = parse_pair(rest, path, lineno)
            delta, v, d2t, r2t = b
            if v > mx2:
                mx2 = v
            s += delta
            if s < mn:
                mn = s
            a_ts(ts)
            a_sec(sec)
            a_d1(d1t)
            a_r1(r1t)
            a_d2(d2t)
            a_r2(r2t)
        if cur is None:
            raise ConvertError(f"{path}: no data rows after the header")
        written += flush_resource(fo, sites, cur, cols, mx1, mx2, mn, retail_adjustment, layout)
    return rids, written, ts_ok


def write_awards(path, awards):
    n = 0
    with open(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as fo:
        fo.write(AWARDS_OUT_HEADER)
        minutes = [f"{5 * k:02d}:00Z" for k in range(12)]
        for rid, hour, mw, _ in awards:
            head = rid + ",RTD,EN,"
            prefix = hour[:14]  # 'YYYY-MM-DDTHH:' of an hour start (validated)
            tail = ",5," + mw + "\n"
            fo.write("".join([head + prefix + m + tail for m in minutes]))
            n += 12
    return n


def converted_md(data_dir, rids, args_line, retail_adjustment, tariff, layout):
    return "\n".join([
        "# Converted dual-use benchmark data",
        "",
        f"- Source: `{data_dir}` (meters.csv, awards.csv, prices.csv written by "
        "shared/benchmarks/dualuse/gen_dualuse.py); tariff copied from `{}`.".format(tariff),
        f"- Command: `{args_line}`",
        f"- {len(rids)} sites, one per resource: M1 `<rid>-M1` retailMaster (net import split into delivered / "
        "received), M2 `<rid>-M2` storage (charge delivered, discharge received), 5-minute readings, quality A; "
        f"readings.csv in the {layout} layout (docs/dataset-format.md §4.1).",
        "- Awards: each hourly award row (explicit 0.000 rows too) becomes 12 RTD EN 5-minute awards, and prices "
        f"are RTD LMPs at {NODE}, so the CAISO charge codes 6470 + 6475 equal the sum over award hours of "
        "meter x LMP, the peer's rt_energy_usd.",
        "- wholesaleMeterScope awardIntervalsOnly: the CAISO meter carries only award intervals, as the peer's RT "
        "energy does.",
        f"- retailAdjustment {retail_adjustment} (the peer's `_pilot` columns for addBackOnly, `_symmetric` for "
        "symmetric); addBackDemand true: the peer's 15-minute demand includes the add-back.",
        "- initialInventoryKWh: the smallest inventory (rounded up to 3 decimals) that keeps the running sum of "
        "charge - discharge non-negative; ratings: ceil(2 x the largest interval kW), plausibility bounds only.",
        "",
    ])


def prepare_output(out):
    if out.exists():
        if not out.is_dir():
            raise ConvertError(f"{out}: exists and is not a directory; refusing to write there")
        if any(out.iterdir()):
            raise ConvertError(f"{out}: exists and is not empty; refusing to write there (choose a new directory)")
    parent = out.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)
    return tmp


def main(argv=None):
    ap = argparse.ArgumentParser(description="Convert dual-use benchmark data (meters.csv, awards.csv, prices.csv) "
                                             "into a GridSettle portfolio directory (dataset format 2).")
    ap.add_argument("data_dir", metavar="DATA_DIR", help="folder with meters.csv, awards.csv, prices.csv")
    ap.add_argument("out_dir", metavar="OUT_DIR", help="portfolio directory to create (must not exist or be empty)")
    ap.add_argument("--symmetric", action="store_true",
                    help="retailAdjustment symmetric instead of addBackOnly")
    ap.add_argument("--tariff", metavar="PATH", help=f"URDB JSON file (default: <repository>/{DEFAULT_TARIFF})")
    ap.add_argument("--layout", choices=("series", "intervals"), default="series",
                    help="readings.csv layout: series (default; a delivered and a received row of a day's 5-minute "
                         "values per meter) or intervals (one row per meter and interval)")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()

    data_dir = Path(a.data_dir).resolve()
    out = Path(os.path.abspath(a.out_dir))
    repo_root = Path(__file__).resolve().parent.parent
    tariff = Path(a.tariff) if a.tariff else Path(os.path.normpath(repo_root / DEFAULT_TARIFF))
    retail_adjustment = "symmetric" if a.symmetric else "addBackOnly"

    try:
        if not data_dir.is_dir():
            raise ConvertError(f"{data_dir}: not a directory")
        try:
            tariff_doc = json.loads(tariff.read_bytes())
        except OSError as e:
            raise ConvertError(f"{tariff}: cannot read the tariff: {e.strerror}")
        except ValueError as e:
            raise ConvertError(f"{tariff}: not JSON: {e}")
        if not (isinstance(tariff_doc, dict) and isinstance(tariff_doc.get("items"), list) and tariff_doc["items"]):
            raise ConvertError(f"{tariff}: expected a URDB API response {{\"items\": [rate]}}")

        price_rows, price_ts = read_prices(data_dir / "prices.csv")
        awards = read_awards(data_dir / "awards.csv")

        tmp = prepare_output(out)
        try:
            (tmp / "sites").mkdir()
            (tmp / "tariffs").mkdir()
            rids, n_readings, meter_ts = convert_meters(data_dir / "meters.csv", tmp, retail_adjustment, a.layout)

            known = set(rids)
            for rid, hour, _, lineno in awards:
                if rid not in known:
                    raise ConvertError(f"{where(data_dir / 'awards.csv', lineno)}: field 'resource_id': saw {rid!r}; "
                                       "expected a resource of meters.csv")
            n_awards = write_awards(tmp / "awards.csv", awards)

            with open(tmp / "prices.csv", "w", encoding="utf-8", newline="\n") as fo:
                fo.write(PRICES_OUT_HEADER)
                fo.write("".join(price_rows))
            with open(tmp / "signals.csv", "w", encoding="utf-8", newline="\n") as fo:
                fo.write(SIGNALS_HEADER)
            shutil.copyfile(tariff, tmp / "tariffs" / TARIFF_NAME)
            with open(tmp / "portfolio.json", "w", encoding="utf-8", newline="\n") as fo:
                fo.write(json.dumps({"formatVersion": 2, "name": f"dual-use benchmark ({len(rids)} resources)"}) + "\n")
            args_line = shlex.join(["python3", sys.argv[0], *(sys.argv[1:] if argv is None else argv)])
            with open(tmp / "CONVERTED.md", "w", encoding="utf-8", newline="\n") as fo:
                fo.write(converted_md(data_dir, rids, args_line, retail_adjustment, tariff, a.layout))

            if out.exists():
                out.rmdir()  # empty (checked above)
            os.rename(tmp, out)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    except ConvertError as e:
        print(f"dualuse_to_portfolio: error: {e}", file=sys.stderr)
        return 1

    missing = len(meter_ts.keys() - price_ts.keys())
    if missing:
        print(f"dualuse_to_portfolio: warning: {missing} meter interval(s) have no price in prices.csv", file=sys.stderr)
    secs = time.perf_counter() - t0
    print(f"{len(rids)} resources -> {out}: {n_readings} readings, {n_awards} award rows, "
          f"{len(price_rows)} price rows in {secs:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
