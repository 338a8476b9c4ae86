#!/usr/bin/env python3
"""Save-to-reload latency of `folio serve` on a generated corpus.

    python3 bench/serve_latency.py [--articles 1000 10000] [--edits 20] [--verbose]

For each size, starts `folio serve` (release build) on a fresh corpus,
listens on its event stream, then edits one article at a time (appending
a sentence, as an editor's save would) and measures the time from the
write to the `reload` event. Prints the median and the range, the
server's first build time, and its memory (peak and current resident
set, from /proc/PID/status); --verbose adds the server's own line for
each rebuild (its stage timings). Nothing here is a test: figures depend
on the machine.
"""

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def open_events(port, timeout=120):
    deadline = time.time() + timeout
    while True:
        try:
            s = socket.create_connection(("127.0.0.1", port))
            break
        except OSError:
            if time.time() > deadline:
                sys.exit("the server did not start")
            time.sleep(0.2)
    s.sendall(f"GET /__folio/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    return s.makefile("rb")


def next_event(stream):
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.decode("utf-8", "replace").strip()
        if line.startswith("event:"):
            return line[len("event:"):].strip()


def memory(pid):
    status = open(f"/proc/{pid}/status").read()
    get = lambda k: int(re.search(rf"{k}:\s+(\d+) kB", status).group(1)) / 1024
    return get("VmHWM"), get("VmRSS")


def measure(folio, gen, n, edits):
    """(first build s, median ms, min ms, max ms, peak MiB, current MiB, stage lines)."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus")
        subprocess.run([sys.executable, gen, "--articles", str(n), "--out", corpus],
                       check=True, capture_output=True)
        port = free_port()
        log = open(os.path.join(tmp, "serve.log"), "w+")
        started = time.time()
        server = subprocess.Popen([folio, "serve", "--root", corpus, "--port", str(port)],
                                  stdout=log, stderr=subprocess.DEVNULL, text=True)
        try:
            # Connections queue while the first build runs; "hello" comes after it.
            events = open_events(port)
            assert next_event(events) == "hello"
            first_build = time.time() - started
            articles = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(corpus, "content", "commentary"))
                              for f in fs if f.endswith(".md") and f != "_index.md")
            latencies = []
            for i in range(edits):
                path = articles[(i * 37) % len(articles)]
                with open(path, "a") as f:
                    f.write(f"\nAn added sentence, edit number {i}.\n")
                t0 = time.time()
                name = next_event(events)
                latencies.append(time.time() - t0)
                if name != "reload":
                    sys.exit(f"expected a reload event, got {name}")
                time.sleep(0.3)
            peak, current = memory(server.pid)
        finally:
            server.terminate()
            server.wait()
        log.seek(0)
        stages = [l.strip() for l in log if l.startswith("Changed ")]
    ms = sorted(x * 1000 for x in latencies)
    return first_build, statistics.median(ms), ms[0], ms[-1], peak, current, stages


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--folio", default=None,
                    help="time this folio binary instead of building this checkout's")
    ap.add_argument("--verbose", action="store_true", help="print the server's line for each rebuild")
    ap.add_argument("--gen", default=os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py"))
    args = ap.parse_args()
    if args.folio:
        folio = os.path.abspath(args.folio)
    else:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        folio = os.path.join(ROOT, "target", "release", "folio")
    print(f"machine: {os.cpu_count()} cores; {args.edits} edits of one article each (a sentence appended), "
          "time from the write to the reload event")
    print()
    print("| articles | first build | save -> reload, median | min | max | server memory, peak | after the edits |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for n in args.articles:
        first, median, lo, hi, peak, current, stages = measure(folio, args.gen, n, args.edits)
        print(f"| {n:,} | {first:.1f} s | {median:.0f} ms | {lo:.0f} ms | {hi:.0f} ms | {peak:,.0f} MiB | {current:,.0f} MiB |",
              flush=True)
        if args.verbose:
            for line in stages:
                print("    " + line)


if __name__ == "__main__":
    main()
