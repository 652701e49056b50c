#!/usr/bin/env python3
"""capture.py - record the raw bytes a real kernel sends over NETLINK_XFRM, for the XFRM codec's unit tests.

    scripts/xfrm/capture.py OUTDIR [--esp] [--label CONTEXT]
    scripts/xfrm/capture.py --describe FILE...      print each file's messages: type, length, attributes

Runs as root, in a network namespace of its own (unshare(CLONE_NEWNET) before anything else, so nothing reaches the
machine's own SPD/SAD or network). Inside it: lo up, a veth pair v0 (10.0.0.1/24) <-> v1 (no address), the sysctl
net.core.xfrm_acq_expires set to 3 s. One netlink socket subscribed to XFRMNLGRP_ACQUIRE, EXPIRE, SA and POLICY
records the kernel's multicast events; a second one sends requests and records the replies. The actions are iproute2
commands (`ip xfrm ...`) and a UDP send through a policy with no SA; dumps, ALLOCSPI, an error and an ACK are
requests this script builds itself (struct layouts from include/uapi/linux/xfrm.h and netlink.h, x86-64).

Each capture is one netlink message, exactly as received (header included), in OUTDIR/NAME.bin; a dump is also kept
as the whole datagram the kernel sent (NAME.datagram.bin: several messages and NLMSG_DONE in one read). OUTDIR/
manifest.txt lists, per file: the message type, its length, and the action that produced it; and every action the
kernel refused, with its error. Nothing is asserted: what a kernel refuses is recorded, not hidden.

--esp: also the captures that need ESP (an SA with ESP HMAC-SHA-256 and AES-CBC: NEWSA/DELSA/FLUSHSA events, an SA
dump, soft and hard EXPIRE of an SA with short lifetimes). --label CONTEXT: attach this security context
(`ctx CONTEXT`) to the labeled policy and SA; the kernel keeps it only if an LSM (SELinux) is active.

Python 3 standard library only (the qemu guest sees this machine's /usr/bin/python3).
"""

import ctypes
import os
import socket
import struct
import subprocess
import sys
import time

NETLINK_XFRM = 6
CLONE_NEWNET = 0x40000000

# netlink.h
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 0x1, 0x4, 0x300

# xfrm.h: message types
XFRM = {
    0x10: "NEWSA", 0x11: "DELSA", 0x12: "GETSA", 0x13: "NEWPOLICY", 0x14: "DELPOLICY", 0x15: "GETPOLICY",
    0x16: "ALLOCSPI", 0x17: "ACQUIRE", 0x18: "EXPIRE", 0x19: "UPDPOLICY", 0x1a: "UPDSA", 0x1b: "POLEXPIRE",
    0x1c: "FLUSHSA", 0x1d: "FLUSHPOLICY", 0x1e: "NEWAE", 0x1f: "GETAE", 0x20: "REPORT", 0x21: "MIGRATE",
}
TYPE = {name: code for code, name in XFRM.items()}
# xfrm.h: enum xfrm_nlgroups (XFRMNLGRP_ACQUIRE = 1, EXPIRE = 2, SA = 3, POLICY = 4); bind() takes a bit mask
GROUPS = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 3)

A, B = "10.0.0.1", "10.0.0.2"
NLHDR = struct.Struct("=IHHII")  # nlmsg_len, nlmsg_type, nlmsg_flags, nlmsg_seq, nlmsg_pid


def type_name(t):
    return {NLMSG_ERROR: "NLMSG_ERROR", NLMSG_DONE: "NLMSG_DONE"}.get(t, "XFRM_MSG_" + XFRM.get(t, hex(t)))


def split(datagram):
    """The netlink messages in one datagram (NLMSG_ALIGN 4)."""
    out, off = [], 0
    while off + NLHDR.size <= len(datagram):
        length = NLHDR.unpack_from(datagram, off)[0]
        if length < NLHDR.size or off + length > len(datagram):
            break
        out.append(datagram[off:off + length])
        off += (length + 3) & ~3
    return out


