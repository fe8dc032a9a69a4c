/// The value type of a catalogue field, which decides its validation.
public enum FieldType: String, Sendable, CaseIterable, Codable {
    case text
    case date
    case pesel
    case postalCode = "postal_code"
    case phone
    case email
    case `enum`
    case integer
    case boolean
}
