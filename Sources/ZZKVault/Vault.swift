import Foundation
import GRDB
import SodiumKit

/// An encrypted case-data vault in a local folder.
///
/// ```
/// DIR/vault.sqlite      encrypted records, key wraps, the policy's versions, audit log (WAL, synchronous=FULL)
/// DIR/Keys/             audit-signing key pair (folder 0700, secret file 0600)
/// ```
/// Open a vault with ``open(at:)``, then ``unlock(login:passphrase:)`` to act as a user.
///
/// The policy is stored in the database (`policy_versions`), never read from files: an
/// administrator proposes a version, the IOD approves it (``Session/proposePolicy(_:source:)``,
/// ``Session/approvePolicy(hash:)``), and the signed audit log names the version in force. A
/// `Policies/` folder left by an earlier release is ignored (``ignoredPolicyFiles()``).
public final class Vault: Sendable {
    /// The vault folder.
    public let url: URL
    /// The policy in force when this vault was opened: field catalogue, purposes, principals and
    /// rules. A `Vault` keeps it for its lifetime; a version the IOD approves later takes effect
    /// when the vault is next opened (the next `zzk` command, or `zzk serve` restarted).
    public let policy: PolicySet
    /// The compiled policy every read goes through.
    public let evaluator: PolicyEvaluator
    /// This vault's field catalogue.
    public var catalog: FieldCatalog { policy.catalog }
    /// This vault's processing purposes.
    public var purposes: PurposeCatalog { policy.purposes }
    /// Random id of this vault; part of the audit log's origin.
    public let vaultID: String
    /// The audit log's origin line, `zzk.vault/<vault id>`.
    public let origin: String
    /// The Ed25519 public key that signs this vault's checkpoints.
    public let auditPublicKey: [UInt8]
    /// Where every timestamp and every "today" of this vault comes from.
    public let clock: VaultClock
    /// Where new record ids come from.
    public let ids: IDSource
    /// How notice texts are rendered, to keep the one handed over (nil: none is kept).
    public let noticeTexts: NoticeTextSource?
    /// The cheapest Argon2id profile a key slot of this vault may have: `test` only in a vault
    /// created as a test vault (`zzk init --kdf test`, recorded in its signed `vault.init`
    /// entry), `interactive` in every other.
    public let kdfFloor: Argon2id.Profile
    /// Whether this is a test vault, whose key slots may use the insecure `test` profile.
    public var isTestVault: Bool { kdfFloor == .test }

    let database: DatabaseQueue
    let keyDirectory: KeyDirectory
    private let signingKey: SigningKeyCache
    private let committer = GroupCommit()

    static let databaseFile = "vault.sqlite"
    /// Where releases before the policy moved into the database kept it; read once, by the v9 migration.
    static let policyFolderName = "Policies"

    var databaseURL: URL { url.appendingPathComponent(Self.databaseFile) }

    private init(url: URL, database: DatabaseQueue, policy: PolicySet, evaluator: PolicyEvaluator, vaultID: String,
                 auditPublicKey: [UInt8], clock: VaultClock, ids: IDSource, noticeTexts: NoticeTextSource? = nil,
                 kdfFloor: Argon2id.Profile, signingKey: SigningKeyCache = SigningKeyCache()) {
        self.signingKey = signingKey
        self.url = url
        self.kdfFloor = kdfFloor
        self.clock = clock
        self.ids = ids
        self.noticeTexts = noticeTexts
        self.database = database
        self.policy = policy
        self.evaluator = evaluator
        self.vaultID = vaultID
        self.origin = "zzk.vault/\(vaultID)"
        self.auditPublicKey = auditPublicKey
        self.keyDirectory = KeyDirectory(url: url.appendingPathComponent("Keys"))
    }

    deinit {
        // Closed here rather than by the queue's own deinit so that the close is timed.
        PhaseTimings.measure("close") { try? database.close() }
    }

    // MARK: - Opening

