#!/usr/bin/env python3
"""Validate Green Button / NAESB ESPI files against the ESPI 3.3 usage.xsd.

Every ESPI resource inside an Atom ``<content>`` (UsagePoint, MeterReading, ReadingType, IntervalBlock,
LocalTimeParameters, ElectricPowerUsageSummary, ...) is validated element by element against
``Tests/GridSettleFormatsTests/Fixtures/espi-xsd/usage.xsd`` with the ``xmlschema`` package, the way the
research notes (data_formats.md §1.8) validated the public fixtures. The Atom envelope itself is not in
usage.xsd; ``--strict-atom`` adds the structural checks GridSettle's writer promises (feed id/title/updated,
each entry with id, self link, title, published, updated and exactly one ESPI resource in its content).

    python3 -m pip install 'xmlschema==4.3.2'
    python3 scripts/espi_xsd_check.py [--strict-atom] [--xsd PATH] FILE...

Exit status: 0 all files valid, 1 a file is invalid (every problem is printed), 2 usage error or
``xmlschema`` not installed.
"""

import argparse
import os
import sys
import warnings
import xml.etree.ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
ESPI = "http://naesb.org/espi"
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_XSD = os.path.join(HERE, "..", "Tests", "GridSettleFormatsTests", "Fixtures", "espi-xsd", "usage.xsd")


def load_schema(path):
    try:
        import xmlschema  # noqa: F401
    except ImportError:
        print("espi_xsd_check: the Python package 'xmlschema' is not installed "
              "(python3 -m pip install 'xmlschema==4.3.2')", file=sys.stderr)
        sys.exit(2)
    import xmlschema
    with warnings.catch_warnings():
        # usage.xsd imports atom.xsd but uses none of its components; the Atom envelope is checked here.
        warnings.simplefilter("ignore", xmlschema.XMLSchemaImportWarning)
        return xmlschema.XMLSchema(path)


def q(ns, name):
    return "{%s}%s" % (ns, name)


def atom_problems(root):
    problems = []
    entries = [root] if root.tag == q(ATOM, "entry") else root.findall(q(ATOM, "entry"))
    if root.tag == q(ATOM, "feed"):
        for name in ("id", "title", "updated"):
            if root.find(q(ATOM, name)) is None:
                problems.append("feed has no <%s>" % name)
    for k, entry in enumerate(entries, start=1):
        for name in ("id", "title", "published", "updated", "content"):
            if entry.find(q(ATOM, name)) is None:
                problems.append("entry %d has no <%s>" % (k, name))
        if not any(link.get("rel") == "self" for link in entry.findall(q(ATOM, "link"))):
            problems.append("entry %d has no self link" % k)
        content = entry.find(q(ATOM, "content"))
        if content is not None:
            resources = [c for c in content if c.tag.startswith("{%s}" % ESPI)]
            if len(resources) != 1:
                problems.append("entry %d content holds %d ESPI resources, expected 1" % (k, len(resources)))
    return problems


def espi_resources(root):
    if root.tag.startswith("{%s}" % ESPI):
        return [root]
    out = []
    for content in root.iter(q(ATOM, "content")):
        out.extend(c for c in content if c.tag.startswith("{%s}" % ESPI))
    return out


def check(schema, path, strict_atom):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        return ["not well-formed XML: %s" % e], 0
    problems = atom_problems(root) if strict_atom else []
    resources = espi_resources(root)
    if not resources:
        problems.append("no ESPI resource found")
    for element in resources:
        local = element.tag.split("}", 1)[1]
        for error in schema.iter_errors(element):
            problems.append("<%s>: %s" % (local, str(error.reason or error).strip()))
            if len(problems) > 50:
                problems.append("... (more errors not shown)")
                return problems, len(resources)
    return problems, len(resources)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--xsd", default=DEFAULT_XSD, help="path to usage.xsd")
    parser.add_argument("--strict-atom", action="store_true", help="also check the Atom envelope GridSettle writes")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    schema = load_schema(args.xsd)
    failed = 0
    for path in args.files:
        problems, count = check(schema, path, args.strict_atom)
        if problems:
            failed += 1
            print("INVALID %s" % path)
            for p in problems:
                print("  %s" % p)
        else:
            print("valid %s (%d ESPI resources)" % (path, count))
    print("%d passed, %d failed" % (len(args.files) - failed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
