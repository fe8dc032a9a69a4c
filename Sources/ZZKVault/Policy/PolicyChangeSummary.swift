/// What a policy version changes against another, by file and by rule id — never by content,
/// so it can go into the audit log (`policy.propose`) and into listings.
public struct PolicyChangeSummary: Sendable, Equatable, Encodable {
    /// The files whose text differs, in ``PolicySet/fileNames`` order.
    public var files: [String]
    /// Ids of rules only the new version has.
    public var rulesAdded: [String]
    /// Ids of rules only the old version has.
    public var rulesRemoved: [String]
    /// Ids of rules both have, with a different effect, actions, principals, fields, purposes,
    /// conditions or justification (a rule that only moved to another line is unchanged).
    public var rulesChanged: [String]

    enum CodingKeys: String, CodingKey {
        case files
        case rulesAdded = "rules_added", rulesRemoved = "rules_removed", rulesChanged = "rules_changed"
    }

    /// The changes from `old` to `new`.
    public init(from old: PolicySet, to new: PolicySet) {
        files = PolicySet.fileNames.filter { old.texts[$0] != new.texts[$0] }
        let before = Dictionary(old.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        rulesAdded = new.rules.map(\.id).filter { before[$0] == nil }
        rulesRemoved = old.rules.map(\.id).filter { after[$0] == nil }
        rulesChanged = new.rules.compactMap { rule in
            guard var previous = before[rule.id] else { return nil }
            previous.location = rule.location
            return previous == rule ? nil : rule.id
        }
    }

    /// Whether nothing differs.
    public var isEmpty: Bool { files.isEmpty }

    /// `files=… added=… removed=… changed=…` for an audit entry (ids are comma-separated; rule
    /// ids hold no spaces or commas).
    var auditDetail: String {
        "files=\(files.joined(separator: ",")) added=\(rulesAdded.joined(separator: ","))"
            + " removed=\(rulesRemoved.joined(separator: ",")) changed=\(rulesChanged.joined(separator: ","))"
    }
}
