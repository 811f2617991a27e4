#!/usr/bin/env python3
"""Writes a portfolio N times the size of a converted dual-use portfolio, for the flat-memory measurement.

    replicate-portfolio.py PORTFOLIO_DIR OUT_DIR COPIES

PORTFOLIO_DIR is scripts/dualuse_to_portfolio.py's output. Copy k of every resource is the same resource
renamed with the prefix `C<k>` (`R0001` -> `C3R0001`, its meters `C3R0001-M1`, `C3R0001-M2`): its sites,
readings and awards are the original's, the prices and tariff are shared. The values repeat, so this measures
how memory and time grow with the number of resources, not a new data set; gen_dualuse.py --resources 10000
gives distinct data but takes far longer to write.
"""
import json
import os
import shutil
import sys


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    src, out, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if copies < 1:
        sys.exit("COPIES must be at least 1")
    if os.path.exists(out):
        sys.exit(f"{out} exists: give a new directory")
    os.makedirs(os.path.join(out, "sites"))
    shutil.copytree(os.path.join(src, "tariffs"), os.path.join(out, "tariffs"))
    for name in ("prices.csv", "signals.csv"):
        shutil.copyfile(os.path.join(src, name), os.path.join(out, name))
    with open(os.path.join(src, "portfolio.json")) as f:
        manifest = json.load(f)
    manifest["name"] = f"{manifest.get('name', 'portfolio')} x {copies} (replicated)"
    with open(os.path.join(out, "portfolio.json"), "w") as f:
        json.dump(manifest, f)
    sites = sorted(n for n in os.listdir(os.path.join(src, "sites")) if n.endswith(".json"))
    for k in range(copies):
        prefix = f"C{k}"
        for n in sites:
            with open(os.path.join(src, "sites", n)) as f:
                text = f.read()
            rid = n[: -len(".json")]
            text = text.replace(f'"{rid}', f'"{prefix}{rid}')
            with open(os.path.join(out, "sites", prefix + n), "w") as f:
                f.write(text)
    # readings and awards: the first field is a meter or resource id; the header is written once
    for name in ("readings.csv", "awards.csv"):
        with open(os.path.join(src, name), "rb") as f:
            header = f.readline()
            body = f.read()
        with open(os.path.join(out, name), "wb") as f:
            f.write(header)
            for k in range(copies):
                prefix = f"C{k}".encode()
                f.write(prefix + body.replace(b"\n", b"\n" + prefix, body.count(b"\n") - 1))
                if not body.endswith(b"\n"):
                    f.write(b"\n")


if __name__ == "__main__":
    main()
