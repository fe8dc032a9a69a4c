/// What the policy says about one (principal, fields, purpose) cell, over every possible
/// combination of facts: allowed outright, allowed under conditions, or denied.
public struct AccessStatus: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case allow, conditional, deny }
    public var kind: Kind
    /// Alternatives that allow: each inner list is one permit's conditions (all must hold).
    public var allowedWhen: [[PolicyCondition]]
    /// Alternatives that forbid anyway: each inner list is one forbid's conditions.
    public var forbiddenWhen: [[PolicyCondition]]
    /// Ids of the rules involved.
    public var rules: [String]

    enum CodingKeys: String, CodingKey {
        case kind, rules
        case allowedWhen = "allowed_when", forbiddenWhen = "forbidden_when"
    }

    /// A short human reading, e.g. `if active_team_member and grant_valid; unless person_restricted`.
    public var conditionText: String {
        func alternatives(_ sets: [[PolicyCondition]]) -> String {
            sets.map { $0.isEmpty ? "always" : $0.map(\.rawValue).joined(separator: " and ") }.joined(separator: " or ")
        }
        switch kind {
        case .allow: return forbiddenWhen.isEmpty ? "allow" : "allow unless \(alternatives(forbiddenWhen))"
        case .deny: return "deny"
        case .conditional:
            let unless = forbiddenWhen.isEmpty ? "" : "; unless \(alternatives(forbiddenWhen))"
            return "if \(alternatives(allowedWhen))\(unless)"
        }
    }
}
