/// A service of the basket that matches a person's recorded needs, with the specialists of
/// its cooperant who could join the team.
public struct MemberSuggestion: Sendable, Equatable, Codable {
    public var service: Service
    /// Stems of the needs that matched, e.g. `przem`, `uzale`.
    public var matched: [String]
    public var specialists: [String]
}
