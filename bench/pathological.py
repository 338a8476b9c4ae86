#!/usr/bin/env python3
"""Pathological inputs: what a bad paste, a hostile profile or a broken
export can make folio do. In the spirit of cmark's test/pathological_tests.py:
each case is a small site (site.toml, one author, one article, or a few for
the cross-article cases) whose article is one bad input; `folio build` is run
on it and its wall time and peak resident memory are measured.

    python3 bench/pathological.py [FOLIO] [--only SUBSTRING ...] [--keep] [--tmp DIR]

FOLIO is the binary (default target/release/folio). Prints a markdown table
(wall time, CPU time of user and system, peak resident memory) and exits 1 if any case took more than 5 s or 1 GiB, or built when it should
have been refused (or the reverse). A case is stopped at --kill-at GiB
(default 4) or --timeout seconds (default 60), so that a regression cannot
take the machine down. Figures depend on the machine; CI does not run this.

Cases marked "refused" are inputs folio must reject with an error (more tags
than an article may have): the figure is what the refusal costs.
"""

import argparse
import os
import random
import signal
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIMIT_SECONDS = 5.0
LIMIT_BYTES = 1 << 30

SITE_TOML = """title = "Pathological"
base_url = "https://example.org"
"""

AUTHOR = """---
name: Alice Ahmed
---

Alice writes.
"""


def article(body, tags=None, title="Bad input"):
    head = f'---\ntitle: "{title}"\ndate: 2025-11-05\nauthors: [alice-ahmed]\n'
    if tags is not None:
        head += "tags: [" + ", ".join(tags) + "]\n"
    return head + "---\n\n" + body + "\n"


def distinct_words(n):
    """n different words of the same shape as a one-word run's."""
    rnd = random.Random(16)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return " ".join("".join(rnd.choice(letters) for _ in range(6)) for _ in range(n))


def one(body, **kw):
    return {"analysis/bad.md": article(body, **kw)}


def many_articles(n, body):
    return {f"analysis/a{i}.md": article(body, title=f"Article {i}") for i in range(n)}


