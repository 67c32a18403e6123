#!/usr/bin/python3
"""Who used the CPU during a benchmark run: the bench's own processes or others (a build, a test
suite or a fuzzer started beside it, which the lock does not always keep out).

    cpuwatch.py snap FILE SHELL_PID                        snapshot of /proc into FILE
    cpuwatch.py diff FILE SHELL_PID ROOT_PID [ROOT_PID...]  JSON: CPU used since the snapshot

The bench's processes are ROOT_PIDs and their descendants (run.sh, and PostgreSQL's postmaster,
which pg_ctl detaches). Processes that end between the two snapshots are gone from /proc: the
ones the shell SHELL_PID waited for (wrk, through timeout) are counted through its children's
times; what no process accounts for (other processes that ended, interrupts) is "unattributed".
Shares are of the whole machine: 100 % = every core busy all along.
"""
import json
import os
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")


def children_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            raw = f.read()
    except OSError:
        return 0
    fields = raw[raw.rindex(")") + 2:].split()
    return int(fields[13]) + int(fields[14])  # cutime, cstime: children waited for


def snapshot(shell):
    procs = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                raw = f.read()
        except OSError:
            continue
        comm = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        # fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15, starttime 22
        procs[name] = {"comm": comm, "ppid": fields[1], "ticks": int(fields[11]) + int(fields[12]), "start": fields[19]}
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    return {"time": time.monotonic(), "procs": procs, "busy": sum(cpu) - cpu[3] - cpu[4], "total": sum(cpu),
            "irq": cpu[5] + cpu[6], "steal": cpu[7], "children": children_ticks(shell)}


def main():
    cmd, path, shell = sys.argv[1], sys.argv[2], sys.argv[3]
    if cmd == "snap":
        with open(path, "w") as f:
            json.dump(snapshot(shell), f)
        return 0
    before = json.load(open(path))
    after = snapshot(shell)
    roots = set(sys.argv[4:])
    elapsed = after["time"] - before["time"]
    capacity = elapsed * HZ * os.cpu_count()

    def owner(pid):
        seen = 0
        while pid in after["procs"] and seen < 64:
            if pid in roots:
                return "ours"
            if pid == "2" or after["procs"][pid]["ppid"] == "2":
                return "kernel"  # kernel threads, e.g. ksoftirqd doing loopback work
            pid = after["procs"][pid]["ppid"]
            seen += 1
        return "ours" if pid in roots else "others"

    own, foreign, kernel = {}, {}, {}
    for pid, p in after["procs"].items():
        old = before["procs"].get(pid)
        delta = p["ticks"] - (old["ticks"] if old and old["start"] == p["start"] else 0)
        if delta <= 0:
            continue
        bucket = {"ours": own, "others": foreign, "kernel": kernel}[owner(pid)]
        bucket[p["comm"]] = bucket.get(p["comm"], 0) + delta
    ended = after["children"] - before["children"]
    if ended > 0:
        own["(ended: wrk...)"] = ended
    share = lambda ticks: round(100 * ticks / capacity, 1) if capacity else 0.0
    total = max(1, after["total"] - before["total"])
    busy = after["busy"] - before["busy"]
    seen = sum(own.values()) + sum(foreign.values()) + sum(kernel.values())
    print(json.dumps({
        "seconds": round(elapsed, 2),
        # everything, from /proc/stat: every process, ended or not, and interrupt time
        "machine_busy_percent": round(100 * busy / total, 1),
        "interrupts_percent": round(100 * (after["irq"] - before["irq"]) / total, 1),
        "steal_percent": round(100 * (after["steal"] - before["steal"]) / total, 1),  # taken by the hypervisor
        "unattributed_percent": round(max(0.0, 100 * (busy - seen) / total), 1),
        "ours_percent": share(sum(own.values())),
        "others_percent": share(sum(foreign.values())),
        "kernel_threads_percent": share(sum(kernel.values())),
        "ours_cpu_seconds": {k: round(v / HZ, 2) for k, v in sorted(own.items(), key=lambda kv: -kv[1])},
        "others_top": [[k, share(v)] for k, v in sorted(foreign.items(), key=lambda kv: -kv[1])[:5]],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
