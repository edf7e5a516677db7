#!/usr/bin/env python3
"""layering.py - the shape rules of docs/DESIGN.md ("Layout") and issue 16,
read from the sources:

  include   a program includes only its own headers and common/'s; common/
            includes no program's
  cycles    within a directory, modules (X.c + X.h) that include each other
            in a loop (by #include "dir/x.h" lines)
  size      files over 700 lines
  length    functions over 120 lines (from the signature to the "}" in column 0)

Prints one line per finding, "rule: where: what".  With --known FILE, a
finding listed there (the same line) is known debt and only counted; any
other one fails (exit 1), so the debt can only shrink.  Exit 0 otherwise.
"""
import os, re, sys

DIRS = ["common", "vrrpd", "hcheckd", "vipctl", "ipvsctl"]
INC = re.compile(r'^\s*#\s*include\s+"([a-z]+)/([A-Za-z0-9_]+)\.h"')
FUNC = re.compile(r'^[A-Za-z_][A-Za-z0-9_ \*]*?\b([A-Za-z_][A-Za-z0-9_]*)\s*\([^;]*$')

def sources(top):
    for d in DIRS:
        p = os.path.join(top, d)
        for f in sorted(os.listdir(p)):
            if f.endswith((".c", ".h")):
                yield d, f, os.path.join(p, f)

def findings(top):
    out = []
    graph = {}
    for d, f, path in sources(top):
        mod = f[:-2]
        lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
        if len(lines) > 700:
            out.append(f"size: {d}/{f}: {len(lines)} lines")
        for i, l in enumerate(lines):
            m = INC.match(l)
            if not m:
                continue
            idir, ih = m.group(1), m.group(2)
            if idir != d and idir != "common":
                out.append(f"include: {d}/{f}: includes {idir}/{ih}.h")
            if idir == d and ih != mod:
                graph.setdefault((d, mod), set()).add((d, ih))
        # function lengths (C files; a definition starts at column 0)
        if f.endswith(".c"):
            i = 0
            while i < len(lines):
                m = FUNC.match(lines[i])
                if m and not lines[i].startswith(("typedef", "struct ", "enum ", "static const", "const ")) \
                        or (m and "(" in lines[i] and re.match(r"^(static )?(const )?struct [a-z_]+ \*?[a-z_]+\(", lines[i])):
                    # the signature may go on for a few lines; the body opens with "{" alone
                    j = i
                    while j < len(lines) and j - i < 6 and lines[j] != "{" and ";" not in lines[j]:
                        j += 1
                    if j < len(lines) and lines[j] == "{":
                        k = j + 1
                        while k < len(lines) and lines[k] != "}":
                            k += 1
                        if k - i + 1 > 120:
                            out.append(f"length: {d}/{f}: {m.group(1)}() {k - i + 1} lines")
                        i = k
                i += 1
    # cycles: strongly connected components of more than one module
    index, low, stack, on, comps, n = {}, {}, [], set(), [], [0]
    def strong(v):
        index[v] = low[v] = n[0]; n[0] += 1; stack.append(v); on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            c = []
            while True:
                w = stack.pop(); on.discard(w); c.append(w)
                if w == v:
                    break
            if len(c) > 1:
                comps.append(c)
    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            strong(v)
    for c in comps:
        names = sorted(f"{m}" for _, m in c)
        out.append(f"cycles: {c[0][0]}/: {' <-> '.join(names)}")
    return sorted(out)

def main():
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    known = set()
    args = sys.argv[1:]
    while args:
        if args[0] == "--known":
            known = {l.strip() for l in open(args[1]) if l.strip() and not l.startswith("#")}
        elif args[0] == "--top":
            top = args[1]
        else:
            print(__doc__, file=sys.stderr)
            return 64
        args = args[2:]
    found = findings(top)
    new = [f for f in found if f not in known]
    for f in found:
        print(("known " if f in known else "NEW   ") + f)
    gone = sorted(known - set(found))
    for g in gone:
        print("fixed " + g + "   (remove it from the known list)")
    print(f"# {len(found)} findings, {len(found) - len(new)} known, {len(new)} new, {len(gone)} fixed")
    return 1 if new else 0

if __name__ == "__main__":
    sys.exit(main())
