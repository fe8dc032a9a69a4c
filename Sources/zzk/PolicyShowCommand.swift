import ArgumentParser
import Foundation
import ZZKVault

struct PolicyShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "List the vault's policy versions, or show or export one (administrators and the IOD).",
        discussion: """
            Without HASH: every version stored in the vault — proposed, active, rejected, superseded — with who \
            proposed and decided it; a proposal with what it changes against the policy in force and its lint \
            findings. HASH (or 'active') shows one version; with --out DIR its four files are written into DIR \
            (a new or empty folder), to edit for the next proposal or review with zzk policy lint and diff. \
            A Policies/ folder in the vault is never read for a decision; it is noted when it differs.
            """)
    @Argument(help: ArgumentHelp("A version's policy hash, or 'active'.", valueName: "HASH")) var hash: String?
    @Flag(name: .long, help: "Only the proposals waiting for the IOD.") var pending = false
    @Option(name: .long, help: ArgumentHelp("Write the version's four files into this new (or empty) folder.",
                                            valueName: "DIR"), completion: .directory)
    var out: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if out != nil, hash == nil {
            throw ValidationError("--out needs the HASH (or 'active') of the version to write")
        }
        if pending, hash != nil { throw ValidationError("--pending lists the proposals; leave out HASH") }
    }

    struct Listing: Encodable {
        var active: String
        var versions: [PolicyVersion]
        var ignoredFiles: IgnoredPolicyFiles?
        enum CodingKeys: String, CodingKey {
            case active, versions
            case ignoredFiles = "ignored_files"
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(active, forKey: .active)
            try container.encode(versions, forKey: .versions)
            try container.encode(ignoredFiles, forKey: .ignoredFiles)
        }
    }

    struct Exported: Encodable {
        var policy: String
        var files: [String]
    }

    func run() throws {
        let session = try options.session()
        let active = session.vault.policy.hash
        let wanted = hash.map { $0 == "active" ? active : $0.lowercased() }
        if let wanted, let out {
            let files = try session.exportPolicy(hash: wanted, to: URL(fileURLWithPath: out))
            if output.json { return try Output.json(Exported(policy: wanted, files: files.map(\.path))) }
            print("Wrote policy \(wanted) to \(out): \(files.map(\.lastPathComponent).joined(separator: ", ")).")
            return
        }
        var versions = try session.policyVersions(pendingOnly: pending)
        if let wanted {
            versions = versions.filter { $0.hash == wanted }
            guard !versions.isEmpty else {
                throw VaultError.unknownRecord(kind: "policy version", id: wanted,
                                               remedy: Remedy("List the versions", .listPolicyProposals))
            }
        }
        let ignored = session.vault.ignoredPolicyFiles()
        if output.json { return try Output.json(Listing(active: active, versions: versions, ignoredFiles: ignored)) }
        if versions.isEmpty { print(pending ? "No policy proposals wait for the IOD." : "No policy versions.") }
        let times = output.times
        Output.table(["STATE", "HASH", "PROPOSED", "DECIDED"], versions.map { version in
            let decided = version.approvedBy.map { "approved by \($0) \(times.string(version.approvedAt, none: ""))" }
                ?? version.rejectedBy.map { "rejected by \($0) \(times.string(version.rejectedAt, none: ""))" } ?? "-"
            let proposed = "\(version.proposedBy) \(times.string(version.proposedAt))"
            return [version.state.rawValue, version.hash, proposed, decided]
        })
        for version in versions where version.state == .proposed {
            print("\(version.hash.prefix(12)): "
                  + (version.changes.map(Self.describe) ?? "does not parse with this release"))
            version.findings?.filter { $0.severity == .warning }.forEach { print("  \($0)") }
        }
        if let ignored, ignored.hash != active {
            let what = ignored.hash.map { "(hash \($0))" } ?? "(incomplete or unreadable)"
            print("Note: \(ignored.path) holds policy files \(what) that are not the policy in force. The vault never "
                  + "reads them; to propose them: zzk policy apply \(ignored.path)")
        }
    }

    /// `files rules.yaml; rules added a, b; removed -; changed c`.
    static func describe(_ changes: PolicyChangeSummary) -> String {
        func list(_ ids: [String]) -> String { ids.isEmpty ? "-" : ids.joined(separator: ", ") }
        return "files \(list(changes.files)); rules added \(list(changes.rulesAdded)); "
            + "removed \(list(changes.rulesRemoved)); changed \(list(changes.rulesChanged))"
    }
}