def msg_type(msg):
    return NLHDR.unpack_from(msg, 0)[1]


def errno_of(msg):
    """The (negative) error of an NLMSG_ERROR message."""
    return struct.unpack_from("=i", msg, NLHDR.size)[0]


# ------------------------------------------------------------------ request bodies (xfrm.h, x86-64 layout)

def addr4(a):
    return socket.inet_aton(a) + bytes(12)  # xfrm_address_t: 16 bytes


def selector(src, dst, proto=0):
    # struct xfrm_selector: daddr, saddr, dport, dport_mask, sport, sport_mask (be16), family, prefixlen_d,
    # prefixlen_s, proto, 3 pad, ifindex, user = 56 bytes
    return addr4(dst) + addr4(src) + struct.pack("=HHHHHBBB3xiI", 0, 0, 0, 0, socket.AF_INET, 32, 32, proto, 0, 0)


def usersa_info(src, dst, spi, proto, reqid, mode=0):
    # struct xfrm_usersa_info: sel(56) id{daddr, spi(be32), proto, 3 pad}(24) saddr(16) lft(64) curlft(32)
    # stats(12) seq reqid family mode replay_window flags 7 pad = 224 bytes
    sa_id = addr4(dst) + struct.pack("!I", spi) + struct.pack("=B3x", proto)
    lft = struct.pack("=8Q", *([0xFFFFFFFFFFFFFFFF] * 4 + [0] * 4))
    body = selector(src, dst) + sa_id + addr4(src) + lft + bytes(32) + bytes(12)
    body += struct.pack("=IIHBBB7x", 0, reqid, socket.AF_INET, mode, 0, 0)
    assert len(body) == 224
    return body


def attr(atype, payload):
    # struct rtattr: rta_len, rta_type; payload padded to 4
    return struct.pack("=HH", 4 + len(payload), atype) + payload + bytes(-len(payload) % 4)


def algo(name, key, trunc_bits=None):
    # struct xfrm_algo {alg_name[64], alg_key_len (bits), key} / xfrm_algo_auth {..., alg_trunc_len, key}
    head = name.encode().ljust(64, b"\0") + struct.pack("=I", len(key) * 8)
    return head + (struct.pack("=I", trunc_bits) if trunc_bits is not None else b"") + key


def userpolicy_id(src, dst, direction):
    # struct xfrm_userpolicy_id: sel(56) index dir 7 pad = 64 bytes
    return selector(src, dst) + struct.pack("=IB7x", 0, direction)


# ------------------------------------------------------------------ the namespace and the sockets

def enter_namespace():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) != 0:
        sys.exit("capture: unshare(CLONE_NEWNET) failed: %s (run as root)" % os.strerror(ctypes.get_errno()))
    for cmd in (["ip", "link", "set", "lo", "up"],
                ["ip", "link", "add", "v0", "type", "veth", "peer", "name", "v1"],
                ["ip", "addr", "add", A + "/24", "dev", "v0"],
                ["ip", "link", "set", "v0", "up"], ["ip", "link", "set", "v1", "up"]):
        subprocess.run(cmd, check=True)
    with open("/proc/sys/net/core/xfrm_acq_expires", "w") as f:
        f.write("3\n")


