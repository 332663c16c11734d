#!/usr/bin/env python3
"""Bounded IMAP/POP3 load against the lab's mail host, in named scenarios.

  normal       a few users log in now and then: IMAP SELECT + FETCH of recent headers, some POP3 STAT
  brute-force  hundreds of failed logins (wrong passwords, unknown users) from several source addresses
  pop3-storm   many short POP3 polls (USER/PASS/STAT/UIDL/QUIT) back to back
  busy-imap    one user's mail client holds more IMAP sessions from one address than Dovecot's
               mail_max_userip_connections (10) allows, each looping SEARCH TEXT + FETCH over a seeded
               mailbox; the sessions beyond the limit are refused and retry, as a client does

Every scenario stops by itself at --duration-s or --max-ops, whichever comes first, and prints one line
of JSON: {"scenario", "host", "durationMs", "counts", "sources", "bySource" (brute-force: failed logins per
source address), "errors", "firstError"}.
Exit code 0 when the scenario did what it is meant to do at least once, 1 otherwise, 2 on bad usage.
Only the Python standard library; only lab or loopback addresses (the lab's network rule).

Example: mail-load.py brute-force --max-ops 300      (sources 10.200.0.101-105, see lab-env.sh)
"""
import argparse
import imaplib
import ipaddress
import json
import poplib
import random
import socket
import sys
import threading
import time

USERS = ["alice", "bob", "carol", "dave", "erin"]
DOMAIN = "lab.test"
LAB_NET = ipaddress.ip_network("10.200.0.0/24")
LOOPBACK = ipaddress.ip_network("127.0.0.0/8")
TIMEOUT_S = 20

# scenario: (duration s, max ops, concurrency, default sources)
DEFAULTS = {
    "normal": (15, 200, 3, []),
    "brute-force": (60, 300, 25, [f"10.200.0.{i}" for i in range(101, 106)]),
    "pop3-storm": (30, 600, 8, []),
    "busy-imap": (15, 100000, 14, []),
}


class SourceIMAP(imaplib.IMAP4):
    """IMAP4 that connects from a chosen local address (several brute-force sources on one machine)."""

    def __init__(self, host, port, source):
        self._source = source
        super().__init__(host, port, timeout=TIMEOUT_S)

    def _create_socket(self, timeout):
        src = (self._source, 0) if self._source else None
        return socket.create_connection((self.host, self.port), timeout, source_address=src)


class SourcePOP3(poplib.POP3):
    def __init__(self, host, port, source):
        self._source = source
        super().__init__(host, port, timeout=TIMEOUT_S)

    def _create_socket(self, timeout):
        src = (self._source, 0) if self._source else None
        return socket.create_connection((self.host, self.port), timeout, source_address=src)


class Run:
    """Shared budget and counters of one scenario run."""

    def __init__(self, args):
        self.args = args
        self.deadline = time.monotonic() + args.duration_s
        self.lock = threading.Lock()
        self.ops = 0
        self.counts = {}
        self.by_source = {}
        self.errors = 0
        self.first_error = None
        self.source_index = 0

    def take_op(self):
        """Reserve one operation of the budget; False once the budget or the time is used up."""
        with self.lock:
            if self.ops >= self.args.max_ops or time.monotonic() >= self.deadline:
                return False
            self.ops += 1
            return True

    def time_left(self):
        return time.monotonic() < self.deadline

    def count(self, key, n=1):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + n

    def count_source(self, source):
        with self.lock:
            key = source or "default"
            self.by_source[key] = self.by_source.get(key, 0) + 1

    def error(self, exc):
        with self.lock:
            self.errors += 1
            if self.first_error is None:
                self.first_error = f"{type(exc).__name__}: {exc}"

    def next_source(self):
        with self.lock:
            if not self.args.sources:
                return None
            src = self.args.sources[self.source_index % len(self.args.sources)]
            self.source_index += 1
            return src

    def imap(self, source=None):
        return SourceIMAP(self.args.host, self.args.imap_port, source)

    def pop3(self, source=None):
        return SourcePOP3(self.args.host, self.args.pop3_port, source)


