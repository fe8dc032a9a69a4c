import Foundation
import Testing

/// How often a command waits for the disk (issue 19: at most one fsync for a command that reads
/// and audits), counted by `strace` on the real `zzk` process.
@Suite("Disk syncs per command")
struct SyncCountTests {
    /// The sync calls `zzk ARGUMENTS` made, one line each, with the file each one synced
    /// (`strace -y`), and the writes into the WAL between them.
    static func traced(_ box: Sandbox, _ arguments: [String], as login: String) async throws -> [String] {
        let trace = box.root.appendingPathComponent("strace-\(UUID().uuidString)")
        let result = try await box.runProgram(
            "/usr/bin/strace",
            ["-f", "-qq", "-y", "-e", "trace=fsync,fdatasync,sync_file_range,syncfs,pwrite64", "-o", trace.path,
             CLI.zzk.path] + arguments + box.vaultArguments(login))
        try result.succeeded()
        return try String(contentsOf: trace, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    static func syncs(_ lines: [String]) -> [String] {
        lines.filter { $0.contains("sync(") || $0.contains("sync_file_range(") || $0.contains("syncfs(") }
    }

    @Test("""
        a read that audits syncs the disk once, its commit into the WAL; the folder only when the WAL is new \
        (before anything is written into it) or holds no header yet (before the commit)
        """)
    func aReadThatAuditsSyncsOnce() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault()
        let id = try await box.addPerson(Fixtures.mother)
        let show = ["person", "show", id, "--purpose", "case_assessment", "--json"]
        // The WAL exists from here on (the sqlite3 tool, which the sandbox's SQL goes through,
        // removes it when it closes, so nothing below asks SQL until the steady read is traced).
        try await box.zzk(show, as: Staff.worker.login).succeeded()

        let steady = try await Self.traced(box, show, as: Staff.worker.login)
        #expect(Self.syncs(steady).count == 1, "\(steady)")
        #expect(Self.syncs(steady).allSatisfy { $0.contains("vault.sqlite-wal>") }, "\(steady)")

        // Another program empties and removes the WAL (sqlite3 checkpoints it when it closes).
        let auditedBefore = try await box.auditEntryCount()
        #expect(!FileManager.default.fileExists(atPath: box.databaseURL.path + "-wal"))
        let fresh = try await Self.traced(box, show, as: Staff.worker.login)
        let folder = "<\(box.vault.path)>)"
        let folderSync = try #require(fresh.firstIndex { $0.contains("sync(") && $0.contains(folder) },
                                      "the new WAL's folder is synced: \(fresh)")
        let firstWrite = try #require(fresh.firstIndex { $0.contains("pwrite64(") && $0.contains("vault.sqlite-wal>") })
        #expect(folderSync < firstWrite, "\(fresh)")

        let after = try await Self.traced(box, show, as: Staff.worker.login)
        #expect(Self.syncs(after).count == 1, "\(after)")
        #expect(try await box.auditEntryCount() == auditedBefore + 2, "both reads were audited")

        // A WAL that exists but holds no header yet (another program created it and never
        // committed, so perhaps never synced its folder): the folder is synced before the commit.
        let wal = box.databaseURL.path + "-wal"
        #expect(!FileManager.default.fileExists(atPath: wal))
        try box.writeFile(URL(fileURLWithPath: wal), Data())
        let empty = try await Self.traced(box, show, as: Staff.worker.login)
        let emptyFolderSync = try #require(empty.firstIndex { $0.contains("sync(") && $0.contains(folder) },
                                           "the empty WAL's folder is synced: \(empty)")
        let commitSync = try #require(empty.firstIndex { $0.contains("sync(") && $0.contains("vault.sqlite-wal>") })
        #expect(emptyFolderSync < commitSync, "\(empty)")
        for line in Self.syncs(steady + fresh + after + empty) { #expect(line.hasSuffix("= 0"), "\(line)") }
    }
}
