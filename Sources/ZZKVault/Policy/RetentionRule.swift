/// One line of a purpose's retention schedule (art. 5(1)(e) RODO; the centre's filing plan,
/// JRWA): which material, from which event, for how many years, under which JRWA symbol and
/// archival category. Read from `purposes.yaml` (`schedule:`).
public struct RetentionRule: Sendable, Equatable, Codable {
    /// Which material the line governs.
    public enum Material: String, Sendable, Codable, CaseIterable {
        /// A team's own material: its notes (and keys), gone when the clock runs out.
        case teamMaterial = "team_material"
        /// A consent's text, scan and details, kept as proof after the withdrawal (art. 7(1)).
        case consentProof = "consent_proof"
        /// The person's case file for the purpose.
        case caseFile = "case_file"
    }

    /// The event the period runs from.
    public enum Clock: String, Sendable, Codable, CaseIterable {
        case teamClosed = "team_closed"
        case withdrawal
        case caseClosed = "case_closed"
        case childMajority = "child_majority"
    }

    public var material: Material
    public var clock: Clock
    /// Whole years; 0 means at once. A period of years runs from the end of the calendar year
    /// the clock started, as filing plans count it.
    public var years: Int
    /// The JRWA symbol the material is filed under, if it is kept as records.
    public var jrwa: String?
    /// The archival category (`A`, `B5`, `B10`, `BE5`, `Bc`…); material in a category B needs the
    /// State Archive's consent to be destroyed.
    public var archivalCategory: String?

    /// Whether disposing of it needs the State Archive's consent (category B records).
    public var needsArchiveConsent: Bool { archivalCategory?.hasPrefix("B") == true }

    /// The first day the material may go, for a clock started on `start` (YYYY-MM-DD).
    public func dueOn(clockStarted start: String) -> String? {
        guard years > 0 else { return start }
        guard let year = Int(start.prefix(4)) else { return nil }
        return CalendarDate.format(year: year + years + 1, month: 1, day: 1)
    }

    enum CodingKeys: String, CodingKey {
        case material = "data", clock, years, jrwa
        case archivalCategory = "archival_category"
    }
}
