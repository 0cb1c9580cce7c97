#!/usr/bin/env python3
"""Load and soak test of a running restrack server holding the demo data (`restrack seed demo`).

Open loop: one request is started every 1/RATE seconds on a fixed schedule, whatever happened to
the earlier ones, by a pool of worker threads (keep-alive connections, one per thread). A mix of
reads (dashboard, task list and detail, KPI figures, alerts, agency tree) and writes (progress
reports, KPI figures submitted by reporters and approved by approvers) is issued as the demo users;
access tokens are refreshed before they expire. The server's RSS is sampled from /proc/PID/status
once a second.

Reports per operation and overall: count, throughput, p50/p99 latency, errors; RSS in the first
and last window; and a final JSON line. Exits 1 when any request failed (5xx, a connection error,
or any other status the operation does not expect; a 409/412 of a write racing this script's own
writes is counted apart and allowed), when the achieved rate is under 90 % of the target, or when
RSS grew by more than the allowed amount between the first and last window.

Standard library only:  scripts/soak.py --url http://127.0.0.1:8080 --pid PID --seconds 120 --rate 40
"""

import argparse
import collections
import datetime
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

PASSWORD = "Demo@2026!"
READERS = ["admin", "lanhdao.tw", "kehoach.bkhcn", "pheduyet.bkhcn", "kehoach.hn", "pheduyet.hn",
           "quantri.hn", "theodoi.hcm", "pheduyet.badinh"]
REPORTERS = ["baocao.hn", "baocao.badinh", "baocao.hcm"]
APPROVERS = ["pheduyet.hn", "pheduyet.badinh"]
DEFAULT_MIX = ("dashboard=15,task_list=15,task_detail=15,kpi_values=15,alerts=10,agency_tree=10,"
               "task_report=8,kpi_write=6,kpi_approve=6")
WRITES = {"task_report", "kpi_write", "kpi_approve"}
MAX_PENDING = 8  # KPI figures submitted and not yet approved, at most (then an approval comes first)
NARRATIVE = ("Đã triển khai theo kế hoạch; hoàn thành rà soát hồ sơ, tập huấn cán bộ và cập nhật "
             "số liệu lên hệ thống. Tiến độ kỳ này tăng so với kỳ trước. ")
OBSTACLES = "Kinh phí được giao chậm; thiếu nhân lực công nghệ thông tin ở cấp xã."
PROPOSALS = "Đề nghị bổ sung kinh phí và hướng dẫn thống nhất về chuẩn dữ liệu."


class Failure(Exception):
    pass


class Client:
    """One keep-alive connection per thread."""

    def __init__(self, url, timeout):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port or 80
        self.timeout = timeout
        self.idle_limit = 2.0
        self.local = threading.local()
        self.lock = threading.Lock()
        self.stale_retries = 0

    def request(self, method, path, token=None, body=None):
        """(status, body bytes, response, seconds); status 0 for a connection error."""
        headers = {"Accept": "application/json"}
        data = None
        if token:
            headers["Authorization"] = "Bearer " + token
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        local = self.local
        # The server closes keep-alive connections idle for 5 s; do not reuse one near that age.
        if getattr(local, "conn", None) is not None and time.monotonic() - local.used > self.idle_limit:
            local.conn.close()
            local.conn = None
        for attempt in (1, 2):
            reused = getattr(local, "conn", None) is not None
            if not reused:
                local.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            conn = local.conn
            start = time.monotonic()
            try:
                conn.request(method, "/api/v1" + path, body=data, headers=headers)
                resp = conn.getresponse()
                payload = resp.read()
                elapsed = time.monotonic() - start
                local.used = time.monotonic()
                if resp.getheader("Connection", "").lower() == "close":
                    conn.close()
                    local.conn = None
                return resp.status, payload, resp, elapsed
            except (OSError, http.client.HTTPException) as e:
                conn.close()
                local.conn = None
                # A reused connection the server closed just as we sent: retry a GET once on a new one.
                if attempt == 1 and reused and method == "GET" and isinstance(
                        e, (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)):
                    with self.lock:
                        self.stale_retries += 1
                    continue
                return 0, repr(e).encode(), None, time.monotonic() - start


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        # op -> list of (t since start, latency s, outcome) ; outcome in ok|conflict|error
        self.rows = collections.defaultdict(list)
        self.statuses = collections.defaultdict(collections.Counter)
        self.error_samples = []
        self.conflict_samples = []
        self.lags = []

    def record(self, op, t, latency, status, outcome, detail=None):
        with self.lock:
            self.rows[op].append((t, latency, outcome))
            self.statuses[op][status] += 1
            if outcome == "error" and len(self.error_samples) < 20:
                self.error_samples.append(detail)
            if outcome == "conflict" and len(self.conflict_samples) < 5:
                self.conflict_samples.append(detail)