class Capture:
    def __init__(self, outdir):
        self.outdir = outdir
        self.manifest = []
        self.events = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_XFRM)
        self.events.bind((0, GROUPS))
        self.events.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        self.req = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_XFRM)
        self.req.bind((0, 0))
        # a third socket with NETLINK_EXT_ACK (SOL_NETLINK 270, option 11): errors carry NLMSGERR_ATTR_MSG text
        self.req_extack = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_XFRM)
        self.req_extack.bind((0, 0))
        self.req_extack.setsockopt(270, 11, 1)
        self.seq = 1000

    # -- bookkeeping
    def save(self, name, data, how):
        with open(os.path.join(self.outdir, name), "wb") as f:
            f.write(data)
        kinds = ", ".join(type_name(msg_type(m)) for m in split(data))
        self.manifest.append("%-34s %5d bytes  %s\n%-34s %s" % (name, len(data), kinds, "", how))
        print("capture: %s (%d bytes: %s)" % (name, len(data), kinds))

    def refused(self, what, why):
        self.manifest.append("REFUSED  %s\n         %s" % (what, why))
        print("capture: REFUSED %s: %s" % (what, why))

    def missing(self, what, why):
        self.manifest.append("MISSING  %s\n         %s" % (what, why))
        print("capture: MISSING %s: %s" % (what, why))

    # -- actions
    def ip(self, *args):
        """Run `ip xfrm ARGS`; returns None on success, else its error text."""
        r = subprocess.run(["ip", "xfrm"] + list(args), capture_output=True, text=True)
        return None if r.returncode == 0 else (r.stderr.strip() or "exit %d" % r.returncode)

    def drain(self):
        self.events.setblocking(False)
        try:
            while True:
                self.events.recv(1 << 16)
        except BlockingIOError:
            pass

    def wait_event(self, mtype, seconds, predicate=lambda m: True):
        """The first multicast message of type mtype (and predicate) within seconds, or None."""
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.events.settimeout(left)
            try:
                datagram = self.events.recv(1 << 16)
            except socket.timeout:
                return None
            for m in split(datagram):
                if msg_type(m) == mtype and predicate(m):
                    return m

    def event(self, name, mtype, how, action, seconds=3.0, predicate=lambda m: True):
        """Run action (a callable returning an error text or None), then save the event it causes."""
        self.drain()
        err = action()
        if err:
            self.refused(how, err)
            return None
        m = self.wait_event(TYPE[mtype], seconds, predicate)
        if m is None:
            self.missing("%s after: %s" % (type_name(TYPE[mtype]), how), "no event within %.0f s" % seconds)
            return None
        self.save(name, m, how)
        return m

    def request(self, mtype, flags, body, extack=False):
        """Send one request; returns the list of datagrams of the reply (up to NLMSG_DONE or NLMSG_ERROR)."""
        sock = self.req_extack if extack else self.req
        self.seq += 1
        msg = NLHDR.pack(NLHDR.size + len(body), mtype, NLM_F_REQUEST | flags, self.seq, 0) + body
        sock.send(msg)
        datagrams = []
        sock.settimeout(3.0)
        while True:
            d = sock.recv(1 << 16)
            datagrams.append(d)
            types = [msg_type(m) for m in split(d)]
            if not (flags & NLM_F_DUMP) or NLMSG_DONE in types or NLMSG_ERROR in types:
                return datagrams

    def dump(self, mtype, name, how, pick):
        """Dump (GETSA/GETPOLICY); save the whole datagram and, per (suffix, predicate) in pick, one message."""
        try:
            datagrams = self.request(TYPE[mtype], NLM_F_DUMP, b"")
        except OSError as e:
            self.refused(how, str(e))
            return
        for i, d in enumerate(datagrams, 1):
            self.save("%s.datagram-%d.bin" % (name, i), d, how + " (reply datagram %d of %d, as read)" % (i, len(datagrams)))
        msgs = [m for d in datagrams for m in split(d)]
        for suffix, predicate in pick:
            found = [m for m in msgs if msg_type(m) != NLMSG_DONE and predicate(m)]
            if found:
                self.save("%s-%s.bin" % (name, suffix), found[0], how)
            else:
                self.missing("%s-%s" % (name, suffix), "not in the dump (%s)" % how)


def has_attr(msg, fixed, attr):
    """True if the message (header + fixed-size body of `fixed` bytes) carries rtattr type attr."""
    off = (NLHDR.size + fixed + 3) & ~3
    while off + 4 <= len(msg):
        alen, atype = struct.unpack_from("=HH", msg, off)
        if alen < 4:
            return False
        if atype & 0x3FFF == attr:
            return True
        off += (alen + 3) & ~3
    return False


