import CSQLiteConfig
import CVaultVFS
import Foundation
import GRDB

/// Opens `vault.sqlite` with the settings every connection must have.
enum VaultDatabase {
    /// WAL journal, `synchronous=FULL` (a committed transaction survives power loss),
    /// foreign keys on, immediate write transactions, and a busy timeout so concurrent
    /// commands wait for each other instead of failing with "database is locked".
    ///
    /// Closing does not checkpoint: the write-ahead log stays beside the database, and
    /// ``checkpointIfLarge(_:databaseURL:)`` copies it into the database file and empties it once
    /// it has grown past ``walLimit``. A command that only reads and audits then syncs the WAL
    /// once for its commit (the folder is synced when the WAL is created, ``vfsStatus``)
    /// instead of five times (the new WAL's header and folder, the commit, and the checkpoint's
    /// WAL and database syncs at close). A committed transaction is durable either way: it is in
    /// the synced WAL. Copy a vault with `zzk backup` (SQLite's backup API reads through the
    /// WAL), or copy `vault.sqlite` together with `vault.sqlite-wal`.
    /// `policyFolder` is where a vault from before the policy moved into the database keeps it.
    ///
    /// Every connection goes through the vault's VFS (``vfsStatus``), so a WAL that already
    /// exists costs no folder sync: a command that reads and audits syncs once, for its commit.
    static func open(_ url: URL, policyFolder: URL) throws(VaultError) -> DatabaseQueue {
        guard vfsStatus == SQLITE_OK else {
            throw .fileError(path: url.path,
                             reason: "cannot register the vault's SQLite VFS (SQLite error \(vfsStatus))")
        }
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(TimeInterval(busyTimeoutSeconds))
        config.prepareDatabase { db in
            // Set here rather than through `journalMode = .wal`, which also lowers
            // synchronous to NORMAL: a committed operation must survive a power cut.
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA secure_delete = ON")
            // SQLite's own checkpoint by size is passive: it leaves the WAL full, and a new
            // process (which rebuilds the WAL index and so forgets what was copied) would copy it
            // again after every commit. checkpointIfLarge empties it instead.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
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

    /// The write-ahead log's size in bytes (256 pages of 4 KiB with their frame headers) past
    /// which a commit is followed by a checkpoint. Every command's first read replays the WAL
    /// into the shared-memory index (the last connection to close leaves no index behind), so a
    /// smaller WAL opens faster (about 1.3 ms for 4 MB); a larger one checkpoints less often.
    static let walLimit = 256 * (4096 + 24)

    /// After a commit: once `vault.sqlite-wal` has grown past ``walLimit``, copies it into the
    /// database file and truncates it (both synced; `PRAGMA wal_checkpoint(TRUNCATE)`), so the
    /// next process starts on an empty log. It does not wait: while another process reads, the
    /// checkpoint stops where it must, and a later commit tries again.
    static func checkpointIfLarge(_ queue: DatabaseQueue, databaseURL: URL) {
        var info = stat()
        guard stat(databaseURL.path + "-wal", &info) == 0, Int(info.st_size) > walLimit else { return }
        try? queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA busy_timeout = 0")
            defer { try? db.execute(sql: "PRAGMA busy_timeout = \(busyTimeoutSeconds * 1000)") }
            _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    /// `zzk-unix` (`Sources/CVaultVFS`), registered once as the process's default SQLite VFS:
    /// SQLite's unix VFS, except that it opens a WAL that exists without `O_CREAT` (SQLite syncs
    /// the folder once per process for a WAL it opened so), and syncs the folder itself right
    /// after creating one, so a WAL's directory entry is durable before any commit in it.
    static let vfsStatus: Int32 = zzk_vfs_register()

    /// How long a command waits for another one's transaction.
    static let busyTimeoutSeconds = 30

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
