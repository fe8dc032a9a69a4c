#!/usr/bin/env python3
"""Differential test of ZZK Vault's policy evaluator against Cedar.

For the default policy and for randomly generated policy sets, this script exports the policy
with `zzk policy export --cedar`, decides the same random requests with the vault's own
evaluator (`zzk policy decide`) and with Cedar (`cedarpy`), and compares:

  * allow / deny, and
  * the deciding rules: the vault's `rules` against the `@id` annotations of the policies
    Cedar reports as determining (`diagnostics.reasons` holds parser-generated ids such as
    `policy3`; cedarpy maps them back to `@id` values in `id_annotations_by_reason`).

A few requests name an actor holding an undeclared principal id (alone or beside a declared
one) or a field outside the catalogue: the vault matches no rule for what it does not declare,
and the export, whose `*` scopes list the declared principals and catalogued fields, must not
match either.

It also runs Cedar's strict validator on the exported policies against the exported schema,
and validates the entities against the schema.

Usage:
    python3 scripts/cedar-differential.py .build/debug/zzk [--seed N] [--requests N] [--random-policies N]

It installs nothing: it needs `cedarpy` (`pip install cedarpy`). Exit status 0 when Cedar and
the vault agree on every request, 1 on any disagreement (each one is printed with the request,
both answers and the policy), 2 on a usage or setup error. The last line is
`cedar-differential: N passed, M failed`.
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

try:
    import cedarpy
except ImportError:  # pragma: no cover - setup error
    sys.stderr.write("cedar-differential: needs the cedarpy package: pip install cedarpy\n")
    sys.exit(2)

CONDITIONS = [
    "active_team_member",
    "consent_or_statute",
    "explicit_basis",
    "grant_valid",
    "person_restricted",
    "break_glass",
]
SENSITIVITIES = ["ordinary", "art9", "art10"]
NS = "ZZK"
MAX_REPORTED = 5  # disagreements printed in full per policy set
UNDECLARED_PRINCIPAL = "undeclared-principal"  # in no principals.yaml
UNDECLARED_FIELD = "undeclared.field"  # in no fields.yaml


def run(args, stdin_text=None):
    result = subprocess.run(args, input=stdin_text, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write("cedar-differential: command failed (exit %d): %s\n%s" % (
            result.returncode, " ".join(args), result.stderr))
        sys.exit(2)
    return result.stdout


def export(zzk, policies_dir, out_dir):
    """Exports a policy (None: zzk's built-in default) and returns (policies, schema, entities)."""
    cmd = [zzk, "policy", "export", "--cedar", out_dir]
    if policies_dir:
        cmd += ["--policies", policies_dir]
    run(cmd)
    texts = []
    for name in ("policies.cedar", "schema.cedarschema", "entities.json"):
        with open(os.path.join(out_dir, name), encoding="utf-8") as f:
            texts.append(f.read())
    return tuple(texts)


def world(schema_text, entities_text):
    """The principals, fields (with category), categories and purposes of an exported policy."""
    entities = json.loads(entities_text)
    principals, fields, categories = [], [], []
    for e in entities:
        kind, ident = e["uid"]["type"], e["uid"]["id"]
        if kind == NS + "::Principal":
            principals.append(ident)
        elif kind == NS + "::Category":
            categories.append(ident)
        elif kind == NS + "::Field":
            fields.append(ident)
    # actions are "read:<purpose>" and "write:<purpose>", declared in the schema
    purposes = re.findall(r'"read:((?:[^"\\]|\\.)*)"', schema_text)
    if not purposes:
        sys.stderr.write("cedar-differential: no read:<purpose> action declared in the exported schema\n")
        sys.exit(2)
    return principals, fields, categories, purposes


def yaml_quote(text):
    return "'" + text.replace("'", "''") + "'"


def random_rules(rng, principals, fields, categories, purposes):
    """A random rules.yaml over the given names: every effect, scope and selector kind."""
    lines = ["version: 1", "rules:"]
    count = rng.randint(8, 40)
    for i in range(count):
        effect = "permit" if rng.random() < 0.7 else "forbid"
        rule_id = "g%d-%s" % (i, effect)
        if rng.random() < 0.1:  # ids Cedar must escape in @id("...")
            rule_id += rng.choice(['/"q"', "\\x", ".a:b", "'s", "ż"])

        roll = rng.random()
        if roll < 0.15:
            who = ["*"]
        else:
            who = rng.sample(principals, rng.randint(1, min(4, len(principals))))
            if roll > 0.97:
                who.append("*")

        roll = rng.random()
        if roll < 0.1:
            selectors = ["*"]
        else:
            selectors = []
            for _ in range(rng.randint(1, 5)):
                kind = rng.random()
                if kind < 0.45:
                    selectors.append(rng.choice(fields))
                elif kind < 0.8:
                    selectors.append("category:" + rng.choice(categories))
                else:
                    selectors.append("sensitivity:" + rng.choice(SENSITIVITIES))
            if roll > 0.97:
                selectors.append("*")

        roll = rng.random()
        if roll < 0.2:
            purpose_list = ["*"]
        else:
            purpose_list = rng.sample(purposes, rng.randint(1, min(3, len(purposes))))
            if roll > 0.97:
                purpose_list.append("*")

        when = [c for c in CONDITIONS if rng.random() < 0.2]
        parts = [
            "id: " + yaml_quote(rule_id),
            "effect: " + effect,
        ]
        if rng.random() < 0.6:  # otherwise the default: [read] for a permit, both for a forbid
            parts.append("actions: [" + ", ".join(rng.choice([["read"], ["write"], ["read", "write"], ["write", "read"]])) + "]")
        parts += [
            "who: [" + ", ".join(map(yaml_quote, who)) + "]",
            "fields: [" + ", ".join(map(yaml_quote, selectors)) + "]",
            "purposes: [" + ", ".join(map(yaml_quote, purpose_list)) + "]",
        ]
        if when:
            parts.append("when: [" + ", ".join(when) + "]")
        parts.append("why: generated for the Cedar differential test")
        lines.append("  - {" + ", ".join(parts) + "}")
    return "\n".join(lines) + "\n"


def permit_scopes(policies_text, entities_text):
    """For steering half of the requests towards permits: each exported permit's principals,
    purposes and fields, read off the Cedar text (only to choose requests; never to decide)."""
    members = {}
    for e in json.loads(entities_text):
        if e["uid"]["type"] == NS + "::Field":
            for parent in e["parents"]:
                members.setdefault((parent["type"], parent["id"]), []).append(e["uid"]["id"])
            members[(NS + "::Field", e["uid"]["id"])] = [e["uid"]["id"]]
    scopes = []
    for block in re.split(r";\n", policies_text):
        if not re.search(r"^permit \(", block, re.M):
            continue
        entity = r'%s::(\w+)::"((?:[^"\\]|\\.)*)"' % NS
        found = re.findall(entity, block)
        who = [i for t, i in found if t == "Principal"]
        action_ids = [i for t, i in found if t == "Action"]
        actions = sorted({i.split(":", 1)[0] for i in action_ids})
        purposes = [i.split(":", 1)[1] for i in action_ids if ":" in i]
        fields = sorted({f for t, i in found if t in ("Field", "Category", "Sensitivity")
                         for f in members.get((NS + "::" + t, i), [])})
        scopes.append((who, actions, purposes, fields))
    return scopes


def random_requests(rng, n, principals, fields, purposes, scopes):
    requests = []
    for _ in range(n):
        p_true = rng.choice([0.3, 0.6, 0.9])
        who = rng.sample(principals, rng.randint(1, 2))
        field = rng.choice(fields)
        purpose = rng.choice(purposes)
        action = rng.choice(["read", "write"])
        if scopes and rng.random() < 0.5:  # inside some permit's scope
            scope_who, scope_actions, scope_purposes, scope_fields = rng.choice(scopes)
            if scope_who:
                who[0] = rng.choice(scope_who)
            if scope_actions:
                action = rng.choice(scope_actions)
            if scope_purposes:
                purpose = rng.choice(scope_purposes)
            if scope_fields:
                field = rng.choice(scope_fields)
        # Names the vault does not declare: it matches no rule for them (an undeclared principal
        # id is skipped, an uncatalogued field matches nothing), and the export must not either.
        roll = rng.random()
        if roll < 0.03:
            who = [UNDECLARED_PRINCIPAL]
        elif roll < 0.06:
            who = [who[0], UNDECLARED_PRINCIPAL]
        elif roll < 0.09:
            field = UNDECLARED_FIELD
        requests.append({
            "principals": sorted(set(who)),
            "action": action,
            "field": field,
            "purpose": purpose,
            # a restricted person closes almost everything, so it is rarer, leaving permits to test
            "facts": [c for c in CONDITIONS if rng.random() < (0.15 if c == "person_restricted" else p_true)],
        })
    return requests


def compare(name, zzk, policies_dir, work_dir, rng, n_requests, rules_text):
    """Exports, decides n_requests both ways, returns (passed, failed)."""
    out_dir = os.path.join(work_dir, name + "-cedar")
    policies_text, schema_text, entities_text = export(zzk, policies_dir, out_dir)
    principals, fields, categories, purposes = world(schema_text, entities_text)

    validation = cedarpy.validate_policies(policies_text, schema_text)
    if not validation.validation_passed:
        sys.stderr.write("cedar-differential: %s: Cedar's validator rejects the export:\n" % name)
        for error in validation.errors:
            sys.stderr.write("  %s (%s)\n" % (error, validation.id_annotations_by_policy_id.get(error.policy_id, "?")))
        return 0, 1

    requests = random_requests(rng, n_requests, principals, fields, purposes, permit_scopes(policies_text, entities_text))

    cmd = [zzk, "policy", "decide"]
    if policies_dir:
        cmd += ["--policies", policies_dir]
    swift_lines = run(cmd, "".join(json.dumps(r) + "\n" for r in requests)).splitlines()
    if len(swift_lines) != len(requests):
        sys.stderr.write("cedar-differential: zzk policy decide answered %d of %d requests\n" % (len(swift_lines), len(requests)))
        sys.exit(2)
    swift = [json.loads(line) for line in swift_lines]

    # One actor entity per distinct principal set, its parents being those Principal entities.
    actors = {}
    for r in requests:
        actor_id = "+".join(r["principals"])
        actors[actor_id] = {
            "uid": {"type": NS + "::Actor", "id": actor_id},
            "attrs": {},
            "parents": [{"type": NS + "::Principal", "id": p} for p in r["principals"]],
        }
    schema = cedarpy.Schema.from_str(schema_text)
    entities = cedarpy.Entities.from_json_str(entities_text, schema).with_added_json_str(json.dumps(list(actors.values())), schema)
    policy_set = cedarpy.PolicySet.from_str(policies_text)
    cedar_requests = [{
        "principal": {"type": NS + "::Actor", "id": "+".join(r["principals"])},
        "action": {"type": NS + "::Action", "id": r["action"] + ":" + r["purpose"]},
        "resource": {"type": NS + "::Field", "id": r["field"]},
        "context": {c: c in r["facts"] for c in CONDITIONS},
    } for r in requests]
    results = cedarpy.is_authorized_batch(cedar_requests, policy_set, entities, schema)

    cedar_by_id = {}
    for block in policies_text.split("\n\n"):  # the export separates policies by a blank line
        m = re.search(r'@id\("((?:[^"\\]|\\.)*)"\)', block)
        if m:
            cedar_by_id[m.group(1)] = block.strip()

    passed = failed = 0
    stats = {"allow": 0, "forbid": 0, "default-deny": 0}
    for request, mine, result in zip(requests, swift, results):
        stats["allow" if mine["allowed"] else ("forbid" if mine["rules"] else "default-deny")] += 1
        diagnostics = result.diagnostics
        annotations = diagnostics.id_annotations_by_reason
        cedar_rules = sorted(annotations.get(reason, "<no @id: %s>" % reason) for reason in diagnostics.reasons)
        ok = (not diagnostics.errors
              and result.decision in (cedarpy.Decision.Allow, cedarpy.Decision.Deny)
              and mine["allowed"] == result.allowed
              and sorted(mine["rules"]) == cedar_rules)
        if ok:
            passed += 1
            continue
        failed += 1
        if failed <= MAX_REPORTED:
            print("DISAGREEMENT (%s):" % name)
            print("  request: %s" % json.dumps(request, ensure_ascii=False))
            print("  zzk:     allowed=%s rules=%s" % (mine["allowed"], mine["rules"]))
            print("  cedar:   decision=%s rules=%s errors=%s" % (result.decision.value, cedar_rules, diagnostics.errors))
            involved = sorted(set(mine["rules"]) | set(cedar_rules))
            for rule_id in involved:
                print("  --- Cedar policy %s ---" % rule_id)
                print(cedar_by_id.get(rule_id.replace("\\", "\\\\").replace('"', '\\"'), "  (not found)"))
            print("  policy: %s" % (policies_dir or "zzk's built-in default policy"))
            if rules_text is not None:
                print("  --- rules.yaml ---")
                print(rules_text)
    if failed:
        print("%s: %d of %d requests disagree (Cedar export kept in %s)" % (name, failed, len(requests), out_dir))
    print("%s: %d requests (zzk: %d allow, %d deny by forbid, %d default deny), %d agree with Cedar" % (
        name, len(requests), stats["allow"], stats["forbid"], stats["default-deny"], passed))
    return passed, failed


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("zzk", help="path of the built zzk binary, e.g. .build/debug/zzk")
    parser.add_argument("--seed", type=int, default=20250301, help="random seed (default: %(default)s)")
    parser.add_argument("--requests", type=int, default=10000, help="random requests per policy set (default: %(default)s)")
    parser.add_argument("--random-policies", type=int, default=4, help="randomly generated policy sets (default: %(default)s)")
    parser.add_argument("--catalogues", default=os.path.join(here, "..", "Policies"),
                        help="folder whose fields/principals/purposes.yaml the random policies use (default: the repo's Policies/)")
    parser.add_argument("--keep", metavar="DIR", help="write the generated policies and exports here and keep them")
    args = parser.parse_args()

    zzk = os.path.abspath(args.zzk)
    if not os.access(zzk, os.X_OK):
        sys.stderr.write("cedar-differential: %s is not an executable zzk binary\n" % args.zzk)
        sys.exit(2)
    started = time.monotonic()
    rng = random.Random(args.seed)
    work_dir = os.path.abspath(args.keep) if args.keep else tempfile.mkdtemp(prefix="cedar-differential-")
    os.makedirs(work_dir, exist_ok=True)
    total_passed = total_failed = 0
    try:
        # (a) the default policy built into zzk
        passed, failed = compare("default", zzk, None, work_dir, rng, args.requests, None)
        total_passed += passed
        total_failed += failed

        # the names the random policies draw from, as the default export declares them
        _, schema_text, entities_text = export(zzk, args.catalogues, os.path.join(work_dir, "catalogues-cedar"))
        principals, fields, categories, purposes = world(schema_text, entities_text)

        # (b) random policy sets over the same catalogues
        for i in range(args.random_policies):
            name = "random-%d" % (i + 1)
            policies_dir = os.path.join(work_dir, name)
            os.makedirs(policies_dir, exist_ok=True)
            for file_name in ("fields.yaml", "principals.yaml", "purposes.yaml"):
                shutil.copyfile(os.path.join(args.catalogues, file_name), os.path.join(policies_dir, file_name))
            rules_text = random_rules(rng, principals, fields, categories, purposes)
            print("%s: %d generated rules" % (name, rules_text.count("\n  - {")))
            with open(os.path.join(policies_dir, "rules.yaml"), "w", encoding="utf-8") as f:
                f.write(rules_text)
            passed, failed = compare(name, zzk, policies_dir, work_dir, rng, args.requests, rules_text)
            total_passed += passed
            total_failed += failed
    finally:
        if not args.keep and total_failed == 0:
            shutil.rmtree(work_dir, ignore_errors=True)
    print("(%.1f s; seed %d)" % (time.monotonic() - started, args.seed))
    print("cedar-differential: %d passed, %d failed" % (total_passed, total_failed))
    sys.exit(1 if total_failed else 0)


if __name__ == "__main__":
    main()
