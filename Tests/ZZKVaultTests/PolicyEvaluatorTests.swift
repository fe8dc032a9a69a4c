import Foundation
import Testing
@testable import ZZKVault

/// A small, self-contained policy world for evaluator tests.
enum PolicyWorld {
    static let fields = """
        version: 1
        categories:
          - {id: identity, label: {pl: T, en: I}}
          - {id: health, sensitivity: art9, label: {pl: Z, en: H}}
          - {id: justice, sensitivity: art10, label: {pl: K, en: J}}
        fields:
          - {id: identity.last_name, type: text, max_length: 100, label: {pl: N, en: L}}
          - {id: identity.pesel, type: pesel, label: {pl: P, en: P}}
          - {id: health.diagnosis, type: text, max_length: 100, label: {pl: R, en: D}}
          - {id: justice.probation, type: boolean, label: {pl: D, en: P}}
        """
    static let purposes = """
        version: 1
        purposes:
          - {id: case_assessment, label: {pl: a, en: a}, legal_bases: [art6-1-c]}
          - {id: violence_prevention, label: {pl: v, en: v}, legal_bases: ["statute:art. 9c"]}
        """
    static let principals = """
        version: 1
        principals:
          - {id: admin, kind: role, label: {pl: a, en: a}}
          - {id: social-worker, kind: role, label: {pl: s, en: s}}
          - {id: network-worker, kind: role, label: {pl: n, en: n}}
          - {id: specialist, kind: role, label: {pl: s, en: s}}
          - {id: dpo, kind: role, label: {pl: d, en: d}}
          - {id: police, kind: sector, label: {pl: p, en: p}}
          - {id: school, kind: sector, label: {pl: s, en: s}}
        """

    static func policy(_ rules: String) throws -> PolicySet {
        try PolicySet.parse(["fields.yaml": fields, "purposes.yaml": purposes, "principals.yaml": principals,
                             "rules.yaml": "version: 1\nrules:\n" + rules])
    }

    static func request(_ principals: [String], _ field: String, _ purpose: String = "case_assessment", _ facts: Set<PolicyCondition> = []) -> AccessRequest {
        AccessRequest(principals: principals, fieldID: field, purpose: purpose, facts: facts)
    }
}

@Suite("Policy evaluation (Cedar semantics)")
struct PolicyEvaluatorTests {
    @Test("with no matching rule the answer is deny, decided by no rule")
    func defaultDeny() throws {
        let evaluator = PolicyEvaluator(policy: try PolicyWorld.policy("""
              - {id: r1, effect: permit, who: [social-worker], fields: [identity.last_name], purposes: [case_assessment], why: w}
            """))
        let decision = evaluator.decide(PolicyWorld.request(["police"], "identity.last_name"))
        #expect(!decision.allowed)
        #expect(decision.decidingRules.isEmpty)
        #expect(decision.reason == "default-deny")
        #expect(decision.policyHash == evaluator.policy.hash)
    }

    @Test("reading and writing are decided apart: a permit covers reading unless it says write, a forbid covers both unless narrowed")
    func actionsAreSeparate() throws {
        let evaluator = PolicyEvaluator(policy: try PolicyWorld.policy("""
              - {id: reads, effect: permit, who: [police], fields: [identity.last_name], purposes: [case_assessment], why: w}
              - {id: writes, effect: permit, actions: [write], who: [school], fields: [identity.last_name], purposes: [case_assessment], why: w}
              - {id: both, effect: permit, actions: [read, write], who: [social-worker], fields: [identity.last_name], purposes: [case_assessment], why: w}
              - {id: closed, effect: forbid, who: [social-worker], fields: [identity.last_name], purposes: [case_assessment], when: [person_restricted], why: w}
              - {id: no-school-reads, effect: forbid, actions: [read], who: [school], fields: ["*"], purposes: ["*"], why: w}
            """))
        func decide(_ who: String, _ action: PolicyAction, _ facts: Set<PolicyCondition> = []) -> PolicyDecision {
            evaluator.decide(AccessRequest(principals: [who], action: action, fieldID: "identity.last_name", purpose: "case_assessment", facts: facts))
        }
        #expect(decide("police", .read).allowed && !decide("police", .write).allowed)
        #expect(decide("police", .write).reason == "default-deny")
        #expect(decide("school", .write).decidingRules == ["writes"])
        #expect(decide("school", .read).decidingRules == ["no-school-reads"] && !decide("school", .read).allowed)
        #expect(decide("social-worker", .read).allowed && decide("social-worker", .write).allowed)
        // The forbid says nothing about actions, so it closes writing as well as reading.
        #expect(decide("social-worker", .write, [.personRestricted]).decidingRules == ["closed"])
        #expect(decide("social-worker", .read, [.personRestricted]).decidingRules == ["closed"])
        #expect(evaluator.policy.rules.map(\.actions) == [[.read], [.write], [.read, .write], [.read, .write], [.read]])
    }

