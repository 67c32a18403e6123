#!/usr/bin/python3
"""Turns the outputs of bench/run.sh into one table and one JSON file.

    report.py --work DIR --json OUT.json   the table (stdout) and the JSON file
    report.py --line WRK_OUTPUT            one progress line for a wrk run

DIR holds facts.txt (key=value lines written by run.sh), argon2-before.json,
argon2-after.json and argon2-pair-N.json (bench/argon2_time.cpp), wrk-NAME.txt (wrk's
output, with the "BENCH-JSON {...}" line printed by bench/common.lua) and cpu-NAME.json (who used
the CPU during that run, from bench/cpuwatch.py).
"""
import argparse
import json
import os
import re
import sys

GOALS = {
    "pageview_ratio_to_nginx": 0.50,  # page views >= 50 % of nginx's static file
    "pageview_p99_ms": 5.0,           # page views p99 < 5 ms
    "scale_ratio": 0.80,              # 1 000 000 users within 20 % of 10 000
    "signin_share": 0.85,             # sign-ins >= 85 % of cores / hash time
    "pageview_p99_during_signin_ms": 10.0,
    "form_p99_ms": 1000.0,            # code request and registration: ms, not the SMTP's seconds
    "rss_idle_mib": 20.0,
    "others_cpu_percent": 5.0,        # other processes' share of the machine during a run
}


def parse_wrk(path):
    """The figures of one wrk run, or None when the file is missing."""
    if not os.path.exists(path):
        return None
    cpu_path = os.path.join(os.path.dirname(path), "cpu-" + os.path.basename(path)[4:-4] + ".json")
    text = open(path, errors="replace").read()
    m = re.search(r"^BENCH-JSON (\{.*\})$", text, re.M)
    if not m:
        raise SystemExit(f"report: no BENCH-JSON line in {path}:\n{text}")
    r = json.loads(m.group(1))
    r["rps"] = r["requests"] / (r["duration_us"] / 1e6) if r["duration_us"] else 0.0
    r["p50_ms"] = r["latency_us"]["p50"] / 1000
    r["p99_ms"] = r["latency_us"]["p99"] / 1000
    r["mean_ms"] = r["latency_us"]["mean"] / 1000
    r["seconds"] = r["duration_us"] / 1e6
    non = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    r["non_2xx_3xx_line"] = non.group(0) if non else None
    sock = re.search(r"Socket errors: .*", text)
    r["socket_errors_line"] = sock.group(0) if sock else None
    e = r["errors"]
    r["socket_errors"] = e["connect"] + e["read"] + e["write"] + e["timeout"]
    r["cpu"] = json.load(open(cpu_path)) if os.path.exists(cpu_path) else None
    return r


def line(path):
    r = parse_wrk(path)
    extra = ""
    if r["counters"]:
        extra = ", " + ", ".join(f"{k}: {v}" for k, v in sorted(r["counters"].items()))
    non = r["non_2xx_3xx_line"] or "Non-2xx or 3xx responses: 0"
    return (f"{r['rps']:.0f} req/s, p50 {r['p50_ms']:.2f} ms, p99 {r['p99_ms']:.2f} ms, "
            f"{r['requests']} requests in {r['seconds']:.1f} s; {non}; socket errors {r['socket_errors']}{extra}")


def read_facts(work):
    facts = {}
    with open(os.path.join(work, "facts.txt")) as f:
        for raw in f:
            key, _, value = raw.rstrip("\n").partition("=")
            facts[key] = value
    return facts


def num(facts, key, default=None):
    try:
        return float(facts[key])
    except (KeyError, ValueError):
        return default


