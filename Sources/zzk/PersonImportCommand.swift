import ArgumentParser
import Foundation
import ZZKVault

struct PersonImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import persons from a UTF-8 CSV file (header = field ids, optional household and external_id).",
        discussion: """
            All-or-nothing: every bad row is reported as FILE:LINE: field: reason and nothing is written, unless \
            --skip-invalid REJECTS.csv imports the good rows and writes the bad ones there with their reasons (that file \
            holds the rows' personal data: keep it as safe as the input). One audit entry per imported person. \
            A progress line is shown on a terminal.
            """)
    @Argument(help: "The CSV file.", completion: .file()) var file: String
    @OptionGroup var why: PurposeOption
    @Option(name: .long, help: ArgumentHelp(
        "Import the good rows and write the bad ones here.", valueName: "REJECTS.csv"),
        completion: .file())
    var skipInvalid: String?
    @OptionGroup var options: VaultOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let session = try options.session()
        let started = Date()
        let terminal = isatty(STDERR_FILENO) == 1
        let size = ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.doubleValue ?? 0
        let report = try session.importPersons(
            from: URL(fileURLWithPath: file), purpose: why.purpose, rejects: skipInvalid.map { URL(fileURLWithPath: $0) },
            progress: { count, bytesRead in
                guard terminal, count % 500 == 0 else { return }
                let elapsed = max(Date().timeIntervalSince(started), 0.001)
                let rate = Double(count) / elapsed
                // Time left from the share of the file read so far (rows vary little in length).
                let left = bytesRead > 0 && size > 0 ? elapsed * (size - Double(bytesRead)) / Double(bytesRead) : 0
                FileHandle.standardError.write(Data(String(format: "\r%d rows imported, %.0f rows/s, about %.0f s left   ", count, rate, max(left, 0)).utf8))
            })
        if terminal { FileHandle.standardError.write(Data("\r".utf8)) }
        if output.json { return try Output.json(report) }
        print("Imported \(report.imported.count) persons\(report.rejected.isEmpty ? "" : "; \(report.rejected.count) problems in rejected rows, written to \(skipInvalid ?? "-")").")
        report.rejected.forEach { print("  \($0)") }
    }
}