    @Test("a matching permit allows and names itself")
    func permitAllows() throws {
        let evaluator = PolicyEvaluator(policy: try PolicyWorld.policy("""
              - {id: r1, effect: permit, who: [social-worker], fields: [identity.last_name], purposes: [case_assessment], why: w}
            """))
        let decision = evaluator.decide(PolicyWorld.request(["social-worker"], "identity.last_name"))
        #expect(decision.allowed)
        #expect(decision.decidingRules == ["r1"])
        #expect(!evaluator.decide(PolicyWorld.request(["social-worker"], "identity.pesel")).allowed)
        #expect(!evaluator.decide(PolicyWorld.request(["social-worker"], "identity.last_name", "violence_prevention")).allowed)
    }

    @Test("any matching forbid beats every permit, and the forbids are what decided")
    func forbidBeatsPermit() throws {
        let evaluator = PolicyEvaluator(policy: try PolicyWorld.policy("""
              - {id: p1, effect: permit, who: ["*"], fields: ["*"], purposes: ["*"], why: w}
              - {id: p2, effect: permit, who: [social-worker], fields: [identity.last_name], purposes: [case_assessment], why: w}
              - {id: f1, effect: forbid, who: ["*"], fields: ["*"], purposes: ["*"], when: [person_restricted], why: w}
            """))
        let open = evaluator.decide(PolicyWorld.request(["social-worker"], "identity.last_name"))
        #expect(open.allowed)
        #expect(open.decidingRules == ["p1", "p2"])
        let restricted = evaluator.decide(PolicyWorld.request(["social-worker"], "identity.last_name", "case_assessment", [.personRestricted]))
        #expect(!restricted.allowed)
        #expect(restricted.decidingRules == ["f1"])
        #expect(restricted.reason == "forbid")
        #expect(restricted.conditions[.personRestricted] == true)
        #expect(restricted.conditions[.breakGlass] == false)
    }

    @Test("every condition must hold for its rule to match", arguments: PolicyCondition.allCases)
    func eachConditionGatesItsRule(condition: PolicyCondition) throws {
        let evaluator = PolicyEvaluator(policy: try PolicyWorld.policy("""
              - {id: r1, effect: permit, who: [police], fields: ["*"], purposes: ["*"], when: [\(condition.rawValue), grant_valid], why: w}
            """))
        let both: Set<PolicyCondition> = [condition, .grantValid]
        #expect(evaluator.decide(PolicyWorld.request(["specialist", "police"], "identity.pesel", "case_assessment", both)).allowed)
        if condition != .grantValid {
            #expect(!evaluator.decide(PolicyWorld.request(["specialist", "police"], "identity.pesel", "case_assessment", [.grantValid])).allowed)
        }
        #expect(!evaluator.decide(PolicyWorld.request(["specialist", "police"], "identity.pesel", "case_assessment", [condition].filter { $0 != .grantValid }.reduce(into: Set()) { $0.insert($1) })).allowed)
    }

    @Test("field selectors match by id, category, sensitivity and '*'")
    func fieldSelectors() throws {
        let evaluator = PolicyEvaluator(policy: try PolicyWorld.policy("""
              - {id: by-id, effect: permit, who: [school], fields: [identity.pesel], purposes: ["*"], why: w}
              - {id: by-category, effect: permit, who: [police], fields: ["category:identity"], purposes: ["*"], why: w}
              - {id: by-sensitivity, effect: permit, who: [social-worker], fields: ["sensitivity:art9"], purposes: ["*"], why: w}
            """))
        func allowed(_ who: String, _ field: String) -> Bool { evaluator.decide(PolicyWorld.request([who], field)).allowed }
        #expect(allowed("school", "identity.pesel") && !allowed("school", "identity.last_name"))
        #expect(allowed("police", "identity.pesel") && allowed("police", "identity.last_name") && !allowed("police", "health.diagnosis"))
        #expect(allowed("social-worker", "health.diagnosis") && !allowed("social-worker", "justice.probation") && !allowed("social-worker", "identity.pesel"))
    }

