#!/usr/bin/env python3
"""report.py RESULTS_FILE - the comparison table and the goal check of a bench.sh run.

RESULTS_FILE holds the "RESULT ..." lines of bench-strongswan.sh and bench-raccoon.sh, and optionally
"DHFLOOR keygen_us=... derive_us=... cores=... [chain_us=...]" (from raccoon-bench crypto, our exponent size).
Goals (issues 10 and 21) are checked by reading this output; nothing here is a timed test.
"""
import sys


def parse(path):
    runs, floor = [], None
    for line in open(path):
        words = line.split()
        if not words:
            continue
        fields = dict(w.split("=", 1) for w in words[1:] if "=" in w)
        if words[0] == "RESULT":
            fields.setdefault("kind", "sweep")
            runs.append(fields)
        elif words[0] == "DHFLOOR":
            floor = fields
    return runs, floor


def fmt(value, spec=".1f"):
    return "n/a" if value is None else format(value, spec)


def ratio(a, b, invert=False):
    if a is None or b is None or a == 0 or b == 0:
        return "n/a"
    return f"{(b / a if invert else a / b):.2f}x"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    runs, floor = parse(sys.argv[1])
    sweep = {}
    for r in runs:
        if r["kind"] == "sweep":
            sweep[(r["daemon"], int(r["concurrency"]))] = r  # the last run of a cell counts
    # Until the daemon runs with --kernel=memory, the interim engine-level responder stands in for it, labelled.
    interim = not any(d == "raccoon" for d, _ in sweep) and any(d == "raccoon-engine" for d, _ in sweep)
    if interim:
        print("NOTE: no daemon figures; the Raccoon columns are the INTERIM engine-level responder")
        print("      (raccoon-loadgen --respond: IKEEngine + fake kernel, transport mode), not `raccoon --kernel=memory`.")
        print()
        for key in list(sweep):
            if key[0] == "raccoon-engine":
                sweep[("raccoon", key[1])] = sweep[key]
    levels = sorted({c for (_, c) in sweep})

    def get(daemon, c, key):
        r = sweep.get((daemon, c))
        return None if r is None or key not in r else float(r[key])

    print("Rate and cost per negotiation (MM + QM with PFS; IKE aes128-sha1-modp1024, ESP aes128-sha1 + modp1024)")
    head = (f"{'C':>4} | {'rate/s rcn':>10} {'sswan':>7} {'ratio':>6} | {'resp CPU ms rcn':>15} {'sswan':>6} {'ratio':>6} |"
            f" {'init CPU ms rcn':>15} {'sswan':>6} | {'p50 ms rcn':>10} {'sswan':>6} | {'p99 ms rcn':>10} {'sswan':>6}")
    print(head)
    print("-" * len(head))
    for c in levels:
        print(f"{c:>4} | {fmt(get('raccoon', c, 'rate')):>10} {fmt(get('strongswan', c, 'rate')):>7} "
              f"{ratio(get('raccoon', c, 'rate'), get('strongswan', c, 'rate')):>6} | "
              f"{fmt(get('raccoon', c, 'resp_cpu_ms'), '.3f'):>15} {fmt(get('strongswan', c, 'resp_cpu_ms'), '.3f'):>6} "
              f"{ratio(get('raccoon', c, 'resp_cpu_ms'), get('strongswan', c, 'resp_cpu_ms'), invert=True):>6} | "
              f"{fmt(get('raccoon', c, 'init_cpu_ms'), '.3f'):>15} {fmt(get('strongswan', c, 'init_cpu_ms'), '.3f'):>6} | "
              f"{fmt(get('raccoon', c, 'p50_ms'), '.2f'):>10} {fmt(get('strongswan', c, 'p50_ms'), '.1f'):>6} | "
              f"{fmt(get('raccoon', c, 'p99_ms'), '.2f'):>10} {fmt(get('strongswan', c, 'p99_ms'), '.1f'):>6}")
    print("(ratio: Raccoon/strongSwan for the rate, strongSwan/Raccoon for CPU, so > 1 means Raccoon is better)")
    print()
    print("Peak RSS (KiB) in the sweep, initiator / responder")
    for daemon in ("raccoon", "strongswan"):
        cells = [(c, sweep[(daemon, c)]) for c in levels if (daemon, c) in sweep]
        if cells:
            print(f"  {daemon:<10} " + ", ".join(f"C={c}: {r['init_peak_rss_kib']}/{r['resp_peak_rss_kib']}" for c, r in cells))
    print()
    cross = {}
    for r in runs:
        if r["kind"] == "cross":
            cross[(r["daemon"], int(r["concurrency"]))] = r
    if any(d == "rcn2sw" for d, _ in cross):
        print("Cross run: Raccoon initiator (raccoon-loadgen) -> strongSwan responder, against charon -> charon")
        print(f"{'C':>4} | {'rate/s':>7} | {'init CPU ms rcn':>15} {'sswan':>6} {'ratio':>6} | {'p50 ms':>7} {'p99 ms':>7} | {'charon resp CPU ms':>18}")
        for (d, c), r in sorted(cross.items()):
            if d != "rcn2sw":
                continue
            sw = get("strongswan", c, "init_cpu_ms")
            mine = float(r["init_cpu_ms"])
            print(f"{c:>4} | {float(r['rate']):>7.1f} | {mine:>15.3f} {fmt(sw, '.3f'):>6} {ratio(mine, sw, invert=True):>6} | "
                  f"{float(r['p50_ms']):>7.2f} {float(r['p99_ms']):>7.2f} | {float(r['resp_cpu_ms']):>18.3f}")
        print("(the rate is bounded by the charon responder; ratio = strongSwan/Raccoon initiator CPU)")
        print()
    if any(d == "sw2rcn" for d, _ in cross):
        print("Cross run: strongSwan load-tester -> Raccoon responder")
        for (d, c), r in sorted(cross.items()):
            if d == "sw2rcn":
                print(f"  C={c}: {r['ok']}/{r['count']} established, Raccoon responder {float(r['resp_cpu_ms']):.3f} ms CPU, "
                      f"{float(r['resp_rss_per_peer_kib']):.2f} KiB/peer")
        print()
    memory = [r for r in runs if r["kind"] == "memory"]
    if memory:
        print("Memory with established peers (each: 1 ISAKMP SA + 2 IPsec SAs), responder")
        print(f"{'daemon':<11} {'peers':>7} {'RSS/peer KiB':>13} {'peak RSS KiB':>13} {'rate/s':>8} {'failed':>7}")
        for r in sorted(memory, key=lambda r: (r["daemon"], int(r["peers"]))):
            print(f"{r['daemon']:<11} {int(r['peers']):>7} {float(r['resp_rss_per_peer_kib']):>13.2f} "
                  f"{int(r['resp_peak_rss_kib']):>13} {float(r['rate']):>8.1f} {int(r['count']) - int(r['ok']):>7}")
        print()

    floor_rate = per_side_ms = None
    if floor:
        cores = int(floor.get("cores", 2))
        per_side_ms = 2 * (float(floor["keygen_us"]) + float(floor["derive_us"])) / 1000
        floor_rate = cores / (2 * per_side_ms / 1000)
        print(f"DH floor (raw OpenSSL, MODP-1024, x={floor.get('exponent_bits', '?')} bits): keygen {floor['keygen_us']} us, "
              f"derive {floor['derive_us']} us -> {per_side_ms:.3f} ms per side per negotiation, "
              f"{floor_rate:.0f} negotiations/s for two daemons on {cores} cores")
        print()
    mem = {int(r["peers"]): r for r in memory if r["daemon"] == ("raccoon-engine" if interim else "raccoon")}
    print("Goals (issue 10)")
    rc_rates = [(c, get("raccoon", c, "rate"), get("strongswan", c, "rate")) for c in levels]
    best_rc = max((r for _, r, _ in rc_rates if r is not None), default=None)
    best_sw = max((s for _, _, s in rc_rates if s is not None), default=None)
    if best_rc is None:
        print("  no Raccoon figures in this run: goals not checked")
    else:
        verdict = "met" if best_sw and best_rc >= 4 * best_sw else "NOT met"
        print(f"  >= 4x strongSwan's rate: best Raccoon {best_rc:.1f}/s vs best strongSwan {fmt(best_sw)}/s "
              f"= {ratio(best_rc, best_sw)}: {verdict}")
        if floor:
            resp = [get("raccoon", c, "resp_cpu_ms") for c in levels]
            best_resp = min((x for x in resp if x is not None), default=None)
            v1 = "met" if best_rc * 1.5 >= floor_rate else "NOT met"
            print(f"    within 1.5x of the floor rate: best {best_rc:.1f}/s vs {floor_rate / 1.5:.0f}/s needed: {v1}")
            if best_resp is not None:
                v2 = "met" if best_resp <= 1.5 * per_side_ms else "NOT met"
                print(f"    responder CPU per negotiation {best_resp:.3f} ms vs 1.5 x {per_side_ms:.3f} ms: {v2}")
        low = [c for c in levels if get("raccoon", c, "p50_ms") is not None]
        if low:
            c0 = low[0]
            p50 = get("raccoon", c0, "p50_ms")
            print(f"  p50 ACQUIRE -> SAs installed < 2 ms at low load (C={c0}): {p50:.2f} ms: {'met' if p50 < 2 else 'NOT met'}")
        for peers in sorted(mem):
            r = mem[peers]
            per = float(r["resp_rss_per_peer_kib"])
            failed = int(r["count"]) - int(r["ok"])
            note = f"<= 8 KiB/peer: {'met' if per <= 8 else 'NOT met'}" if peers >= 10000 else "(reference)"
            print(f"  {peers} peers: {per:.2f} KiB/peer, {failed} failed {note}")
        if 50000 not in mem:
            print("  50k established peers without errors: not run in this invocation")
        else:
            r = mem[50000]
            print(f"  50k established peers without errors: {'met' if r['ok'] == r['count'] else 'NOT met'}")
    print()
    ratio_goals(levels, get, floor, per_side_ms, mem)


