/// Where the OPS got a person's data at intake, which decides the notice it owes: the person
/// themself (art. 13 RODO), or someone else — a family member, an institution — (art. 14,
/// naming the source, art. 14(2)(f)).
public enum DataSource: Sendable, Equatable, Hashable {
    /// The person gave the data (art. 13).
    case person
    /// A member of the family (e.g. the applicant) gave it: their person id.
    case familyMember(String)
    /// An institution of the registry sent it: its cooperant id.
    case institution(String)

    /// `person`, `family:P-…` or `institution:ID`; stored with the notice (ids only).
    public var code: String {
        switch self {
        case .person: "person"
        case let .familyMember(id): "family:\(id)"
        case let .institution(id): "institution:\(id)"
        }
    }

    public init?(code: String) {
        if code == "person" { self = .person; return }
        if code.hasPrefix("family:") { self = .familyMember(String(code.dropFirst("family:".count))); return }
        if code.hasPrefix("institution:") { self = .institution(String(code.dropFirst("institution:".count))); return }
        return nil
    }
}

extension DataSource: Codable {
    public init(from decoder: any Decoder) throws {
        let code = try decoder.singleValueContainer().decode(String.self)
        guard let source = DataSource(code: code) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a data source: \(code)"))
        }
        self = source
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}
