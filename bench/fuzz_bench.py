"""Fuzz benchmark: mutated samples through the real `jixiao run`; nothing may crash or vanish.

```
.venv/bin/python bench/fuzz_bench.py                  # 1,200 mutants, 2 workers
.venv/bin/python bench/fuzz_bench.py -n 300 --keep /tmp/fuzz --seed 7
```

It mutates the committed samples (`samples/*.docx`, `samples/pdf`, `samples/xlsx`,
`samples/html`) with a fixed seed: bit flips, truncations, corrupted zip entries (bytes
overwritten inside a member's compressed data), deleted and duplicated zip members,
garbage XML in a member (cut, unclosed, undefined entities, stray bytes, not UTF-8,
elements shuffled), and for PDFs and HTML overwritten spans and a damaged PDF
cross-reference table. Then it runs `python -m ingest.cli run CORPUS -o OUT` in
a fresh folder and reports:

- run crashes: the command exiting non-zero, or without a manifest;
- lost files: a file of the corpus that is neither a manifest row nor the archive of one;
- statuses by mutation kind, and how many files ended with a worker crash or a timeout
  (contained by the pool, but each is a parser weakness worth a look);
- peak RSS (VmHWM) of the run's own process and of the largest worker, sampled from /proc.

Target: 0 run crashes and 0 files lost. Exit status 1 when either is not 0.
"""
from __future__ import annotations

import argparse
import collections
import csv
import glob
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MB = 1024 * 1024


# --- mutations ----------------------------------------------------------------------------

def bit_flips(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 4, 8, 16))):
        pos = rng.randrange(len(out))
        out[pos] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncation(data: bytes, rng: random.Random) -> bytes:
    return data[:rng.randrange(1, len(data))]


def _members(data: bytes) -> list:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(i, zf.read(i)) for i in zf.infolist()]


def _rezip(members, comment: bytes = b"") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicated names are the point
        zf.comment = comment
        for info, body in members:
            zf.writestr(info.filename, body)
    return buf.getvalue()


