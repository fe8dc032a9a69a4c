/// Everything that can go wrong in the vault, with a message a social worker can act on.
///
/// Each case says what failed and where (path, field id, person id, line) in ``message(naming:)``,
/// and how to fix it as data in ``remedy``: words that name no command, and the operation to
/// take next, which each front end renders its own way (the CLI as a command line, the server
/// as a link). Messages never contain plaintext personal data, passphrases or key bytes: only
/// ids, field ids, codes and paths. ``exitCode`` is the documented process exit status.
public enum VaultError: Error, Equatable, Sendable, CustomStringConvertible {
    // MARK: Setup and files
    /// No vault at the path.
    case vaultNotFound(path: String)
    /// `init` was asked to create a vault where one (or other files) already exists.
    case vaultAlreadyExists(path: String)
    /// A key file or the Keys folder is readable by group or others, or is a symlink.
    case insecurePermissions(path: String, mode: String, remedy: Remedy)
    /// A file could not be read or written.
    case fileError(path: String, reason: String)
    /// A policy or catalogue file failed to load.
    case policyInvalid(file: String, line: Int, column: Int, reason: String)

    // MARK: Users and authentication
    /// No such user in this vault.
    case unknownUser(login: String)
    /// A user with this login exists already.
    case userExists(login: String)
    /// The passphrase did not unlock the user's key.
    case wrongPassphrase(login: String)
    /// No passphrase source was available.
    case passphraseMissing(what: String)
    /// A new passphrase was rejected (too short, mismatched, invalid).
    case passphraseRejected(reason: String)
    /// The user's role does not allow the operation at all.
    case roleNotAllowed(login: String, role: String, operation: String, remedy: Remedy)
    /// A login, name or other argument is malformed.
    case invalidArgument(name: Parameter, reason: String)

    // MARK: Data
    /// One or more field values were rejected; nothing was written.
    case invalidFields([FieldProblem])
    /// No such person.
    case unknownPerson(id: String)
    /// No such household.
    case unknownHousehold(id: String)
    /// No such purpose in the vault's purpose list; `known` lists the vault's purposes.
    case unknownPurpose(id: String, suggestion: String?, known: [String] = [])
    /// No such cooperant, consent, team or team request (`kind` names which), with how to list them.
    case unknownRecord(kind: String, id: String, remedy: Remedy)
    /// The record exists but is in a state that forbids the operation (e.g. withdrawing a
    /// consent twice, adding a member to a closed team); `remedy` says what would work.
    case invalidState(what: String, remedy: Remedy)

    // MARK: Access
    /// Access was refused; the refusal was written to the audit log. `explain` is the
    /// decision on the first refused field, for the user to see why, condition by condition.
    case accessDenied(login: String, personID: String?, reason: String, explain: NextStep? = nil)
    /// A cooperation step was refused because a legal precondition does not hold (no
    /// consent or statute, a withdrawn cooperant, an expired authorisation); audited.
    case notPermitted(operation: String, reason: String, remedy: Remedy)
    /// The account may not work now; audited. Waiting for approval or for the vault key is told
    /// only after the passphrase opened the slot; a disabled account is refused before (its slot
    /// is wiped), so the server answers that one like a wrong passphrase.
    case accountUnavailable(login: String, why: AccountUnavailability)

    /// A person or household id that does not have the shape of one (not echoed back).
    case malformedID(kind: String, example: String)
    /// The machine ran out of memory or another resource (not tampering).
    case resourceExhausted(detail: String)
    /// The vault key was rotated while this command ran; nothing was changed.
    case vaultKeyRotated
    /// The working session ended (logout or expiry) and its keys were erased; log in again.
    case sessionEnded

    // MARK: Integrity
    /// Stored data failed authentication or a consistency check: tampering or corruption.
    case integrityFailure(object: String, detail: String)

    /// The process exit status for this error: 1 error, 3 access denied, 4 integrity failure.
    public var exitCode: Int32 {
        switch self {
        case .accessDenied, .roleNotAllowed, .notPermitted, .accountUnavailable: return 3
        case .integrityFailure: return 4
        default: return 1
        }
    }

