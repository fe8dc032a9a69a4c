/// The records of processing activities (art. 30(1) RODO) the OPS keeps as controller, one
/// activity per purpose, generated from the policy, the purposes and the PZK registry.
public struct ProcessingRecord: Sendable, Equatable, Codable {
    /// One processing activity: art. 30(1)(b)–(g).
    public struct Activity: Sendable, Equatable, Codable {
        public var purpose: String
        public var label: String
        public var legalBases: [String]
        /// Categories of data subjects (30(1)(c)).
        public var subjects: String
        /// Categories of personal data some rule lets someone read for this purpose, by label.
        public var categories: [String]
        /// Cooperant sectors the OPS discloses to for this purpose (udostępnianie), by label.
        public var disclosedTo: [String]
        /// Recipients outside the partnership (30(1)(d)).
        public var externalRecipients: String
        /// Retention (30(1)(f)).
        public var retention: String

        enum CodingKeys: String, CodingKey {
            case purpose, label, subjects, categories, retention
            case legalBases = "legal_bases", disclosedTo = "disclosed_to", externalRecipients = "external_recipients"
        }
    }

    /// The controller (30(1)(a)): name, address and contact.
    public var controller: String
    public var controllerAddress: String
    public var controllerContact: String
    /// The IOD's contact (30(1)(a)).
    public var dpoContact: String
    public var policyHash: String
    public var activities: [Activity]
    /// Cooperants of the registry (ids, sectors): the recipients of disclosures by name.
    public var cooperants: [String]

    enum CodingKeys: String, CodingKey {
        case controller, activities, cooperants
        case controllerAddress = "controller_address", controllerContact = "controller_contact"
        case dpoContact = "dpo_contact", policyHash = "policy_hash"
    }
}
