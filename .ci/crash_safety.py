"""Crash safety against the packaged jar: ingest attack sequences continuously, SIGKILL the JVM
mid-stream, restart it, resend every batch that had no 200 (as shippers do), then check that every
sequence has exactly one alert: none lost, none doubled.

Each batch k holds the first event of attack k and the second of attack k-1, so sequences span
batches and their first halves must survive the kill as retained state.

usage: crash_safety.py <java> <jar> <port> <datasource-url> <workdir> <attacks>
"""
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone

java, jar, port, datasource, workdir, attacks = sys.argv[1:7]
port, attacks = int(port), int(attacks)
base_url = f"http://127.0.0.1:{port}"
start = datetime(2024, 5, 14, 8, 0, 0, tzinfo=timezone.utc)
SENDERS = 4


def at(seconds):
    return (start + timedelta(seconds=seconds)).isoformat().replace("+00:00", "Z")


def network(k):
    return {"@timestamp": at(k * 10), "event": {"id": f"crash-{k}-net", "category": ["network"], "type": ["start"]},
            "host": {"id": f"crash-{k}", "os": {"type": "windows"}},
            "network": {"direction": "incoming", "protocol": "http"},
            "source": {"ip": "10.29.188.187"}, "destination": {"port": 5985}}


def process(k):
    return {"@timestamp": at(k * 10 + 4),
            "event": {"id": f"crash-{k}-proc", "category": ["process"], "type": ["start"]},
            "host": {"id": f"crash-{k}", "os": {"type": "windows"}},
            "process": {"executable": "C:\\Windows\\System32\\whoami.exe", "parent": {"name": "wsmprovhost.exe"}}}


def batch(k):
    events = ([network(k)] if k < attacks else []) + ([process(k - 1)] if k > 0 else [])
    return "\n".join(json.dumps(e) for e in events).encode()


def start_service(log_name):
    log = open(os.path.join(workdir, log_name), "w")
    app = subprocess.Popen([java, "-jar", jar, f"--server.port={port}", f"--spring.datasource.url={datasource}",
                            "--spring.datasource.username=" + os.environ.get("DB_USER", "sa"),
                            "--spring.datasource.password="], stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{base_url}/actuator/health/readiness", timeout=2) as r:
                if r.status == 200:
                    return app
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"crash-safety: the service did not become ready (see {log_name})")


def post(k):
    request = urllib.request.Request(f"{base_url}/api/v1/events", data=batch(k),
                                     headers={"Content-Type": "application/x-ndjson"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def send_all(numbers, acked, stop=None):
    """Sends the batches with SENDERS concurrent connections; returns those without a 200."""
    work = queue.Queue()
    for k in numbers:
        work.put(k)
    failed, lock = [], threading.Lock()

    def sender():
        while True:
            try:
                k = work.get_nowait()
            except queue.Empty:
                return
            if stop is not None and stop.is_set():
                with lock:
                    failed.append(k)
                continue
            if post(k):
                with lock:
                    acked.add(k)
            else:
                with lock:
                    failed.append(k)

    threads = [threading.Thread(target=sender) for _ in range(SENDERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(failed)


def poll_alerts():
    seen, cursor = [], ""
    while True:
        with urllib.request.urlopen(f"{base_url}/api/v1/alerts?limit=1000&cursor={cursor}", timeout=30) as r:
            page = json.load(r)
        seen.extend(page["alerts"])
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return seen


acked = set()
app = start_service("first.log")
killed = threading.Event()


def killer():
    while len(acked) < (attacks + 1) // 2:
        time.sleep(0.01)
    app.send_signal(signal.SIGKILL)
    killed.set()


threading.Thread(target=killer, daemon=True).start()
unacked = send_all(range(attacks + 1), acked, stop=None)
app.wait()
if not killed.is_set():
    raise SystemExit("crash-safety: the run ended before the kill; use more attacks")
acked_before = len(acked)
print(f"crash-safety: SIGKILL after {acked_before} of {attacks + 1} batches had a 200; {len(unacked)} to resend")

app = start_service("second.log")
try:
    for _ in range(5):
        unacked = send_all(unacked, acked)
        if not unacked:
            break
        time.sleep(1)
    if unacked:
        raise SystemExit(f"crash-safety: batches never acknowledged after the restart: {unacked[:10]}")
    alerts = poll_alerts()
finally:
    app.terminate()
    app.wait()

per_host = {}
for alert in alerts:
    host = alert["keys"].get("host.id", "")
    if host.startswith("crash-"):
        per_host[host] = per_host.get(host, 0) + 1
missing = [k for k in range(attacks) if per_host.get(f"crash-{k}", 0) == 0]
doubled = {h: n for h, n in per_host.items() if n > 1}
if missing or doubled:
    raise SystemExit(f"crash-safety: FAILED: {len(missing)} sequences without an alert (first: {missing[:10]}), "
                     f"doubled: {list(doubled.items())[:10]}")
print(f"crash-safety: {attacks} sequences, {len(per_host)} alerts, each exactly once "
      f"({acked_before} batches acknowledged before the kill, the rest resent after the restart)")
