import Foundation
import GRDB
import SodiumKit

extension Session {
    /// Adds a staff user (administrators only).
    ///
    /// Only specialists are added with a passphrase this way (they hand it over sealed);
    /// custodians and the IOD are invited with a one-time code (``inviteUser(login:role:name:cooperantID:profile:now:)``)
    /// and approved by a second person (``approveUser(_:)``). Specialists get only their key
    /// pair and must name their cooperant.
    public func addUser(
        login: String, role: Role, name: String, cooperantID: String?, passphrase: SecureBytes,
        profile: Argon2id.Profile = .interactive
    ) throws(VaultError) {
        let name = try checkNewUser(login: login, role: role, name: name, cooperantID: cooperantID)
        try vault.checkProfile(profile)
        if role.needsSecondPerson {
            // A passphrase the administrator chose would let them work as the new custodian or IOD.
            try vault.recordAndThrow(
                AuditDraft(actor: user.login, action: "user.add", decision: .denied,
                           detail: "login=\(login) role=\(role.rawValue) reason=passphrase_by_admin"),
                .notPermitted(
                    operation: "add a \(role.rawValue) with a passphrase you choose",
                    reason: "custodians and the IOD choose their own passphrase through a one-time code, "
                        + "and another person approves their account",
                    remedy: Remedy("Add them with a code: zzk user add \(login) --role \(role.rawValue) --name NAME --enrol; "
                                   + "they run zzk user enrol \(login), then the IOD or another custodian runs "
                                   + "zzk user approve \(login).")))
        }
        try PassphrasePolicy.check(passphrase)
        let keyring = try requireKeyring("add users")
        try vault.write(keyring: keyring) { db, audit in
            if try UserStore.fetch(db, login: login) != nil { throw VaultError.userExists(login: login) }
            try UserStore.insert(db, login: login, role: role, name: name, cooperantID: cooperantID, passphrase: passphrase, profile: profile, keyring: keyring,
                                 now: vault.clock.now)
            try audit.append(AuditDraft(actor: user.login, action: "user.add", detail: "login=\(login) role=\(role.rawValue)"), in: db)
            if role == .dpo { try publishRegistry(db, audit, keyring: keyring) }
        }
    }

    /// Checks a new user's login, role, name and cooperant (administrators only); the validated name.
    func checkNewUser(login: String, role: Role, name: String, cooperantID: String?) throws(VaultError) -> String {
        try requireRole([.admin], operation: "add users", action: "user.add", hint: "Ask an administrator to add the user.")
        try User.validateLogin(login)
        let name = try StaffName.validate(name)
        if role == .specialist {
            guard let cooperantID, !cooperantID.isEmpty else {
                throw .invalidArgument(name: .option("cooperant"), reason: "a specialist works for a cooperant: name it by the institution's id in the PZK registry")
            }
            try Self.validateCooperantID(cooperantID)
        } else if cooperantID != nil {
            throw .invalidArgument(name: .option("cooperant"), reason: "only specialists are linked to a cooperant; name no cooperant for role \(role.rawValue)")
        }
        return name
    }

    /// All users. Display names are decrypted for custodians and nil for everyone else.
    public func listUsers() throws(VaultError) -> [User] {
        try vault.write(keyring: keyring) { db, audit in
            let records = try UserStore.fetchAll(db)
            try audit.append(AuditDraft(actor: user.login, action: "user.list"), in: db)
            let disabled = try UserStore.disabledLogins(db)
            let waiting = try UserStore.awaitingApproval(db)
            return try records.map { record in
                User(login: record.login, role: record.role,
                     name: disabled.contains(record.login) && record.nameSealed.isEmpty
                        ? nil : try keyring.map { try Vault.openStaffName(db, record, keyring: $0) },
                     cooperantID: record.cooperantID, createdAt: Timestamp.date(record.createdAt) ?? Date(timeIntervalSince1970: 0),
                     awaitingApproval: waiting[record.login] != nil)
            }
        }
    }

    /// Replaces the acting user's passphrase (the key pair and every slot sealed to it stay).
    public func changePassphrase(to newPassphrase: SecureBytes, profile: Argon2id.Profile? = nil) throws(VaultError) {
        if let profile { try vault.checkProfile(profile) }
        try PassphrasePolicy.check(newPassphrase)
        try vault.write { db, audit in
            guard let record = try UserStore.fetch(db, login: user.login) else { throw VaultError.unknownUser(login: user.login) }
            let slot = try UserKeySlot.create(
                secretKey: keyPair.secretKey, publicKey: keyPair.publicKey, login: user.login, passphrase: newPassphrase,
                profile: profile ?? vault.atFloor(record.slot.profile), changes: record.slot.changes + 1)
            try UserStore.replaceSlot(db, login: user.login, with: slot)
            try audit.append(AuditDraft(actor: user.login, action: "user.passwd", detail: "kdf=\(slot.profile.rawValue)"), in: db)
        }
    }

    static func validateCooperantID(_ id: String) throws(VaultError) {
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        guard (1...40).contains(id.count), id.allSatisfy({ allowed.contains($0) }) else {
            throw .invalidArgument(name: .option("cooperant"), reason: "a cooperant id has 1–40 letters, digits, '-' or '_'")
        }
    }
}