    @Test("a specialist matches rules for the role and for their sector")
    func specialistMatchesRoleAndSector() throws {
        let evaluator = PolicyEvaluator(policy: try PolicyWorld.policy("""
              - {id: sector, effect: permit, who: [police], fields: ["category:identity"], purposes: ["*"], why: w}
              - {id: role-forbid, effect: forbid, who: [specialist], fields: [identity.pesel], purposes: ["*"], why: w}
            """))
        #expect(evaluator.decide(PolicyWorld.request(["specialist", "police"], "identity.last_name")).allowed)
        let pesel = evaluator.decide(PolicyWorld.request(["specialist", "police"], "identity.pesel"))
        #expect(!pesel.allowed)
        #expect(pesel.decidingRules == ["role-forbid"])
    }

    @Test("unknown principals, fields and purposes are denied, not crashed on")
    func unknownsDeny() throws {
        let evaluator = PolicyEvaluator(policy: try PolicyWorld.policy("""
              - {id: all, effect: permit, who: ["*"], fields: ["*"], purposes: ["*"], why: w}
            """))
        #expect(!evaluator.decide(PolicyWorld.request(["nobody"], "identity.pesel")).allowed)
        #expect(!evaluator.decide(PolicyWorld.request(["police"], "identity.nope")).allowed)
        #expect(!evaluator.decide(PolicyWorld.request(["police"], "identity.pesel", "nope")).allowed)
    }

