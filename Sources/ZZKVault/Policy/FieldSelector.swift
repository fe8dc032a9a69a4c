/// Which fields a rule covers: one field id, a whole category, a sensitivity class, or all.
public enum FieldSelector: Sendable, Equatable, Hashable, CustomStringConvertible {
    case all
    case field(String)
    case category(String)
    case sensitivity(Sensitivity)

    /// Parses `*`, `category:<id>`, `sensitivity:<class>` or a field id.
    public init?(_ text: String) {
        if text == "*" {
            self = .all
        } else if text.hasPrefix("category:") {
            self = .category(String(text.dropFirst("category:".count)))
        } else if text.hasPrefix("sensitivity:") {
            guard let value = Sensitivity(rawValue: String(text.dropFirst("sensitivity:".count))) else { return nil }
            self = .sensitivity(value)
        } else {
            self = .field(text)
        }
    }

    /// Whether this selector covers `field`.
    public func matches(_ field: FieldDefinition) -> Bool {
        switch self {
        case .all: return true
        case let .field(id): return field.id == id
        case let .category(id): return field.category == id
        case let .sensitivity(value): return field.sensitivity == value
        }
    }

    public var description: String {
        switch self {
        case .all: return "*"
        case let .field(id): return id
        case let .category(id): return "category:\(id)"
        case let .sensitivity(value): return "sensitivity:\(value.rawValue)"
        }
    }
}
