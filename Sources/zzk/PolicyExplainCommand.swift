import ArgumentParser
import ZZKVault

struct PolicyExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Why a user may or may not read (or write) a field for a purpose in this vault.",
        discussion: "Prints the decision, the rules that decided it and every condition with its value, as the vault would compute them now.")
    @Option(name: .long, help: ArgumentHelp("The user whose access to explain.", valueName: "LOGIN")) var actor: String
    @Option(name: .long, help: ArgumentHelp("Field id, e.g. health.diagnosis.", valueName: "FIELD"),
        completion: PolicyCompletion.fields)
    var field: String
    @Option(name: .long, help: ArgumentHelp("Purpose id.", valueName: "PURPOSE"), completion: PolicyCompletion.purposes)
    var purpose: String
    @Option(name: .long, help: "read (default) or write.") var action: PolicyAction = .read
    @Option(name: .long, help: ArgumentHelp("The person concerned (person-specific facts: team, consent, restriction).",
                                            valueName: "ID"),
        transform: RecordID.normalised)
    var person: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let explanation = try options.session().explain(actor: actor, action: action, fieldID: field, purpose: purpose, personID: person)
        if output.json { return try Output.json(explanation) }
        let d = explanation
        print("\(d.allowed ? "ALLOW" : "DENY") — \(d.actor) (\(d.principals.joined(separator: ", "))) \(d.action == .read ? "reading" : "writing") \(d.field) for \(d.purpose)")
        if let person = d.person { print("facts of person \(person)") }
        if let note = d.note { print("refused: \(note)") }
        print("decided by: \(d.rules.isEmpty ? "no matching rule (default deny)" : d.rules.joined(separator: ", ")) [\(d.reason)]")
        for rule in d.ruleDetails { print("  \(rule.id) (\(rule.effect), \(rule.location)): \(rule.why)") }
        print("conditions:")
        for (name, value) in d.conditions.sorted(by: { $0.key < $1.key }) { print("  \(value ? "true " : "false") \(name)") }
        print("policy \(d.policyHash)")
    }
}
