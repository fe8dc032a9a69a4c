// zzk-bench: performance figures checked by `make bench`, never by timed unit tests.
//
// P1  policy decision over the default policy set
// P2  policy decision over a generated 500-rule set (target: median ≤ 2 µs, issue 3)
//
// Each figure is the median (and p99) over batches of decisions on pre-generated random
// requests; the per-decision time of a batch is its wall time divided by its size.
import Foundation
import ZZKVault

struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

func generatedRules(count: Int, base: PolicySet, rng: inout SplitMix64) -> String {
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

func measure(_ label: String, evaluator: PolicyEvaluator, rng: inout SplitMix64) -> (median: Double, p99: Double) {
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
    var perDecision: [Double] = []
    for _ in 0..<201 {
        let start = DispatchTime.now().uptimeNanoseconds
        for request in requests where evaluator.decide(request).allowed { allowed += 1 }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
        perDecision.append(elapsed / Double(requests.count))
    }
    perDecision.sort()
    let median = perDecision[perDecision.count / 2] / 1000
    let p99 = perDecision[Int(Double(perDecision.count - 1) * 0.99)] / 1000
    print(String(format: "%@: median %.3f µs, p99 %.3f µs per decision (%d rules, %d allowed of %d)", label, median, p99,
                 policy.rules.count, allowed, perDecision.count * requests.count))
    return (median, p99)
}

let base = try PolicySet.parse(DefaultPolicies.files)
var rng = SplitMix64(state: 20_251_123)
var files = DefaultPolicies.files
files["rules.yaml"] = generatedRules(count: 500, base: base, rng: &rng)
let large = try PolicySet.parse(files)
let p1 = measure("P1 default policy", evaluator: PolicyEvaluator(policy: base), rng: &rng)
let compileStart = DispatchTime.now().uptimeNanoseconds
let largeEvaluator = PolicyEvaluator(policy: large)
let compileMillis = Double(DispatchTime.now().uptimeNanoseconds - compileStart) / 1_000_000
let p2 = measure("P2 500-rule policy", evaluator: largeEvaluator, rng: &rng)
print(String(format: "compiling the 500-rule policy: %.1f ms", compileMillis))

if let output = CommandLine.arguments.dropFirst().first {
    var uts = utsname()
    uname(&uts)
    let machine = withUnsafeBytes(of: &uts.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
        .split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown"
    let report = """
        # Benchmarks

        Reproduce with `make bench` (release build; writes this file). Figures are medians over
        201 batches of 10 000 pre-generated random requests; the per-decision time of a batch is
        its wall time divided by 10 000.

        - Date: \(Timestamp.string(Date()))
        - Machine: \(machine), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu)
        - Command: `make bench` (`swift build -c release --product zzk-bench && .build/release/zzk-bench BENCHMARKS.md`)

        | workload | rules | median / decision | p99 / decision | target |
        |---|---|---|---|---|
        | P1 policy decision, default policy | \(base.rules.count) | \(String(format: "%.3f µs", p1.median)) | \(String(format: "%.3f µs", p1.p99)) | — |
        | P2 policy decision, generated policy | \(large.rules.count) | \(String(format: "%.3f µs", p2.median)) | \(String(format: "%.3f µs", p2.p99)) | ≤ 2 µs median (issue 3) |

        Compiling the 500-rule policy into its look-up table: \(String(format: "%.1f ms", compileMillis)) (once per process).

        The vault-level workloads of the performance issue (specialist read, import, audit
        verify, rotation, scale) are not measured yet.

        """
    try report.write(toFile: output, atomically: true, encoding: .utf8)
    print("wrote \(output)")
}