def cases():
    """(name, files under content/, expected to build) for every case."""
    paragraph = ("A strong domestic base helps the state protect its territory "
                 "without over-reliance on outside cooperation of any kind. ")
    yield "one word x 32,000 (64 KB)", one("a " * 32000), True
    yield "one word x 200,000 (400 KB)", one("a " * 200000), True
    yield "two words alternating x 100,000", one("ab cd " * 50000), True
    yield "eight-word phrase x 20,000", one(("one two three four five six seven eight " * 20000)), True
    yield "distinct words x 32,000 (control)", one(distinct_words(32000)), True
    yield "20,000 identical headings", one("## Heading\n\n" * 20000), True
    yield "100,000 identical headings", one("## Heading\n\n" * 100000), True
    yield "50,000 headings with ids like heading-1", one(
        "".join("## Heading\n\n## Heading 1\n\n" for _ in range(25000))), True
    yield "3,000 tags", one("Text.", tags=[f"t{i}" for i in range(3000)]), False
    yield "10,000 tags", one("Text.", tags=[f"t{i}" for i in range(10000)]), False
    yield "50 tags x 200 articles", {
        f"analysis/a{i}.md": article("Text.", tags=[f"t{k}" for k in range(50)],
                                     title=f"Article {i}") for i in range(200)}, True
    yield "one line of 1 MB, no spaces", one("x" * 1000000), True
    yield "one line of 1 MB of words", one(distinct_words(150000)), True
    yield "100,000 list items", one("- item\n" * 100000), True
    yield "100,000 numbered items", one("".join(f"{i + 1}. item\n" for i in range(100000))), True
    yield "nested block quotes x 25,000", one("> " * 25000 + "a"), True
    yield "deeply nested lists x 500", one("".join("  " * x + "* a\n" for x in range(500))), True
    yield "empty lines in nested lists x 30,000", one("- " * 30000 + "x" + "\n" * 30000), True
    yield "emph in deep blockquote x 100,000", one(">" * 100000 + "a*" * 100000), True
    yield "10,000 footnotes", one(
        "".join(f"Text[^n{i}].\n\n" for i in range(10000))
        + "".join(f"[^n{i}]: Note {i}.\n" for i in range(10000))), True
    yield "10,000 references to one footnote", one("Text[^n] " * 10000 + "\n\n[^n]: Note.\n"), True
    yield "100,000 links", one("".join(f"[l{i}](https://example.org/{i}) " for i in range(100000))), True
    yield "100,000 links to one place", one("[l](/analysis/bad/) " * 100000), True
    # Every one broken (an error), on one line: each finding is pointed at
    # its column, and a missing file's hint looks for the nearest name.
    yield "40,000 broken links on one line", one(
        "".join(f"[l](/analysis/gone-{i}/) " for i in range(40000))), False
    yield "40,000 raw <img> of missing files", one(
        "".join(f'<img src="missing-{i}.png" alt="x"> ' for i in range(40000))), False
    yield "10,000 images", one("".join(f"![alt {i}](https://example.org/{i}.png) " for i in range(10000))), True
    yield "table 10,000 rows x 10", one(
        "| " + " | ".join(f"h{c}" for c in range(10)) + " |\n"
        + "|" + "---|" * 10 + "\n"
        + "".join("| " + " | ".join(f"r{r}c{c}" for c in range(10)) + " |\n" for r in range(10000))), True
    yield "code block of 100,000 lines", one("```rust\n" + "let x = 1;\n" * 100000 + "```"), True
    yield "code block, one line of 1 MB", one("```rust\n" + "let x = 1; " * 100000 + "\n```"), True
    yield "code block of 10,000 lines", one("```rust\n" + "let x = 1;\n" * 10000 + "```"), True
    yield "100,000 raw HTML ids", one("".join(f'<span id="x{i}">x</span>\n' for i in range(100000))), True
    yield "raw HTML, 100,000 id=\" in one tag", one("<div" + ' id="x' * 100000 + ">\n"), True
    yield "100,000 doubled words on one line", one("ab ab cd " * 100000), True
    yield "brackets: 20,000 ( then 20,000 [", one("(" * 20000 + "[" * 20000 + "]" * 20000 + ")" * 20000), True
    yield "same paragraph in 300 articles", many_articles(300, paragraph * 20), True
    yield "same paragraph x 2,000 in one", one((paragraph + "\n\n") * 2000), True
    # cmark's test/pathological_tests.py, its inputs as bodies.
    yield "cmark: nested strong emph", one("*a **a " * 32500 + "b" + " a** a*" * 32500), True
    yield "cmark: emph closers, no openers", one("a_ " * 32500), True
    yield "cmark: emph openers, no closers", one("_a " * 32500), True
    yield "cmark: link closers, no openers", one("a]" * 32500), True
    yield "cmark: link openers, no closers", one("[a" * 32500), True
    yield "cmark: mismatched openers/closers", one("*a_ " * 25000), True
    yield "cmark: issue #389", one("*a " * 20000 + "_a*_ " * 20000), True
    yield "cmark: openers/closers multiple of 3", one("a**b" + "c* " * 25000), True
    yield "cmark: link openers, emph closers", one("[ a_" * 25000), True
    yield "cmark: pattern [ (]( repeated", one("[ (](" * 40000), True
    yield "cmark: pattern ![[]() repeated", one("![[]()" * 160000), True
    yield "cmark: nested brackets", one("[" * 25000 + "a" + "]" * 25000), True
    yield "cmark: backticks", one("".join("e" + "`" * x for x in range(1, 2500))), True
    yield "cmark: unclosed links A", one("[a](<b" * 30000), True
    yield "cmark: unclosed links B", one("[a](b" * 30000), True
    yield "cmark: unclosed <!--", one("</" + "<!--" * 300000), True
    yield "cmark: nested inlines", one("*" * 20000 + "a" + "*" * 20000), True
    yield "cmark: many references", one(
        "".join(f"[{x}]: u\n" for x in range(1, 5000 * 16)) + "[0] " * 5000), True


def write_site(root, files):
    os.makedirs(os.path.join(root, "content", "authors"))
    with open(os.path.join(root, "site.toml"), "w") as f:
        f.write(SITE_TOML)
    with open(os.path.join(root, "content", "authors", "alice-ahmed.md"), "w") as f:
        f.write(AUTHOR)
    for rel, text in files.items():
        path = os.path.join(root, "content", rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)


