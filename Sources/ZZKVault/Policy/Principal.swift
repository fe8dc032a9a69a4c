/// A kind of actor a rule can name: a staff role or a cooperant sector.
public struct Principal: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case role, sector }
    /// e.g. `social-worker` or `police`.
    public var id: String
    public var kind: Kind
    public var label: LocalizedLabel
    public init(id: String, kind: Kind, label: LocalizedLabel) {
        self.id = id
        self.kind = kind
        self.label = label
    }
}
