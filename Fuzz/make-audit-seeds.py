#!/usr/bin/env python3
"""Writes the seed inputs of the FuzzAuditExport target (Fuzz/corpus/audit/): small audit
exports in the harness's section format (see Fuzz/FuzzAuditExport/main.swift), with correct
RFC 9162 roots, frontiers and consistency proofs so that mutations start from exports that
verify. Checkpoints are left unsigned; the harness signs them."""
import base64, hashlib, json, os, sys

ORIGIN = "zzk.vault/V-FUZZ"
H = lambda b: hashlib.sha256(b).digest()
leaf = lambda e: H(b"\x00" + e)
node = lambda l, r: H(b"\x01" + l + r)

def split(n):
    k = 1
    while k << 1 < n: k <<= 1
    return k

def mth(leaves):
    if not leaves: return H(b"")
    if len(leaves) == 1: return leaves[0]
    k = split(len(leaves))
    return node(mth(leaves[:k]), mth(leaves[k:]))

def subproof(m, leaves, complete):
    n = len(leaves)
    if m == n: return [] if complete else [mth(leaves)]
    k = split(n)
    if m <= k: return subproof(m, leaves[:k], complete) + [mth(leaves[k:])]
    return subproof(m - k, leaves[k:], False) + [mth(leaves[:k])]

def frontier(leaves):
    roots, start, n = [], 0, len(leaves)
    for bit in reversed(range(64)):
        if n >> bit & 1:
            roots.append(mth(leaves[start:start + (1 << bit)])); start += 1 << bit
    return roots

def entry(seq, action="person.read", person="P-7K3M9Q2X", detail="rule=sw-case-work"):
    return json.dumps({"v": 1, "seq": seq, "time": "2026-11-23T10:00:00.000Z", "actor": "akowalczyk", "action": action,
                       "person": person, "fields": ["identity.last_name"], "purpose": "case_assessment",
                       "decision": "allowed", "detail": detail}, separators=(",", ":"), ensure_ascii=False).encode()

def body(size, leaves):
    return f"{ORIGIN}\n{size}\n{base64.b64encode(mth(leaves[:size])).decode()}\n"

def export(entries, since, checkpoint_sizes):
    leaves = [leaf(e) for e in entries]
    n = len(entries)
    manifest = {"format": "zzk-audit-export/1", "origin": ORIGIN, "since": since, "size": n, "files": []}
    out = ["@manifest.json", json.dumps(manifest, separators=(",", ":")), "@checkpoint.txt", body(n, leaves).rstrip("\n")]
    out += ["@checkpoints.jsonl"] + [body(s, leaves).rstrip("\n").replace("\n", ";") for s in checkpoint_sizes]
    if since > 0:
        out += ["@base-checkpoint.txt", body(since, leaves).rstrip("\n")]
        out += ["@base-frontier.txt"] + [r.hex() for r in frontier(leaves[:since])]
        out += ["@consistency-proof.txt"] + [p.hex() for p in (subproof(since, leaves, True) if since < n else [])]
    out += ["@entries.jsonl"] + [e.decode() for e in entries[since:]]
    return ("\n".join(out) + "\n").encode()

folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus", "audit")
os.makedirs(folder, exist_ok=True)
entries = [entry(i, detail=f"rule=sw-case-work n={i}") for i in range(7)]
entries[3] = entry(3, action="person.create", person=None, detail="import=osoby.csv:4 zażółć=\\u0001")
seeds = {
    "full-3.txt": export(entries[:3], 0, [1, 2, 3]),
    "since-2-of-5.txt": export(entries[:5], 2, [2, 4, 5]),
    "since-4-of-7.txt": export(entries[:7], 4, [4, 6]),
    "since-equals-size.txt": export(entries[:4], 4, [4]),
    "empty.txt": export([], 0, []),
}
for name, data in seeds.items():
    with open(os.path.join(folder, name), "wb") as f: f.write(data)
