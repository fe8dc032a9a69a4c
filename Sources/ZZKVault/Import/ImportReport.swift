/// What `zzk person import` did.
public struct ImportReport: Sendable, Equatable, Codable {
    /// Persons created, in file order.
    public var imported: [String]
    /// Rows refused, as `FILE:LINE: field: reason` (never the value).
    public var rejected: [String]
}