class Session:
    """A logged-in demo user; refreshes its access token when two thirds of its life is gone."""

    def __init__(self, soak, username):
        self.soak, self.username = soak, username
        self.lock = threading.Lock()
        self.login()

    def _take(self, pair):
        self.access, self.refresh_token = pair["access_token"], pair["refresh_token"]
        self.expires_in = pair["expires_in"]
        self.obtained = time.monotonic()

    def login(self):
        st, body, _, _ = self.soak.client.request(
            "POST", "/auth/login", body={"username": self.username, "password": PASSWORD})
        if st != 200:
            raise Failure(f"login {self.username}: HTTP {st} {body[:300]!r}")
        self._take(json.loads(body))

    def token(self):
        if time.monotonic() - self.obtained < self.expires_in * 2 / 3:
            return self.access
        with self.lock:
            if time.monotonic() - self.obtained >= self.expires_in * 2 / 3:
                self.soak.call("auth_refresh", "POST", "/auth/refresh", None,
                               {"refresh_token": self.refresh_token}, on_ok=self._take_json)
        return self.access

    def _take_json(self, body):
        self._take(json.loads(body))


class Soak:
    def __init__(self, args):
        self.args = args
        self.client = Client(args.url, args.timeout)
        self.stats = Stats()
        self.rng = random.Random(args.seed)
        self.pending = collections.deque()  # (value id, approver, key) waiting for approval
        self.pending_keys = set()  # (indicator, agency, period) with a figure waiting: not written again
        self.pending_lock = threading.Lock()
        self.t0 = None

    # -- requests -------------------------------------------------------------------------------
    def call(self, op, method, path, session, body=None, expect=(200,), on_ok=None):
        token = session.token() if session else None
        status, payload, resp, latency = self.client.request(method, path, token, body)
        t = time.monotonic() - (self.t0 or time.monotonic())
        if status in expect:
            outcome = "ok"
            if on_ok:
                on_ok(payload)
        elif status in (409, 412) and op in WRITES:
            outcome = "conflict"
        else:
            outcome = "error"
        detail = None
        if outcome != "ok":
            rid = resp.getheader("X-Request-Id") if resp else None
            detail = {"op": op, "method": method, "path": path, "status": status,
                      "request_id": rid, "body": payload[:300].decode("utf-8", "replace"),
                      "at_s": round(t, 1)}
        self.stats.record(op, t, latency, status, outcome, detail)
        return status, payload

    def get(self, op, session, path, params=None):
        if params:
            path += "?" + urllib.parse.urlencode(params)
        return self.call(op, "GET", path, session)

    # -- set-up (not measured) ------------------------------------------------------------------
    def setup(self):
        names = sorted(set(READERS + REPORTERS + APPROVERS))
        self.sessions = {n: Session(self, n) for n in names}
        self.users = {}
        for name, s in self.sessions.items():
            c = self.client
            me = json.loads(c.request("GET", "/me", s.access)[1])
            tasks = json.loads(c.request("GET", "/tasks?limit=500", s.access)[1])["items"]
            inds = json.loads(c.request("GET", "/indicators?limit=500", s.access)[1])["items"]
            tree = json.loads(c.request("GET", f"/agencies/{me['agency_id']}/tree", s.access)[1])
            subtree, stack = [], [tree]
            while stack:
                node = stack.pop()
                subtree.append(node["id"])
                stack.extend(node.get("children", []))
            self.users[name] = {
                "agency": me["agency"], "roles": me["roles"], "tasks": tasks, "indicators": inds,
                "subtree": subtree, "resolutions": sorted({t["resolution_id"] for t in tasks}),
            }
        self.readers = [n for n in READERS if self.users[n]["tasks"]]
        # Progress reports: each reporter on the open tasks its agency leads.
        self.report_targets = []
        for r in REPORTERS:
            u = self.users[r]
            for t in u["tasks"]:
                if t["lead_agency_id"] == u["agency"]["id"] and t["status"] not in ("cancelled", "completed"):
                    self.report_targets.append((r, t))
        # KPI series each reporter is the source of (its own agency), and who approves them.
        self.series = []
        for r in REPORTERS:
            u = self.users[r]
            for ind in u["indicators"]:
                if ind["group"] == "composite" or ind.get("source_agency_id"):
                    continue
                if ind.get("reporting_agency_kind") != u["agency"]["kind"]:
                    continue
                approvers = [a for a in APPROVERS if u["agency"]["id"] in self.users[a]["subtree"]]
                if approvers:
                    self.series.append((r, ind, u["agency"]["id"], approvers))
        if not self.readers or not self.report_targets or not self.series:
            raise Failure("the demo data is missing (run `restrack seed demo` on an empty database)")
        today = datetime.datetime.now(datetime.timezone.utc).date()
        self.month = f"{today.year}-{today.month:02d}"
        q, y = (today.month - 1) // 3 + 1, today.year
        self.quarters = []
        for _ in range(self.args.kpi_periods):
            self.quarters.append(f"{y}-Q{q}")
            q, y = (q - 1, y) if q > 1 else (4, y - 1)

    # -- operations -----------------------------------------------------------------------------
    def op_dashboard(self, rnd):
        name = rnd.choice(self.readers)
        params = {}
        if rnd.random() < 0.3:
            params["resolution_id"] = rnd.choice(self.users[name]["resolutions"])
        self.get("dashboard", self.sessions[name], "/dashboard/summary", params)

    def op_task_list(self, rnd):
        name = rnd.choice(self.readers)
        u = self.users[name]
        params = {"limit": 50}
        pick = rnd.random()
        if pick < 0.3:
            params["resolution_id"] = rnd.choice(u["resolutions"])
        elif pick < 0.5:
            params["lead_agency_subtree"] = u["agency"]["id"]
        elif pick < 0.7:
            params["health"] = rnd.choice(["on_track", "at_risk", "off_track", "overdue"])
        self.get("task_list", self.sessions[name], "/tasks", params)

    def op_task_detail(self, rnd):
        name = rnd.choice(self.readers)
        task = rnd.choice(self.users[name]["tasks"])
        self.get("task_detail", self.sessions[name], f"/tasks/{task['id']}")

    def op_kpi_values(self, rnd):
        name = rnd.choice(self.readers)
        inds = self.users[name]["indicators"]
        if not inds:
            return self.op_task_detail(rnd)
        ind = rnd.choice(inds)
        self.get("kpi_values", self.sessions[name], f"/indicators/{ind['id']}/values", {"limit": 50})

    def op_alerts(self, rnd):
        name = rnd.choice(self.readers)
        params = {"limit": 50}
        if rnd.random() < 0.5:
            params["status"] = "open"
        self.get("alerts", self.sessions[name], "/alerts", params)

    def op_agency_tree(self, rnd):
        name = rnd.choice(self.readers)
        self.get("agency_tree", self.sessions[name], f"/agencies/{self.users[name]['agency']['id']}/tree")

    def op_login(self, rnd):
        """A fresh session (password check) that is closed again; not in the default mix."""
        name = rnd.choice(READERS)
        tokens = {}
        self.call("login", "POST", "/auth/login", None, {"username": name, "password": PASSWORD},
                  on_ok=lambda b: tokens.update(json.loads(b)))
        if tokens:
            status, payload, resp, latency = self.client.request("POST", "/auth/logout", tokens["access_token"])
            if status != 204:
                self.stats.record("logout", time.monotonic() - self.t0, latency, status, "error",
                                  {"op": "logout", "status": status, "body": payload[:300].decode("utf-8", "replace")})

    def op_task_report(self, rnd):
        reporter, task = rnd.choice(self.report_targets)
        body = {"period": self.month, "progress": round(rnd.uniform(5, 95), 1),
                "narrative": NARRATIVE * rnd.randint(1, 4), "obstacles": OBSTACLES, "proposals": PROPOSALS}
        self.call("task_report", "POST", f"/tasks/{task['id']}/reports", self.sessions[reporter], body,
                  expect=(201,))

    def op_kpi_write(self, rnd):
        if len(self.pending) >= MAX_PENDING:
            return self.op_kpi_approve(rnd)  # keep the figures awaiting approval few
        with self.pending_lock:
            for _ in range(20):
                reporter, ind, agency, approvers = rnd.choice(self.series)
                key = (ind["id"], agency, rnd.choice(self.quarters))
                if key not in self.pending_keys:
                    break
            self.pending_keys.add(key)
        if ind["value_type"] == "percent":
            value = round(rnd.uniform(20, 100), 1)
        elif ind["value_type"] == "boolean":
            value = float(rnd.randint(0, 1))
        else:
            value = float(rnd.randint(1000, 12000))
        body = {"agency_id": agency, "period": key[2], "value": value,
                "note": "Số liệu tổng hợp từ báo cáo định kỳ", "submit": True}
        approver = rnd.choice(approvers)
        status, _ = self.call("kpi_write", "POST", f"/indicators/{ind['id']}/values", self.sessions[reporter],
                              body, expect=(201,),
                              on_ok=lambda b: self.pending.append((json.loads(b)["id"], approver, key)))
        if status != 201:
            with self.pending_lock:
                self.pending_keys.discard(key)

    def op_kpi_approve(self, rnd):
        try:
            value_id, approver, key = self.pending.popleft()
        except IndexError:
            return self.op_kpi_write(rnd)  # nothing waiting yet: write one instead
        self.call("kpi_approve", "POST", f"/values/{value_id}/approve", self.sessions[approver], {})
        with self.pending_lock:
            self.pending_keys.discard(key)

    # -- the run --------------------------------------------------------------------------------
    def run_one(self, op, scheduled, seed):
        lag = time.monotonic() - scheduled
        with self.stats.lock:
            self.stats.lags.append(lag)
        getattr(self, "op_" + op)(random.Random(seed))

    def run(self):
        a = self.args
        mix = parse_mix(a.mix)
        ops, weights = zip(*mix.items())
        sampler = RssSampler(a.pid, 1.0)
        sampler.rss_idle = read_rss(a.pid)
        total = int(a.seconds * a.rate)
        interval = 1.0 / a.rate
        print(f"soak: {a.seconds:.0f} s at {a.rate:g} req/s ({total} requests), {a.workers} workers, "
              f"mix {','.join(f'{k}={v:g}' for k, v in mix.items())}", flush=True)
        futures = []
        self.t0 = time.monotonic()
        sampler.start(self.t0)
        late_submits = 0
        next_progress = self.t0 + a.progress_every
        with ThreadPoolExecutor(max_workers=a.workers) as pool:
            for i in range(total):
                due = self.t0 + i * interval
                now = time.monotonic()
                if due > now:
                    time.sleep(due - now)
                elif now - due > 0.1:
                    late_submits += 1
                op = self.rng.choices(ops, weights)[0]
                futures.append(pool.submit(self.run_one, op, due, self.rng.random()))
                if a.progress_every and time.monotonic() >= next_progress:
                    next_progress += a.progress_every
                    self.progress_line()
            for f in futures:
                exc = f.exception()
                if exc is not None:
                    self.stats.record("client", time.monotonic() - self.t0, 0.0, -1, "error",
                                      {"op": "client", "exception": repr(exc)})
        elapsed = time.monotonic() - self.t0
        sampler.stop()
        return self.report(elapsed, sampler, late_submits, total)

    def progress_line(self):
        t = time.monotonic() - self.t0
        with self.stats.lock:
            n = sum(len(v) for v in self.stats.rows.values())
            err = sum(1 for v in self.stats.rows.values() for r in v if r[2] == "error")
        print(f"  {t:6.0f} s  {n} requests, {err} errors, RSS {read_rss(self.args.pid) / 1024:.1f} MB",
              flush=True)

    def report(self, elapsed, sampler, late_submits, total):
        a = self.args
        rows = self.stats.rows
        scheduled_ops = [op for op in rows if op not in ("auth_refresh", "logout", "client")]
        all_rows = [r for op in rows for r in rows[op]]
        sched_rows = [r for op in scheduled_ops for r in rows[op]]
        achieved = len(sched_rows) / elapsed if elapsed else 0.0

        def pct(xs, p):
            if not xs:
                return 0.0
            xs = sorted(xs)
            return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]

        def summary(rs, span):
            lat = [r[1] * 1000 for r in rs]
            return {"count": len(rs), "rate": round(len(rs) / span, 2) if span else 0,
                    "p50_ms": round(pct(lat, 50), 1), "p99_ms": round(pct(lat, 99), 1),
                    "max_ms": round(max(lat), 1) if lat else 0,
                    "conflicts": sum(1 for r in rs if r[2] == "conflict"),
                    "errors": sum(1 for r in rs if r[2] == "error")}

        per_op = {op: summary(rows[op], elapsed) for op in sorted(rows)}
        for op in per_op:
            per_op[op]["statuses"] = {str(k): v for k, v in sorted(self.stats.statuses[op].items())}
        overall = summary(all_rows, elapsed)
        reads = summary([r for op in scheduled_ops if op not in WRITES for r in rows[op]], elapsed)
        writes = summary([r for op in scheduled_ops if op in WRITES for r in rows[op]], elapsed)
        lags = sorted(self.stats.lags)
        lag = {"p50_ms": round(pct(lags, 50) * 1000, 1), "p99_ms": round(pct(lags, 99) * 1000, 1),
               "max_ms": round(max(lags) * 1000, 1) if lags else 0,
               "late_over_1s": sum(1 for x in lags if x > 1.0), "late_submits": late_submits}

        # Windows: RSS and latency over time.
        window = min(60.0, elapsed / 2) if a.window <= 0 else a.window
        samples = sampler.samples  # (t, kB)
        first = [kb for t, kb in samples if t < window]
        last = [kb for t, kb in samples if t >= elapsed - window]
        mb = lambda kb: round(kb / 1024, 1)
        rss_first = statistics.mean(first) if first else 0
        rss_last = statistics.mean(last) if last else 0
        growth_mb = (rss_last - rss_first) / 1024
        growth_pct = 100 * (rss_last - rss_first) / rss_first if rss_first else 0
        later = [(t, kb / 1024) for t, kb in samples if t >= window]
        slope = 0.0
        if len(later) > 2:
            mt = statistics.mean(t for t, _ in later)
            mm = statistics.mean(m for _, m in later)
            var = sum((t - mt) ** 2 for t, _ in later)
            slope = 60 * sum((t - mt) * (m - mm) for t, m in later) / var if var else 0.0
        rss = {"idle_mb": mb(sampler.rss_idle), "first_window_mb": mb(rss_first),
               "last_window_mb": mb(rss_last), "max_mb": mb(max(kb for _, kb in samples)) if samples else 0,
               "hwm_mb": mb(read_status(a.pid, "VmHWM") or 0),
               "growth_mb": round(growth_mb, 1), "growth_pct": round(growth_pct, 1), "window_s": round(window, 1),
               "trend_mb_per_min": round(slope, 2)}

        step = a.timeline_step or (60.0 if a.seconds <= 3600 else 300.0)
        buckets = max(1, int(round(a.seconds / step)))
        by_bucket = [[] for _ in range(buckets)]
        for r in sched_rows:
            by_bucket[min(int(r[0] // step), buckets - 1)].append(r)
        rss_bucket = [[] for _ in range(buckets)]
        for ts, kb in samples:
            rss_bucket[min(int(ts // step), buckets - 1)].append(kb)
        timeline = []
        for i, rs in enumerate(by_bucket):
            lat = [r[1] * 1000 for r in rs]
            timeline.append({"t_s": int(i * step), "requests": len(rs), "p50_ms": round(pct(lat, 50), 1),
                             "p99_ms": round(pct(lat, 99), 1),
                             "errors": sum(1 for r in rs if r[2] == "error"),
                             "rss_mb": mb(statistics.mean(rss_bucket[i])) if rss_bucket[i] else None})

        failures = []
        if overall["errors"]:
            failures.append(f"{overall['errors']} failed requests")
        if achieved < 0.9 * a.rate:
            failures.append(f"achieved {achieved:.1f} req/s < 90% of the target {a.rate:g}")
        if growth_mb > a.max_rss_growth_mb and growth_pct > a.max_rss_growth_pct:
            failures.append(f"RSS grew {growth_mb:.1f} MB ({growth_pct:.0f}%) from the first to the last "
                            f"window (allowed: {a.max_rss_growth_mb:g} MB or {a.max_rss_growth_pct:g}%, "
                            "whichever is larger)")
        if not pid_alive(a.pid):
            failures.append("the server process is gone")
        if len(sched_rows) < total:
            failures.append(f"only {len(sched_rows)} of {total} scheduled requests completed")

        print(f"\nsoak: {elapsed:.1f} s, target {a.rate:g} req/s, achieved {achieved:.1f} req/s "
              f"({len(sched_rows)} requests + {len(rows.get('auth_refresh', []))} token refreshes)")
        print(f"{'operation':<14}{'count':>8}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
              f"{'409/412':>9}{'errors':>8}  statuses")
        for op, s in list(per_op.items()) + [("reads", reads), ("writes", writes), ("all", overall)]:
            st = " ".join(f"{k}:{v}" for k, v in s.get("statuses", {}).items())
            print(f"{op:<14}{s['count']:>8}{s['rate']:>8.2f}{s['p50_ms']:>9.1f}{s['p99_ms']:>9.1f}"
                  f"{s['max_ms']:>9.1f}{s['conflicts']:>9}{s['errors']:>8}  {st}")
        print(f"connections: {self.client.stale_retries} GETs retried on a keep-alive connection the server "
              f"had just closed")
        print(f"schedule lag: p50 {lag['p50_ms']} ms, p99 {lag['p99_ms']} ms, max {lag['max_ms']} ms; "
              f"{lag['late_over_1s']} requests started > 1 s late")
        print(f"RSS: idle {rss['idle_mb']} MB; first {window:.0f} s avg {rss['first_window_mb']} MB, last "
              f"{window:.0f} s avg {rss['last_window_mb']} MB ({rss['growth_mb']:+.1f} MB, "
              f"{rss['growth_pct']:+.1f}%), max {rss['max_mb']} MB, VmHWM {rss['hwm_mb']} MB; "
              f"trend after the first window {rss['trend_mb_per_min']:+.2f} MB/min")
        print("timeline (scheduled requests; RSS average):")
        for w in timeline:
            print(f"  {w['t_s']:>6} s  {w['requests']:>6} req  p50 {w['p50_ms']:>6.1f} ms  p99 {w['p99_ms']:>7.1f} ms"
                  f"  {w['errors']} errors  RSS {w['rss_mb']} MB")
        for e in self.stats.error_samples[:10]:
            print("error:", json.dumps(e, ensure_ascii=False))
        for e in self.stats.conflict_samples[:3]:
            print("409/412:", json.dumps(e, ensure_ascii=False))
        print("RESULT " + ("FAIL: " + "; ".join(failures) if failures else "PASS"))
        result = {"soak": {"pass": not failures, "failures": failures, "seconds": round(elapsed, 1),
                           "target_rate": a.rate, "achieved_rate": round(achieved, 2),
                           "requests": len(all_rows), "overall": overall, "reads": reads,
                           "writes": writes, "ops": per_op, "lag": lag, "rss": rss,
                           "stale_retries": self.client.stale_retries,
                           "timeline": timeline, "errors": self.stats.error_samples[:10]}}
        print(json.dumps(result, ensure_ascii=False, separators=(",", ":")), flush=True)
        return 0 if not failures else 1


def parse_mix(text):
    mix = {}
    for part in text.split(","):
        name, _, weight = part.strip().partition("=")
        if not hasattr(Soak, "op_" + name):
            raise SystemExit(f"unknown operation {name!r} in the mix")
        mix[name] = float(weight or 1)
    return mix


def read_status(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])  # kB
    except OSError:
        return None
    return None


def read_rss(pid):
    return read_status(pid, "VmRSS") or 0


def pid_alive(pid):
    return os.path.exists(f"/proc/{pid}/status")


class RssSampler(threading.Thread):
    def __init__(self, pid, every):
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.samples = []
        self.done = threading.Event()

    def start(self, t0):
        self.t0 = t0
        super().start()

    def run(self):
        while not self.done.is_set():
            kb = read_status(self.pid, "VmRSS")
            if kb is not None:
                self.samples.append((time.monotonic() - self.t0, kb))
            self.done.wait(self.every)

    def stop(self):
        self.done.set()
        self.join()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", required=True, help="server base URL, e.g. http://127.0.0.1:8080")
    p.add_argument("--pid", type=int, required=True, help="server process id (RSS from /proc/PID/status)")
    p.add_argument("--seconds", type=float, default=120)
    p.add_argument("--rate", type=float, default=40, help="requests per second, fixed schedule")
    p.add_argument("--mix", default=DEFAULT_MIX, help=f"operation=weight,… (default {DEFAULT_MIX})")
    p.add_argument("--workers", type=int, default=16)
    p.add_argument("--timeout", type=float, default=30, help="per request, seconds")
    p.add_argument("--kpi-periods", type=int, default=8, help="KPI figures go to the last N quarters")
    p.add_argument("--window", type=float, default=0,
                   help="RSS comparison window in seconds (default: 60, or half the run if shorter)")
    p.add_argument("--timeline-step", type=float, default=0, help="seconds per timeline row")
    p.add_argument("--max-rss-growth-mb", type=float, default=30)
    p.add_argument("--max-rss-growth-pct", type=float, default=20)
    p.add_argument("--progress-every", type=float, default=60, help="print a progress line (0: never)")
    p.add_argument("--seed", type=int, default=2026)
    args = p.parse_args()
    if not pid_alive(args.pid):
        raise SystemExit(f"no process {args.pid}")
    soak = Soak(args)
    try:
        soak.setup()
    except Failure as e:
        print(f"soak: set-up failed: {e}", file=sys.stderr)
        return 2
    return soak.run()


if __name__ == "__main__":
    sys.exit(main())
