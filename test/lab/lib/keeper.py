#!/usr/bin/env python3
"""Namespace anchor and child subreaper for one lab host.

lab-up.sh starts it inside the host's network namespace and a new mount + UTS namespace:
    ip netns exec HOST unshare --mount --uts --propagation private -- keeper.py HOSTDIR CMD...
It writes HOSTDIR/keeper.pid, runs CMD (host-init.sh, which starts the daemons) as its child and
writes CMD's exit status to HOSTDIR/init.rc, then idles until SIGTERM (lab-down.sh stops it last).

Why: the daemons double-fork, so their orphans (bricks, qemu, FUSE client) would be re-parented
to PID 1, which in containers reaps late or never. As a subreaper the keeper adopts and reaps
them at once. Its pid is also the handle for nsenter into the host.
"""
import ctypes
import os
import signal
import sys
import time

PR_SET_CHILD_SUBREAPER = 36

host_dir, command = sys.argv[1], sys.argv[2:]
if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
    sys.exit("keeper: prctl(PR_SET_CHILD_SUBREAPER) failed")
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
with open(os.path.join(host_dir, "keeper.pid"), "w") as f:
    f.write(f"{os.getpid()}\n")

init_pid = os.fork()
if init_pid == 0:
    os.execvp(command[0], command)

while True:
    try:
        pid, status = os.waitpid(-1, 0)
        if pid == init_pid:
            with open(os.path.join(host_dir, "init.rc"), "w") as f:
                f.write(f"{os.waitstatus_to_exitcode(status)}\n")
    except ChildProcessError:
        time.sleep(0.5)
