/// What the notification of a breach to the Prezes UODO holds (art. 33(3)): the register entry
/// and the controller's registry entry (name, address, contact, IOD contact).
public struct BreachNotification: Sendable {
    public var breach: Breach
    /// The leader of the PZK (the OPS), as its registry entry reads to this user.
    public var controller: Cooperant?
    /// The catalogue the categories are named from.
    public var catalog: FieldCatalog
}
