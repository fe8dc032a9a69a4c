extension VaultError {
    /// How many rejected values are listed one by one before the rest is summarised.
    static let listedProblems = 20

    /// The rejected values as lines: the first ``listedProblems`` with where they were, then —
    /// for a long list, such as an import of 20 000 rows with one wrong code — how many of each
    /// field and reason, the most frequent first, so the output stays under 40 lines.
    static func summary(of problems: [FieldProblem], naming name: (Parameter) -> String) -> String {
        var lines = problems.prefix(listedProblems).map { "  - \($0.rendered(naming: name))" }
        guard problems.count > listedProblems else { return lines.joined(separator: "\n") }
        let groups = Dictionary(grouping: problems) { "\($0.parameter.map(name) ?? $0.field): \($0.reason)" }
            .sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key < $1.key }
        lines.append("  … and \(problems.count - listedProblems) more. All \(problems.count), by field and reason:")
        lines += groups.prefix(15).map { "  \($0.value.count) × \($0.key)" }
        if groups.count > 15 { lines.append("  (and \(groups.count - 15) other kinds of problem)") }
        return lines.joined(separator: "\n")
    }
}
