#!/usr/bin/env python3
"""Save-to-reload latency of `folio serve` on a generated corpus.

    python3 bench/serve_latency.py [--articles 10000] [--edits 20]

Starts `folio serve` (release build) on a copy of the corpus, listens on
its event stream, then edits one article at a time (appending a sentence,
as an editor's save would) and measures the time from the write to the
`reload` event. Reports the median and the range, the server's first
build time, and its memory (peak and current resident set, from
/proc/PID/status). Nothing here is a test: figures depend on the machine.
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--gen", default=os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py"))
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    folio = os.path.join(ROOT, "target", "release", "folio")

    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "corpus")
        subprocess.run([sys.executable, args.gen, "--articles", str(args.articles), "--out", corpus],
                       check=True, capture_output=True)
        port = free_port()
        started = time.time()
        server = subprocess.Popen([folio, "serve", "--root", corpus, "--port", str(port)],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            # Connections queue while the first build runs; "hello" comes after it.
            events = open_events(port)
            assert next_event(events) == "hello"
            first_build = time.time() - started
            articles = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(corpus, "content", "commentary"))
                              for f in fs if f.endswith(".md") and f != "_index.md")
            latencies = []
            for i in range(args.edits):
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
    ms = sorted(x * 1000 for x in latencies)
    print(f"corpus: {args.articles:,} articles; {args.edits} edits, one article each")
    print(f"first build (start to serving): {first_build:.1f} s")
    print(f"save -> reload event: median {statistics.median(ms):.0f} ms (min {ms[0]:.0f}, max {ms[-1]:.0f})")
    print(f"server memory: peak {peak:,.0f} MiB, after the edits {current:,.0f} MiB")
    print("(includes the watcher's 120 ms debounce)")


if __name__ == "__main__":
    main()