def address(user):
    return f"{user}@{DOMAIN}"


def seed_mailbox(run, user, wanted):
    """APPEND messages until INBOX holds `wanted`, so FETCH and SEARCH have something to chew on."""
    m = run.imap()
    try:
        m.login(address(user), f"{user}-pw")
        have = int(m.select("INBOX")[1][0])
        for i in range(have, wanted):
            body = (f"From: load@{DOMAIN}\r\nTo: {address(user)}\r\nSubject: lab message {i}\r\n\r\n"
                    + f"lorem ipsum {i} dolor sit amet\r\n" * 40)
            m.append("INBOX", None, None, body.encode())
        run.count("seededMessages", max(0, wanted - have))
        m.logout()
    except (imaplib.IMAP4.error, OSError) as exc:
        run.error(exc)


def normal_worker(run, index):
    rnd = random.Random(index)
    while run.take_op():
        user = rnd.choice(USERS)
        try:
            if rnd.random() < 0.7:
                m = run.imap(run.next_source())
                m.login(address(user), f"{user}-pw")
                exists = int(m.select("INBOX")[1][0])
                if exists:
                    m.fetch(f"{max(1, exists - 4)}:{exists}", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)])")
                m.noop()
                m.logout()
                run.count("imapSessions")
            else:
                p = run.pop3(run.next_source())
                p.user(address(user))
                p.pass_(f"{user}-pw")
                p.stat()
                p.quit()
                run.count("pop3Sessions")
        except (imaplib.IMAP4.error, poplib.error_proto, OSError) as exc:
            run.error(exc)
        time.sleep(rnd.uniform(0.3, 1.2))


def brute_force_worker(run, index):
    rnd = random.Random(index)
    while run.take_op():
        source = run.next_source()
        user = rnd.choice(USERS + ["admin", "info", "test", "webmaster"])
        password = f"guess{rnd.randrange(10**6)}"
        try:
            m = run.imap(source)
            try:
                m.login(address(user), password)
                run.count("unexpectedSuccess")
                m.logout()
            except imaplib.IMAP4.error:
                run.count("failedLogins")
                run.count_source(source)
                m.shutdown()
        except OSError as exc:
            run.error(exc)


def pop3_storm_worker(run, index):
    rnd = random.Random(index)
    while run.take_op():
        user = rnd.choice(USERS)
        try:
            p = run.pop3(run.next_source())
            p.user(address(user))
            p.pass_(f"{user}-pw")
            p.stat()
            p.uidl()
            p.quit()
            run.count("pop3Polls")
        except (poplib.error_proto, OSError) as exc:
            run.error(exc)


def busy_imap_worker(run, index):
    user = USERS[index % run.args.users]
    rnd = random.Random(index)
    # Sessions open one after another, as a client opens its connections: Dovecot counts a user's
    # connections asynchronously, so logins at the same instant could all slip under the limit.
    time.sleep(index * 0.1)
    m = None
    while m is None and run.time_left():
        try:
            conn = run.imap(run.next_source())
        except OSError as exc:
            run.error(exc)
            return
        try:
            conn.login(address(user), f"{user}-pw")
            m = conn
        except imaplib.IMAP4.error as exc:
            conn.shutdown()
            # "[LIMIT] Maximum number of connections from user+IP exceeded": a client retries later.
            if "LIMIT" not in str(exc):
                run.error(exc)
                return
            run.count("useripRefused")
            time.sleep(run.args.retry_s)
        except OSError as exc:
            run.error(exc)
            return
    if m is None:
        return
    try:
        exists = int(m.select("INBOX")[1][0])
        run.count("imapSessions")
        while run.take_op():
            m.search(None, "TEXT", f'"ipsum {rnd.randrange(run.args.seed_messages or 1)}"')
            if exists:
                m.fetch("1:*", "(BODY.PEEK[TEXT])")
            run.count("searchFetchLoops")
            time.sleep(run.args.pause_s)
        m.logout()
    except (imaplib.IMAP4.error, OSError) as exc:
        run.error(exc)


