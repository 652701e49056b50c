"""Runs the conformance cases against a daemon: python3 -m ikeconf --target ADDR --peers CIDR --psk SECRET ...

Prints one line per case (PASS/FAIL, the case's id, what the daemon did) and a summary; exit status 1 if any failed.
"""
import argparse
import ipaddress
import subprocess
import sys
import time

from . import cases
from .initiator import Exchange, Peer


class Context:
    """What a case needs: a fresh source address (its own peer, so no case sees another's state), the secret,
    raccoonctl, and the daemon's log."""

    def __init__(self, options) -> None:
        self.options = options
        self.target = options.target
        self.psk = options.psk.encode()
        self.hosts = iter(ipaddress.ip_network(options.peers).hosts())
        self.peers: list[Peer] = []

    def peer(self) -> tuple[Peer, str]:
        source = str(next(self.hosts))
        peer = Peer(source, self.target)
        self.peers.append(peer)
        return peer, source

    def exchange(self, peer_and_source=None) -> Exchange:
        peer, source = peer_and_source or self.peer()
        return Exchange(peer, self.psk, source)

    def ctl(self, *arguments: str) -> str:
        result = subprocess.run([self.options.raccoonctl, "-s", self.options.adminsock, *arguments],
                                capture_output=True, text=True, timeout=10)
        return result.stdout

    def log(self) -> str:
        with open(self.options.daemon_log, errors="replace") as f:
            return f.read()

    def close(self) -> None:
        for peer in self.peers:
            peer.close()
        self.peers = []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--target", required=True)
    parser.add_argument("--peers", required=True, help="a CIDR whose addresses are local (one per case)")
    parser.add_argument("--psk", required=True)
    parser.add_argument("--raccoonctl", required=True)
    parser.add_argument("--adminsock", required=True)
    parser.add_argument("--daemon-log", required=True)
    parser.add_argument("prefixes", nargs="*", help="run only the cases whose id starts with one of these")
    options = parser.parse_args()
    context = Context(options)
    selected = [c for c in cases.ALL if not options.prefixes or any(c.id.startswith(p) for p in options.prefixes)]
    failed, start = [], time.monotonic()
    for case in selected:
        t0 = time.monotonic()
        try:
            detail = case.run(context)
            verdict = "PASS"
        except cases.Failure as failure:
            detail, verdict = str(failure), "FAIL"
            failed.append(case.id)
        except Exception as error:  # a harness error is a failure too, never a pass
            detail, verdict = f"harness error: {error!r}", "FAIL"
            failed.append(case.id)
        finally:
            context.close()
        print(f"{verdict}  {case.id:<34} {time.monotonic() - t0:5.2f}s  {detail}", flush=True)
    print(f"conformance: {len(selected) - len(failed)}/{len(selected)} cases passed in "
          f"{time.monotonic() - start:.1f} s" + (f"; failed: {' '.join(failed)}" if failed else ""))
    return 1 if failed or not selected else 0


if __name__ == "__main__":
    sys.exit(main())
