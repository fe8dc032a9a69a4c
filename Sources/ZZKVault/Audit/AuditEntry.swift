import Foundation

/// One leaf of the audit log: who did what to whom, for which purpose, with what outcome.
///
/// Entries hold ids, field ids and codes only — never plaintext personal data. Their
/// ``canonicalEncoding`` is the exact byte string hashed into the Merkle tree
/// (see `docs/audit-format.md`).
public struct AuditEntry: Sendable, Equatable, Codable {
    /// Position in the log, from 0.
    public var seq: Int64
    /// UTC time as ``Timestamp`` text.
    public var time: String
    /// Login of the acting user, or `-` when nobody was authenticated.
    public var actor: String
    /// What happened, e.g. `person.read`, `auth.unlock`, `keys.rotate`.
    public var action: String
    /// The person concerned, if any.
    public var personID: String?
    /// Field ids concerned, sorted.
    public var fields: [String]
    /// Purpose id stated for a read.
    public var purpose: String?
    public var decision: AuditDecision
    /// Extra codes as `key=value` pairs separated by spaces; never personal data.
    public var detail: String

    enum CodingKeys: String, CodingKey {
        case seq, time, actor, action, fields, purpose, decision, detail
        case personID = "person_id"
    }

    /// Encodes absent values as `null`, so every documented key is always present.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(time, forKey: .time)
        try container.encode(actor, forKey: .actor)
        try container.encode(action, forKey: .action)
        try container.encode(personID, forKey: .personID)
        try container.encode(fields, forKey: .fields)
        try container.encode(purpose, forKey: .purpose)
        try container.encode(decision, forKey: .decision)
        try container.encode(detail, forKey: .detail)
    }

    public init(seq: Int64, time: String, actor: String, action: String, personID: String?, fields: [String], purpose: String?, decision: AuditDecision, detail: String) {
        self.seq = seq
        self.time = time
        self.actor = actor
        self.action = action
        self.personID = personID
        self.fields = fields
        self.purpose = purpose
        self.decision = decision
        self.detail = detail
    }

    /// The canonical bytes hashed as the Merkle leaf: compact JSON with keys in this fixed
    /// order, `null` for absent values, strings escaped minimally (`"`, `\`, and controls as
    /// `\u00XX`), UTF-8.
    public var canonicalEncoding: [UInt8] {
        var out = "{\"v\":1,\"seq\":\(seq),\"time\":\(Self.quote(time)),\"actor\":\(Self.quote(actor)),\"action\":\(Self.quote(action))"
        out += ",\"person\":\(personID.map(Self.quote) ?? "null")"
        out += ",\"fields\":[\(fields.map(Self.quote).joined(separator: ","))]"
        out += ",\"purpose\":\(purpose.map(Self.quote) ?? "null")"
        out += ",\"decision\":\(Self.quote(decision.rawValue)),\"detail\":\(Self.quote(detail))}"
        return Array(out.utf8)
    }

    /// The RFC 6962 leaf hash of this entry.
    public var leafHash: [UInt8] { MerkleTree.leafHash(canonicalEncoding) }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
