/// The language a document is rendered in: Polish by default, English as an option.
public enum DocumentLanguage: String, CaseIterable, Sendable {
    case pl, en
}
