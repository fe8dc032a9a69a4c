/// The decision that allows a disposal: who approved it and when, and for records of a category
/// B the State Archive's consent (zgoda archiwum państwowego na brakowanie).
public struct RetentionApproval: Sendable, Equatable {
    /// Name and function of who approved it (sealed: it names a person).
    public var approvedBy: String
    public var approvedOn: String
    /// The State Archive's consent, by its reference; required when any item is category B.
    public var archiveConsent: String?

    public init(approvedBy: String, approvedOn: String, archiveConsent: String? = nil) {
        self.approvedBy = approvedBy
        self.approvedOn = approvedOn
        self.archiveConsent = archiveConsent
    }
}
