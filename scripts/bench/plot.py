#!/usr/bin/env python3
"""plot.py RESULTS_FILE OUT.png - negotiations/s against concurrency for each daemon.

Reads the "RESULT daemon=... concurrency=... rate=..." lines that bench-strongswan.sh and
bench-raccoon.sh write (only the sweep runs: lines with kind=sweep, or without a kind), and draws
one line per daemon.  A second panel shows the responder's CPU ms per negotiation.  Needs
matplotlib (Debian: python3-matplotlib).
"""
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402


def parse(path):
    runs = []
    for line in open(path):
        if not line.startswith("RESULT "):
            continue
        fields = dict(f.split("=", 1) for f in line.split()[1:] if "=" in f)
        if fields.get("kind", "sweep") not in ("sweep", "cross"):
            continue
        runs.append(fields)
    return runs


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    runs = parse(sys.argv[1])
    if not runs:
        sys.exit("plot.py: no RESULT lines in " + sys.argv[1])
    names = {"raccoon": "Raccoon -> Raccoon", "strongswan": "strongSwan -> strongSwan",
             "rcn2sw": "Raccoon initiator -> strongSwan responder", "sw2rcn": "strongSwan -> Raccoon responder",
             "raccoon-engine": "Raccoon -> Raccoon engine-level responder (interim)"}
    fig, (ax, cpu) = plt.subplots(1, 2, figsize=(12, 4.6))
    for daemon in sorted({r["daemon"] for r in runs}):
        points = sorted((int(r["concurrency"]), r) for r in runs if r["daemon"] == daemon and "rate" in r)
        if not points:
            continue
        xs = [c for c, _ in points]
        style = "--" if daemon in ("rcn2sw", "sw2rcn", "raccoon-engine") else "-"
        colour = {"raccoon": "C0", "strongswan": "C1", "rcn2sw": "C2", "sw2rcn": "C3", "raccoon-engine": "C4"}.get(daemon)
        ax.plot(xs, [float(r["rate"]) for _, r in points], style, marker="o", color=colour,
                label=names.get(daemon, daemon))
        init_owner = {"raccoon": "Raccoon", "strongswan": "strongSwan", "rcn2sw": "Raccoon", "sw2rcn": "strongSwan",
                      "raccoon-engine": "Raccoon"}
        resp_owner = {"raccoon": "Raccoon", "strongswan": "strongSwan", "rcn2sw": "strongSwan", "sw2rcn": "Raccoon",
                      "raccoon-engine": "Raccoon engine"}
        if daemon in ("raccoon", "strongswan", "rcn2sw", "raccoon-engine"):
            cpu.plot(xs, [float(r["init_cpu_ms"]) for _, r in points], style, marker="^",
                     color="C0" if init_owner[daemon].startswith("Raccoon") else "C1",
                     label=f"{init_owner[daemon]} initiator ({names.get(daemon, daemon)})")
        if daemon in ("raccoon", "strongswan", "raccoon-engine"):
            cpu.plot(xs, [float(r["resp_cpu_ms"]) for _, r in points], ":", marker="v",
                     color="C0" if resp_owner[daemon].startswith("Raccoon") else "C1",
                     label=f"{resp_owner[daemon]} responder ({names.get(daemon, daemon)})")
    levels = sorted({int(r["concurrency"]) for r in runs})
    for a in (ax, cpu):
        a.set_xscale("log", base=2)
        a.set_xticks(levels)
        a.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
        a.minorticks_off()
        a.set_xlabel("negotiations in flight (concurrency)")
        a.grid(True, which="both", alpha=0.3)
        a.legend(fontsize=8)
        a.set_ylim(bottom=0)
    ax.set_ylabel("MM + QM (PFS) negotiations / s")
    ax.set_title("Rate, both daemons on the same 2 cores")
    cpu.set_ylabel("CPU ms / negotiation")
    cpu.set_title("Cost per negotiation and side")
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=110)


if __name__ == "__main__":
    main()