class Table:
    def __init__(self):
        self.rows = []

    def add(self, scenario, figure, value, goal="", met=None):
        # met: True/False for a goal ("met"/"MISSED"), a string for any other verdict, None for none.
        verdict = met if isinstance(met, str) else "" if met is None else ("met" if met else "MISSED")
        self.rows.append({"scenario": scenario, "figure": figure, "value": value, "goal": goal, "verdict": verdict})

    def answers(self, scenario, run, name, expect):
        """A row on the answers of one wrk run: wrk's non-2xx/3xx count, its socket errors and
        the statuses counted by the script. expect: the status keys that are right."""
        if run is None:
            self.add(scenario, f"answers ({name})", "run missing", "all right", "PROBLEM")
            return
        c = run["counters"]
        statuses = {k[len("status "):]: v for k, v in c.items() if k.startswith("status ")}
        wrong = {k: v for k, v in statuses.items() if expect is not None and k not in expect}
        misses = sum(v for k, v in c.items() if k.startswith("body without"))
        exhausted = c.get("pairs exhausted", 0)
        e = run["errors"]
        sock = ", ".join(f"{k} {e[k]}" for k in ("connect", "read", "write", "timeout") if e[k])
        parts = [f"{run['requests']} requests", f"non-2xx/3xx {e['status']}",
                 f"socket errors {run['socket_errors']}" + (f" ({sock})" if sock else "")]
        if statuses:
            parts.append("statuses " + ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items())))
        if misses:
            parts.append(f"{misses} pages without 'Welcome,'")
        if exhausted:
            parts.append(f"anonymous sessions ran out {exhausted} times")
        cpu = run.get("cpu") or {}
        if foreign_share(cpu) >= 2:
            parts.append("other processes used " + describe_foreign(cpu))
        ok = run["errors"]["status"] == 0 and run["socket_errors"] == 0 and not wrong and not misses and not exhausted
        self.add(scenario, f"answers ({name})", "; ".join(parts), "all right", "ok" if ok else "PROBLEM")

    def render(self):
        heads = ["#", "scenario", "figure", "value", "goal", "verdict"]
        cells = [[str(i + 1)] + [r[h] for h in heads[1:]] for i, r in enumerate(self.rows)]
        widths = [max(len(h), *(len(c[j]) for c in cells)) for j, h in enumerate(heads)]
        out = ["| " + " | ".join(h.ljust(widths[j]) for j, h in enumerate(heads)) + " |",
               "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
        for c in cells:
            out.append("| " + " | ".join(c[j].ljust(widths[j]) for j in range(len(heads))) + " |")
        return "\n".join(out)


def foreign_share(cpu):
    """Share of the machine that the bench's processes did not use during a run."""
    return cpu.get("others_percent", 0) + cpu.get("unattributed_percent", 0)


def describe_foreign(cpu):
    top = ", ".join(f"{k} {v:g} %" for k, v in cpu.get("others_top", [])[:2])
    return (f"{foreign_share(cpu):.1f} % of the CPU (running: {top or 'none'}; "
            f"ended or unattributed: {cpu.get('unattributed_percent', 0):g} %)")


def ms(x):
    return f"{x:.2f} ms"


def middle(values):
    """The median of an odd count; of an even count, the upper of the two middle values."""
    values = sorted(values)
    return values[len(values) // 2]


def pct(x):
    return f"{100 * x:.0f} %"


def build(work):
    facts = read_facts(work)
    runs = {}
    for name in os.listdir(work):
        m = re.match(r"wrk-(.*)\.txt$", name)
        if m:
            runs[m.group(1)] = parse_wrk(os.path.join(work, name))
    hashes = {}
    for when in ("before", "after"):
        path = os.path.join(work, f"argon2-{when}.json")
        if os.path.exists(path):
            hashes[when] = json.load(open(path))
    pair_hashes = {}
    for name in os.listdir(work):
        m = re.match(r"argon2-pair-(\d+)\.json$", name)
        if m:
            pair_hashes[int(m.group(1))] = json.load(open(os.path.join(work, name)))
    t = Table()
    results = {"date": facts.get("date"), "machine": {}, "code": {}, "scenarios": {}}
    cores = int(num(facts, "nproc", 1))
    results["machine"] = {"nproc": cores, "cpu_model": facts.get("cpu_model"), "memory_gib": num(facts, "memory_gib"),
                          "kernel": facts.get("kernel")}
    results["code"] = {"commit": facts.get("commit"), "src_dirty": facts.get("tree_dirty") == "yes",
                       "binary_mtime": facts.get("binary_mtime")}
    results["tools"] = {k: facts.get(k + "_version") for k in ("wrk", "nginx", "postgres", "sqlite")}
    results["cpu_during_runs"] = {}
    for name in sorted(os.listdir(work)):
        m = re.match(r"cpu-(.*)\.json$", name)
        if m:
            results["cpu_during_runs"][m.group(1)] = json.load(open(os.path.join(work, name)))
    results["bench_seconds"] = num(facts, "bench_seconds")

    def wrk_figures(run):
        if run is None:
            return None
        return {"requests_per_s": round(run["rps"], 1), "cpu": run.get("cpu"), "p50_ms": run["p50_ms"], "p99_ms": run["p99_ms"],
                "mean_ms": round(run["mean_ms"], 3), "max_ms": run["latency_us"]["max"] / 1000,
                "requests": run["requests"], "seconds": round(run["seconds"], 2),
                "non_2xx_3xx": run["errors"]["status"], "errors": run["errors"],
                "counters": run["counters"]}

    # 1. nginx
    s = "1 nginx 2 KB static"
    ng = runs.get("nginx")
    if ng:
        t.add(s, "throughput", f"{ng['rps']:.0f} req/s")
        t.add(s, "latency p50 / p99", f"{ms(ng['p50_ms'])} / {ms(ng['p99_ms'])}")
        c = ng.get("cpu") or {}
        if c:
            used = c.get("ours_cpu_seconds", {})
            share = lambda k: 100 * used.get(k, 0) / (cores * c["seconds"])
            t.add(s, "CPU", f"nginx {share('nginx'):.0f} %, wrk {share('(ended: wrk...)'):.0f} % of the machine")
    t.answers(s, runs.get("nginx-check"), "2 s check", {"200"})
    t.answers(s, ng, "10 s run", None)
    results["scenarios"]["nginx_static"] = {"file_bytes": num(facts, "nginx_file_bytes"), **(wrk_figures(ng) or {}),
                                            "check": wrk_figures(runs.get("nginx-check"))}

    # 2-4. page views
    def taking_turns(key, tag):
        """The median ratio of pair-KEY-I to pair-KEY-TAG-I (runs seconds apart), the sorted
        ratios and the pairs' rates; None when no pair ran."""
        pairs = [(runs.get(f"pair-{key}-{i}"), runs.get(f"pair-{key}-{tag}-{i}")) for i in range(1, 100)]
        pairs = [(ours, base) for ours, base in pairs if ours and base and base["rps"]]
        if not pairs:
            return None
        ratios = sorted(ours["rps"] / base["rps"] for ours, base in pairs)
        return middle(ratios), ratios, ", ".join(f"{ours['rps']:.0f}/{base['rps']:.0f}" for ours, base in pairs)

    def cache_hit_ratio(fact_name):
        hits, _, misses = facts.get(fact_name, "0/0").partition("/")
        return int(hits) / (int(hits) + int(misses)) if int(hits) + int(misses) else None

    def page_view(key, label, ratio_base, ratio_label, ratio_goal, p99_goal, pair_tag="nginx"):
        """pair-KEY-I against pair-KEY-PAIR_TAG-I: the runs taking turns with the ratio's base."""
        run = runs.get(f"pageview-{key}")
        fig = {"curl_says_welcome": facts.get(f"curl_welcome_{key}") == "yes",
               "seed_seconds": num(facts, f"seed_seconds_{key}"), **(wrk_figures(run) or {}),
               "check": wrk_figures(runs.get(f"pageview-{key}-check"))}
        t.add(label, "curl: GET / says 'Welcome,'", "yes" if fig["curl_says_welcome"] else "NO", "yes",
              fig["curl_says_welcome"])
        if run:
            t.add(label, "throughput (64 connections)", f"{run['rps']:.0f} req/s")
            turns = taking_turns(key, pair_tag)
            if ratio_base and turns:
                # Goal held against the paired runs (seconds apart); the 10 s runs are minutes apart.
                ratio, ratios, each = turns
                fig["ratio_" + ratio_label.split()[-1]] = round(ratio, 4)
                fig["pair_ratios"] = [round(r, 4) for r in ratios]
                t.add(label, f"ratio to {ratio_label}, taking turns (median of {len(ratios)} pairs of 4 s runs)",
                      f"{pct(ratio)} (req/s: {each})", f">= {pct(ratio_goal)}", ratio >= ratio_goal)
                t.add(label, f"ratio of the 10 s runs, minutes apart", pct(run["rps"] / ratio_base["rps"]))
            elif ratio_base:
                ratio = run["rps"] / ratio_base["rps"]
                fig["ratio_" + ratio_label.split()[-1]] = round(ratio, 4)
                t.add(label, f"ratio to {ratio_label}", pct(ratio), f">= {pct(ratio_goal)}", ratio >= ratio_goal)
            cpu = (run.get("cpu") or {}).get("ours_cpu_seconds") or {}
            per_view = ", ".join(f"{k} {1000 * v / run['requests']:.3f} ms" for k, v in cpu.items()
                                 if k in ("matricula", "postgres") and run["requests"])
            if per_view:
                wrk_s = cpu.get("(ended: wrk...)", 0)
                t.add(label, "CPU per page view", per_view + f" (machine {run['cpu']['machine_busy_percent']:.0f} % busy, "
                      f"wrk using {100 * wrk_s / (cores * run['cpu']['seconds']):.0f} % of it)")
            t.add(label, "latency p50", ms(run["p50_ms"]))
            t.add(label, "latency p99", ms(run["p99_ms"]), f"< {p99_goal:g} ms" if p99_goal else "",
                  run["p99_ms"] < p99_goal if p99_goal else None)
        t.answers(label, runs.get(f"pageview-{key}-check"), "3 s check, every body read", {"200"})
        t.answers(label, run, "10 s run", None)
        return fig

    results["scenarios"]["pageview_sqlite_10k"] = page_view(
        "s10k", "2 page view, SQLite, 10k users", ng, "nginx", GOALS["pageview_ratio_to_nginx"], GOALS["pageview_p99_ms"])
    results["scenarios"]["pageview_postgres_10k"] = page_view(
        "pg", "3 page view, PostgreSQL, 10k users", ng, "nginx", GOALS["pageview_ratio_to_nginx"], GOALS["pageview_p99_ms"])
    s = "3 page view, PostgreSQL, 10k users"
    pg = results["scenarios"]["pageview_postgres_10k"]
    if (hit := cache_hit_ratio("pg_session_cache")) is not None:
        pg["session_cache_hit_ratio"] = round(hit, 4)
        t.add(s, "sessions read from memory (session cache)", pct(hit))
    uncached = runs.get("pageview-pg-uncached")
    if uncached:
        pg["uncached"] = wrk_figures(uncached)
        t.add(s, "without the session cache, 5 s", f"{uncached['rps']:.0f} req/s, p99 {ms(uncached['p99_ms'])}")
    s = "4 page view, SQLite, 1M users"
    t.add(s, "seed 1 000 000 users + sessions", f"{num(facts, 'seed_seconds_s1m', 0):.1f} s, {num(facts, 's1m_db_mb', 0):.0f} MB")
    results["scenarios"]["pageview_sqlite_1m"] = page_view(
        "s1m", s, runs.get("pageview-s10k"), "10k users", GOALS["scale_ratio"], None, pair_tag="10k")
    s1m = results["scenarios"]["pageview_sqlite_1m"]
    s1m["db_mb"] = num(facts, "s1m_db_mb")
    if (hit := cache_hit_ratio("s1m_session_cache")) is not None:
        s1m["session_cache_hit_ratio"] = round(hit, 4)
        t.add(s, "sessions read from memory (session cache; all of them at 10k users)", pct(hit))
    if turns := taking_turns("s1mu", "10k"):
        ratio, ratios, each = turns
        s1m["uncached"] = {"ratio_users": round(ratio, 4), "pair_ratios": [round(r, 4) for r in ratios]}
        t.add(s, f"the same, both servers without the session cache (median of {len(ratios)} pairs)",
              f"{pct(ratio)} (req/s: {each})")

    # 5. sign-ins
    s = "5 password sign-in"
    # The hash time: the mean of the medians measured before and after the sign-in runs.
    medians = [h["median_ms"] for h in hashes.values()]
    hash_ms = sum(medians) / len(medians) if medians else None
    parallel = [h["parallel_per_s"] for h in hashes.values()]
    argon = {"median_ms": hash_ms, "parallel_per_s": sum(parallel) / len(parallel) if parallel else None,
             "threads": next(iter(hashes.values()))["threads"] if hashes else cores}
    ceiling = cores / (hash_ms / 1000) if hash_ms else None
    fig = {"argon2id_verify": hashes, "hash_ms": hash_ms, "ceiling_per_s": round(ceiling, 2) if ceiling else None}
    if hash_ms:
        both = " / ".join(f"{h['median_ms']:.2f}" for h in hashes.values())
        drift = (max(medians) - min(medians)) / min(medians)
        t.add(s, "argon2id verify, 1 thread (median of 20, before / after)", f"{both} ms, mean {ms(hash_ms)}",
              "before ~ after (< 10 % apart)", "ok" if drift < 0.10 else "PROBLEM")
        t.add(s, f"ceiling = {cores} cores / hash time", f"{ceiling:.1f} sign-ins/s")
        t.add(s, f"argon2id verifies on {argon['threads']} threads at once",
              " / ".join(f"{h['parallel_per_s']:.1f}" for h in hashes.values()) + " /s (before / after)")
    seq = runs.get("signin-sequential")
    if seq:
        t.add(s, "one connection, one after the other", f"{seq['rps']:.1f} sign-ins/s, mean {ms(seq['mean_ms'])}")
        fig["sequential"] = wrk_figures(seq)
    signed_in = lambda run: run["counters"].get("status 303 /", 0) / run["seconds"]
    # The goal, held against 5 pairs taking turns: the hash timed, then 4 s of sign-ins.
    pairs = []
    for i in range(1, 100):
        run, timed = runs.get(f"signin-pair-{i}"), pair_hashes.get(i)
        if run and timed:
            pairs.append((signed_in(run), cores / (timed["median_ms"] / 1000), timed["parallel_per_s"]))
    if pairs:
        share = middle(ok / ceil for ok, ceil, _ in pairs)
        each = ", ".join(f"{ok:.0f}/{ceil:.0f}" for ok, ceil, _ in pairs)
        t.add(s, f"sign-ins/s against the ceiling, taking turns (median of {len(pairs)} pairs)",
              f"{pct(share)} (sign-ins/s / ceiling: {each})", f">= {pct(GOALS['signin_share'])}",
              share >= GOALS["signin_share"])
        t.add(s, f"the same against {cores} hashes at once, timed in the same pairs",
              f"{pct(middle(ok / par for ok, _, par in pairs))} (hashes/s: {', '.join(f'{par:.0f}' for _, _, par in pairs)})")
        fig["pairs"] = [{"signins_per_s": round(ok, 2), "ceiling_per_s": round(ceil, 2), "parallel_per_s": par}
                        for ok, ceil, par in pairs]
        fig["share_of_ceiling"] = round(share, 4)
    # The 10 s runs: latency and CPU; their rate against the ceiling timed around them, for context.
    for key, label in (("signin-alone", "16 connections, alone"), ("signin-mixed", "16 connections + page views")):
        run = runs.get(key)
        if not run:
            continue
        ok = signed_in(run)
        share = ok / ceiling if ceiling else 0
        measured = argon.get("parallel_per_s")
        also = f" ({pct(ok / measured)} of the measured {argon['threads']}-thread rate)" if measured else ""
        t.add(s, f"sign-ins/s, {label}", f"{ok:.1f} /s = {pct(share)} of ceiling{also}")
        t.add(s, f"sign-in latency p50 / p99, {label}", f"{ms(run['p50_ms'])} / {ms(run['p99_ms'])}")
        fig[key.replace("-", "_")] = {**wrk_figures(run), "signins_per_s": round(ok, 2), "share_of_ceiling": round(share, 4)}
        serve_cpu = ((run.get("cpu") or {}).get("ours_cpu_seconds") or {}).get("matricula")
        if key == "signin-alone" and serve_cpu and ok:
            per = 1000 * serve_cpu / (ok * run["seconds"])
            t.add(s, "server CPU per sign-in, alone", f"{per:.1f} ms (CPU used {100 * serve_cpu / (cores * run['seconds']):.0f} % of the machine)")
            fig["signin_alone"]["server_cpu_ms_per_signin"] = round(per, 2)
    pv = runs.get("pageview-during-signin")
    if pv:
        t.add(s, "page views during sign-ins (8 conn.)", f"{pv['rps']:.0f} req/s, p50 {ms(pv['p50_ms'])}")
        t.add(s, "page view p99 during sign-ins", ms(pv["p99_ms"]), f"< {GOALS['pageview_p99_during_signin_ms']:g} ms",
              pv["p99_ms"] < GOALS["pageview_p99_during_signin_ms"])
        fig["pageview_during_signin"] = wrk_figures(pv)
    for key, label in (("signin-sequential", "1 connection"), ("signin-alone", "alone"), ("signin-mixed", "mixed"),
                       *((f"signin-pair-{i}", f"pair {i}") for i in sorted(pair_hashes))):
        t.answers(s, runs.get(key), f"sign-ins, {label}", {"303 /"})
    t.answers(s, pv, "page views during sign-ins", None)
    results["scenarios"]["signin"] = fig

    # 6. forms with a slow SMTP server
    s = "6 forms, SMTP 2 s/message"
    fig = {"smtp_delay_s": 2, "smtp_messages_delivered_meanwhile": num(facts, "slow_smtp_delivered"),
           "outbox_pending_after": num(facts, "slow_outbox_pending"),
           "accounts_registered": num(facts, "registered_accounts")}
    for key, label, conns in (("send-otp", "code request", 16), ("register", "registration", 4)):
        run = runs.get(key)
        if not run:
            continue
        t.add(s, f"{label} ({conns} conn.)", f"{run['rps']:.0f} req/s")
        t.add(s, f"{label} latency p50 / p99", f"{ms(run['p50_ms'])} / {ms(run['p99_ms'])}",
              f"p99 < {GOALS['form_p99_ms']:g} ms", run["p99_ms"] < GOALS["form_p99_ms"])
        fig[key.replace("-", "_")] = wrk_figures(run)
    reg = runs.get("register")
    if reg:
        created = int(num(facts, "registered_accounts", 0))
        answered = reg["counters"].get("status 303 /account/login/", 0)
        # Requests still in flight when wrk stops are answered after it counted: at most one per connection.
        t.add(s, "accounts created / registrations answered 303", f"{created} / {answered}",
              "equal (+ up to 4 in flight)", answered > 0 and answered <= created <= answered + 4)
    t.add(s, "mail the SMTP server took meanwhile",
          f"{num(facts, 'slow_smtp_delivered', 0):.0f} delivered, {num(facts, 'slow_outbox_pending', 0):.0f} still queued")
    t.answers(s, runs.get("send-otp"), "code requests", {"303 /account/verify_otp/"})
    t.answers(s, reg, "registrations", {"303 /account/login/"})
    results["scenarios"]["forms_slow_smtp"] = fig

    # 7. memory
    s = "7 memory (VmRSS of serve)"
    idle = num(facts, "rss_idle_VmRSS", 0) / 1024
    conns = num(facts, "rss_conns_VmRSS", 0) / 1024
    anon, files = num(facts, "rss_idle_RssAnon", 0) / 1024, num(facts, "rss_idle_RssFile", 0) / 1024
    t.add(s, "idle, 1 s after start", f"{idle:.1f} MiB ({anon:.1f} MiB anonymous, {files:.1f} MiB mapped files)",
          f"<= {GOALS['rss_idle_mib']:g} MiB", idle <= GOALS["rss_idle_mib"])
    t.add(s, "1000 idle keep-alive connections", f"{conns:.1f} MiB (+{(conns - idle) * 1024 / 1000:.1f} KiB per connection)")
    viewed, viewed_anon = num(facts, "rss_pageviews_VmRSS", 0) / 1024, num(facts, "rss_pageviews_RssAnon", 0) / 1024
    cached = num(facts, "s10k_session_cache_entries", 0)
    t.add(s, "after the page views (scenario 2)", f"{viewed:.1f} MiB ({viewed_anon:.1f} MiB anonymous), "
          f"{cached:.0f} sessions in memory")
    opened, kept = num(facts, "idle_conns_open", 0), num(facts, "idle_conns_still_open", 0)
    t.add(s, "connections opened / still open 3 s later",
          f"{opened:.0f} / {kept:.0f}; answers {facts.get('idle_conns_statuses', '?')}", "1000 / 1000",
          opened == 1000 and kept == 1000)
    results["scenarios"]["memory"] = {"rss_idle_mib": round(idle, 2), "rss_idle_anonymous_mib": round(anon, 2),
                                      "rss_idle_file_mib": round(files, 2),
                                      "rss_1000_connections_mib": round(conns, 2),
                                      "rss_1000_connections_anonymous_mib": round(num(facts, "rss_conns_RssAnon", 0) / 1024, 2),
                                      "rss_after_page_views_mib": round(viewed, 2),
                                      "rss_after_page_views_anonymous_mib": round(viewed_anon, 2),
                                      "sessions_in_memory_after_page_views": cached,
                                      "connections_opened": opened, "connections_still_open": kept,
                                      "answers": facts.get("idle_conns_statuses")}

    # 8. mail
    s = "8 mail outbox (worker)"
    secs = num(facts, "mail_seconds", 0)
    sent = num(facts, "mail_sent", 0)
    received = num(facts, "mail_sink_received", 0)
    before = num(facts, "mail_pending_before", 0)
    rate = before / secs if secs else 0
    t.add(s, f"{before:.0f} queued messages delivered", f"{rate:.0f} messages/s ({secs:.1f} s)")
    t.add(s, "sent / failed / received by SMTP", f"{sent:.0f} / {num(facts, 'mail_failed', 0):.0f} / {received:.0f}",
          f"{before:.0f} / 0 / {before:.0f}", sent == before and received == before and num(facts, "mail_failed", 0) == 0)
    results["scenarios"]["mail"] = {"messages": before, "seconds": secs, "messages_per_s": round(rate, 1), "sent": sent,
                                    "failed": num(facts, "mail_failed"), "smtp_received": received,
                                    "pending_after": num(facts, "mail_pending_after")}

    cpu = results["cpu_during_runs"]
    disturbed = {k: v for k, v in cpu.items() if foreign_share(v) >= GOALS["others_cpu_percent"]}
    if disturbed:
        value = "; ".join(f"{k}: {describe_foreign(v)}" for k, v in disturbed.items())
    elif cpu:
        worst = max(cpu.items(), key=lambda kv: foreign_share(kv[1]))
        value = f"at most {foreign_share(worst[1]):.1f} % ({worst[0]})"
    else:
        value = "not measured"
    t.add("-", "other processes' CPU during the runs", value,
          f"< {GOALS['others_cpu_percent']:g} %", "DISTURBED" if disturbed else "quiet")
    results["table"] = t.rows
    missed = [f"{r['scenario']}: {r['figure']}" for r in t.rows if r["verdict"] == "MISSED"]
    results["goals_missed"] = missed
    results["problems"] = [f"{r['scenario']}: {r['figure']}: {r['value']}" for r in t.rows
                           if r["verdict"] in ("PROBLEM", "DISTURBED")]
    return facts, t, results


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--line")
    p.add_argument("--work")
    p.add_argument("--json")
    a = p.parse_args()
    if a.line:
        print(line(a.line))
        return 0
    facts, table, results = build(a.work)
    print()
    print(f"matricula benchmark, {facts.get('date')}: {facts.get('nproc')} x {facts.get('cpu_model')}, "
          f"{facts.get('memory_gib')} GiB; commit {facts.get('commit')}"
          f"{' + uncommitted changes' if facts.get('tree_dirty') == 'yes' else ''}, binary built "
          f"{facts.get('binary_mtime')}; "
          f"{facts.get('bench_seconds')} s in all")
    print(table.render())
    if results["goals_missed"]:
        print("\nGOALS MISSED:\n  " + "\n  ".join(results["goals_missed"]))
    else:
        print("\nEvery goal met.")
    if results["problems"]:
        print("\nPROBLEMS (wrong answers, errors, or a machine busy with something else):\n  "
              + "\n  ".join(results["problems"]))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=2)
            f.write("\n")
        repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        print(f"figures saved to {os.path.relpath(os.path.abspath(a.json), repo)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