# struct sizes and attribute numbers used to pick messages (xfrm.h)
USERPOLICY_INFO = 168   # struct xfrm_userpolicy_info
USERSA_INFO = 224
XFRMA_ALG_CRYPT, XFRMA_TMPL, XFRMA_SEC_CTX, XFRMA_ALG_AUTH_TRUNC = 2, 5, 8, 20


def run(outdir, esp, label):
    os.makedirs(outdir, exist_ok=True)
    enter_namespace()
    c = Capture(outdir)
    uname = os.uname()
    ctx = ["ctx", label] if label else []
    tmpl = ["tmpl", "proto", "esp", "mode", "transport", "level", "required"]

    # ---- SPD: events, dump, POLEXPIRE
    how = "ip xfrm policy add src %s dst %s dir out %s" % (A, B, " ".join(ctx + tmpl))
    c.event("newpolicy-event-out.bin", "NEWPOLICY", how, lambda: c.ip("policy", "add", "src", A, "dst", B, "dir", "out", *ctx, *tmpl))
    how = "ip xfrm policy add src %s dst %s dir in %s" % (B, A, " ".join(tmpl))
    c.event("newpolicy-event-in.bin", "NEWPOLICY", how, lambda: c.ip("policy", "add", "src", B, "dst", A, "dir", "in", *tmpl))
    how = "ip xfrm policy add src %s dst %s proto udp dir fwd action allow" % (A, B)
    c.event("newpolicy-event-fwd-allow.bin", "NEWPOLICY", how,
            lambda: c.ip("policy", "add", "src", A, "dst", B, "proto", "udp", "dir", "fwd", "action", "allow"))
    c.dump("GETPOLICY", "policy-dump", "GETPOLICY NLM_F_DUMP (empty body) with the three policies above",
           [("tmpl", lambda m: has_attr(m, USERPOLICY_INFO, XFRMA_TMPL) and not has_attr(m, USERPOLICY_INFO, XFRMA_SEC_CTX)),
            ("ctx", lambda m: has_attr(m, USERPOLICY_INFO, XFRMA_SEC_CTX)),
            ("notmpl", lambda m: not has_attr(m, USERPOLICY_INFO, XFRMA_TMPL))])
    c.event("delpolicy-event.bin", "DELPOLICY", "ip xfrm policy delete src %s dst %s proto udp dir fwd" % (A, B),
            lambda: c.ip("policy", "delete", "src", A, "dst", B, "proto", "udp", "dir", "fwd"))

    # ---- errors and ACKs (replies to this script's own requests)
    try:
        reply = c.request(TYPE["GETPOLICY"], 0, userpolicy_id("10.9.9.9", "10.9.9.8", 1))
        m = split(reply[0])[0]
        c.save("error-enoent.bin", m, "GETPOLICY of a policy that does not exist (errno %d)" % -errno_of(m))
        reply = c.request(TYPE["DELPOLICY"], NLM_F_ACK, userpolicy_id(B, A, 0))
        m = split(reply[0])[0]
        c.save("ack-delpolicy.bin", m, "DELPOLICY NLM_F_ACK of the 'dir in' policy above (error %d = ACK)" % errno_of(m))
    except OSError as e:
        c.refused("error/ACK requests", str(e))

    # ---- ACQUIRE, larval EXPIRE, ALLOCSPI
    def send_udp():
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            s.sendto(b"acquire", (B, 9))
        except OSError:
            pass  # the larval state makes the send fail (EAGAIN); the ACQUIRE is sent anyway
        s.close()
        return None

    acq = c.event("acquire.bin", "ACQUIRE", "UDP datagram %s -> %s:9 through the 'dir out' policy, no SA" % (A, B), send_udp)
    if acq is not None:
        c.event("expire-larval-hard.bin", "EXPIRE", "the ACQUIRE's larval state expiring (net.core.xfrm_acq_expires = 3)",
                lambda: None, seconds=40.0)
    try:
        body = usersa_info(A, B, 0, socket.IPPROTO_ESP, 7) + struct.pack("=II", 0x1000, 0x1fff)
        reply = c.request(TYPE["ALLOCSPI"], 0, body)
        m = split(reply[0])[0]
        c.save("allocspi-reply.bin", m, "ALLOCSPI %s -> %s ESP transport reqid 7, SPI range 0x1000-0x1fff" % (A, B))
    except OSError as e:
        c.refused("ALLOCSPI", str(e))
    c.ip("state", "flush")

    # ---- SAD (needs ESP)
    ESP_KEYS = ["auth-trunc", "hmac(sha256)", "0x" + "11" * 32, "128", "enc", "cbc(aes)", "0x" + "22" * 16]
    sa = ["src", A, "dst", B, "proto", "esp", "spi", "0x00001234", "reqid", "7", "mode", "transport",
          "replay-window", "32"] + ESP_KEYS
    how = "ip xfrm state add " + " ".join(sa + ctx)
    if esp:
        c.event("newsa-event.bin", "NEWSA", how, lambda: c.ip("state", "add", *sa, *ctx))
        c.dump("GETSA", "sa-dump", "GETSA NLM_F_DUMP (empty body) after: " + how,
               [("esp-sha256", lambda m: has_attr(m, USERSA_INFO, XFRMA_ALG_AUTH_TRUNC))])
        c.event("delsa-event.bin", "DELSA", "ip xfrm state delete src %s dst %s proto esp spi 0x00001234" % (A, B),
                lambda: c.ip("state", "delete", "src", A, "dst", B, "proto", "esp", "spi", "0x00001234"))
        c.ip("state", "add", *sa)
        c.event("flushsa-event.bin", "FLUSHSA", "ip xfrm state flush (one ESP SA installed)",
                lambda: c.ip("state", "flush"))
        short = ["src", A, "dst", B, "proto", "esp", "spi", "0x00002345", "reqid", "8", "mode", "transport"] + \
            ESP_KEYS + ["limit", "time-soft", "1", "limit", "time-hard", "3"]
        soft = lambda m: m[NLHDR.size + USERSA_INFO] == 0
        hard = lambda m: m[NLHDR.size + USERSA_INFO] == 1
        c.event("expire-soft.bin", "EXPIRE", "ip xfrm state add " + " ".join(short) + " (soft EXPIRE after 1 s)",
                lambda: c.ip("state", "add", *short), seconds=10.0, predicate=soft)
        c.event("expire-hard.bin", "EXPIRE", "the same SA, hard EXPIRE after 3 s", lambda: None, seconds=10.0,
                predicate=hard)
    else:
        err = c.ip("state", "add", *sa, *ctx)
        if err:
            c.refused(how, err)
        else:
            c.missing("SA captures", "this kernel accepted ESP: run with --esp")
        # the same SA as this script's own NEWSA request: the kernel's NLMSG_ERROR, plain and with extended ACK
        body = usersa_info(A, B, 0x1234, socket.IPPROTO_ESP, 7) + \
            attr(XFRMA_ALG_AUTH_TRUNC, algo("hmac(sha256)", bytes([0x11]) * 32, 128)) + \
            attr(XFRMA_ALG_CRYPT, algo("cbc(aes)", bytes([0x22]) * 16))
        for extack, name in ((False, "error-newsa-noesp.bin"), (True, "error-newsa-noesp-extack.bin")):
            try:
                m = split(c.request(TYPE["NEWSA"], NLM_F_ACK, body, extack)[0])[0]
                c.save(name, m, "NEWSA ESP hmac(sha256)/128 + cbc(aes) (the SA above) on a kernel without ESP, "
                       "NETLINK_EXT_ACK %s: errno %d" % ("on" if extack else "off", -errno_of(m)))
            except OSError as e:
                c.refused("NEWSA request", str(e))

    # ---- FLUSHPOLICY event, then POLEXPIRE
    c.event("flushpolicy-event.bin", "FLUSHPOLICY", "ip xfrm policy flush", lambda: c.ip("policy", "flush"))
    pol = ["src", A, "dst", B, "proto", "icmp", "dir", "out", "action", "allow", "limit", "time-hard", "2"]
    c.event("polexpire-hard.bin", "POLEXPIRE", "ip xfrm policy add " + " ".join(pol) + " (hard POLEXPIRE after 2 s)",
            lambda: c.ip("policy", "add", *pol), seconds=10.0)

    with open(os.path.join(outdir, "manifest.txt"), "w") as f:
        f.write("# scripts/xfrm/capture.py %s\n# kernel %s %s, %s\n\n" % (
            " ".join(sys.argv[2:]), uname.release, uname.version, uname.machine))
        f.write("\n".join(c.manifest) + "\n")


