/// Whether data may reach a cooperant before its art. 14 notice is delivered or exempted
/// (vault setting `notice_gate`). The default, `wait`, keeps a new grant closed until then —
/// unless the consent meeting itself delivered the notice.
public enum NoticeGate: String, Sendable, Codable, CaseIterable {
    case wait
    case share
}
