/// What the administrator records from a signed authorisation (``Session/authorise(_:)``).
public struct AuthorisationDraft: Sendable, Equatable {
    public var login: String
    public var categories: [String]
    public var purposes: [String]
    public var validFrom: String
    public var validUntil: String
    public var documentNumber: String
    public var documentDate: String
    /// Name and function of who signed it; sealed (it names a person).
    public var signatory: String
    public var declarationBases: [ConfidentialityBasis]
    public var declarationOn: String

    public init(login: String, categories: [String], purposes: [String], validFrom: String, validUntil: String,
                documentNumber: String, documentDate: String, signatory: String,
                declarationBases: [ConfidentialityBasis], declarationOn: String) {
        self.login = login
        self.categories = categories
        self.purposes = purposes
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.documentNumber = documentNumber
        self.documentDate = documentDate
        self.signatory = signatory
        self.declarationBases = declarationBases
        self.declarationOn = declarationOn
    }
}
