import Foundation
import GRDB

/// Opens `vault.sqlite` with the settings every connection must have.
enum VaultDatabase {
    /// WAL journal, `synchronous=FULL` (a committed transaction survives power loss),
    /// foreign keys on, immediate write transactions, and a busy timeout so concurrent
    /// commands wait for each other instead of failing with "database is locked".
    /// `policyFolder` is where a vault from before the policy moved into the database keeps it.
    static func open(_ url: URL, policyFolder: URL) throws(VaultError) -> DatabaseQueue {
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            // Set here rather than through `journalMode = .wal`, which also lowers
            // synchronous to NORMAL: a committed operation must survive a power cut.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        do {
            let queue = try DatabaseQueue(path: url.path, configuration: config)
            try Schema.migrator(policyFolder: policyFolder).migrate(queue)
            return queue
        } catch let error as VaultError {
            // A migration's own verdict (an old vault's policy files that the log does not name).
            throw error
        } catch {
            throw .fileError(path: url.path, reason: "cannot open the vault database (\(Self.describe(error)))")
        }
    }

    /// A description of a database error without bound values (GRDB's own description may
    /// include SQL arguments, which could be ciphertext or ids; we keep only the SQLite message).
    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return "SQLite error \(error.resultCode.rawValue): \(error.message ?? "unknown")"
        }
        if let error = error as? VaultError { return error.description }
        return "unexpected error"
    }
}
