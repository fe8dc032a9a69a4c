import Foundation

/// One card of the local service basket (Karta usług kooperanta): what a cooperant offers,
/// to whom, with which competences, when and how to reach it.
public struct Service: Sendable, Equatable, Codable {
    /// Random id such as `S-4K7M2Q9X`.
    public var id: String
    public var cooperantID: String
    public var name: String
    public var targetGroup: String
    public var competences: [String]
    /// Conditions of access (referral needed, free of charge, …).
    public var conditions: String
    public var hours: String
    /// Contact for the service (sealed: it may name a person); empty for readers without the vault key.
    public var contact: String
    /// Last day the cooperant confirmed the card, `YYYY-MM-DD`.
    public var confirmedOn: String

    enum CodingKeys: String, CodingKey {
        case id, name, competences, conditions, hours, contact
        case cooperantID = "cooperant_id", targetGroup = "target_group", confirmedOn = "confirmed_on"
    }

    public init(id: String = "", cooperantID: String, name: String, targetGroup: String, competences: [String], conditions: String,
                hours: String, contact: String, confirmedOn: String) {
        self.id = id
        self.cooperantID = cooperantID
        self.name = name
        self.targetGroup = targetGroup
        self.competences = competences
        self.conditions = conditions
        self.hours = hours
        self.contact = contact
        self.confirmedOn = confirmedOn
    }

    /// Not confirmed for 12 months on `day`: the card may be out of date.
    public func isStale(on day: String) -> Bool {
        guard let (y, m, d) = CalendarDate.parse(day) else { return false }
        return confirmedOn < CalendarDate.format(year: y - 1, month: m, day: min(d, 28))
    }

    /// Whether `query` (case-insensitive) occurs in the name, target group or a competence.
    public func matches(_ query: String) -> Bool {
        let needle = query.nfc.lowercased()
        return ([name, targetGroup] + competences).contains { $0.lowercased().contains(needle) }
    }
}
