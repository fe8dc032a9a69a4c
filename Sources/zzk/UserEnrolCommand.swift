import ArgumentParser
import ZZKTerminal
import ZZKVault

struct UserEnrolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrol",
        abstract: "Redeem your one-time enrolment code and choose your own passphrase.",
        discussion: """
            The code is the one an administrator printed with 'zzk user add … --enrol'; it is read from \
            --code-file, $ZZK_ENROLMENT_CODE or the terminal, never from the command line. A custodian \
            or IOD account then waits until the IOD or another custodian runs 'zzk user approve LOGIN'.
            """)

    @Argument(help: "Your login.") var login: String
    @Option(name: .long, help: ArgumentHelp(
        "Read the one-time code from this file (default: $ZZK_ENROLMENT_CODE, else ask).", valueName: "FILE"),
        completion: .file())
    var codeFile: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var newPassphrase: NewPassphraseOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let vault = try options.openVault()
        let code = try PassphraseSource.read(
            .init(file: codeFile, environmentVariable: "ZZK_ENROLMENT_CODE", prompt: "One-time code for \(login): ", confirm: false),
            what: "enrolment code")
        let text = code.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
        do {
            try vault.enrol(login: login, code: text, newPassphrase: try newPassphrase.read(for: login))
        } catch VaultError.wrongPassphrase {
            // The vault answers a wrong code like a wrong passphrase; here it is a code.
            throw CommandFailure(message: "the login or the one-time code is wrong, or the code was used already "
                                 + "(the attempt was recorded in the audit log); check both, or ask an administrator "
                                 + "for a new code")
        }
        let waiting = try vault.awaitsApproval(login)
        if output.json { return try Output.json(EnrolReport(login: login, awaitingApproval: waiting)) }
        print("Enrolled \(login) with your own passphrase.")
        if waiting { print("Your account waits for approval: ask the IOD or a custodian to run 'zzk user approve \(login)'.") }
    }

    private struct EnrolReport: Encodable {
        var login: String
        var awaitingApproval: Bool

        enum CodingKeys: String, CodingKey {
            case login, awaitingApproval = "awaiting_approval"
        }
    }
}
