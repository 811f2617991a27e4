#!/usr/bin/env python3
"""An openleadr (OpenADR 2.0b, PyPI `openleadr` 0.5.34) VTN for GridSettle's loop-back peer test.

Started by scripts/openleadr_peer_check.sh. It serves plain HTTP on 127.0.0.1 (no TLS, no XML signatures:
openleadr signs only when given a certificate and key, and checks VEN certificates only on TLS requests),
accepts the registration of one VEN (`--ven-name`), and queues two events for it:

  gs-dispatch-1  LOAD_DISPATCH / setpoint, power:powerReal W siScaleCode k, four 15-minute intervals
                 (kW: -250, -250, 125.5, 0) starting at the next whole hour + 1 day (so openleadr marks it `far`)
  gs-simple-1    SIMPLE / level 1 for one hour, the hour after the dispatch (an event, not an award)

Before serving it writes --ready (JSON): the VTN URL, the VEN name, and what GridSettle must record from
those events (awards in µMW for market run FMM, events with their windows). It exits 0 once the VEN has
answered oadrCreatedEvent with optIn for both events (the result goes to --result), or 1 on --timeout.
"""
import argparse
import asyncio
import json
import logging
import os
import socket
import sys
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from openleadr import OpenADRServer, objects

VEN_ID = "ven-gridsettle-1"
REGISTRATION_ID = "reg-gridsettle-1"
SETPOINTS_KW = ["-250", "-250", "125.5", "0"]
STEP = timedelta(minutes=15)


def epoch(t):
    return int(t.timestamp())


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ready", required=True, help="write the URL and the expected records here once serving")
    ap.add_argument("--result", required=True, help="write the VEN's opt responses here")
    ap.add_argument("--ven-name", default="gridsettle-ven")
    ap.add_argument("--port", type=int, default=0, help="0 = a free port")
    ap.add_argument("--timeout", type=float, default=900)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="vtn: %(levelname)s %(message)s")

    port = args.port or free_port()
    prefix = "/OpenADR2/Simple/2.0b"
    server = OpenADRServer(vtn_id="gridsettle-test-vtn", http_host="127.0.0.1", http_port=port, http_path_prefix=prefix,
                           requested_poll_freq=timedelta(seconds=1))
    loop = asyncio.get_running_loop()
    registered = []

    def on_create_party_registration(info):
        registered.append(info.get("ven_name"))
        if info.get("ven_name") == args.ven_name:
            return VEN_ID, REGISTRATION_ID
        return False

    server.add_handler("on_create_party_registration", on_create_party_registration)

    now = datetime.now(timezone.utc)
    start = now.replace(minute=0, second=0, microsecond=0) + timedelta(days=1, hours=1)
    answers = {}
    done = loop.create_future()

    def on_opt(ven_id, event_id, opt_type):
        answers[event_id] = {"ven_id": ven_id, "opt_type": opt_type}
        if len(answers) == 2 and not done.done():
            done.set_result(True)

    # 1. LOAD_DISPATCH set-points in kW (a raw Event, so the signal carries its power:powerReal units).
    measurement = objects.Measurement(name="powerReal", description="RealPower", unit="W", scale="k",
                                      power_attributes=objects.PowerAttributes(hertz=60, voltage=480, ac=True))
    intervals = [objects.Interval(dtstart=start + k * STEP, duration=STEP, signal_payload=float(v))
                 for k, v in enumerate(SETPOINTS_KW)]
    dispatch = objects.Event(
        event_descriptor=objects.EventDescriptor(event_id="gs-dispatch-1", modification_number=0,
                                                 market_context="http://gridsettle.test/program/pdr-1",
                                                 event_status="far", created_date_time=now, priority=1),
        event_signals=[objects.EventSignal(intervals=intervals, signal_name="LOAD_DISPATCH", signal_type="setpoint",
                                           signal_id="gs-dispatch-1-signal", measurement=measurement)],
        targets=[objects.Target(ven_id=VEN_ID)],
        active_period=objects.ActivePeriod(dtstart=start, duration=STEP * len(SETPOINTS_KW)))
    server.add_raw_event(ven_id=VEN_ID, event=dispatch, callback=on_opt)
    # 2. A SIMPLE level event through the convenience API: an event window, not an award.
    simple_start = start + STEP * len(SETPOINTS_KW)
    server.add_event(ven_id=VEN_ID, signal_name="SIMPLE", signal_type="level", event_id="gs-simple-1",
                     intervals=[objects.Interval(dtstart=simple_start, duration=timedelta(hours=1), signal_payload=1.0)],
                     callback=on_opt)

    await server.run()
    expected = {
        "vtn_url": f"http://127.0.0.1:{port}{prefix}",
        "ven_name": args.ven_name,
        "ven_id": VEN_ID,
        "award_run": "FMM",
        "awards": [{"resource": VEN_ID, "start": epoch(start + k * STEP), "seconds": 900,
                    "micro_mw": int(Decimal(v) * 1000)} for k, v in enumerate(SETPOINTS_KW)],
        "events": [
            {"resource": VEN_ID, "event_id": "gs-dispatch-1", "start": epoch(start),
             "end": epoch(start + STEP * len(SETPOINTS_KW)), "kind": "dispatch"},
            {"resource": VEN_ID, "event_id": "gs-simple-1", "start": epoch(simple_start),
             "end": epoch(simple_start + timedelta(hours=1)), "kind": "dispatch"},
        ],
    }
    with open(args.ready + ".tmp", "w") as f:
        json.dump(expected, f, indent=2)
    os.replace(args.ready + ".tmp", args.ready)
    print(f"vtn: serving {expected['vtn_url']}", flush=True)
    try:
        await asyncio.wait_for(done, timeout=args.timeout)
    except asyncio.TimeoutError:
        print(f"vtn: no oadrCreatedEvent for both events within {args.timeout} s; registrations: {registered}; "
              f"answers: {answers}", file=sys.stderr, flush=True)
        await server.stop()
        return 1
    with open(args.result, "w") as f:
        json.dump({"registrations": registered, "answers": answers}, f, indent=2)
    print(f"vtn: VEN answered {answers}", flush=True)
    await asyncio.sleep(0.2)  # let the last HTTP answer go out
    await server.stop()
    return 0 if all(a["opt_type"] == "optIn" for a in answers.values()) else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