WORKERS = {
    "normal": (normal_worker, "imapSessions"),
    "brute-force": (brute_force_worker, "failedLogins"),
    "pop3-storm": (pop3_storm_worker, "pop3Polls"),
    "busy-imap": (busy_imap_worker, "searchFetchLoops"),
}


def allowed(addr):
    try:
        ip = ipaddress.ip_address(socket.gethostbyname(addr))
    except (OSError, ValueError):
        return False
    return ip in LAB_NET or ip in LOOPBACK


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenario", choices=sorted(DEFAULTS))
    ap.add_argument("--host", default="10.200.0.21", help="mail host (default: lab mail-01)")
    ap.add_argument("--imap-port", type=int, default=143)
    ap.add_argument("--pop3-port", type=int, default=110)
    ap.add_argument("--duration-s", type=float, help="stop after this many seconds")
    ap.add_argument("--max-ops", type=int, help="stop after this many logins/polls/loops")
    ap.add_argument("--concurrency", type=int, help="parallel clients")
    ap.add_argument("--sources", help="comma-separated local addresses to connect from, round robin")
    ap.add_argument("--seed-messages", type=int, default=200, help="busy-imap: messages per mailbox")
    ap.add_argument("--users", type=int, default=1, help="busy-imap: users the sessions belong to, round robin (default 1: alice)")
    ap.add_argument("--pause-s", type=float, default=0.2, help="busy-imap: pause between a session's SEARCH + FETCH loops")
    ap.add_argument("--retry-s", type=float, default=1.0, help="busy-imap: wait before a refused session logs in again")
    args = ap.parse_args(argv)
    duration, max_ops, concurrency, sources = DEFAULTS[args.scenario]
    args.duration_s = duration if args.duration_s is None else args.duration_s
    args.max_ops = max_ops if args.max_ops is None else args.max_ops
    args.concurrency = concurrency if args.concurrency is None else args.concurrency
    args.sources = sources if args.sources is None else [s for s in args.sources.split(",") if s]
    if args.duration_s <= 0 or args.max_ops <= 0 or args.concurrency <= 0:
        ap.error("--duration-s, --max-ops and --concurrency must be positive")
    if not 1 <= args.users <= len(USERS) or args.pause_s < 0 or args.retry_s <= 0:
        ap.error(f"--users is 1 to {len(USERS)}, --pause-s at least 0 and --retry-s above 0")
    for a in [args.host] + args.sources:
        if not allowed(a):
            ap.error(f"{a}: only lab (10.200.0.0/24) or loopback addresses")
    return args


def main(argv):
    args = parse_args(argv)
    run = Run(args)
    started = time.monotonic()
    if args.scenario == "busy-imap":
        for i in range(min(args.concurrency, args.users)):
            seed_mailbox(run, USERS[i], args.seed_messages)
        run.deadline = time.monotonic() + args.duration_s  # seeding does not eat the load's time
    worker, goal = WORKERS[args.scenario]
    threads = [threading.Thread(target=worker, args=(run, i), daemon=True) for i in range(args.concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        # Workers check the deadline between operations; one more socket timeout is the worst case.
        t.join(max(0.0, run.deadline - time.monotonic()) + TIMEOUT_S + 5)
    summary = {
        "scenario": args.scenario,
        "host": args.host,
        "durationMs": round((time.monotonic() - started) * 1000),
        "counts": run.counts,
        "sources": args.sources,
        "bySource": run.by_source,
        "errors": run.errors,
        "firstError": run.first_error,
    }
    print(json.dumps(summary, sort_keys=True), flush=True)
    return 0 if run.counts.get(goal, 0) > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
