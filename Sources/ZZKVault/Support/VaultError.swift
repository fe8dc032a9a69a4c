/// Everything that can go wrong in the vault, with a message a social worker can act on.
///
/// Each case says what failed, where (path, field id, person id, line) and how to fix it.
/// Messages never contain plaintext personal data, passphrases or key bytes: only ids,
/// field ids, codes and paths. ``exitCode`` is the documented process exit status.
public enum VaultError: Error, Equatable, Sendable, CustomStringConvertible {
    // MARK: Setup and files
    /// No vault at the path.
    case vaultNotFound(path: String)
    /// `init` was asked to create a vault where one (or other files) already exists.
    case vaultAlreadyExists(path: String)
    /// A key file or the Keys folder is readable by group or others, or is a symlink.
    case insecurePermissions(path: String, mode: String, fix: String)
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
    case roleNotAllowed(login: String, role: String, operation: String, hint: String)
    /// A login, name or other argument is malformed.
    case invalidArgument(name: String, reason: String)

    // MARK: Data
    /// One or more field values were rejected; nothing was written.
    case invalidFields([FieldProblem])
    /// No such person.
    case unknownPerson(id: String)
    /// No such household.
    case unknownHousehold(id: String)
    /// No such purpose in the vault's purpose list.
    case unknownPurpose(id: String, suggestion: String?)
    /// No such cooperant, consent, team or team request (`kind` names which), with how to list them.
    case unknownRecord(kind: String, id: String, hint: String)
    /// The record exists but is in a state that forbids the operation (e.g. withdrawing a
    /// consent twice, adding a member to a closed team); `fix` says what would work.
    case invalidState(what: String, fix: String)

    // MARK: Access
    /// Access was refused; the refusal was written to the audit log.
    case accessDenied(login: String, personID: String?, reason: String)
    /// A cooperation step was refused because a legal precondition does not hold (no
    /// consent or statute, a withdrawn cooperant, an expired authorisation); audited.
    case notPermitted(operation: String, reason: String, fix: String)

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
        case .accessDenied, .roleNotAllowed, .notPermitted: return 3
        case .integrityFailure: return 4
        default: return 1
        }
    }

    public var description: String {
        switch self {
        case let .vaultNotFound(path):
            return "no vault at '\(path)'. Create one with: zzk init --vault \(path) --admin LOGIN, or point --vault / ZZK_VAULT at an existing vault folder."
        case let .vaultAlreadyExists(path):
            return "'\(path)' already exists and is not empty; zzk init only creates a new vault. Choose a new folder, or open the existing vault with --vault \(path)."
        case let .insecurePermissions(path, mode, fix):
            return "'\(path)' has permissions \(mode), which lets other accounts on this machine read vault secrets; refusing to use it. Fix with: \(fix)"
        case let .fileError(path, reason):
            return "cannot use '\(path)': \(reason)"
        case let .policyInvalid(file, line, column, reason):
            return "\(file):\(line):\(column): \(reason)"
        case let .unknownUser(login):
            return "no user '\(login)' in this vault. List users with: zzk user list; an administrator adds one with: zzk user add \(login) --role ROLE --name NAME"
        case let .userExists(login):
            return "user '\(login)' already exists; choose another login"
        case let .wrongPassphrase(login):
            return "wrong passphrase for user \(login) (the failed attempt was recorded in the audit log)"
        case let .passphraseMissing(what):
            return "no \(what) given: run in a terminal to be asked, or use --\(what == "new passphrase" ? "new-passphrase-file" : "passphrase-file") FILE, or set \(what == "new passphrase" ? "ZZK_NEW_PASSPHRASE" : "ZZK_PASSPHRASE")"
        case let .passphraseRejected(reason):
            return "new passphrase rejected: \(reason)"
        case let .roleNotAllowed(login, role, operation, hint):
            return "user \(login) (role \(role)) may not \(operation). \(hint)"
        case let .invalidArgument(name, reason):
            return "invalid \(name): \(reason)"
        case let .invalidFields(problems):
            let lines = problems.map { "  - \($0)" }.joined(separator: "\n")
            return "\(problems.count == 1 ? "a field value was" : "\(problems.count) field values were") rejected; nothing was written:\n\(lines)"
        case let .unknownPerson(id):
            return "no person '\(id)' in this vault. Find people with: zzk person find --surname - (reads the surname from standard input) or zzk person list"
        case let .unknownHousehold(id):
            return "no household '\(id)' in this vault. List households with: zzk household list"
        case let .unknownPurpose(id, suggestion):
            let hint = suggestion.map { " Did you mean '\($0)'?" } ?? ""
            return "unknown purpose '\(id)'.\(hint) The purposes are listed in the vault's Policies/purposes.yaml."
        case let .unknownRecord(kind, id, hint):
            return "no \(kind) '\(id)' in this vault. \(hint)"
        case let .invalidState(what, fix):
            return "\(what). \(fix)"
        case let .notPermitted(operation, reason, fix):
            return "cannot \(operation): \(reason). \(fix) (the refusal was recorded in the audit log)"
        case let .accessDenied(login, personID, reason):
            return "access denied for \(login)\(personID.map { " to person \($0)" } ?? ""): \(reason) (the refusal was recorded in the audit log)"
        case let .malformedID(kind, example):
            return "that is not a \(kind) id; \(kind) ids look like \(example) (the value given is not repeated here in case it was personal data)"
        case let .resourceExhausted(detail):
            return "not enough memory or resources: \(detail); close other programs or choose a cheaper --kdf profile, then try again"
        case .sessionEnded:
            return "your session has ended (logged out or expired) and its keys were erased; log in again"
        case .vaultKeyRotated:
            return "an administrator rotated the vault key while this command ran; nothing was changed — run the command again"
        case let .integrityFailure(object, detail):
            return "integrity failure in \(object): \(detail). The vault may have been tampered with or damaged; do not change it further and tell your data protection officer (IOD)."
        }
    }
}
