/// Policy files found in the vault's `Policies/` folder. The vault never reads them for a
/// decision — its policy is the active version stored in its database — but a folder left from
/// an earlier release (or edited in the hope of changing access) is worth a note to its admins.
public struct IgnoredPolicyFiles: Sendable, Equatable, Encodable {
    /// The folder.
    public var path: String
    /// The policy hash of its four files; nil when a file is missing or cannot be read.
    public var hash: String?
}