# the fixed part that precedes the attributes, per message type (xfrm.h; x86-64 sizes)
FIXED = {"NEWPOLICY": 168, "UPDPOLICY": 168, "DELPOLICY": 64, "GETPOLICY": 64, "POLEXPIRE": 176,
         "NEWSA": 224, "UPDSA": 224, "DELSA": 24, "GETSA": 24, "ALLOCSPI": 232, "ACQUIRE": 280, "EXPIRE": 232,
         "FLUSHSA": 1, "FLUSHPOLICY": 0}
ATTRS = ["UNSPEC", "ALG_AUTH", "ALG_CRYPT", "ALG_COMP", "ENCAP", "TMPL", "SA", "POLICY", "SEC_CTX", "LTIME_VAL",
         "REPLAY_VAL", "REPLAY_THRESH", "ETIMER_THRESH", "SRCADDR", "COADDR", "LASTUSED", "POLICY_TYPE", "MIGRATE",
         "ALG_AEAD", "KMADDRESS", "ALG_AUTH_TRUNC", "MARK", "TFCPAD", "REPLAY_ESN_VAL", "SA_EXTRA_FLAGS", "PROTO",
         "ADDRESS_FILTER", "PAD", "OFFLOAD_DEV", "SET_MARK", "SET_MARK_MASK", "IF_ID", "MTIMER_THRESH", "SA_DIR",
         "NAT_KEEPALIVE_INTERVAL", "SA_PCPU", "IPTFS_DROP_TIME", "IPTFS_REORDER_WINDOW", "IPTFS_DONT_FRAG",
         "IPTFS_INIT_DELAY", "IPTFS_MAX_QSIZE", "IPTFS_PKT_SIZE"]


