"""Overload soak against the packaged jar: senders keep more batches in flight than the service
admits, for a bounded time. Every refusal must be a 429 with Retry-After, never a 5xx; the heap must
stay bounded; every batch, sent again until it has a 200, must be stored (each batch's attack
sequence has exactly one alert); and once the load stops the next batch is served at once.

usage: overload.py <java> <jar> <port> <datasource-url> <workdir> <seconds> <senders> <heap-mb>
"""
import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

java, jar, port, datasource, workdir, seconds, senders, heap_mb = sys.argv[1:9]
port, seconds, senders, heap_mb = int(port), int(seconds), int(senders), int(heap_mb)
base_url = f"http://127.0.0.1:{port}"
EVENTS_PER_BATCH = 500


def batch(n):
    lines = []
    t0 = 1_715_673_600_000 + n * 1000  # epoch millis, one second per batch
    for i in range(EVENTS_PER_BATCH - 2):
        lines.append(json.dumps({"@timestamp": t0, "event": {"id": f"soak-{n}-{i}", "category": ["process"],
                                                             "type": ["start"]},
                                 "host": {"id": f"noise-{i % 97}", "os": {"type": "windows"}},
                                 "process": {"name": "svchost.exe", "pid": i,
                                             "parent": {"name": "services.exe"}}}))
    lines.append(json.dumps({"@timestamp": t0, "event": {"id": f"soak-{n}-net", "category": ["network"]},
                             "host": {"id": f"soak-{n}", "os": {"type": "windows"}},
                             "network": {"direction": "incoming", "protocol": "http"},
                             "source": {"ip": "10.29.188.187"}, "destination": {"port": 5985}}))
    lines.append(json.dumps({"@timestamp": t0 + 4000,
                             "event": {"id": f"soak-{n}-proc", "category": ["process"], "type": ["start"]},
                             "host": {"id": f"soak-{n}", "os": {"type": "windows"}},
                             "process": {"executable": "C:\\Windows\\System32\\whoami.exe",
                                         "parent": {"name": "wsmprovhost.exe"}}}))
    return "\n".join(lines).encode()


def get_json(path):
    with urllib.request.urlopen(base_url + path, timeout=30) as r:
        return json.load(r)


def post(body):
    request = urllib.request.Request(f"{base_url}/api/v1/events", data=body,
                                     headers={"Content-Type": "application/x-ndjson"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers)


log = open(f"{workdir}/overload.log", "w")
app = subprocess.Popen([java, f"-Xmx{heap_mb}m", "-jar", jar, f"--server.port={port}",
                        f"--spring.datasource.url={datasource}", "--ingest.max-concurrent-batches=4"],
                       stdout=log, stderr=subprocess.STDOUT)
try:
    deadline = time.time() + 120
    while True:
        try:
            if get_json("/actuator/health/readiness")["status"] == "UP":
                break
        except OSError:
            pass
        if time.time() > deadline:
            raise SystemExit("overload: the service did not become ready")
        time.sleep(0.5)

    lock = threading.Lock()
    counts = {"ok": 0, "429": 0, "bad": []}
    next_batch = [0]
    done = set()
    stop_at = time.time() + seconds
    heap = []

    def sender():
        while time.time() < stop_at:
            with lock:
                n = next_batch[0]
                next_batch[0] += 1
            body = batch(n)
            while True:
                status, headers = post(body)
                with lock:
                    if status == 200:
                        counts["ok"] += 1
                        done.add(n)
                    elif status == 429 and headers.get("Retry-After"):
                        counts["429"] += 1
                    else:
                        counts["bad"].append(status)
                if status == 200 or status not in (429,):
                    break
                time.sleep(0.05)  # sooner than Retry-After: keep the service above capacity

    def sampler():
        while time.time() < stop_at + 2:
            try:
                with urllib.request.urlopen(f"{base_url}/actuator/prometheus", timeout=10) as r:
                    text = r.read().decode()
                used = sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                           if line.startswith("jvm_memory_used_bytes{") and 'area="heap"' in line)
                heap.append(used / 2 ** 20)
            except OSError:
                pass
            time.sleep(0.5)

    threads = [threading.Thread(target=sender) for _ in range(senders)] + [threading.Thread(target=sampler)]
    started = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.time() - started

    recovery_started = time.time()
    status, _ = post(batch(next_batch[0]))
    recovery = time.time() - recovery_started
    if status == 200:
        done.add(next_batch[0])
        next_batch[0] += 1

    alerts, cursor = {}, ""
    while True:
        page = get_json(f"/api/v1/alerts?limit=1000&cursor={cursor}")
        for alert in page["alerts"]:
            host = alert["keys"].get("host.id", "")
            alerts[host] = alerts.get(host, 0) + 1
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
finally:
    app.terminate()
    app.wait()

missing = [n for n in done if alerts.get(f"soak-{n}", 0) != 1]
events = len(done) * EVENTS_PER_BATCH
print(f"overload: {elapsed:.0f} s, {senders} senders, 4 batches admitted at once, -Xmx{heap_mb}m: "
      f"{len(done)} batches ({events} events, {events / elapsed:.0f} events/s) stored, {counts['429']} answers 429 "
      f"with Retry-After, other answers {sorted(set(counts['bad']))}; heap max {max(heap):.0f} MiB of {heap_mb}; "
      f"first batch after the load served in {recovery * 1000:.0f} ms with {status}")
failures = []
if counts["bad"]:
    failures.append(f"answers other than 200 and 429: {counts['bad'][:10]}")
if counts["429"] == 0:
    failures.append("the load never exceeded capacity (no 429)")
if missing:
    failures.append(f"{len(missing)} stored batches without exactly one alert: {missing[:10]}")
if max(heap) > heap_mb * 0.95:
    failures.append("heap reached its limit")
if status != 200 or recovery > 5:
    failures.append("no prompt recovery after the load")
if failures:
    raise SystemExit("overload: FAILED: " + "; ".join(failures))
