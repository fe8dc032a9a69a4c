/// What a request does with a field: read (open and disclose it) or write (collect, change or
/// clear it). Each is decided separately, so reading a field never implies the right to change it.
public enum PolicyAction: String, Sendable, Codable, CaseIterable, Comparable {
    case read
    case write

    public static func < (lhs: PolicyAction, rhs: PolicyAction) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The actions a rule covers when it does not say: a permit opens reading only, a forbid
    /// closes both, so leaving `actions` out never widens access.
    public static func defaults(for effect: PolicyEffect) -> [PolicyAction] {
        effect == .permit ? [.read] : allCases
    }
}