def zip_entry_corruption(data: bytes, rng: random.Random) -> bytes:
    """Bytes overwritten inside one member's compressed data (headers left intact)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = rng.choice([i for i in zf.infolist() if i.compress_size > 0])
    raw = bytearray(data)
    nlen, xlen = (int.from_bytes(raw[info.header_offset + k:info.header_offset + k + 2], "little")
                  for k in (26, 28))
    start = info.header_offset + 30 + nlen + xlen
    span = rng.randint(1, min(64, info.compress_size))
    pos = start + rng.randrange(max(1, info.compress_size - span + 1))
    raw[pos:pos + span] = rng.randbytes(span)
    return bytes(raw)


def zip_member_deleted(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    members.pop(rng.randrange(len(members)))
    return _rezip(members, b"deleted %d" % rng.randrange(1 << 30))


def zip_member_duplicated(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    info, body = rng.choice(members)
    twin = body if rng.random() < 0.5 else body[:len(body) // 2]
    members.insert(rng.randrange(len(members) + 1), (info, twin))
    return _rezip(members, b"duplicated %d" % rng.randrange(1 << 30))


def garbage_xml(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    xml = [k for k, (i, _) in enumerate(members) if i.filename.endswith((".xml", ".rels"))]
    k = rng.choice(xml)
    info, body = members[k]
    kind = rng.randrange(6)
    if kind == 0:  # cut mid-element
        body = body[:rng.randrange(1, max(2, len(body)))]
    elif kind == 1:  # an element never closed
        body = body.replace(b"</", b"<", 1)
    elif kind == 2:  # an entity nobody defined
        body = body.replace(b">", b">&undefined;", 1)
    elif kind == 3:  # stray random bytes
        pos = rng.randrange(len(body) or 1)
        body = body[:pos] + rng.randbytes(rng.randint(1, 200)) + body[pos:]
    elif kind == 4:  # not UTF-8 although it says so
        body = body.replace(b"<w:t>", b"<w:t>\xff\xfe\xc0", 3) if b"<w:t>" in body else \
            body + b"\xff\xfe"
    else:  # elements swapped: the right names in the wrong places
        parts = body.split(b"><")
        rng.shuffle(parts)
        body = b"><".join(parts)
    members[k] = (info, body)
    return _rezip(members, b"garbage %d" % rng.randrange(1 << 30))


def span_overwrite(data: bytes, rng: random.Random) -> bytes:
    span = rng.randint(16, 4096)
    pos = rng.randrange(max(1, len(data) - span))
    return data[:pos] + rng.randbytes(span) + data[pos + span:]


def xref_damage(data: bytes, rng: random.Random) -> bytes:
    at = data.rfind(b"startxref")
    if at < 0:
        return span_overwrite(data, rng)
    target = rng.choice((b"startxref\n0", b"startxref\n999999999", b"xxxxxxxxx"))
    return data[:at] + target + data[at + len(target):]


ZIP_KINDS = {"bit_flip": bit_flips, "truncation": truncation,
             "zip_entry_corruption": zip_entry_corruption,
             "zip_member_deleted": zip_member_deleted,
             "zip_member_duplicated": zip_member_duplicated, "garbage_xml": garbage_xml}
PDF_KINDS = {"bit_flip": bit_flips, "truncation": truncation,
             "span_overwrite": span_overwrite, "xref_damage": xref_damage}
TEXT_KINDS = {"bit_flip": bit_flips, "truncation": truncation, "span_overwrite": span_overwrite}
# (sample files, their mutations, share of the corpus)
SOURCES = (("samples/*.docx", ZIP_KINDS, 0.45), ("samples/pdf/*.pdf", PDF_KINDS, 0.25),
           ("samples/xlsx/*.xlsx", ZIP_KINDS, 0.15), ("samples/html/*.html", TEXT_KINDS, 0.15))


def sample_files() -> list:
    """[(paths, mutations, weight)] for the sample formats present."""
    found = []
    for pattern, kinds, weight in SOURCES:
        paths = sorted(glob.glob(os.path.join(ROOT, pattern)))
        if paths:
            found.append((paths, kinds, weight))
    return found


def make_corpus(folder: str, n: int, seed: int) -> dict:
    """n mutants under folder/<kind>/; returns ({relative path: kind}, {path: format})."""
    rng = random.Random(seed)
    groups = sample_files()
    cache, made, made_kind = {}, {}, {}
    for i in range(n):
        paths, kinds, _ = rng.choices(groups, weights=[g[2] for g in groups])[0]
        path = rng.choice(paths)
        kind = rng.choice(sorted(kinds))
        data = cache.setdefault(path, open(path, "rb").read())
        try:
            mutant = kinds[kind](data, rng)
        except Exception as exc:  # a mutation that does not apply to this sample
            mutant = truncation(data, rng)
            kind = "truncation"
            print(f"note: {kind} used instead ({exc})", file=sys.stderr)
        base, ext = os.path.splitext(os.path.basename(path))
        rel = os.path.join(kind, f"{i:05d}-{base}{ext}")
        made_kind[rel] = ext.lstrip(".")
        os.makedirs(os.path.join(folder, kind), exist_ok=True)
        with open(os.path.join(folder, rel), "wb") as fh:
            fh.write(mutant)
        made[rel] = kind
    return made, made_kind


# --- running and measuring ----------------------------------------------------------------

def _status(pid: int) -> dict:
    out = {}
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                key, _, value = line.partition(":")
                out[key] = value.strip()
    except OSError:
        pass
    return out


def _descendants(root: int) -> list:
    children = collections.defaultdict(list)
    for name in os.listdir("/proc"):
        if name.isdigit():
            ppid = _status(int(name)).get("PPid")
            if ppid:
                children[int(ppid)].append(int(name))
    found, todo = [], list(children[root])
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children[pid])
    return found


def _hwm(pid: int) -> int:
    value = _status(pid).get("VmHWM", "0 kB").split()[0]
    return int(value) * 1024


def run(corpus: str, out: str, workers: int, timeout: float) -> dict:
    cmd = [sys.executable, "-m", "ingest.cli", "run", corpus, "-o", out, "--workers",
           str(workers), "--timeout", str(timeout), "--quiet"]
    env = dict(os.environ, PYTHONPATH=ROOT)
    for name in ("JIXIAO_DEBUG_DELAY", "JIXIAO_DEBUG_HOLD", "JIXIAO_DEBUG_HOLD_NAME"):
        env.pop(name, None)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    peak = {"parent": 0, "worker": 0}

    def sample():  # VmHWM is each process's own peak, so sampling misses no spike
        while proc.poll() is None:
            peak["parent"] = max(peak["parent"], _hwm(proc.pid))
            for pid in _descendants(proc.pid):
                peak["worker"] = max(peak["worker"], _hwm(pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    sampler.join()
    return {"rc": proc.returncode, "seconds": time.perf_counter() - started,
            "stderr": stderr.decode("utf-8", "replace"), "peak": peak}


def account(corpus: str, out: str, made: dict) -> dict:
    manifest = os.path.join(out, "manifest.csv")
    if not os.path.exists(manifest):
        return {"rows": [], "lost": sorted(made)}
    with open(manifest, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    top = {}
    for r in rows:
        rel = os.path.relpath(r["source_file"].split("!/")[0], corpus)
        top.setdefault(rel, []).append(r)
    lost = sorted(rel for rel in made if rel not in top)
    return {"rows": rows, "top": top, "lost": lost}


def report(made: dict, result: dict, acc: dict, n_samples: int) -> str:
    statuses = ("ok", "partial", "failed", "skipped")
    by_kind = collections.defaultdict(collections.Counter)
    contained = collections.defaultdict(collections.Counter)
    for rel, kind in made.items():
        for r in acc.get("top", {}).get(rel, []):
            if "!/" in r["source_file"]:
                continue  # a mutant read as an archive: counted by its own row
            by_kind[kind][r["status"]] += 1
            if "工作进程" in (r["error"] or ""):
                contained[kind]["worker crash"] += 1
            if "超时" in (r["error"] or ""):
                contained[kind]["timeout"] += 1
    crashed = result["rc"] != 0 or not acc["rows"]
    lines = [
        f"files: {len(made)} mutants of {n_samples} samples; manifest rows: {len(acc['rows'])}",
        f"run crashes: {int(crashed)} (exit code {result['rc']}); files lost: {len(acc['lost'])}",
        f"time: {result['seconds']:.1f} s; peak RSS: parent {result['peak']['parent'] / MB:.0f} MB, "
        f"largest worker {result['peak']['worker'] / MB:.0f} MB",
        "",
        "| mutation | files | " + " | ".join(statuses) + " | worker crash | timeout |",
        "|---|---:|" + "---:|" * (len(statuses) + 2),
    ]
    for kind in sorted(by_kind):
        c = by_kind[kind]
        lines.append(f"| {kind} | {sum(1 for k in made.values() if k == kind)} | "
                     + " | ".join(str(c[s]) for s in statuses)
                     + f" | {contained[kind]['worker crash']} | {contained[kind]['timeout']} |")
    if acc["lost"]:
        lines += ["", "lost: " + ", ".join(acc["lost"][:20])]
    if crashed:
        lines += ["", "stderr:", result["stderr"][-3000:]]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, default=1200, help="number of mutants (default 1200)")
    ap.add_argument("--seed", type=int, default=20261204)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--keep", help="folder to keep the corpus and output in")
    args = ap.parse_args(argv)
    base = args.keep or tempfile.mkdtemp(prefix="jixiao-fuzz-")
    corpus, out = os.path.join(base, "corpus"), os.path.join(base, "out")
    for folder in (corpus, out):
        shutil.rmtree(folder, ignore_errors=True)
    made, formats = make_corpus(corpus, args.n, args.seed)
    n_samples = sum(len(g[0]) for g in sample_files())
    result = run(corpus, out, args.workers, args.timeout)
    acc = account(corpus, out, made)
    print(report(made, result, acc, n_samples))
    print("\nmutants by format: " + ", ".join(
        f"{k} {v}" for k, v in sorted(collections.Counter(formats.values()).items())))
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return 1 if result["rc"] != 0 or not acc["rows"] or acc["lost"] else 0


if __name__ == "__main__":
    sys.exit(main())
