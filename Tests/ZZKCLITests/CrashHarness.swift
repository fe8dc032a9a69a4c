import Foundation
import Testing
import TestSupport

/// The operations the crash harness interrupts, each a `zzk` child process killed with SIGKILL.
enum CrashOperation: String, CaseIterable, Sendable {
    case personImport = "person import"
    case teamOpen = "team open"
    case addMember = "team add-member"
    case consentWithdraw = "consent withdraw"
    case keysRotate = "keys rotate"
    case fullRotate = "keys rotate --full"
    case erase = "dsr erase"
}

/// How one killed run ended, as seen from the database afterwards.
enum CrashOutcome: String, Sendable {
    /// The process was killed and the database shows the operation wholly applied (killed after commit).
    case killedApplied = "killed, applied"
    /// The process was killed and the database shows no trace of the operation.
    case killedAbsent = "killed, absent"
    /// The process finished (exit 0) before the kill arrived; the operation is applied.
    case finished = "finished before the kill"
}

/// Runs real `zzk` operations as child processes and kills them with SIGKILL at random moments.
/// After every kill it checks, on the real `vault.sqlite`:
///
/// - `zzk audit verify` passes — it is also the first command after the kill, so the vault opens
///   a crashed WAL without any repair;
/// - `PRAGMA integrity_check` is `ok` and `PRAGMA foreign_key_check` is empty;
/// - every sealed field is sealed under its data key's current version;
/// - the operation is wholly applied or wholly absent, by its concrete rows and its audit entry;
/// - the operation's follow-up works (a read after a re-key or rotation, the next step's command).
///
/// The vault is shared by all operations, so a key rotation re-wraps the keys of every person
/// imported before it and an erasure runs next to teams and grants.
final class CrashHarness: @unchecked Sendable {
    let box: Sandbox
    private var rng = SystemRandomNumberGenerator()
    /// Typical wall time of each operation (seconds), learned from runs that finished (and
    /// raised by runs still going when killed); kill moments are drawn relative to it.
    private var typical: [CrashOperation: Double] = [:]
    private(set) var outcomes: [CrashOperation: [CrashOutcome: Int]] = [:]
    private(set) var failures: [String] = []

    static let importSize = 150
    static let worker = Staff.worker.login
    static let advisor = Staff.advisor.login
    static let cooperant = "PUP-ZIELONA-LAKA"
    static let grantedCategories = 3  // identity, contact, work: what the consent names and the person holds

    private var importFile = ""
    private var consentText = ""
    /// Persons with a consent and no team (ready for `team open`).
    private var teamCandidates: [(person: String, consent: String)] = []
    /// Open teams without the advisor (ready for `team add-member`).
    private var memberCandidates: [(person: String, consent: String, team: String)] = []
    /// Teams whose advisor holds grants resting on the consent (ready for `consent withdraw`).
    private var withdrawCandidates: [(person: String, consent: String, team: String)] = []
    /// Persons recorded for a consent-only purpose with an open erasure request.
    private var eraseCandidates: [(person: String, request: String)] = []
    /// A case_assessment person read after each rotation, to prove the new keys open it.
    private var sentinel = ""
    private var sentinelFields: [String: String] = [:]

    init(box: Sandbox) { self.box = box }

    // MARK: - Setting up

