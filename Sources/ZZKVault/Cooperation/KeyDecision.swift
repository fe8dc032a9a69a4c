/// Whether a team member holds the key to one category of one person's data, and if not, what
/// is missing (``Session/keyReport(_:login:)``).
public struct KeyDecision: Sendable, Equatable {
    public var personID: String
    public var category: String
    /// Whether a grant (the category's data key sealed to the member) was issued.
    public var issued: Bool
    /// The last day of the grant, when issued.
    public var expiresOn: String?
    /// What does not hold: empty for a key that opens today. An issued key may still wait for a
    /// notice (``KeyCondition/notice(person:cooperant:)``).
    public var missing: [KeyCondition]

    public init(personID: String, category: String, issued: Bool, expiresOn: String?, missing: [KeyCondition]) {
        self.personID = personID
        self.category = category
        self.issued = issued
        self.expiresOn = expiresOn
        self.missing = missing
    }
}
