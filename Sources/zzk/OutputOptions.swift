import ArgumentParser
import Foundation
import ZZKVault

/// Every form a command's output can take. `text` is the human form of a command that reports
/// (sentences, aligned tables); `md` and `html` are documents; `json` and `csv` are for programs.
/// A command offers some of them, its human form first (the default).
enum OutputFormat: String, CaseIterable, Sendable {
    case text, md, html, json, csv
}

/// Which ``OutputFormat``s a command offers, the default first.
protocol OutputFormats {
    static var offered: [OutputFormat] { get }
}

/// A command that reports: text (default) or JSON. Most commands.
enum TextOrJSON: OutputFormats { static let offered: [OutputFormat] = [.text, .json] }
/// A table for people that programs may also read as CSV.
enum TextJSONOrCSV: OutputFormats { static let offered: [OutputFormat] = [.text, .json, .csv] }
/// A document (Markdown by default) whose facts are also offered as JSON.
enum DocumentOrJSON: OutputFormats { static let offered: [OutputFormat] = [.md, .html, .json] }
/// A document only, Markdown by default.
enum MarkdownOrHTML: OutputFormats { static let offered: [OutputFormat] = [.md, .html] }
/// A document only, printable HTML by default.
enum HTMLOrMarkdown: OutputFormats { static let offered: [OutputFormat] = [.html, .md] }
/// A table for spreadsheets (CSV by default) or JSON.
enum CSVOrJSON: OutputFormats { static let offered: [OutputFormat] = [.csv, .json] }
/// The policy matrix: a document, a spreadsheet or JSON.
enum MatrixFormats: OutputFormats { static let offered: [OutputFormat] = [.md, .csv, .json, .html] }

/// The one machine-output convention (docs/cli.md, "Output"): `--format VALUE` with the values
/// the command offers, `--json` short for `--format json`, and `--utc` for times in UTC instead
/// of Polish local time. A value the command does not offer is refused (exit 2) naming those it does.
struct FormatOptions<Formats: OutputFormats>: ParsableArguments {
    @Option(name: .customLong("format"), help: ArgumentHelp(FormatOptions.formatHelp, valueName: "FORMAT"),
            completion: .list(Formats.offered.map(\.rawValue)))
    var formatName: String?

    @Flag(name: .customLong("json"), help: ArgumentHelp(
        "Short for --format json: JSON with stable keys, times in UTC (see docs/cli.md).",
        visibility: Formats.offered.contains(.json) ? .default : .private))
    var jsonFlag = false

    @Flag(name: .long, help: ArgumentHelp(
        "Show times in UTC (ISO 8601, YYYY-MM-DDTHH:MM:SSZ) instead of Polish local time.",
        visibility: Formats.offered.contains(.text) ? .default : .private))
    var utc = false

    init() {}

    static var formatHelp: String {
        let names = Formats.offered.map(\.rawValue)
        return "\(names[0]) (default)" + (names.count == 2 ? " or \(names[1])" : ", "
            + names.dropFirst().dropLast().joined(separator: ", ") + " or \(names.last!)") + "."
    }

    static var offeredList: String {
        let names = Formats.offered.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }

    /// The `--format` value, when it is one the command offers.
    var format: OutputFormat? {
        formatName.flatMap { OutputFormat(rawValue: $0.lowercased()) }
            .flatMap { Formats.offered.contains($0) ? $0 : nil }
    }

    func validate() throws {
        if let formatName, format == nil {
            throw ValidationError("--format \(formatName): this command prints \(Self.offeredList)")
        }
        guard jsonFlag else { return }
        guard Formats.offered.contains(.json) else {
            throw ValidationError("--json: this command prints \(Self.offeredList), not JSON; choose with --format")
        }
        if let format, format != .json {
            throw ValidationError(
                "--json is short for --format json; give one of --json and --format \(format.rawValue)")
        }
    }

    /// The format asked for, or the command's default.
    var chosen: OutputFormat { jsonFlag ? .json : format ?? Formats.offered[0] }

    /// Whether to print JSON.
    var json: Bool { chosen == .json }

    /// How to show times in text output.
    var times: TimeDisplay { TimeDisplay(utc: utc) }
}

/// `--format text|json` (and `--json`, `--utc`): what most commands take.
typealias OutputOptions = FormatOptions<TextOrJSON>

/// How the human (text) output shows an instant: Polish local time to the minute by default
/// (`2026-03-05 14:07`, Europe/Warsaw, summer time included), or UTC to the second with `--utc`
/// (`2026-03-05T13:07:12Z`). JSON keeps the stored UTC timestamps with milliseconds.
struct TimeDisplay: Sendable {
    var utc = false

    func string(_ date: Date) -> String {
        utc ? String(Timestamp.string(date).prefix(19)) + "Z" : CalendarDate.localTime(date)
    }

    /// A stored timestamp (`2026-03-05T13:07:12.345Z`); any other text (a day, a dash) unchanged.
    func string(_ timestamp: String) -> String {
        Timestamp.date(timestamp).map(string) ?? timestamp
    }

    func string(_ timestamp: String?, none: String = "-") -> String {
        timestamp.map { string($0) } ?? none
    }
}
