/// What a person can do about an error or a refusal, as data.
///
/// ``advice`` says it in words that name no command, option or address; ``step``, when there
/// is one, is the vault operation to take next. Each front end renders the step its own way:
/// the CLI as a command line, the server as a link to the resource (or, in the pages, a form).
public struct Remedy: Equatable, Sendable {
    /// What to do, in a clause that fits every front end (no closing full stop).
    public var advice: String
    /// The operation that does it, if the vault offers one.
    public var step: NextStep?

    /// A remedy; a full stop at the end of `advice` is dropped, so front ends can go on after it.
    public init(_ advice: String, _ step: NextStep? = nil) {
        self.advice = advice.hasSuffix(".") ? String(advice.dropLast()) : advice
        self.step = step
    }
}
