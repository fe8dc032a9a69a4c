/// An input of a vault operation, named once for every front end.
///
/// The library names what was wrong by concept (`valid-until`, `login`); each front end says
/// it in its own terms: the CLI as an option (`--valid-until`) or an argument (`LOGIN`), the
/// server as the member of its JSON body (`valid_until`).
public struct Parameter: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The concept's name in lower-case words joined by `-`, e.g. `valid-until`.
    public let name: String
    /// Whether the CLI takes it as an option (`--name`) rather than a positional argument.
    public let isOption: Bool

    public init(_ name: String, isOption: Bool) {
        self.name = name
        self.isOption = isOption
    }

    /// A positional argument, such as the login of `user add`.
    public init(stringLiteral name: String) {
        self.init(name, isOption: false)
    }

    /// An input the CLI takes as an option.
    public static func option(_ name: String) -> Parameter { Parameter(name, isOption: true) }

    /// The name in words, for messages that name no front end.
    public var description: String { name }
}
