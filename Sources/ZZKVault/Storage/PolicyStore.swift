import Foundation
import GRDB

/// The vault's policy versions (table `policy_versions`, schema v9): the four texts of every
/// version, its state, and who proposed and decided it. Which version may be active is the
/// signed audit log's call: the newest allowed `vault.init` or `policy.apply` entry names it
/// (``loggedPolicy(_:)``), and the vault refuses to open on any other.
enum PolicyStore {
    /// A stored version.
    struct Record {
        var version: Int64
        var hash: String
        var texts: [String: String]
        var state: PolicyVersionState
        var proposedBy: String
        var proposedAt: String
        var approvedBy: String?
        var approvedAt: String?
        var rejectedBy: String?
        var rejectedAt: String?

        init(row: Row) {
            version = row["version"]
            hash = row["hash"]
            texts = Dictionary(uniqueKeysWithValues: PolicySet.fileNames.map {
                ($0, row[PolicyStore.column($0)] as String)
            })
            state = PolicyVersionState(rawValue: row["state"]) ?? .rejected
            proposedBy = row["proposed_by"]
            proposedAt = row["proposed_at"]
            approvedBy = row["approved_by"]
            approvedAt = row["approved_at"]
            rejectedBy = row["rejected_by"]
            rejectedAt = row["rejected_at"]
        }

        /// The hash its texts really have.
        var computedHash: String? { PolicySet.hash(of: texts) }

        var summary: PolicyVersion {
            PolicyVersion(hash: hash, state: state, proposedBy: proposedBy, proposedAt: proposedAt,
                          approvedBy: approvedBy, approvedAt: approvedAt,
                          rejectedBy: rejectedBy, rejectedAt: rejectedAt)
        }
    }

    /// The policy the log accounts for: its hash, and the entry that names it.
    struct LoggedPolicy {
        var hash: String
        var seq: Int64
        var action: String
        var actor: String
        var time: String
    }

    /// `fields.yaml` → `fields_yaml`.
    static func column(_ file: String) -> String { file.replacingOccurrences(of: ".", with: "_") }

    private static let columns = """
        version, hash, fields_yaml, principals_yaml, purposes_yaml, rules_yaml, state, proposed_by, proposed_at,
        approved_by, approved_at, rejected_by, rejected_at
        """

    static func insert(_ db: Database, hash: String, texts: [String: String], state: PolicyVersionState,
                       proposedBy: String, proposedAt: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO policy_versions
                (hash, fields_yaml, principals_yaml, purposes_yaml, rules_yaml, state, proposed_by, proposed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [hash, texts["fields.yaml"], texts["principals.yaml"], texts["purposes.yaml"],
                                     texts["rules.yaml"], state.rawValue, proposedBy, proposedAt])
    }

    /// Every active row (exactly one in an untouched vault).
    static func active(_ db: Database) throws -> [Record] {
        try fetchAll(db, where: "state = 'active'")
    }

    /// The pending proposal with this hash, if any.
    static func proposal(_ db: Database, hash: String) throws -> Record? {
        try fetchAll(db, where: "hash = ? AND state = 'proposed'", arguments: [hash]).first
    }

    /// The newest version with this hash, whatever its state.
    static func newest(_ db: Database, hash: String) throws -> Record? {
        try fetchAll(db, where: "hash = ?", arguments: [hash]).last
    }

    /// Every version, oldest first; only the pending proposals with `pendingOnly`.
    static func all(_ db: Database, pendingOnly: Bool) throws -> [Record] {
        try fetchAll(db, where: pendingOnly ? "state = 'proposed'" : "1")
    }

