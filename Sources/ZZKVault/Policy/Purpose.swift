/// A processing purpose with its legal bases (RODO art. 6/9/10 or a statute).
public struct Purpose: Sendable, Equatable {
    public var id: String
    public var label: LocalizedLabel
    /// Codes such as `art6-1-c`, `art9-2-b`, `consent` or `statute:<citation>`.
    public var legalBases: [String]
    /// Categories of data subjects (art. 30(1)(c)), as the records of processing name them.
    public var subjects: LocalizedLabel?
    /// How long the data are kept and by which rule (art. 5(1)(e), 13(2)(a), 30(1)(f)).
    public var retention: LocalizedLabel?
    /// Recipients outside the partnership (courts, prosecutors, supervisors, processors;
    /// art. 13(1)(e), 30(1)(d)); disclosures to cooperants are listed separately.
    public var externalRecipients: LocalizedLabel?
    /// The retention schedule: which material goes when (``RetentionRule``); empty when the
    /// purposes file gives none.
    public var schedule: [RetentionRule]

    public init(id: String, label: LocalizedLabel, legalBases: [String], subjects: LocalizedLabel? = nil,
                retention: LocalizedLabel? = nil, externalRecipients: LocalizedLabel? = nil,
                schedule: [RetentionRule] = []) {
        self.schedule = schedule
        self.id = id
        self.label = label
        self.legalBases = legalBases
        self.subjects = subjects
        self.retention = retention
        self.externalRecipients = externalRecipients
    }

    /// Whether processing for this purpose rests on the person's consent (art. 6(1)(a)). Only
    /// such purposes may be named in a consent: where a statute applies, consent is not used
    /// (recital 43; EDPB 05/2020), and a withdrawal could not end the processing anyway.
    public var restsOnConsent: Bool { legalBases.contains("art6-1-a") || legalBases.contains("consent") }

    /// The Polish provisions the purpose cites (`statute:` bases), without the prefix. A
    /// statutory channel names one of them as the provision that authorises its disclosures.
    public var statutes: [String] {
        legalBases.compactMap { $0.hasPrefix("statute:") ? String($0.dropFirst("statute:".count)) : nil }
    }

    /// Whether an objection (art. 21(1)) can be made against processing for this purpose: only
    /// where it rests on a public task (6(1)(e)) or a legitimate interest (6(1)(f)) alone — not
    /// where a legal obligation (6(1)(c)) also requires it (child protection: art. 572 k.p.c.),
    /// nor on consent, which is withdrawn instead.
    public var admitsObjection: Bool {
        (legalBases.contains("art6-1-e") || legalBases.contains("art6-1-f")) && !legalBases.contains("art6-1-c") && !restsOnConsent
    }
}
