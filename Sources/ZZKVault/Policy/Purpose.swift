/// A processing purpose with its legal bases (RODO art. 6/9/10 or a statute).
public struct Purpose: Sendable, Equatable {
    public var id: String
    public var label: LocalizedLabel
    /// Codes such as `art6-1-c`, `art9-2-b`, `consent` or `statute:<citation>`.
    public var legalBases: [String]
    public init(id: String, label: LocalizedLabel, legalBases: [String]) {
        self.id = id
        self.label = label
        self.legalBases = legalBases
    }
}
