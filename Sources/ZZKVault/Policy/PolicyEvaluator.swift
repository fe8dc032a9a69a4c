/// Decides requests against a policy set with Cedar's semantics: default deny, any matching
/// `forbid` beats every `permit`, no loops.
///
/// Built once per process: every (action, principal, field, purpose) cell gets its candidate rules in
/// advance, each rule's conditions become a bit mask, so a decision is a table look-up and a
/// few mask comparisons. Evaluation is pure: it reads only the request.
public struct PolicyEvaluator: Sendable {
    public let policy: PolicySet

    private let principalIndex: [String: Int]
    private let fieldIndex: [String: Int]
    private let purposeIndex: [String: Int]
    /// Cell `c`'s candidate rules are `cellRules[cellStart[c] ..< cellStart[c + 1]]`, in rule
    /// order: one flat table instead of two arrays a cell, whose allocations were most of an
    /// open's compile (about 1 ms of every command, issue 19).
    private let cellStart: [Int32]
    private let cellRules: [Int32]
    private let forbids: [Bool]
    private let masks: [UInt8]

    public init(policy: PolicySet) {
        self.policy = policy
        let principals = policy.principals.map(\.id)
        let fields = policy.catalog.fields
        let purposes = policy.purposes.purposes.map(\.id)
        principalIndex = Dictionary(uniqueKeysWithValues: principals.enumerated().map { ($1, $0) })
        fieldIndex = Dictionary(uniqueKeysWithValues: fields.enumerated().map { ($1.id, $0) })
        purposeIndex = Dictionary(uniqueKeysWithValues: purposes.enumerated().map { ($1, $0) })
        masks = policy.rules.map { Self.mask($0.when) }
        forbids = policy.rules.map { $0.effect != .permit }
        let actions = PolicyAction.allCases
        let cellCount = max(1, actions.count * principals.count * fields.count * purposes.count)
        // Resolve each dimension once per rule, so compiling is linear in rules × (principals
        // + fields + purposes) plus the cells actually covered.
        let coverage = policy.rules.map { rule in
            (actions.indices.filter { rule.covers(action: actions[$0]) },
             principals.indices.filter { rule.covers(principal: principals[$0]) },
             fields.indices.filter { rule.covers(field: fields[$0]) },
             purposes.indices.filter { rule.covers(purpose: purposes[$0]) })
        }
        func forEachCell(_ body: (_ rule: Int, _ cell: Int) -> Void) {
            for (r, (As, ps, fs, us)) in coverage.enumerated() {
                for a in As {
                    for p in ps {
                        for f in fs {
                            let row = ((a * principals.count + p) * fields.count + f) * purposes.count
                            for u in us { body(r, row + u) }
                        }
                    }
                }
            }
        }
        var start = [Int32](repeating: 0, count: cellCount + 1)
        start.withUnsafeMutableBufferPointer { start in
            forEachCell { _, cell in start[cell + 1] += 1 }
            for c in 0..<cellCount { start[c + 1] += start[c] }
        }
        var next = start
        var rules = [Int32](repeating: 0, count: Int(start[cellCount]))
        next.withUnsafeMutableBufferPointer { next in
            rules.withUnsafeMutableBufferPointer { rules in
                forEachCell { rule, cell in
                    rules[Int(next[cell])] = Int32(rule)
                    next[cell] += 1
                }
            }
        }
        cellStart = start
        cellRules = rules
    }

    static func mask(_ conditions: some Sequence<PolicyCondition>) -> UInt8 {
        var mask: UInt8 = 0
        for condition in conditions { mask |= 1 << UInt8(conditionOrder.firstIndex(of: condition)!) }
        return mask
    }

    /// The conditions in bit order (`allCases` builds a new array on every use).
    private static let conditionOrder = PolicyCondition.allCases
    /// A decision's `conditions` for every mask, built once: each decision of a read (one per field
    /// of the catalogue) used to build its own dictionary.
    private static let conditionsByMask: [[PolicyCondition: Bool]] = {
        precondition(conditionOrder.count <= 8, "a condition mask is a UInt8")
        return (0..<(1 << conditionOrder.count)).map { mask in
            Dictionary(uniqueKeysWithValues: conditionOrder.enumerated().map { ($1, mask & (1 << $0) != 0) })
        }
    }()

    /// Decides `request`. Unknown principals, fields or purposes match no rule (default deny).
    public func decide(_ request: AccessRequest) -> PolicyDecision {
        let facts = Self.mask(request.facts)
        var permits: [Int32] = []
        var forbids: [Int32] = []
        if let f = fieldIndex[request.fieldID], let u = purposeIndex[request.purpose] {
            let fieldCount = fieldIndex.count
            let purposeCount = purposeIndex.count
            let a = PolicyAction.allCases.firstIndex(of: request.action)!
            for principal in request.principals {
                guard let p = principalIndex[principal] else { continue }
                let cell = ((a * principalIndex.count + p) * fieldCount + f) * purposeCount + u
                for r in cellRules[Int(cellStart[cell])..<Int(cellStart[cell + 1])]
                where masks[Int(r)] & facts == masks[Int(r)] {
                    if self.forbids[Int(r)] {
                        if !forbids.contains(r) { forbids.append(r) }
                    } else if !permits.contains(r) {
                        permits.append(r)
                    }
                }
            }
        }
        let conditions = Self.conditionsByMask[Int(facts)]
        let deciding: [Int32] = forbids.isEmpty ? permits : forbids
        return PolicyDecision(
            allowed: forbids.isEmpty && !permits.isEmpty,
            decidingRules: deciding.sorted().map { policy.rules[Int($0)].id },
            conditions: conditions, policyHash: policy.hash)
    }
}
