/// One rejected field value: which field, of which person or input line, and why.
public struct FieldProblem: Equatable, Sendable, CustomStringConvertible {
    /// The field id as given (may be unknown).
    public var field: String
    /// Why the value was rejected, never quoting the value itself.
    public var reason: String
    /// Where the value came from: a person id, `FILE:LINE`, or nil for the command line.
    public var location: String?

    public init(field: String, reason: String, location: String? = nil) {
        self.field = field
        self.reason = reason
        self.location = location
    }

    public var description: String {
        (location.map { "\($0): " } ?? "") + "\(field): \(reason)"
    }
}