    @Test("adding a forbid never turns a deny into an allow; removing a permit never turns a deny into an allow")
    func monotonicity() throws {
        let base = """
              - {id: p1, effect: permit, who: [police, social-worker], fields: ["category:identity"], purposes: ["*"], when: [grant_valid], why: w}
              - {id: p2, effect: permit, who: ["*"], fields: ["sensitivity:art9"], purposes: [case_assessment], when: [explicit_basis], why: w}
              - {id: f1, effect: forbid, who: [school], fields: ["*"], purposes: ["*"], when: [person_restricted], why: w}
            """
        let original = PolicyEvaluator(policy: try PolicyWorld.policy(base))
        let moreForbid = PolicyEvaluator(policy: try PolicyWorld.policy(base + "\n  - {id: f2, effect: forbid, who: [police], fields: [identity.pesel], purposes: [\"*\"], why: w}"))
        let lessPermit = PolicyEvaluator(policy: try PolicyWorld.policy(base.split(separator: "\n").filter { !$0.contains("id: p2") }.joined(separator: "\n")))
        let subsets = (0..<(1 << PolicyCondition.allCases.count)).map { bits in
            Set(PolicyCondition.allCases.enumerated().filter { bits & (1 << $0.offset) != 0 }.map(\.element))
        }
        var checked = 0
        for who in [["police"], ["school"], ["social-worker"], ["specialist", "police"]] {
            for field in ["identity.last_name", "identity.pesel", "health.diagnosis", "justice.probation"] {
                for purpose in ["case_assessment", "violence_prevention"] {
                    for facts in subsets {
                        let request = PolicyWorld.request(who, field, purpose, facts)
                        if !original.decide(request).allowed {
                            #expect(!moreForbid.decide(request).allowed)
                            #expect(!lessPermit.decide(request).allowed)
                        }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked == 4 * 4 * 2 * 64)
    }
}

@Suite("Loading policy rules")
struct PolicyLoaderTests {
    private func error(_ rules: String) -> String? {
        do {
            _ = try PolicyWorld.policy(rules)
            return nil
        } catch { return "\(error)" }
    }

    @Test("unknown principals, fields, categories, purposes and conditions are located and get suggestions")
    func unknownReferences() {
        let cases: [(String, String)] = [
            ("  - {id: r, effect: permit, who: [polise], fields: [\"*\"], purposes: [\"*\"], why: w}", "Did you mean 'police'"),
            ("  - {id: r, effect: permit, who: [police], fields: [identity.pesl], purposes: [\"*\"], why: w}", "Did you mean 'identity.pesel'"),
            ("  - {id: r, effect: permit, who: [police], fields: [\"category:helth\"], purposes: [\"*\"], why: w}", "Did you mean 'category:health'"),
            ("  - {id: r, effect: permit, who: [police], fields: [\"*\"], purposes: [case_assesment], why: w}", "Did you mean 'case_assessment'"),
            ("  - {id: r, effect: permit, who: [police], fields: [\"*\"], purposes: [\"*\"], when: [grant_vaild], why: w}", "Did you mean 'grant_valid'"),
            ("  - {id: r, effect: allow, who: [police], fields: [\"*\"], purposes: [\"*\"], why: w}", "'permit' or 'forbid'"),
            ("  - {id: r, effect: permit, who: [police], fields: [\"sensitivity:secret\"], purposes: [\"*\"], why: w}", "field selector"),
            ("  - {id: r, effect: permit, who: [police], fields: [\"*\"], purposes: [\"*\"]}", "missing key 'why'"),
            ("  - {id: r, effect: permit, who: [], fields: [\"*\"], purposes: [\"*\"], why: w}", "may not be empty"),
            ("  - {id: r, effect: permit, actions: [raed], who: [police], fields: [\"*\"], purposes: [\"*\"], why: w}", "Did you mean 'read'"),
            ("  - {id: r, effect: permit, actions: [], who: [police], fields: [\"*\"], purposes: [\"*\"], why: w}", "non-empty list"),
            ("  - {id: r, effect: permit, actions: write, who: [police], fields: [\"*\"], purposes: [\"*\"], why: w}", "non-empty list"),
        ]
        for (rule, expected) in cases {
            let message = error(rule)
            #expect(message?.contains("rules.yaml:3:") == true, "\(message ?? "no error") for \(rule)")
            #expect(message?.contains(expected) == true, "\(message ?? "no error") should contain \(expected)")
        }
    }

    @Test("a large rule file (5 000 rules) loads and compiles, and a duplicate at its end is located")
    func largeRuleFile() throws {
        let rules = (0..<5_000).map { "  - {id: r\($0), effect: permit, who: [police], fields: [\"category:identity\"], purposes: [case_assessment], why: w}" }
        let policy = try PolicyWorld.policy(rules.joined(separator: "\n"))
        let decision = PolicyEvaluator(policy: policy).decide(PolicyWorld.request(["police"], "identity.pesel"))
        #expect(decision.decidingRules.count == 5_000)
        #expect(error(rules.joined(separator: "\n") + "\n" + rules[17])?.contains("rules.yaml:\(5_003):") == true)
    }

    @Test("a 100 MB policy file is refused by its size before it is read, naming the file")
    func hugeFileRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("zzk-huge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in ["fields.yaml": PolicyWorld.fields, "purposes.yaml": PolicyWorld.purposes, "principals.yaml": PolicyWorld.principals] {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }
        let huge = directory.appendingPathComponent("rules.yaml")
        #expect(FileManager.default.createFile(atPath: huge.path, contents: Data("version: 1\nrules:\n".utf8)))
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: 100 << 20)  // sparse: 100 MB on paper, nothing on disk
        try handle.close()
        do {
            _ = try PolicySet.load(directory: directory)
            Issue.record("a 100 MB rules file loaded")
        } catch {
            #expect(error.description.contains("rules.yaml:1:1"), "\(error)")
            #expect(error.description.contains("at most 16 MB"), "\(error)")
        }
        // The same limit holds for text handed over in memory.
        #expect(self.error(String(repeating: "#", count: (16 << 20) + 1))?.contains("at most 16 MB") == true)
    }

    @Test("deeply nested YAML is refused with a located error, not a crash")
    func deeplyNested() {
        let message = error("  " + String(repeating: "[", count: 50_000) + String(repeating: "]", count: 50_000))
        #expect(message?.contains("rules.yaml:3:") == true)
    }

    @Test("duplicate rule ids are refused")
    func duplicateIDs() {
        let rule = "  - {id: r, effect: permit, who: [police], fields: [\"*\"], purposes: [\"*\"], why: w}\n"
        #expect(error(rule + rule)?.contains("duplicate rule id 'r'") == true)
    }

    @Test("every vault role must be declared, and role principals must be vault roles")
    func rolesDeclared() {
        let missing = PolicyWorld.principals.replacingOccurrences(of: "  - {id: dpo, kind: role, label: {pl: d, en: d}}\n", with: "")
        #expect(throws: VaultError.self) {
            _ = try PolicySet.parse(["fields.yaml": PolicyWorld.fields, "purposes.yaml": PolicyWorld.purposes, "principals.yaml": missing, "rules.yaml": "version: 1\nrules: []\n"])
        }
        let bogus = PolicyWorld.principals + "  - {id: janitor, kind: role, label: {pl: j, en: j}}\n"
        #expect(throws: VaultError.self) {
            _ = try PolicySet.parse(["fields.yaml": PolicyWorld.fields, "purposes.yaml": PolicyWorld.purposes, "principals.yaml": bogus, "rules.yaml": "version: 1\nrules: []\n"])
        }
    }

