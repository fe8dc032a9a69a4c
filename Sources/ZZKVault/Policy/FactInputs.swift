/// What the vault knows about one request, from which the policy's conditions are computed.
///
/// Team membership, consents, grants, restriction and break-glass arrive with the cooperation
/// workflow and data-subject-request issues; until then they are false, so every rule that
/// needs them stays closed (fail closed).
public struct FactInputs: Sendable, Equatable {
    public var activeTeamMember = false
    /// A valid consent of the person covers the actor's cooperant, the category and the purpose.
    public var consentCovers = false
    /// That consent is explicit for art. 9/10 categories.
    public var explicitConsent = false
    public var grantValid = false
    public var personRestricted = false
    public var breakGlass = false
    /// The user is an OPS worker whose authorisation (upoważnienie) is not in force or does not
    /// cover the category and purpose: refused by ``Session/authorisationRule`` before the policy.
    public var outsideAuthorisation = false

    public init() {}

    /// The condition values for reading `field` for `purpose`.
    ///
    /// - `consent_or_statute`: covering consent, or the purpose cites a statute.
    /// - `explicit_basis`: always for ordinary fields; for art. 9 fields an explicit consent
    ///   or a statutory art. 9(2)(b), (g) or (h) ground of the purpose; for art. 10 fields the
    ///   purpose must list art10 and cite a statute (consent never opens art. 10 data).
    public func facts(field: FieldDefinition, purpose: Purpose) -> Set<PolicyCondition> {
        let statute = purpose.legalBases.contains { $0.hasPrefix("statute:") }
        var facts: Set<PolicyCondition> = []
        if activeTeamMember { facts.insert(.activeTeamMember) }
        if consentCovers || statute { facts.insert(.consentOrStatute) }
        switch field.sensitivity {
        case .ordinary:
            facts.insert(.explicitBasis)
        case .art9:
            let statutoryArt9 = purpose.legalBases.contains { ["art9-2-b", "art9-2-g", "art9-2-h"].contains($0) }
            if (consentCovers && explicitConsent) || statutoryArt9 { facts.insert(.explicitBasis) }
        case .art10:
            if purpose.legalBases.contains("art10") && statute { facts.insert(.explicitBasis) }
        }
        if grantValid { facts.insert(.grantValid) }
        if personRestricted { facts.insert(.personRestricted) }
        if breakGlass { facts.insert(.breakGlass) }
        return facts
    }
}