def ratio_goals(levels, get, floor, per_side_ms, memory):
    """Issue 21's goals: ratios within one run, since absolute times move with the machine and its load."""
    print("Goals (issue 21, ratios in this run)")
    if not floor or get is None:
        print("  no DH floor in this run (raccoon-bench crypto): goals not checked")
        return

    def verdict(ok):
        return "met" if ok else "NOT met"

    for c in levels:
        bound = 1.5 if c == 1 else 1.25 if c >= 4 else None
        for side, key in (("responder daemon", "resp_cpu_ms"), ("load generator", "init_cpu_ms")):
            cpu = get("raccoon", c, key)
            if cpu is None:
                continue
            times = cpu / per_side_ms
            goal = f"<= {bound}x: {verdict(times <= bound)}" if bound else "(no goal at this C)"
            print(f"  C={c}: {side} CPU {cpu:.3f} ms = {times:.2f}x the DH floor {per_side_ms:.3f} ms {goal}")
        mine = [get("raccoon", c, k) for k in ("init_cpu_ms", "resp_cpu_ms")]
        theirs = [get("strongswan", c, k) for k in ("init_cpu_ms", "resp_cpu_ms")]
        if None not in mine and None not in theirs:
            times = sum(theirs) / sum(mine)
            print(f"  C={c}: CPU both sides {sum(mine):.3f} ms vs strongSwan {sum(theirs):.3f} ms = {times:.2f}x less "
                  f">= 4x: {verdict(times >= 4)}")
    p50, p50_sw = get("raccoon", 1, "p50_ms"), get("strongswan", 1, "p50_ms")
    if p50 is not None and "chain_us" in floor:
        chain = float(floor["chain_us"]) / 1000
        print(f"  C=1: p50 {p50:.2f} ms = {p50 / chain:.2f}x the serial crypto chain {chain:.3f} ms "
              f"<= 2.5x: {verdict(p50 <= 2.5 * chain)}")
    if p50 is not None and p50_sw is not None:
        print(f"  C=1: p50 {p50:.2f} ms vs strongSwan {p50_sw:.2f} ms = {p50_sw / p50:.2f}x better "
              f">= 2.5x: {verdict(p50_sw >= 2.5 * p50)}")
    if 50000 in memory:
        per = float(memory[50000]["resp_rss_per_peer_kib"])
        print(f"  50k peers: {per:.2f} KiB/peer <= 4 KiB: {verdict(per <= 4)}")
    else:
        print("  RSS at 50k peers: not run in this invocation")


if __name__ == "__main__":
    main()
