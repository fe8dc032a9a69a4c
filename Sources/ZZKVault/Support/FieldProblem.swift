/// One rejected field value: which field, of which person or input line, and why.
public struct FieldProblem: Equatable, Sendable, CustomStringConvertible {
    /// The field id as given (may be unknown), or the name of the input when ``parameter`` is set.
    public var field: String
    /// The operation's input that was wrong, when it is not a field of the catalogue.
    public var parameter: Parameter?
    /// Why the value was rejected, never quoting the value itself.
    public var reason: String
    /// Where the value came from: a person id, `FILE:LINE`, or nil for the command line.
    public var location: String?

    public init(field: String, reason: String, location: String? = nil) {
        self.field = field
        self.reason = reason
        self.location = location
    }

    /// A problem with an input of the operation rather than a field of a person.
    public init(parameter: Parameter, reason: String, location: String? = nil) {
        self.init(field: parameter.name, reason: reason, location: location)
        self.parameter = parameter
    }

    /// The same problem, found at `location`.
    public func located(at location: String?) -> FieldProblem {
        var copy = self
        copy.location = location
        return copy
    }

    /// The problem with its input named by `naming` (the CLI says `--until`, the API `until`).
    public func rendered(naming name: (Parameter) -> String) -> String {
        (location.map { "\($0): " } ?? "") + "\(parameter.map(name) ?? field): \(reason)"
    }

    public var description: String {
        rendered(naming: \.description)
    }
}
