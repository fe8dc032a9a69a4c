/// How sensitive a field is under RODO.
public enum Sensitivity: String, Sendable, CaseIterable, Codable {
    /// Ordinary personal data.
    case ordinary
    /// A special category of art. 9 (health, disability, addiction, origin, religion, ...).
    case art9
    /// Data about criminal convictions and offences, art. 10.
    case art10
}
