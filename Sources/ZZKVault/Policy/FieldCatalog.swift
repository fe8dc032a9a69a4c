import Foundation
import Yams

/// The field catalogue of `Policies/fields.yaml`: every field a person record may hold, with
/// its category, sensitivity, type and validation.
public struct FieldCatalog: Sendable, Equatable {
    /// Categories in file order.
    public let categories: [FieldCategory]
    /// Fields in file order.
    public let fields: [FieldDefinition]
    private let fieldsByID: [String: FieldDefinition]
    private let categoriesByID: [String: FieldCategory]

    /// The category whose data key seals team notes; its one field is the policy's handle on them.
    public static let teamNotesCategory = "team_notes"
    /// The field the policy decides for team notes.
    public static let teamNoteField = "team_notes.note"

    /// The field with this id, if any.
    public func field(_ id: String) -> FieldDefinition? { fieldsByID[id] }
    /// The category with this id, if any.
    public func category(_ id: String) -> FieldCategory? { categoriesByID[id] }
    /// The field holding the given blind index, if the catalogue declares one.
    public func field(indexedAs kind: BlindIndexKind) -> FieldDefinition? { fields.first { $0.index == kind } }

    /// The closest field id to a mistyped one.
    public func suggestion(for id: String) -> String? {
        NearestName.suggestion(for: id, among: fields.map(\.id))
    }

    /// Loads and checks a catalogue file. Errors name `file:line:column`.
    public static func load(contentsOf url: URL) throws(VaultError) -> FieldCatalog {
        try parse(YAMLReader.text(of: url), file: url.path)
    }

