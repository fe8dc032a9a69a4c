import Foundation
import ZZKVault

/// W6: one policy decision over the default policy and over a generated 500-rule set; the
/// per-decision time of a batch of 10 000 pre-drawn random requests is its wall time / 10 000.
enum PolicyBench {
    struct Result {
        var rules: Int
        var perDecision: Samples
    }

    static func run(rng: inout SplitMix64) throws -> (defaultPolicy: Result, large: Result, compileMillis: Double) {
        let base = try PolicySet.parse(DefaultPolicies.files)
        var files = DefaultPolicies.files
        files["rules.yaml"] = generatedRules(count: 500, base: base, rng: &rng)
        let large = try PolicySet.parse(files)
        let p1 = measure(PolicyEvaluator(policy: base), rng: &rng)
        let (evaluator, compile) = timed { PolicyEvaluator(policy: large) }
        let p2 = measure(evaluator, rng: &rng)
        return (p1, p2, compile / 1e6)
    }

    static func generatedRules(count: Int, base: PolicySet, rng: inout SplitMix64) -> String {
        let principals = base.principals.map(\.id)
        let purposes = base.purposes.purposes.map(\.id)
        let fields = base.catalog.fields.map(\.id)
        let categories = base.catalog.categories.map(\.id)
        let conditions = PolicyCondition.allCases.map(\.rawValue)
        var out = "version: 1\nrules:\n"
        for i in 0..<count {
            let effect = Int.random(in: 0..<5, using: &rng) == 0 ? "forbid" : "permit"
            let who = (0..<Int.random(in: 1...3, using: &rng)).map { _ in principals.randomElement(using: &rng)! }
            let selectors: [String] = (0..<Int.random(in: 1...3, using: &rng)).map { _ in
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: return fields.randomElement(using: &rng)!
                case 1: return "category:" + categories.randomElement(using: &rng)!
                default: return "sensitivity:" + ["ordinary", "art9", "art10"].randomElement(using: &rng)!
                }
            }
            let purpose = (0..<Int.random(in: 1...3, using: &rng)).map { _ in purposes.randomElement(using: &rng)! }
            let when = conditions.filter { _ in Int.random(in: 0..<3, using: &rng) == 0 }
            out += "  - {id: r\(i), effect: \(effect), who: [\(Set(who).joined(separator: ", "))], fields: [\(selectors.map { "\"\($0)\"" }.joined(separator: ", "))], "
            out += "purposes: [\(Set(purpose).joined(separator: ", "))], when: [\(when.joined(separator: ", "))], why: generated}\n"
        }
        return out
    }

    static func measure(_ evaluator: PolicyEvaluator, rng: inout SplitMix64) -> Result {
        let policy = evaluator.policy
        let principals = policy.principals.map(\.id)
        let fields = policy.catalog.fields.map(\.id)
        let purposes = policy.purposes.purposes.map(\.id)
        let requests: [AccessRequest] = (0..<10_000).map { _ in
            let facts = Set(PolicyCondition.allCases.filter { _ in Bool.random(using: &rng) })
            let who = Bool.random(using: &rng) ? ["specialist", principals.randomElement(using: &rng)!] : [principals.randomElement(using: &rng)!]
            return AccessRequest(principals: who, fieldID: fields.randomElement(using: &rng)!, purpose: purposes.randomElement(using: &rng)!, facts: facts)
        }
        var allowed = 0
        var samples = Samples()
        for _ in 0..<201 {
            let (_, elapsed) = timed { for request in requests where evaluator.decide(request).allowed { allowed += 1 } }
            samples.add(elapsed / Double(requests.count))
        }
        precondition(allowed > 0, "no request was allowed: the generated requests do not exercise the policy")
        return Result(rules: policy.rules.count, perDecision: samples)
    }
}
