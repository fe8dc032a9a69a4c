/// Static questions about a policy set, answered without any vault data: who can see what
/// (the matrix), what a DPO should look at (lint), and what changed between two versions (diff).
public struct PolicyAnalysis: Sendable {
    public let policy: PolicySet

    public init(policy: PolicySet) {
        self.policy = policy
    }

    /// The status of `principal` reading (or writing) any of `fields` for `purpose`. A cell is
    /// denied only when every field is denied; the permits and forbids of all its fields are combined.
    public func status(principal: String, action: PolicyAction = .read, fields: [FieldDefinition], purpose: String) -> AccessStatus {
        let scoped = policy.rules.filter { $0.covers(action: action) && $0.covers(principal: principal) && $0.covers(purpose: purpose) }
        let permits = scoped.filter { $0.effect == .permit && fields.contains(where: $0.covers(field:)) }
        let forbids = scoped.filter { $0.effect == .forbid && fields.allSatisfy($0.covers(field:)) }
        // explicit_basis is always true for ordinary fields: leave it out where it says nothing.
        let trivial: Set<PolicyCondition> = fields.allSatisfy { $0.sensitivity == .ordinary } ? [.explicitBasis] : []
        func conditions(_ rule: PolicyRule) -> [PolicyCondition] { rule.when.filter { !trivial.contains($0) } }
        let forbidden = Set(forbids.map { Set(conditions($0)) })
        // A permit whose conditions imply some forbid's conditions can never allow.
        let live = permits.filter { permit in !forbidden.contains { $0.isSubset(of: Set(conditions(permit))) } }
        let rules = (live + forbids).map(\.id)
        guard !live.isEmpty else { return AccessStatus(kind: .deny, allowedWhen: [], forbiddenWhen: [], rules: forbids.map(\.id)) }
        let allowedWhen = Self.unique(live.map(conditions))
        let forbiddenWhen = Self.unique(forbids.map(conditions))
        let kind: AccessStatus.Kind = allowedWhen.contains([]) ? .allow : .conditional
        return AccessStatus(kind: kind, allowedWhen: allowedWhen, forbiddenWhen: forbiddenWhen, rules: rules)
    }

    private static func unique(_ sets: [[PolicyCondition]]) -> [[PolicyCondition]] {
        var seen: [[PolicyCondition]] = []
        for set in sets.map({ $0.sorted { $0.rawValue < $1.rawValue } }) where !seen.contains(set) { seen.append(set) }
        return seen.sorted { $0.count != $1.count ? $0.count < $1.count : $0.map(\.rawValue).joined() < $1.map(\.rawValue).joined() }
    }

    /// One row of the matrix.
    public struct MatrixCell: Sendable, Equatable, Codable {
        public var principal: String
        /// A category id, or a field id when the matrix is by field.
        public var target: String
        public var purpose: String
        public var status: AccessStatus
    }

    /// Every principal × category (or field) × purpose cell, for reading or for writing.
    public func matrix(byField: Bool = false, action: PolicyAction = .read) -> [MatrixCell] {
        let targets: [(String, [FieldDefinition])] = byField
            ? policy.catalog.fields.map { ($0.id, [$0]) }
            : policy.catalog.categories.map { category in (category.id, policy.catalog.fields.filter { $0.category == category.id }) }
        var cells: [MatrixCell] = []
        for principal in policy.principals {
            for (target, fields) in targets where !fields.isEmpty {
                for purpose in policy.purposes.purposes {
                    cells.append(MatrixCell(principal: principal.id, target: target, purpose: purpose.id,
                                            status: status(principal: principal.id, action: action, fields: fields, purpose: purpose.id)))
                }
            }
        }
        return cells
    }

    /// A finding of `zzk policy lint`.
    public struct Finding: Sendable, Equatable, Codable, CustomStringConvertible {
        public enum Severity: String, Sendable, Codable { case warning, note }
        public var severity: Severity
        /// `file:line` of the rule, or the file concerned.
        public var location: String
        public var message: String
        public var description: String { "\(location): \(severity.rawValue): \(message)" }
    }

