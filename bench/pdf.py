#!/usr/bin/env python3
"""The PDF edition's cost: time per PDF, a clean and a warm build.

    python3 bench/pdf.py [--articles 100] [--binary target/release/folio]

Generates a corpus (../shared/bench/gen_corpus.py) of N articles, all of
which get a PDF (`[pdf] types` lists every type), then times with a release
build of folio:

- a build with PDFs turned off (`[pdf] enabled = false`): the baseline;
- a clean build (no `.folio-cache/`): every PDF typeset;
- a warm build (the cache from the clean build): every PDF reused;
- a warm build after one article changed: one PDF typeset.

Time per PDF is (clean - baseline) / N, on all cores. Prints the build's
own "PDF edition:" line each time, which counts what was typeset and
reused. Nothing here is a test: the figures depend on the machine.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TYPES = '["commentary", "analysis", "report", "brief", "working-paper", "event"]'


def build(binary, site, label):
    out = os.path.join(site, "public")
    start = time.perf_counter()
    run = subprocess.run([binary, "build", "--root", site, "--output", out, "--force"],
                         capture_output=True, text=True)
    took = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit(f"{label}: build failed\n{run.stdout}\n{run.stderr}")
    pdf_line = next((l for l in run.stdout.splitlines() if l.startswith("PDF edition")), "no PDFs")
    print(f"{label:<28} {took:7.2f} s   {pdf_line}")
    return took


def set_pdf(site, table):
    path = os.path.join(site, "site.toml")
    with open(path) as f:
        text = re.sub(r"\n\[pdf\][^\[]*", "\n", f.read())
    with open(path, "w") as f:
        f.write(text.rstrip("\n") + "\n\n[pdf]\n" + table)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100)
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "folio"))
    ap.add_argument("--gen", default=os.path.join(ROOT, "..", "shared", "bench", "gen_corpus.py"))
    args = ap.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"no {args.binary}: run `cargo build --release` first")
    tmp = tempfile.mkdtemp(prefix="folio-pdf-bench-")
    try:
        site = os.path.join(tmp, "site")
        subprocess.run([sys.executable, args.gen, "--articles", str(args.articles), "--out", site],
                       check=True, capture_output=True)
        n = args.articles
        set_pdf(site, "enabled = false\n")
        base = build(args.binary, site, "without PDFs")
        set_pdf(site, f"types = {TYPES}\n")
        clean = build(args.binary, site, f"clean, {n} PDFs")
        warm = build(args.binary, site, "warm, nothing changed")
        # One article edited: one PDF typeset again.
        for dirpath, _, files in os.walk(os.path.join(site, "content")):
            md = [f for f in sorted(files) if f.endswith(".md") and not f.startswith("_")]
            if md and "authors" not in dirpath:
                with open(os.path.join(dirpath, md[0]), "a") as f:
                    f.write("\nOne more sentence.\n")
                break
        build(args.binary, site, "warm, one article changed")
        print(f"\nper PDF (clean - without) / {n}: {(clean - base) / n * 1000:.0f} ms"
              f" on {os.cpu_count()} cores; warm build adds {warm - base:+.2f} s")
        cache = os.path.join(site, ".folio-cache", "pdf")
        size = sum(os.path.getsize(os.path.join(cache, f)) for f in os.listdir(cache))
        print(f"cache: {len(os.listdir(cache))} PDFs, {size / 1e6:.1f} MB"
              f" ({size / n / 1000:.0f} KB per PDF)")
        print(f"binary: {os.path.getsize(args.binary) / 1e6:.1f} MB ({args.binary})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