def rss_bytes(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run(folio, root, timeout, kill_at):
    """(wall seconds, CPU seconds, peak bytes, exit status or 'timeout' or
    'killed', stderr)."""
    err_path = os.path.join(root, "stderr.txt")
    with open(err_path, "w") as err:
        start = time.monotonic()
        pid = os.fork()
        if pid == 0:
            os.setsid()
            os.dup2(err.fileno(), 2)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            try:
                os.execv(folio, [folio, "build", "--root", root, "--quiet", "--color", "never"])
            finally:
                os._exit(127)
        status = None
        while True:
            done, code, usage = os.wait4(pid, os.WNOHANG)
            elapsed = time.monotonic() - start
            if done:
                status = os.waitstatus_to_exitcode(code) if status is None else status
                break
            if elapsed > timeout and status is None:
                status = "timeout"
                os.killpg(pid, signal.SIGKILL)
            elif rss_bytes(pid) > kill_at and status is None:
                status = "killed"
                os.killpg(pid, signal.SIGKILL)
            time.sleep(0.02)
    with open(err_path) as f:
        stderr = f.read()
    cpu = usage.ru_utime + usage.ru_stime
    return elapsed, cpu, usage.ru_maxrss * 1024, status, stderr


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folio", nargs="?", default=os.path.join(ROOT, "target", "release", "folio"))
    ap.add_argument("--only", nargs="*", default=[], help="run the cases whose name contains one of these")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--kill-at", type=float, default=4.0, help="GiB at which a case is stopped")
    ap.add_argument("--keep", action="store_true", help="keep the generated sites (their paths are printed)")
    ap.add_argument("--tmp", default="/dev/shm" if os.path.isdir("/dev/shm") else None,
                    help="where to make the sites (default /dev/shm, a memory file system, so that "
                         "the disk's own costs stay out of the figures)")
    args = ap.parse_args()
    folio = os.path.abspath(args.folio)
    if not os.access(folio, os.X_OK):
        sys.exit(f"no folio binary at {folio}: run `cargo build --release` or pass its path")

    rows, bad = [], []
    tmp = tempfile.mkdtemp(prefix="folio-pathological-", dir=args.tmp)
    for n, (name, files, builds) in enumerate(cases()):
        if args.only and not any(o.lower() in name.lower() for o in args.only):
            continue
        root = os.path.join(tmp, f"case{n}")
        write_site(root, files)
        size = sum(len(t.encode()) for t in files.values())
        secs, cpu, peak, status, stderr = run(folio, root, args.timeout, args.kill_at * (1 << 30))
        if status == 0:
            outcome = "built"
        elif status in ("timeout", "killed"):
            outcome = status
        else:
            outcome = "refused"
        verdict = "ok"
        if secs > LIMIT_SECONDS or peak > LIMIT_BYTES or outcome in ("timeout", "killed"):
            verdict = "TOO SLOW OR BIG"
        elif outcome != ("built" if builds else "refused"):
            verdict = "UNEXPECTED: " + (stderr.strip().splitlines() or ["no message"])[-1][:100]
        if verdict != "ok":
            bad.append(name)
        rows.append((name, size, secs, cpu, peak, outcome, verdict))
        print(f"{name}: {secs:.2f} s ({cpu:.2f} s CPU), {peak / 2**20:.0f} MiB, {outcome}, {verdict}",
              file=sys.stderr, flush=True)
        if not args.keep:
            import shutil
            shutil.rmtree(root, ignore_errors=True)
    if not args.keep:
        os.rmdir(tmp)
    else:
        print(f"sites kept in {tmp}", file=sys.stderr)

    print("| case | input | time | CPU | peak memory | outcome |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, size, secs, cpu, peak, outcome, verdict in rows:
        mark = "" if verdict == "ok" else f" **{verdict}**"
        print(f"| {name} | {size / 1024:,.0f} KB | {secs:.2f} s | {cpu:.2f} s | {peak / 2**20:,.0f} MiB | {outcome}{mark} |")
    if bad:
        print(f"\n{len(bad)} case(s) over {LIMIT_SECONDS:.0f} s or 1 GiB or unexpected: "
              + ", ".join(bad), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