    @Test("the policy hash changes with any byte of any file")
    func hashCoversEveryFile() throws {
        let rule = "  - {id: r, effect: permit, who: [police], fields: [\"*\"], purposes: [\"*\"], why: w}"
        let a = try PolicyWorld.policy(rule).hash
        let b = try PolicyWorld.policy(rule + " ").hash
        #expect(a != b)
        #expect(a == (try PolicyWorld.policy(rule).hash))
        #expect(a.count == 64)
    }
}

@Suite("The default policy set")
struct DefaultPolicyTests {
    let evaluator = PolicyEvaluator(policy: try! PolicySet.parse(DefaultPolicies.files))
    let cooperant: Set<PolicyCondition> = [.activeTeamMember, .consentOrStatute, .grantValid, .explicitBasis]

    private func allowed(_ who: [String], _ field: String, _ purpose: String, _ facts: Set<PolicyCondition>) -> Bool {
        evaluator.decide(AccessRequest(principals: who, fieldID: field, purpose: purpose, facts: facts)).allowed
    }

    @Test("it loads, and every rule says why")
    func loads() {
        #expect(evaluator.policy.rules.count >= 20)
        #expect(evaluator.policy.rules.allSatisfy { $0.why.count > 10 })
    }

    @Test("the employment office sees work and education for activation, never health")
    func employmentOffice() {
        let pup = ["specialist", "employment_office"]
        #expect(allowed(pup, "work.status", "employment_activation", cooperant))
        #expect(allowed(pup, "education.school", "employment_activation", cooperant))
        #expect(!allowed(pup, "health.diagnosis", "employment_activation", cooperant))
        #expect(!allowed(pup, "health.disability_level", "zzk_coordination", cooperant))
        #expect(!allowed(pup, "work.status", "employment_activation", [.consentOrStatute, .grantValid, .explicitBasis]), "not without team membership")
    }

    @Test("the police see domestic-violence fields under the statutory purpose, not health")
    func police() {
        let police = ["specialist", "police"]
        #expect(allowed(police, "violence.blue_card", "violence_prevention", cooperant))
        #expect(allowed(police, "contact.street", "violence_prevention", cooperant))
        #expect(!allowed(police, "health.injuries", "violence_prevention", cooperant))
        #expect(!allowed(police, "violence.blue_card", "zzk_coordination", cooperant))
    }

    @Test("health data needs explicit consent or a statute for the health sector")
    func healthNeedsExplicitBasis() {
        let health = ["specialist", "health"]
        #expect(allowed(health, "health.diagnosis", "health_support", cooperant))
        #expect(!allowed(health, "health.diagnosis", "health_support", cooperant.subtracting([.explicitBasis])))
    }

    @Test("administrators and the DPO never read case data; restriction and statistics close everything")
    func forbids() {
        for purpose in evaluator.policy.purposes.purposes.map(\.id) {
            #expect(!allowed(["admin"], "identity.last_name", purpose, Set(PolicyCondition.allCases)))
            #expect(!allowed(["dpo"], "identity.last_name", purpose, Set(PolicyCondition.allCases)))
            #expect(!allowed(["social-worker"], "identity.last_name", "statistics_regional", Set(PolicyCondition.allCases)))
        }
        #expect(allowed(["social-worker"], "identity.last_name", "case_assessment", [.explicitBasis]))
        #expect(!allowed(["social-worker"], "identity.last_name", "case_assessment", [.explicitBasis, .personRestricted]))
    }
}