def describe(msg):
    """One line: type, length, and the attributes (XFRMA_ name and payload length) after the fixed part."""
    t = msg_type(msg)
    name = XFRM.get(t)
    text = "%s len=%d" % (type_name(t), len(msg))
    if t == NLMSG_ERROR:
        return text + " error=%d" % errno_of(msg)
    if name not in FIXED:
        return text
    attrs, off = [], (NLHDR.size + FIXED[name] + 3) & ~3
    while off + 4 <= len(msg):
        alen, atype = struct.unpack_from("=HH", msg, off)
        if alen < 4:
            break
        atype &= 0x3FFF
        attrs.append("%s(%d)" % (ATTRS[atype] if atype < len(ATTRS) else str(atype), alen - 4))
        off += (alen + 3) & ~3
    return text + " attrs: " + (" ".join(attrs) or "none")


def main(argv):
    if len(argv) >= 3 and argv[1] == "--describe":
        for path in argv[2:]:
            with open(path, "rb") as f:
                for m in split(f.read()):
                    print("%s: %s" % (os.path.basename(path), describe(m)))
        return
    if len(argv) < 2 or argv[1].startswith("-"):
        sys.exit(__doc__)
    outdir, esp, label = argv[1], False, None
    args = argv[2:]
    while args:
        a = args.pop(0)
        if a == "--esp":
            esp = True
        elif a == "--label" and args:
            label = args.pop(0)
        else:
            sys.exit("capture: unknown argument %r\n%s" % (a, __doc__))
    run(outdir, esp, label)


if __name__ == "__main__":
    main(sys.argv)
