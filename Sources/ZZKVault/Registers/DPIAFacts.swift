/// What the vault itself knows for a data protection impact assessment (art. 35 RODO): the
/// records of processing, what makes the assessment mandatory, the registers' state and the
/// counts that show the scale. Rendered as a draft (``Session/dpiaFacts(lang:)``) the IOD gives
/// an opinion on and the controller signs.
public struct DPIAFacts: Sendable, Equatable {
    /// Art. 30 records: controller, purposes with legal bases, subjects, categories, recipients, retention.
    public var record: ProcessingRecord
    /// Labels of the art. 9 categories the catalogue holds.
    public var specialCategories: [String]
    /// Labels of the art. 10 categories.
    public var criminalCategories: [String]
    /// Labels of the purposes resting on consent, and of those resting on a statute.
    public var consentPurposes: [String]
    public var statutoryPurposes: [String]
    /// Whether a purpose protects children or victims of domestic violence (vulnerable subjects).
    public var vulnerableSubjects: Bool
    /// Active cooperants besides the leader (each a controller whose data are matched in a team).
    public var cooperants: Int
    /// Agreements in force today, by kind.
    public var arrangements: Int
    public var disclosureAgreements: Int
    public var processorAgreements: Int
    /// Processors by name, from the agreements in force.
    public var processors: [String]
    /// Active accounts by role, and those processing case data without an authorisation in force.
    public var accounts: [Role: Int]
    public var accountsWithoutAuthorisation: Int
    public var persons: Int
    public var openTeams: Int
    public var breaches: Int
    public var noticesRecorded: Int
    public var policyRules: Int
    public var generatedOn: String
}