    /// Opens an existing vault: checks the folder and key permissions, and loads the active
    /// policy version from the database, checked against the signed audit log (its texts must
    /// hash to the hash the newest `vault.init`/`policy.apply` entry names; otherwise
    /// ``VaultError/integrityFailure(object:detail:)``, exit 4). A vault from the previous
    /// release takes its `Policies/` files in once, if they are the ones its log last recorded.
    ///
    /// `clock` and `ids` are the seams for tests and for a server's schedule; a real vault keeps
    /// the defaults. `noticeTexts` renders notices so the text handed over is kept at delivery.
    public static func open(at url: URL, clock: VaultClock = .system, ids: IDSource = .random,
                            noticeTexts: NoticeTextSource? = nil) throws(VaultError) -> Vault {
        let dbURL = url.appendingPathComponent(databaseFile)
        guard FileManager.default.fileExists(atPath: dbURL.path) else { throw .vaultNotFound(path: url.path) }
        // Like ssh with ~/.ssh: other accounts may not list, enter or change the vault folder.
        try KeyDirectory.checkPrivate(url, directory: true, followingLink: true)
        let keys = KeyDirectory(url: url.appendingPathComponent("Keys"))
        try KeyDirectory.checkPrivate(keys.url, directory: true)
        try keys.checkSigningKey()
        try KeyDirectory.checkPrivate(dbURL, directory: false)
        let database = try PhaseTimings.measure("open") { () throws(VaultError) in
            try VaultDatabase.open(dbURL, policyFolder: url.appendingPathComponent(policyFolderName))
        }
        let checking = DispatchTime.now().uptimeNanoseconds
        let meta: [String: String]
        let initDetail: String?
        let active: PolicyStore.Record
        do {
            (meta, initDetail, active) = try database.read { db in
                try AuditIndexCheck.requireUnfiledIndex(db)
                let metaRows = try Row.fetchAll(db.cachedStatement(sql: "SELECT key, value FROM vault_meta"))
                return (Dictionary(uniqueKeysWithValues: metaRows.map { ($0["key"], $0["value"]) }),
                        try String.fetchOne(db.cachedStatement(sql: """
                            SELECT detail FROM audit_entries
                            WHERE person_id IS NULL AND action = 'vault.init' AND decision = 'allowed' ORDER BY seq LIMIT 1
                            """)),
                        try PolicyStore.checkedActive(db))
            }
        } catch { throw mapError(error, path: dbURL.path) }
        PhaseTimings.add("policy.check", since: checking)
        let kdfFloor: Argon2id.Profile = (initDetail ?? "").split(separator: " ").contains("kdf=test") ? .test : .interactive
        guard let vaultID = meta["vault_id"], let vkey = meta["audit_verifier_key"],
              let parsed = CheckpointNote.parseVerifierKey(vkey), parsed.name == "zzk.vault/\(vaultID)"
        else { throw .integrityFailure(object: "\(dbURL.path) (vault_meta)", detail: "the vault id or audit verifier key is missing or malformed") }
        let signingKey = SigningKeyCache()
        let policy = try PhaseTimings.measure("policy.load") { () throws(VaultError) in
            try loadPolicy(active, database: database, keys: keys, signingKey: signingKey, publicKey: parsed.publicKey)
        }
        let evaluator = PhaseTimings.measure("policy.compile") { PolicyEvaluator(policy: policy) }
        return Vault(url: url, database: database, policy: policy, evaluator: evaluator, vaultID: vaultID,
                     auditPublicKey: parsed.publicKey, clock: clock, ids: ids, noticeTexts: noticeTexts,
                     kdfFloor: kdfFloor, signingKey: signingKey)
    }

    /// The active policy, whose texts ``PolicyStore/checkedActive(_:)`` checked against the signed
    /// log: from ``PolicyCacheStore`` when its row for these texts' hash is sealed under this
    /// vault's audit-signing key, else parsed from the texts (and the row written again, best
    /// effort: a read-only copy of a vault still opens). A signing key other than the vault's own
    /// (the next write refuses it) is not used to check or seal anything.
    private static func loadPolicy(_ active: PolicyStore.Record, database: DatabaseQueue, keys: KeyDirectory,
                                   signingKey: SigningKeyCache, publicKey: [UInt8]) throws(VaultError) -> PolicySet {
        var sealKey: SecureBytes?
        if let signer = try? signingKey.signer(keys), signer.publicKey == publicKey {
            sealKey = try? PolicyCacheStore.sealKey(signer)
        }
        if let sealKey,
           let compiled = try? database.read({ db in try PolicyCacheStore.load(db, hash: active.hash, key: sealKey) }) {
            return compiled.policySet(hash: active.hash, texts: active.texts)
        }
        // A vault never runs on a policy that failed to load; the stored one was parsed when it was approved.
        let policy = try PolicySet.parse(active.texts, directory: "policy \(active.hash.prefix(12))")
        if let sealKey { try? database.write { db in try PolicyCacheStore.store(db, policy, key: sealKey) } }
        return policy
    }

