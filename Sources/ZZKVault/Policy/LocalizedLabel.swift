/// A label in Polish (the default for documents handed to clients) and English.
public struct LocalizedLabel: Sendable, Equatable, Codable {
    public var pl: String
    public var en: String
    public init(pl: String, en: String) {
        self.pl = pl
        self.en = en
    }
}
