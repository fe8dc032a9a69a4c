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
    /// Field ids concerned, sorted: as written, or as the reader could open them from
    /// ``sealedFields`` (empty when they hold no audit-reader key).
    public var fields: [String]
    /// The stored, sealed form of the field list (`sealed:…`, see `docs/audit-format.md`), or nil
    /// when the list is stored in plaintext (entries written before the vault had a reader key).
    public var sealedFields: String?
    /// Purpose id stated for a read.
    public var purpose: String?
    public var decision: AuditDecision
    /// Extra codes as `key=value` pairs separated by spaces; never personal data.
    public var detail: String

    enum CodingKeys: String, CodingKey {
        case seq, time, actor, action, fields, purpose, decision, detail
        case personID = "person_id"
        case fieldsSealed = "fields_sealed"
    }

    /// The `fields` column as stored, and as the Merkle leaf hashes it.
    public var storedFields: String { sealedFields ?? fields.joined(separator: ",") }

    /// True when the field list is sealed in the log and this copy could not open it.
    public var fieldsUnread: Bool { sealedFields != nil && fields.isEmpty }

    /// Encodes absent values as `null`, so every documented key is always present.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(time, forKey: .time)
        try container.encode(actor, forKey: .actor)
        try container.encode(action, forKey: .action)
        try container.encode(personID, forKey: .personID)
        try container.encode(fields, forKey: .fields)
        try container.encode(sealedFields != nil, forKey: .fieldsSealed)
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

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(seq: try container.decode(Int64.self, forKey: .seq), time: try container.decode(String.self, forKey: .time),
                  actor: try container.decode(String.self, forKey: .actor), action: try container.decode(String.self, forKey: .action),
                  personID: try container.decodeIfPresent(String.self, forKey: .personID),
                  fields: try container.decode([String].self, forKey: .fields),
                  purpose: try container.decodeIfPresent(String.self, forKey: .purpose),
                  decision: try container.decode(AuditDecision.self, forKey: .decision),
                  detail: try container.decode(String.self, forKey: .detail))
    }

    /// The canonical bytes hashed as the Merkle leaf: compact JSON with keys in this fixed
    /// order, `null` for absent values, strings escaped minimally (`"`, `\`, and controls as
    /// `\u00XX`), UTF-8.
    public var canonicalEncoding: [UInt8] {
        Self.canonicalEncoding(seq: seq, time: time, actor: actor, action: action, personID: personID, storedFields: storedFields,
                               purpose: purpose, decision: decision.rawValue, detail: detail)
    }

    /// The canonical bytes of an entry from its stored columns, `fields` being the comma-joined
    /// list as stored (field ids hold no commas), written by ``CanonicalEntryWriter`` as the
    /// verifier writes every row of the log.
    static func canonicalEncoding(seq: Int64, time: String, actor: String, action: String, personID: String?, storedFields: String,
                                  purpose: String?, decision: String, detail: String) -> [UInt8] {
        var writer = CanonicalEntryWriter()
        writer.bytes.reserveCapacity(160 + detail.utf8.count + storedFields.utf8.count * 2)
        writer.append(seq: seq, time: time, actor: actor, action: action, personID: personID,
                      storedFields: storedFields, purpose: purpose, decision: decision, detail: detail)
        return writer.bytes
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