    /// Creates a new vault with its first administrator.
    ///
    /// - Parameters:
    ///   - url: a folder that does not exist yet (or is empty).
    ///   - policies: the four policy files, by file name (`DefaultPolicies.files`): stored in the
    ///     database as the active version, recorded in the `vault.init` entry. No `Policies/`
    ///     folder is written.
    ///   - admin: the first administrator's login and display name.
    ///   - passphrase: the administrator's new passphrase.
    ///   - profile: Argon2id cost profile for the administrator's key slot.
    ///   - clock: where the vault reads the time (tests set it).
    ///   - ids: where the vault draws record ids (tests may seed it).
    public static func create(
        at url: URL, policies: [String: String], adminLogin: String, adminName: String,
        passphrase: SecureBytes, profile: Argon2id.Profile = .interactive, clock: VaultClock = .system, ids: IDSource = .random
    ) throws(VaultError) -> Vault {
        try User.validateLogin(adminLogin)
        let name = try StaffName.validate(adminName)
        try PassphrasePolicy.check(passphrase)
        // Validate the policies before touching the disk.
        let policySet = try PolicySet.parse(policies)

        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        let existed = fm.fileExists(atPath: url.path, isDirectory: &isDirectory)
        if existed {
            let contents = (try? fm.contentsOfDirectory(atPath: url.path)) ?? ["?"]
            guard isDirectory.boolValue, contents.isEmpty else { throw .vaultAlreadyExists(path: url.path) }
            chmod(url.path, 0o700)
        } else if mkdir(url.path, 0o700) != 0 {
            throw .fileError(path: url.path, reason: "cannot create the folder (\(KeyDirectory.errnoText()))")
        }
        do {
            return try populate(url, policies: policySet.texts, policyHash: policySet.hash,
                                categories: FieldFormatMigration.keyedCategories(policySet.catalog).joined(separator: ","),
                                adminLogin: adminLogin,
                                adminName: name, passphrase: passphrase, profile: profile, clock: clock, ids: ids)
        } catch {
            // Leave nothing half-made behind: the folder was empty or absent before.
            if let contents = try? fm.contentsOfDirectory(atPath: url.path) {
                for item in contents { try? fm.removeItem(at: url.appendingPathComponent(item)) }
            }
            if !existed { rmdir(url.path) }
            throw error
        }
    }