    /// A partnership vault (leader, employment office, an authorised advisor) whose policy also
    /// has `ngo_referral`, a consent-only purpose, so that erasure is not refused by art. 17(3)(b).
    func setUp() async throws {
        try await box.makeVault(with: [.worker, .networkWorker, .advisor, .dpo])
        // Same additions as the library's erasure test: a consent-only purpose and a rule for it,
        // proposed by the administrator and approved by the IOD.
        try await box.changePolicy(TestSupport.Fixtures.policiesWithConsentOnlyPurpose())
        for (id, flags) in [("OPS-ZIELONA-LAKA", ["--leader"]),
                            (Self.cooperant, ["--sector", "employment_office", "--accession-signed", "2026-01-12", "--accession-accepted", "2026-01-19"])] {
            try await box.zzk(["cooperant", "add", id, "--name", "Instytucja \(id)", "--address", "ul. Polna 1", "--contacts-from", "-"] + flags,
                              as: Staff.networkWorker.login, stdin: "contact=Jan Kontaktowy\ndpo_contact=iod@example.pl\n").succeeded()
        }
        try await box.authorise(Self.advisor, categories: "identity,contact,work")
        try await box.zzk(["agreement", "record", "--kind", "disclosure", "--parties", Self.cooperant,
                           "--categories", "*", "--purposes", "*", "--title", "Umowa o udostępnianiu danych",
                           "--signed-on", "2026-01-20", "--from", "2026-01-20", "--document", "-"],
                          as: Staff.networkWorker.login, stdin: "umowa 3/2026\n").succeeded()
        var csv = "identity.first_name,identity.last_name,contact.city\n"
        for i in 0..<Self.importSize { csv += "Zofia\(i),Żółkiewska-\(i),Zielona Łąka\n" }
        importFile = try box.scratchFile("import.csv", Data(csv.utf8))
        consentText = try box.scratchFile("zgoda.txt", Data("Wyrażam zgodę na przekazanie danych członkom ZZK.".utf8))
        sentinelFields = ["identity.first_name": "Małgorzata", "identity.last_name": "Żółkiewska", "contact.city": "Zielona Łąka", "work.status": "employed"]
        sentinel = try await box.addPerson(sentinelFields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        // One uncut import, timed: the first estimate of the longest operation.
        let start = Date()
        try await box.zzk(["person", "import", importFile, "--purpose", "case_assessment"], as: Self.worker).succeeded()
        typical[.personImport] = Date().timeIntervalSince(start)
        let verify = try await box.zzk(["audit", "verify"], as: Staff.dpo.login)
        try #require(verify.status == 0, "\(verify)")
    }

    /// A person with identity, contact and work data and a consent for the advisor's cooperant.
    private func newConsentingPerson() async throws -> (person: String, consent: String) {
        let person = try await box.addPerson([("identity.first_name", "Małgorzata"), ("identity.last_name", "Żółkiewska"),
                                              ("contact.city", "Zielona Łąka"), ("work.status", "employed")])
        let consent = try await box.zzk(["consent", "record", "--person", person, "--cooperants", Self.cooperant,
                                         "--categories", "identity,contact,work", "--purposes", "zzk_coordination",
                                         "--text-version", "ZZK-zgoda-2026-01", "--text-file", consentText, "--notices-delivered", "--json"], as: Self.worker)
            .succeeded().decode(NewID.self).id
        return (person, consent)
    }

    // MARK: - Running and killing

    /// Starts `zzk arguments`, kills it with SIGKILL after a random delay, and says whether it
    /// finished first (exit status) or was killed (nil).
    private func runAndKill(_ operation: CrashOperation, _ arguments: [String], as login: String) throws -> (status: Int32?, stderr: String) {
        let errURL = box.root.appendingPathComponent("kill-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let errHandle = try FileHandle(forWritingTo: errURL)
        defer {
            try? errHandle.close()
            try? FileManager.default.removeItem(at: errURL)
        }
        let process = CLI.process(CLI.zzk, arguments + (try box.vaultArguments(login)))
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errHandle
        let estimate = typical[operation] ?? 0.3
        // Half the kills anywhere in the run (start-up, unlock, work), half in its last third,
        // where the write transaction runs and commits.
        let fraction = Bool.random(using: &rng) ? Double.random(in: 0...1.0, using: &rng) : Double.random(in: 0.6...0.98, using: &rng)
        let delay = estimate * fraction
        let start = Date()
        try process.run()
        var elapsed = 0.0
        while process.isRunning && elapsed < delay {
            usleep(1_000)
            elapsed = Date().timeIntervalSince(start)
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        elapsed = Date().timeIntervalSince(start)
        let stderr = String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self)
        CLI.expectNoSanitizerReport(stderr, of: "zzk " + arguments.joined(separator: " "))
        if process.terminationReason == .uncaughtSignal {
            // Still running late in its expected time: it takes longer than estimated (a loaded
            // machine, a vault that grew), so aim later next time.
            if fraction >= 0.6 { typical[operation] = estimate * 1.5 }
            return (nil, stderr)
        }
        typical[operation] = 0.5 * estimate + 0.5 * elapsed
        return (process.terminationStatus, stderr)
    }

    /// One kill of `operation`, with every check. Returns what happened.
    func killOnce(_ operation: CrashOperation, round: Int) async throws {
        let label = "\(operation.rawValue) #\(round)"
        switch operation {
        case .personImport: try await killImport(label)
        case .teamOpen: try await killTeamOpen(label)
        case .addMember: try await killAddMember(label)
        case .consentWithdraw: try await killWithdraw(label)
        case .keysRotate: try await killRotate(label)
        case .fullRotate: try await killFullRotate(label)
        case .erase: try await killErase(label)
        }
    }

    /// Records the outcome, or a failure when the process ended with an error of its own.
    private func classify(_ operation: CrashOperation, _ label: String, _ run: (status: Int32?, stderr: String), applied: Bool) {
        let outcome: CrashOutcome
        switch run.status {
        case nil: outcome = applied ? .killedApplied : .killedAbsent
        case 0?:
            outcome = .finished
            if !applied { fail("\(label): exited 0 but the operation is not in the database") }
        case let status?:
            fail("\(label): exited \(status) on its own: \(run.stderr)")
            return
        }
        outcomes[operation, default: [:]][outcome, default: 0] += 1
    }

    private func fail(_ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        failures.append(message)
        Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    }

    /// The checks every kill is followed by: `zzk audit verify` first (it opens the crashed
    /// vault: no repair step), then integrity, foreign keys and key versions.
    private func checkVault(_ label: String) async throws {
        let verify = try await box.zzk(["audit", "verify", "--json"], as: Staff.dpo.login)
        if verify.status != 0 { fail("\(label): audit verify failed after the kill: \(verify)") }
        let values = try await scalars([
            "SELECT group_concat(integrity_check, ' / ') FROM pragma_integrity_check",
            "SELECT count(*) FROM pragma_foreign_key_check",
            """
            SELECT count(*) FROM person_fields f WHERE NOT EXISTS (SELECT 1 FROM data_keys k
              WHERE k.person = f.person AND k.key_version = f.key_version AND k.category NOT LIKE 'team_notes%')
            """,
            "SELECT (SELECT count(*) FROM audit_entries) - (SELECT max(tree_size) FROM audit_checkpoints)",
        ])
        if values[0] != "ok" { fail("\(label): integrity_check: \(values[0])") }
        if values[1] != "0" { fail("\(label): \(values[1]) foreign key violations") }
        if values[2] != "0" { fail("\(label): \(values[2]) fields sealed under no current data key version of their person (only a key tells which; the reads check it)") }
        if values[3] != "0" { fail("\(label): \(values[3]) audit entries not covered by the latest checkpoint") }
    }

    /// Runs single-value SELECTs in one `sqlite3` call and returns their values in order.
    func scalars(_ statements: [String]) async throws -> [String] {
        let output = try await box.sql(statements.map { $0 + ";" }.joined(separator: "\n"))
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        try #require(lines.count >= statements.count, "expected \(statements.count) values, got: \(output)")
        return Array(lines.prefix(statements.count))
    }

    private func ints(_ statements: [String]) async throws -> [Int] {
        try await scalars(statements).map { Int($0) ?? -1 }
    }

    // MARK: - The operations

    private func killImport(_ label: String) async throws {
        let count = ["SELECT count(*) FROM persons", "SELECT count(*) FROM audit_entries WHERE action = 'person.create' AND decision = 'allowed'",
                     "SELECT count(*) FROM person_fields"]
        let before = try await ints(count)
        let run = try runAndKill(.personImport, ["person", "import", importFile, "--purpose", "case_assessment"], as: Self.worker)
        try await checkVault(label)
        let after = try await ints(count)
        let n = Self.importSize
        let applied = after == [before[0] + n, before[1] + n, before[2] + 3 * n]
        if !applied && after != before { fail("\(label): partial import: persons/entries/fields \(before) → \(after)") }
        classify(.personImport, label, run, applied: applied)
    }

    private func teamState(_ person: String) async throws -> [Int] {
        try await ints(["SELECT count(*) FROM teams WHERE person_id = '\(person)'",
                        "SELECT count(*) FROM audit_entries WHERE action = 'team.open' AND decision = 'allowed' AND person_id = '\(person)'"])
    }

    private func killTeamOpen(_ label: String) async throws {
        if teamCandidates.isEmpty { teamCandidates.append(try await newConsentingPerson()) }
        let (person, consent) = teamCandidates[0]
        let before = try await teamState(person)
        let run = try runAndKill(.teamOpen, ["team", "open", "--person", person], as: Self.worker)
        try await checkVault(label)
        let after = try await teamState(person)
        let applied = after == [1, 1]
        if !applied && after != before { fail("\(label): team row and team.open entry disagree: \(after)") }
        classify(.teamOpen, label, run, applied: applied)
        if applied {
            teamCandidates.removeFirst()
            let team = try await scalars(["SELECT id FROM teams WHERE person_id = '\(person)'"])[0]
            memberCandidates.append((person, consent, team))
        }
    }

    private func memberState(_ person: String, _ team: String) async throws -> [Int] {
        try await ints(["SELECT count(*) FROM team_members WHERE team_id = '\(team)' AND login = '\(Self.advisor)'",
                        "SELECT count(*) FROM grants WHERE team_id = '\(team)' AND login = '\(Self.advisor)' AND envelope IS NOT NULL",
                        "SELECT count(*) FROM audit_entries WHERE action = 'team.member.add' AND decision = 'allowed' AND person_id = '\(person)'"])
    }

    private func killAddMember(_ label: String) async throws {
        if memberCandidates.isEmpty {
            if teamCandidates.isEmpty { teamCandidates.append(try await newConsentingPerson()) }
            let (person, consent) = teamCandidates.removeFirst()
            let team = try await box.zzk(["team", "open", "--person", person, "--json"], as: Self.worker).succeeded().decode(NewID.self).id
            memberCandidates.append((person, consent, team))
        }
        let (person, consent, team) = memberCandidates[0]
        let before = try await memberState(person, team)
        let run = try runAndKill(.addMember, ["team", "add-member", team, "--member", Self.advisor, "--until", "2099-12-31"], as: Self.worker)
        try await checkVault(label)
        let after = try await memberState(person, team)
        let applied = after == [1, Self.grantedCategories, 1]
        if !applied && after != before { fail("\(label): membership, grants and team.member.add disagree: \(before) → \(after)") }
        classify(.addMember, label, run, applied: applied)
        if applied {
            memberCandidates.removeFirst()
            withdrawCandidates.append((person, consent, team))
            // The next command: the specialist reads through the envelopes just issued.
            let read = try await box.zzk(["read", person, "--purpose", "zzk_coordination", "--json"], as: Self.advisor)
            if read.status != 0 { fail("\(label): the advisor cannot read after add-member: \(read)") }
        }
    }

    private func withdrawState(_ person: String, _ consent: String) async throws -> [Int] {
        try await ints(["SELECT count(*) FROM consents WHERE id = '\(consent)' AND withdrawn_on IS NOT NULL",
                        "SELECT count(*) FROM grants WHERE person_id = '\(person)'",
                        "SELECT coalesce(sum(key_version), 0) FROM data_keys WHERE person = (SELECT pk FROM persons WHERE id = '\(person)')",
                        "SELECT count(*) FROM audit_entries WHERE action = 'consent.withdraw' AND decision = 'allowed' AND person_id = '\(person)'"])
    }

    private func killWithdraw(_ label: String) async throws {
        if withdrawCandidates.isEmpty {
            if memberCandidates.isEmpty {
                if teamCandidates.isEmpty { teamCandidates.append(try await newConsentingPerson()) }
                let (person, consent) = teamCandidates.removeFirst()
                let team = try await box.zzk(["team", "open", "--person", person, "--json"], as: Self.worker).succeeded().decode(NewID.self).id
                memberCandidates.append((person, consent, team))
            }
            let (person, consent, team) = memberCandidates.removeFirst()
            try await box.zzk(["team", "add-member", team, "--member", Self.advisor, "--until", "2099-12-31"], as: Self.worker).succeeded()
            withdrawCandidates.append((person, consent, team))
        }
        let (person, consent, _) = withdrawCandidates[0]
        let before = try await withdrawState(person, consent)
        let run = try runAndKill(.consentWithdraw, ["consent", "withdraw", consent, "--via", "letter"], as: Self.worker)
        try await checkVault(label)
        let after = try await withdrawState(person, consent)
        // Applied: withdrawn, every grant revoked, each granted category re-keyed once, audited.
        let applied = after == [1, 0, before[2] + Self.grantedCategories, 1]
        if !applied && after != before { fail("\(label): withdrawal half-applied (withdrawn, grants, key versions, entry): \(before) → \(after)") }
        classify(.consentWithdraw, label, run, applied: applied)
        // The next commands: the specialist is refused after, reads before; the worker reads the re-keyed fields.
        let read = try await box.zzk(["read", person, "--purpose", "zzk_coordination", "--json"], as: Self.advisor)
        if read.status != (applied ? 3 : 0) { fail("\(label): the advisor's read after the kill: \(read)") }
        let shown = try await box.zzk(["person", "show", person, "--purpose", "case_assessment", "--json"], as: Self.worker)
        if shown.status != 0 || (try? shown.decode(ShownPerson.self))?.fields["work.status"] != "employed" {
            fail("\(label): the worker cannot read the re-keyed fields: \(shown)")
        }
        if applied { withdrawCandidates.removeFirst() }
    }

    private func killRotate(_ label: String) async throws {
        let snapshot = box.root.appendingPathComponent("rotation-before.sqlite").path
        try? FileManager.default.removeItem(atPath: snapshot)
        try await box.sql("""
            ATTACH '\(snapshot)' AS s;
            CREATE TABLE s.dk AS SELECT person, category, sealed FROM main.data_keys;
            CREATE TABLE s.vs AS SELECT name, sealed FROM main.vault_secrets;
            CREATE TABLE s.us AS SELECT login, vault_key_box FROM main.users WHERE vault_key_box IS NOT NULL;
            """)
        let state = ["SELECT value FROM vault_meta WHERE key = 'vault_key_epoch'",
                     "SELECT count(*) FROM audit_entries WHERE action = 'keys.rotate' AND decision = 'allowed'",
                     "SELECT count(*) FROM data_keys",
                     "SELECT count(*) FROM data_keys d JOIN s.dk b USING (person, category) WHERE b.sealed = d.sealed",
                     "SELECT count(*) FROM vault_secrets v JOIN s.vs b ON b.name = v.name WHERE b.sealed = v.sealed",
                     "SELECT count(*) FROM users u JOIN s.us b ON b.login = u.login WHERE b.vault_key_box = u.vault_key_box",
                     "SELECT (SELECT count(*) FROM s.vs) * 1000 + (SELECT count(*) FROM s.us)"]
        func read() async throws -> [Int] { try await ints(["ATTACH '\(snapshot)' AS s; SELECT 0"] + state).dropFirst().map { $0 } }
        let before = try await read()
        let run = try runAndKill(.keysRotate, ["keys", "rotate"], as: "admin")
        try await checkVault(label)
        let after = try await read()
        let (secrets, custodians) = (before[6] / 1000, before[6] % 1000)
        // Applied: next epoch, one keys.rotate entry, every data key, secret and custodian slot re-wrapped.
        let applied = after[0] == before[0] + 1 && after[1] == before[1] + 1 && after[2] == before[2] && after[3] == 0 && after[4] == 0 && after[5] == 0
        let absent = after[0] == before[0] && after[1] == before[1] && after[3] == before[2] && after[4] == secrets && after[5] == custodians
        if !applied && !absent { fail("\(label): rotation half-applied (epoch, entries, keys, unchanged keys/secrets/slots): \(before) → \(after)") }
        classify(.keysRotate, label, run, applied: applied)
        // The next command: the worker's slot opens the current vault key and the data keys under it.
        let shown = try await box.zzk(["person", "show", sentinel, "--purpose", "case_assessment", "--json"], as: Self.worker)
        if shown.status != 0 || (try? shown.decode(ShownPerson.self))?.fields != sentinelFields {
            fail("\(label): a person does not read after the rotation: \(shown)")
        }
    }

    /// A full rotation commits its data keys page by page, so a kill may leave some pages done:
    /// by design, not half-applied. What must hold: the vault checks out, the rotation itself
    /// (new epoch, its `keys.rotate` entry) is wholly applied or absent, and the next
    /// `keys rotate --full` finishes it, resuming when pages were left.
    private func killFullRotate(_ label: String) async throws {
        let state = ["SELECT value FROM vault_meta WHERE key = 'vault_key_epoch'",
                     "SELECT count(*) FROM audit_entries WHERE action = 'keys.rotate' AND decision = 'allowed'",
                     "SELECT count(*) FROM audit_entries WHERE action = 'keys.rotate.progress'"]
        let before = try await ints(state)
        let run = try runAndKill(.fullRotate, ["keys", "rotate", "--full"], as: "admin")
        try await checkVault(label)
        let after = try await ints(state)
        let applied = after[0] == before[0] + 1 && after[1] == before[1] + 1
        let stopped = after[0] == before[0] && after[1] == before[1]
        if !applied && !stopped { fail("\(label): rotation half-applied (epoch, rotations, pages): \(before) → \(after)") }
        classify(.fullRotate, label, run, applied: applied)
        if stopped {
            let finished = try await box.zzk(["keys", "rotate", "--full", "--json"], as: "admin")
            if finished.status != 0 {
                fail("\(label): the next full rotation did not finish: \(finished)")
            } else if after[2] > before[2], !finished.stdout.contains("\"resumed\" : true") {
                fail("\(label): pages were committed but the next run did not resume: \(finished.stdout)")
            }
        }
        let shown = try await box.zzk(["person", "show", sentinel, "--purpose", "case_assessment", "--json"], as: Self.worker)
        if shown.status != 0 || (try? shown.decode(ShownPerson.self))?.fields != sentinelFields {
            fail("\(label): a person does not read after the full rotation: \(shown)")
        }
    }

    private func eraseState(_ person: String, _ request: String) async throws -> [Int] {
        try await ints(["SELECT count(*) FROM persons WHERE id = '\(person)' AND erased_on IS NOT NULL",
                        "SELECT count(*) FROM person_fields WHERE person = (SELECT pk FROM persons WHERE id = '\(person)')",
                        "SELECT count(*) FROM data_keys WHERE person = (SELECT pk FROM persons WHERE id = '\(person)')",
                        "SELECT count(*) FROM blind_index WHERE person = (SELECT pk FROM persons WHERE id = '\(person)')",
                        "SELECT count(*) FROM dsr_requests WHERE id = '\(request)' AND closed_on IS NOT NULL",
                        "SELECT count(*) FROM audit_entries WHERE action = 'dsr.erase' AND decision = 'allowed' AND person_id = '\(person)'"])
    }

    private func killErase(_ label: String) async throws {
        if eraseCandidates.isEmpty {
            let person = try await box.zzk(["person", "add", "--purpose", "ngo_referral", "--fields-from", "-", "--json"], as: Self.worker,
                                           stdin: "identity.first_name=Bronisława\nidentity.last_name=Źdźbłowska\ncontact.street=ul. Wrzosowa 17\n")
                .succeeded().decode(NewID.self).id
            let request = try await box.zzk(["dsr", "open", "--person", person, "--type", "erasure", "--received", receivedDate(), "--json"], as: Self.worker)
                .succeeded().decode(NewID.self).id
            eraseCandidates.append((person, request))
        }
        let (person, request) = eraseCandidates[0]
        let before = try await eraseState(person, request)
        let run = try runAndKill(.erase, ["dsr", "erase", request, "--yes"], as: Self.worker)
        try await checkVault(label)
        let after = try await eraseState(person, request)
        let applied = after == [1, 0, 0, 0, 1, 1]
        if !applied && after != before { fail("\(label): erasure half-applied (erased, fields, keys, index, closed, entry): \(before) → \(after)") }
        classify(.erase, label, run, applied: applied)
        if applied {
            eraseCandidates.removeFirst()
            // The next command: the erased person shows no field; nothing of theirs is left in the files.
            let shown = try await box.zzk(["person", "show", person, "--purpose", "ngo_referral", "--json"], as: Self.worker)
            if shown.status != 0 || (try? shown.decode(ShownPerson.self))?.fields.isEmpty != true { fail("\(label): after erasure: \(shown)") }
        }
    }

    private func receivedDate() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone.current
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    // MARK: - Summary

    /// SIGKILLs delivered so far (runs that finished before their kill are not counted).
    var kills: Int {
        outcomes.values.reduce(0) { $0 + ($1[.killedApplied] ?? 0) + ($1[.killedAbsent] ?? 0) }
    }

    var summary: String {
        var lines = ["crash harness: SIGKILL summary"]
        var total = 0
        for operation in CrashOperation.allCases {
            let counts = outcomes[operation] ?? [:]
            let kills = (counts[.killedApplied] ?? 0) + (counts[.killedAbsent] ?? 0)
            let runs = kills + (counts[.finished] ?? 0)
            total += runs
            let applied = (counts[.killedApplied] ?? 0) + (counts[.finished] ?? 0)
            lines.append("  \(operation.rawValue.padding(toLength: 19, withPad: " ", startingAt: 0)) runs \(runs): killed \(kills) (applied \(counts[.killedApplied] ?? 0), absent \(counts[.killedAbsent] ?? 0)), finished first \(counts[.finished] ?? 0) → applied \(applied), absent \(counts[.killedAbsent] ?? 0)")
        }
        lines.append("  runs \(total), SIGKILLs delivered \(kills), failures \(failures.count)")
        return lines.joined(separator: "\n")
    }
}
