/// A record the leader keeps of the partnership's own work (Regulamin PZK §§ 1–2, 5–7; Pakt
/// Legionowo § 6–7): who coordinates for each cooperant, the minutes of PZK meetings, the
/// periodic action plan, monitoring and evaluation entries, and who signed a cooperant's
/// withdrawal. These texts reach every member, so they carry no family data (checked like PZK
/// notes, ``FamilyDataCheck``); they may name staff, so they are sealed (custodians read them).
public struct PZKRecord: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A cooperant's coordinator (koordynator), named in the text with their contact.
        case coordinator
        /// A PZK meeting: its minutes (protokół) and the cooperants present.
        case meeting
        /// The periodic action plan (plan działania) for a period.
        case plan
        /// A monitoring or evaluation entry for a period.
        case evaluation
        /// Who signed a cooperant's written withdrawal from the partnership.
        case withdrawal

        /// The kind's name in a register.
        public func label(polish: Bool) -> String {
            switch self {
            case .coordinator: polish ? "koordynator członka PZK" : "cooperant's coordinator"
            case .meeting: polish ? "posiedzenie PZK (protokół)" : "PZK meeting (minutes)"
            case .plan: polish ? "plan działania" : "action plan"
            case .evaluation: polish ? "monitoring i ewaluacja" : "monitoring and evaluation"
            case .withdrawal: polish ? "wystąpienie członka (podpisał)" : "cooperant's withdrawal (signed by)"
            }
        }
    }

    public var id: String
    public var kind: Kind
    /// The day it concerns (meeting, signature, appointment).
    public var on: String
    /// For a plan or an evaluation: the period, e.g. `2027` or `2027-H1`.
    public var period: String?
    /// The cooperant it concerns (coordinator, withdrawal).
    public var cooperantID: String?
    /// Cooperants present (meeting).
    public var attendees: [String]
    public var title: String
    /// The minutes, plan, entry or names; nil for a reader without the vault key (sealed).
    public var text: String?
    public var recordedBy: String
    public var recordedAt: String

    enum CodingKeys: String, CodingKey {
        case id, kind, on, period, attendees, title, text
        case cooperantID = "cooperant_id", recordedBy = "recorded_by", recordedAt = "recorded_at"
    }
}