    private static func populate(
        _ url: URL, policies: [String: String], policyHash: String, categories: String, adminLogin: String, adminName: String,
        passphrase: SecureBytes, profile: Argon2id.Profile, clock: VaultClock, ids: IDSource
    ) throws(VaultError) -> Vault {
        let vaultID = ids.make(prefix: "V")
        let origin = "zzk.vault/\(vaultID)"
        let keys = KeyDirectory(url: url.appendingPathComponent("Keys"))
        let signer = try keys.create(keyName: origin)
        let dbURL = url.appendingPathComponent(databaseFile)
        let database = try VaultDatabase.open(dbURL, policyFolder: url.appendingPathComponent(policyFolderName))
        // Owner only, whatever the process's umask (SQLite gives its -wal and -shm files the same mode).
        guard chmod(dbURL.path, 0o600) == 0 else { throw .fileError(path: dbURL.path, reason: "cannot restrict the database to its owner") }
        let keyring: VaultKeyring
        do { keyring = try VaultKeyring.generate(epoch: 1) } catch { throw .fileError(path: dbURL.path, reason: "\(error)") }
        let audit = AuditLog(signer: signer, origin: origin, clock: clock)
        do {
            try database.write { db in
                let meta = [
                    ("vault_id", vaultID), ("format", "1"), ("created_at", Timestamp.string(clock.now)),
                    ("vault_key_epoch", "1"), ("surname_folded_index", "1"),
                    ("audit_verifier_key", CheckpointNote.verifierKey(name: origin, publicKey: signer.publicKey)),
                ]
                for (key, value) in meta {
                    try db.cachedStatement(sql: "INSERT INTO vault_meta (key, value) VALUES (?, ?)").execute(arguments: [key, value])
                }
                for name in [VaultSecretName.blindIndex, VaultSecretName.staffDirectory, VaultSecretName.recordSeals] {
                    let secret = try SecureBytes(randomCount: 32)
                    try db.cachedStatement(sql: "INSERT INTO vault_secrets (name, sealed) VALUES (?, ?)").execute(arguments: [name, Data(try keyring.wrapSecret(secret, name: name))])
                }
                try UserStore.insert(
                    db, login: adminLogin, role: .admin, name: adminName, cooperantID: nil,
                    passphrase: passphrase, profile: profile, keyring: keyring, now: clock.now)
                try PolicyStore.insert(db, hash: policyHash, texts: policies, state: .active, proposedBy: adminLogin,
                                       proposedAt: Timestamp.string(clock.now))
                let detail = "vault=\(vaultID) kdf=\(profile.rawValue) policy=\(policyHash) format=2 locators=1 categories=\(categories)"
                try audit.append(AuditDraft(actor: adminLogin, action: "vault.init", detail: detail), in: db)
                try audit.append(AuditDraft(actor: adminLogin, action: "user.add", detail: "login=\(adminLogin) role=admin"), in: db)
                try AuditReaderStore.create(db, keyring: keyring, audit: audit, actor: adminLogin, via: "init")
                try audit.sealCheckpoint(in: db)
            }
        } catch { throw Self.mapError(error, path: dbURL.path) }
        try? database.close()
        return try open(at: url, clock: clock, ids: ids)
    }

    // MARK: - Transactions

    /// Runs `body` in a write transaction and signs a checkpoint over whatever it appended to
    /// the audit log, before committing. Any error rolls back everything `body` did.
    ///
    /// Operations that threads of this process submit at the same time share one transaction
    /// (``GroupCommit``): each runs in its own savepoint, and all of them return only after the
    /// shared commit, so an audit entry is durable before its operation's result is returned.
    ///
    /// With `keyring`, the operation first checks that the vault key has not been rotated
    /// since the keyring was unlocked, so nothing is ever wrapped under a retired vault key.
    func write<T>(keyring: VaultKeyring? = nil, _ body: (Database, AuditLog) throws -> T) throws(VaultError) -> T {
        let signer = try signingKey.signer(keyDirectory)
        try checkSigner(signer)
        var outcome: Result<T, any Error>?
        do {
            try withoutActuallyEscaping(body) { body in
                let job = GroupCommit.Job { db, audit in
                    let result = Result { () throws -> T in
                        if let keyring, try VaultMeta.vaultKeyEpoch(db) != keyring.epoch { throw VaultError.vaultKeyRotated }
                        // Notices delivered by this transaction keep the text handed over; any found
                        // pending before it (edited in the file, or delivered without a renderer)
                        // are left alone rather than given a text rendered now.
                        let keeping = keyring != nil && self.noticeTexts != nil
                        let before = keeping ? try NoticeStore.pendingTexts(db) : []
                        let value = try body(db, audit)
                        if let keyring, let noticeTexts = self.noticeTexts {
                            let delivered = try NoticeStore.pendingTexts(db).subtracting(before)
                            try NoticeStore.keepDeliveredTexts(db, audit, ids: delivered, keyring: keyring, texts: noticeTexts, policy: self.policy)
                        }
                        return value
                    }
                    outcome = result
                    if case let .failure(error) = result { return error }
                    return nil
                }
                defer { job.run = nil }
                try committer.submit(job) { jobs in try self.commit(jobs, signer: signer) }
            }
        } catch { throw Self.mapError(error, path: databaseURL.path) }
        guard let outcome else { throw .fileError(path: databaseURL.path, reason: "the write was not run") }
        do { return try outcome.get() } catch { throw Self.mapError(error, path: databaseURL.path) }
    }

