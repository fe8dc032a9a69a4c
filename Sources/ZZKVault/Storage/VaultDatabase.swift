import CSQLiteConfig
import Foundation
import GRDB

/// Opens `vault.sqlite` with the settings every connection must have.
enum VaultDatabase {
    /// WAL journal, `synchronous=FULL` (a committed transaction survives power loss),
    /// foreign keys on, immediate write transactions, and a busy timeout so concurrent
    /// commands wait for each other instead of failing with "database is locked".
    ///
    /// Closing does not checkpoint: the write-ahead log stays beside the database, and SQLite
    /// copies it into the database file once it holds ``autocheckpointPages`` pages, after the
    /// commit that grew it that far. A command that only reads and audits then costs one fsync
    /// (its commit) instead of five (the new WAL's header and folder, the commit, and the
    /// checkpoint's WAL and database syncs at close). A committed transaction is durable either
    /// way: it is in the synced WAL. Copy a vault with `zzk backup` (SQLite's backup API reads
    /// through the WAL), or copy `vault.sqlite` together with `vault.sqlite-wal`.
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
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(autocheckpointPages)")
            guard zzk_no_checkpoint_on_close(db.sqliteConnection) == SQLITE_OK else {
                throw DatabaseError(resultCode: .SQLITE_ERROR, message: "cannot turn off the checkpoint on close")
            }
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

    /// The write-ahead log's size, in pages, at which a commit copies it into the database file.
    /// Every command's first read replays the WAL into the shared-memory index (the last
    /// connection to close leaves no index behind), so a smaller WAL opens faster; a larger one
    /// checkpoints less often.
    static let autocheckpointPages = 256

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