    /// Parses catalogue YAML text; `file` is used in error messages.
    public static func parse(_ text: String, file: String) throws(VaultError) -> FieldCatalog {
        let reader = YAMLReader(file: file)
        let root = try reader.root(text)
        let top = try reader.mapping(root, "the catalogue")
        try reader.checkKeys(top, allowed: ["version", "categories", "fields"])
        guard top["version"]?.int == 1 else { throw reader.fail(top["version"] ?? root, "'version' must be 1") }

        var categories: [FieldCategory] = []
        var categoriesByID: [String: FieldCategory] = [:]
        for node in try reader.sequence(top["categories"], "categories", in: root) {
            let map = try reader.mapping(node, "a category")
            try reader.checkKeys(map, allowed: ["id", "sensitivity", "label"])
            let id = try reader.string(map, "id", in: node)
            guard isSnakeCase(id) else { throw reader.fail(map["id"], "category id '\(id)' must be snake_case (a–z, 0–9, _)") }
            guard categoriesByID[id] == nil else { throw reader.fail(map["id"], "duplicate category id '\(id)'") }
            let sensitivity = try sensitivityValue(map, in: node, reader: reader) ?? .ordinary
            let category = FieldCategory(id: id, sensitivity: sensitivity, label: try reader.label(map, in: node))
            categories.append(category)
            categoriesByID[id] = category
        }

        var fields: [FieldDefinition] = []
        var fieldsByID: [String: FieldDefinition] = [:]
        var indexes: Set<BlindIndexKind> = []
        for node in try reader.sequence(top["fields"], "fields", in: root) {
            let map = try reader.mapping(node, "a field")
            try reader.checkKeys(map, allowed: ["id", "type", "label", "max_length", "values", "value_labels", "min", "max", "sensitivity", "index"])
            let id = try reader.string(map, "id", in: node)
            let parts = id.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, isSnakeCase(String(parts[0])), isSnakeCase(String(parts[1])) else {
                throw reader.fail(map["id"], "field id '\(id)' must be 'category.field' in snake_case, e.g. identity.last_name")
            }
            guard let category = categoriesByID[String(parts[0])] else {
                let hint = NearestName.suggestion(for: String(parts[0]), among: categories.map(\.id)).map { " Did you mean '\($0)'?" } ?? ""
                throw reader.fail(map["id"], "field '\(id)' names category '\(parts[0])', which is not declared under 'categories'.\(hint)")
            }
            guard fieldsByID[id] == nil else { throw reader.fail(map["id"], "duplicate field id '\(id)'") }
            let typeName = try reader.string(map, "type", in: node)
            guard let type = FieldType(rawValue: typeName) else {
                let hint = NearestName.suggestion(for: typeName, among: FieldType.allCases.map(\.rawValue)).map { " Did you mean '\($0)'?" } ?? ""
                throw reader.fail(map["type"], "unknown type '\(typeName)'.\(hint)")
            }
            let sensitivity = try sensitivityValue(map, in: node, reader: reader) ?? category.sensitivity
            // The category is the unit of encryption (one data key per person and category), so a
            // field cannot be more or less sensitive than the key that protects it.
            guard sensitivity == category.sensitivity else {
                throw reader.fail(map["sensitivity"], "field '\(id)' is \(sensitivity.rawValue) but its category '\(category.id)' is \(category.sensitivity.rawValue); one data key protects a whole category, so move the field to a category of that sensitivity")
            }
            let maxLength = try reader.optionalInt(map, "max_length")
            if type == .text {
                guard let maxLength, (1...10_000).contains(maxLength) else {
                    throw reader.fail(map["max_length"] ?? node, "text field '\(id)' needs 'max_length' between 1 and 10000")
                }
            }
            var values: [String] = []
            if type == .enum {
                guard let list = map["values"]?.sequence, !list.isEmpty else {
                    throw reader.fail(map["values"] ?? node, "enum field '\(id)' needs a non-empty 'values' list")
                }
                for item in list {
                    guard let value = item.scalar?.string, isSnakeCase(value) else { throw reader.fail(item, "enum values must be snake_case codes") }
                    guard !values.contains(value) else { throw reader.fail(item, "duplicate enum value '\(value)'") }
                    values.append(value)
                }
            }
            var valueLabels: [String: LocalizedLabel] = [:]
            if let labelsNode = map["value_labels"] {
                guard type == .enum, let labels = labelsNode.mapping else {
                    throw reader.fail(labelsNode, "'value_labels' is a mapping {code: {pl: ..., en: ...}} of an enum field")
                }
                for (key, node) in labels {
                    guard let code = key.scalar?.string, values.contains(code) else {
                        throw reader.fail(key, "'\(key.scalar?.string ?? "?")' is not one of the values of '\(id)'")
                    }
                    let label = try reader.mapping(node, code)
                    valueLabels[code] = LocalizedLabel(pl: try reader.string(label, "pl", in: node), en: try reader.string(label, "en", in: node))
                }
                if let missing = values.first(where: { valueLabels[$0] == nil }) {
                    throw reader.fail(labelsNode, "'value_labels' of '\(id)' has no label for '\(missing)'")
                }
            }
            var index: BlindIndexKind?
            if let indexNode = map["index"] {
                guard let name = indexNode.scalar?.string, let kind = BlindIndexKind(rawValue: name) else {
                    throw reader.fail(indexNode, "'index' must be one of: \(BlindIndexKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                guard !indexes.contains(kind) else { throw reader.fail(indexNode, "index '\(name)' is declared twice") }
                indexes.insert(kind)
                index = kind
            }
            let field = FieldDefinition(
                id: id, category: category.id, sensitivity: sensitivity, type: type, label: try reader.label(map, in: node),
                maxLength: maxLength, values: values, min: try reader.optionalInt(map, "min"), max: try reader.optionalInt(map, "max"),
                index: index, valueLabels: valueLabels)
            fields.append(field)
            fieldsByID[id] = field
        }
        return FieldCatalog(categories: categories, fields: fields, fieldsByID: fieldsByID, categoriesByID: categoriesByID)
    }

    private static func sensitivityValue(_ map: Node.Mapping, in node: Node, reader: YAMLReader) throws(VaultError) -> Sensitivity? {
        guard let valueNode = map["sensitivity"] else { return nil }
        guard let name = valueNode.scalar?.string, let value = Sensitivity(rawValue: name) else {
            throw reader.fail(valueNode, "'sensitivity' must be one of: ordinary, art9, art10")
        }
        return value
    }

    static func isSnakeCase(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter, first.isASCII else { return false }
        return text.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" }
    }
}

extension FieldCatalog {
    /// The catalogue of `categories` and `fields` with its look-up tables; nil when an id repeats.
    init?(categories: [FieldCategory], fields: [FieldDefinition]) {
        let fieldsByID = Dictionary(fields.map { ($0.id, $0) }) { first, _ in first }
        let categoriesByID = Dictionary(categories.map { ($0.id, $0) }) { first, _ in first }
        guard fieldsByID.count == fields.count, categoriesByID.count == categories.count else { return nil }
        self.init(categories: categories, fields: fields, fieldsByID: fieldsByID, categoriesByID: categoriesByID)
    }
}
