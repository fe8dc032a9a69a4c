import Foundation
import Testing

/// Times for people and defaults that need no manual (docs/cli.md, "Output" and "zzk audit"):
/// Polish local time in text, UTC with `--utc` and in JSON; the monthly report of the last full
/// month, statistics of the last full quarter, the last 50 audit entries in 100 columns.
@Suite("Local times and default periods (CLI)")
struct TimesAndDefaultsTests {
    /// A Gregorian calendar on Polish time.
    static var poland: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Warsaw")!
        return calendar
    }

    /// The month before the one running in Poland at `date`, `YYYY-MM`.
    static func lastFullMonth(at date: Date) -> String {
        let previous = poland.date(byAdding: .month, value: -1, to: date)!
        let parts = poland.dateComponents([.year, .month], from: previous)
        return String(format: "%04d-%02d", parts.year!, parts.month!)
    }

    /// The first and last day of the quarter before the one running in Poland at `date`.
    static func lastFullQuarter(at date: Date) -> (from: String, to: String) {
        let parts = poland.dateComponents([.year, .month], from: date)
        let quarter = (parts.month! - 1) / 3  // 0-based, the running one
        let (year, first) = quarter == 0 ? (parts.year! - 1, 10) : (parts.year!, (quarter - 1) * 3 + 1)
        let lastDay = [3: 31, 6: 30, 9: 30, 12: 31][first + 2]!
        return (String(format: "%04d-%02d-01", year, first), String(format: "%04d-%02d-%02d", year, first + 2, lastDay))
    }

    @Test("""
        text shows breach times in Polish local time to the minute, +2 hours in summer and +1 in winter; --utc shows \\
        UTC ISO 8601 and --json the stored UTC timestamp
        """)
    func polishTimeByDefault() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .dpo])
        for aware in ["2026-07-01T10:00Z", "2026-01-15T10:00Z"] {
            try await box.zzk(["breach", "open", "--aware-at", aware, "--description-from", "-"],
                              as: Staff.worker.login, stdin: "Zgubiony pendrive.").succeeded()
        }
        let local = try await box.zzk(["breach", "list"], as: Staff.dpo.login).succeeded().stdout
        #expect(local.contains("2026-07-01 12:00") && local.contains("2026-07-04 12:00"), "summer, CEST: \(local)")
        #expect(local.contains("2026-01-15 11:00") && local.contains("2026-01-18 11:00"), "winter, CET: \(local)")
        #expect(!local.contains("T10:00") && !local.contains(":00.000"), "no UTC and no milliseconds: \(local)")

        let utc = try await box.zzk(["breach", "list", "--utc"], as: Staff.dpo.login).succeeded().stdout
        #expect(utc.contains("2026-07-01T10:00:00Z") && utc.contains("2026-01-15T10:00:00Z"), "\(utc)")
        let json = try await box.zzk(["breach", "list", "--json"], as: Staff.dpo.login).succeeded().stdout
        #expect(json.contains("\"aware_at\" : \"2026-07-01T10:00:00.000Z\""), "\(json)")

        // The audit log's TIME column too: a local minute, never a UTC instant.
        let log = try await box.zzk(["audit", "log", "--limit", "3"], as: Staff.dpo.login).succeeded().stdout
        let rows = log.split(separator: "\n").dropFirst()
        let minute = try Regex("^[0-9]+ +[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}  ")
        #expect(rows.count == 3 && rows.allSatisfy { $0.contains(minute) }, "\(log)")
    }

    @Test("audit report without --month reports the last full calendar month")
    func auditReportDefaultsToTheLastFullMonth() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .dpo])
        let before = Self.lastFullMonth(at: Date())
        let report = try await box.zzk(["audit", "report", "--json"], as: Staff.dpo.login).succeeded()
        struct Report: Decodable { var month: String }
        let month = try report.decode(Report.self).month
        #expect([before, Self.lastFullMonth(at: Date())].contains(month), "\(report)")
        let markdown = try await box.zzk(["audit", "report"], as: Staff.dpo.login).succeeded().stdout
        #expect(markdown.hasPrefix("# Raport miesięczny rejestru dostępu — \(month)"), "\(markdown.prefix(200))")
    }

    @Test("stats without --period reports the last full quarter")
    func statsDefaultToTheLastFullQuarter() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .networkWorker, .dpo])
        let before = Self.lastFullQuarter(at: Date())
        let stats = try await box.zzk(["stats", "--json"], as: Staff.networkWorker.login).succeeded()
        struct Statistics: Decodable { var from: String; var to: String }
        let period = try stats.decode(Statistics.self)
        let after = Self.lastFullQuarter(at: Date())
        #expect([before.from, after.from].contains(period.from), "\(stats)")
        #expect([before.to, after.to].contains(period.to), "\(stats)")
        let csv = try await box.zzk(["stats"], as: Staff.networkWorker.login).succeeded().stdout
        #expect(csv.hasPrefix("from,to,metric,group,value\n\(period.from),\(period.to),"), "\(csv.prefix(200))")
    }

    @Test("""
        audit log prints the last 50 entries unless --limit N or --all, in lines of at most 100 characters with long \\
        details cut by '…'; --json and --format csv keep them whole
        """)
    func auditLogDefaults() async throws {
        let box = try Sandbox()
        defer { box.cleanUp() }
        try await box.makeVault(with: [.worker, .dpo])
        // 60 persons imported: 60 person.create entries, whose detail names the file, line, policy and rules.
        var csv = "identity.first_name,identity.last_name\n"
        for i in 0..<60 { csv += "Zofia\(i),Żółkiewska\n" }
        let name = "osoby-z-rejestru-gminy-zielona-laka-2026.csv"
        let file = try box.scratchFile(name, Data(csv.utf8))
        try await box.zzk(["person", "import", file, "--purpose", "case_assessment"], as: Staff.worker.login)
            .succeeded()
        let dpo = Staff.dpo.login

        let table = try await box.zzk(["audit", "log"], as: dpo).succeeded()
        let lines = table.stdout.split(separator: "\n")
        #expect(lines.count == 51 && lines[0].hasPrefix("SEQ"), "a header and 50 entries: \(table)")
        let wide = lines.filter { $0.count > 100 }
        #expect(wide.isEmpty, "lines over 100 characters: \(wide)")
        #expect(lines.contains { $0.contains("person.create") && $0.hasSuffix("…") }, "\(table)")
        #expect(table.stderr.contains("--limit N or --all"), "\(table)")

        let json = try await box.zzk(["audit", "log", "--json"], as: dpo).succeeded().decode([AuditEntryJSON].self)
        #expect(json.count == 50 && zip(json, json.dropFirst()).allSatisfy { $0.seq + 1 == $1.seq })
        #expect(json.contains { $0.detail.contains("import=\(name):") }, "the whole detail in JSON")
        let rows = try await box.zzk(["audit", "log", "--format", "csv"], as: dpo).succeeded().stdout
        #expect(rows.split(separator: "\n").count == 51 && rows.contains("import=\(name):"), "\(rows.prefix(400))")

        let three = try await box.zzk(["audit", "log", "--limit", "3"], as: dpo).succeeded()
        #expect(three.stdout.split(separator: "\n").count == 4 && three.stderr.isEmpty, "\(three)")
        let all = try await box.zzk(["audit", "log", "--all", "--json"], as: dpo).succeeded()
            .decode([AuditEntryJSON].self)
        #expect(all.count > 62 && all.first?.action == "vault.init", "\(all.count)")
        let both = try await box.zzk(["audit", "log", "--all", "--limit", "3"], as: dpo)
        #expect(both.status == 2 && both.stderr.contains("--limit N or --all"), "\(both)")
    }
}
