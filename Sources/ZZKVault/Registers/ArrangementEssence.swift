/// What a person is given of a joint-controller arrangement (art. 26(2) RODO): its essence and
/// every controller it binds, each with its contacts from the PZK registry.
public struct ArrangementEssence: Sendable, Equatable {
    public var agreement: Agreement
    /// The leader first, then the other parties as the registry holds them.
    public var controllers: [Cooperant]
}