    /// One shared transaction: the log's tip checked once, each job in its own savepoint, one checkpoint.
    /// With ``PhaseTimings`` on, the jobs are recorded as `operation` and the rest of the
    /// transaction (tip check, checkpoint signature, the durable commit) as `commit`.
    private func commit(_ jobs: [GroupCommit.Job], signer: Ed25519.KeyPair) throws {
        let audit = AuditLog(signer: signer, origin: origin, clock: clock)
        let started = DispatchTime.now().uptimeNanoseconds
        var operations: UInt64 = 0
        defer { PhaseTimings.add("commit", since: started + operations) }
        try database.write { db in
            try audit.checkTip(in: db)
            let operationsStarted = DispatchTime.now().uptimeNanoseconds
            try run(jobs, in: db, audit: audit)
            operations = DispatchTime.now().uptimeNanoseconds - operationsStarted
            PhaseTimings.add("operation", since: operationsStarted)
            try audit.sealCheckpoint(in: db)
        }
        VaultDatabase.checkpointIfLarge(database, databaseURL: databaseURL)
    }

    /// Each job in its own savepoint: a job that fails is rolled back alone.
    private func run(_ jobs: [GroupCommit.Job], in db: Database, audit: AuditLog) throws {
        for job in jobs {
            let mark = audit.mark()
            var failure: (any Error)?
            do {
                try db.inSavepoint {
                    failure = job.run?(db, audit)
                    guard failure != nil else { return .commit }
                    audit.restore(mark)
                    return .rollback
                }
            } catch {
                // SQLite aborted the whole transaction (disk full, I/O error): every job of the
                // batch fails, with the error of the one that caused it rather than "aborted".
                if let failure, !db.isInsideTransaction { throw failure }
                throw error
            }
        }
    }

    /// Runs `body` in a read transaction.
    func read<T>(_ body: (Database) throws -> T) throws(VaultError) -> T {
        do { return try database.read(body) } catch { throw Self.mapError(error, path: databaseURL.path) }
    }

    /// Rewrites the database without free pages and empties the write-ahead log, so bytes of
    /// deleted rows (already zeroed by `secure_delete`) leave both files.
    func compact() throws(VaultError) {
        do {
            let emptied = try database.writeWithoutTransaction { db in
                try db.execute(sql: "VACUUM")
                // A reader in another process can keep the log from being emptied (busy = 1): the
                // erased rows' old pages would stay in it. Try again for about a second.
                for attempt in 0..<20 {
                    if try Int.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)") == 0 { return true }
                    if attempt < 19 { usleep(50_000) }
                }
                return false
            }
            guard emptied else {
                throw VaultError.invalidState(
                    what: "the erasure is committed, but the write-ahead log could not be emptied: another process is "
                        + "reading the vault, and the log still holds the erased rows' old pages",
                    remedy: Remedy("Close the other zzk sessions (or stop zzk serve) and run the command again; "
                                   + "it empties the log once nothing else reads the vault."))
            }
        } catch { throw Self.mapError(error, path: databaseURL.path) }
    }

    /// Records a refusal or failure in its own transaction, then throws `error`.
    func recordAndThrow(_ draft: AuditDraft, _ error: VaultError) throws(VaultError) -> Never {
        _ = try write { db, audit in try audit.append(draft, in: db) }
        throw error
    }

    private func checkSigner(_ signer: Ed25519.KeyPair) throws(VaultError) {
        guard signer.publicKey == auditPublicKey else {
            throw .integrityFailure(
                object: keyDirectory.signingKeyURL.path,
                detail: "the audit-signing key does not belong to this vault (its public key differs from the one recorded at creation)")
        }
    }

    /// Running out of memory is not tampering: only authentication failures are integrity failures.
    static func fromSodium(_ error: SodiumError, object: String) -> VaultError {
        switch error {
        case .keyDerivationFailed, .allocationFailed: return .resourceExhausted(detail: error.description)
        default: return .integrityFailure(object: object, detail: error.description)
        }
    }

    static func mapError(_ error: any Error, path: String) -> VaultError {
        if let error = error as? VaultError { return error }
        if let error = error as? SodiumError { return fromSodium(error, object: path) }
        return .fileError(path: path, reason: VaultDatabase.describe(error))
    }
}
