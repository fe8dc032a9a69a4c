import Foundation
import GRDB

extension Session {
    /// Takes a consistent online copy of the vault into the new folder `destination`
    /// (administrators only): the database copied with SQLite's online backup in one step (a
    /// snapshot, so a running server's writes neither tear the copy nor wait; the policy's
    /// versions are in it), then `Keys/`. The copy is a vault folder of its own (mode 700, files 600) that opens and
    /// verifies like the original. The backup is audited after the copy succeeded; a failed
    /// copy is removed again.
    public func backup(to destination: URL) throws(VaultError) {
        try requireRole([.admin], operation: "take backups", action: "vault.backup", hint: "Ask an administrator to take the backup.")
        let fm = FileManager.default
        guard !fm.fileExists(atPath: destination.path) else {
            throw .invalidArgument(name: .option("to"), reason: "'\(destination.path)' exists already; name a new folder for the copy")
        }
        guard mkdir(destination.path, 0o700) == 0 else {
            throw .fileError(path: destination.path, reason: "cannot create the folder (\(KeyDirectory.errnoText()))")
        }
        do {
            try copy(into: destination)
        } catch {
            try? fm.removeItem(at: destination)
            throw error
        }
        let login = user.login
        // No entry, no copy: if the audit entry cannot be written, the copy goes again.
        do {
            try recordBackup(login: login, destination: destination)
        } catch {
            try? fm.removeItem(at: destination)
            throw error
        }
    }

    private func recordBackup(login: String, destination: URL) throws(VaultError) {
        _ = try vault.write { db, audit in
            // The folder's name, when it is a plain name; the path is the administrator's text.
            let name = destination.lastPathComponent
            let plain = name.count <= 64 && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
            try audit.append(AuditDraft(actor: login, action: "vault.backup", detail: "to=\(plain ? name : "(unnamed)")"), in: db)
        }
    }

    private func copy(into destination: URL) throws(VaultError) {
        let database = destination.appendingPathComponent(Vault.databaseFile)
        do {
            let target = try DatabaseQueue(path: database.path)
            try vault.database.backup(to: target)
            try target.close()
        } catch { throw Vault.mapError(error, path: database.path) }
        guard chmod(database.path, 0o600) == 0 else {
            throw .fileError(path: database.path, reason: "cannot restrict the copy to its owner (\(KeyDirectory.errnoText()))")
        }
        // The policy is in the database; a Policies/ folder an older release left is not copied.
        let source = vault.url.appendingPathComponent("Keys")
        let target = destination.appendingPathComponent("Keys")
        guard mkdir(target.path, 0o700) == 0 else {
            throw .fileError(path: target.path, reason: "cannot create the folder (\(KeyDirectory.errnoText()))")
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: source.path) } catch {
            throw .fileError(path: source.path, reason: "cannot list the folder")
        }
        for name in names.sorted() {
            // Each file keeps its mode (the audit public key is 644, everything else 600); links are refused.
            let file = source.appendingPathComponent(name)
            var info = stat()
            guard lstat(file.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG,
                  let bytes = FileManager.default.contents(atPath: file.path) else {
                throw .fileError(path: file.path, reason: "not a readable regular file")
            }
            try KeyDirectory.writeNew(Array(bytes), to: target.appendingPathComponent(name), mode: info.st_mode & 0o744)
        }
    }
}
