import Foundation

/// A data-subject request (wniosek osoby, arts. 15–21 RODO) and its deadline (art. 12(3)).
public struct DataSubjectRequest: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case access, rectification, erasure, restriction, objection, portability
    }

    /// Random id such as `D-4K7M2Q9X`.
    public var id: String
    public var personID: String
    public var kind: Kind
    /// Day received, `YYYY-MM-DD`.
    public var received: String
    /// How it came: in_person, letter, email, epuap, phone.
    public var channel: String
    /// Last day to answer: one month after receipt, or three when extended.
    public var due: String
    public var extended: Bool
    public var openedBy: String
    public var closedOn: String?
    public var outcome: String?
    /// For an objection (art. 21(1)): the purposes it is against.
    public var purposes: [String] = []
    /// The day the person was told of the extension (art. 12(3): within the first month).
    public var extensionInformedOn: String? = nil
    /// The day the person was sent the decision (with its reasons, art. 12(4)).
    public var decisionInformedOn: String? = nil

    enum CodingKeys: String, CodingKey {
        case id, received, channel, due, extended, outcome, purposes
        case extensionInformedOn = "extension_informed_on", decisionInformedOn = "decision_informed_on"
        case personID = "person_id", kind = "type", openedBy = "opened_by", closedOn = "closed_on"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(personID, forKey: .personID)
        try c.encode(kind, forKey: .kind)
        try c.encode(received, forKey: .received)
        try c.encode(channel, forKey: .channel)
        try c.encode(due, forKey: .due)
        try c.encode(extended, forKey: .extended)
        try c.encode(openedBy, forKey: .openedBy)
        try c.encode(closedOn, forKey: .closedOn)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(purposes, forKey: .purposes)
        try c.encode(extensionInformedOn, forKey: .extensionInformedOn)
        try c.encode(decisionInformedOn, forKey: .decisionInformedOn)
    }

    /// Open and past its due day on `day`.
    public func isOverdue(on day: String) -> Bool { closedOn == nil && day > due }
}
