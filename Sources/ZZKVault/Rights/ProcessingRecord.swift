/// The records of processing activities (art. 30(1) RODO), one activity per purpose,
/// generated from the policy, the purposes and the PZK registry.
public struct ProcessingRecord: Sendable, Equatable, Codable {
    public struct Activity: Sendable, Equatable, Codable {
        public var purpose: String
        public var label: String
        public var legalBases: [String]
        /// Categories of personal data some rule lets someone read for this purpose.
        public var categories: [String]
        /// Who may receive it: OPS roles and cooperant sectors named by permitting rules.
        public var recipients: [String]

        enum CodingKeys: String, CodingKey {
            case purpose, label, categories, recipients
            case legalBases = "legal_bases"
        }
    }

    public var controller: String
    public var dpoContact: String
    public var policyHash: String
    public var activities: [Activity]
    /// Cooperants of the registry (ids, sectors), the recipients by name.
    public var cooperants: [String]

    enum CodingKeys: String, CodingKey {
        case controller, activities, cooperants
        case dpoContact = "dpo_contact", policyHash = "policy_hash"
    }
}
