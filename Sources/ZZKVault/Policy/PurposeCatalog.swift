import Foundation
import Yams

/// The purposes of `Policies/purposes.yaml`. Every read names one.
public struct PurposeCatalog: Sendable, Equatable {
    /// Purposes in file order.
    public let purposes: [Purpose]

    /// Legal basis codes a purpose may cite, besides `statute:<citation>`.
    public static let basisCodes = ["art6-1-a", "art6-1-c", "art6-1-e", "art9-2-a", "art9-2-b", "art9-2-g", "art9-2-h", "art10", "consent"]

    /// The purpose with this id, if any.
    public func purpose(_ id: String) -> Purpose? { purposes.first { $0.id == id } }

    /// Loads and checks a purposes file. Errors name `file:line:column`.
    public static func load(contentsOf url: URL) throws(VaultError) -> PurposeCatalog {
        try parse(YAMLReader.text(of: url), file: url.path)
    }

    /// Parses purposes YAML text; `file` is used in error messages.
    public static func parse(_ text: String, file: String) throws(VaultError) -> PurposeCatalog {
        let reader = YAMLReader(file: file)
        let root = try reader.root(text)
        let top = try reader.mapping(root, "the purposes file")
        try reader.checkKeys(top, allowed: ["version", "purposes"])
        guard top["version"]?.int == 1 else { throw reader.fail(top["version"] ?? root, "'version' must be 1") }
        var purposes: [Purpose] = []
        for node in try reader.sequence(top["purposes"], "purposes", in: root) {
            let map = try reader.mapping(node, "a purpose")
            try reader.checkKeys(map, allowed: ["id", "label", "legal_bases", "subjects", "retention",
                                                "external_recipients", "schedule"])
            let id = try reader.string(map, "id", in: node)
            guard FieldCatalog.isSnakeCase(id) else { throw reader.fail(map["id"], "purpose id '\(id)' must be snake_case") }
            guard !purposes.contains(where: { $0.id == id }) else { throw reader.fail(map["id"], "duplicate purpose id '\(id)'") }
            var bases: [String] = []
            for basisNode in try reader.sequence(map["legal_bases"], "legal_bases", in: node) {
                guard let basis = basisNode.scalar?.string else { throw reader.fail(basisNode, "a legal basis must be text") }
                let isStatute = basis.hasPrefix("statute:") && basis.count > "statute:".count
                guard isStatute || basisCodes.contains(basis) else {
                    let hint = NearestName.suggestion(for: basis, among: basisCodes).map { " Did you mean '\($0)'?" } ?? ""
                    throw reader.fail(basisNode, "unknown legal basis '\(basis)'.\(hint) Use one of \(basisCodes.joined(separator: ", ")) or 'statute:<citation>'")
                }
                bases.append(basis)
            }
            purposes.append(Purpose(id: id, label: try reader.label(map, in: node), legalBases: bases,
                                    subjects: try reader.optionalLabel(map, "subjects"), retention: try reader.optionalLabel(map, "retention"),
                                    externalRecipients: try reader.optionalLabel(map, "external_recipients"),
                                    schedule: try schedule(map, reader: reader, in: node)))
        }
        return PurposeCatalog(purposes: purposes)
    }

    /// A purpose's `schedule:` list, each line checked: material and clock known and matching,
    /// whole years, a JRWA symbol wherever an archival category is named.
    private static func schedule(_ map: Node.Mapping, reader: YAMLReader,
                                 in node: Node) throws(VaultError) -> [RetentionRule] {
        guard map["schedule"] != nil else { return [] }
        var rules: [RetentionRule] = []
        for line in try reader.sequence(map["schedule"], "schedule", in: node) {
            let entry = try reader.mapping(line, "a schedule line")
            try reader.checkKeys(entry, allowed: ["data", "clock", "years", "jrwa", "archival_category"])
            let dataText = try reader.string(entry, "data", in: line)
            guard let material = RetentionRule.Material(rawValue: dataText) else {
                throw reader.fail(entry["data"], "unknown data '\(dataText)'; one of "
                                      + RetentionRule.Material.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let clockText = try reader.string(entry, "clock", in: line)
            guard let clock = RetentionRule.Clock(rawValue: clockText) else {
                throw reader.fail(entry["clock"], "unknown clock '\(clockText)'; one of "
                                      + RetentionRule.Clock.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let fits: Bool = switch material {
            case .teamMaterial: clock == .teamClosed
            case .consentProof: clock == .withdrawal
            case .caseFile: clock == .caseClosed || clock == .childMajority
            }
            guard fits else {
                throw reader.fail(entry["clock"], "\(material.rawValue) does not run from \(clock.rawValue)")
            }
            guard let years = try reader.optionalInt(entry, "years"), (0...100).contains(years) else {
                throw reader.fail(line, "'years' must be a whole number of years, 0–100")
            }
            let jrwa = entry["jrwa"].map { _ in "" } == nil ? nil : try reader.string(entry, "jrwa", in: line)
            let category = entry["archival_category"].map { _ in "" } == nil
                ? nil : try reader.string(entry, "archival_category", in: line)
            if let category, category.wholeMatch(of: /A|B[0-9]+|BE[0-9]+|Bc/) == nil {
                throw reader.fail(entry["archival_category"], "archival category '\(category)' is not A, Bn, BEn or Bc")
            }
            if category != nil && jrwa == nil {
                throw reader.fail(line, "an archival category needs its 'jrwa' symbol")
            }
            rules.append(RetentionRule(material: material, clock: clock, years: years, jrwa: jrwa,
                                       archivalCategory: category))
        }
        return rules
    }
}