    /// What failed and where, naming inputs with `naming` (the CLI says `--until`, the API `until`).
    public func message(naming name: (Parameter) -> String) -> String {
        switch self {
        case let .vaultNotFound(path):
            return "no vault at '\(path)'"
        case let .vaultAlreadyExists(path):
            return "'\(path)' already exists and is not empty; a new vault is only created in a new folder"
        case let .insecurePermissions(path, mode, _):
            return "'\(path)' has permissions \(mode), which lets other accounts on this machine read vault secrets; "
                + "refusing to use it"
        case let .fileError(path, reason):
            return "cannot use '\(path)': \(reason)"
        case let .policyInvalid(file, line, column, reason):
            return "\(file):\(line):\(column): \(reason)"
        case let .unknownUser(login):
            return "no user '\(login)' in this vault"
        case let .userExists(login):
            return "user '\(login)' already exists; choose another login"
        case let .wrongPassphrase(login):
            return "wrong passphrase for user \(login) (the failed attempt was recorded in the audit log)"
        case let .passphraseMissing(what):
            return "no \(what) given"
        case let .passphraseRejected(reason):
            return "new passphrase rejected: \(reason)"
        case let .roleNotAllowed(login, role, operation, _):
            return "user \(login) (role \(role)) may not \(operation)"
        case let .invalidArgument(parameter, reason):
            return "invalid \(name(parameter)): \(reason)"
        case let .invalidFields(problems):
            let count = problems.count == 1 ? "a field value was" : "\(problems.count) field values were"
            return "\(count) rejected; nothing was written:\n" + Self.summary(of: problems, naming: name)
        case let .unknownPerson(id):
            return "no person '\(id)' in this vault"
        case let .unknownHousehold(id):
            return "no household '\(id)' in this vault"
        case let .unknownPurpose(id, suggestion, known):
            return "unknown purpose '\(id)'" + (suggestion.map { ". Did you mean '\($0)'?" } ?? "")
                + (known.isEmpty ? "" : " The vault's purposes: \(known.joined(separator: ", "))")
        case let .unknownRecord(kind, id, _):
            return "no \(kind) '\(id)' in this vault"
        case let .invalidState(what, _):
            return what
        case let .notPermitted(operation, reason, _):
            return "cannot \(operation): \(reason) (the refusal was recorded in the audit log)"
        case let .accountUnavailable(login, why):
            let reason = switch why {
            case .disabled: "the account \(login) was disabled"
            case .awaitingApproval: "the account \(login) waits for a second person's approval"
            case .vaultKeyPending:
                "the vault key has not reached the account \(login) yet (a key rotation came while it waited for approval)"
            }
            return "cannot log in: \(reason) (the refusal was recorded in the audit log)"
        case let .accessDenied(login, personID, reason, _):
            return "access denied for \(login)\(personID.map { " to person \($0)" } ?? ""): \(reason) "
                + "(the refusal was recorded in the audit log)"
        case let .malformedID(kind, example):
            return "that is not a \(kind) id; \(kind) ids look like \(example) "
                + "(the value given is not repeated here in case it was personal data)"
        case let .resourceExhausted(detail):
            return "not enough memory or resources: \(detail)"
        case .sessionEnded:
            return "your session has ended (logged out or expired) and its keys were erased"
        case .vaultKeyRotated:
            return "an administrator rotated the vault key while this ran; nothing was changed"
        case let .integrityFailure(object, detail):
            return "integrity failure in \(object): \(detail). The vault may have been tampered with or damaged"
        }
    }

    /// What to do about it, if anything can be done.
    public var remedy: Remedy? {
        switch self {
        case let .vaultNotFound(path):
            return Remedy("Create a vault there, or name the folder of an existing vault", .createVault(path: path))
        case let .vaultAlreadyExists(path):
            return Remedy("Choose a new folder, or open the existing vault", .openVault(path: path))
        case let .insecurePermissions(_, _, remedy), let .roleNotAllowed(_, _, _, remedy),
             let .unknownRecord(_, _, remedy), let .invalidState(_, remedy), let .notPermitted(_, _, remedy):
            return remedy
        case let .unknownUser(login):
            return Remedy("Check the login in the list of users; an administrator adds a new one",
                          .addUser(login: login))
        case .passphraseMissing:
            return Remedy("Give the passphrase when asked, or from a file only its owner can read")
        case .unknownPerson:
            return Remedy("Find the person by surname or PESEL (the surname is read from standard input)", .findPerson)
        case .unknownHousehold:
            return Remedy("List the households", .listHouseholds)
        case .unknownPurpose:
            return Remedy("Choose one of the vault's purposes", .listPurposes)
        case .resourceExhausted:
            return Remedy("Close other programs or choose a cheaper key-derivation profile, then try again")
        case let .accountUnavailable(login, why):
            switch why {
            case .disabled:
                return Remedy("Ask an administrator if this is a mistake; a disabled account is not enabled again — "
                              + "they add a new login")
            case .awaitingApproval:
                return Remedy("Ask the IOD or a custodian other than the administrator who added you to run "
                              + "zzk user approve \(login)")
            case .vaultKeyPending:
                return Remedy("It reaches you when another custodian next signs in; ask one to, then try again")
            }
        case .sessionEnded:
            return Remedy("Log in again")
        case .vaultKeyRotated:
            return Remedy("Do it again")
        case .integrityFailure:
            return Remedy("Do not change the vault further and tell your data protection officer (IOD), "
                          + "who verifies the audit log", .verifyAudit)
        case .fileError, .policyInvalid, .userExists, .wrongPassphrase, .passphraseRejected, .invalidArgument,
             .invalidFields, .malformedID:
            return nil
        case let .accessDenied(_, _, _, explain):
            return explain.map { Remedy("See why, condition by condition", $0) }
        }
    }

    /// The message and the remedy's advice, in words that name no front end.
    public var description: String {
        let text = message(naming: \.description)
        guard let remedy else { return text }
        return "\(text). \(remedy.advice)."
    }
}
