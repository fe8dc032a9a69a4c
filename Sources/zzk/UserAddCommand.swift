import ArgumentParser
import Foundation
import ZZKVault

struct UserAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a staff user (administrators only).",
        discussion: """
            Custodians (admin, social-worker, network-worker) receive the vault key; a specialist receives a key pair for \
            grants and must name --cooperant; the DPO receives no data key. With --enrol you never learn the user's \
            passphrase: a one-time code is printed (valid 72 hours) that the user redeems with 'zzk user enrol LOGIN' \
            (or on the first-login page of `zzk serve`) to choose their own passphrase. Custodians and the IOD are \
            always added with --enrol, and their account works only after the IOD or another custodian runs \
            'zzk user approve LOGIN' (four eyes; the vault's first IOD needs no approval). Without --enrol, a \
            specialist's passphrase is read as for passwd.
            """)

    @Argument(help: "The new user's login (a–z, 0–9, '.', '-', '_').") var login: String
    @Option(name: .long, help: "admin, social-worker, network-worker, specialist or dpo.") var role: Role
    @Option(name: .long, help: "Display name, e.g. \"Agnieszka Łęcka\".") var name: String
    @Option(name: .long, help: ArgumentHelp("The specialist's cooperant (institution) id.", valueName: "ID")) var cooperant: String?
    @Flag(name: .long, help: "Print a one-time enrolment code instead of setting a passphrase.") var enrol = false
    @OptionGroup var options: VaultOptions
    @OptionGroup var newPassphrase: NewPassphraseOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if enrol, newPassphrase.newPassphraseFile != nil {
            throw ValidationError("--enrol and --new-passphrase-file exclude each other: the user sets their own passphrase")
        }
    }

    func run() throws {
        let session = try options.session()
        if enrol {
            let enrolment = try session.inviteUser(login: login, role: role, name: name, cooperantID: cooperant, profile: newPassphrase.profile)
            if output.json { return try Output.json(enrolment) }
            print("Added \(role.rawValue) \(login). One-time enrolment code (shown only now): \(enrolment.code)")
            print("Valid until \(output.times.string(enrolment.validUntil)); hand it to the user in person or by a"
                  + " separate channel.")
            return
        }
        let secret = try newPassphrase.read(for: login)
        try session.addUser(login: login, role: role, name: name, cooperantID: cooperant, passphrase: secret, profile: newPassphrase.profile)
        if output.json { try Output.json(["login": login, "role": role.rawValue]) } else { print("Added \(role.rawValue) \(login).") }
    }
}
