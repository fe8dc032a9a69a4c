import ArgumentParser
import Foundation
import ZZKVault

extension Consent.GivenBy: ExpressibleByArgument {}
extension Consent.Form: ExpressibleByArgument {}

struct ConsentRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Record a consent given at the consent meeting; prints its id.",
        discussion: """
            Example: zzk consent record --person P-7K3M9Q2X --cooperants PUP-ZIELONA-LAKA,SP2-ZIELONA-LAKA \
            --categories identity,contact,work,education --purposes zzk_coordination,employment_activation \
            --text-version ZZK-zgoda-2026-01 --text-file zgoda.txt --evidence skan.pdf --valid-from 2026-11-23
            A minor's or incapacitated person's consent: --given-by legal_representative --details-from FILE with
            representative=… and child_view=… lines (kept out of the process list), and representative_id=P-… when the
            representative is a person of the vault: one recorded as suspected of domestic violence cannot consent.
            A representative's consent for a minor ends the day before the 18th birthday.
            """)
    @Option(name: .long, help: ArgumentHelp("Whose consent.", valueName: "ID"), transform: RecordID.normalised)
    var person: String
    @Option(name: .long, help: "person (default) or legal_representative.") var givenBy: Consent.GivenBy = .person
    @Option(name: .long, help: ArgumentHelp("Cooperant ids the data may go to, comma-separated, or '*'.", valueName: "IDS")) var cooperants: String
    @Option(name: .long, help: ArgumentHelp(
        "Field categories, comma-separated (see the policy's fields.yaml), or '*' for all but art. 10.",
        valueName: "IDS"), completion: PolicyCompletion.categoryList)
    var categories: String
    @Option(name: .long, help: ArgumentHelp("Purposes, comma-separated.", valueName: "IDS"),
        completion: PolicyCompletion.purposeList)
    var purposes: String
    @Flag(name: .long, help: "Explicit consent for the special-category (art. 9) data listed (art. 9(2)(a)).") var explicit = false
    @Flag(name: .long, help: "The meeting also delivered the art. 14 notices of the cooperants named (otherwise each grant waits for its notice).") var noticesDelivered = false
    @Option(name: .long, help: "written (default) or electronic.") var form: Consent.Form = .written
    @Option(name: .long, help: "Version label of the consent form, e.g. ZZK-zgoda-2026-01.") var textVersion: String
    @Option(name: .long, help: ArgumentHelp(
        "The exact text the person signed; its SHA-256 is recorded.", valueName: "FILE"),
        completion: .file())
    var textFile: String
    @Option(name: .long, help: ArgumentHelp(
        "Scan of the signed form, stored encrypted with its SHA-256 (at most 20 MB).", valueName: "FILE"),
        completion: .file())
    var evidence: String?
    @Option(name: .long, help: ArgumentHelp(
        "representative=… and child_view=… lines; '-' for standard input.", valueName: "FILE"),
        completion: .file())
    var detailsFrom: String?
    @Option(name: .long, help: ArgumentHelp("First day of validity (default: today).", valueName: "YYYY-MM-DD")) var validFrom: String?
    @Option(name: .long, help: ArgumentHelp("Last day of validity (default: until withdrawn).", valueName: "YYYY-MM-DD")) var validUntil: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        func list(_ text: String) -> [String] { text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        var draft = ConsentDraft(personID: person, cooperants: list(cooperants), categories: list(categories), purposes: list(purposes),
                                 textVersion: textVersion, text: try TextSource.bytes(textFile, maximum: 1 << 20), validFrom: validFrom ?? "")
        draft.givenBy = givenBy
        draft.explicit = explicit
        draft.noticesDelivered = noticesDelivered
        draft.form = form
        draft.validUntil = validUntil
        draft.evidence = try evidence.map { try TextSource.bytes($0, maximum: Session.maximumEvidenceSize) }
        if let detailsFrom {
            let details = try TextSource.pairs(detailsFrom, allowed: ["representative", "representative_id", "child_view"])
            draft.representative = details["representative"]
            draft.representativeID = details["representative_id"]
            draft.childView = details["child_view"]
        }
        let session = try options.session()
        if validFrom == nil { draft.validFrom = session.vault.clock.today }
        let id = try session.recordConsent(draft)
        let keys = try Self.memberKeys(session, person: person)
        if output.json { return try Output.json(Recorded(id: id, keys: keys)) }
        print(id)
        for member in keys {
            print("  keys of \(member.member) in \(member.team) for \(person):")
            print(TeamAddMemberCommand.text(member.decisions).split(separator: "\n")
                .map { "  " + $0 }.joined(separator: "\n"))
        }
    }

    /// What `--json` prints: the consent's id and, per specialist of an open team about the
    /// person, the keys they hold now (the same shape as `team add-member --json`).
    struct Recorded: Encodable {
        struct MemberKeys: Encodable {
            var team: String
            var member: String
            var keys: [TeamAddMemberCommand.Report.Key]
        }
        var id: String
        var keys: [MemberKeys]

        init(id: String, keys: [(team: String, member: String, decisions: [KeyDecision])]) {
            self.id = id
            self.keys = keys.map {
                MemberKeys(team: $0.team, member: $0.member,
                           keys: $0.decisions.map(TeamAddMemberCommand.Report.Key.init))
            }
        }
    }

    /// For every specialist of an open team about `person`, the keys to the person's data they
    /// hold after the consent, and what the others still need.
    static func memberKeys(_ session: Session, person: String) throws
        -> [(team: String, member: String, decisions: [KeyDecision])]
    {
        try session.teams(person: person).filter { $0.closedAt == nil }.flatMap { team in
            try team.members.filter { !$0.removed && $0.role == Role.specialist.rawValue }.map { member in
                (team.id, member.login,
                 try session.keyReport(team.id, login: member.login).filter { $0.personID == person })
            }
        }
    }
}
