/// The communication of a high-risk breach to one person concerned (art. 34 RODO): what the
/// persons are told (written for them, art. 34(2)) and whom to ask.
public struct BreachLetter: Sendable {
    public var breach: Breach
    public var personID: String
    /// What happened, the likely consequences and the measures, in clear and plain words.
    public var text: String
    /// The controller writing: the OPS, with its IOD's contact (art. 34(2) with 33(3)(b)).
    public var controller: Cooperant?
    /// The person's safe-contact flag (`no_post_home`, `in_person_only`), which the letter warns staff of.
    public var safeContact: String?
}