    private static func fetchAll(_ db: Database, where condition: String,
                                 arguments: StatementArguments = []) throws -> [Record] {
        let sql = "SELECT \(columns) FROM policy_versions WHERE \(condition) ORDER BY version"
        return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments).map(Record.init)
    }

    /// Moves a version to `state`; `login` and `now` say who approved or rejected it, and when.
    static func setState(_ db: Database, version: Int64, _ state: PolicyVersionState, by login: String? = nil,
                         at now: String? = nil) throws {
        switch state {
        case .active: try update(db, "state = 'active', approved_by = ?, approved_at = ?", [login, now, version])
        case .rejected: try update(db, "state = 'rejected', rejected_by = ?, rejected_at = ?", [login, now, version])
        case .superseded, .proposed: try update(db, "state = ?", [state.rawValue, version])
        }
    }

    private static func update(_ db: Database, _ assignments: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: "UPDATE policy_versions SET \(assignments) WHERE version = ?")
            .execute(arguments: arguments)
    }

    // MARK: - The log's word

    /// The policy the signed audit log accounts for: the hash of the newest allowed `vault.init`
    /// (`policy=`) or `policy.apply` (`policy=`) entry — or, in a vault whose files the previous
    /// release read, a `policy.change` (`new=`) it recorded, which no release writes any more.
    static func loggedPolicy(_ db: Database) throws -> LoggedPolicy? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT seq, action, actor, time, detail FROM audit_entries INDEXED BY audit_unfiled_by_action
            WHERE person_id IS NULL AND action IN ('vault.init', 'policy.apply', 'policy.change')
              AND decision = 'allowed'
            ORDER BY seq DESC LIMIT 1
            """)) else { return nil }
        let action: String = row["action"]
        let key = action == "policy.change" ? "new=" : "policy="
        let detail: String = row["detail"]
        let token = detail.split(separator: " ").first { $0.hasPrefix(key) }
        return LoggedPolicy(hash: token.map { String($0.dropFirst(key.count)) } ?? "", seq: row["seq"], action: action,
                            actor: row["actor"], time: row["time"])
    }

    /// The newest allowed entry about policy `hash` among `policy.propose`, `policy.apply` and
    /// `policy.reject`: a proposal may be decided only while this is its `policy.propose`.
    static func loggedProposalOrDecision(_ db: Database, hash: String) throws -> (action: String, actor: String)? {
        let prefix = "policy=\(hash) "
        let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT action, actor FROM audit_entries INDEXED BY audit_unfiled_by_action
            WHERE person_id IS NULL AND action IN ('policy.propose', 'policy.apply', 'policy.reject')
              AND decision = 'allowed' AND substr(detail, 1, ?) = ?
            ORDER BY seq DESC LIMIT 1
            """), arguments: [prefix.count, prefix])
        return row.map { ($0["action"], $0["actor"]) }
    }

    // MARK: - Opening

    /// The active version, checked: exactly one, its texts hash to its hash, and that hash is the
    /// one the signed log names. Anything else is an integrity failure naming the policy.
    static func checkedActive(_ db: Database) throws -> Record {
        let object = "the vault's policy (table policy_versions)"
        let advice = "Nothing was changed. Restore vault.sqlite from a backup the IOD has verified"
        guard let logged = try loggedPolicy(db) else {
            throw VaultError.integrityFailure(
                object: object, detail: "the audit log records no policy (no vault.init entry). \(advice)")
        }
        let named = "the signed audit log names policy \(logged.hash) (entry \(logged.seq), \(logged.action))"
        let rows = try active(db)
        guard rows.count == 1, let row = rows.first else {
            throw VaultError.integrityFailure(
                object: object, detail: "\(rows.count) versions are active instead of one, while \(named). \(advice)")
        }
        guard let computed = row.computedHash, computed == row.hash else {
            throw VaultError.integrityFailure(
                object: "\(object), version \(row.hash)",
                detail: "its texts do not hash to the hash stored with them: they were changed outside the vault. "
                    + advice)
        }
        guard row.hash == logged.hash else {
            throw VaultError.integrityFailure(
                object: "\(object), version \(row.hash)",
                detail: "it is active, but \(named): the policy was replaced outside the vault. \(advice)")
        }
        return row
    }

    // MARK: - Migration from the previous release

    /// Takes an older vault's `Policies/` files into the table (v9 migration), active — only if
    /// they hash to what its log last recorded (`vault.init policy=` or the last
    /// `policy.change new=`), the policy the previous release was running on. Otherwise the
    /// migration fails (the vault stays as it was) with an integrity failure telling the
    /// administrator to restore the files the log names. A new database (no log yet) gets its
    /// first version from ``Vault/create(at:policies:adminLogin:adminName:passphrase:profile:clock:ids:)``.
    static func importLegacy(_ db: Database, folder: URL) throws {
        guard let logged = try loggedPolicy(db) else { return }
        let object = "the policy files in \(folder.path)"
        let named = "the signed audit log last recorded policy \(logged.hash) (entry \(logged.seq), \(logged.action))"
        let restore = "The previous release ran on the files the log names. Restore those files (from a backup of "
            + "the vault folder) and open the vault again; nothing was changed"
        let texts: [String: String]
        do { texts = try PolicySet.readTexts(directory: folder) } catch {
            throw VaultError.integrityFailure(
                object: object,
                detail: "this vault is moving its policy into its database, but \(error.description) — while \(named). "
                    + restore)
        }
        let hash = PolicySet.hash(of: texts)!
        guard hash == logged.hash else {
            throw VaultError.integrityFailure(
                object: object,
                detail: "this vault is moving its policy into its database, but the files hash to \(hash) while "
                    + "\(named): they were changed since. \(restore)")
        }
        _ = try PolicySet.parse(texts, directory: folder.path)
        try insert(db, hash: hash, texts: texts, state: .active, proposedBy: logged.actor, proposedAt: logged.time)
    }
}
