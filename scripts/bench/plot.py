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
        if fields.get("kind", "sweep") != "sweep":
            continue
        runs.append(fields)
    return runs


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    runs = parse(sys.argv[1])
    if not runs:
        sys.exit("plot.py: no RESULT lines in " + sys.argv[1])
    names = {"raccoon": "Raccoon", "strongswan": "strongSwan 5.9.8"}
    fig, (ax, cpu) = plt.subplots(1, 2, figsize=(11, 4.2))
    for daemon in sorted({r["daemon"] for r in runs}):
        points = sorted((int(r["concurrency"]), float(r["rate"]), float(r["resp_cpu_ms"]))
                        for r in runs if r["daemon"] == daemon)
        xs = [p[0] for p in points]
        label = names.get(daemon, daemon)
        ax.plot(xs, [p[1] for p in points], marker="o", label=label)
        cpu.plot(xs, [p[2] for p in points], marker="o", label=label)
    levels = sorted({int(r["concurrency"]) for r in runs})
    for a in (ax, cpu):
        a.set_xscale("log", base=2)
        a.set_xticks(levels)
        a.get_xaxis().set_major_formatter(matplotlib.ticker.ScalarFormatter())
        a.minorticks_off()
        a.set_xlabel("negotiations in flight (concurrency)")
        a.grid(True, which="both", alpha=0.3)
        a.legend()
        a.set_ylim(bottom=0)
    ax.set_ylabel("MM + QM (PFS) negotiations / s")
    ax.set_title("Rate, both daemons on the same 2 cores")
    cpu.set_ylabel("responder CPU ms / negotiation")
    cpu.set_title("Responder cost")
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=110)


if __name__ == "__main__":
    main()
