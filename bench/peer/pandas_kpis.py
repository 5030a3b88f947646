#!/usr/bin/env python3
"""The analyst's alternative: the core ITSM KPIs from ServiceNow list exports with pandas.

Reads incident.csv and change_request.csv from a folder and prints JSON: MTTR (mean, median, p90 in
calendar hours) by resolution month x priority, SLA attainment (made_sla, by opened month), the FCR proxy
(resolved, never reassigned, never reopened), reopen rate, and change success rate (close code), overall and
by month x priority, on the definitions of queries/mttr.sql, sla_attainment.sql, fcr_first_assignment.sql,
reopen_rate.sql and change_success_rate.sql. Months are UTC; exports are read as UTC (itsm-lens's default).

Usage: /usr/bin/python3 bench/peer/pandas_kpis.py EXPORTS_DIR > peer.json
"""
import json
import os
import sys
import time

import pandas as pd

DATE = "%Y-%m-%d %H:%M:%S"
NULLS = ["", "?"]  # ServiceNow's own null marker besides the empty cell
OUTCOME = {"successful": "successful", "successful with issues": "successful_with_issues",
           "unsuccessful": "unsuccessful", "backed out": "backed_out", "rolled back": "backed_out"}
WITH_OUTCOME = ["successful", "successful_with_issues", "unsuccessful", "backed_out"]


def ts(s):
    return pd.to_datetime(s, format=DATE, utc=True)


def priority(s):
    # "1 - Critical" -> 1; a bare label ("Critical") -> 1..5; anything else -> no priority
    words = {"critical": 1, "high": 2, "moderate": 3, "medium": 3, "low": 4, "planning": 5}
    num = pd.to_numeric(s.str.extract(r"^\s*(\d+)", expand=False), errors="coerce")
    return num.fillna(s.str.strip().str.lower().map(words)).astype("Int64")


def month(t):
    return t.dt.strftime("%Y-%m")


def ratio(ok, n):
    return {"value": (ok / n) if n else None, "n": int(n)}


def mttr(h):
    h = h[h >= 0]
    if not len(h):
        return {"n": 0, "mean": None, "median": None, "p90": None}
    return {"n": int(len(h)), "mean": float(h.mean()), "median": float(h.median()), "p90": float(h.quantile(0.9))}


def grouped(df, fn):
    out = {}
    for (m, p), g in df.groupby(["month", "priority"], dropna=False, sort=False):
        out[f"{m}|{'' if pd.isna(p) else int(p)}"] = fn(g)
    return out


def main(folder):
    t0 = time.perf_counter()
    inc = pd.read_csv(os.path.join(folder, "incident.csv"), dtype=str, keep_default_na=False, na_values=NULLS,
                      usecols=["number", "priority", "opened_at", "resolved_at", "made_sla", "reassignment_count", "reopen_count"])
    chg = pd.read_csv(os.path.join(folder, "change_request.csv"), dtype=str, keep_default_na=False, na_values=NULLS,
                      usecols=["number", "priority", "close_code", "opened_at", "closed_at", "work_end"])
    t1 = time.perf_counter()

    inc = inc[inc["number"].str.lower().str.startswith("inc")]
    inc["priority"] = priority(inc["priority"])
    opened, resolved = ts(inc["opened_at"]), ts(inc["resolved_at"])
    inc["hours"] = (resolved - opened).dt.total_seconds() / 3600.0
    inc["sla"] = inc["made_sla"].str.strip().str.lower().map({"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False})
    inc["reassign"] = pd.to_numeric(inc["reassignment_count"], errors="coerce")
    inc["reopen"] = pd.to_numeric(inc["reopen_count"], errors="coerce")

    res = inc[resolved.notna()].assign(month=month(resolved[resolved.notna()]))
    times = res[opened[resolved.notna()].notna()]
    sla = inc[inc["sla"].notna()].assign(month=month(opened[inc["sla"].notna()]))
    fcr = res[res["reassign"].notna()]
    fcr = fcr.assign(first=(fcr["reassign"] == 0) & (fcr["reopen"].fillna(0) == 0))
    reo = res[res["reopen"].notna()]

    chg["priority"] = priority(chg["priority"])
    chg["outcome"] = chg["close_code"].str.strip().str.lower().map(OUTCOME)
    done = ts(chg["work_end"]).fillna(ts(chg["closed_at"])).fillna(ts(chg["opened_at"]))
    chg = chg.assign(month=month(done))
    chg = chg[chg["outcome"].isin(WITH_OUTCOME)]

    kpis = {
        "mttr": (times, lambda g: mttr(g["hours"])),
        "sla_attainment": (sla, lambda g: ratio(int(g["sla"].sum()), len(g))),
        "fcr": (fcr, lambda g: ratio(int(g["first"].sum()), len(g))),
        "reopen_rate": (reo, lambda g: ratio(int((g["reopen"] > 0).sum()), len(g))),
        "change_success_rate": (chg, lambda g: ratio(int((g["outcome"] == "successful").sum()), len(g))),
    }
    out = {"overall": {k: fn(df) for k, (df, fn) in kpis.items()},
           "by_month_priority": {k: grouped(df, fn) for k, (df, fn) in kpis.items()}}
    t2 = time.perf_counter()
    out["timing_s"] = {"read": round(t1 - t0, 3), "compute": round(t2 - t1, 3)}
    out["rows"] = {"incidents": int(len(inc)), "changes_with_outcome": int(len(chg))}
    out["pandas"] = pd.__version__
    json.dump(out, sys.stdout, allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: pandas_kpis.py EXPORTS_DIR")
    main(sys.argv[1])
