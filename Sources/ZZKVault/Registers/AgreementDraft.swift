/// What is recorded about a signed agreement (``Session/recordAgreement(_:)``).
public struct AgreementDraft: Sendable, Equatable {
    public var kind: Agreement.Kind
    /// Cooperant ids bound besides the leader (none for a processor agreement).
    public var parties: [String]
    /// The processor, by its institutional name (processor agreements only).
    public var processor: String?
    public var categories: [String]
    public var purposes: [String]
    public var title: String
    /// The essence of an art. 26 arrangement, made available to the persons (required for one).
    public var essence: String?
    public var signedOn: String
    public var validFrom: String
    public var validUntil: String?
    /// The signed document as filed; only its SHA-256 is kept.
    public var document: [UInt8]

    public init(kind: Agreement.Kind, parties: [String], processor: String? = nil, categories: [String],
                purposes: [String], title: String, essence: String? = nil, signedOn: String, validFrom: String,
                validUntil: String? = nil, document: [UInt8]) {
        self.kind = kind
        self.parties = parties
        self.processor = processor
        self.categories = categories
        self.purposes = purposes
        self.title = title
        self.essence = essence
        self.signedOn = signedOn
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.document = document
    }
}
