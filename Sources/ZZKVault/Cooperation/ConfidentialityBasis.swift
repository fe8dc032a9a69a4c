/// The statute under which a user declares they will keep what they learn confidential.
public enum ConfidentialityBasis: String, Sendable, Codable, CaseIterable {
    /// Art. 100 ust. 7 of the ustawa o pomocy społecznej: OPS staff and those working with them.
    case socialAssistance = "ups_art100"
    /// Art. 9c of the ustawa o przeciwdziałaniu przemocy domowej: members of the
    /// interdisciplinary team and its working groups.
    case domesticViolence = "uppd_art9c"
    /// Art. 28(3)(b) and 32(4) RODO: confidentiality of anyone acting under the controller's authority.
    case gdpr = "rodo_art32"

    /// The basis as a register or a letter names it.
    public func label(polish: Bool) -> String {
        switch self {
        case .socialAssistance: polish ? "art. 100 ust. 7 ustawy o pomocy społecznej"
            : "Art. 100(7) of the Social Assistance Act"
        case .domesticViolence: polish ? "art. 9c ustawy o przeciwdziałaniu przemocy domowej"
            : "Art. 9c of the Domestic Violence Prevention Act"
        case .gdpr: polish ? "art. 32 ust. 4 RODO" : "Art. 32(4) GDPR"
        }
    }
}
