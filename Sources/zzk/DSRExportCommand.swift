import ArgumentParser
import Foundation
import ZZKDocuments
import ZZKVault

struct DSRExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the art. 15 answer (HTML for the person, JSON), or the art. 20 portable data (JSON), into a new folder.")
    @Argument(help: "Access or portability request id.", transform: RecordID.normalised) var id: String
    @Option(name: .long, help: ArgumentHelp("A new (or empty) folder.", valueName: "DIR"), completion: .directory)
    var out: String
    @Option(name: .long, help: "pl (default) or en.") var lang: DocumentLanguage = .pl
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        // The folder first: a bad --out is refused before the export is prepared and audited.
        let directory = URL(fileURLWithPath: out)
        let created = try AuditExport.prepareFolder(directory)
        do { try export(into: directory) } catch {
            if created { AuditExport.removeFolderIfEmpty(directory) }
            throw error
        }
    }

    private func export(into directory: URL) throws {
        let session = try options.session()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.string(date))
        }
        if try session.dataSubjectRequest(id).kind == .portability {
            let portable = try session.portableData(id)
            try AuditExport.writeFile(String(decoding: try encoder.encode(portable), as: UTF8.self) + "\n", "\(id)-portable.json", in: directory)
            if output.json {
                let file = "\(out)/\(id)-portable.json"
                return try Output.json(Written(id: id, files: [file], fields: portable.data.count))
            }
            return print("Wrote \(out)/\(id)-portable.json: \(portable.data.count) fields held on consent (art. 20), machine-readable.")
        }
        let report = try session.accessReport(id)
        try AuditExport.writeFile(String(decoding: try encoder.encode(report), as: UTF8.self) + "\n", "\(id).json", in: directory)
        try AuditExport.writeFile(AccessReportRenderer.html(report, policy: session.vault.policy, lang: lang), "\(id).html", in: directory)
        if output.json {
            return try Output.json(Written(id: id, files: ["\(out)/\(id).html", "\(out)/\(id).json"],
                                           fields: report.data.count, disclosures: report.recipients.count,
                                           consents: report.consents.count))
        }
        print("Wrote \(out)/\(id).html and \(id).json: \(report.data.count) fields, \(report.recipients.count) disclosures, \(report.consents.count) consents.")
    }

    /// What `--json` prints: the files written and what they hold (disclosures and consents
    /// are null for a portability request, whose file holds only the data).
    struct Written: Encodable {
        var id: String
        var files: [String]
        var fields: Int
        var disclosures: Int?
        var consents: Int?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(files, forKey: .files)
            try container.encode(fields, forKey: .fields)
            try container.encode(disclosures, forKey: .disclosures)
            try container.encode(consents, forKey: .consents)
        }

        enum CodingKeys: String, CodingKey { case id, files, fields, disclosures, consents }
    }
}
