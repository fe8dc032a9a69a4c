import ArgumentParser
import Foundation
import SodiumKit
import ZZKTerminal
import ZZKDocuments
import ZZKVault

/// Options every command that opens a vault shares.
struct VaultOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The vault folder (default: $ZZK_VAULT).", valueName: "DIR"),
        completion: .directory)
    var vault: String?

    @Option(name: .long, help: ArgumentHelp("Your login (default: $ZZK_USER).", valueName: "LOGIN"))
    var user: String?

    @Option(name: .long, help: ArgumentHelp(
        "Read your passphrase from this file (default: $ZZK_PASSPHRASE, else ask).", valueName: "FILE"),
        completion: .file())
    var passphraseFile: String?

    @Option(name: .long, help: ArgumentHelp(
        "The IOD's witness folder (default: $ZZK_WITNESS): the vault refuses to open below its newest "
            + "witnessed checkpoint.",
        valueName: "DIR"), completion: .directory)
    var witness: String?

    /// Whether a vault folder is named, by `--vault` or `ZZK_VAULT`.
    var namesVault: Bool {
        !(vault ?? ProcessInfo.processInfo.environment["ZZK_VAULT"] ?? "").isEmpty
    }

    var vaultURL: URL {
        get throws {
            guard let path = vault ?? ProcessInfo.processInfo.environment["ZZK_VAULT"], !path.isEmpty else {
                throw CommandFailure(message: "no vault given: add --vault DIR or set ZZK_VAULT=DIR", exitCode: 2)
            }
            return URL(fileURLWithPath: path)
        }
    }

    var login: String {
        get throws {
            guard let login = user ?? ProcessInfo.processInfo.environment["ZZK_USER"], !login.isEmpty else {
                throw CommandFailure(message: "no user given: add --user LOGIN or set ZZK_USER=LOGIN", exitCode: 2)
            }
            return login
        }
    }

    /// The IOD's witness folder, from `--witness` or `ZZK_WITNESS`.
    var witnessFolder: URL? {
        guard let folder = witness ?? ProcessInfo.processInfo.environment["ZZK_WITNESS"], !folder.isEmpty else { return nil }
        return URL(fileURLWithPath: folder)
    }

    /// Opens the vault, checked against the witness folder when one is given.
    func openVault() throws -> Vault {
        let vault = try Vault.open(at: try vaultURL, noticeTexts: NoticeRenderer.textSource)
        if let witnessFolder { _ = try vault.checkWitnessed(in: witnessFolder) }
        return vault
    }

    /// Opens the vault and unlocks the acting user.
    func session() throws -> Session {
        let vault = try openVault()
        let login = try self.login
        let source = PassphraseSource.Options(
            file: passphraseFile, environmentVariable: "ZZK_PASSPHRASE", prompt: "Passphrase for \(login): ",
            confirm: false)
        // A passphrase mistyped on the terminal may be typed again, twice; every failure is audited.
        let tries = PassphraseSource.asksTerminal(source) ? 3 : 1
        for attempt in 1... {
            let passphrase = try PassphraseSource.read(source, what: "passphrase")
            do {
                return try vault.unlock(login: login, passphrase: passphrase)
            } catch {
                guard case .wrongPassphrase = error, attempt < tries else { throw error }
                let left = tries - attempt
                FileHandle.standardError.write(Data(
                    "Wrong passphrase (recorded in the audit log); \(left) more \(left == 1 ? "try" : "tries").\n"
                        .utf8))
            }
        }
        fatalError("unreachable")
    }
}

/// Options for commands that set a new passphrase.
struct NewPassphraseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Read the new passphrase from this file (default: $ZZK_NEW_PASSPHRASE, else ask twice).", valueName: "FILE"),
        completion: .file())
    var newPassphraseFile: String?

    @Option(name: .long, help: ArgumentHelp("Argon2id cost profile: interactive (default for new users; passwd keeps the current one), moderate, sensitive, or test (insecure, for tests only).", valueName: "PROFILE"))
    var kdf: Argon2id.Profile?

    /// The chosen profile, or `interactive` for a new slot.
    var profile: Argon2id.Profile { kdf ?? .interactive }

    func read(for login: String) throws -> SecureBytes {
        try PassphraseSource.read(
            .init(file: newPassphraseFile, environmentVariable: "ZZK_NEW_PASSPHRASE", prompt: "New passphrase for \(login): ", confirm: true),
            what: "new passphrase")
    }
}

extension Argon2id.Profile: ExpressibleByArgument {}
extension Role: ExpressibleByArgument {}
extension Relation: ExpressibleByArgument {}
extension PolicyAction: ExpressibleByArgument {}
extension Notice.Method: ExpressibleByArgument {}
extension Notice.ExemptionGround: ExpressibleByArgument {}
extension NoticeGate: ExpressibleByArgument {}
