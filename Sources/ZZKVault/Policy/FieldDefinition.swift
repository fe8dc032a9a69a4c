/// One field of the catalogue: its id, category, sensitivity, type and validation rules.
public struct FieldDefinition: Sendable, Equatable {
    /// `category.field`, snake_case.
    public var id: String
    /// The category id: the part of ``id`` before the dot.
    public var category: String
    public var sensitivity: Sensitivity
    public var type: FieldType
    public var label: LocalizedLabel
    /// Longest accepted value in characters (text, phone, email).
    public var maxLength: Int?
    /// Allowed codes for `enum` fields.
    public var values: [String]
    /// Bounds for `integer` fields.
    public var min: Int?
    public var max: Int?
    /// The blind index kept for exact-match search, if any.
    public var index: BlindIndexKind?
    /// What pages and letters show for each code of an `enum` field.
    public var valueLabels: [String: LocalizedLabel]

    public init(
        id: String, category: String, sensitivity: Sensitivity, type: FieldType, label: LocalizedLabel,
        maxLength: Int? = nil, values: [String] = [], min: Int? = nil, max: Int? = nil, index: BlindIndexKind? = nil,
        valueLabels: [String: LocalizedLabel] = [:]
    ) {
        self.id = id
        self.category = category
        self.sensitivity = sensitivity
        self.type = type
        self.label = label
        self.maxLength = maxLength
        self.values = values
        self.min = min
        self.max = max
        self.index = index
        self.valueLabels = valueLabels
    }

    /// A stored value as a person reads it: an enum code by its label, a boolean as yes or no.
    public func display(_ value: String, english: Bool) -> String {
        if let label = valueLabels[value] { return english ? label.en : label.pl }
        if type == .boolean, let flag = Bool(value) { return flag ? (english ? "yes" : "tak") : (english ? "no" : "nie") }
        return value
    }
}

/// The exact-match searches the vault supports through keyed blind indexes.
public enum BlindIndexKind: String, Sendable, CaseIterable, Codable {
    case pesel
    case surname
}
