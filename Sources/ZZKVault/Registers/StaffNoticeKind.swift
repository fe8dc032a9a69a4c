/// Whose staff data a staff notice is about (art. 13–14 RODO for staff, issue 18).
public enum StaffNoticeKind: String, Sendable, Codable, CaseIterable {
    /// A user of the vault: account, keys, authorisation and the access log (art. 13: they give the data).
    case user
    /// A cooperant's worker named as a contact in the service basket (art. 14: their employer gives the data).
    case serviceContact = "service-contact"
}