    /// Warnings a DPO cares about: special-category data reachable without explicit consent
    /// or a statute, rules that can never allow, fields nobody may read, purposes without a
    /// legal basis. Break-glass rules are listed as notes for the DPO's review instead.
    public func lint() -> [Finding] {
        var findings: [Finding] = []
        let fields = policy.catalog.fields
        let allForbids = policy.rules.filter { $0.effect == .forbid }
        for rule in policy.rules {
            let covered = fields.filter(rule.covers(field:))
            if covered.isEmpty {
                findings.append(Finding(severity: .warning, location: rule.location, message: "rule \(rule.id) covers no field of the catalogue and can never match"))
                continue
            }
            guard rule.effect == .permit else { continue }
            if rule.when.contains(.breakGlass) {
                findings.append(Finding(severity: .note, location: rule.location, message: "rule \(rule.id) is a break-glass rule: every use must be reviewed by the DPO"))
                continue
            }
            let special = covered.filter { $0.sensitivity != .ordinary }
            if !special.isEmpty && !rule.when.contains(.explicitBasis) {
                let sensitivities = Set(special.map(\.sensitivity.rawValue)).sorted().joined(separator: "/")
                findings.append(Finding(severity: .warning, location: rule.location,
                                        message: "rule \(rule.id) opens \(special.count) \(sensitivities) field(s) without explicit_basis (explicit consent or a statute)"))
            }
            let forbids = allForbids.filter { Set($0.when).isSubset(of: Set(rule.when)) && !Set(rule.actions).isDisjoint(with: $0.actions) }
            let shadowed = policy.principals.map(\.id).filter(rule.covers(principal:)).allSatisfy { principal in
                covered.allSatisfy { field in
                    policy.purposes.purposes.map(\.id).filter(rule.covers(purpose:)).allSatisfy { purpose in
                        rule.actions.allSatisfy { action in
                            forbids.contains { $0.covers(action: action) && $0.covers(principal: principal) && $0.covers(field: field) && $0.covers(purpose: purpose) }
                        }
                    }
                }
            }
            if shadowed {
                findings.append(Finding(severity: .warning, location: rule.location, message: "rule \(rule.id) can never allow: a forbid always matches whenever it does"))
            }
        }
        let permits = policy.rules.filter { $0.effect == .permit && $0.covers(action: .read) }
        for field in fields where !permits.contains(where: { $0.covers(field: field) }) {
            findings.append(Finding(severity: .warning, location: "fields.yaml", message: "no rule lets anyone read \(field.id)"))
        }
        for purpose in policy.purposes.purposes where purpose.legalBases.isEmpty {
            findings.append(Finding(severity: .warning, location: "purposes.yaml", message: "purpose \(purpose.id) has no legal basis"))
        }
        return findings
    }

    /// One decision that differs between two policy sets.
    public struct Change: Sendable, Equatable, Codable {
        public var action: PolicyAction
        public var principal: String
        public var field: String
        public var purpose: String
        public var before: String
        public var after: String
    }

    /// Every (action, principal, field, purpose) whose status differs from `old` to this policy.
    /// Principals, fields and purposes present in only one set are compared against `deny`.
    public func changes(since old: PolicySet) -> [Change] {
        let before = PolicyAnalysis(policy: old)
        var principals = old.principals.map(\.id)
        for p in policy.principals.map(\.id) where !principals.contains(p) { principals.append(p) }
        var fieldIDs = old.catalog.fields.map(\.id)
        for f in policy.catalog.fields.map(\.id) where !fieldIDs.contains(f) { fieldIDs.append(f) }
        var purposes = old.purposes.purposes.map(\.id)
        for u in policy.purposes.purposes.map(\.id) where !purposes.contains(u) { purposes.append(u) }
        var changes: [Change] = []
        for action in PolicyAction.allCases {
            for principal in principals {
                for fieldID in fieldIDs {
                    for purpose in purposes {
                        let a = old.catalog.field(fieldID).map { before.status(principal: principal, action: action, fields: [$0], purpose: purpose).conditionText } ?? "deny"
                        let b = policy.catalog.field(fieldID).map { status(principal: principal, action: action, fields: [$0], purpose: purpose).conditionText } ?? "deny"
                        if a != b { changes.append(Change(action: action, principal: principal, field: fieldID, purpose: purpose, before: a, after: b)) }
                    }
                }
            }
        }
        return changes
    }
}
