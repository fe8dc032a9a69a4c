import Foundation

/// One entry of the breach register (art. 33(5) RODO): every incident is recorded, whether or not
/// it is notified to the Prezes UODO, with the 72-hour clock from the moment the OPS became aware.
///
/// Texts that may describe people (description, risk reasoning, measures, lessons) are sealed in
/// the file to the audit-reader key: custodians and the IOD read them, nobody else. Fields a reader
/// could not open are nil.
public struct Breach: Sendable, Equatable, Codable {
    /// The likelihood of a risk to persons' rights and freedoms, as the controller assessed it.
    public enum Risk: String, Sendable, Codable, CaseIterable {
        /// Not assessed yet: treated as notifiable until assessed (art. 33(1)).
        case unassessed
        /// Unlikely to result in a risk: recorded, not notified (art. 33(1)).
        case unlikely
        /// A risk: the Prezes UODO is notified within 72 hours (art. 33(1)).
        case risk
        /// A high risk: notified, and the persons are told without undue delay (art. 34(1)).
        case high

        /// Whether the Prezes UODO must be notified.
        public var isNotifiable: Bool { self != .unlikely }
    }

    /// Why the persons of a high-risk breach were not told one by one (art. 34(3)).
    public enum CommunicationException: String, Sendable, Codable, CaseIterable {
        /// (a) The data were made unintelligible to anyone not authorised, e.g. encrypted.
        case encrypted
        /// (b) Later measures ensure the high risk is no longer likely to materialise.
        case mitigated
        /// (c) It would involve disproportionate effort: a public communication instead.
        case disproportionate
    }

    /// Whose reads or writes in the vault the breach concerns, and when: the persons and records
    /// are counted from the audit log for that login and period.
    public struct Scope: Sendable, Equatable, Codable {
        public var login: String
        public var from: String
        public var to: String

        public init(login: String, from: String, to: String) {
            self.login = login
            self.from = from
            self.to = to
        }
    }

    public var id: String
    /// When the OPS became aware of the breach (UTC instant): the 72-hour clock starts here.
    public var awareAt: String
    /// The latest instant to notify the Prezes UODO (aware + 72 h).
    public var deadline: String
    public var openedBy: String
    public var description: String?
    public var scope: Scope?
    /// Approximate number of persons concerned (art. 33(3)(a)).
    public var persons: Int
    /// Approximate number of records concerned (art. 33(3)(a)).
    public var records: Int
    /// Categories of data concerned (catalogue category ids).
    public var categories: [String]
    public var risk: Risk
    /// The likely consequences and why the risk is what it is (art. 33(3)(c)).
    public var reasoning: String?
    /// Measures taken or proposed, including to mitigate adverse effects (art. 33(3)(d)).
    public var measures: String?
    /// When the Prezes UODO was notified (UTC instant), and the case reference they gave.
    public var notifiedAt: String?
    public var notificationReference: String?
    /// Why the notification came after 72 hours (art. 33(1)).
    public var lateReason: String?
    /// When further information was sent to UODO after the notification (art. 33(4)), UTC instants.
    public var supplements: [String] = []
    /// The day the persons were told (art. 34), and how many.
    public var communicatedOn: String?
    public var personsCommunicated: Int?
    /// The art. 34(3) ground for not telling the persons one by one, and its reasoning.
    public var communicationException: CommunicationException?
    public var exceptionReasoning: String?
    /// The cooperant-controllers of the PZK informed (Regulamin PZK § 7 ust. 2), and when.
    public var cooperantsInformed: [String]
    public var informedOn: String?
    public var closedAt: String?
    public var lessons: String?

    enum CodingKeys: String, CodingKey {
        case id, deadline, description, scope, persons, records, categories, risk, reasoning, measures, lessons
        case awareAt = "aware_at", openedBy = "opened_by", notifiedAt = "notified_at"
        case notificationReference = "notification_reference", lateReason = "late_reason", supplements
        case communicatedOn = "communicated_on", personsCommunicated = "persons_communicated"
        case communicationException = "communication_exception", exceptionReasoning = "exception_reasoning"
        case cooperantsInformed = "cooperants_informed", informedOn = "informed_on", closedAt = "closed_at"
        case overdue
    }

    /// True when, as of the moment the register was read, the Prezes UODO should have been
    /// notified and was not (``isOverdue(at:)`` at the vault's clock).
    public var overdue: Bool = false

    /// True when the Prezes UODO should have been notified by `now` and was not.
    public func isOverdue(at now: Date) -> Bool {
        guard risk.isNotifiable, notifiedAt == nil, let due = Timestamp.date(deadline) else { return false }
        return now > due
    }

    /// Encodes absent values as `null`, so every documented key is always present.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(awareAt, forKey: .awareAt)
        try c.encode(deadline, forKey: .deadline)
        try c.encode(openedBy, forKey: .openedBy)
        try c.encode(description, forKey: .description)
        try c.encode(scope, forKey: .scope)
        try c.encode(persons, forKey: .persons)
        try c.encode(records, forKey: .records)
        try c.encode(categories, forKey: .categories)
        try c.encode(risk, forKey: .risk)
        try c.encode(reasoning, forKey: .reasoning)
        try c.encode(measures, forKey: .measures)
        try c.encode(notifiedAt, forKey: .notifiedAt)
        try c.encode(notificationReference, forKey: .notificationReference)
        try c.encode(lateReason, forKey: .lateReason)
        try c.encode(supplements, forKey: .supplements)
        try c.encode(communicatedOn, forKey: .communicatedOn)
        try c.encode(personsCommunicated, forKey: .personsCommunicated)
        try c.encode(communicationException, forKey: .communicationException)
        try c.encode(exceptionReasoning, forKey: .exceptionReasoning)
        try c.encode(cooperantsInformed, forKey: .cooperantsInformed)
        try c.encode(informedOn, forKey: .informedOn)
        try c.encode(closedAt, forKey: .closedAt)
        try c.encode(lessons, forKey: .lessons)
        try c.encode(overdue, forKey: .overdue)
    }
}
