/// What a rule does when it matches. As in Cedar, any matching `forbid` beats every `permit`.
public enum PolicyEffect: String, Sendable, Codable, CaseIterable {
    case permit
    case forbid
}
