/// The communication of a high-risk breach to one person concerned (art. 34 RODO): what happened,
/// the likely consequences, the measures taken and whom to ask, from the register's texts.
public struct BreachLetter: Sendable {
    public var breach: Breach
    public var personID: String
    /// The controller writing: the OPS, with its IOD's contact (art. 34(2) with 33(3)(b)).
    public var controller: Cooperant?
    /// The person's safe-contact flag (`no_post_home`, `in_person_only`), which the letter warns staff of.
    public var safeContact: String?
}
